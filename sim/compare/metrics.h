// The compared figures as a flat list of named metrics, in display order: the terminal and
// Markdown tables and the CSV all take their rows from here, so they never disagree.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/compare/report.h"

namespace imssim::compare {

struct Metric {
  std::string key;    // stable machine name, e.g. setup_delay_ms.p95 (CSV)
  std::string label;  // for people, with the unit, e.g. "call setup delay p95 (ms)"
  std::optional<double> value;
};

// The metrics of one row; an errored row gives the same keys with every value absent.
std::vector<Metric> metrics_of(const VariantRow& row);

// Numbers for people: at most `decimals` decimals, trailing zeros dropped ("1", "164.62");
// absent values print as "-".
std::string format_number(std::optional<double> v, int decimals = 2);

// Numbers for machines: the shortest text that reads back as the same double; absent is "".
std::string exact_number(std::optional<double> v);

}  // namespace imssim::compare
