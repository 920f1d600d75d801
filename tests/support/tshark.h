// Runs tshark on a pcap for tests: skips when tshark is not installed, reports malformed
// packets and expert errors, and extracts fields.
#pragma once

#include <string>
#include <vector>

namespace imssim::testing {

bool tshark_available();
// Runs `tshark -r PCAP ARGS...` and returns stdout; empty optional-like flag on failure.
struct TsharkOutput {
  int exit_code = -1;
  std::string out;
};
TsharkOutput run_tshark(const std::string& pcap, const std::string& args);
// Frame numbers of malformed packets or expert infos of severity error, as text ("" = none).
// Checksums are validated too (tshark does not check them by default).
std::string tshark_problems(const std::string& pcap, const std::string& extra_args = "");

}  // namespace imssim::testing
