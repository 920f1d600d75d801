#include "nodes/keymgmt/mikey_client.h"

#include <algorithm>

#include "nodes/keymgmt/constants.h"
#include "nodes/keymgmt/steps.h"

namespace imssim::keymgmt {
namespace {

// CSB ID from the fixed MIKEY header (RFC 3830 §6.1: bytes 4-7), to match a response.
std::optional<std::uint32_t> csb_id_of(ByteView wire) {
  if (wire.size() < 8) return std::nullopt;
  return std::uint32_t(wire[4]) << 24 | std::uint32_t(wire[5]) << 16 | std::uint32_t(wire[6]) << 8 |
         wire[7];
}

}  // namespace

Result<std::unique_ptr<MikeyClient>> MikeyClient::create(Environment& env,
                                                         MikeyClientConfig config) {
  auto socket = env.open_udp(0);
  if (!socket) return fail("MIKEY client: " + socket.error().message);
  return std::unique_ptr<MikeyClient>(new MikeyClient(env, std::move(config), std::move(*socket)));
}

MikeyClient::MikeyClient(Environment& env, MikeyClientConfig config,
                         std::unique_ptr<DatagramSocket> socket)
    : env_(env),
      config_(std::move(config)),
      socket_(std::move(socket)),
      replay_(kReplayCacheEntries, kMaxClockSkew) {
  socket_->on_receive([this](const Endpoint&, ByteView wire) { on_datagram(wire); });
}

MikeyClient::~MikeyClient() {
  for (auto& [id, p] : pending_) env_.cancel_timer(p.timer);
}

std::uint32_t MikeyClient::fresh_csb_id() {
  auto& rng = env_.rng("mikey-csb");
  std::uint32_t id = 0;
  do id = rng.next_u32();
  while (pending_.count(id));
  return id;
}

MikeyParty MikeyClient::party() const {
  return {config_.kms_uri, config_.impu, config_.btid, config_.ks_naf, config_.epoch};
}

void MikeyClient::request_key(const std::vector<std::string>& receivers, KeyCallback done) {
  start(prepare_request(env_, party(), fresh_csb_id(), receivers, mikey::TicketType::kImssimKeyId),
        std::move(done), kStepKeyRequest, "MIKEY REQUEST_INIT");
}

void MikeyClient::resolve_key(ByteView key_id, KeyCallback done) {
  start(prepare_resolve(env_, party(), fresh_csb_id(), key_id, mikey::TicketType::kImssimKeyId),
        std::move(done), kStepResolveRequest, "MIKEY RESOLVE_INIT");
}

void MikeyClient::start(Result<PreparedInit> init, KeyCallback done, int step,
                        const std::string& label) {
  if (!init) return done(Unexpected{init.error()}, {});
  if (env_.tracing())
    env_.trace_step(step, init->is_request ? "UE asks the KMS for a key and key-id"
                                           : "the key-id presented to the KMS");
  Pending p;
  p.init = std::move(*init);
  p.done = std::move(done);
  std::uint32_t id = p.init.binding.csb_id;
  p.started = env_.now();
  p.next_interval = kRetransmitFirst;
  ++counters_.requests_sent;
  counters_.bytes_sent += p.init.wire.size();
  p.stats.bytes_sent += p.init.wire.size();
  ++p.stats.messages_sent;
  p.stats.request = p.init.wire;
  socket_->send_to(config_.kms, p.init.wire, label);
  pending_.emplace(id, std::move(p));
  transmit(id, true);
}

// Arms the retransmission timer; on expiry resends the same bytes or gives up.
void MikeyClient::transmit(std::uint32_t csb_id, bool first) {
  auto it = pending_.find(csb_id);
  if (it == pending_.end()) return;
  Pending& p = it->second;
  if (!first) {
    if (env_.now() - p.started >= kGiveUpAfter) {
      ++counters_.failures;
      return finish(csb_id, fail("the KMS did not answer within " + kGiveUpAfter.str() + " (" +
                                 std::to_string(p.stats.retransmissions) + " retransmissions)"));
    }
    ++counters_.retransmissions;
    counters_.bytes_sent += p.init.wire.size();
    ++p.stats.retransmissions;
    ++p.stats.messages_sent;
    p.stats.bytes_sent += p.init.wire.size();
    socket_->send_to(config_.kms, p.init.wire, "MIKEY (retransmission)");
    p.next_interval = std::min(p.next_interval * 2, kRetransmitCap);
  }
  p.timer = env_.start_timer(p.next_interval, [this, csb_id] { transmit(csb_id, false); });
}

void MikeyClient::on_datagram(ByteView wire) {
  auto id = csb_id_of(wire);
  auto it = id ? pending_.find(*id) : pending_.end();
  if (it == pending_.end()) return;  // late duplicate of an answered request, or noise
  mikey::Freshness f{env_.now(), config_.epoch, kMaxClockSkew, &replay_};
  auto result = read_kms_answer(it->second.init, wire, f);
  if (!result) return;
  ++counters_.round_trips;
  counters_.bytes_received += wire.size();
  ++it->second.stats.round_trips;
  ++it->second.stats.messages_received;
  it->second.stats.bytes_received += wire.size();
  if (!*result) ++counters_.failures;
  finish(*id, std::move(*result));
}

void MikeyClient::finish(std::uint32_t csb_id, Result<MediaKey> result) {
  auto it = pending_.find(csb_id);
  if (it == pending_.end()) return;
  env_.cancel_timer(it->second.timer);
  auto done = std::move(it->second.done);
  ExchangeStats stats = it->second.stats;
  pending_.erase(it);
  done(std::move(result), stats);
}

}  // namespace imssim::keymgmt
