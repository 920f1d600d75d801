// One security probe of a run (the `attack` action): what was attempted, by whom, and what the
// KMS did. The raw probes send a captured request again, as sent or with one bit flipped,
// from the attacker's own port: a MIKEY message over UDP, or the bytes of a whole TLS
// connection to the KMS's HTTPS port (TLS must refuse both: new randoms, transcript MACs).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "common/env.h"

namespace imssim::scenario {

struct AttackProbe {
  std::string kind, by, call;
  std::string outcome = "pending";  // refused, dropped, answered, accepted
  std::string detail;
  bool key_obtained = false;

  // Sends `wire` to the KMS's MIKEY port from a fresh port of `env` and classifies the answer.
  void send_mikey(Environment& env, const Endpoint& kms, Bytes wire);
  // Opens a TCP connection to the KMS's HTTPS port and writes `bytes` (a captured TLS client
  // stream); a TLS alert back, or the KMS closing the connection, means it refused it.
  void send_tls(Environment& env, const Endpoint& kms, Bytes bytes);
  nlohmann::json to_json() const;

 private:
  std::unique_ptr<DatagramSocket> socket_;
  std::unique_ptr<Stream> stream_;
  Bytes received_;
};

}  // namespace imssim::scenario
