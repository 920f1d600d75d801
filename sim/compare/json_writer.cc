#include "sim/compare/json_writer.h"

namespace imssim::compare {

namespace {

using ojson = nlohmann::ordered_json;

ojson value(const std::optional<double>& v) { return v ? ojson(*v) : ojson(nullptr); }
ojson value(const std::optional<std::string>& v) { return v ? ojson(*v) : ojson(nullptr); }

ojson sides(const PerSide& s) { return {{"caller", value(s.caller)}, {"callee", value(s.callee)}}; }

ojson row_json(const VariantRow& r) {
  ojson calls = nullptr;
  if (!r.error) calls = {{"established", r.calls_established}, {"total", r.calls_total}};
  ojson kms = ojson::object();
  for (const auto& [name, v] : r.kms_per_call) kms[name] = value(v);
  return {{"error", value(r.error)},
          {"calls", calls},
          {"km_round_trips", sides(r.km_round_trips)},
          {"km_messages_per_call", value(r.km_messages)},
          {"km_bytes_per_call", value(r.km_bytes)},
          {"invite_bytes", value(r.invite_bytes)},
          {"setup_delay_ms",
           {{"calls", r.setup_delay_ms.count},
            {"mean", value(r.setup_delay_ms.mean)},
            {"p50", value(r.setup_delay_ms.p50)},
            {"p95", value(r.setup_delay_ms.p95)},
            {"p99", value(r.setup_delay_ms.p99)}}},
          {"key_ready_ms", sides(r.key_ready_ms)},
          {"media_ready_ms", {{"mean", value(r.media_ready_ms)}}},
          {"kms_per_call", kms}};
}

ojson sweep_json(const Report& r) {
  ojson points = ojson::array();
  for (const auto& p : r.sweep_points) {
    ojson variants = ojson::object();
    for (std::size_t i = 0; i < p.cells.size() && i < r.variants.size(); ++i)
      variants[r.variants[i]] = {
          {"setup_delay_ms_mean", value(p.cells[i].setup_delay_ms_mean)},
          {"kms_utilisation", value(p.cells[i].kms_utilisation)},
          {"kms_mean_wait_ms", value(p.cells[i].kms_mean_wait_ms)},
          {"calls", p.cells[i].error ? ojson(nullptr)
                                     : ojson{{"established", p.cells[i].calls_established},
                                             {"total", p.cells[i].calls_total}}},
          {"error", value(p.cells[i].error)}};
    points.push_back({{"value", p.value}, {"variants", variants}});
  }
  return {{"param", r.sweep->pointer},
          {"from", r.sweep->from},
          {"to", r.sweep->to},
          {"step", r.sweep->step},
          {"points", points}};
}

}  // namespace

nlohmann::ordered_json json_report(const Report& r) {
  ojson variants = ojson::object();
  for (const auto& row : r.rows) variants[row.variant] = row_json(row);
  ojson out{{"scenario", r.scenario},
            {"seed", r.seed},
            {"variant_order", r.variants},
            {"definitions",
             {{"per_call", "mean over the established calls that report the figure"},
              {"percentiles", "nearest rank: the ceil(p/100 * n)-th smallest of n values"},
              {"kms_per_call", "nodes.kms counter of the run divided by the calls placed"},
              {"null", "not reported by the run (or the run failed: see error)"}}},
            {"variants", variants}};
  if (r.sweep) out["sweep"] = sweep_json(r);
  return out;
}

}  // namespace imssim::compare
