// The handles a node holds: a UDP socket, a TCP listener, a TCP stream. They forward to the
// host (which owns ports and connections), so destroying one at any moment is safe, also from
// inside its own callback.
#pragma once

#include <cstdint>

#include "common/env.h"

namespace imssim::sim {

class Host;
class TcpConnection;

class UdpSocket final : public DatagramSocket {
 public:
  UdpSocket(Host& host, std::uint16_t port, std::uint64_t id);
  ~UdpSocket() override;
  Endpoint local() const override;
  void send_to(const Endpoint& to, ByteView payload, Label label = {}) override;
  void on_receive(UniqueFunction<void(const Endpoint& from, ByteView payload)> handler) override {
    handler_ = std::move(handler);
  }

 private:
  friend class Host;
  Host& host_;
  std::uint16_t port_;
  std::uint64_t id_;  // tells a socket from a later one on the same port
  UniqueFunction<void(const Endpoint&, ByteView)> handler_;
};

class TcpListener final : public StreamListener {
 public:
  TcpListener(Host& host, std::uint16_t port, std::uint64_t id,
              UniqueFunction<void(std::unique_ptr<Stream>)> on_accept);
  ~TcpListener() override;
  Endpoint local() const override;

 private:
  friend class Host;
  friend class TcpConnection;
  Host& host_;
  std::uint16_t port_;
  std::uint64_t id_;
  UniqueFunction<void(std::unique_ptr<Stream>)> on_accept_;
};

class TcpStream final : public Stream {
 public:
  explicit TcpStream(TcpConnection& connection);
  ~TcpStream() override;
  Endpoint local() const override { return local_; }
  Endpoint remote() const override { return remote_; }
  void send(ByteView data, Label label = {}) override;
  void close() override;
  void on_connected(UniqueFunction<void()> handler) override;
  void on_data(UniqueFunction<void(ByteView data)> handler) override;
  void on_closed(UniqueFunction<void(StreamClose how)> handler) override;

  // The connection behind the handle (null once it has finished); for tests and metrics.
  const TcpConnection* connection() const { return connection_; }

 private:
  friend class TcpConnection;
  TcpConnection* connection_;
  Endpoint local_, remote_;
};

}  // namespace imssim::sim
