#include "nodes/proto/gba/bootstrapping_info.h"

#include <optional>

#include "common/xml.h"
#include "nodes/proto/gba/constants.h"

namespace imssim::gba {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date, and back (the era-based method: 400-year
// eras of 146097 days).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + std::int64_t(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = unsigned(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = std::int64_t(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

void put_digits(std::string& out, std::int64_t v, int width) {
  std::string s = std::to_string(v);
  if (int(s.size()) < width) out.append(std::size_t(width) - s.size(), '0');
  out += s;
}

// A strict reader for the one document shape above. Errors carry line:column.
class XmlReader {
 public:
  explicit XmlReader(std::string_view s) : s_(s) {}

  Result<BootstrappingInfo> document() {
    if (starts_with("<?xml")) {
      std::size_t end = s_.find("?>", pos_);
      if (end == std::string_view::npos) return error("unterminated XML declaration");
      advance_to(end + 2);
    }
    if (auto r = misc(); !r) return Unexpected{r.error()};
    if (auto r = open_root(); !r) return Unexpected{r.error()};
    BootstrappingInfo info;
    auto btid = child("btid");
    if (!btid) return Unexpected{btid.error()};
    if (btid->empty()) return error("btid is empty");
    info.btid = std::move(*btid);
    auto lifetime = child("lifetime");
    if (!lifetime) return Unexpected{lifetime.error()};
    auto t = parse_rfc3339_utc(*lifetime);
    if (!t) return error("lifetime: " + t.error().message, text_mark_);
    info.lifetime_unix = *t;
    if (auto r = misc(); !r) return Unexpected{r.error()};
    if (!starts_with("</BootstrappingInfo"))
      return error("expected </BootstrappingInfo> after lifetime");
    advance_to(pos_ + 19);
    skip_space();
    if (!starts_with(">")) return error("expected '>' to close </BootstrappingInfo");
    advance_to(pos_ + 1);
    if (auto r = misc(); !r) return Unexpected{r.error()};
    if (pos_ != s_.size()) return error("content after the root element");
    return info;
  }

 private:
  bool starts_with(std::string_view p) const { return s_.substr(pos_).substr(0, p.size()) == p; }
  void advance_to(std::size_t to) {
    for (; pos_ < to && pos_ < s_.size(); ++pos_) {
      if (s_[pos_] == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      }
    }
  }
  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
  void skip_space() {
    std::size_t p = pos_;
    while (p < s_.size() && is_space(s_[p])) ++p;
    advance_to(p);
  }
  // Whitespace and comments (XML 1.0 §2.5: no "--" inside a comment).
  Result<Ok> misc() {
    while (true) {
      skip_space();
      if (!starts_with("<!--")) return Ok{};
      std::size_t end = s_.find("-->", pos_ + 4);
      if (end == std::string_view::npos) return error("unterminated comment");
      if (s_.substr(pos_ + 4, end - pos_ - 4).find("--") != std::string_view::npos)
        return error("\"--\" inside a comment");
      advance_to(end + 3);
    }
  }
  Result<Ok> open_root() {
    if (!starts_with("<BootstrappingInfo"))
      return error("expected the root element <BootstrappingInfo>");
    advance_to(pos_ + 18);
    bool has_ns = false;
    while (true) {
      const std::size_t before = pos_;
      skip_space();
      if (starts_with(">")) {
        advance_to(pos_ + 1);
        break;
      }
      if (pos_ == before)
        return error("expected whitespace, an attribute or '>' in <BootstrappingInfo>");
      std::size_t name_end = pos_;
      while (name_end < s_.size() && !is_space(s_[name_end]) && s_[name_end] != '=' &&
             s_[name_end] != '>')
        ++name_end;
      std::string_view name = s_.substr(pos_, name_end - pos_);
      if (name != "xmlns")
        return error(std::string("unexpected attribute \"").append(name) +
                     "\" on <BootstrappingInfo>");
      if (has_ns) return error("duplicate xmlns attribute");
      advance_to(name_end);
      skip_space();
      if (!starts_with("=")) return error("expected '=' after xmlns");
      advance_to(pos_ + 1);
      skip_space();
      if (pos_ == s_.size() || (s_[pos_] != '"' && s_[pos_] != '\''))
        return error("expected a quoted xmlns value");
      const char quote = s_[pos_];
      std::size_t close = s_.find(quote, pos_ + 1);
      if (close == std::string_view::npos) return error("unterminated xmlns value");
      std::string_view ns = s_.substr(pos_ + 1, close - pos_ - 1);
      if (ns != kBsfXmlNamespace)
        return error(std::string("namespace \"").append(ns) + "\" is not " +
                     std::string(kBsfXmlNamespace));
      advance_to(close + 1);
      has_ns = true;
    }
    if (!has_ns)
      return error(std::string("<BootstrappingInfo> lacks xmlns=\"").append(kBsfXmlNamespace) +
                   "\"");
    return Ok{};
  }
  // <name>character data</name>, after optional whitespace and comments.
  Result<std::string> child(std::string_view name) {
    if (auto r = misc(); !r) return Unexpected{r.error()};
    std::string open = "<";
    open.append(name).append(">");
    if (!starts_with(open)) return error("expected " + open);
    advance_to(pos_ + open.size());
    text_mark_ = mark();
    std::string text;
    while (pos_ < s_.size() && s_[pos_] != '<') {
      const char c = s_[pos_];
      if (c == '&') {
        auto ch = entity();
        if (!ch) return Unexpected{ch.error()};
        text.push_back(*ch);
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20 && !is_space(c))
        return error(std::string("control character in <").append(name) + ">");
      text.push_back(c);
      advance_to(pos_ + 1);
    }
    std::string close = "</";
    close.append(name).append(">");
    if (!starts_with(close)) return error("expected " + close + " (no nested elements allowed)");
    advance_to(pos_ + close.size());
    // Character data may be surrounded by whitespace in pretty-printed documents.
    std::size_t b = 0, e = text.size();
    while (b < e && is_space(text[b])) ++b;
    while (e > b && is_space(text[e - 1])) --e;
    return text.substr(b, e - b);
  }
  Result<char> entity() {
    static constexpr std::pair<std::string_view, char> kEntities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    for (auto [text, ch] : kEntities)
      if (starts_with(text)) {
        advance_to(pos_ + text.size());
        return ch;
      }
    return error("unsupported entity or character reference (only &amp; &lt; &gt; &quot; &apos;)");
  }
  struct Mark {
    std::size_t line = 1;
    std::size_t column = 1;
  };
  Mark mark() const { return {line_, pos_ - line_start_ + 1}; }
  Unexpected<Error> error(const std::string& why) const { return error(why, mark()); }
  Unexpected<Error> error(const std::string& why, Mark at) const {
    return fail("BootstrappingInfo at " + std::to_string(at.line) + ":" +
                std::to_string(at.column) + ": " + why);
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t line_start_ = 0;
  Mark text_mark_;  // where the character data of the last child element starts
};

}  // namespace

std::string format_rfc3339_utc(std::int64_t unix_seconds) {
  std::int64_t days = unix_seconds / 86400;
  std::int64_t secs = unix_seconds % 86400;
  if (secs < 0) {
    secs += 86400;
    days -= 1;
  }
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  std::string out;
  put_digits(out, y, 4);
  out += '-';
  put_digits(out, m, 2);
  out += '-';
  put_digits(out, d, 2);
  out += 'T';
  put_digits(out, secs / 3600, 2);
  out += ':';
  put_digits(out, secs / 60 % 60, 2);
  out += ':';
  put_digits(out, secs % 60, 2);
  out += 'Z';
  return out;
}

Result<std::int64_t> parse_rfc3339_utc(std::string_view t) {
  // date-time = full-date "T" partial-time time-offset (RFC 3339 §5.6).
  auto num = [&](std::size_t at, std::size_t n) -> std::optional<unsigned> {
    if (at + n > t.size()) return std::nullopt;
    unsigned v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return std::nullopt;
      v = v * 10 + unsigned(t[i] - '0');
    }
    return v;
  };
  auto bad = [&](const std::string& why) {
    std::string m = "\"";
    m.append(t).append("\" is not an RFC 3339 UTC date-time: ").append(why);
    return fail(std::move(m));
  };
  auto year = num(0, 4), month = num(5, 2), day = num(8, 2), hour = num(11, 2), minute = num(14, 2),
       second = num(17, 2);
  if (!year || !month || !day || !hour || !minute || !second || t.size() < 19 || t[4] != '-' ||
      t[7] != '-' || (t[10] != 'T' && t[10] != 't') || t[13] != ':' || t[16] != ':')
    return bad("expected YYYY-MM-DDTHH:MM:SS");
  std::string_view offset = t.substr(19);
  if (!offset.empty() && offset[0] == '.') return bad("fractional seconds are not supported");
  if (offset != "Z" && offset != "z" && offset != "+00:00")
    return bad(std::string("the offset must be Z (UTC), not \"").append(offset) + "\"");
  if (*month < 1 || *month > 12) return bad("month " + std::to_string(*month) + " out of range");
  if (*day < 1 || *day > days_in_month(*year, *month))
    return bad("day " + std::to_string(*day) + " does not exist in that month");
  if (*hour > 23 || *minute > 59 || *second > 59)
    return bad("time of day out of range (leap seconds are not supported)");
  return days_from_civil(*year, *month, *day) * 86400 + std::int64_t(*hour) * 3600 +
         std::int64_t(*minute) * 60 + *second;
}

std::string build_bootstrapping_info(const BootstrappingInfo& info) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BootstrappingInfo xmlns=\"";
  out += kBsfXmlNamespace;
  out += "\">\n  <btid>";
  out += xml_escape(info.btid);
  out += "</btid>\n  <lifetime>";
  out += format_rfc3339_utc(info.lifetime_unix);
  out += "</lifetime>\n</BootstrappingInfo>\n";
  return out;
}

Result<BootstrappingInfo> parse_bootstrapping_info(std::string_view xml) {
  return XmlReader(xml).document();
}

}  // namespace imssim::gba
