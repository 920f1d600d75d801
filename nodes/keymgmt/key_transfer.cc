#include "nodes/keymgmt/key_transfer.h"

#include "nodes/keymgmt/constants.h"
#include "nodes/proto/mikey/ticket_messages.h"

namespace imssim::keymgmt {
namespace {

std::string text(const std::optional<mikey::Identity>& id) {
  return id ? std::string(id->id.begin(), id->id.end()) : std::string();
}

}  // namespace

Result<Bytes> build_key_transfer(Environment& env, const MediaKey& key, const std::string& caller,
                                 const std::string& callee, bool want_verify,
                                 mikey::NtpEpoch epoch) {
  if (key.mpk.empty()) return fail("key transfer: the KMS issued no MPK with the key");
  mikey::TransferInit m;
  m.header.csb_id = env.rng("mikey-csb").next_u32();
  m.want_verify = want_verify;
  auto t = mikey::make_timestamp(mikey::TsType::kNtpUtc, env.now(), epoch);
  if (!t) return fail("key transfer timestamp: " + t.error().message);
  m.t = *t;
  m.rand_i = env.rng("mikey-rand").bytes(16);
  m.initiator = mikey::Identity::uri(caller);
  m.responder = mikey::Identity::uri(callee);
  m.ticket = key.ticket.empty() ? mikey::key_id_ticket(key.key_id)
                                : mikey::kms_ticket(mikey::TicketType::kImssimSealed, key.ticket);
  auto wire = mikey::build_transfer_init(m, key.mpk);
  if (!wire) return fail("building TRANSFER_INIT: " + wire.error().message);
  return std::move(*wire);
}

Result<KeyTransferInfo> read_key_transfer(ByteView wire) {
  auto m = mikey::peek_transfer_init(wire);
  if (!m) return fail("key-mgmt MIKEY: " + m.error().message);
  auto type = m->ticket.policy.ticket_type;
  bool sealed = type == std::uint16_t(mikey::TicketType::kImssimSealed);
  if (!sealed && type != std::uint16_t(mikey::TicketType::kImssimKeyId))
    return fail("key-mgmt MIKEY: TICKET type " + std::to_string(type) +
                " is neither a KMS key-id nor a KMS ticket");
  return KeyTransferInfo{m->ticket.ticket_data, sealed, m->want_verify, text(m->initiator)};
}

Result<mikey::ExchangeBinding> verify_key_transfer(ByteView wire, const MediaKey& key, Time now,
                                                   mikey::NtpEpoch epoch, Time max_age) {
  mikey::Freshness f{now, epoch, max_age, nullptr};
  auto v = mikey::parse_transfer_init(wire, key.mpk, f);
  if (!v) return fail("key-mgmt MIKEY does not verify with the resolved key: " + v.error().message);
  if (v->message.ticket.ticket_data != key.reference())
    return fail("key-mgmt MIKEY names another key than the one resolved");
  return std::move(v->binding);
}

Result<Bytes> build_transfer_answer(Environment& env, const mikey::ExchangeBinding& transfer,
                                    const std::string& callee, mikey::NtpEpoch epoch) {
  mikey::TransferResp m;
  m.header.csb_id = transfer.csb_id;
  m.header.prf = transfer.prf;
  auto t = mikey::make_timestamp(mikey::TsType::kNtpUtc, env.now(), epoch);
  if (!t) return fail("TRANSFER_RESP timestamp: " + t.error().message);
  m.t = *t;
  m.responder = mikey::Identity::uri(callee);
  m.rand_r = env.rng("mikey-rand").bytes(16);  // RFC 3830 §6.11: at least 128 bits
  auto wire = mikey::build_transfer_resp(m, transfer);
  if (!wire) return fail("building TRANSFER_RESP: " + wire.error().message);
  return std::move(*wire);
}

Result<Ok> verify_transfer_answer(ByteView answer, ByteView transfer_init, const MediaKey& key,
                                  Time now, mikey::NtpEpoch epoch) {
  if (answer.empty()) return fail("the answer carries no TRANSFER_RESP");
  mikey::Freshness f{now, epoch, kMaxClockSkew, nullptr};
  auto init = mikey::peek_transfer_init(transfer_init);
  if (!init) return fail("our own TRANSFER_INIT: " + init.error().message);
  auto binding = mikey::binding_of(*init, key.mpk);
  if (!binding) return fail("our own TRANSFER_INIT: " + binding.error().message);
  auto r = mikey::parse_transfer_resp(answer, *binding, f);
  if (!r) return fail("TRANSFER_RESP does not verify: " + r.error().message);
  return Ok{};
}

}  // namespace imssim::keymgmt
