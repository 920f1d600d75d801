// The network-probe actions of a timeline (`datagrams`, `transfer`): they start the probe
// applications of nodes/probe on the named hosts and report what arrived under /probes/<id>.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "nodes/probe/probes.h"
#include "sim/scenario/model.h"
#include "sim/scenario/world.h"

namespace imssim::scenario {

class ProbeActions {
 public:
  explicit ProbeActions(World& world) : world_(world) {}

  // Errors name the action (its JSON pointer) and the reason, e.g. a port already in use.
  Result<Ok> start_datagrams(const Action& a);
  Result<Ok> start_transfer(const Action& a);

  // {"<id>": {...}, ...} at the end of the run.
  nlohmann::json results() const;

 private:
  struct Datagrams {
    std::unique_ptr<probe::DatagramReceiver> receiver;
    std::unique_ptr<probe::DatagramSender> sender;
  };
  struct Transfer {
    std::uint64_t bytes = 0;
    std::unique_ptr<probe::TransferReceiver> receiver;
    std::unique_ptr<probe::TransferSender> sender;
  };

  World& world_;
  std::map<std::string, Datagrams> datagrams_;
  std::map<std::string, Transfer> transfers_;
};

}  // namespace imssim::scenario
