// Tunables of the simulated TCP, defaults from constants.h.
#pragma once

#include <cstdint>

#include "common/time.h"
#include "sim/net/constants.h"

namespace imssim::sim {

struct TcpConfig {
  Time initial_rto = constants::kInitialRto;
  Time min_rto = constants::kMinRto;
  Time max_rto = constants::kMaxRto;
  Time clock_granularity = constants::kClockGranularity;
  int syn_retries = constants::kSynRetries;    // SYN and SYN-ACK retransmissions before giving up
  int data_retries = constants::kDataRetries;  // retransmissions of one segment before reset
  bool fast_retransmit = true;                 // RFC 5681 §3.2 with RFC 6582 NewReno recovery
  std::uint16_t receive_window = constants::kReceiveWindow;
  Time time_wait = constants::kTimeWait;
  Time fin_wait2_timeout = constants::kFinWait2Timeout;
};

}  // namespace imssim::sim
