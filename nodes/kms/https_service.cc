#include "nodes/kms/https_service.h"

#include "nodes/proto/http/constants.h"
#include "nodes/proto/tls/psk_identity.h"

namespace imssim::kms {

Result<std::unique_ptr<HttpsService>> HttpsService::start(Environment& env,
                                                          tls::LibraryContext& library, Kms& kms,
                                                          NafKeySource& keys,
                                                          HttpsServiceConfig config,
                                                          HttpsHandler handler) {
  if (!tls::is_psk(config.kind))
    return fail("KMS HTTPS: only the GBA PSK kinds of TLS are served (TS 33.222 §5.4)");
  std::unique_ptr<HttpsService> s(new HttpsService(env, library, kms, keys, config.kind,
                                                   std::move(handler)));
  HttpsService* self = s.get();
  auto listener = env.listen_tcp(
      config.port, [self](std::unique_ptr<Stream> stream) { self->on_accept(std::move(stream)); });
  if (!listener) return fail("KMS HTTPS: " + listener.error().message);
  s->listener_ = std::move(*listener);
  return s;
}

HttpsService::~HttpsService() = default;

HttpsService::Connection* HttpsService::find(std::uint64_t id) {
  auto it = connections_.find(id);
  return it == connections_.end() ? nullptr : it->second.get();
}

// Made on the first connection: a run in which no one speaks TLS to the KMS (the mikey
// variant) does not pay for an SSL_CTX.
Result<Ok> HttpsService::ensure_context() {
  if (context_) return Ok{};
  tls::Config c;
  c.kind = kind_;
  c.role = tls::Role::kServer;
  // Every identity is looked up over Zn: the handshake waits (Event::kPskRequested).
  c.psk_lookup = [](const tls::PskRequest&) { return tls::PskAnswer::pending(); };
  auto context = tls::Context::create(library_, std::move(c), env_.rng("tls-server"));
  if (!context) return fail("KMS HTTPS: " + context.error().message);
  context_ = std::move(*context);
  return Ok{};
}

void HttpsService::on_accept(std::unique_ptr<Stream> stream) {
  if (auto ok = ensure_context(); !ok) {  // the stream is reset when it goes out of scope
    if (env_.tracing()) env_.trace_note(ok.error().message);
    return;
  }
  auto endpoint = tls::Endpoint::create(context_, env_.rng("tls-server"));
  if (!endpoint) return;  // the stream is reset when it goes out of scope
  auto c = std::make_unique<Connection>();
  c->id = next_id_++;
  c->tls = std::move(*endpoint);
  c->stream = std::move(stream);
  std::uint64_t id = c->id;
  c->stream->on_data([this, id](ByteView data) { on_data(id, data); });
  c->stream->on_closed([this, id](StreamClose) { drop(id, {}); });
  connections_.emplace(id, std::move(c));
}

void HttpsService::on_data(std::uint64_t id, ByteView data) {
  Connection* c = find(id);
  if (!c) return;
  auto cpu = kms_.cpu().measure(c->tls->connected() ? "https-request" : "tls-handshake");
  auto ok = c->tls->receive(data);
  if (!ok) {
    flush(*c, "TLS alert");
    return drop(id, "TLS: " + ok.error().message);
  }
  advance(*c);
}

bool HttpsService::advance(Connection& c) {
  for (const auto& e : c.tls->take_events()) {
    if (e.type == tls::Event::Type::kPskRequested) on_psk_requested(c.id, e.text);
    if (e.type == tls::Event::Type::kHandshakeComplete) ++kms_.work().tls_handshakes;
    if (e.type == tls::Event::Type::kCloseNotifyReceived) {
      (void)c.tls->close();
      flush(c, "TLS close_notify");
      close_after_output(c);
      return false;
    }
  }
  Bytes plain = c.tls->take_plaintext();
  if (!plain.empty()) c.parser.feed(plain);
  while (c.peer) {
    auto request = c.parser.next();
    if (!request) {
      http::Response bad;
      bad.status = request.error().status;
      bad.reason = std::string(http::reason_phrase(bad.status));
      if (auto wire = http::serialize(bad)) (void)c.tls->send(*wire);
      flush(c, "HTTP " + std::to_string(bad.status));
      close_after_output(c);
      return false;
    }
    if (!*request) break;
    ++kms_.work().http_requests;
    http::Response response = handler_(**request, *c.peer);
    auto wire = http::serialize(response);
    if (!wire) {
      drop(c.id, "HTTP response: " + wire.error().message);
      return false;
    }
    (void)c.tls->send(*wire);
    charge(c, KmsOp::kHttpsRequest);
    flush(c, "HTTP " + std::to_string(response.status) + " " + response.reason);
  }
  if (!c.handshake_charged && !c.tls->connected()) charge(c, KmsOp::kTlsHandshake);
  flush(c, "TLS handshake");
  return true;
}

void HttpsService::charge(Connection& c, KmsOp op) {
  if (op == KmsOp::kTlsHandshake) c.handshake_charged = true;
  c.ready_at = env_.now() + kms_.reply_delay(op);
}

void HttpsService::on_psk_requested(std::uint64_t id, const std::string& identity) {
  auto gba = tls::parse_gba_psk_identity(identity);
  if (!gba) {
    if (Connection* c = find(id)) (void)c->tls->resolve_psk(std::nullopt);
    return;
  }
  ++kms_.work().naf_key_fetches;
  naf_keys_.fetch(gba->btid, [this, id](Result<NafKey> key) {
    Connection* c = find(id);
    if (!c) return;
    auto cpu = kms_.cpu().measure("tls-handshake");
    if (key) c->peer = *key;
    auto ok = c->tls->resolve_psk(key ? std::optional<Bytes>(key->ks_naf) : std::nullopt);
    if (!ok) {
      flush(*c, "TLS alert");
      return drop(id, "TLS: " + ok.error().message);
    }
    advance(*c);
  });
}

void HttpsService::flush(Connection& c, std::string_view label) {
  Bytes out = c.tls->take_output();
  if (out.empty() || !c.stream) return;
  if (c.ready_at <= env_.now()) return c.stream->send(out, label);
  env_.start_timer(c.ready_at - env_.now(),
                   [this, id = c.id, out = std::move(out), label = std::string(label)] {
                     if (Connection* later = find(id); later && later->stream)
                       later->stream->send(out, label);
                   });
}

void HttpsService::close_after_output(Connection& c) {
  if (c.ready_at <= env_.now()) return c.stream->close();
  env_.start_timer(c.ready_at - env_.now(), [this, id = c.id] {
    if (Connection* later = find(id); later && later->stream) later->stream->close();
  });
}

// Ends a connection from a later event: never destroy a stream inside its own callback.
void HttpsService::drop(std::uint64_t id, std::string_view why) {
  if (!why.empty() && env_.tracing()) env_.trace_note("KMS HTTPS: " + std::string(why));
  if (Connection* c = find(id); c && c->stream) c->stream->close();
  env_.start_timer(Time(), [this, id] { connections_.erase(id); });
}

}  // namespace imssim::kms
