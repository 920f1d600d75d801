// The writers: CSV quoting (RFC 4180), the JSON shape other tools read, and the tables.
#include <gtest/gtest.h>

#include <sstream>

#include "sim/compare/csv_writer.h"
#include "sim/compare/json_writer.h"
#include "sim/compare/tables.h"
#include "tests/compare/report_fixture.h"

namespace imssim::compare {
namespace {

using testing::sample_report;

// Splits CSV text into records of fields, undoing RFC 4180 quoting: a reader independent of
// the writer, so the test fails if the quoting is wrong.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        records.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        records.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      records.back().emplace_back();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      records.emplace_back(1);
      ++i;
    } else {
      records.back().back() += c;
    }
  }
  if (records.back() == std::vector<std::string>(1)) records.pop_back();
  return records;
}

TEST(CompareCsv, FieldQuoting) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
}

TEST(CompareCsv, ReportRoundTripsThroughAReader) {
  auto records = parse_csv(csv_report(sample_report(true)));
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records[0], (std::vector<std::string>{"scenario", "seed", "variant", "sweep_param",
                                                  "sweep_value", "metric", "value", "error"}));
  bool saw_round_trips = false, saw_error = false, saw_absent = false;
  int sweep_rows = 0;
  for (std::size_t i = 1; i < records.size(); ++i) {
    auto rec = records[i];
    ASSERT_EQ(rec.size(), 8u) << "a record split wrongly: " << ::testing::PrintToString(rec);
    EXPECT_EQ(rec[0], "basic-call");
    EXPECT_EQ(rec[1], "7");
    std::vector<std::string> r(rec.begin() + 2, rec.end());  // variant onwards
    if (r[0] == "mikey" && r[3] == "km_round_trips.caller") saw_round_trips = r[4] == "1";
    if (r[0] == "mikey" && r[3] == "invite_bytes") saw_absent = r[4].empty();
    if (r[0] == "tls-ticket" && r[1].empty())
      saw_error = r[5] == "/variants: the variant 'tls-ticket' is not implemented yet, \"soon\"";
    if (r[1] == "/network/zones/access/delay_ms") {
      ++sweep_rows;
      if (r[0] == "mikey" && r[2] == "20" && r[3] == "setup_delay_ms.mean") {
        EXPECT_EQ(r[4], "180");
      }
      if (r[0] == "tls-ticket") {
        EXPECT_EQ(r[5], "not implemented");
      }
    }
  }
  EXPECT_TRUE(saw_round_trips);
  EXPECT_TRUE(saw_error);
  EXPECT_TRUE(saw_absent);
  EXPECT_EQ(sweep_rows, 12);  // 3 values x (3 figures of mikey + 1 error line of tls-ticket)
}

TEST(CompareJson, ShapeOtherToolsRead) {
  auto j = json_report(sample_report(false));
  EXPECT_EQ(j["scenario"], "basic-call");
  EXPECT_EQ(j["seed"], 7);
  EXPECT_EQ(j["variant_order"], (nlohmann::ordered_json{"mikey", "tls-ticket"}));
  const auto& mikey = j["variants"]["mikey"];
  EXPECT_TRUE(mikey["error"].is_null());
  EXPECT_EQ(mikey["km_round_trips"]["caller"], 1.0);
  EXPECT_EQ(mikey["km_round_trips"]["callee"], 1.0);
  EXPECT_EQ(mikey["calls"]["established"], 1);
  EXPECT_EQ(mikey["km_bytes_per_call"], 720.0);
  EXPECT_TRUE(mikey["invite_bytes"].is_null());
  EXPECT_EQ(mikey["setup_delay_ms"]["p99"], 164.616099);
  EXPECT_TRUE(mikey["key_ready_ms"]["caller"].is_null());
  EXPECT_EQ(mikey["kms_per_call"]["keys_issued"], 1.0);
  EXPECT_TRUE(mikey["kms_per_call"]["cpu_ns"].is_null());
  const auto& tls = j["variants"]["tls-ticket"];
  EXPECT_EQ(tls["error"], "/variants: the variant 'tls-ticket' is not implemented yet, \"soon\"");
  EXPECT_TRUE(tls["km_round_trips"]["caller"].is_null());
  EXPECT_TRUE(tls["calls"].is_null());
  EXPECT_FALSE(j.contains("sweep"));
  // It survives a dump and parse (valid JSON).
  auto back = nlohmann::json::parse(j.dump());
  EXPECT_EQ(back["variants"]["mikey"]["km_round_trips"]["callee"], 1.0);
}

TEST(CompareJson, SweepPoints) {
  auto j = json_report(sample_report(true));
  ASSERT_TRUE(j.contains("sweep"));
  EXPECT_EQ(j["sweep"]["param"], "/network/zones/access/delay_ms");
  ASSERT_EQ(j["sweep"]["points"].size(), 3u);
  const auto& p = j["sweep"]["points"][2];
  EXPECT_EQ(p["value"], 30.0);
  EXPECT_EQ(p["variants"]["mikey"]["setup_delay_ms_mean"], 220.0);
  EXPECT_TRUE(p["variants"]["mikey"]["error"].is_null());
  EXPECT_EQ(p["variants"]["mikey"]["calls"]["established"], 1);
  EXPECT_TRUE(p["variants"]["tls-ticket"]["setup_delay_ms_mean"].is_null());
  EXPECT_EQ(p["variants"]["tls-ticket"]["error"], "not implemented");
}

TEST(CompareTables, TextAndMarkdown) {
  auto r = sample_report(true);
  auto text = text_report(r);
  EXPECT_NE(text.find("Scenario basic-call, seed 7"), std::string::npos);
  EXPECT_NE(text.find("UE-KMS round trips, caller"), std::string::npos);
  EXPECT_NE(text.find("164.62"), std::string::npos);
  EXPECT_NE(text.find("tls-ticket: /variants: the variant 'tls-ticket'"), std::string::npos);
  // The failure repeated at every swept value is listed once.
  EXPECT_NE(text.find("tls-ticket at every value of network.zones.access.delay_ms: not "
                      "implemented\n"),
            std::string::npos);
  EXPECT_EQ(text.find("delay_ms=10: not implemented"), std::string::npos);
  // Every line of the metric table is as wide as its header (aligned columns).
  std::istringstream lines(text);
  std::string line, header;
  std::getline(lines, line);  // title
  std::getline(lines, line);  // blank
  std::getline(lines, header);
  std::getline(lines, line);  // rule
  EXPECT_EQ(line.size(), header.size());
  while (std::getline(lines, line) && !line.empty()) EXPECT_EQ(line.size(), header.size()) << line;

  auto md = markdown_report(r, "compare-sweep.svg");
  EXPECT_NE(md.find("| metric | mikey | tls-ticket |"), std::string::npos);
  EXPECT_NE(md.find("| --- | ---: | ---: |"), std::string::npos);
  EXPECT_NE(md.find("| UE-KMS round trips, caller | 1 | - |"), std::string::npos);
  EXPECT_NE(md.find("](compare-sweep.svg)"), std::string::npos);
  EXPECT_NE(md.find("| 20 | 180 | failed |"), std::string::npos);
}

}  // namespace
}  // namespace imssim::compare
