// Network probes: small applications that exercise the simulated network the way a scenario's
// `datagrams` and `transfer` actions ask, and report what arrived. They run on any host through
// the Environment interface, like every node.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/env.h"

namespace imssim::probe {

// `count` UDP datagrams of `size` bytes every `interval`, each carrying its sequence number,
// its send time and a pattern the receiver verifies.
struct DatagramProbeConfig {
  std::string id;
  Endpoint to;
  int count = 1;
  std::size_t size = 160;
  Time interval;
};

class DatagramReceiver {
 public:
  // Listens on `port` of `env`'s host. Errors: the port is taken.
  static Result<std::unique_ptr<DatagramReceiver>> listen(Environment& env, std::uint16_t port);
  nlohmann::json results(int sent) const;

 private:
  explicit DatagramReceiver(Environment& env) : env_(env) {}
  void on_datagram(ByteView payload);

  Environment& env_;
  std::unique_ptr<DatagramSocket> socket_;
  std::vector<bool> seen_;
  int received_ = 0, duplicates_ = 0, corrupted_ = 0;
  std::vector<double> delays_ms_;
};

class DatagramSender {
 public:
  static Result<std::unique_ptr<DatagramSender>> start(Environment& env, DatagramProbeConfig config);
  int sent() const { return sent_; }

 private:
  DatagramSender(Environment& env, DatagramProbeConfig config) : env_(env), config_(std::move(config)) {}
  void send_next();

  Environment& env_;
  DatagramProbeConfig config_;
  std::unique_ptr<DatagramSocket> socket_;
  int sent_ = 0;
};

// A stream carrying `bytes` of a verifiable pattern, then closing.
class TransferReceiver {
 public:
  static Result<std::unique_ptr<TransferReceiver>> listen(Environment& env, std::uint16_t port);
  nlohmann::json results(Time started, std::uint64_t expected_bytes) const;

 private:
  explicit TransferReceiver(Environment& env) : env_(env) {}

  Environment& env_;
  std::unique_ptr<StreamListener> listener_;
  std::unique_ptr<Stream> stream_;
  std::uint64_t delivered_ = 0;
  bool verified_ = true;
  bool closed_gracefully_ = false;
  Time connected_at_ = Time::max(), finished_at_ = Time::max();
};

class TransferSender {
 public:
  static std::unique_ptr<TransferSender> start(Environment& env, const Endpoint& to, std::uint64_t bytes);
  Time started() const { return started_; }
  std::string close_reason() const { return close_reason_; }

 private:
  explicit TransferSender(Environment& env) : env_(env) {}

  Environment& env_;
  std::unique_ptr<Stream> stream_;
  Time started_;
  std::string close_reason_;
};

// Byte `i` of every probe payload pattern: cheap, position-dependent, so a misplaced or
// corrupted byte is noticed.
inline std::uint8_t pattern_byte(std::uint64_t i) { return std::uint8_t((i * 131u + (i >> 8)) & 0xFF); }

}  // namespace imssim::probe
