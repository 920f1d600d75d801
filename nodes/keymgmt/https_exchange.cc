#include "nodes/keymgmt/https_exchange.h"

#include "nodes/keymgmt/constants.h"

namespace imssim::keymgmt {

std::unique_ptr<HttpsExchange> HttpsExchange::start(Environment& env,
                                                    std::shared_ptr<const tls::Context> context,
                                                    const Endpoint& kms, http::Request request,
                                                    std::string label, HttpsDone done) {
  std::unique_ptr<HttpsExchange> x(new HttpsExchange(env, std::move(done)));
  auto endpoint = tls::Endpoint::create(std::move(context), env.rng("tls-client"));
  auto wire = http::serialize(request);
  if (!endpoint || !wire) {
    std::string why = !endpoint ? endpoint.error().message : wire.error().message;
    // Report from the event loop, as promised.
    env.start_timer(Time(), [x = x.get(), why] { x->finish(fail("HTTPS to the KMS: " + why)); });
    return x;
  }
  x->tls_ = std::move(*endpoint);
  if (auto queued = x->tls_->send(*wire); !queued) {
    std::string why = queued.error().message;
    env.start_timer(Time(), [x = x.get(), why] { x->finish(fail("HTTPS to the KMS: " + why)); });
    return x;
  }
  x->request_label_ = std::move(label);
  HttpsExchange* self = x.get();
  x->stream_ = env.connect_tcp(kms);
  x->stream_->on_connected([self] { self->on_connected(); });
  x->stream_->on_data([self](ByteView data) { self->on_data(data); });
  x->stream_->on_closed([self](StreamClose how) { self->on_closed(how); });
  x->give_up_ = env.start_timer(kHttpsGiveUpAfter, [self] {
    self->give_up_ = 0;
    self->finish(fail("the KMS did not answer over HTTPS within " + kHttpsGiveUpAfter.str()));
  });
  return x;
}

HttpsExchange::~HttpsExchange() { env_.cancel_timer(give_up_); }

void HttpsExchange::on_connected() {
  ++stats_.round_trips;  // SYN, SYN-ACK
  if (auto ok = tls_->start(); !ok) return finish(fail("TLS: " + ok.error().message));
  flush("TLS ClientHello");
}

// Sends what TLS has for the wire; the KMS's next bytes will end this turn.
void HttpsExchange::flush(const std::string& label) {
  Bytes out = tls_->take_output();
  if (out.empty() || !stream_) return;
  stats_.bytes_sent += out.size();
  if (done_) stats_.request.insert(stats_.request.end(), out.begin(), out.end());
  awaiting_answer_ = true;
  stream_->send(out, label);
}

void HttpsExchange::on_data(ByteView data) {
  if (!done_) {  // answered and closing: only the KMS's close_notify is left to read
    (void)tls_->receive(data);
    return;
  }
  if (awaiting_answer_) ++stats_.round_trips;
  awaiting_answer_ = false;
  stats_.bytes_received += data.size();
  auto ok = tls_->receive(data);
  if (!ok) {
    flush("TLS alert");
    return finish(fail("TLS with the KMS: " + ok.error().message));
  }
  for (const auto& e : tls_->take_events())
    if (e.type == tls::Event::Type::kHandshakeComplete && env_.tracing())
      env_.trace_note("UE: TLS " + tls_->protocol_version() + " with the KMS, " +
                      tls_->cipher_name());
  Bytes plain = tls_->take_plaintext();
  if (!plain.empty()) parser_.feed(plain);
  flush(tls_->connected() ? request_label_ : "TLS handshake");
  auto response = parser_.next();
  if (!response) return finish(fail("HTTP from the KMS: " + response.error().message));
  if (!*response) return;
  finish(std::move(**response));
}

void HttpsExchange::on_closed(StreamClose how) {
  if (done_) finish(fail("the KMS closed the connection (" + std::string(to_string(how)) + ")"));
  stream_.reset();
}

void HttpsExchange::finish(Result<http::Response> result) {
  if (!done_) return;
  env_.cancel_timer(give_up_);
  give_up_ = 0;
  const auto& records = tls_ ? tls_->stats() : tls::RecordStats{};
  stats_.messages_sent = int(records.sent.total().records);
  stats_.messages_received = int(records.received.total().records);
  auto done = std::move(done_);
  done_ = nullptr;
  // Close politely: close_notify (RFC 8446 §6.1), then FIN once it is out.
  if (tls_ && stream_ && tls_->connected()) {
    (void)tls_->close();
    Bytes out = tls_->take_output();
    if (!out.empty()) stream_->send(out, "TLS close_notify");
  }
  if (stream_) stream_->close();
  done(std::move(result), stats_);
}

}  // namespace imssim::keymgmt
