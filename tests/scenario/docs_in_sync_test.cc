// The JSON Schema and the field reference in scenarios/ are generated from the spec; this test
// fails when someone changes one without the other (regenerate with tools/update-docs.sh).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sim/scenario/scenario_spec.h"

namespace imssim::scenario {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ScenarioDocs, SchemaFileMatchesSpec) {
  std::string expected =
      to_json_schema(scenario_spec(), "imssim scenario", "https://imssim.invalid/scenario.schema.json").dump(2) + "\n";
  EXPECT_TRUE(read(IMSSIM_SOURCE_DIR "/scenarios/scenario.schema.json") == expected)
      << "scenarios/scenario.schema.json is stale: run tools/update-docs.sh";
}

TEST(ScenarioDocs, ReadmeReferenceMatchesSpec) {
  std::string readme = read(IMSSIM_SOURCE_DIR "/scenarios/README.md");
  const std::string begin = "<!-- BEGIN GENERATED REFERENCE (tools/update-docs.sh) -->\n";
  const std::string end = "<!-- END GENERATED REFERENCE -->";
  auto b = readme.find(begin);
  auto e = readme.find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  EXPECT_TRUE(readme.substr(b + begin.size(), e - b - begin.size()) == to_markdown_reference(scenario_spec()))
      << "scenarios/README.md reference is stale: run tools/update-docs.sh";
}

}  // namespace
}  // namespace imssim::scenario
