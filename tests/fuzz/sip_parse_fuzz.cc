// Fuzz target for the strict SIP parser. Besides "no crash, no sanitizer report" it checks, and
// aborts when it fails: whatever parses (datagram or stream framing) serialises to a message
// that parses again with the same identity (method/status, Call-ID, CSeq, tags, body).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "nodes/proto/sip/build.h"
#include "nodes/proto/sip/message.h"
#include "nodes/proto/sip/proxy.h"

namespace {

using namespace imssim::sip;

void check(std::string_view input, Transport transport) {
  ParseOptions options;
  options.transport = transport;
  auto m = Message::parse(input, options);
  if (!m) {
    if (m.error().message.empty()) std::abort();
    return;
  }
  // Touch every accessor.
  (void)m->request_uri();
  (void)m->from_uri();
  (void)m->to_uri();
  (void)m->top_via_sent_by();
  (void)m->top_route_uri();
  (void)m->contact_uri();
  (void)m->record_route_uris();
  (void)m->content_type();
  for (std::string_view name : {"Via", "v", "Contact", "Record-Route", "Authorization",
                                "P-Asserted-Identity", "X-Unknown", "", "Bad Name:"})
    (void)m->header_fields(name);
  (void)m->header_fields(input.substr(0, input.find(':')));  // whatever the input names

  std::string wire = m->serialize();
  auto again = Message::parse(wire);
  if (!again) std::abort();
  if (again->method() != m->method() || again->status() != m->status() ||
      again->call_id() != m->call_id() || again->cseq() != m->cseq() ||
      again->from_tag() != m->from_tag() || again->to_tag() != m->to_tag() ||
      again->body() != m->body())
    std::abort();

  // Proxy and builder paths on the accepted message must not crash either.
  if (m->is_request()) {
    ResponseSpec r;
    r.status = 200;
    r.to_tag = "fz";
    (void)build_response(*m, r);
    Message copy = m->clone();
    (void)decrement_max_forwards(copy);
    (void)push_via(copy, "UDP", "fuzz.invalid", "z9hG4bKfuzz");
    (void)pop_route_if_self(copy, "sip:fuzz.invalid");
    (void)copy.serialize();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  check(s, Transport::kDatagram);
  check(s, Transport::kStream);
  return 0;
}
