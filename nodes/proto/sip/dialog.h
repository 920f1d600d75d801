// The state of one dialog (RFC 3261 §12): identifiers, route set, targets and CSeq counters,
// created from the INVITE and its 2xx on either side, and producing in-dialog requests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "nodes/proto/sip/build.h"
#include "nodes/proto/sip/error.h"
#include "nodes/proto/sip/message.h"

namespace imssim::sip {

struct Dialog {
  std::string call_id;
  std::string local_tag;
  std::string remote_tag;
  std::string local_uri;
  std::string remote_uri;
  std::string remote_target;           // Contact of the peer: Request-URI of our requests
  std::vector<std::string> route_set;  // "<uri>" values, first hop first
  std::uint32_t local_cseq = 0;
  std::uint32_t remote_cseq = 0;  // 0: none seen yet

  // RFC 3261 §12.1.2: the UAC side, from its request and a 2xx/101-199 with a To tag. The
  // route set is the response's Record-Route in reverse order.
  static Result<Dialog> from_uac(const Message& request, const Message& response);
  // RFC 3261 §12.1.1: the UAS side, from the request and the To tag it answers with. The route
  // set is the request's Record-Route in order.
  static Result<Dialog> from_uas(const Message& request, std::string_view local_tag);

  // RFC 3261 §12.2.1.1: a request in this dialog (BYE, re-INVITE, NOTIFY, ...). Takes the next
  // local CSeq, except ACK (which takes `ack_cseq`, the INVITE's, §13.2.2.4).
  RequestSpec next_request(std::string_view method, std::string via_sent_by, std::string branch,
                           std::uint32_t ack_cseq = 0);
  // RFC 3261 §12.2.2: a request whose CSeq is lower than the last one is answered 500.
  Result<Ok, SipError> accept_remote_cseq(const Message& request);
};

}  // namespace imssim::sip
