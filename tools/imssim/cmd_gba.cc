// `imssim gba milenage ...` and `imssim gba ks-naf ...`: the GBA computations on the command line.
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/hex.h"
#include "nodes/proto/gba/kdf.h"
#include "nodes/proto/gba/milenage.h"
#include "tools/imssim/commands.h"

namespace imssim::cli {
namespace {

// Decodes the hex value of `option`; a wrong length or digit names the option.
Result<Bytes> hex_option(const std::string& option, const std::string& text, std::size_t length) {
  auto b = from_hex(text);
  if (!b) return fail(option + ": " + b.error().message);
  if (b->size() != length)
    return fail(option + ": " + std::to_string(b->size()) + " byte(s), expected " +
                std::to_string(length) + " (" + std::to_string(2 * length) + " hex digits)");
  return b;
}

template <std::size_t N>
Result<std::array<std::uint8_t, N>> hex_array(const std::string& option, const std::string& text) {
  auto b = hex_option(option, text, N);
  if (!b) return Unexpected{b.error()};
  return gba::to_array<N>(*b, option);
}

int bad_input(const std::string& message) {
  std::cerr << "imssim gba: " << message << "\n";
  return kExitBadInput;
}

struct MilenageArgs {
  std::string k, op, opc, rand, sqn, amf;
};

Result<gba::Milenage> make_milenage(ByteView k, const MilenageArgs& a) {
  const bool from_op = !a.op.empty();
  auto second = hex_option(from_op ? "--op" : "--opc", from_op ? a.op : a.opc, gba::kKeyBytes);
  if (!second) return Unexpected{second.error()};
  return from_op ? gba::Milenage::with_op(k, *second) : gba::Milenage::with_opc(k, *second);
}

int run_milenage(const MilenageArgs& a) {
  auto k = hex_option("--k", a.k, gba::kKeyBytes);
  if (!k) return bad_input(k.error().message);
  if (a.op.empty() == a.opc.empty()) return bad_input("give exactly one of --op and --opc");
  auto m = make_milenage(*k, a);
  if (!m) return bad_input(m.error().message);
  auto rand = hex_array<gba::kRandBytes>("--rand", a.rand);
  if (!rand) return bad_input(rand.error().message);
  auto sqn = hex_array<gba::kSqnBytes>("--sqn", a.sqn);
  if (!sqn) return bad_input(sqn.error().message);
  auto amf = hex_array<gba::kAmfBytes>("--amf", a.amf);
  if (!amf) return bad_input(amf.error().message);
  const gba::MilenageOutput out = m->compute(*rand, *sqn, *amf);
  nlohmann::ordered_json j;
  j["opc"] = to_hex(m->opc());
  j["f1"] = to_hex(out.f1);
  j["f1star"] = to_hex(out.f1star);
  j["f2"] = to_hex(out.f2);
  j["f3"] = to_hex(out.f3);
  j["f4"] = to_hex(out.f4);
  j["f5"] = to_hex(out.f5);
  j["f5star"] = to_hex(out.f5star);
  std::cout << j.dump(2) << "\n";
  return kExitOk;
}

struct KsNafArgs {
  std::string ck, ik, rand, impi, naf_fqdn, bsf_domain;
  std::string ua_protocol = "0100000006";  // IMS UE <-> KMS (TS 33.220 Annex H, TS 33.328)
};

int run_ks_naf(const KsNafArgs& a) {
  auto ck = hex_array<16>("--ck", a.ck);
  if (!ck) return bad_input(ck.error().message);
  auto ik = hex_array<16>("--ik", a.ik);
  if (!ik) return bad_input(ik.error().message);
  auto rand = hex_array<gba::kRandBytes>("--rand", a.rand);
  if (!rand) return bad_input(rand.error().message);
  auto ua = hex_array<5>("--ua-protocol", a.ua_protocol);
  if (!ua) return bad_input(ua.error().message);
  if (a.impi.empty()) return bad_input("--impi: empty");
  if (a.naf_fqdn.empty()) return bad_input("--naf-fqdn: empty");
  // Without --bsf-domain, the BSF is "bsf." + the IMPI's realm (the TS 23.003 §16 pattern).
  std::string bsf_domain = a.bsf_domain;
  if (bsf_domain.empty()) {
    const auto at = a.impi.rfind('@');
    if (at == std::string::npos || at + 1 == a.impi.size())
      return bad_input("--impi \"" + a.impi + "\" has no realm; give --bsf-domain");
    bsf_domain = "bsf." + a.impi.substr(at + 1);
  }
  const Bytes naf_id = gba::naf_id(a.naf_fqdn, *ua);
  auto key = gba::ks_naf(gba::make_ks(*ck, *ik), *rand, a.impi, naf_id);
  if (!key) return bad_input(key.error().message);
  const std::string btid = gba::make_btid(*rand, bsf_domain);
  if (auto check = gba::parse_btid(btid); !check)
    return bad_input("--bsf-domain: " + check.error().message);
  nlohmann::ordered_json j;
  j["ks_naf"] = to_hex(*key);
  j["naf_id"] = to_hex(naf_id);
  j["btid"] = btid;
  std::cout << j.dump(2) << "\n";
  return kExitOk;
}

}  // namespace

void add_gba_command(CLI::App& app, int& exit_code) {
  auto* gba = app.add_subcommand("gba", "GBA computations: Milenage, Ks_NAF and B-TID");
  gba->require_subcommand(1);

  static MilenageArgs m;
  auto* mil =
      gba->add_subcommand("milenage", "Run Milenage (TS 35.206) and print every output as JSON");
  mil->add_option("--k", m.k, "Subscriber key K (32 hex digits)")->required();
  auto* op = mil->add_option("--op", m.op, "Operator variant OP (32 hex digits)");
  auto* opc = mil->add_option("--opc", m.opc, "OPc (32 hex digits)");
  op->excludes(opc);
  mil->add_option("--rand", m.rand, "RAND (32 hex digits)")->required();
  mil->add_option("--sqn", m.sqn, "SQN (12 hex digits)")->required();
  mil->add_option("--amf", m.amf, "AMF (4 hex digits)")->required();
  mil->callback([&exit_code] { exit_code = run_milenage(m); });

  static KsNafArgs k;
  auto* ks =
      gba->add_subcommand("ks-naf", "Derive Ks_NAF (TS 33.220 Annex B) and the B-TID as JSON");
  ks->add_option("--ck", k.ck, "CK (32 hex digits)")->required();
  ks->add_option("--ik", k.ik, "IK (32 hex digits)")->required();
  ks->add_option("--rand", k.rand, "RAND (32 hex digits)")->required();
  ks->add_option("--impi", k.impi, "IMPI, e.g. user@ims.example.com")->required();
  ks->add_option("--naf-fqdn", k.naf_fqdn, "FQDN of the NAF, e.g. kms.ims.example.com")->required();
  ks->add_option("--ua-protocol", k.ua_protocol,
                 "Ua security protocol identifier (10 hex digits; default 0100000006, IMS UE-KMS)");
  ks->add_option("--bsf-domain", k.bsf_domain,
                 "BSF server name for the B-TID (default bsf.<IMPI realm>)");
  ks->callback([&exit_code] { exit_code = run_ks_naf(k); });
}

}  // namespace imssim::cli
