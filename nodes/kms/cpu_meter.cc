#include "nodes/kms/cpu_meter.h"

#include <ctime>

namespace imssim::kms {
namespace {

std::uint64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::uint64_t(ts.tv_sec) * 1'000'000'000u + std::uint64_t(ts.tv_nsec);
}

}  // namespace

CpuMeter::Scope::Scope(CpuMeter& meter, std::string_view op)
    : meter_(meter), op_(op), start_ns_(thread_cpu_ns()) {}

CpuMeter::Scope::~Scope() {
  std::uint64_t spent = thread_cpu_ns() - start_ns_;
  auto it = meter_.totals_.find(op_);
  if (it == meter_.totals_.end()) it = meter_.totals_.emplace(std::string(op_), Total{}).first;
  ++it->second.count;
  it->second.ns += spent;
}

std::uint64_t CpuMeter::total_ns() const {
  std::uint64_t n = 0;
  for (const auto& [op, t] : totals_) n += t.ns;
  return n;
}

nlohmann::json CpuMeter::to_json() const {
  nlohmann::json by_op = nlohmann::json::object();
  for (const auto& [op, t] : totals_) by_op[op] = {{"count", t.count}, {"cpu_ns", t.ns}};
  return {{"cpu_ns", total_ns()}, {"by_operation", by_op}};
}

}  // namespace imssim::kms
