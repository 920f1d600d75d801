// What key management with the KMS cost a UE, counted from what really crossed the network:
// per exchange (one key request or resolve) and per UE (all of them).
#pragma once

#include <cstddef>

#include "common/bytes.h"

namespace imssim::keymgmt {

// One exchange. A round trip is a turn of the conversation: the UE sent something and the KMS
// answered (a MIKEY request and its response; TCP's SYN and SYN-ACK; a TLS flight and the
// peer's next flight; an HTTP request and its response).
struct ExchangeStats {
  int round_trips = 0;
  int retransmissions = 0;  // MIKEY over UDP; TCP's own are in the network's counts
  int messages_sent = 0, messages_received = 0;    // datagrams (MIKEY) or TLS records
  std::size_t bytes_sent = 0, bytes_received = 0;  // UDP or TCP payload bytes
  // What the UE sent, for attack probes: the MIKEY initiating message (UDP), or every byte of
  // its TCP stream to the KMS (HTTPS: the TLS records).
  Bytes request;
};

// All exchanges of one UE.
struct KeyMgmtCounters {
  int round_trips = 0;    // exchanges answered by the KMS (keys or errors)
  int requests_sent = 0;  // exchanges started
  int retransmissions = 0;
  int failures = 0;
  std::size_t bytes_sent = 0, bytes_received = 0;
};

}  // namespace imssim::keymgmt
