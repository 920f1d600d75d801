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

}  // namespace

Result<Report> run_compare(const scenario::Scenario& base, const CompareOptions& options) {
  Report report;
  report.variants = options.variants.empty() ? base.variants : options.variants;
  scenario::Scenario s = prepared(base, report.variants, options.seed);
  report.scenario = s.name;
  report.seed = s.seed;
  for (const auto& v : report.variants) {
    auto results = run_variant(s, v);
    report.rows.push_back(results ? aggregate_results(v, *results)
                                  : failed_variant(v, results.error().message));
  }
  if (!options.sweep) return report;

  const SweepSpec& sweep = *options.sweep;
  report.sweep = sweep;
  for (double value : sweep.values) {
    std::string where = base.file + " with " + sweep.text + "=" + format_number(value, 6);
    nlohmann::json doc = base.normalized;
    if (auto set = set_parameter(doc, sweep.pointer, value); !set)
      return fail("--sweep: " + where + ": " + set.error().message);
    auto loaded = scenario::load_scenario_text(doc.dump(2), where);
    if (!loaded)
      return fail("--sweep: the scenario is not valid with " + sweep.text + "=" +
                  format_number(value, 6) + ":\n" +
                  scenario::format_diagnostics(loaded.error(), where));
    scenario::Scenario swept = prepared(*loaded, report.variants, options.seed);
    SweepPoint point{value, {}};
    for (const auto& v : report.variants) {
      auto results = run_variant(swept, v);
      SweepCell cell;
      if (results)
        cell.setup_delay_ms_mean = aggregate_results(v, *results).setup_delay_ms.mean;
      else
        cell.error = results.error().message;
      point.cells.push_back(std::move(cell));
    }
    report.sweep_points.push_back(std::move(point));
  }
  return report;
}

}  // namespace imssim::compare
