#include "nodes/proto/gba/digest.h"

#include <algorithm>

#include "common/hex.h"
#include "nodes/proto/gba/constants.h"

namespace imssim::gba {
namespace {

// RFC 7230 §3.2.6 tchar.
bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

struct ParsedParam {
  std::string name;
  std::string value;
  bool quoted = false;
  std::size_t column = 0;  // 1-based position of the name
};

// Lexes "[scheme SP] name=value, name=value ..." with RFC 7230 OWS/BWS and quoted-string rules.
class ParamLexer {
 public:
  ParamLexer(std::string_view text, std::string_view header) : s_(text), header_(header) {}

  Result<std::string> scheme() {
    skip_ows();
    std::size_t start = pos_;
    while (pos_ < s_.size() && is_tchar(s_[pos_])) ++pos_;
    if (pos_ == start) return error("expected the auth-scheme token");
    std::string token(s_.substr(start, pos_ - start));
    if (pos_ < s_.size() && s_[pos_] != ' ')
      return error("expected a space after the auth-scheme \"" + token + "\"");
    return token;
  }

  Result<std::vector<ParsedParam>> params() {
    std::vector<ParsedParam> out;
    skip_ows();
    if (pos_ == s_.size()) return out;
    while (true) {
      skip_ows();
      ParsedParam p;
      p.column = pos_ + 1;
      std::size_t start = pos_;
      while (pos_ < s_.size() && is_tchar(s_[pos_])) ++pos_;
      if (pos_ == start) return error_r<std::vector<ParsedParam>>("expected a parameter name");
      p.name.assign(s_.substr(start, pos_ - start));
      skip_ows();  // BWS
      if (pos_ == s_.size() || s_[pos_] != '=')
        return error_r<std::vector<ParsedParam>>("expected '=' after parameter name \"" + p.name +
                                                 "\"");
      ++pos_;
      skip_ows();  // BWS
      if (pos_ < s_.size() && s_[pos_] == '"') {
        auto v = quoted_string(p.name);
        if (!v) return Unexpected{v.error()};
        p.value = std::move(*v);
        p.quoted = true;
      } else {
        start = pos_;
        while (pos_ < s_.size() && is_tchar(s_[pos_])) ++pos_;
        if (pos_ == start)
          return error_r<std::vector<ParsedParam>>(
              "parameter \"" + p.name + "\" has no value (expected a token or a quoted string)");
        p.value.assign(s_.substr(start, pos_ - start));
      }
      for (const auto& q : out)
        if (iequals(q.name, p.name))
          return error_r<std::vector<ParsedParam>>("parameter \"" + p.name + "\" appears twice");
      out.push_back(std::move(p));
      skip_ows();
      if (pos_ == s_.size()) return out;
      if (s_[pos_] != ',')
        return error_r<std::vector<ParsedParam>>("expected ',' or the end after parameter \"" +
                                                 out.back().name + "\"");
      ++pos_;
      skip_ows();
      if (pos_ == s_.size())
        return error_r<std::vector<ParsedParam>>("trailing ',' without a parameter");
    }
  }

 private:
  void skip_ows() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }

  // quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE (RFC 7230 §3.2.6).
  Result<std::string> quoted_string(const std::string& name) {
    const std::size_t open = pos_;
    ++pos_;
    std::string v;
    while (pos_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return v;
      }
      if (c == '\\') {
        if (pos_ + 1 == s_.size()) break;
        unsigned char e = static_cast<unsigned char>(s_[pos_ + 1]);
        if (e != '\t' && (e < 0x20 || e == 0x7F))
          return error("control character after '\\' in the value of \"" + name + "\"");
        v.push_back(char(e));
        pos_ += 2;
        continue;
      }
      if (c != '\t' && (c < 0x20 || c == 0x7F))
        return error("control character 0x" + to_hex(Bytes{c}) + " in the value of \"" + name +
                     "\"");
      v.push_back(char(c));
      ++pos_;
    }
    pos_ = open;
    return error("unterminated quoted string for \"" + name + "\"");
  }

  Unexpected<Error> error(const std::string& why) const {
    return fail(std::string(header_) + " at column " + std::to_string(pos_ + 1) + ": " + why);
  }
  template <typename T>
  Result<T> error_r(const std::string& why) const {
    return error(why);
  }

  std::string_view s_;
  std::string_view header_;
  std::size_t pos_ = 0;
};

Result<std::vector<ParsedParam>> lex_digest(std::string_view value, std::string_view header) {
  ParamLexer lexer(value, header);
  auto scheme = lexer.scheme();
  if (!scheme) return Unexpected{scheme.error()};
  if (!iequals(*scheme, kDigestScheme))
    return fail(std::string(header) + ": auth-scheme \"" + *scheme + "\" is not Digest");
  return lexer.params();
}

std::string describe(std::string_view header, const ParsedParam& p) {
  return std::string(header) + " parameter \"" + p.name + "\" (column " + std::to_string(p.column) +
         ")";
}

bool is_lhex(std::string_view s, std::size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// Appends name="value" with '"' and '\\' escaped (RFC 7230 §3.2.6 quoted-pair).
void put_quoted(std::string& out, std::string_view name, std::string_view value) {
  if (!out.empty() && out.back() != ' ') out += ", ";
  out.append(name);
  out += "=\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

void put_token(std::string& out, std::string_view name, std::string_view value) {
  if (!out.empty() && out.back() != ' ') out += ", ";
  out.append(name);
  out.push_back('=');
  out.append(value);
}

void put_extensions(std::string& out, const std::vector<AuthParam>& ext) {
  for (const auto& e : ext) put_quoted(out, e.name, e.value);
}

// Reads the parameters into named slots; unknown names go to `extensions`.
struct Slot {
  std::string_view name;
  const ParsedParam** target;
};

void assign(std::vector<ParsedParam>& params, std::initializer_list<Slot> slots,
            std::vector<AuthParam>& extensions) {
  for (auto& p : params) {
    bool known = false;
    for (const auto& slot : slots)
      if (iequals(p.name, slot.name)) {
        *slot.target = &p;
        known = true;
      }
    if (!known) extensions.push_back({p.name, p.value});
  }
}

Result<Ok> require(std::string_view header, const ParsedParam* p, std::string_view name) {
  if (!p)
    return fail(std::string(header) + ": required parameter \"" + std::string(name) +
                "\" is missing");
  return Ok{};
}

Result<Ok> check_nc(std::string_view header, const ParsedParam& p) {
  if (!is_lhex(p.value, kNonceCountDigits))
    return fail(describe(header, p) + ": \"" + p.value + "\" is not 8 lower-case hex digits");
  return Ok{};
}

Result<std::string> check_qop(std::string_view header, const ParsedParam& p) {
  if (iequals(p.value, kQopAuth)) return std::string(kQopAuth);
  if (iequals(p.value, kQopAuthInt)) return std::string(kQopAuthInt);
  return fail(describe(header, p) + ": \"" + p.value + "\" is neither auth nor auth-int");
}

constexpr std::string_view kWwwAuthenticate = "WWW-Authenticate";
constexpr std::string_view kAuthorization = "Authorization";
constexpr std::string_view kAuthenticationInfo = "Authentication-Info";

}  // namespace

std::string format_challenge(const DigestChallenge& c) {
  std::string out = std::string(kDigestScheme) + " ";
  put_quoted(out, "realm", c.realm);
  put_quoted(out, "nonce", c.nonce);
  if (c.domain) put_quoted(out, "domain", *c.domain);
  if (c.opaque) put_quoted(out, "opaque", *c.opaque);
  if (c.stale) put_token(out, "stale", "true");
  if (!c.algorithm.empty()) put_token(out, "algorithm", c.algorithm);
  if (!c.qop_options.empty()) {
    std::string list;
    for (const auto& q : c.qop_options) list += (list.empty() ? "" : ",") + q;
    put_quoted(out, "qop", list);
  }
  put_extensions(out, c.extensions);
  return out;
}

Result<DigestChallenge> parse_challenge(std::string_view header_value) {
  const auto h = kWwwAuthenticate;
  auto params = lex_digest(header_value, h);
  if (!params) return Unexpected{params.error()};
  const ParsedParam *realm = nullptr, *nonce = nullptr, *opaque = nullptr, *domain = nullptr,
                    *algorithm = nullptr, *qop = nullptr, *stale = nullptr;
  DigestChallenge c;
  assign(*params,
         {{"realm", &realm},
          {"nonce", &nonce},
          {"opaque", &opaque},
          {"domain", &domain},
          {"algorithm", &algorithm},
          {"qop", &qop},
          {"stale", &stale}},
         c.extensions);
  if (auto r = require(h, realm, "realm"); !r) return Unexpected{r.error()};
  if (auto r = require(h, nonce, "nonce"); !r) return Unexpected{r.error()};
  c.realm = realm->value;
  c.nonce = nonce->value;
  if (opaque) c.opaque = opaque->value;
  if (domain) c.domain = domain->value;
  if (algorithm) {
    if (algorithm->value.empty()) return fail(describe(h, *algorithm) + ": empty algorithm");
    c.algorithm = algorithm->value;
  }
  if (stale) {
    if (iequals(stale->value, "true"))
      c.stale = true;
    else if (!iequals(stale->value, "false"))
      return fail(describe(h, *stale) + ": \"" + stale->value + "\" is neither true nor false");
  }
  if (qop) {
    // qop-options = <"> 1#qop-value <">: comma-separated tokens with optional whitespace.
    std::string_view list = qop->value;
    std::size_t start = 0;
    while (true) {
      std::size_t comma = list.find(',', start);
      std::string_view item = list.substr(start, comma == list.npos ? list.npos : comma - start);
      while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
      while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
      if (item.empty() || !std::all_of(item.begin(), item.end(), is_tchar))
        return fail(describe(h, *qop) + ": \"" + qop->value +
                    "\" is not a comma-separated list of tokens");
      c.qop_options.emplace_back(item);
      if (comma == list.npos) break;
      start = comma + 1;
    }
  }
  return c;
}

std::string format_credentials(const DigestCredentials& c) {
  std::string out = std::string(kDigestScheme) + " ";
  put_quoted(out, "username", c.username);
  put_quoted(out, "realm", c.realm);
  put_quoted(out, "nonce", c.nonce);
  put_quoted(out, "uri", c.uri);
  put_quoted(out, "response", c.response);
  if (!c.algorithm.empty()) put_token(out, "algorithm", c.algorithm);
  if (c.cnonce) put_quoted(out, "cnonce", *c.cnonce);
  if (c.opaque) put_quoted(out, "opaque", *c.opaque);
  if (c.qop) put_token(out, "qop", *c.qop);
  if (c.nc) put_token(out, "nc", *c.nc);
  if (c.auts) put_quoted(out, "auts", to_base64(*c.auts));
  put_extensions(out, c.extensions);
  return out;
}

Result<DigestCredentials> parse_credentials(std::string_view header_value) {
  const auto h = kAuthorization;
  auto params = lex_digest(header_value, h);
  if (!params) return Unexpected{params.error()};
  const ParsedParam *username = nullptr, *realm = nullptr, *nonce = nullptr, *uri = nullptr,
                    *response = nullptr, *algorithm = nullptr, *cnonce = nullptr, *opaque = nullptr,
                    *qop = nullptr, *nc = nullptr, *auts = nullptr;
  DigestCredentials c;
  assign(*params,
         {{"username", &username},
          {"realm", &realm},
          {"nonce", &nonce},
          {"uri", &uri},
          {"response", &response},
          {"algorithm", &algorithm},
          {"cnonce", &cnonce},
          {"opaque", &opaque},
          {"qop", &qop},
          {"nc", &nc},
          {"auts", &auts}},
         c.extensions);
  for (auto [p, name] : {std::pair{username, "username"},
                         {realm, "realm"},
                         {nonce, "nonce"},
                         {uri, "uri"},
                         {response, "response"}})
    if (auto r = require(h, p, name); !r) return Unexpected{r.error()};
  c.username = username->value;
  c.realm = realm->value;
  c.nonce = nonce->value;
  c.uri = uri->value;
  if (!response->value.empty() && !is_lhex(response->value, 32))
    return fail(describe(h, *response) + ": \"" + response->value +
                "\" is not 32 lower-case hex digits (request-digest)");
  c.response = response->value;
  if (algorithm) {
    if (algorithm->value.empty()) return fail(describe(h, *algorithm) + ": empty algorithm");
    c.algorithm = algorithm->value;
  }
  if (opaque) c.opaque = opaque->value;
  // RFC 2617 §3.2.2: cnonce and nc are sent exactly when a qop is.
  if (qop) {
    auto q = check_qop(h, *qop);
    if (!q) return Unexpected{q.error()};
    c.qop = *q;
    if (auto r = require(h, cnonce, "cnonce"); !r)
      return fail(r.error().message + " (it is required when qop is present)");
    if (auto r = require(h, nc, "nc"); !r)
      return fail(r.error().message + " (it is required when qop is present)");
  } else if (cnonce || nc) {
    return fail(describe(h, cnonce ? *cnonce : *nc) + ": not allowed without qop");
  }
  if (cnonce) c.cnonce = cnonce->value;
  if (nc) {
    if (auto r = check_nc(h, *nc); !r) return Unexpected{r.error()};
    c.nc = nc->value;
  }
  if (auts) {
    auto bytes = from_base64(auts->value);
    if (!bytes) return fail(describe(h, *auts) + ": " + bytes.error().message);
    if (bytes->size() != kAutsBytes)
      return fail(describe(h, *auts) + ": decodes to " + std::to_string(bytes->size()) +
                  " octets, AUTS has " + std::to_string(kAutsBytes));
    c.auts = std::move(*bytes);
  }
  return c;
}

std::string format_auth_info(const DigestAuthInfo& i) {
  std::string out;
  if (i.nextnonce) put_quoted(out, "nextnonce", *i.nextnonce);
  if (i.qop) put_token(out, "qop", *i.qop);
  if (i.rspauth) put_quoted(out, "rspauth", *i.rspauth);
  if (i.cnonce) put_quoted(out, "cnonce", *i.cnonce);
  if (i.nc) put_token(out, "nc", *i.nc);
  put_extensions(out, i.extensions);
  return out;
}

Result<DigestAuthInfo> parse_auth_info(std::string_view header_value) {
  const auto h = kAuthenticationInfo;
  auto params = ParamLexer(header_value, h).params();
  if (!params) return Unexpected{params.error()};
  if (params->empty()) return fail(std::string(h) + ": no parameters");
  const ParsedParam *nextnonce = nullptr, *qop = nullptr, *rspauth = nullptr, *cnonce = nullptr,
                    *nc = nullptr;
  DigestAuthInfo i;
  assign(*params,
         {{"nextnonce", &nextnonce},
          {"qop", &qop},
          {"rspauth", &rspauth},
          {"cnonce", &cnonce},
          {"nc", &nc}},
         i.extensions);
  if (nextnonce) i.nextnonce = nextnonce->value;
  if (qop) {
    auto q = check_qop(h, *qop);
    if (!q) return Unexpected{q.error()};
    i.qop = *q;
  }
  if (rspauth) {
    if (!is_lhex(rspauth->value, 32))
      return fail(describe(h, *rspauth) + ": \"" + rspauth->value +
                  "\" is not 32 lower-case hex digits");
    i.rspauth = rspauth->value;
  }
  if (cnonce) i.cnonce = cnonce->value;
  if (nc) {
    if (auto r = check_nc(h, *nc); !r) return Unexpected{r.error()};
    i.nc = nc->value;
  }
  return i;
}

}  // namespace imssim::gba
