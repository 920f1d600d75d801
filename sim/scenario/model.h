// A validated scenario, ready to build a simulation from. Produced only by load_scenario(),
// so every reference in it (zones, hosts, subscribers, groups, call ids) is known to resolve.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/address.h"
#include "common/bytes.h"
#include "common/time.h"

namespace imssim::scenario {

struct Zone {
  std::string name;
  Time delay;
  Time jitter;
  bool lognormal_jitter = false;
  double loss = 0;
  double bandwidth_bps = 0;
  int mtu = 1500;
  Ipv4 subnet;        // network address
  int prefix_len = 16;
};

struct Host {
  std::string name;
  std::string zone;
  Ipv4 address;  // assigned if the file did not give one
};

struct Subscriber {
  Host host;
  std::string impi;
  std::string impu;
  Bytes k;
  std::optional<Bytes> op;   // exactly one of op / opc is set
  std::optional<Bytes> opc;
  std::uint64_t sqn = 0;     // 48 bits
  std::uint16_t amf = 0;
  bool generated = false;    // from `population`
};

struct Group {
  std::string id;
  std::vector<std::string> members;  // subscriber names
};

struct Warrant {
  std::string target;  // subscriber name
  Time start;
  Time stop;
};

// One timeline action. `args` is its JSON object with defaults filled in; the runner reads
// the fields it needs. `pointer` locates it in the file for run-time messages.
struct Action {
  Time at;
  std::string kind;
  nlohmann::json args;
  std::string pointer;
};

struct Traffic {
  double calls_per_s = 0;
  Time mean_call;
  Time start;
  Time stop;
};

struct Expectation {
  std::string what;
  std::string path;
  std::optional<nlohmann::json> equals;
  std::optional<double> min;
  std::optional<double> max;
  std::vector<std::string> variants;  // empty: all
  std::string pointer;
};

struct ImsSettings {
  std::string domain;
  std::string zone;
  std::string sip_transport;
  std::string tls_version;
  Time key_lifetime;
  Time gba_key_lifetime;
  Time no_answer_timeout;
  bool kms_cpu_model = false;
  double kms_cpu_slowdown = 1;
};

struct Scenario {
  std::string file;
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  Time duration;
  std::vector<std::string> variants;
  std::vector<Zone> zones;  // in file order
  ImsSettings ims;
  std::vector<Host> ims_hosts;          // hss, bsf, kms, ... in ims.zone (ims_node_names order)
  std::vector<Host> hosts;              // plain hosts
  std::vector<Subscriber> subscribers;  // file subscribers, then the population
  std::vector<Group> groups;
  std::vector<Warrant> warrants;
  std::vector<Action> timeline;  // sorted by time, ties in file order
  std::optional<Traffic> traffic;
  std::vector<Expectation> expectations;
  nlohmann::json normalized;  // the document with defaults filled in

  const Zone* zone(const std::string& name) const;
  const Subscriber* subscriber(const std::string& name_or_impu) const;
};

// Names of the IMS functions' hosts; scenario hosts and UEs may not reuse them.
const std::vector<std::string>& ims_node_names();

}  // namespace imssim::scenario
