#include "sim/scenario/interception.h"

#include "sim/net/network.h"
#include "sim/net/packet.h"
#include "sim/simulation.h"

namespace imssim::scenario {

Result<std::unique_ptr<Interception>> Interception::start(World& world, kms::Kms& kms,
                                                          ims::Scscf& scscf,
                                                          std::unique_ptr<keymgmt::KeyAgent> agent,
                                                          keymgmt::KmsCredentials credentials) {
  const Scenario& s = world.scenario();
  std::unique_ptr<Interception> self(new Interception(world));
  for (const auto& w : s.warrants)
    kms.policy().add_warrant({s.subscriber(w.target)->impu, w.start, w.stop});
  std::string li_uri = "sip:li@" + s.ims.domain;
  auto out = world.host("pcscf").env().open_udp(li::kX3Port);
  if (!out) return fail("pcscf: X3 port: " + out.error().message);
  self->x3_out_ = std::move(*out);
  li::LiConfig config{li_uri, std::move(credentials), 5060, li::kX3Port,
                      scscf.transport().local(), self->x3_out_->local()};
  Interception* raw = self.get();
  li::CopyControl copy{
      [raw](const Endpoint& media, std::uint32_t correlation) {
        raw->watched_[media] = correlation;
      },
      [raw](std::uint32_t correlation) {
        std::erase_if(raw->watched_, [correlation](const auto& w) { return w.second == correlation; });
      }};
  auto f = li::LiFunction::start(world.host("li").env(), std::move(config), std::move(agent),
                                 std::move(copy));
  if (!f) return fail("li: " + f.error().message);
  self->li_ = std::move(*f);
  if (!s.warrants.empty()) {
    scscf.set_interception({li_uri, self->li_->sip(), [&kms, &world](const std::string& impu) {
                              return kms.policy().under_warrant(impu,
                                                                world.simulation().now());
                            }});
    world.simulation().network().set_core_tap([raw](const sim::Packet& p) { raw->copy(p); });
  }
  return self;
}

Interception::~Interception() { world_.simulation().network().set_core_tap({}); }

void Interception::copy(const sim::Packet& p) {
  if (p.protocol != sim::Protocol::kUdp || watched_.empty()) return;
  auto from = watched_.find(p.src);
  auto to = from == watched_.end() ? watched_.find(p.dst) : watched_.end();
  if (from == watched_.end() && to == watched_.end()) return;
  auto direction = from != watched_.end() ? li::CopyDirection::kFromWatched
                                          : li::CopyDirection::kToWatched;
  std::uint32_t correlation = (from != watched_.end() ? from : to)->second;
  ++copies_;
  x3_out_->send_to(li_->x3(), li::encode_x3(correlation, direction, p.payload), "X3 media copy");
}

nlohmann::json Interception::results() const {
  auto j = li_->results();
  j["x3_copies_sent"] = copies_;
  return j;
}

}  // namespace imssim::scenario
