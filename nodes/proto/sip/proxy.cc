#include "nodes/proto/sip/proxy.h"

#include <string>

#include "nodes/proto/sip/sofia.h"

namespace imssim::sip {

namespace {

using detail::view;

bool bad_text(std::string_view s) {
  return s.empty() || s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// The port of a sip/sips URI, the RFC 3261 §19.1.2 default when absent (sofia's url_port()
// returns "" there).
std::string port_or_default(const url_t* u) {
  if (u->url_port && *u->url_port) return u->url_port;
  return std::to_string(u->url_type == url_sips ? kDefaultTlsPort : kDefaultPort);
}

msg_pub_t* pub(Message& m) { return reinterpret_cast<msg_pub_t*>(m.sip()); }

}  // namespace

Result<Ok, SipError> push_via(Message& m, std::string_view transport, std::string_view sent_by,
                              std::string_view branch) {
  if (bad_text(transport) || bad_text(sent_by) || bad_text(branch))
    return reject(kServerError, "Via: empty value or CR/LF");
  if (branch.substr(0, kBranchMagicCookie.size()) != kBranchMagicCookie ||
      branch.size() == kBranchMagicCookie.size())
    return reject(kServerError, "Via: branch lacks the z9hG4bK magic cookie and an id");
  std::string text = "SIP/2.0/" + std::string(transport) + " " + std::string(sent_by) +
                     ";branch=" + std::string(branch);
  sip_via_t* via = sip_via_make(msg_home(m.raw()), text.c_str());
  if (!via) return reject(kServerError, "Via: \"" + text + "\" does not parse");
  if (msg_header_insert(m.raw(), pub(m), reinterpret_cast<msg_header_t*>(via)) < 0)
    return reject(kServerError, "Via: insert failed");
  return Ok{};
}

Result<Ok, SipError> pop_via(Message& m) {
  if (!m.sip()->sip_via) return reject(kDrop, "Via: none to remove");
  sip_via_remove(m.raw(), m.sip());
  return Ok{};
}

Result<Ok, SipError> add_record_route(Message& m, std::string_view uri) {
  if (bad_text(uri) || uri.find('>') != std::string_view::npos)
    return reject(kServerError, "Record-Route: bad URI");
  std::string text = "<" + std::string(uri) + ";lr>";
  sip_record_route_t* rr = sip_record_route_make(msg_home(m.raw()), text.c_str());
  if (!rr) return reject(kServerError, "Record-Route: \"" + text + "\" does not parse");
  if (msg_header_insert(m.raw(), pub(m), reinterpret_cast<msg_header_t*>(rr)) < 0)
    return reject(kServerError, "Record-Route: insert failed");
  return Ok{};
}

bool pop_route_if_self(Message& m, std::string_view self_uri) {
  const sip_route_t* top = m.sip()->sip_route;
  if (!top || bad_text(self_uri)) return false;
  detail::TempHome home;
  std::string text(self_uri);
  url_t* self = url_make(home.get(), text.c_str());
  if (!self || !self->url_host || !top->r_url->url_host) return false;
  if (strcasecmp(self->url_host, top->r_url->url_host) != 0) return false;
  if (port_or_default(self) != port_or_default(top->r_url)) return false;
  sip_route_remove(m.raw(), m.sip());
  return true;
}

Result<Ok, SipError> decrement_max_forwards(Message& m) {
  sip_max_forwards_t* old = m.sip()->sip_max_forwards;
  unsigned long next = kDefaultMaxForwards;
  if (old) {
    if (old->mf_count == 0) return reject(kTooManyHops, "Max-Forwards: 0, not forwarded");
    next = old->mf_count - 1;
  }
  sip_max_forwards_t* mf = sip_max_forwards_make(msg_home(m.raw()), std::to_string(next).c_str());
  if (!mf) return reject(kServerError, "Max-Forwards: could not build");
  // Insert replaces a singleton header of the same class.
  if (msg_header_insert(m.raw(), pub(m), reinterpret_cast<msg_header_t*>(mf)) < 0)
    return reject(kServerError, "Max-Forwards: insert failed");
  return Ok{};
}

Result<Ok, SipError> set_request_uri(Message& m, std::string_view uri) {
  if (!m.is_request()) return reject(kServerError, "Request-URI: message is a response");
  if (bad_text(uri) || uri.find(' ') != std::string_view::npos)
    return reject(kServerError, "Request-URI: empty or contains SP/CR/LF");
  const sip_request_t* old = m.sip()->sip_request;
  std::string text(uri);
  url_t* url = url_make(msg_home(m.raw()), text.c_str());
  if (!url || url->url_type == url_invalid)
    return reject(kServerError, "Request-URI: \"" + text + "\" does not parse");
  if (url->url_headers)
    return reject(kServerError, "Request-URI: ?headers not allowed (RFC 3261 §19.1.1)");
  sip_request_t* rq = sip_request_create(msg_home(m.raw()), old->rq_method, old->rq_method_name,
                                         reinterpret_cast<url_string_t const*>(url), nullptr);
  if (!rq) return reject(kServerError, "Request-URI: could not build the request line");
  if (msg_header_insert(m.raw(), pub(m), reinterpret_cast<msg_header_t*>(rq)) < 0)
    return reject(kServerError, "Request-URI: insert failed");
  return Ok{};
}

namespace {
constexpr const char* kAssertedIdentity = "P-Asserted-Identity";  // RFC 3325 §9.1
}  // namespace

void remove_asserted_identity(Message& m) {
  // Not a header sofia's default parser knows: it sits in the unknown-header list.
  for (sip_unknown_t* u = m.sip()->sip_unknown; u;) {
    sip_unknown_t* next = u->un_next;
    if (u->un_name && strcasecmp(u->un_name, kAssertedIdentity) == 0)
      msg_header_remove(m.raw(), pub(m), reinterpret_cast<msg_header_t*>(u));
    u = next;
  }
}

Result<Ok, SipError> assert_identity(Message& m, std::string_view uri) {
  if (bad_text(uri) || uri.find_first_of("<>") != std::string_view::npos)
    return reject(kServerError, "P-Asserted-Identity: bad URI");
  remove_asserted_identity(m);
  // Built as a header object and inserted, so it lands among the headers (a header added as
  // a string to a parsed message would follow its body).
  su_home_t* home = msg_home(m.raw());
  auto* h = reinterpret_cast<msg_unknown_t*>(msg_header_alloc(home, msg_unknown_class, 0));
  if (!h) return reject(kServerError, "P-Asserted-Identity: could not build");
  std::string value = "<" + std::string(uri) + ">";
  h->un_name = su_strdup(home, kAssertedIdentity);
  h->un_value = su_strdup(home, value.c_str());
  if (msg_header_insert(m.raw(), pub(m), reinterpret_cast<msg_header_t*>(h)) < 0)
    return reject(kServerError, "P-Asserted-Identity: insert failed");
  return Ok{};
}

Result<Ok, SipError> check_branch(const Message& m) {
  std::string_view branch = m.top_via_branch();
  if (branch.substr(0, kBranchMagicCookie.size()) != kBranchMagicCookie)
    return reject(kBadRequest, "Via: branch \"" + std::string(branch) +
                                   "\" has no z9hG4bK magic cookie (RFC 2543 element)");
  if (branch.size() == kBranchMagicCookie.size())
    return reject(kBadRequest,
                  "Via: branch is the bare magic cookie, no transaction id "
                  "(RFC 4475 §3.2.1)");
  return Ok{};
}

}  // namespace imssim::sip
