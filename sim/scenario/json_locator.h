// Maps JSON pointers to line:column positions in the source text, so scenario errors can name
// both ("basic-call.json:14:21 /network/zones/access/delay_ms: ..."). nlohmann::json keeps no
// positions, so this is a small second pass over the (already syntax-checked) text.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace imssim::scenario {

struct TextPosition {
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based, in bytes
};

class JsonLocator {
 public:
  explicit JsonLocator(std::string_view text);
  // Position of the value at `pointer` (RFC 6901), or of its closest located ancestor.
  TextPosition find(const std::string& pointer) const;
  // Position of the key of the member at `pointer` (for "unknown key" errors).
  TextPosition find_key(const std::string& pointer) const;
  // Line:column of a byte offset (for parse errors).
  TextPosition at_offset(std::size_t offset) const;

 private:
  void value(const std::string& pointer);
  void skip_ws();
  std::string string_token();
  TextPosition here() const { return at_offset(pos_); }

  std::string_view text_;
  std::vector<std::size_t> line_starts_;  // offset of the first byte of each line
  std::size_t pos_ = 0;
  std::map<std::string, TextPosition> values_;
  std::map<std::string, TextPosition> keys_;
};

// Line:column of a byte offset in any text.
TextPosition position_at(std::string_view text, std::size_t offset);

// RFC 6901 escaping of one reference token ("~" -> "~0", "/" -> "~1").
std::string pointer_escape(std::string_view token);

}  // namespace imssim::scenario
