#include "nodes/keymgmt/tls_ticket_agent.h"

#include <nlohmann/json.hpp>

#include "common/hex.h"
#include "nodes/keymgmt/constants.h"
#include "nodes/keymgmt/steps.h"

namespace imssim::keymgmt {
namespace {

using nlohmann::json;

constexpr int kHttpOk = 200;  // RFC 9110 §15.3.1

std::optional<std::string> text_field(const json& j, const char* name) {
  if (!j.is_object() || !j.contains(name) || !j[name].is_string()) return std::nullopt;
  return j[name].get<std::string>();
}

// The key in a KMS answer (http_api.h), or why there is none.
Result<MediaKey> key_of(const Result<http::Response>& r, ByteView ticket) {
  if (!r) return Unexpected{r.error()};
  json j = json::parse(r->body.begin(), r->body.end(), nullptr, false);
  if (r->status != kHttpOk) {
    auto why = text_field(j, "refusal");
    if (!why) why = text_field(j, "error");
    return fail("KMS refused: HTTP " + std::to_string(r->status) + " " + why.value_or(""));
  }
  auto id_text = text_field(j, "key_id"), tgk_text = text_field(j, "tgk"),
       mpk_text = text_field(j, "mpk");
  if (!id_text || !tgk_text || !mpk_text) return fail("the KMS's answer lacks key_id, tgk or mpk");
  auto key_id = from_hex(*id_text);
  auto tgk = from_base64(*tgk_text);
  auto mpk = from_base64(*mpk_text);
  if (!key_id || !tgk || !mpk) return fail("the KMS's answer has a malformed key field");
  Bytes sealed(ticket.begin(), ticket.end());
  if (auto t_text = text_field(j, "ticket")) {
    auto t = from_base64(*t_text);
    if (!t) return fail("the KMS's answer has a malformed ticket");
    sealed = std::move(*t);
  }
  auto key = media_key_for(sealed, true, *tgk, *mpk);
  if (key && key->key_id != *key_id) return fail("the ticket names another key-id than the answer");
  return key;
}

}  // namespace

void TlsTicketAgent::request_key(const KmsCredentials& c,
                                 const std::vector<std::string>& receivers,
                                 KeyDone<MediaKey> done) {
  if (env_.tracing())
    env_.trace_step(kStepKeyRequest, "UE asks the KMS for a key and ticket (over TLS)");
  json body{{"initiator", config_.impu}, {"receivers", receivers}};
  https_.post(c, kPathTicketRequest, kContentTypeJson, to_bytes(body.dump()), "HTTP POST ticket",
              [this, done = std::move(done)](Result<http::Response> r,
                                             const ExchangeStats& stats) mutable {
                auto key = key_of(r, {});
                count(stats, key.ok());
                if (!key) return done(fail("key management: " + key.error().message), stats);
                done(std::move(key), stats);
              });
}

void TlsTicketAgent::resolve(const KmsCredentials& c, ByteView reference, KeyDone<MediaKey> done) {
  if (env_.tracing())
    env_.trace_step(kStepResolveRequest, "the ticket presented to the KMS (over TLS)");
  json body{{"receiver", config_.impu}, {"ticket", to_base64(reference)}};
  https_.post(c, kPathTicketResolve, kContentTypeJson, to_bytes(body.dump()), "HTTP POST resolve",
              [this, ticket = Bytes(reference.begin(), reference.end()), done = std::move(done)](
                  Result<http::Response> r, const ExchangeStats& stats) mutable {
                auto key = key_of(r, ticket);
                count(stats, key.ok());
                if (!key) return done(fail("key management: " + key.error().message), stats);
                done(std::move(key), stats);
              });
}

}  // namespace imssim::keymgmt
