#include "nodes/proto/sip/dialog.h"

#include <algorithm>

namespace imssim::sip {

Result<Dialog> Dialog::from_uac(const Message& request, const Message& response) {
  if (!request.is_request() || !response.is_response())
    return fail("dialog: needs the request and a response");
  if (response.status() <= 100 || response.status() >= 300)
    return fail("dialog: status " + std::to_string(response.status()) + " creates no dialog");
  if (response.to_tag().empty()) return fail("dialog: response To has no tag (RFC 3261 §12.1.2)");
  if (response.call_id() != request.call_id()) return fail("dialog: Call-ID differs");
  Dialog d;
  d.call_id = std::string(request.call_id());
  d.local_tag = std::string(request.from_tag());
  d.remote_tag = std::string(response.to_tag());
  d.local_uri = request.from_uri();
  d.remote_uri = request.to_uri();
  d.remote_target = response.contact_uri();
  if (d.remote_target.empty()) d.remote_target = request.request_uri();
  d.route_set = response.record_route_uris();
  std::reverse(d.route_set.begin(), d.route_set.end());
  d.local_cseq = request.cseq();
  return d;
}

Result<Dialog> Dialog::from_uas(const Message& request, std::string_view local_tag) {
  if (!request.is_request()) return fail("dialog: needs a request");
  if (local_tag.empty()) return fail("dialog: local tag required (RFC 3261 §12.1.1)");
  Dialog d;
  d.call_id = std::string(request.call_id());
  d.local_tag = std::string(local_tag);
  d.remote_tag = std::string(request.from_tag());
  d.local_uri = request.to_uri();
  d.remote_uri = request.from_uri();
  d.remote_target = request.contact_uri();
  d.route_set = request.record_route_uris();
  d.remote_cseq = request.cseq();
  return d;
}

RequestSpec Dialog::next_request(std::string_view method, std::string via_sent_by,
                                 std::string branch, std::uint32_t ack_cseq) {
  RequestSpec s;
  s.method = std::string(method);
  s.request_uri = remote_target;
  s.from = "<" + local_uri + ">";
  s.from_tag = local_tag;
  s.to = "<" + remote_uri + ">";
  s.to_tag = remote_tag;
  s.call_id = call_id;
  s.cseq = method == "ACK" ? ack_cseq : ++local_cseq;
  s.via_sent_by = std::move(via_sent_by);
  s.branch = std::move(branch);
  s.route = route_set;
  return s;
}

Result<Ok, SipError> Dialog::accept_remote_cseq(const Message& request) {
  if (request.method() == "ACK" || request.method() == "CANCEL") return Ok{};
  if (remote_cseq != 0 && request.cseq() < remote_cseq)
    return reject(kServerError, "CSeq: " + std::to_string(request.cseq()) +
                                    " lower than the last " + std::to_string(remote_cseq) +
                                    " (RFC 3261 §12.2.2)");
  remote_cseq = request.cseq();
  return Ok{};
}

}  // namespace imssim::sip
