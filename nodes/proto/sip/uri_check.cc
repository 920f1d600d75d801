#include "nodes/proto/sip/uri_check.h"

#include <array>
#include <string_view>

namespace imssim::sip::detail {
namespace {

// Calls f(text) for each url_t field that url_e() writes, under the same conditions, in the
// same order. The separators url_e() adds (":", "//", "@", "/", ";", "?", "#") are left out:
// the checks below look for characters none of them holds.
template <class F>
void for_each_written_field(const url_t* url, F&& f) {
  if (url->url_type == url_any) return;  // written as "*"
  if (url->url_scheme && url->url_scheme[0]) f(url->url_scheme);
  if (url->url_user) {
    f(url->url_user);
    if (url->url_password) f(url->url_password);
  }
  if (url->url_host) {
    f(url->url_host);
    if (url->url_port) f(url->url_port);
  }
  for (const char* part : {url->url_path, url->url_params, url->url_headers, url->url_fragment})
    if (part) f(part);
}

using CharSet = std::array<bool, 256>;

constexpr CharSet char_set(std::string_view chars) {
  CharSet set{};
  for (char c : chars) set[static_cast<unsigned char>(c)] = true;
  return set;
}

constexpr CharSet kWhitespace = char_set(" \t");
// What cannot stand inside <...> and parse again: LWS, the brackets, a quote.
constexpr CharSet kUnwritable = char_set(" \t<>\"");

bool has_any_of(const char* p, const CharSet& set) {
  for (; *p; ++p)
    if (set[static_cast<unsigned char>(*p)]) return true;
  return false;
}

bool written_has_any_of(const url_t* url, const CharSet& set) {
  bool found = false;
  for_each_written_field(url, [&](const char* text) { found = found || has_any_of(text, set); });
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

// True when h has no "[" or "]", or is "[" ... "]" with none inside.
bool brackets_only_around(std::string_view h) {
  bool literal = h.size() >= 3 && h.front() == '[' && h.back() == ']';
  std::size_t from = literal ? 1 : 0, to = literal ? h.size() - 1 : h.size();
  for (std::size_t i = from; i < to; ++i)
    if (h[i] == '[' || h[i] == ']') return false;
  return true;
}

// The structural problem of a URI sofia-sip accepted, or "" when there is none:
//  * scheme: ALPHA *(ALPHA / DIGIT / "+" / "-" / ".") (RFC 3986 §3.1; "Route: _sip:h>",
//    sip_parse fuzzer);
//  * port: digits only (RFC 3261 §25.1 port = 1*DIGIT, RFC 3986 §3.2.3 port = *DIGIT); sofia
//    does not look at the port of an unknown scheme ("From: si::7:1]", sip_parse fuzzer) and
//    takes "*" as the port of a SIP URI;
//  * host of a sip:/sips: URI per RFC 3261 §25.1; of other schemes, "[" and "]" only around
//    the whole host (RFC 3986 §3.2.2 IP-literal);
//  * path: a SIP-URI has none (RFC 3261 §19.1.1), and for any scheme sofia writes a path that
//    did not follow "//authority" or "/" back without its "/" ("sip:2[00/1:db8::10]" became
//    "sip:2[001:db8::10]", which does not parse: sip_parse fuzzer).
std::string_view structure_problem(const url_t* url) {
  std::string_view scheme = url->url_scheme ? std::string_view(url->url_scheme) : "";
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
    // (a valid SIP host has its brackets in place)
    if (!sip && !brackets_only_around(host))
      return "'[' or ']' in the host outside an IP-literal (RFC 3986 §3.2.2)";
  }
  if (url->url_path) {
    if (sip) return "a SIP URI has no path (RFC 3261 §19.1.1)";
    if (!url->url_root) return "path not preceded by \"//authority\" or \"/\" (RFC 3986 §3.3)";
  }
  return {};
}

// A quick yes for the common case, a sip:/sips: URI without problems; false means "run the full
// checks", not "refused". sofia typed the URI sip/sips only for a scheme that is "sip" or "sips"
// in any case, so the scheme needs no look, and a host that is_sip_host accepts holds none of
// kUnwritable.
bool plainly_fine_sip_uri(const url_t* url) {
  if (url->url_type != url_sip && url->url_type != url_sips) return false;
  if (!url->url_host || !is_sip_host(url->url_host) || url->url_path) return false;
  if (url->url_port) {
    const char* p = url->url_port;
    if (!*p) return false;
    for (; *p; ++p)
      if (!is_digit(*p)) return false;
  }
  for (const char* part :
       {url->url_user, url->url_password, url->url_params, url->url_headers, url->url_fragment})
    if (part && has_any_of(part, kUnwritable)) return false;
  return true;
}

}  // namespace

bool uri_has_whitespace(const url_t* url) { return written_has_any_of(url, kWhitespace); }

// sofia keeps LWS inside <...> as part of the URI (RFC 4475 §3.1.2.14); such a URI must not be
// forwarded, and stripping it would be guessing, so the message is refused. So is a URI that
// sofia accepted but that would not parse again once written inside <>, or that breaks its
// grammar (structure_problem).
std::optional<std::string> uri_problem(const url_t* url) {
  if (url->url_type == url_any) return std::nullopt;  // Contact: * (RFC 3261 §10.2.2)
  if (plainly_fine_sip_uri(url)) return std::nullopt;
  if (written_has_any_of(url, kUnwritable))
    return "whitespace, '<', '>' or '\"' inside the URI \"" + url_text(url) + "\"";
  std::string_view p = structure_problem(url);
  if (!p.empty()) return "\"" + url_text(url) + "\": " + std::string(p);
  return std::nullopt;
}

}  // namespace imssim::sip::detail
