#include "nodes/kms/mikey_service.h"

#include "nodes/keymgmt/constants.h"

namespace imssim::kms {

Result<std::unique_ptr<MikeyService>> MikeyService::start(Environment& env, Kms& kms,
                                                          NafKeySource& keys,
                                                          MikeyServiceConfig config) {
  auto socket = env.open_udp(config.port);
  if (!socket) return fail("KMS MIKEY service: " + socket.error().message);
  return std::unique_ptr<MikeyService>(
      new MikeyService(env, kms, keys, std::move(config), std::move(*socket)));
}

MikeyService::MikeyService(Environment& env, Kms& kms, NafKeySource& keys,
                           MikeyServiceConfig config, std::unique_ptr<DatagramSocket> socket)
    : env_(env),
      kms_(kms),
      naf_keys_(keys),
      responder_(env, kms, std::move(config.mikey)),
      socket_(std::move(socket)) {
  socket_->on_receive([this](const Endpoint& from, ByteView wire) { on_datagram(from, wire); });
}

void MikeyService::expire_cache() {
  while (!cache_order_.empty() && cache_order_.front().first <= env_.now()) {
    responses_.erase(cache_order_.front().second);
    cache_order_.pop_front();
  }
}

void MikeyService::on_datagram(const Endpoint& from, ByteView wire) {
  expire_cache();
  Bytes request(wire.begin(), wire.end());
  if (auto cached = responses_.find(request); cached != responses_.end()) {
    ++kms_.work().retransmitted_requests;
    socket_->send_to(from, cached->second.response, cached->second.label);
    return;
  }
  if (in_progress_.count(request)) {  // retransmitted while its Ks_NAF is being fetched
    ++kms_.work().retransmitted_requests;
    return;
  }
  auto head = MikeyResponder::peek(wire);
  if (!head) {
    ++kms_.work().malformed;
    if (env_.tracing()) env_.trace_note("KMS drops a datagram: no MIKEY request with IDRpsk");
    return;
  }
  in_progress_.insert(request);
  ++kms_.work().naf_key_fetches;
  naf_keys_.fetch(head->btid, [this, from, head = *head,
                               request = std::move(request)](Result<NafKey> key) mutable {
    MikeyReply reply;
    {
      auto cpu = kms_.cpu().measure("mikey");
      reply = key ? responder_.answer(head, request, *key)
                  : responder_.no_key(head, key.error().message);
    }
    // The reply leaves when the (modelled) processor is done; until then a retransmitted
    // copy of the request is still "in progress".
    Time delay = kms_.reply_delay(KmsOp::kMikeyRequest);
    if (delay == Time()) return send(from, request, std::move(reply));
    env_.start_timer(
        delay, [this, from, request = std::move(request), reply = std::move(reply)]() mutable {
          send(from, request, std::move(reply));
        });
  });
}

void MikeyService::send(const Endpoint& to, const Bytes& request, MikeyReply reply) {
  in_progress_.erase(request);
  if (!reply.refusal.empty() && env_.tracing()) env_.trace_note("KMS: " + reply.refusal);
  if (reply.wire.empty()) return;
  socket_->send_to(to, reply.wire, reply.label);
  cache_order_.emplace_back(env_.now() + keymgmt::kResponseCacheLifetime, request);
  responses_[request] = Cached{std::move(reply.wire), std::move(reply.label)};
}

}  // namespace imssim::kms
