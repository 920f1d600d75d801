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
                                 const std::string& callee, mikey::NtpEpoch epoch) {
  if (key.mpk.empty()) return fail("key transfer: the KMS issued no MPK with key-id");
  mikey::TransferInit m;
  m.header.csb_id = env.rng("mikey-csb").next_u32();
  m.want_verify = false;  // the 200 OK is the answer; no TRANSFER_RESP in this variant
  auto t = mikey::make_timestamp(mikey::TsType::kNtpUtc, env.now(), epoch);
  if (!t) return fail("key transfer timestamp: " + t.error().message);
  m.t = *t;
  m.rand_i = env.rng("mikey-rand").bytes(16);
  m.initiator = mikey::Identity::uri(caller);
  m.responder = mikey::Identity::uri(callee);
  m.ticket = mikey::key_id_ticket(key.key_id);
  auto wire = mikey::build_transfer_init(m, key.mpk);
  if (!wire) return fail("building TRANSFER_INIT: " + wire.error().message);
  return std::move(*wire);
}

Result<KeyTransferInfo> read_key_transfer(ByteView wire) {
  auto m = mikey::peek_transfer_init(wire);
  if (!m) return fail("key-mgmt MIKEY: " + m.error().message);
  if (m->ticket.policy.ticket_type != std::uint16_t(mikey::TicketType::kImssimKeyId))
    return fail("key-mgmt MIKEY: TICKET type " + std::to_string(m->ticket.policy.ticket_type) +
                " is not a KMS key-id");
  return KeyTransferInfo{m->ticket.ticket_data, text(m->initiator)};
}

Result<Ok> verify_key_transfer(ByteView wire, const MediaKey& key, Time now,
                               mikey::NtpEpoch epoch) {
  mikey::Freshness f{now, epoch, kMaxClockSkew, nullptr};
  auto v = mikey::parse_transfer_init(wire, key.mpk, f);
  if (!v) return fail("key-mgmt MIKEY does not verify with the resolved key: " + v.error().message);
  if (v->message.ticket.ticket_data != key.key_id)
    return fail("key-mgmt MIKEY names another key-id than the one resolved");
  return Ok{};
}

}  // namespace imssim::keymgmt
