#include "tests/mikey/samples.h"

#include "common/hex.h"
#include "nodes/proto/mikey/psk_messages.h"
#include "nodes/proto/mikey/ticket_messages.h"

namespace imssim::mikey::testing {

std::vector<Sample> generated_samples() {
  using namespace time_literals;
  Bytes psk = *from_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  Bytes mpk = *from_hex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
  auto ts = [](Time t) { return *make_timestamp(TsType::kNtpUtc, t, default_epoch()); };
  SpPayload sp{0, 0, {{0, {1}}, {1, {16}}, {2, {1}}, {3, {20}}, {4, {14}}, {11, {10}}}};
  std::vector<Sample> out;

  PskInit pi;
  pi.csb_id = 0x11223344;
  pi.want_verify = true;
  pi.sessions = {{0, 0xDEADBEEF, 0}};
  pi.t = ts(100_s);
  pi.rand = Bytes(16, 0x5A);
  pi.idi = IdPayload{1, to_bytes("sip:alice@ims.example")};
  pi.idr = IdPayload{1, to_bytes("sip:bob@ims.example")};
  pi.policies = {sp};
  pi.keys = {KeyData{KeyDataType::kTgk, KvType::kSpi, Bytes(16, 0x77), {}, *from_hex("00000001"), {}, {}}};
  out.push_back({"psk_init", *build_psk_init(pi, psk), psk, ""});
  auto pb = *psk_init_binding(pi, psk);
  out.push_back({"psk_verify", *build_psk_verify(PskVerify{ts(100_s + 5_ms), pi.idr}, pb), psk, "psk_init"});
  out.push_back({"error", *build_error(ErrorMessage{pi.csb_id, PrfFunc::kMikey1, ts(100_s), {0, 12}}, &pb), psk,
                 "psk_init"});

  RequestInit ri;
  ri.header.csb_id = 0x0BADCAFE;
  ri.t = ts(100_s);
  ri.rand_i = Bytes(16, 0x31);
  ri.initiator = Identity::uri("sip:alice@ims.example");
  ri.kms = Identity::uri("kms.ims.example");
  ri.responders = {Identity::uri("sip:bob@ims.example"), Identity::uri("sip:friends@ims.example")};
  ri.policies = {sp};
  ri.psk_id = Identity{std::uint8_t(IdType::kByteString), to_bytes("btid-alice@bsf.ims.example")};
  ri.tp = key_id_ticket({}).policy;
  out.push_back({"request_init", *build_request_init(ri, psk), psk, ""});
  RequestResp rr;
  rr.header.csb_id = ri.header.csb_id;
  rr.t = ts(100_s + 1_ms);
  rr.kms = ri.kms;
  rr.ticket = key_id_ticket(to_bytes("key-0001"));
  rr.keys = {KeyData{KeyDataType::kTgk, KvType::kSpi, Bytes(16, 0xE1), {}, *from_hex("00000042"), {}, {}},
             KeyData{KeyDataType::kMpk, KvType::kNull, mpk, {}, {}, {}, {}}};
  out.push_back({"request_resp", *build_request_resp(rr, *binding_of(ri, psk)), psk, "request_init"});

  ResolveInit si;
  si.header.csb_id = 0x0BADCAFF;
  si.t = ts(100_s + 50_ms);
  si.rand_r = Bytes(16, 0x41);
  si.responder = Identity::uri("sip:bob@ims.example");
  si.kms = Identity::uri("kms.ims.example");
  si.ticket = rr.ticket;
  out.push_back({"resolve_init", *build_resolve_init(si, psk), psk, ""});
  ResolveResp sr;
  sr.header.csb_id = si.header.csb_id;
  sr.t = ts(100_s + 51_ms);
  sr.kms = si.kms;
  sr.initiator = ri.initiator;
  sr.keys = rr.keys;
  out.push_back({"resolve_resp", *build_resolve_resp(sr, *binding_of(si, psk)), psk, "resolve_init"});

  TransferInit ti;
  ti.header.csb_id = 0x01020304;
  ti.header.map_type = CsIdMapType::kSrtpId;
  ti.header.srtp_map = {{0, 0xCAFED00D, 0}};
  ti.t = ts(100_s + 20_ms);
  ti.rand_i = Bytes(16, 0x51);
  ti.initiator = ri.initiator;
  ti.responder = Identity::uri("sip:bob@ims.example");
  ti.policies = {sp};
  ti.ticket = TicketPayload{TicketPolicy{1, 0, 1, 0, 0x0001, {}, 0}, Bytes(32, 0x99), {}};
  out.push_back({"transfer_init", *build_transfer_init(ti, mpk), mpk, ""});
  TransferResp tr;
  tr.header = ti.header;
  tr.t = ts(100_s + 80_ms);
  tr.responder = ti.responder;
  tr.rand_r = Bytes(16, 0x61);
  out.push_back({"transfer_resp", *build_transfer_resp(tr, *binding_of(ti, mpk)), mpk, "transfer_init"});
  return out;
}

}  // namespace imssim::mikey::testing
