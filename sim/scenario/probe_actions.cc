#include "sim/scenario/probe_actions.h"

namespace imssim::scenario {

namespace {

Error at(const Action& a, const Error& e) { return Error{a.pointer + ": " + e.message}; }

}  // namespace

Result<Ok> ProbeActions::start_datagrams(const Action& a) {
  const auto& j = a.args;
  auto& to = world_.host(j.at("to").get<std::string>());
  auto port = j.at("port").get<std::uint16_t>();
  auto receiver = probe::DatagramReceiver::listen(to.env(), port);
  if (!receiver) return Unexpected{at(a, receiver.error())};
  probe::DatagramProbeConfig c{j.at("id").get<std::string>(), Endpoint{to.address(), port},
                               j.at("count").get<int>(), j.at("size_bytes").get<std::size_t>(),
                               Time::from_ms(j.at("interval_ms").get<double>())};
  auto sender = probe::DatagramSender::start(world_.host(j.at("from").get<std::string>()).env(), c);
  if (!sender) return Unexpected{at(a, sender.error())};
  datagrams_[c.id] = Datagrams{std::move(*receiver), std::move(*sender)};
  return Ok{};
}

Result<Ok> ProbeActions::start_transfer(const Action& a) {
  const auto& j = a.args;
  auto& to = world_.host(j.at("to").get<std::string>());
  auto port = j.at("port").get<std::uint16_t>();
  auto receiver = probe::TransferReceiver::listen(to.env(), port);
  if (!receiver) return Unexpected{at(a, receiver.error())};
  auto bytes = j.at("bytes").get<std::uint64_t>();
  auto sender = probe::TransferSender::start(world_.host(j.at("from").get<std::string>()).env(),
                                             Endpoint{to.address(), port}, bytes);
  transfers_[j.at("id").get<std::string>()] =
      Transfer{bytes, std::move(*receiver), std::move(sender)};
  return Ok{};
}

nlohmann::json ProbeActions::results() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [id, d] : datagrams_) out[id] = d.receiver->results(d.sender->sent());
  for (const auto& [id, t] : transfers_) {
    auto j = t.receiver->results(t.sender->started(), t.bytes);
    if (!t.sender->close_reason().empty()) j["sender_close"] = t.sender->close_reason();
    out[id] = std::move(j);
  }
  return out;
}

}  // namespace imssim::scenario
