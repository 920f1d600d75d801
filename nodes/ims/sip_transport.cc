#include "nodes/ims/sip_transport.h"

#include "nodes/proto/sip/build.h"
#include "nodes/proto/sip/constants.h"

namespace imssim::ims {

Result<std::unique_ptr<SipTransport>> SipTransport::open(Environment& env, std::uint16_t port,
                                                         std::string node_name) {
  auto socket = env.open_udp(port);
  if (!socket) return fail(node_name + " SIP port: " + socket.error().message);
  return std::unique_ptr<SipTransport>(
      new SipTransport(env, std::move(*socket), std::move(node_name)));
}

SipTransport::SipTransport(Environment& env, std::unique_ptr<DatagramSocket> socket,
                           std::string node)
    : env_(env), socket_(std::move(socket)), node_(std::move(node)) {
  socket_->on_receive([this](const Endpoint& from, ByteView b) { on_datagram(from, b); });
}

std::string SipTransport::sent_by() const { return local().str(); }

void SipTransport::send(const sip::Message& m, const Endpoint& to) {
  std::string wire = m.serialize();
  count(m.call_id(), to, wire.size());
  std::string label;
  if (env_.tracing())
    label = m.is_request() ? "SIP " + std::string(m.method()) + " " + m.request_uri()
                           : "SIP " + std::to_string(m.status()) + " " + std::string(m.reason()) +
                                 " (" + std::string(m.cseq_method()) + ")";
  socket_->send_to(to, to_bytes(wire), label);
}

void SipTransport::count(std::string_view call_id, const Endpoint& peer, std::size_t bytes) {
  auto it = by_call_.find(call_id);
  if (it == by_call_.end()) it = by_call_.try_emplace(std::string(call_id)).first;
  std::string_view name = interface_of_ ? interface_of_(peer) : "Gm";
  auto counted = it->second.find(name);
  if (counted == it->second.end()) counted = it->second.emplace(name, SignallingCount{}).first;
  counted->second.add(bytes);
}

std::map<std::string, SignallingCount> SipTransport::count_of(const std::string& call_id) const {
  auto it = by_call_.find(call_id);
  if (it == by_call_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

void SipTransport::on_datagram(const Endpoint& from, ByteView bytes) {
  std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  auto m = sip::Message::parse(text);
  if (!m) {
    ++rejected_;
    if (env_.tracing()) env_.trace_note(node_ + " rejects a SIP message: " + m.error().message);
    return;  // RFC 3261 §18.3: we cannot answer reliably what does not parse as a request
  }
  count(m->call_id(), from, bytes.size());
  if (handler_) handler_(std::move(*m), from);
}

std::string sip_uri(const Endpoint& e) { return "sip:" + e.str(); }

Result<Endpoint> endpoint_of(std::string_view s) {
  if (s.substr(0, 4) == "sip:") s.remove_prefix(4);
  if (auto at = s.find('@'); at != std::string_view::npos) s.remove_prefix(at + 1);
  s = s.substr(0, s.find_first_of(";>?"));
  std::uint16_t port = sip::kDefaultPort;
  if (auto colon = s.find(':'); colon != std::string_view::npos) {
    int p = 0;
    for (char c : s.substr(colon + 1)) {
      if (c < '0' || c > '9' || (p = p * 10 + (c - '0')) > 65535)
        return fail("'" + std::string(s) + "': bad port");
    }
    port = std::uint16_t(p);
    s = s.substr(0, colon);
  }
  auto ip = Ipv4::parse(s);
  if (!ip) return fail("'" + std::string(s) + "' is not a numeric IPv4 host");
  return Endpoint{*ip, port};
}

}  // namespace imssim::ims
