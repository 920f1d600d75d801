// Checks a scenario's expectations against the results document of one run.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario/model.h"

namespace imssim::scenario {

struct ExpectationOutcome {
  std::string what;
  std::string path;
  bool passed = false;
  bool skipped = false;   // not for this variant
  std::string detail;     // on failure: the offending value(s) and where
  nlohmann::json to_json() const;
};

std::vector<ExpectationOutcome> check_expectations(const std::vector<Expectation>& expectations,
                                                   const nlohmann::json& results,
                                                   const std::string& variant);

// The values at a JSON pointer whose segments may be `*` (every element of an array or
// member of an object), each with its concrete pointer.
std::vector<std::pair<std::string, const nlohmann::json*>> select(const nlohmann::json& doc,
                                                                  const std::string& path);

}  // namespace imssim::scenario
