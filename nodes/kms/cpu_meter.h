// Real CPU time the KMS spends in its handlers, by operation (CLOCK_THREAD_CPUTIME_ID). Wall
// measurements differ from run to run, so they are reported apart from the results document
// (RunOutcome::measured), which must stay byte-identical for a seed.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace imssim::kms {

class CpuMeter {
 public:
  struct Total {
    std::uint64_t count = 0;
    std::uint64_t ns = 0;
  };
  // Adds the CPU time from its construction to its destruction to `op`.
  class [[nodiscard]] Scope {
   public:
    Scope(CpuMeter& meter, std::string_view op);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    CpuMeter& meter_;
    std::string_view op_;
    std::uint64_t start_ns_;
  };

  Scope measure(std::string_view op) { return Scope(*this, op); }
  const std::map<std::string, Total, std::less<>>& totals() const { return totals_; }
  std::uint64_t total_ns() const;
  nlohmann::json to_json() const;

 private:
  std::map<std::string, Total, std::less<>> totals_;
};

}  // namespace imssim::kms
