// Stream endpoints for tests: a listening server and a connecting client that record what
// happens to them.
#pragma once

#include <memory>
#include <optional>

#include "sim/net/sockets.h"
#include "sim/net/tcp_connection.h"
#include "sim/simulation.h"

namespace imssim::sim::testing {

struct StreamEnd {
  std::unique_ptr<Stream> stream;
  Bytes data;
  std::optional<StreamClose> closed;
  Time connected_at = Time::max();
  Time closed_at = Time::max();
  Time last_data_at = Time::max();
  int data_calls = 0;
  bool close_when_peer_closes = true;

  void watch(Environment& env) {
    stream->on_data([this, &env](ByteView d) {
      data.insert(data.end(), d.begin(), d.end());
      last_data_at = env.now();
      ++data_calls;
    });
    stream->on_closed([this, &env](StreamClose how) {
      closed = how;
      closed_at = env.now();
      if (how == StreamClose::kGraceful && close_when_peer_closes) stream->close();
    });
  }
  const TcpConnection* connection() const {
    return static_cast<const TcpStream*>(stream.get())->connection();
  }
};

struct Server : StreamEnd {
  Server(Host& host, std::uint16_t port) : env(host.env()) {
    listener = env.listen_tcp(port,
                              [this](std::unique_ptr<Stream> s) {
                                ++accepted;
                                connected_at = env.now();
                                stream = std::move(s);
                                watch(env);
                                if (on_accept) on_accept(*this);
                              })
                   .value();
  }
  Environment& env;
  std::unique_ptr<StreamListener> listener;
  int accepted = 0;
  std::function<void(Server&)> on_accept;
};

struct Client : StreamEnd {
  Client(Host& host, const Endpoint& to) : env(host.env()) {
    stream = env.connect_tcp(to);
    watch(env);
    stream->on_connected([this] { connected_at = env.now(); });
  }
  Environment& env;
};

}  // namespace imssim::sim::testing
