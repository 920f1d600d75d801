#include "nodes/proto/sip/message.h"

#include <cstring>
#include <optional>
#include <utility>

#include "nodes/proto/sip/sofia.h"

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

using detail::view;

// Offset of the first body octet: just after the empty line that ends the header section
// (CRLF or bare LF line ends; leading empty lines are skipped, RFC 3261 §7.5). npos when the
// header section never ends.
std::size_t body_offset(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (s[i] == '\r' || s[i] == '\n')) ++i;
  while (i < s.size()) {
    const void* lf = std::memchr(s.data() + i, '\n', s.size() - i);
    if (!lf) break;
    i = std::size_t(static_cast<const char*>(lf) - s.data());
    if (i + 1 < s.size() && s[i + 1] == '\n') return i + 2;
    if (i + 2 < s.size() && s[i + 1] == '\r' && s[i + 2] == '\n') return i + 3;
    ++i;
  }
  return std::string_view::npos;
}

// Offset of the first CR in s that does not start a CRLF, npos when there is none.
std::size_t bare_cr(std::string_view s, std::size_t end) {
  for (std::size_t i = 0; i < end;) {
    const void* cr = std::memchr(s.data() + i, '\r', end - i);
    if (!cr) break;
    i = std::size_t(static_cast<const char*>(cr) - s.data());
    if (i + 1 >= s.size() || s[i + 1] != '\n') return i;
    i += 2;
  }
  return std::string_view::npos;
}

// RFC 3261 §7.3.1 (RFC 5322 §2.2.3 folding): a line that starts with SP or HT continues the
// header line before it. The line after the start line has none to continue (the start line
// is not a header and is never folded, §7.1/§7.2); sofia-sip drops the whitespace and reads it
// as a header of its own (sip_parse fuzzer). npos when the first header line is not folded,
// else its offset.
std::size_t folded_first_header_line(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (s[i] == '\r' || s[i] == '\n')) ++i;
  std::size_t eol = s.find('\n', i);
  if (eol == std::string_view::npos || eol + 1 >= s.size()) return std::string_view::npos;
  char c = s[eol + 1];
  return c == ' ' || c == '\t' ? eol + 1 : std::string_view::npos;
}

bool is_lws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// sofia-sip skips any SP, HT, CR and LF before the start line; RFC 3261 §7.5 lets only CRLF
// precede it. A SP or HT there also breaks our framing of the header section (an early
// "\t\n\n" looked like its end while sofia read on: sip_parse fuzzer). Offset of the first SP or
// HT before the start line, npos when there is none.
std::size_t whitespace_before_start_line(std::string_view s) {
  for (std::size_t i = 0; i < s.size() && is_lws(s[i]); ++i)
    if (s[i] == ' ' || s[i] == '\t') return i;
  return std::string_view::npos;
}

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
    if (!alnum && std::string_view("-.!%*_+`'~").find(c) == std::string_view::npos) return false;
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

// Calls f(piece) for each piece of text url_e() writes for `url`, in order, without building
// the string: the URI checks below run on every address header of every message.
template <class F>
void for_each_url_piece(const url_t* url, F&& f) {
  if (url->url_type == url_any) {
    f(std::string_view("*"));
    return;
  }
  if (url->url_scheme && url->url_scheme[0]) {
    f(std::string_view(url->url_scheme));
    f(std::string_view(":"));
  }
  if (url->url_root && (url->url_host || url->url_user)) f(std::string_view("//"));
  if (url->url_user) {
    f(std::string_view(url->url_user));
    if (url->url_password) {
      f(std::string_view(":"));
      f(std::string_view(url->url_password));
    }
    if (url->url_host) f(std::string_view("@"));
  }
  if (url->url_host) {
    f(std::string_view(url->url_host));
    if (url->url_port) {
      f(std::string_view(":"));
      f(std::string_view(url->url_port));
    }
  }
  if (url->url_path) {
    if (url->url_root) f(std::string_view("/"));
    f(std::string_view(url->url_path));
  }
  if (url->url_params) {
    f(std::string_view(";"));
    f(std::string_view(url->url_params));
  }
  if (url->url_headers) {
    f(std::string_view("?"));
    f(std::string_view(url->url_headers));
  }
  if (url->url_fragment) {
    f(std::string_view("#"));
    f(std::string_view(url->url_fragment));
  }
}

// True when the URI as written back holds one of `chars`.
bool url_has_any_of(const url_t* url, std::string_view chars) {
  bool found = false;
  for_each_url_piece(url, [&](std::string_view piece) {
    found = found || piece.find_first_of(chars) != std::string_view::npos;
  });
  return found;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// RFC 3261 §25.1: host = hostname / IPv4address / IPv6reference; hostname labels are
// alphanum and "-" joined by "."; IPv6reference = "[" IPv6address "]" (hex digits, ":" and,
// for an embedded IPv4 address, ".").
bool is_sip_host(std::string_view h) {
  if (h.empty()) return false;
  if (h.front() == '[') {
    if (h.size() < 3 || h.back() != ']') return false;
    for (char c : h.substr(1, h.size() - 2))
      if (!is_hex(c) && c != ':' && c != '.') return false;
    return true;
  }
  for (char c : h)
    if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '.') return false;
  return true;
}

// The structural problems of a URI sofia-sip accepted, or "" when there is none. Only called
// on URIs without whitespace, angle brackets or quotes.
//  * scheme: ALPHA *(ALPHA / DIGIT / "+" / "-" / ".") (RFC 3986 §3.1; "Route: _sip:h>");
//  * port: digits only (RFC 3261 §25.1 port = 1*DIGIT, RFC 3986 §3.2.3 port = *DIGIT); sofia
//    does not look at the port of an unknown scheme ("From: si::7:1]", sip_parse fuzzer);
//  * host of a sip:/sips: URI per RFC 3261 §25.1; of other schemes, "[" and "]" only around
//    the whole host (RFC 3986 §3.2.2 IP-literal);
//  * path: a SIP-URI has none (RFC 3261 §19.1.1), and for any scheme sofia writes a path that
//    did not follow "//host" back without its "/" ("sip:2[00/1:db8::10]" became
//    "sip:2[001:db8::10]", which does not parse: sip_parse fuzzer).
std::string_view uri_structure_problem(const url_t* url) {
  std::string_view scheme = view(url->url_scheme);
  if (scheme.empty()) return "has no scheme (RFC 3261 §25.1: SIP-URI / absoluteURI)";
  bool scheme_ok = is_alpha(scheme[0]);
  for (char c : scheme)
    scheme_ok = scheme_ok && (is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.');
  if (!scheme_ok) return "scheme is not ALPHA *(ALPHA / DIGIT / + / - / .) (RFC 3986 §3.1)";
  bool sip = url->url_type == url_sip || url->url_type == url_sips;
  if (url->url_port) {
    std::string_view port(url->url_port);
    if (sip && port.empty()) return "empty port (RFC 3261 §25.1: port = 1*DIGIT)";
    for (char c : port)
      if (!is_digit(c)) return "port is not a number (RFC 3261 §25.1, RFC 3986 §3.2.3)";
  }
  if (url->url_host) {
    std::string_view host(url->url_host);
    if (sip && !is_sip_host(host))
      return "host is not a hostname, IPv4 address or [IPv6 address] (RFC 3261 §25.1)";
    auto bracket = host.find_first_of("[]");
    if (bracket != std::string_view::npos &&
        (host.front() != '[' || host.back() != ']' || host.size() < 3 ||
         host.substr(1, host.size() - 2).find_first_of("[]") != std::string_view::npos))
      return "'[' or ']' in the host outside an IP-literal (RFC 3986 §3.2.2)";
  }
  if (url->url_path) {
    if (sip) return "a SIP URI has no path (RFC 3261 §19.1.1)";
    if (!url->url_root) return "path not preceded by \"//authority\" or \"/\" (RFC 3986 §3.3)";
  }
  return {};
}

std::string url_quoted(const url_t* url) { return "\"" + detail::url_text(url) + "\""; }

// sofia keeps LWS inside <...> as part of the URI (RFC 4475 §3.1.2.14); such a URI must
// not be forwarded, and stripping it would be guessing, so the message is refused.
// A URI that sofia-sip accepted but that would not parse again once written inside <>:
// whitespace, angle brackets or quotes in it, or a structural problem (above). Found by the
// sip_parse fuzzer ("Route: _sip:h>"). Builds no string unless the URI is refused.
std::optional<std::string> uri_problem(const url_t* url) {
  if (url->url_type == url_any) return std::nullopt;  // Contact: * (RFC 3261 §10.2.2)
  if (url_has_any_of(url, " \t<>\""))
    return "whitespace, '<', '>' or '\"' inside the URI " + url_quoted(url);
  std::string_view p = uri_structure_problem(url);
  if (!p.empty()) return url_quoted(url) + ": " + std::string(p);
  return std::nullopt;
}

Result<Ok, SipError> check_addresses(const sip_t* sip, int status_if_bad) {
  for (const sip_addr_t* a : {sip->sip_from, sip->sip_to}) {
    const char* name = a == sip->sip_from ? "From" : "To";
    if (url_has_any_of(a->a_url, " \t"))
      return reject(status_if_bad, std::string(name) + ": whitespace inside the addr-spec " +
                                       url_quoted(a->a_url));
    if (auto p = uri_problem(a->a_url)) return reject(status_if_bad, std::string(name) + ": " + *p);
  }
  for (const sip_contact_t* m = sip->sip_contact; m; m = m->m_next)
    if (auto p = uri_problem(m->m_url)) return reject(status_if_bad, "Contact: " + *p);
  for (const sip_route_t* r = sip->sip_route; r; r = r->r_next)
    if (auto p = uri_problem(r->r_url)) return reject(status_if_bad, "Route: " + *p);
  for (const sip_record_route_t* r = sip->sip_record_route; r; r = r->r_next)
    if (auto p = uri_problem(r->r_url)) return reject(status_if_bad, "Record-Route: " + *p);
  return Ok{};
}

// RFC 3261 §20.16: CSeq = 1*DIGIT LWS Method, nothing after. sofia-sip keeps the method and
// drops trailing text ("CSeq: 2 I   ame=x"), then refuses its own copy "CSeq: 2 I" (sip_parse
// fuzzer), so the raw header section is checked: every CSeq line, folded lines joined, must
// hold exactly two words.
Result<Ok, SipError> check_cseq_text(std::string_view headers, int status_if_bad) {
  auto lws = [](char c) { return c == ' ' || c == '\t'; };
  std::size_t at = 0;
  while (at < headers.size()) {
    std::size_t end = headers.find('\n', at);
    if (end == std::string_view::npos) end = headers.size();
    // The logical line: continuation lines (starting with SP/HT) belong to it (§7.3.1).
    while (end + 1 < headers.size() && lws(headers[end + 1])) {
      std::size_t next = headers.find('\n', end + 1);
      end = next == std::string_view::npos ? headers.size() : next;
    }
    std::string_view line = headers.substr(at, end - at);
    at = end + 1;
    if (line.size() < 5 || strncasecmp(line.data(), "CSeq", 4) != 0) continue;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = line.substr(0, colon);
    while (!name.empty() && lws(name.back())) name.remove_suffix(1);
    if (name.size() != 4) continue;
    int words = 0;
    bool in_word = false;
    for (char c : line.substr(colon + 1)) {
      bool space = lws(c) || c == '\r' || c == '\n';
      if (!space && !in_word) ++words;
      in_word = !space;
    }
    if (words != 2)
      return reject(status_if_bad, "CSeq: the value is not a number and a method, nothing after "
                                   "(RFC 3261 §20.16)");
  }
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
  if (std::size_t i = whitespace_before_start_line(bytes); i != std::string_view::npos)
    return reject(bad, "message: SP or HT at offset " + std::to_string(i) +
                           " before the start line (RFC 3261 §7.5: only CRLF may precede it)");
  MsgGuard guard{msg_make(sip_default_mclass(), 0, bytes.data(), issize_t(bytes.size()))};
  if (!guard.m) return reject(bad, "message: sofia-sip could not frame it");
  const sip_t* sip = sip_object(guard.m);
  std::size_t at = body_offset(bytes);
  std::size_t available = at == std::string_view::npos ? 0 : bytes.size() - at;
  if (!sip) return reject(bad, "message: no SIP object");
  if (at == std::string_view::npos)
    return reject(bad, "message: header section not ended by an empty line (RFC 3261 §7)");
  // RFC 3261 §7, §25.1: CR only appears in CRLF. sofia-sip accepts a bare CR inside a header
  // line and writes it back out, so the copy no longer frames like the original (found by the
  // sip_parse fuzzer).
  if (std::size_t i = bare_cr(bytes, at); i != std::string_view::npos)
    return reject(bad, "header section: bare CR at offset " + std::to_string(i) +
                           " (RFC 3261 §7: lines end with CRLF)");

  if (std::size_t f = folded_first_header_line(bytes); f != std::string_view::npos)
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
  if (auto r = check_cseq_text(bytes.substr(0, at), bad); !r) return Unexpected<SipError>{r.error()};
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

std::string Message::content_type() const {
  const sip_content_type_t* c = sip()->sip_content_type;
  return c ? std::string(view(c->c_type)) : std::string();
}

std::string_view reason_phrase(int status) { return view(sip_status_phrase(status)); }

}  // namespace imssim::sip
