#include "sim/compare/csv_writer.h"

#include <vector>

#include "sim/compare/metrics.h"

namespace imssim::compare {

namespace {

std::string csv_line(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_field(fields[i]);
  return out + "\r\n";  // RFC 4180 §2 rule 1: CRLF line breaks
}

}  // namespace

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csv_report(const Report& r) {
  std::string out = csv_line(
      {"scenario", "seed", "variant", "sweep_param", "sweep_value", "metric", "value", "error"});
  const std::vector<std::string> run{r.scenario, std::to_string(r.seed)};
  auto add = [&out, &run](std::vector<std::string> fields) {
    fields.insert(fields.begin(), run.begin(), run.end());
    out += csv_line(fields);
  };
  for (const auto& row : r.rows) {
    if (row.error) {
      add({row.variant, "", "", "", "", *row.error});
      continue;
    }
    for (const auto& m : metrics_of(row))
      add({row.variant, "", "", m.key, exact_number(m.value), ""});
  }
  if (!r.sweep) return out;
  for (const auto& p : r.sweep_points)
    for (std::size_t i = 0; i < p.cells.size() && i < r.variants.size(); ++i) {
      const auto& c = p.cells[i];
      std::vector<std::string> head{r.variants[i], r.sweep->pointer, exact_number(p.value)};
      auto line = [&](const std::string& metric, std::optional<double> v, std::string error) {
        auto fields = head;
        fields.insert(fields.end(), {metric, exact_number(v), std::move(error)});
        add(std::move(fields));
      };
      if (c.error) {
        line("", std::nullopt, *c.error);
        continue;
      }
      line("setup_delay_ms.mean", c.setup_delay_ms_mean, "");
      if (c.kms_utilisation) line("kms_cpu_model.utilisation", c.kms_utilisation, "");
      if (c.kms_mean_wait_ms) line("kms_cpu_model.mean_wait_ms", c.kms_mean_wait_ms, "");
      line("calls.established", double(c.calls_established), "");
      line("calls.total", double(c.calls_total), "");
    }
  return out;
}

}  // namespace imssim::compare
