// Builders for SIP requests and responses (RFC 3261 §8.1.1, §8.2.6, §9.1, §17.1.1.3). They
// refuse, with a message naming the field, values that would make a malformed message (CR/LF
// injection, values sofia-sip cannot parse, a branch without the magic cookie, a NOTIFY without
// Event/Subscription-State, a response to ACK, ...). Identifiers come from a caller's Rng.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "common/rng.h"
#include "nodes/proto/sip/constants.h"
#include "nodes/proto/sip/message.h"

namespace imssim::sip {

struct RequestSpec {
  std::string method;       // INVITE, ACK, BYE, CANCEL, REGISTER, MESSAGE, NOTIFY, ...
  std::string request_uri;  // "sip:bob@ims.test"
  std::string from;         // name-addr or addr-spec: "<sip:alice@ims.test>"
  std::string from_tag;     // required (RFC 3261 §8.1.1.3)
  std::string to;
  std::string to_tag;  // only inside a dialog
  std::string call_id;
  std::uint32_t cseq = 1;
  std::string via_transport = "UDP";
  std::string via_sent_by;  // "10.0.0.1:5060"
  std::string branch;       // must start with kBranchMagicCookie (RFC 3261 §8.1.1.7)
  int max_forwards = kDefaultMaxForwards;
  std::string contact;             // optional: "<sip:alice@10.0.0.1:5060>"
  std::vector<std::string> route;  // the route set, in order (each a URI or name-addr)
  std::vector<std::pair<std::string, std::string>> headers;  // extra: {"Event", "reg"}
  std::string content_type;                                  // required with a body
  std::string body;
};

Result<Message> build_request(const RequestSpec& spec);

struct ResponseSpec {
  int status = kOk;
  std::string reason;  // "" = the RFC 3261 §21 phrase
  // Added to To when the request has none (RFC 3261 §8.2.6.2); required for status > 100.
  std::string to_tag;
  std::string contact;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;
  std::string body;
};

// Copies Via (all, in order), From, To, Call-ID, CSeq and, for 1xx-2xx, Record-Route.
Result<Message> build_response(const Message& request, const ResponseSpec& spec);

// RFC 3261 §9.1: CANCEL for a pending INVITE (same Request-URI, Call-ID, From, To, CSeq number,
// top Via and Route).
Result<Message> build_cancel(const Message& invite);
// RFC 3261 §17.1.1.3: the ACK a client transaction sends for a 300-699 final response (same
// branch as the INVITE, To from the response).
Result<Message> build_ack_for_failure(const Message& invite, const Message& response);

// Fresh identifiers: "z9hG4bK" + 16 hex digits; 8-hex-digit tags; "<16 hex>@host" Call-IDs.
std::string new_branch(Rng& rng);
std::string new_tag(Rng& rng);
std::string new_call_id(Rng& rng, std::string_view host);

}  // namespace imssim::sip
