#include "sim/compare/tables.h"

#include <algorithm>
#include <vector>

#include "sim/compare/metrics.h"

namespace imssim::compare {

namespace {

using Grid = std::vector<std::vector<std::string>>;  // first row: the header

Grid metric_grid(const Report& r) {
  Grid g{{"metric"}};
  for (const auto& row : r.rows) g[0].push_back(row.variant);
  if (r.rows.empty()) return g;
  auto labels = metrics_of(r.rows.front());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    std::vector<std::string> line{labels[i].label};
    for (const auto& row : r.rows) line.push_back(format_number(metrics_of(row)[i].value));
    g.push_back(std::move(line));
  }
  return g;
}

Grid sweep_grid(const Report& r) {
  Grid g{{r.sweep->text}};
  for (const auto& v : r.variants) g[0].push_back(v + " setup mean (ms)");
  for (const auto& p : r.sweep_points) {
    std::vector<std::string> line{format_number(p.value, 6)};
    for (const auto& c : p.cells) {
      std::string cell = c.error ? std::string("failed") : format_number(c.setup_delay_ms_mean);
      if (!c.error && c.kms_utilisation)  // a load sweep: how busy the KMS was, and the wait
        cell += " [KMS " + format_number(*c.kms_utilisation * 100, 1) + "%, wait " +
                format_number(c.kms_mean_wait_ms, 2) + " ms]";
      if (!c.error && c.calls_established < c.calls_total)  // why a mean is missing or thin
        cell += " (" + std::to_string(c.calls_established) + "/" + std::to_string(c.calls_total) +
                " calls)";
      line.push_back(cell);
    }
    g.push_back(std::move(line));
  }
  return g;
}

// "variant: message" for every failed run. A sweep repeats the same failure at many values:
// each (variant, message) is listed once, with the values it happened at.
std::vector<std::string> errors_of(const Report& r) {
  std::vector<std::string> out;
  for (const auto& row : r.rows)
    if (row.error) out.push_back(row.variant + ": " + *row.error);
  for (std::size_t v = 0; v < r.variants.size(); ++v) {
    std::vector<std::pair<std::string, std::vector<double>>> groups;  // message -> values
    for (const auto& p : r.sweep_points) {
      if (v >= p.cells.size() || !p.cells[v].error) continue;
      const auto& message = *p.cells[v].error;
      auto g = std::find_if(groups.begin(), groups.end(),
                            [&](const auto& x) { return x.first == message; });
      if (g == groups.end()) g = groups.insert(groups.end(), {message, {}});
      g->second.push_back(p.value);
    }
    for (const auto& [message, values] : groups) {
      std::string line = r.variants[v] + " at ";
      if (values.size() == r.sweep_points.size() && values.size() > 1) {
        line += "every value of " + r.sweep->text;
      } else {
        line += r.sweep->text + "=";
        for (std::size_t i = 0; i < values.size() && i < 5; ++i)
          line += (i ? ", " : "") + format_number(values[i], 6);
        if (values.size() > 5) line += ", ... (" + std::to_string(values.size()) + " values)";
      }
      out.push_back(line + ": " + message);
    }
  }
  return out;
}

std::string aligned(const Grid& g) {
  std::vector<std::size_t> width;
  for (const auto& row : g)
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], row[i].size());
    }
  std::string out;
  for (std::size_t r = 0; r < g.size(); ++r) {
    std::string line;
    for (std::size_t i = 0; i < g[r].size(); ++i) {
      const auto& cell = g[r][i];
      std::string pad(width[i] - cell.size(), ' ');
      line += i == 0 ? cell + pad : "  " + pad + cell;  // labels left, numbers right
    }
    out += line + "\n";
    if (r == 0) {
      std::size_t total = 0;
      for (auto w : width) total += w + 2;
      out += std::string(total - 2, '-') + "\n";
    }
  }
  return out;
}

std::string markdown_cell(std::string s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

std::string markdown(const Grid& g) {
  std::string out;
  for (std::size_t r = 0; r < g.size(); ++r) {
    out += "|";
    for (const auto& cell : g[r]) out += " " + markdown_cell(cell) + " |";
    out += "\n";
    if (r == 0) {
      out += "|";
      for (std::size_t i = 0; i < g[r].size(); ++i) out += i == 0 ? " --- |" : " ---: |";
      out += "\n";
    }
  }
  return out;
}

std::string title(const Report& r) {
  return "Scenario " + r.scenario + ", seed " + std::to_string(r.seed);
}

}  // namespace

std::string text_report(const Report& r) {
  std::string out = title(r) + "\n\n" + aligned(metric_grid(r));
  if (r.sweep) out += "\nSweep of " + r.sweep->text + "\n\n" + aligned(sweep_grid(r));
  auto errors = errors_of(r);
  if (!errors.empty()) out += "\nFailed runs:\n";
  for (const auto& e : errors) out += "  " + e + "\n";
  return out;
}

std::string markdown_report(const Report& r, const std::string& svg_name) {
  std::string out = "# imssim compare\n\n" + title(r) +
                    ". Per-call figures are means over the established calls; percentiles are "
                    "nearest-rank; KMS work is the KMS counters divided by the calls placed; "
                    "\"-\" means not reported.\n\n" +
                    markdown(metric_grid(r));
  if (r.sweep) {
    out += "\n## Sweep of `" + r.sweep->text + "`\n\n";
    if (!svg_name.empty())
      out += "![setup delay against " + r.sweep->text + "](" + svg_name + ")\n\n";
    out += markdown(sweep_grid(r));
  }
  auto errors = errors_of(r);
  if (!errors.empty()) out += "\n## Failed runs\n\n";
  for (const auto& e : errors) out += "* " + markdown_cell(e) + "\n";
  return out;
}

}  // namespace imssim::compare
