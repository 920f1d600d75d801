// imssim sip check FILE: strict parse of one SIP message (RFC 3261, via sofia-sip) and, for an
// SDP body, its RFC 4567 key-mgmt attributes. Prints a JSON summary; exit 0 valid, 1 invalid
// (the reason on stderr), 2 unreadable input.
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "nodes/proto/sip/message.h"
#include "nodes/proto/sip/sdp.h"
#include "tools/imssim/commands.h"

namespace imssim::cli {

namespace {

struct SipCheckOptions {
  std::string input;
  bool stream = false;
};

int run_check(const SipCheckOptions& o) {
  std::string text;
  if (o.input == "-") {
    std::stringstream s;
    s << std::cin.rdbuf();
    text = s.str();
  } else {
    std::ifstream in(o.input, std::ios::binary);
    if (!in) {
      std::cerr << "sip check: cannot read " << o.input << "\n";
      return kExitBadInput;
    }
    std::stringstream s;
    s << in.rdbuf();
    text = s.str();
  }
  sip::ParseOptions options;
  options.transport = o.stream ? sip::Transport::kStream : sip::Transport::kDatagram;
  auto m = sip::Message::parse(text, options);
  nlohmann::ordered_json j;
  if (!m) {
    j["valid"] = false;
    j["reason"] = m.error().message;
    j["answer"] = m.error().status;  // 0: drop silently
    std::cout << j.dump(2) << "\n";
    std::cerr << "sip check: " << m.error().message << "\n";
    return kExitFailed;
  }
  j["valid"] = true;
  if (m->is_request()) {
    j["method"] = m->method();
    j["request_uri"] = m->request_uri();
  } else {
    j["status"] = m->status();
    j["reason"] = m->reason();
  }
  j["call_id"] = m->call_id();
  j["cseq"] = m->cseq();
  j["cseq_method"] = m->cseq_method();
  j["from"] = m->from_uri();
  j["to"] = m->to_uri();
  j["body_bytes"] = m->body().size();
  if (m->discarded_octets()) j["discarded_octets"] = m->discarded_octets();
  j["key_mgmt"] = false;
  if (m->content_type() == "application/sdp") {
    auto sdp = sip::parse_sdp(m->body());
    if (!sdp) {
      j["valid"] = false;
      j["reason"] = sdp.error().message;
      std::cout << j.dump(2) << "\n";
      std::cerr << "sip check: " << sdp.error().message << "\n";
      return kExitFailed;
    }
    nlohmann::ordered_json keys = nlohmann::ordered_json::array();
    auto add = [&keys](const sip::KeyMgmt& k, const std::string& level) {
      keys.push_back({{"level", level}, {"protocol", k.protocol}, {"bytes", k.data.size()}});
    };
    for (const auto& k : sdp->key_mgmt) add(k, "session");
    for (std::size_t i = 0; i < sdp->media.size(); ++i)
      for (const auto& k : sdp->media[i].key_mgmt) add(k, "media " + std::to_string(i));
    j["key_mgmt"] = !keys.empty();
    if (!keys.empty()) j["key_mgmt_attributes"] = keys;
  }
  std::cout << j.dump(2) << "\n";
  return kExitOk;
}

}  // namespace

void add_sip_command(CLI::App& app, int& exit_code) {
  auto* sip = app.add_subcommand("sip", "Check SIP messages (RFC 3261) and their SDP key-mgmt");
  sip->require_subcommand(1);
  auto o = std::make_shared<SipCheckOptions>();
  auto* check = sip->add_subcommand("check", "Strictly parse one SIP message; JSON summary");
  check->add_option("input", o->input, "message file, - for stdin")->required();
  check->add_flag("--stream", o->stream,
                  "framing of a stream transport: Content-Length must match exactly");
  check->callback([o, &exit_code] { exit_code = run_check(*o); });
}

}  // namespace imssim::cli
