// Aggregation of synthetic results documents: means over established calls, percentiles,
// fields that are missing, and failed variants.
#include "sim/compare/aggregate.h"

#include <gtest/gtest.h>

#include "sim/compare/metrics.h"

namespace imssim::compare {
namespace {

using json = nlohmann::json;

json call(bool established, double setup_ms, int rt_caller, int rt_callee) {
  return {{"established", established},
          {"setup_delay_ms", established ? setup_ms : -1.0},
          {"media_ready_ms", established ? setup_ms + 50 : -1.0},
          {"km_round_trips", {{"caller", rt_caller}, {"callee", rt_callee}}},
          {"messages", {{"UE-KMS", 2 * (rt_caller + rt_callee)}, {"Gm", 14}}},
          {"bytes", {{"UE-KMS", 180 * (rt_caller + rt_callee)}, {"Gm", 7000}}}};
}

std::optional<double> kms(const VariantRow& r, const std::string& name) {
  for (const auto& [n, v] : r.kms_per_call)
    if (n == name) return v;
  ADD_FAILURE() << "no KMS counter " << name;
  return std::nullopt;
}

TEST(CompareAggregate, MeansOverEstablishedCallsOnly) {
  json results{{"calls", {call(true, 100, 1, 1), call(true, 300, 3, 1), call(false, 0, 0, 0)}},
               {"nodes", {{"kms", {{"keys_issued", 3}, {"resolves", 2}, {"mac_checks", 6}}}}}};
  auto r = aggregate_results("mikey", results);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.calls_total, 3u);
  EXPECT_EQ(r.calls_established, 2u);
  EXPECT_EQ(r.km_round_trips.caller, 2.0);  // (1 + 3) / 2, the failed call left out
  EXPECT_EQ(r.km_round_trips.callee, 1.0);
  EXPECT_EQ(r.km_messages, 6.0);  // (4 + 8) / 2
  EXPECT_EQ(r.km_bytes, 540.0);
  EXPECT_EQ(r.setup_delay_ms.count, 2u);
  EXPECT_EQ(r.setup_delay_ms.mean, 200.0);
  EXPECT_EQ(r.setup_delay_ms.p50, 100.0);
  EXPECT_EQ(r.setup_delay_ms.p95, 300.0);
  EXPECT_EQ(r.media_ready_ms, 250.0);
  // KMS counters per call placed (3), including the failed one.
  EXPECT_EQ(kms(r, "keys_issued"), 1.0);
  EXPECT_DOUBLE_EQ(*kms(r, "resolves"), 2.0 / 3.0);
  EXPECT_EQ(kms(r, "mac_checks"), 2.0);
}

TEST(CompareAggregate, MissingFieldsStayAbsent) {
  // Today's results have no invite_bytes, key_ready_ms, nodes.kms.cpu_ns or handshakes.
  json results{{"calls", {call(true, 150, 1, 1)}}, {"nodes", {{"kms", {{"keys_issued", 1}}}}}};
  auto r = aggregate_results("mikey", results);
  EXPECT_FALSE(r.invite_bytes);
  EXPECT_FALSE(r.key_ready_ms.caller);
  EXPECT_FALSE(r.key_ready_ms.callee);
  EXPECT_FALSE(kms(r, "cpu_ns"));
  EXPECT_FALSE(kms(r, "tls_handshakes"));
  EXPECT_FALSE(kms(r, "resolves"));
  EXPECT_EQ(kms(r, "keys_issued"), 1.0);

  // Present once the runner reports them; a call lacking a field does not count as zero.
  json with = results;
  with["calls"][0]["invite_bytes"] = 1200;
  with["calls"][0]["key_ready_ms"] = {{"caller", 80.5}, {"callee", 140}};
  with["calls"].push_back(call(true, 250, 1, 1));  // no invite_bytes
  with["nodes"]["kms"]["cpu_ns"] = 50000;
  auto w = aggregate_results("mikey", with);
  EXPECT_EQ(w.invite_bytes, 1200.0);
  EXPECT_EQ(w.key_ready_ms.caller, 80.5);
  EXPECT_EQ(w.key_ready_ms.callee, 140.0);
  EXPECT_EQ(kms(w, "cpu_ns"), 25000.0);  // two calls placed
}

TEST(CompareAggregate, NoCallsOrNoEstablishedCalls) {
  auto empty =
      aggregate_results("mikey", json{{"calls", json::array()}, {"nodes", json::object()}});
  EXPECT_EQ(empty.calls_total, 0u);
  EXPECT_FALSE(empty.km_round_trips.caller);
  EXPECT_FALSE(empty.setup_delay_ms.mean);
  EXPECT_FALSE(kms(empty, "keys_issued"));  // no division by zero calls

  auto failed_calls = aggregate_results(
      "mikey", json{{"calls", {call(false, 0, 1, 0)}}, {"nodes", {{"kms", {{"keys_issued", 1}}}}}});
  EXPECT_EQ(failed_calls.calls_total, 1u);
  EXPECT_EQ(failed_calls.calls_established, 0u);
  EXPECT_FALSE(failed_calls.km_round_trips.caller);
  EXPECT_FALSE(failed_calls.setup_delay_ms.p99);
  EXPECT_EQ(kms(failed_calls, "keys_issued"), 1.0);
}

TEST(CompareAggregate, WrongTypesAreAbsentNotCrashes) {
  json results{{"calls",
                {{{"established", true},
                  {"setup_delay_ms", "fast"},
                  {"km_round_trips", 1},
                  {"messages", nullptr}}}},
               {"nodes", {{"kms", "down"}}}};
  auto r = aggregate_results("mikey", results);
  EXPECT_EQ(r.calls_established, 1u);
  EXPECT_FALSE(r.setup_delay_ms.mean);
  EXPECT_FALSE(r.km_round_trips.caller);
  EXPECT_FALSE(r.km_messages);
  EXPECT_FALSE(kms(r, "keys_issued"));
  EXPECT_EQ(aggregate_results("x", json("not an object")).calls_total, 0u);
}

TEST(CompareAggregate, FailedVariantHasErrorAndNoFigures) {
  auto r = failed_variant("tls-ticket", "/variants: the variant 'tls-ticket' is not implemented");
  EXPECT_EQ(r.variant, "tls-ticket");
  ASSERT_TRUE(r.error);
  for (const auto& m : metrics_of(r)) EXPECT_FALSE(m.value) << m.key;
  EXPECT_EQ(metrics_of(r).size(), metrics_of(aggregate_results("mikey", json::object())).size());
}

TEST(CompareMetrics, FormatNumber) {
  EXPECT_EQ(format_number(1.0), "1");
  EXPECT_EQ(format_number(164.616099), "164.62");
  EXPECT_EQ(format_number(0.5), "0.5");
  EXPECT_EQ(format_number(-0.001), "0");
  EXPECT_EQ(format_number(std::nullopt), "-");
  EXPECT_EQ(exact_number(0.1), "0.1");
  EXPECT_EQ(exact_number(164.616099), "164.616099");
  EXPECT_EQ(exact_number(std::nullopt), "");
}

}  // namespace
}  // namespace imssim::compare
