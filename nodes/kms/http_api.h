// The KMS's HTTP resources behind its HTTPS service:
//   POST /kms/ticket   tls-ticket: {"initiator", "receivers": [...]} -> key, key-id and ticket
//   POST /kms/resolve  tls-ticket: {"receiver", "ticket"} -> the key, for an authorised receiver
//   POST /kms/mikey    mikey-ticket: a MIKEY REQUEST_INIT or RESOLVE_INIT -> its answer
// JSON bodies carry binary values in base64 (RFC 4648 §4) and key-ids in hex. TLS protects
// them; the sender is the GBA-authenticated subscriber of the TLS session. Refusals answer 403
// with {"refusal": NAME}; malformed requests 400 naming the problem.
#pragma once

#include "common/env.h"
#include "nodes/kms/kms.h"
#include "nodes/kms/mikey_responder.h"
#include "nodes/proto/http/message.h"

namespace imssim::kms {

class HttpApi {
 public:
  HttpApi(Environment& env, Kms& kms, MikeyResponder& mikey)
      : env_(env), kms_(kms), mikey_(mikey) {}
  http::Response handle(const http::Request& request, const NafKey& peer);

 private:
  http::Response ticket_request(const http::Request& request, const NafKey& peer);
  http::Response ticket_resolve(const http::Request& request, const NafKey& peer);
  http::Response mikey(const http::Request& request, const NafKey& peer);

  Environment& env_;
  Kms& kms_;
  MikeyResponder& mikey_;
};

}  // namespace imssim::kms
