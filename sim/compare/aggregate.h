// Reduces one variant's results document (`imssim run --results`) to a VariantRow.
//
// * Calls: `calls[]`; established means `calls[].established == true`.
// * Per-call figures (round trips, UE-KMS messages and bytes, INVITE size, key-ready times,
//   media-ready time) are means over the established calls that report the field; setup delay
//   statistics are over the established calls' `setup_delay_ms`. Negative values are the
//   results' "did not happen" marker and are skipped.
// * KMS work per call: each `nodes.kms` counter divided by the number of calls placed (the KMS
//   also worked for calls that failed). `nodes.kms.cpu_ns` is not in a results document (it
//   varies between runs): compare_run copies it there from the run's measurements.
// * The modelled KMS processor: `nodes.kms.cpu_model.utilisation` and `.mean_wait_ms`.
// A field missing from every call (or from nodes.kms) stays absent in the row.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/compare/report.h"

namespace imssim::compare {

// The nodes.kms counters compared, in display order.
const std::vector<std::string>& kms_counter_names();

VariantRow aggregate_results(const std::string& variant, const nlohmann::json& results);

// The row of a variant whose run failed; every figure absent.
VariantRow failed_variant(const std::string& variant, std::string error);

}  // namespace imssim::compare
