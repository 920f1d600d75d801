#include "sim/compare/compare_run.h"

#include <exception>

#include "sim/compare/aggregate.h"
#include "sim/compare/metrics.h"
#include "sim/compare/sweep_spec.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"

namespace imssim::compare {

namespace {

// One run of `s` under `variant`: its results, or the reason it failed.
Result<nlohmann::json> run_variant(const scenario::Scenario& s, const std::string& variant) {
  scenario::RunOptions o;
  o.variant = variant;
  try {
    auto r = scenario::run_scenario(s, o);
    if (!r) return Unexpected{r.error()};
    // The KMS's real CPU time is a measurement, not a result: compare reports it per call.
    if (r->measured.contains("kms") && r->results["nodes"].is_object())
      r->results["nodes"]["kms"]["cpu_ns"] = r->measured["kms"]["cpu_ns"];
    return std::move(r->results);
  } catch (const std::exception& e) {  // a variant under construction must not stop the others
    return fail("the run stopped with an exception: " + std::string(e.what()));
  }
}

scenario::Scenario prepared(scenario::Scenario s, const std::vector<std::string>& variants,
                            const std::optional<std::uint64_t>& seed) {
  s.variants = variants;
  if (seed) s.seed = *seed;
  return s;
}

// The scenario with the swept parameter set to `value`, through the loader's validation.
Result<scenario::Scenario> swept_scenario(const scenario::Scenario& base, const SweepSpec& sweep,
                                          double value) {
  std::string where = base.file + " with " + sweep.text + "=" + format_number(value, 6);
  nlohmann::json doc = base.normalized;
  if (auto set = set_parameter(doc, sweep.pointer, value); !set)
    return fail("--sweep: " + where + ": " + set.error().message);
  auto loaded = scenario::load_scenario_text(doc.dump(2), where);
  if (!loaded) {
    // Pointer and reason only: line and column would point into the rewritten document.
    std::string problems;
    for (const auto& d : loaded.error()) problems += "\n  " + d.pointer + ": " + d.message;
    return fail("--sweep: " + where + " is not a valid scenario:" + problems);
  }
  return std::move(*loaded);
}

}  // namespace

Result<Report> run_compare(const scenario::Scenario& base, const CompareOptions& options) {
  Report report;
  report.variants = options.variants.empty() ? base.variants : options.variants;
  // Every swept scenario is checked before anything runs: bad input fails fast.
  std::vector<scenario::Scenario> swept;
  if (options.sweep)
    for (double value : options.sweep->values) {
      auto s = swept_scenario(base, *options.sweep, value);
      if (!s) return Unexpected{s.error()};
      swept.push_back(prepared(std::move(*s), report.variants, options.seed));
    }
  scenario::Scenario s = prepared(base, report.variants, options.seed);
  report.scenario = s.name;
  report.seed = s.seed;
  for (const auto& v : report.variants) {
    auto results = run_variant(s, v);
    report.rows.push_back(results ? aggregate_results(v, *results)
                                  : failed_variant(v, results.error().message));
  }
  if (!options.sweep) return report;
  report.sweep = *options.sweep;
  for (std::size_t i = 0; i < swept.size(); ++i) {
    SweepPoint point{options.sweep->values[i], {}};
    for (const auto& v : report.variants) {
      auto results = run_variant(swept[i], v);
      SweepCell cell;
      if (results) {
        auto row = aggregate_results(v, *results);
        cell.setup_delay_ms_mean = row.setup_delay_ms.mean;
        cell.kms_utilisation = row.kms_utilisation;
        cell.kms_mean_wait_ms = row.kms_mean_wait_ms;
        cell.calls_established = row.calls_established;
        cell.calls_total = row.calls_total;
      } else {
        cell.error = results.error().message;
      }
      point.cells.push_back(std::move(cell));
    }
    report.sweep_points.push_back(std::move(point));
  }
  return report;
}

}  // namespace imssim::compare
