// One generated message of every kind the builders make, with fixed keys and times, for the
// fuzz seed corpus, the CLI test and the tshark cross-check.
#pragma once

#include <string>
#include <vector>

#include "common/bytes.h"

namespace imssim::mikey::testing {

struct Sample {
  std::string name;  // e.g. "request_init"
  Bytes wire;
  Bytes key;         // PSK or MPK protecting it
  std::string request;  // for a response: the name of the request it answers
};

// Keys used: PSK 00..1f (UE-KMS), MPK a0..af; simulated time 100 s on the default epoch.
std::vector<Sample> generated_samples();

}  // namespace imssim::mikey::testing
