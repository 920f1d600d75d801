#include "sim/net/sockets.h"

#include "sim/net/host.h"
#include "sim/net/tcp_connection.h"

namespace imssim::sim {

UdpSocket::UdpSocket(Host& host, std::uint16_t port, std::uint64_t id)
    : host_(host), port_(port), id_(id) {}
UdpSocket::~UdpSocket() { host_.unbind_udp(port_); }
Endpoint UdpSocket::local() const { return {host_.address(), port_}; }
void UdpSocket::send_to(const Endpoint& to, ByteView payload, Label label) {
  host_.send_udp(*this, to, payload, label);
}

TcpListener::TcpListener(Host& host, std::uint16_t port, std::uint64_t id,
                         UniqueFunction<void(std::unique_ptr<Stream>)> on_accept)
    : host_(host), port_(port), id_(id), on_accept_(std::move(on_accept)) {}
TcpListener::~TcpListener() { host_.unlisten(port_); }
Endpoint TcpListener::local() const { return {host_.address(), port_}; }

TcpStream::TcpStream(TcpConnection& c) : connection_(&c), local_(c.local()), remote_(c.remote()) {
  c.attach(this);
}
TcpStream::~TcpStream() {
  if (connection_) connection_->release_handle();
}
void TcpStream::send(ByteView data, Label label) {
  if (connection_) connection_->send(data, label);
}
void TcpStream::close() {
  if (connection_) connection_->close();
}
void TcpStream::on_connected(UniqueFunction<void()> handler) {
  if (connection_) connection_->set_on_connected(std::move(handler));
}
void TcpStream::on_data(UniqueFunction<void(ByteView)> handler) {
  if (connection_) connection_->set_on_data(std::move(handler));
}
void TcpStream::on_closed(UniqueFunction<void(StreamClose)> handler) {
  if (connection_) connection_->set_on_closed(std::move(handler));
}

}  // namespace imssim::sim
