#include "nodes/proto/sip/message.h"

#include <cstring>
#include <optional>
#include <utility>

#include "nodes/proto/sip/header_scan.h"
#include "nodes/proto/sip/sofia.h"
#include "nodes/proto/sip/uri_check.h"

namespace imssim::sip {

namespace detail {

std::string url_text(const url_t* url) {
  if (!url) return {};
  issize_t n = url_e(nullptr, 0, url);
  if (n <= 0) return {};
  std::string s(std::size_t(n) + 1, '\0');
  url_e(s.data(), n + 1, url);
  s.resize(std::size_t(n));
  return s;
}

}  // namespace detail

namespace {

using detail::uri_problem;
using detail::view;

bool is_lws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool looks_like_response(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && is_lws(s[i])) ++i;  // as sofia-sip does, so a response is never answered
  return s.substr(i, 4) == "SIP/";
}

std::string header_name(const msg_header_t* h) {
  if (h->sh_class == sip_error_class) {
    std::string_view n = view(h->sh_error->er_name);
    return n.empty() ? std::string("(unnamed header)") : std::string(n);
  }
  return std::string(view(h->sh_class->hc_name));
}

// The first entry of sofia's error list: a header whose value did not parse, or a second
// instance of a single-valued header.
std::string describe_error_list(const sip_t* sip) {
  const msg_header_t* h = reinterpret_cast<const msg_header_t*>(sip->sip_error);
  if (h->sh_class == sip_error_class) return header_name(h) + ": header value does not parse";
  return header_name(h) + ": repeated single-valued header";
}

// Owns a msg_t until released; destroys it on every early return.
struct MsgGuard {
  msg_t* m;
  ~MsgGuard() {
    if (m) msg_destroy(m);
  }
  msg_t* release() { return std::exchange(m, nullptr); }
};

Result<Ok, SipError> check_required(const sip_t* sip, int status_if_bad) {
  if (!sip->sip_via) return reject(status_if_bad, "Via: missing (RFC 3261 §8.1.1)");
  if (!sip->sip_from) return reject(status_if_bad, "From: missing (RFC 3261 §8.1.1)");
  if (!sip->sip_to) return reject(status_if_bad, "To: missing (RFC 3261 §8.1.1)");
  if (!sip->sip_call_id) return reject(status_if_bad, "Call-ID: missing (RFC 3261 §8.1.1)");
  if (!sip->sip_cseq) return reject(status_if_bad, "CSeq: missing (RFC 3261 §8.1.1)");
  return Ok{};
}

// RFC 3261 §25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" /
// "~").
bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    bool mark = c == '-' || c == '.' || c == '!' || c == '%' || c == '*' || c == '_' || c == '+' ||
                c == '`' || c == '\'' || c == '~';
    if (!alnum && !mark) return false;
  }
  return true;
}

// sent-protocol = protocol-name SLASH protocol-version SLASH transport, then LWS sent-by. sofia
// accepts a missing LWS ("SIP/2.0/UDP![::1]") and folds the host into the protocol, which then
// serialises to an unparseable Via (found by the sip_parse fuzzer).
Result<Ok, SipError> check_vias(const sip_t* sip, int status_if_bad) {
  for (const sip_via_t* v = sip->sip_via; v; v = v->v_next) {
    std::string_view p = view(v->v_protocol);
    auto a = p.find('/');
    auto b = a == std::string_view::npos ? a : p.find('/', a + 1);
    if (b == std::string_view::npos || !is_token(p.substr(0, a)) ||
        !is_token(p.substr(a + 1, b - a - 1)) || !is_token(p.substr(b + 1)))
      return reject(status_if_bad, "Via: sent-protocol \"" + std::string(p) + "\" is malformed");
  }
  return Ok{};
}

Result<Ok, SipError> check_addresses(const sip_t* sip, int status_if_bad) {
  for (const sip_addr_t* a : {sip->sip_from, sip->sip_to}) {
    const char* name = a == sip->sip_from ? "From" : "To";
    if (auto p = uri_problem(a->a_url)) {
      if (detail::uri_has_whitespace(a->a_url))  // the usual case, named as such
        return reject(status_if_bad, std::string(name) + ": whitespace inside the addr-spec \"" +
                                         detail::url_text(a->a_url) + "\"");
      return reject(status_if_bad, std::string(name) + ": " + *p);
    }
  }
  for (const sip_contact_t* m = sip->sip_contact; m; m = m->m_next)
    if (auto p = uri_problem(m->m_url)) return reject(status_if_bad, "Contact: " + *p);
  for (const sip_route_t* r = sip->sip_route; r; r = r->r_next)
    if (auto p = uri_problem(r->r_url)) return reject(status_if_bad, "Route: " + *p);
  for (const sip_record_route_t* r = sip->sip_record_route; r; r = r->r_next)
    if (auto p = uri_problem(r->r_url)) return reject(status_if_bad, "Record-Route: " + *p);
  return Ok{};
}

Result<Ok, SipError> check_request(const sip_t* sip) {
  const sip_request_t* rq = sip->sip_request;
  if (!view(rq->rq_version).empty() && strcasecmp(rq->rq_version, "SIP/2.0") != 0)
    return reject(kVersionNotSupported,
                  "request line: version " + std::string(view(rq->rq_version)) + " is not SIP/2.0");
  if (auto r = check_required(sip, kBadRequest); !r) return r;
  if (auto r = check_addresses(sip, kBadRequest); !r) return r;
  if (auto r = check_vias(sip, kBadRequest); !r) return r;
  const sip_cseq_t* cs = sip->sip_cseq;
  bool same = rq->rq_method == sip_method_unknown
                  ? cs->cs_method == sip_method_unknown &&
                        view(rq->rq_method_name) == view(cs->cs_method_name)
                  : cs->cs_method == rq->rq_method;
  if (!same)
    return reject(rq->rq_method == sip_method_unknown ? kNotImplemented : kBadRequest,
                  "CSeq: method " + std::string(view(cs->cs_method_name)) +
                      " does not match the request method " +
                      std::string(view(rq->rq_method_name)) + " (RFC 3261 §8.1.1.5)");
  if (rq->rq_url->url_type == url_invalid)
    return reject(kBadRequest, "request line: Request-URI does not parse");
  if (auto p = uri_problem(rq->rq_url)) return reject(kBadRequest, "request line: " + *p);
  if (rq->rq_url->url_headers)
    return reject(kBadRequest,
                  "request line: Request-URI carries ?headers, not allowed there (RFC 3261 "
                  "§19.1.1)");
  return Ok{};
}

Result<Ok, SipError> check_response(const sip_t* sip) {
  const sip_status_t* st = sip->sip_status;
  if (!view(st->st_version).empty() && strcasecmp(st->st_version, "SIP/2.0") != 0)
    return reject(kDrop,
                  "status line: version " + std::string(view(st->st_version)) + " is not SIP/2.0");
  if (st->st_status < kMinStatus || st->st_status > kMaxStatus)
    return reject(kDrop,
                  "status line: status code " + std::to_string(st->st_status) + " outside 100-699");
  if (auto r = check_required(sip, kDrop); !r) return r;
  if (auto r = check_vias(sip, kDrop); !r) return r;
  return check_addresses(sip, kDrop);
}

}  // namespace

Result<Message, SipError> Message::parse(std::string_view bytes, ParseOptions options) {
  bool response = looks_like_response(bytes);
  int bad = response ? kDrop : kBadRequest;  // a broken response is dropped, never answered
  if (bytes.empty()) return reject(bad, "message: empty");
  const detail::HeaderSection text = detail::scan_header_section(bytes);
  constexpr std::size_t kNone = detail::HeaderSection::kNone;
  // sofia-sip skips SP and HT before the start line; our framing of the header section would
  // then differ from sofia's (an early "\t\n\n" looked like its end: sip_parse fuzzer).
  if (std::size_t i = text.space_before_start_line; i != kNone)
    return reject(bad, "message: SP or HT at offset " + std::to_string(i) +
                           " before the start line (RFC 3261 §7.5: only CRLF may precede it)");
  MsgGuard guard{msg_make(sip_default_mclass(), 0, bytes.data(), issize_t(bytes.size()))};
  if (!guard.m) return reject(bad, "message: sofia-sip could not frame it");
  const sip_t* sip = sip_object(guard.m);
  std::size_t at = text.body;
  std::size_t available = at == kNone ? 0 : bytes.size() - at;
  if (!sip) return reject(bad, "message: no SIP object");
  if (at == kNone)
    return reject(bad, "message: header section not ended by an empty line (RFC 3261 §7)");
  // RFC 3261 §7, §25.1: CR only appears in CRLF. sofia-sip accepts a bare CR inside a header
  // line and writes it back out, so the copy no longer frames like the original (found by the
  // sip_parse fuzzer).
  if (std::size_t i = text.bare_cr; i != kNone)
    return reject(bad, "header section: bare CR at offset " + std::to_string(i) +
                           " (RFC 3261 §7: lines end with CRLF)");
  // sofia-sip drops the whitespace and reads the line as a header of its own (sip_parse fuzzer).
  if (std::size_t f = text.folded_first_header; f != kNone)
    return reject(bad, "header section: the first header line (offset " + std::to_string(f) +
                           ") starts with whitespace, a continuation of the start line (RFC "
                           "3261 §7.3.1)");

  if (msg_has_error(guard.m)) {
    if (!sip->sip_request && !sip->sip_status)
      return reject(bad, response ? "status line: does not parse (SIP/2.0 SP 3DIGIT SP reason)"
                                  : "request line: does not parse (Method SP Request-URI SP "
                                    "SIP-Version)");
    if (sip->sip_content_length && sip->sip_content_length->l_length > available)
      return reject(bad, "Content-Length: " + std::to_string(sip->sip_content_length->l_length) +
                             " exceeds the " + std::to_string(available) + " octets of body");
    if (sip->sip_error) return reject(bad, describe_error_list(sip));
    return reject(bad, "message: malformed (sofia-sip error flag)");
  }
  if (sip->sip_error) return reject(bad, describe_error_list(sip));
  if (!sip->sip_request && !sip->sip_status) return reject(bad, "start line: missing");

  if (auto r = sip->sip_request ? check_request(sip) : check_response(sip); !r)
    return Unexpected<SipError>{r.error()};
  // sofia-sip keeps the CSeq method and drops text after it, then refuses its own copy.
  if (!text.cseq_lines_ok)
    return reject(bad,
                  "CSeq: the value is not a number and a method, nothing after (RFC 3261 "
                  "§20.16)");
  if (sip_sanity_check(sip) < 0) return reject(bad, "message: refused by sip_sanity_check");

  std::size_t discarded = 0;
  if (!sip->sip_content_length) {
    if (options.transport == Transport::kStream)
      return reject(bad, "Content-Length: missing, required on stream transports (RFC 3261 §18.3)");
  } else {
    std::size_t length = sip->sip_content_length->l_length;
    std::size_t payload = sip->sip_payload ? sip->sip_payload->pl_len : 0;
    if (length > available || payload != length)
      return reject(bad, "Content-Length: " + std::to_string(length) + " but " +
                             std::to_string(available) + " octets of body");
    if (length < available) {
      if (options.transport == Transport::kStream)
        return reject(bad, "Content-Length: " + std::to_string(length) + " but " +
                               std::to_string(available) + " octets follow the header section");
      discarded = available - length;  // RFC 3261 §18.3: extra datagram octets are discarded
    }
  }
  Message m(guard.release());
  m.discarded_octets_ = discarded;
  return m;
}

Message Message::adopt(msg_s* msg) { return Message(msg); }

Message::Message(Message&& other) noexcept
    : msg_(std::exchange(other.msg_, nullptr)), discarded_octets_(other.discarded_octets_) {}

Message& Message::operator=(Message&& other) noexcept {
  if (this != &other) {
    if (msg_) msg_destroy(msg_);
    msg_ = std::exchange(other.msg_, nullptr);
    discarded_octets_ = other.discarded_octets_;
  }
  return *this;
}

Message::~Message() {
  if (msg_) msg_destroy(msg_);
}

Message Message::clone() const {
  Message copy(msg_dup(msg_));
  copy.discarded_octets_ = discarded_octets_;
  return copy;
}

sip_s* Message::sip() const { return sip_object(msg_); }

std::string Message::serialize() const {
  sip_t* s = sip();
  if (!s->sip_content_length) sip_complete_message(msg_);
  if (msg_serialize(msg_, reinterpret_cast<msg_pub_t*>(s)) < 0) return {};
  // Re-encode every header from its parsed form: a liberally accepted message (extra LWS,
  // RFC 4475 §3.1.2.9/§3.1.2.14) is never forwarded with its irregular text.
  if (msg_header_t** head = msg_chain_head(msg_))
    for (msg_header_t* h = *head; h; h = h->sh_succ) msg_fragment_clear(h->sh_common);
  detail::TempHome home;
  size_t len = 0;
  char* text = msg_as_string(home.get(), msg_, reinterpret_cast<msg_pub_t*>(s), 0, &len);
  return text ? std::string(text, len) : std::string();
}

bool Message::is_request() const { return sip()->sip_request != nullptr; }

std::string_view Message::method() const {
  return is_request() ? view(sip()->sip_request->rq_method_name) : std::string_view();
}

int Message::status() const { return sip()->sip_status ? sip()->sip_status->st_status : 0; }

std::string_view Message::reason() const {
  return sip()->sip_status ? view(sip()->sip_status->st_phrase) : std::string_view();
}

std::string Message::request_uri() const {
  return is_request() ? detail::url_text(sip()->sip_request->rq_url) : std::string();
}

std::string_view Message::call_id() const {
  return sip()->sip_call_id ? view(sip()->sip_call_id->i_id) : std::string_view();
}

std::uint32_t Message::cseq() const { return sip()->sip_cseq ? sip()->sip_cseq->cs_seq : 0; }

std::string_view Message::cseq_method() const {
  return sip()->sip_cseq ? view(sip()->sip_cseq->cs_method_name) : std::string_view();
}

std::string Message::from_uri() const {
  return sip()->sip_from ? detail::url_text(sip()->sip_from->a_url) : std::string();
}
std::string_view Message::from_tag() const {
  return sip()->sip_from ? view(sip()->sip_from->a_tag) : std::string_view();
}
std::string Message::to_uri() const {
  return sip()->sip_to ? detail::url_text(sip()->sip_to->a_url) : std::string();
}
std::string_view Message::to_tag() const {
  return sip()->sip_to ? view(sip()->sip_to->a_tag) : std::string_view();
}

std::optional<int> Message::max_forwards() const {
  if (!sip()->sip_max_forwards) return std::nullopt;
  return int(sip()->sip_max_forwards->mf_count);
}

std::size_t Message::via_count() const {
  std::size_t n = 0;
  for (const sip_via_t* v = sip()->sip_via; v; v = v->v_next) ++n;
  return n;
}

std::string_view Message::top_via_branch() const {
  return sip()->sip_via ? view(sip()->sip_via->v_branch) : std::string_view();
}

std::string Message::top_via_sent_by() const {
  const sip_via_t* v = sip()->sip_via;
  if (!v) return {};
  std::string s(view(v->v_host));
  if (v->v_port) s += ":" + std::string(v->v_port);
  return s;
}

std::string_view Message::top_via_transport() const {
  const sip_via_t* v = sip()->sip_via;
  if (!v) return {};
  std::string_view p = view(v->v_protocol);  // "SIP/2.0/UDP"
  auto slash = p.rfind('/');
  return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

std::size_t Message::route_count() const {
  std::size_t n = 0;
  for (const sip_route_t* r = sip()->sip_route; r; r = r->r_next) ++n;
  return n;
}

std::string Message::top_route_uri() const {
  return sip()->sip_route ? detail::url_text(sip()->sip_route->r_url) : std::string();
}

std::size_t Message::record_route_count() const {
  std::size_t n = 0;
  for (const sip_record_route_t* r = sip()->sip_record_route; r; r = r->r_next) ++n;
  return n;
}

std::vector<std::string> Message::record_route_uris() const {
  std::vector<std::string> out;
  for (const sip_record_route_t* r = sip()->sip_record_route; r; r = r->r_next)
    out.push_back("<" + detail::url_text(r->r_url) + ">");
  return out;
}

std::string Message::contact_uri() const {
  return sip()->sip_contact ? detail::url_text(sip()->sip_contact->m_url) : std::string();
}

std::string_view Message::body() const {
  const sip_payload_t* p = sip()->sip_payload;
  return p && p->pl_data ? std::string_view(p->pl_data, p->pl_len) : std::string_view();
}

std::vector<std::string> Message::header_fields(std::string_view name) const {
  std::vector<std::string> out;
  std::string key(name);  // sofia reads the name as a NUL-terminated token
  sip_t* s = sip();
  const msg_href_t* href = msg_find_hclass(sip_default_mclass(), key.c_str(), nullptr);
  const bool known = href && href->hr_class && href->hr_class != sip_unknown_class &&
                     href->hr_class != sip_error_class;
  auto add = [&out](const msg_header_t* h) {
    char small[512];
    issize_t n = msg_header_field_e(small, sizeof small, h, 0);
    if (n < 0) return;
    if (std::size_t(n) < sizeof small) {
      out.emplace_back(small, std::size_t(n));
    } else {
      std::string big(std::size_t(n) + 1, '\0');
      n = msg_header_field_e(big.data(), isize_t(big.size()), h, 0);
      big.resize(n < 0 ? 0 : std::size_t(n));
      out.push_back(std::move(big));
    }
  };
  if (known) {
    auto* slot = reinterpret_cast<msg_header_t**>(reinterpret_cast<char*>(s) + href->hr_offset);
    for (const msg_header_t* h = *slot; h; h = h->sh_next) add(h);
    return out;
  }
  for (const sip_unknown_t* u = s->sip_unknown; u; u = u->un_next)
    if (u->un_name && su_casematch(u->un_name, key.c_str())) out.emplace_back(view(u->un_value));
  return out;
}

std::string Message::content_type() const {
  const sip_content_type_t* c = sip()->sip_content_type;
  return c ? std::string(view(c->c_type)) : std::string();
}

std::string_view reason_phrase(int status) { return view(sip_status_phrase(status)); }

}  // namespace imssim::sip
