#include "nodes/keymgmt/mikey_client.h"

#include <algorithm>

#include "nodes/keymgmt/constants.h"
#include "nodes/keymgmt/steps.h"
#include "nodes/proto/mikey/describe.h"
#include "nodes/proto/mikey/psk_messages.h"

namespace imssim::keymgmt {
namespace {

using mikey::DataType;

constexpr std::size_t kRandBytes = 16;  // RFC 3830 §6.11: at least 128 bits

// CSB ID from the fixed MIKEY header (RFC 3830 §6.1: bytes 4-7), to match a response.
std::optional<std::uint32_t> csb_id_of(ByteView wire) {
  if (wire.size() < 8) return std::nullopt;
  return std::uint32_t(wire[4]) << 24 | std::uint32_t(wire[5]) << 16 | std::uint32_t(wire[6]) << 8 |
         wire[7];
}

std::string error_names(const mikey::ErrorMessage& e) {
  std::string s;
  for (auto no : e.errors) s += (s.empty() ? "" : ", ") + mikey::error_name(no);
  return s;
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

mikey::TicketHeader MikeyClient::fresh_header() {
  mikey::TicketHeader h;
  auto& rng = env_.rng("mikey-csb");
  do h.csb_id = rng.next_u32();
  while (pending_.count(h.csb_id));
  return h;
}

// The fields REQUEST_INIT and RESOLVE_INIT share, the binding (which holds the wire as built),
// then the first transmission.
template <typename Init>
void MikeyClient::send_init(Init& m, Pending p, int step, std::string_view what) {
  m.header = fresh_header();
  auto t = mikey::make_timestamp(mikey::TsType::kNtpUtc, env_.now(), config_.epoch);
  if (!t) return p.done(fail("MIKEY timestamp: " + t.error().message), {});
  m.t = *t;
  m.kms = mikey::Identity::uri(config_.kms_uri);
  m.psk_id = mikey::Identity{std::uint8_t(mikey::IdType::kByteString), to_bytes(config_.btid)};
  auto binding = mikey::binding_of(m, config_.ks_naf);
  if (binding && binding->init_wire.empty())
    binding = mikey::mikey_fail(mikey::MikeyError::Kind::kBadValue, 0, "the message does not build");
  if (!binding) return p.done(fail("building " + std::string(what) + ": " + binding.error().message), {});
  if (env_.tracing())
    env_.trace_step(step, p.is_request ? "UE asks the KMS for a key and key-id"
                                       : "UE asks the KMS for the key-id's key");
  p.wire = binding->init_wire;
  p.binding = std::move(*binding);
  start(std::move(p), "MIKEY " + std::string(what));
}

void MikeyClient::request_key(const std::vector<std::string>& receivers, KeyCallback done) {
  mikey::RequestInit m;
  m.rand_i = env_.rng("mikey-rand").bytes(kRandBytes);
  m.initiator = mikey::Identity::uri(config_.impu);
  for (const auto& r : receivers) m.responders.push_back(mikey::Identity::uri(r));
  m.tp = mikey::key_id_ticket({}).policy;
  Pending p;
  p.done = std::move(done);
  send_init(m, std::move(p), kStepKeyRequest, "REQUEST_INIT");
}

void MikeyClient::resolve_key(ByteView key_id, KeyCallback done) {
  mikey::ResolveInit m;
  m.rand_r = env_.rng("mikey-rand").bytes(kRandBytes);
  m.responder = mikey::Identity::uri(config_.impu);
  m.ticket = mikey::key_id_ticket(key_id);
  Pending p;
  p.is_request = false;
  p.key_id.assign(key_id.begin(), key_id.end());
  p.done = std::move(done);
  send_init(m, std::move(p), kStepResolveRequest, "RESOLVE_INIT");
}

void MikeyClient::start(Pending p, const std::string& label) {
  std::uint32_t id = p.binding.csb_id;
  p.started = env_.now();
  p.next_interval = kRetransmitFirst;
  ++counters_.requests_sent;
  counters_.bytes_sent += p.wire.size();
  p.stats.bytes_sent += p.wire.size();
  p.stats.request = p.wire;
  socket_->send_to(config_.kms, p.wire, label);
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
    counters_.bytes_sent += p.wire.size();
    ++p.stats.retransmissions;
    p.stats.bytes_sent += p.wire.size();
    socket_->send_to(config_.kms, p.wire, "MIKEY (retransmission)");
    p.next_interval = std::min(p.next_interval * 2, kRetransmitCap);
  }
  p.timer = env_.start_timer(p.next_interval, [this, csb_id] { transmit(csb_id, false); });
}

void MikeyClient::on_datagram(ByteView wire) {
  auto id = csb_id_of(wire);
  auto it = id ? pending_.find(*id) : pending_.end();
  if (it == pending_.end()) return;  // late duplicate of an answered request, or noise
  auto result = read_response(it->second, wire);
  if (!result) return;
  ++counters_.round_trips;
  counters_.bytes_received += wire.size();
  ++it->second.stats.round_trips;
  it->second.stats.bytes_received += wire.size();
  if (!*result) ++counters_.failures;
  finish(*id, std::move(*result));
}

std::optional<Result<MediaKey>> MikeyClient::read_response(const Pending& p, ByteView wire) {
  mikey::Freshness f{env_.now(), config_.epoch, kMaxClockSkew, &replay_};
  if (wire.size() >= 2 && wire[1] == std::uint8_t(DataType::kError)) {
    auto signed_err = mikey::parse_error(wire, &p.binding, f);
    if (signed_err) return fail("KMS refused: " + error_names(*signed_err));
    auto unsigned_err = mikey::parse_error(wire, nullptr, f);
    if (unsigned_err) return fail("KMS refused (unsigned error): " + error_names(*unsigned_err));
    return std::nullopt;
  }
  Bytes key_id, tgk, mpk;
  auto pick_tgk = [&](const std::vector<mikey::KeyData>& keys) {
    for (const auto& k : keys) {
      if (k.type == mikey::KeyDataType::kTgk) tgk = k.key;
      if (k.type == mikey::KeyDataType::kMpk) mpk = k.key;
    }
  };
  if (p.is_request) {
    auto r = mikey::parse_request_resp(wire, p.binding, f);
    if (!r) return std::nullopt;
    key_id = r->ticket.ticket_data;
    pick_tgk(r->keys);
  } else {
    auto r = mikey::parse_resolve_resp(wire, p.binding, f);
    if (!r) return std::nullopt;
    key_id = p.key_id;
    pick_tgk(r->keys);
  }
  if (tgk.empty()) return fail("the KMS response carries no TGK");
  auto key = make_media_key(key_id, tgk);
  if (key) key->mpk = std::move(mpk);
  return key;
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
