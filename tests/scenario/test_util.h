// Helpers shared by the scenario and runner tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/scenario/loader.h"

namespace imssim::scenario::testing {

// A scenario file of scenarios/ by name ("basic-call"); a failure is reported, not thrown.
inline Scenario shipped_scenario(const std::string& name) {
  std::string file = name + ".json";
  auto s = load_scenario_file(IMSSIM_SOURCE_DIR "/scenarios/" + file);
  if (!s) ADD_FAILURE() << format_diagnostics(s.error(), file);
  return s ? *s : Scenario{};
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// A fresh, empty folder under the system's temporary directory.
inline std::filesystem::path temp_dir(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() / ("imssim-" + name);
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

}  // namespace imssim::scenario::testing
