#include "nodes/proto/sip/header_scan.h"

#include <cstring>

namespace imssim::sip::detail {
namespace {

bool is_ws(char c) { return c == ' ' || c == '\t'; }
bool is_crlf(char c) { return c == '\r' || c == '\n'; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

// Offset of the next LF at or after `from`, or s.size().
std::size_t next_lf(std::string_view s, std::size_t from) {
  if (from >= s.size()) return s.size();
  const void* lf = std::memchr(s.data() + from, '\n', s.size() - from);
  return lf ? std::size_t(static_cast<const char*>(lf) - s.data()) : s.size();
}

// The CSeq line starting at `start` whose first physical line ends at `lf`: continuation lines
// (starting with SP/HT, RFC 3261 §7.3.1) are joined; false unless the value holds exactly two
// words. sofia-sip keeps the method and drops trailing text ("CSeq: 2 I   ame=x"), then refuses
// its own copy "CSeq: 2 I" (sip_parse fuzzer).
bool cseq_line_ok(std::string_view s, std::size_t start, std::size_t lf) {
  std::size_t end = lf;
  while (end + 1 < s.size() && is_ws(s[end + 1])) end = next_lf(s, end + 1);
  std::string_view line = s.substr(start, end - start);
  if (line.size() < 5) return true;
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return true;
  std::string_view name = line.substr(0, colon);
  while (!name.empty() && is_ws(name.back())) name.remove_suffix(1);
  if (name.size() != 4) return true;  // "CSeqX:" is another header
  int words = 0;
  bool in_word = false;
  for (char c : line.substr(colon + 1)) {
    bool space = is_ws(c) || is_crlf(c);
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words == 2;
}

bool starts_with_cseq(std::string_view s, std::size_t at) {
  return at + 4 <= s.size() && lower(s[at]) == 'c' && lower(s[at + 1]) == 's' &&
         lower(s[at + 2]) == 'e' && lower(s[at + 3]) == 'q';
}

// Offset of the first CR in [0, end) not followed by LF, or kNone. The common case (none) is
// an OR over the whole range that the compiler vectorises; only a hit looks for the offset.
std::size_t find_bare_cr(std::string_view s, std::size_t end) {
  if (end == 0) return HeaderSection::kNone;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t last = end < s.size() ? end : s.size() - 1;  // p[i + 1] stays inside s
  unsigned char any = 0;
  for (std::size_t i = 0; i < last; ++i) any |= (p[i] == '\r') & (p[i + 1] != '\n');
  if (end >= s.size() && p[s.size() - 1] == '\r') any = 1;  // a CR as the last octet
  if (!any) return HeaderSection::kNone;
  for (std::size_t i = 0; i < end; ++i)
    if (p[i] == '\r' && (i + 1 >= s.size() || p[i + 1] != '\n')) return i;
  return HeaderSection::kNone;
}

}  // namespace

HeaderSection scan_header_section(std::string_view s) {
  HeaderSection out;
  std::size_t i = 0;
  for (; i < s.size() && (is_ws(s[i]) || is_crlf(s[i])); ++i) {
    if (is_ws(s[i])) {
      out.space_before_start_line = i;
      return out;
    }
  }
  // i: the start line. Walk the physical lines up to the empty line.
  bool first = true;
  for (std::size_t start = i; start < s.size();) {
    std::size_t lf = next_lf(s, start);
    if (lf == s.size()) return out;  // no empty line: the header section never ends
    if (starts_with_cseq(s, start) && !cseq_line_ok(s, start, lf)) out.cseq_lines_ok = false;
    if (first && lf + 1 < s.size() && is_ws(s[lf + 1])) out.folded_first_header = lf + 1;
    first = false;
    if (lf + 1 < s.size() && s[lf + 1] == '\n') {
      out.body = lf + 2;
      break;
    }
    if (lf + 2 < s.size() && s[lf + 1] == '\r' && s[lf + 2] == '\n') {
      out.body = lf + 3;
      break;
    }
    start = lf + 1;
  }
  if (out.body != HeaderSection::kNone) out.bare_cr = find_bare_cr(s, out.body);
  return out;
}

}  // namespace imssim::sip::detail
