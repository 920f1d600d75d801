// A small report for the writer tests: mikey ran (one call), tls-ticket failed.
#pragma once

#include "sim/compare/aggregate.h"
#include "sim/compare/report.h"

namespace imssim::compare::testing {

inline Report sample_report(bool with_sweep) {
  nlohmann::json results{{"calls",
                          {{{"established", true},
                            {"setup_delay_ms", 164.616099},
                            {"media_ready_ms", 229.6},
                            {"km_round_trips", {{"caller", 1}, {"callee", 1}}},
                            {"messages", {{"UE-KMS", 4}}},
                            {"bytes", {{"UE-KMS", 720}}}}}},
                         {"nodes", {{"kms", {{"keys_issued", 1}, {"resolves", 1}}}}}};
  Report r;
  r.scenario = "basic-call";
  r.seed = 7;
  r.variants = {"mikey", "tls-ticket"};
  r.rows = {aggregate_results("mikey", results),
            failed_variant("tls-ticket",
                           "/variants: the variant 'tls-ticket' is not implemented yet, \"soon\"")};
  if (with_sweep) {
    r.sweep = SweepSpec{"network.zones.access.delay_ms",
                        "/network/zones/access/delay_ms",
                        10,
                        30,
                        10,
                        {10, 20, 30}};
    for (double v : r.sweep->values) {
      SweepCell ran;
      ran.setup_delay_ms_mean = 100 + 4 * v;
      ran.calls_established = ran.calls_total = 1;
      SweepCell failed;
      failed.error = "not implemented";
      r.sweep_points.push_back({v, {ran, failed}});
    }
  }
  return r;
}

}  // namespace imssim::compare::testing
