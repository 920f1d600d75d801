// A self-contained SVG line chart (no scripts, fonts or external files): title, labelled axes
// with ticks and grid lines, one coloured line with markers per series (colour-blind-safe
// palette, a different marker shape per series so it also reads in grey), and a legend.
// Absent points break a series' line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/compare/report.h"

namespace imssim::compare {

struct Series {
  std::string name;
  std::vector<std::optional<double>> ys;  // one per x
};

struct LineChart {
  std::string title, x_label, y_label;
  std::vector<double> xs;
  std::vector<Series> series;
};

std::string svg_line_chart(const LineChart& chart);

// Mean setup delay against the swept parameter, one series per variant.
LineChart sweep_chart(const Report& r);

// Evenly spaced "nice" tick values (steps of 1, 2 or 5 times a power of ten) covering
// [lo, hi], about `target` of them. lo == hi is widened around the value.
std::vector<double> nice_ticks(double lo, double hi, int target = 8);

}  // namespace imssim::compare
