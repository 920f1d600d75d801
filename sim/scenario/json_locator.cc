#include "sim/scenario/json_locator.h"

#include <algorithm>

namespace imssim::scenario {

std::string pointer_escape(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

JsonLocator::JsonLocator(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  skip_ws();
  if (pos_ < text_.size()) value("");
}

TextPosition JsonLocator::at_offset(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  auto line = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - line_starts_.begin();
  return {int(line), int(offset - line_starts_[std::size_t(line - 1)] + 1)};
}

TextPosition position_at(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  TextPosition p{1, 1};
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

TextPosition JsonLocator::find(const std::string& pointer) const {
  std::string p = pointer;
  for (;;) {
    if (auto it = values_.find(p); it != values_.end()) return it->second;
    if (p.empty()) return {};
    p.erase(p.rfind('/'));
  }
}

TextPosition JsonLocator::find_key(const std::string& pointer) const {
  if (auto it = keys_.find(pointer); it != keys_.end()) return it->second;
  return find(pointer);
}

void JsonLocator::skip_ws() {
  while (pos_ < text_.size() &&
         (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
    ++pos_;
}

// Returns a string token's characters with the quote, backslash and slash escapes undone;
// other escapes (rare in keys) become '?', which only makes such a key's position unknown.
std::string JsonLocator::string_token() {
  std::string out;
  ++pos_;  // opening quote
  while (pos_ < text_.size() && text_[pos_] != '"') {
    if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
      ++pos_;
      out += text_[pos_] == '"' || text_[pos_] == '\\' || text_[pos_] == '/' ? text_[pos_] : '?';
    } else {
      out += text_[pos_];
    }
    ++pos_;
  }
  ++pos_;  // closing quote
  return out;
}

// The text was accepted by nlohmann::json first, so this scanner can assume valid JSON and
// only has to stay in bounds.
void JsonLocator::value(const std::string& pointer) {
  values_.emplace(pointer, here());
  if (pos_ >= text_.size()) return;
  char c = text_[pos_];
  if (c == '{') {
    ++pos_;
    skip_ws();
    while (pos_ < text_.size() && text_[pos_] != '}') {
      TextPosition key_pos = here();
      std::string key = string_token();
      std::string child = pointer + "/" + pointer_escape(key);
      keys_.emplace(child, key_pos);
      skip_ws();
      ++pos_;  // ':'
      skip_ws();
      value(child);
      skip_ws();
      if (pos_ < text_.size() && text_[pos_] == ',') ++pos_;
      skip_ws();
    }
    ++pos_;
  } else if (c == '[') {
    ++pos_;
    skip_ws();
    for (std::size_t i = 0; pos_ < text_.size() && text_[pos_] != ']'; ++i) {
      value(pointer + "/" + std::to_string(i));
      skip_ws();
      if (pos_ < text_.size() && text_[pos_] == ',') ++pos_;
      skip_ws();
    }
    ++pos_;
  } else if (c == '"') {
    string_token();
  } else {
    while (pos_ < text_.size() && std::string_view(",]} \t\r\n").find(text_[pos_]) == std::string_view::npos)
      ++pos_;
  }
}

}  // namespace imssim::scenario
