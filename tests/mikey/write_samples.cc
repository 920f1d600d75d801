// Writes the generated sample messages as DIR/<name>.bin (fuzz seed corpus, CLI test input).
#include <cstdio>
#include <fstream>

#include "tests/mikey/samples.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  for (const auto& s : imssim::mikey::testing::generated_samples()) {
    std::ofstream f(std::string(argv[1]) + "/" + s.name + ".bin", std::ios::binary);
    f.write(reinterpret_cast<const char*>(s.wire.data()), std::streamsize(s.wire.size()));
  }
  return 0;
}
