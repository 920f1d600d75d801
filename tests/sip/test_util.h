// Helpers shared by the SIP tests.
#pragma once

#include <fstream>
#include <sstream>
#include <iterator>
#include <string>

namespace imssim::sip::testing {

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;  // not istreambuf_iterator: GCC 12 -O3 warns falsely about it
  out << in.rdbuf();
  return out.str();
}

inline std::string vector_path(const std::string& rel) {
  return std::string(IMSSIM_VECTORS_DIR) + "/" + rel;
}

// Joins lines with CRLF and ends with the empty line; the body (if any) follows verbatim.
inline std::string crlf(std::initializer_list<std::string_view> lines, std::string_view body = {}) {
  std::string s;
  for (auto l : lines) {
    s += l;
    s += "\r\n";
  }
  s += "\r\n";
  s += body;
  return s;
}

}  // namespace imssim::sip::testing
