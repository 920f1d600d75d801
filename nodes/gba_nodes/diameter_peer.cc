#include "nodes/gba_nodes/diameter_peer.h"

#include <utility>
#include <vector>

namespace imssim::gba_nodes {

std::string describe(const diameter::Message& m) {
  const bool request = m.is_request();
  if (m.command_code == diameter::kCmdBootstrappingInfo) return request ? "Zn BIR" : "Zn BIA";
  if (m.command_code == diameter::kCmdMultimediaAuth) return request ? "Zh MAR" : "Zh MAA";
  return "Diameter " + std::to_string(m.command_code) + (request ? " request" : " answer");
}

// ---- DiameterServer ------------------------------------------------------------------------

Result<std::unique_ptr<DiameterServer>> DiameterServer::listen(Environment& env, std::uint16_t port,
                                                               Handler handler) {
  std::unique_ptr<DiameterServer> s(new DiameterServer(env, std::move(handler)));
  auto listener = env.listen_tcp(
      port, [raw = s.get()](std::unique_ptr<Stream> st) { raw->accept(std::move(st)); });
  if (!listener) return Unexpected{listener.error()};
  s->listener_ = std::move(*listener);
  return s;
}

DiameterServer::~DiameterServer() = default;

void DiameterServer::accept(std::unique_ptr<Stream> stream) {
  const std::uint64_t id = next_id_++;
  ++counters_.connections;
  auto c = std::make_unique<Connection>();
  c->stream = std::move(stream);
  c->stream->on_data([this, id](ByteView data) { on_data(id, data); });
  c->stream->on_closed([this, id](StreamClose how) {
    auto it = connections_.find(id);
    if (it == connections_.end()) return;
    // The peer finished: finish our half too, then let the stream complete on its own.
    if (how == StreamClose::kGraceful) it->second->stream->close();
    connections_.erase(it);
  });
  connections_.emplace(id, std::move(c));
}

void DiameterServer::on_data(std::uint64_t id, ByteView data) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Connection& c = *it->second;
  c.framer.feed(data);
  for (;;) {
    auto next = c.framer.next();
    if (!next) {
      // Framing is lost: nothing more on this connection can be trusted (a reset, as a
      // destroyed open stream is).
      ++counters_.bad_streams;
      if (env_.tracing()) env_.trace_note("Diameter: " + next.error().message);
      connections_.erase(it);
      return;
    }
    if (!next->has_value()) return;
    const diameter::Message& m = **next;
    if (!m.is_request()) {
      ++counters_.ignored_answers;
      continue;
    }
    ++counters_.requests;
    const diameter::Message answer = handler_(m);
    const Bytes wire = diameter::encode(answer);
    c.stream->send(wire, env_.tracing() ? describe(answer) : std::string());
  }
}

// ---- DiameterClient ------------------------------------------------------------------------

DiameterClient::DiameterClient(Environment& env, Endpoint peer, Time timeout, std::string name)
    : env_(env), peer_(peer), timeout_(timeout), name_(std::move(name)) {
  Rng& rng = env_.rng(name_ + "/diameter-ids");
  next_hop_by_hop_ = rng.next_u32();
  next_end_to_end_ = rng.next_u32();
  session_high_ = rng.next_u32();
}

DiameterClient::~DiameterClient() {
  for (auto& [id, p] : pending_) env_.cancel_timer(p.timer);
}

std::string DiameterClient::new_session_id(std::string_view origin_host) {
  return diameter::make_session_id(origin_host, session_high_, ++session_low_);
}

void DiameterClient::connect() {
  ++counters_.connections;
  framer_ = DiameterFramer();
  stream_ = env_.connect_tcp(peer_);
  stream_->on_data([this](ByteView data) { on_data(data); });
  stream_->on_closed(
      [this](StreamClose how) { drop_connection("connection " + std::string(to_string(how))); });
}

void DiameterClient::send(diameter::Message request, AnswerCallback done) {
  ++counters_.requests;
  if (!stream_) connect();
  const std::uint32_t hop = next_hop_by_hop_++;
  request.hop_by_hop = hop;
  request.end_to_end = next_end_to_end_++;
  const Bytes wire = diameter::encode(request);
  Pending p;
  p.done = std::move(done);
  p.timer = env_.start_timer(timeout_, [this, hop] {
    auto it = pending_.find(hop);
    if (it == pending_.end()) return;
    it->second.timer = 0;
    ++counters_.timeouts;
    complete(hop, fail(name_ + ": no answer from " + peer_.str() + " within " + timeout_.str()));
  });
  pending_.emplace(hop, std::move(p));
  stream_->send(wire, env_.tracing() ? describe(request) : std::string());
}

void DiameterClient::on_data(ByteView data) {
  framer_.feed(data);
  for (;;) {
    auto next = framer_.next();
    if (!next) {
      drop_connection(next.error().message);
      return;
    }
    if (!next->has_value()) return;
    diameter::Message m = std::move(**next);
    if (m.is_request() || !pending_.count(m.hop_by_hop)) {
      ++counters_.unmatched_answers;
      continue;
    }
    ++counters_.answers;
    // The callback may send again (on this same stream); the framer stays valid.
    complete(m.hop_by_hop, std::move(m));
    if (!stream_) return;  // a callback's request failed the connection meanwhile
  }
}

void DiameterClient::drop_connection(const std::string& why) {
  // Release the stream first, so that callbacks that send again open a new connection.
  std::unique_ptr<Stream> old = std::move(stream_);
  if (old) old->close();
  std::vector<std::uint32_t> hops;
  for (const auto& [hop, p] : pending_) hops.push_back(hop);
  for (std::uint32_t hop : hops) {
    if (!pending_.count(hop)) continue;
    ++counters_.failed;
    complete(hop, fail(name_ + ": " + peer_.str() + ": " + why));
  }
}

void DiameterClient::complete(std::uint32_t hop_by_hop, Result<diameter::Message> outcome) {
  auto it = pending_.find(hop_by_hop);
  if (it == pending_.end()) return;
  Pending p = std::move(it->second);
  pending_.erase(it);
  env_.cancel_timer(p.timer);
  p.done(std::move(outcome));
}

}  // namespace imssim::gba_nodes
