// Replays a fuzz target's corpus and deterministic mutations of it, so every fuzz target also
// runs in ctest (under ASan/UBSan in the test build) without libFuzzer.
// Usage: <target>_replay CORPUS_DIR [MUTATIONS]
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "common/rng.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR [MUTATIONS]\n", argv[0]);
    return 2;
  }
  long mutations = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 10000;
  std::vector<std::vector<std::uint8_t>> corpus;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[1]))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());  // directory order is not deterministic
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (corpus.empty()) {
    std::fprintf(stderr, "%s: empty corpus in %s\n", argv[0], argv[1]);
    return 2;
  }
  for (const auto& input : corpus) LLVMFuzzerTestOneInput(input.data(), input.size());

  // IMSSIM_REPLAY_LAST=FILE: each mutated input is written there before it runs.
  const char* last_input_path = std::getenv("IMSSIM_REPLAY_LAST");
  imssim::Rng rng(0x1A55117);
  for (long i = 0; i < mutations; ++i) {
    std::vector<std::uint8_t> input = corpus[rng.uniform(corpus.size())];
    int edits = 1 + int(rng.uniform(4));
    for (int e = 0; e < edits; ++e) {
      switch (rng.uniform(5)) {
        case 0:  // flip a bit
          if (!input.empty()) input[rng.uniform(input.size())] ^= std::uint8_t(1u << rng.uniform(8));
          break;
        case 1:  // random byte
          if (!input.empty()) input[rng.uniform(input.size())] = std::uint8_t(rng.next_u32());
          break;
        case 2:  // truncate
          input.resize(rng.uniform(input.size() + 1));
          break;
        case 3:  // insert a byte
          input.insert(input.begin() + std::ptrdiff_t(rng.uniform(input.size() + 1)),
                       std::uint8_t(rng.next_u32()));
          break;
        default:  // interesting boundary values
          if (!input.empty()) {
            static constexpr std::uint8_t kValues[] = {0x00, 0x01, 0x7F, 0x80, 0xFF, 0x0D, 0x0A};
            input[rng.uniform(input.size())] = kValues[rng.uniform(sizeof kValues)];
          }
          break;
      }
    }
    if (last_input_path) {  // so a crash leaves the input that caused it behind
      std::FILE* f = std::fopen(last_input_path, "wb");
      if (f) {
        std::fwrite(input.data(), 1, input.size(), f);
        std::fclose(f);
      }
    }
    LLVMFuzzerTestOneInput(input.data(), input.size());
  }
  std::printf("%zu corpus inputs and %ld mutations ran without a crash\n", corpus.size(), mutations);
  return 0;
}
