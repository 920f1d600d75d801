// What `imssim compare` measured: one row per variant (aggregated from its results document)
// and, with --sweep, the mean setup delay per variant at each value of the swept parameter.
// Every metric is optional: a value the results did not report stays absent, never 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/compare/stats.h"

namespace imssim::compare {

struct PerSide {
  std::optional<double> caller, callee;
};

// One variant's run of the scenario, reduced to the figures compared. Per-call figures are
// means over the established calls (see aggregate.h).
struct VariantRow {
  std::string variant;
  std::optional<std::string> error;  // the run failed: every figure below is absent
  std::size_t calls_total = 0;
  std::size_t calls_established = 0;
  PerSide km_round_trips;             // UE-KMS round trips per side
  std::optional<double> km_messages;  // UE-KMS messages per call (both sides)
  std::optional<double> km_bytes;     // UE-KMS bytes per call (both sides)
  std::optional<double> invite_bytes;
  Distribution setup_delay_ms;  // INVITE sent to 200 OK received, established calls
  PerSide key_ready_ms;         // call start to media keys ready, per side
  std::optional<double> media_ready_ms;
  // KMS counters divided by the calls placed, in kms_counter_names() order.
  std::vector<std::pair<std::string, std::optional<double>>> kms_per_call;
  // The modelled KMS processor (scenario ims.kms_cpu): busy fraction of the run and the mean
  // wait of an operation before its service; absent when not modelled.
  std::optional<double> kms_utilisation, kms_mean_wait_ms;
};

// The sweep's parameter as given on the command line and as a JSON pointer, and its values.
struct SweepSpec {
  std::string text;     // PARAM as written, e.g. network.zones.access.delay_ms
  std::string pointer;  // /network/zones/access/delay_ms
  double from = 0, to = 0, step = 0;
  std::vector<double> values;
};

struct SweepCell {
  std::optional<double> setup_delay_ms_mean;
  std::optional<double> kms_utilisation, kms_mean_wait_ms;  // when the KMS CPU is modelled
  std::size_t calls_established = 0;
  std::size_t calls_total = 0;
  std::optional<std::string> error;
};

struct SweepPoint {
  double value = 0;
  std::vector<SweepCell> cells;  // one per variant, in Report::variants order
};

struct Report {
  std::string scenario;
  std::uint64_t seed = 0;
  std::vector<std::string> variants;
  std::vector<VariantRow> rows;  // one per variant, same order
  std::optional<SweepSpec> sweep;
  std::vector<SweepPoint> sweep_points;
};

}  // namespace imssim::compare
