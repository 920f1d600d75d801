// imssim mikey decode|encode: MIKEY messages to JSON and back, with optional verification.
//
//   imssim mikey decode [--hex|--base64] [--psk HEX] [--tgk HEX] [--request FILE] INPUT|-
//   imssim mikey encode [--base64|--out FILE] FILE.json|-
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

#include "common/hex.h"
#include "nodes/proto/mikey/analysis.h"
#include "nodes/proto/mikey/codec.h"
#include "nodes/proto/mikey/describe.h"
#include "tools/imssim/commands.h"
#include "tools/imssim/mikey_json.h"

namespace imssim::cli {
namespace {

using json = nlohmann::json;
using namespace imssim::mikey;

struct DecodeOptions {
  std::string input;
  bool hex = false;
  bool base64 = false;
  std::string psk, tgk, request;
};

Result<std::string> read_all(const std::string& path) {
  if (path == "-") {
    std::ostringstream s;
    s << std::cin.rdbuf();
    return s.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(path + ": cannot open");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string trim(std::string s) {
  auto ws = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!s.empty() && ws(s.back())) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && ws(s[i])) ++i;
  return s.substr(i);
}

Result<Bytes> read_message(const std::string& path, bool hex, bool base64) {
  auto text = read_all(path);
  if (!text) return Unexpected{text.error()};
  if (hex) {
    auto b = from_hex(trim(*text));
    if (!b) return fail(path + ": not hex: " + b.error().message);
    return *b;
  }
  if (base64) {
    auto b = from_base64(trim(*text));
    if (!b) return fail(path + ": not base64: " + b.error().message);
    return *b;
  }
  return to_bytes(*text);
}

Result<Bytes> key_option(const std::string& name, const std::string& value) {
  auto b = from_hex(value);
  if (!b || b->empty()) return fail("--" + name + ": expected a non-empty hex key");
  return *b;
}

json keys_json(const MessageKeys& k) {
  return {{"encr_key", to_hex(k.encr_key)}, {"auth_key", to_hex(k.auth_key)}, {"salt_key", to_hex(k.salt_key)}};
}

// Crypto session ids of the header map (RFC 3830 §6.1.1: SRTP-ID entries are numbered from 1).
std::vector<std::uint8_t> cs_ids(const Header& h) {
  std::vector<std::uint8_t> ids;
  if (h.map_type == CsIdMapType::kSrtpId)
    for (std::size_t i = 0; i < h.srtp_map.size(); ++i) ids.push_back(std::uint8_t(i + 1));
  if (h.map_type == CsIdMapType::kGenericId)
    for (const auto& e : h.generic_map) ids.push_back(e.cs_id);
  return ids;
}

// Adds "analysis": derived message keys, MAC check, decrypted KEMAC, traffic keys. Returns
// false if a check failed (exit 1).
Result<bool> analyse(const Message& m, ByteView wire, const DecodeOptions& o, json& out) {
  json a;
  bool ok = true;
  std::optional<ExchangeBinding> binding;
  if (!o.psk.empty()) {
    auto key = key_option("psk", o.psk);
    if (!key) return Unexpected{key.error()};
    std::optional<Message> req_msg;
    Bytes req_wire;
    if (!is_initiating(m.header.data_type)) {
      if (o.request.empty())
        return fail("--psk on a " + data_type_name(std::uint8_t(m.header.data_type)) +
                    " needs --request FILE (the message it answers, same input format)");
      auto req = read_message(o.request, o.hex, o.base64);
      if (!req) return Unexpected{req.error()};
      auto rm = decode(*req);
      if (!rm) return fail(o.request + ": " + rm.error().message);
      req_msg = std::move(*rm);
      req_wire = std::move(*req);
    }
    auto b = binding_from_message(req_msg ? *req_msg : m, req_msg ? ByteView(req_wire) : wire, *key);
    if (!b) return fail(b.error().message);
    binding = std::move(*b);
    a["message_keys"] = keys_json(binding->keys);
    auto mac = verify_message_mac(wire, m, *binding);
    a["mac_ok"] = mac.ok();
    if (!mac.ok()) {
      a["mac_error"] = mac.error().message;
      ok = false;
    }
    auto keys = open_kemac(m, *binding);
    if (keys) {
      a["key_data"] = json::array();
      for (const auto& k : *keys) a["key_data"].push_back(key_data_to_json(k));
    } else {
      a["kemac_error"] = keys.error().message;
      ok = false;
    }
  }
  // Traffic keys: from --tgk, or from the TGKs the KEMAC carried.
  std::vector<Bytes> tgks;
  if (!o.tgk.empty()) {
    auto tgk = key_option("tgk", o.tgk);
    if (!tgk) return Unexpected{tgk.error()};
    tgks.push_back(*tgk);
  } else if (a.contains("key_data")) {
    for (const auto& k : a["key_data"])
      if (k["type"] == 0 || k["type"] == 1) tgks.push_back(*from_hex(k["key"].get<std::string>()));
  }
  if (!tgks.empty()) {
    ByteView rand;
    if (binding) rand = binding->rand;
    else if (const auto* r = m.find<RandPayload>()) rand = r->rand;
    else if (const auto* rr = m.find<RandrPayload>()) rand = rr->rand;
    if (rand.empty()) return fail("--tgk: the message has no RAND to derive traffic keys with");
    a["traffic_keys"] = json::array();
    for (const auto& tgk : tgks)
      for (auto cs : cs_ids(m.header)) {
        auto tk = derive_traffic_keys(m.header.prf, tgk, cs, m.header.csb_id, rand);
        if (!tk) return fail(tk.error().message);
        a["traffic_keys"].push_back({{"cs_id", cs}, {"tek", to_hex(tk->tek)}, {"salt", to_hex(tk->salt)}});
      }
  }
  if (!a.empty()) out["analysis"] = a;
  return ok;
}

int run_decode(const DecodeOptions& o) {
  auto wire = read_message(o.input, o.hex, o.base64);
  if (!wire) {
    std::cerr << "imssim mikey decode: " << wire.error().message << "\n";
    return kExitBadInput;
  }
  auto m = decode(*wire);
  if (!m) {
    std::cerr << "imssim mikey decode: " << o.input << ": " << m.error().message << " ["
              << to_string(m.error().kind) << " at offset " << m.error().offset << "]\n";
    return kExitBadInput;
  }
  json out = message_to_json(*m);
  out["length"] = wire->size();
  auto checked = analyse(*m, *wire, o, out);
  if (!checked) {
    std::cerr << "imssim mikey decode: " << checked.error().message << "\n";
    return kExitBadInput;
  }
  std::cout << out.dump(2) << "\n";
  return *checked ? kExitOk : kExitFailed;
}

int run_encode(const std::string& input, bool base64, const std::string& out_path) {
  auto text = read_all(input);
  if (!text) {
    std::cerr << "imssim mikey encode: " << text.error().message << "\n";
    return kExitBadInput;
  }
  json j = json::parse(*text, nullptr, false);
  if (j.is_discarded()) {
    std::cerr << "imssim mikey encode: " << input << ": not valid JSON\n";
    return kExitBadInput;
  }
  auto m = message_from_json(j);
  if (!m) {
    std::cerr << "imssim mikey encode: " << input << ": " << m.error().message << "\n";
    return kExitBadInput;
  }
  auto wire = encode(*m);
  if (!wire) {
    std::cerr << "imssim mikey encode: " << input << ": " << wire.error().message << "\n";
    return kExitBadInput;
  }
  if (!out_path.empty()) {
    std::ofstream f(out_path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(wire->data()), std::streamsize(wire->size()));
    if (!f) {
      std::cerr << "imssim mikey encode: " << out_path << ": cannot write\n";
      return kExitBadInput;
    }
    return kExitOk;
  }
  std::cout << (base64 ? to_base64(*wire) : to_hex(*wire)) << "\n";
  return kExitOk;
}

}  // namespace

void add_mikey_command(CLI::App& app, int& exit_code) {
  auto* mikey = app.add_subcommand("mikey", "Decode and encode MIKEY (RFC 3830/6043) messages");
  mikey->require_subcommand(1);

  auto o = std::make_shared<DecodeOptions>();
  auto* dec = mikey->add_subcommand("decode", "Print a MIKEY message as JSON (every field)");
  dec->add_option("input", o->input, "message file (binary unless --hex/--base64), - for stdin")
      ->required();
  auto* hex_flag = dec->add_flag("--hex", o->hex, "input is hex text");
  dec->add_flag("--base64", o->base64, "input is base64 text (as in SDP a=key-mgmt)")
      ->excludes(hex_flag);
  dec->add_option("--psk", o->psk, "pre-shared key (or MPK) in hex: verify the MAC, decrypt KEMAC");
  dec->add_option("--tgk", o->tgk, "TGK in hex: derive TEK and salt for every crypto session");
  dec->add_option("--request", o->request, "for a response: the request it answers (same format)");
  dec->callback([o, &exit_code] { exit_code = run_decode(*o); });

  auto in = std::make_shared<std::string>();
  auto b64 = std::make_shared<bool>(false);
  auto out = std::make_shared<std::string>();
  auto* enc = mikey->add_subcommand("encode", "Encode a JSON message (as printed by decode)");
  enc->add_option("input", *in, "JSON file, - for stdin")->required();
  auto* b64_flag = enc->add_flag("--base64", *b64, "print base64 instead of hex");
  enc->add_option("--out", *out, "write the binary message to this file")->excludes(b64_flag);
  enc->callback([in, b64, out, &exit_code] { exit_code = run_encode(*in, *b64, *out); });
}

}  // namespace imssim::cli
