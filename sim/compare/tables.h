// The report as tables for people: aligned plain text for the terminal, and compare.md.
// Metrics are rows and variants columns (a handful of variants, two dozen metrics); a failed
// variant's column is all "-" and its error is listed under the table.
#pragma once

#include <string>

#include "sim/compare/report.h"

namespace imssim::compare {

std::string text_report(const Report& r);

// `svg_name`, if not empty, is the sweep chart's file name, linked from the sweep section.
std::string markdown_report(const Report& r, const std::string& svg_name = "");

}  // namespace imssim::compare
