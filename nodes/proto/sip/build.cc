#include "nodes/proto/sip/build.h"

#include "common/hex.h"
#include "nodes/proto/sip/sofia.h"

namespace imssim::sip {

namespace {

using detail::view;

bool has_line_break(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// A message under construction; destroyed unless released into a Message.
class Draft {
 public:
  Draft() : m_(msg_create(sip_default_mclass(), 0)) {}
  ~Draft() {
    if (m_) msg_destroy(m_);
  }
  Draft(const Draft&) = delete;
  Draft& operator=(const Draft&) = delete;

  sip_t* sip() const { return sip_object(m_); }
  msg_t* msg() const { return m_; }

  // Adds one header parsed from `value`; the error names the field.
  Result<Ok> add(msg_hclass_t* hc, std::string_view field, const std::string& value) {
    if (has_line_break(value)) return fail(std::string(field) + ": contains CR, LF or NUL");
    if (sip_add_make(m_, sip(), hc, value.c_str()) < 0)
      return fail(std::string(field) + ": \"" + value + "\" does not parse");
    return Ok{};
  }
  Result<Ok> add_named(const std::string& name, const std::string& value) {
    if (has_line_break(name) || has_line_break(value) || name.empty() ||
        name.find(':') != std::string::npos)
      return fail("header " + name + ": bad name or value");
    std::string line = name + ": " + value;
    if (msg_header_add_str(m_, reinterpret_cast<msg_pub_t*>(sip()), line.c_str()) < 0)
      return fail("header " + name + ": \"" + value + "\" does not parse");
    return Ok{};
  }
  Result<Ok> dup(const sip_header_t* h, std::string_view field) {
    if (!h) return Ok{};
    if (sip_add_dup(m_, sip(), h) < 0) return fail(std::string(field) + ": copy failed");
    return Ok{};
  }
  Result<Ok> body(const std::string& content_type, const std::string& body) {
    if (body.empty()) return Ok{};
    if (content_type.empty()) return fail("Content-Type: required with a body");
    if (auto r = add(sip_content_type_class, "Content-Type", content_type); !r) return r;
    sip_payload_t* pl = sip_payload_create(msg_home(m_), body.data(), isize_t(body.size()));
    if (!pl || sip_header_insert(m_, sip(), reinterpret_cast<sip_header_t*>(pl)) < 0)
      return fail("body: could not attach");
    return Ok{};
  }

  // Checks the result as the parser would, then hands it over.
  Result<Message> finish() {
    if (sip_complete_message(m_) < 0) return fail("message: could not complete");
    if (sip()->sip_error)
      return fail(
          std::string(view(reinterpret_cast<msg_header_t*>(sip()->sip_error)->sh_class->hc_name)) +
          ": rejected by sofia-sip");
    if (sip_sanity_check(sip()) < 0) return fail("message: refused by sip_sanity_check");
    return Message::adopt(std::exchange(m_, nullptr));
  }

 private:
  msg_t* m_;
};

#define IMSSIM_SIP_TRY(expr)                \
  do {                                      \
    if (auto r_ = (expr); !r_) {            \
      return Unexpected<Error>{r_.error()}; \
    }                                       \
  } while (0)

}  // namespace

Result<Message> build_request(const RequestSpec& spec) {
  if (spec.method.empty() || has_line_break(spec.method) ||
      spec.method.find(' ') != std::string::npos)
    return fail("method: empty or not a token");
  if (spec.branch.rfind(kBranchMagicCookie, 0) != 0 ||
      spec.branch.size() == kBranchMagicCookie.size())
    return fail("Via: branch \"" + spec.branch +
                "\" lacks the z9hG4bK magic cookie and an id "
                "(RFC 3261 §8.1.1.7)");
  if (spec.from_tag.empty()) return fail("From: tag required (RFC 3261 §8.1.1.3)");
  if (spec.call_id.empty()) return fail("Call-ID: required");
  if (spec.max_forwards < 0 || spec.max_forwards > kMaxMaxForwards)
    return fail("Max-Forwards: " + std::to_string(spec.max_forwards) + " outside 0-255");
  if (spec.method == "NOTIFY") {  // RFC 6665 §8.1.1 (Event) and §8.1.3 (Subscription-State)
    bool event = false, state = false;
    for (const auto& [name, value] : spec.headers) {
      if (strcasecmp(name.c_str(), "Event") == 0 || name == "o") event = true;
      if (strcasecmp(name.c_str(), "Subscription-State") == 0) state = true;
    }
    if (!event || !state) return fail("NOTIFY: Event and Subscription-State headers required");
  }

  Draft d;
  std::string request_line = spec.method + " " + spec.request_uri + " SIP/2.0";
  IMSSIM_SIP_TRY(d.add(sip_request_class, "request line", request_line));
  IMSSIM_SIP_TRY(
      d.add(sip_via_class, "Via",
            "SIP/2.0/" + spec.via_transport + " " + spec.via_sent_by + ";branch=" + spec.branch));
  IMSSIM_SIP_TRY(d.add(sip_max_forwards_class, "Max-Forwards", std::to_string(spec.max_forwards)));
  for (const auto& r : spec.route) {
    IMSSIM_SIP_TRY(
        d.add(sip_route_class, "Route", r.find('<') == std::string::npos ? "<" + r + ">" : r));
  }
  IMSSIM_SIP_TRY(d.add(sip_from_class, "From", spec.from + ";tag=" + spec.from_tag));
  IMSSIM_SIP_TRY(
      d.add(sip_to_class, "To", spec.to_tag.empty() ? spec.to : spec.to + ";tag=" + spec.to_tag));
  IMSSIM_SIP_TRY(d.add(sip_call_id_class, "Call-ID", spec.call_id));
  IMSSIM_SIP_TRY(d.add(sip_cseq_class, "CSeq", std::to_string(spec.cseq) + " " + spec.method));
  if (!spec.contact.empty()) IMSSIM_SIP_TRY(d.add(sip_contact_class, "Contact", spec.contact));
  for (const auto& [name, value] : spec.headers) IMSSIM_SIP_TRY(d.add_named(name, value));
  IMSSIM_SIP_TRY(d.body(spec.content_type, spec.body));
  return d.finish();
}

Result<Message> build_response(const Message& request, const ResponseSpec& spec) {
  const sip_t* rq = request.sip();
  if (!request.is_request()) return fail("request: is a response");
  if (rq->sip_request->rq_method == sip_method_ack)
    return fail("request: ACK is never answered (RFC 3261 §17.1.1.3)");
  if (spec.status < kMinStatus || spec.status > kMaxStatus)
    return fail("status: " + std::to_string(spec.status) + " outside 100-699");
  std::string reason = spec.reason.empty() ? std::string(reason_phrase(spec.status)) : spec.reason;
  if (reason.empty()) reason = "Unknown";
  bool needs_tag = spec.status > kTrying && !(rq->sip_to && rq->sip_to->a_tag);
  if (needs_tag && spec.to_tag.empty())
    return fail("To: tag required in a " + std::to_string(spec.status) +
                " response (RFC 3261 §8.2.6.2)");

  Draft d;
  IMSSIM_SIP_TRY(d.add(sip_status_class, "status line",
                       "SIP/2.0 " + std::to_string(spec.status) + " " + reason));
  IMSSIM_SIP_TRY(d.dup(reinterpret_cast<const sip_header_t*>(rq->sip_via), "Via"));
  if (spec.status < 300)  // RFC 3261 §12.1.1: the UAS copies Record-Route into 1xx/2xx
    IMSSIM_SIP_TRY(
        d.dup(reinterpret_cast<const sip_header_t*>(rq->sip_record_route), "Record-Route"));
  IMSSIM_SIP_TRY(d.dup(reinterpret_cast<const sip_header_t*>(rq->sip_from), "From"));
  IMSSIM_SIP_TRY(d.dup(reinterpret_cast<const sip_header_t*>(rq->sip_to), "To"));
  if (needs_tag) {
    if (has_line_break(spec.to_tag)) return fail("To: tag contains CR, LF or NUL");
    if (sip_to_tag(msg_home(d.msg()), d.sip()->sip_to, spec.to_tag.c_str()) < 0)
      return fail("To: could not add tag \"" + spec.to_tag + "\"");
    msg_fragment_clear(d.sip()->sip_to->a_common);
  }
  IMSSIM_SIP_TRY(d.dup(reinterpret_cast<const sip_header_t*>(rq->sip_call_id), "Call-ID"));
  IMSSIM_SIP_TRY(d.dup(reinterpret_cast<const sip_header_t*>(rq->sip_cseq), "CSeq"));
  if (!spec.contact.empty()) IMSSIM_SIP_TRY(d.add(sip_contact_class, "Contact", spec.contact));
  for (const auto& [name, value] : spec.headers) IMSSIM_SIP_TRY(d.add_named(name, value));
  IMSSIM_SIP_TRY(d.body(spec.content_type, spec.body));
  return d.finish();
}

namespace {

// The headers CANCEL and the failure ACK share with their INVITE (RFC 3261 §9.1, §17.1.1.3).
Result<Message> derived_from_invite(const Message& invite, const char* method, const sip_to_t* to) {
  const sip_t* in = invite.sip();
  if (!invite.is_request() || in->sip_request->rq_method != sip_method_invite)
    return fail(std::string(method) + ": needs the INVITE it refers to");
  Draft d;
  std::string request_line =
      std::string(method) + " " + detail::url_text(in->sip_request->rq_url) + " SIP/2.0";
  IMSSIM_SIP_TRY(d.add(sip_request_class, "request line", request_line));
  if (!in->sip_via) return fail(std::string(method) + ": INVITE has no Via");
  msg_header_t* top = msg_header_dup_one(  // only the top Via
      msg_home(d.msg()), reinterpret_cast<const msg_header_t*>(in->sip_via));
  if (!top) return fail("Via: copy failed");
  if (msg_header_insert(d.msg(), reinterpret_cast<msg_pub_t*>(d.sip()), top) < 0)
    return fail("Via: insert failed");
  IMSSIM_SIP_TRY(
      d.add(sip_max_forwards_class, "Max-Forwards", std::to_string(kDefaultMaxForwards)));
  IMSSIM_SIP_TRY(d.dup(reinterpret_cast<const sip_header_t*>(in->sip_route), "Route"));
  IMSSIM_SIP_TRY(d.dup(reinterpret_cast<const sip_header_t*>(in->sip_from), "From"));
  IMSSIM_SIP_TRY(d.dup(reinterpret_cast<const sip_header_t*>(to), "To"));
  IMSSIM_SIP_TRY(d.dup(reinterpret_cast<const sip_header_t*>(in->sip_call_id), "Call-ID"));
  IMSSIM_SIP_TRY(
      d.add(sip_cseq_class, "CSeq", std::to_string(in->sip_cseq->cs_seq) + " " + method));
  return d.finish();
}

}  // namespace

Result<Message> build_cancel(const Message& invite) {
  return derived_from_invite(invite, "CANCEL", invite.sip()->sip_to);
}

Result<Message> build_ack_for_failure(const Message& invite, const Message& response) {
  if (!response.is_response() || response.status() < 300)
    return fail("ACK: needs a 300-699 response (a 2xx is ACKed by the dialog, RFC 3261 §13.2.2.4)");
  return derived_from_invite(invite, "ACK", response.sip()->sip_to);
}

std::string new_branch(Rng& rng) { return std::string(kBranchMagicCookie) + to_hex(rng.bytes(8)); }
std::string new_tag(Rng& rng) { return to_hex(rng.bytes(4)); }
std::string new_call_id(Rng& rng, std::string_view host) {
  return to_hex(rng.bytes(8)) + "@" + std::string(host);
}

}  // namespace imssim::sip
