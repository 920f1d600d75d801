// Helpers shared by the MIKEY tests.
#pragma once

#include <fstream>
#include <iterator>
#include <string>

#include "common/hex.h"
#include "nodes/proto/mikey/codec.h"

namespace imssim::mikey::testing {

inline Bytes hex(std::string_view s) {
  auto b = from_hex(s);
  return b ? *b : Bytes{};
}

inline Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string vector_path(const std::string& rel) {
  return std::string(IMSSIM_VECTORS_DIR) + "/" + rel;
}

}  // namespace imssim::mikey::testing
