#include "sim/compare/stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace imssim::compare {

std::optional<double> mean_of(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  return std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
}

std::optional<double> percentile(std::vector<double> values, double p) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  p = std::clamp(p, 0.0, 100.0);
  // Rank in 1..n; the small tolerance keeps p * n that is an integer in decimal (95 % of 20 =
  // 19) from becoming 19.000000000000004 and rounding up to the next rank.
  auto rank = std::size_t(std::ceil(p / 100.0 * double(values.size()) - 1e-9));
  rank = std::clamp<std::size_t>(rank, 1, values.size());
  return values[rank - 1];
}

Distribution summarize(const std::vector<double>& values) {
  return {values.size(), mean_of(values), percentile(values, 50), percentile(values, 95),
          percentile(values, 99)};
}

}  // namespace imssim::compare
