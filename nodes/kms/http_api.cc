#include "nodes/kms/http_api.h"

#include <nlohmann/json.hpp>

#include "common/hex.h"
#include "nodes/keymgmt/constants.h"
#include "nodes/keymgmt/steps.h"
#include "nodes/proto/http/constants.h"

namespace imssim::kms {
namespace {

using nlohmann::json;

constexpr int kOk = 200, kBadRequest = 400, kForbidden = 403, kNotFound = 404;
constexpr int kMethodNotAllowed = 405, kUnsupportedMediaType = 415;  // RFC 9110 §15.5
constexpr int kInternalServerError = 500;                            // RFC 9110 §15.6.1

http::Response respond(int status, std::string_view content_type, Bytes body) {
  http::Response r;
  r.status = status;
  r.reason = std::string(http::reason_phrase(status));
  if (!content_type.empty())
    r.headers.add(std::string(http::kContentType), std::string(content_type));
  r.body = std::move(body);
  return r;
}

http::Response json_response(int status, const json& j) {
  return respond(status, keymgmt::kContentTypeJson, to_bytes(j.dump()));
}

http::Response problem(int status, const std::string& why) {
  return json_response(status, {{"error", why}});
}

// The JSON object of a request, or why not.
Result<json> json_body(const http::Request& r) {
  const std::string* type = r.headers.find(http::kContentType);
  if (!type || *type != keymgmt::kContentTypeJson)
    return fail("Content-Type must be application/json");
  json j = json::parse(r.body.begin(), r.body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail("the body is not a JSON object");
  return j;
}

json key_json(const IssuedKey& k) {
  return {{"key_id", to_hex(k.key_id)},
          {"tgk", to_base64(k.tgk)},
          {"mpk", to_base64(k.mpk)},
          {"expires_ms", k.expires.ns() / 1'000'000}};
}

}  // namespace

http::Response HttpApi::handle(const http::Request& request, const NafKey& peer) {
  if (request.method != "POST") return problem(kMethodNotAllowed, "only POST is served");
  if (request.target == keymgmt::kPathTicketRequest) return ticket_request(request, peer);
  if (request.target == keymgmt::kPathTicketResolve) return ticket_resolve(request, peer);
  if (request.target == keymgmt::kPathMikey) return mikey(request, peer);
  return problem(kNotFound, "no resource " + request.target);
}

http::Response HttpApi::ticket_request(const http::Request& request, const NafKey& peer) {
  auto body = json_body(request);
  if (!body) return problem(kBadRequest, body.error().message);
  const json& j = *body;
  if (!j.contains("initiator") || !j["initiator"].is_string() || !j.contains("receivers") ||
      !j["receivers"].is_array() || j["receivers"].empty())
    return problem(kBadRequest, "need \"initiator\" (string) and \"receivers\" (non-empty array)");
  std::vector<std::string> receivers;
  for (const auto& r : j["receivers"]) {
    if (!r.is_string()) return problem(kBadRequest, "\"receivers\" must hold strings");
    receivers.push_back(r.get<std::string>());
  }
  auto issued = kms_.issue(peer.impi, j["initiator"].get<std::string>(), receivers);
  if (!issued) return json_response(kForbidden, {{"refusal", to_string(issued.error())}});
  auto ticket = kms_.seal(**issued);
  if (!ticket) return problem(kInternalServerError, ticket.error().message);
  json out = key_json(**issued);
  out["ticket"] = to_base64(*ticket);
  if (env_.tracing()) env_.trace_step(keymgmt::kStepKeyResponse, "KMS returns key and ticket");
  return json_response(kOk, out);
}

http::Response HttpApi::ticket_resolve(const http::Request& request, const NafKey& peer) {
  auto body = json_body(request);
  if (!body) return problem(kBadRequest, body.error().message);
  const json& j = *body;
  if (!j.contains("receiver") || !j["receiver"].is_string() || !j.contains("ticket") ||
      !j["ticket"].is_string())
    return problem(kBadRequest, "need \"receiver\" and \"ticket\" (strings)");
  auto ticket = from_base64(j["ticket"].get<std::string>());
  if (!ticket) return problem(kBadRequest, "\"ticket\": " + ticket.error().message);
  auto resolved = kms_.resolve_ticket(peer.impi, j["receiver"].get<std::string>(), *ticket);
  if (!resolved) return json_response(kForbidden, {{"refusal", to_string(resolved.error())}});
  if (env_.tracing())
    env_.trace_step(keymgmt::kStepResolveResponse, "KMS checks the receiver, returns the key");
  return json_response(kOk, key_json(**resolved));
}

http::Response HttpApi::mikey(const http::Request& request, const NafKey& peer) {
  const std::string* type = request.headers.find(http::kContentType);
  if (!type || *type != keymgmt::kContentTypeMikey)
    return problem(kUnsupportedMediaType, "Content-Type must be application/mikey");
  auto head = MikeyResponder::peek(request.body);
  if (!head) return problem(kBadRequest, "not a MIKEY REQUEST_INIT or RESOLVE_INIT with IDRpsk");
  // The MIKEY PSK is the TLS session's Ks_NAF: a request naming another B-TID fails its MAC.
  MikeyReply reply = mikey_.answer(*head, request.body, peer);
  if (!reply.refusal.empty() && env_.tracing()) env_.trace_note("KMS: " + reply.refusal);
  if (reply.wire.empty()) return problem(kForbidden, reply.refusal);
  return respond(kOk, keymgmt::kContentTypeMikey, std::move(reply.wire));
}

}  // namespace imssim::kms
