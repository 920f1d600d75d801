#include "tests/support/tshark.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>

namespace imssim::testing {

bool tshark_available() { return std::system("tshark -v >/dev/null 2>&1") == 0; }

namespace {

TsharkOutput run(const std::string& cmd) {
  TsharkOutput result;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return result;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) result.out.append(buf.data(), n);
  int status = pclose(p);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace

// stdout only (tshark warns on stderr when run as root); on failure, the run is repeated with
// stderr so the caller sees why.
TsharkOutput run_tshark(const std::string& pcap, const std::string& args) {
  std::string cmd = "tshark -r '" + pcap + "' " + args;
  TsharkOutput result = run(cmd + " 2>/dev/null");
  if (result.exit_code != 0) result.out = run(cmd + " 2>&1").out;
  return result;
}

std::string tshark_problems(const std::string& pcap, const std::string& extra_args) {
  auto r = run_tshark(pcap, extra_args +
                                " -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE"
                                " -o tcp.check_checksum:TRUE"
                                " -Y '_ws.malformed || _ws.expert.severity >= error'"
                                " -T fields -e frame.number -e _ws.expert.message");
  if (r.exit_code != 0) return "tshark failed (" + std::to_string(r.exit_code) + "): " + r.out;
  return r.out;
}

}  // namespace imssim::testing
