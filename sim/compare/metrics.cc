#include "sim/compare/metrics.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace imssim::compare {

std::vector<Metric> metrics_of(const VariantRow& r) {
  auto count = [&r](std::size_t n) {
    return r.error ? std::nullopt : std::optional<double>(double(n));
  };
  std::vector<Metric> m{
      {"calls.established", "calls established", count(r.calls_established)},
      {"calls.total", "calls placed", count(r.calls_total)},
      {"km_round_trips.caller", "UE-KMS round trips, caller", r.km_round_trips.caller},
      {"km_round_trips.callee", "UE-KMS round trips, callee", r.km_round_trips.callee},
      {"km_messages", "UE-KMS messages per call", r.km_messages},
      {"km_bytes", "UE-KMS bytes per call", r.km_bytes},
      {"invite_bytes", "INVITE size (bytes)", r.invite_bytes},
      {"setup_delay_ms.mean", "call setup delay mean (ms)", r.setup_delay_ms.mean},
      {"setup_delay_ms.p50", "call setup delay p50 (ms)", r.setup_delay_ms.p50},
      {"setup_delay_ms.p95", "call setup delay p95 (ms)", r.setup_delay_ms.p95},
      {"setup_delay_ms.p99", "call setup delay p99 (ms)", r.setup_delay_ms.p99},
      {"key_ready_ms.caller", "media keys ready, caller (ms)", r.key_ready_ms.caller},
      {"key_ready_ms.callee", "media keys ready, callee (ms)", r.key_ready_ms.callee},
      {"media_ready_ms.mean", "media ready, both sides (ms)", r.media_ready_ms},
  };
  for (const auto& [name, v] : r.kms_per_call)
    m.push_back({"kms_per_call." + name, "KMS " + name + " per call", v});
  m.push_back({"kms_cpu_model.utilisation", "KMS utilisation (modelled)", r.kms_utilisation});
  m.push_back({"kms_cpu_model.mean_wait_ms", "KMS queueing wait, mean (ms)", r.kms_mean_wait_ms});
  return m;
}

std::string format_number(std::optional<double> v, int decimals) {
  if (!v) return "-";
  if (!std::isfinite(*v)) return std::to_string(*v);
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
  // Trim in the buffer (not the std::string: GCC 12 warns falsely, bug 105651).
  if (n > 0 && std::strchr(buf, '.')) {
    while (buf[n - 1] == '0') buf[--n] = '\0';
    if (buf[n - 1] == '.') buf[--n] = '\0';
  }
  return std::strcmp(buf, "-0") == 0 ? std::string("0") : std::string(buf);
}

std::string exact_number(std::optional<double> v) {
  if (!v) return "";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *v);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

}  // namespace imssim::compare
