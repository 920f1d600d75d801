#include "nodes/ims/pcscf.h"

#include "nodes/keymgmt/steps.h"
#include "nodes/proto/sip/proxy.h"

namespace imssim::ims {

Result<std::unique_ptr<Pcscf>> Pcscf::start(Environment& env, PcscfConfig config) {
  auto t = SipTransport::open(env, config.port, "P-CSCF");
  if (!t) return Unexpected{t.error()};
  return std::unique_ptr<Pcscf>(new Pcscf(env, config, std::move(*t)));
}

Pcscf::Pcscf(Environment& env, PcscfConfig config, std::unique_ptr<SipTransport> transport)
    : env_(env),
      config_(config),
      transport_(std::move(transport)),
      proxy_(env, *transport_, sip_uri(transport_->local())) {
  transport_->on_message(
      [this](sip::Message m, const Endpoint& from) { on_message(std::move(m), from); });
  transport_->set_interface_of(
      [scscf = config_.scscf](const Endpoint& peer) { return peer == scscf ? "Mw" : "Gm"; });
}

void Pcscf::on_message(sip::Message m, const Endpoint& from) {
  if (m.is_response()) return on_response(std::move(m), from);
  if (!proxy_.admit(m, from)) return;
  if (from != config_.scscf) assert_sender(m, from);
  Endpoint next = config_.scscf;
  if (m.route_count() > 0) {  // loose routing: the route set names the next hop
    auto r = endpoint_of(m.top_route_uri());
    if (!r) return proxy_.answer(m, from, 400);
    next = *r;
  } else if (from == config_.scscf) {  // terminating: towards the UE contact
    auto r = endpoint_of(m.request_uri());
    if (!r) return proxy_.answer(m, from, 404);
    next = *r;
  }
  if (m.method() == "INVITE" && m.to_tag().empty() && env_.tracing() && from != config_.scscf)
    env_.trace_step(keymgmt::kStepImsCore, "IMS core passes the INVITE on");
  bool record_route = m.method() != "REGISTER";
  proxy_.forward(std::move(m), next, record_route);
}

void Pcscf::on_response(sip::Message m, const Endpoint& from) {
  if (from != config_.scscf) {
    assert_sender(m, from);
  } else if (m.cseq_method() == "REGISTER" && m.status() == 200 && m.via_count() > 1) {
    // The registrar's 200 OK: the UE below our Via registered its IMPU.
    sip::Message copy = m.clone();
    if (sip::pop_via(copy) && copy.via_count() > 0)
      if (auto ue = endpoint_of(copy.top_via_sent_by())) {
        std::string impu = m.to_uri();
        registered_[*ue] = impu.substr(0, impu.find(';'));
      }
  }
  proxy_.forward_response(std::move(m));
}

void Pcscf::assert_sender(sip::Message& m, const Endpoint& ue) {
  auto it = registered_.find(ue);
  if (it == registered_.end()) return sip::remove_asserted_identity(m);
  if (auto ok = sip::assert_identity(m, it->second); !ok) sip::remove_asserted_identity(m);
}

}  // namespace imssim::ims
