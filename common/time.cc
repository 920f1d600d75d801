#include "common/time.h"

#include <cstdio>
#include <cstdlib>

namespace imssim {

std::string Time::str() const {
  char buf[48];
  std::int64_t a = std::llabs(ns_);
  if (a >= 1'000'000'000)
    std::snprintf(buf, sizeof buf, "%.6f s", double(ns_) / 1e9);
  else if (a >= 1'000'000)
    std::snprintf(buf, sizeof buf, "%.3f ms", double(ns_) / 1e6);
  else if (a >= 1'000)
    std::snprintf(buf, sizeof buf, "%.3f us", double(ns_) / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%lld ns", static_cast<long long>(ns_));
  return buf;
}

}  // namespace imssim
