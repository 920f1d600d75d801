// compare.json: the report for programs. Shape (absent figures are null):
//
//   {"scenario": "basic-call", "seed": 1, "variant_order": ["mikey", ...],
//    "definitions": {...},
//    "variants": {"mikey": {"error": null, "calls": {"established": 1, "total": 1},
//                           "km_round_trips": {"caller": 1, "callee": 1},
//                           "km_messages_per_call": 4, "km_bytes_per_call": 720,
//                           "invite_bytes": null,
//                           "setup_delay_ms": {"calls": 1, "mean": .., "p50": .., ...},
//                           "key_ready_ms": {"caller": .., "callee": ..},
//                           "media_ready_ms": {"mean": ..},
//                           "kms_per_call": {"keys_issued": 1, ...}}},
//    "sweep": {"param": "/network/zones/access/delay_ms", "from": 10, "to": 300, "step": 10,
//              "points": [{"value": 10, "variants": {"mikey": {"setup_delay_ms_mean": ..,
//                                   "calls": {"established": 1, "total": 1}, "error": null}}}]}}
//
// "sweep" is present only with --sweep. Keys keep this order (ordered_json).
#pragma once

#include <nlohmann/json.hpp>

#include "sim/compare/report.h"

namespace imssim::compare {

nlohmann::ordered_json json_report(const Report& r);

}  // namespace imssim::compare
