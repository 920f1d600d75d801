// Summary statistics for the comparison: mean and nearest-rank percentiles.
//
// Percentile definition (nearest rank): for n sorted values x[1..n] and 0 < p <= 100, the
// p-th percentile is x[ceil(p/100 * n)]; p = 0 gives x[1]. It is always one of the observed
// values, never an interpolation, so p50 of {1, 2, 3, 4} is 2 and p99 of 10 values is the
// largest. With no values every statistic is absent.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace imssim::compare {

struct Distribution {
  std::size_t count = 0;
  std::optional<double> mean, p50, p95, p99;
};

std::optional<double> mean_of(const std::vector<double>& values);

// Nearest-rank percentile (see above); `p` is clamped to [0, 100].
std::optional<double> percentile(std::vector<double> values, double p);

Distribution summarize(const std::vector<double>& values);

}  // namespace imssim::compare
