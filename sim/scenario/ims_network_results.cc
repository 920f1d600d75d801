// The results of a run's IMS network: the `calls` array (two-party, group and retargeted
// calls, each side's key, delays, messages and media), the attack probes, and the per-node work
// under `nodes` (KMS, Zn, BSF, HSS, S-CSCF, LI, mailbox, each UE).
#include <set>

#include "sim/scenario/ims_network.h"

namespace imssim::scenario {
namespace {

double ms_between(Time from, Time to) {
  return from == Time() || to == Time() ? -1 : (to - from).to_ms();
}

}  // namespace

nlohmann::json ImsNetwork::call_json(const CallRecord& c) const {
  if (!c.group) {
    auto j = pair_json(c, c.callees.front());
    j["id"] = c.id;
    j["caller"] = c.caller;
    j["variant"] = variant_;
    return j;
  }
  // A group call: one entry, every member's pair under `members`.
  nlohmann::json members = nlohmann::json::array();
  bool established = true, keys_match = true;
  nlohmann::json failure = nullptr;
  std::set<std::string> fingerprints;
  for (const auto& m : c.callees) {
    auto p = pair_json(c, m);
    established = established && p["established"].get<bool>();
    keys_match = keys_match && p["keys_match"].get<bool>();
    fingerprints.insert(p["key_fingerprints"]["callee"].get<std::string>());
    if (failure.is_null() && !p["failure"].is_null())
      failure = m + ": " + p["failure"].get<std::string>();
    members.push_back(std::move(p));
  }
  const auto* first = c.caller_leg();
  return {{"id", c.id},
          {"caller", c.caller},
          {"named", c.named},
          {"callees", c.callees},
          {"variant", variant_},
          {"established", established},
          {"keys_match", keys_match && fingerprints.size() == 1},
          {"km_round_trips", {{"caller", first ? first->key_exchange.round_trips : 0}}},
          {"members", members},
          {"failure", failure}};
}

nlohmann::json ImsNetwork::pair_json(const CallRecord& c, const std::string& callee_name) const {
  const auto& callee_ue = *ues_.at(callee_name).ue;
  nlohmann::json j{{"callee", callee_name}};
  const ims::CallLeg* a = c.caller_leg(callee_ue.config().impu);
  std::optional<ims::CallLeg> callee;
  if (a)
    for (auto& leg : callee_ue.callee_legs())
      if (leg.call_id == a->call_id) callee = leg;
  const auto* b = callee ? &*callee : nullptr;
  bool established = a && b && a->established && b->established && !a->failure && !b->failure;
  // Retargeted: the mailbox answered and stored the media; the callee gets it later.
  bool retargeted = a && !mailbox_uri_.empty() && a->answered_by == mailbox_uri_;
  if (retargeted) {
    established = a->established && !a->failure;
    for (const auto& m : mailbox_->messages())
      if (m.call_id == a->call_id) j["mailbox_packets_stored"] = m.packets.size();
  }
  j["retargeted_to"] = retargeted ? nlohmann::json("mailbox") : nlohmann::json();
  j["established"] = established;
  j["setup_delay_ms"] = a && a->established ? ms_between(a->invite_sent, a->answered) : -1.0;
  Time ready = a && b ? std::max(a->media_ready, b->media_ready) : Time();
  j["media_ready_ms"] = a && b && a->media_ready != Time() && b->media_ready != Time()
                            ? ms_between(a->started, ready)
                            : -1.0;
  j["keys_match"] =
      a && b && !a->key_fingerprint.empty() && a->key_fingerprint == b->key_fingerprint;
  j["key_fingerprints"] = {{"caller", a ? a->key_fingerprint : ""},
                           {"callee", b ? b->key_fingerprint : ""}};
  // Key ready: from the start of the call until the side holds the media key.
  j["key_ready_ms"] = {{"caller", a ? ms_between(a->started, a->key_ready) : -1.0},
                       {"callee", b && a ? ms_between(a->started, b->key_ready) : -1.0}};
  j["invite_bytes"] = a ? a->invite_bytes : 0;
  j["km_round_trips"] = {{"caller", a ? a->key_exchange.round_trips : 0},
                         {"callee", b ? b->key_exchange.round_trips : 0}};
  j["sip_retransmissions"] = {{"caller", a ? a->sip_retransmissions : 0},
                              {"callee", b ? b->sip_retransmissions : 0}};
  j["km_retransmissions"] = {{"caller", a ? a->key_exchange.retransmissions : 0},
                             {"callee", b ? b->key_exchange.retransmissions : 0}};
  // Per interface, what this call put on the wire (Ub and Zn are shared by calls: see network).
  // UE-KMS: the call's key-management messages (datagrams, or TLS records) and payload bytes.
  std::uint64_t km_msgs = 0, km_bytes = 0;
  for (const auto* l : {a, b})
    if (l) {
      km_msgs += std::uint64_t(l->key_exchange.messages_sent + l->key_exchange.messages_received);
      km_bytes += l->key_exchange.bytes_sent + l->key_exchange.bytes_received;
    }
  std::uint64_t gm_m = 0, gm_b = 0;
  for (const auto* l : {a, b})
    if (l && l->signalling.count("Gm")) {
      gm_m += l->signalling.at("Gm").messages;
      gm_b += l->signalling.at("Gm").bytes;
    }
  auto mw =
      a ? scscf_->transport().count_of(a->call_id) : std::map<std::string, ims::SignallingCount>{};
  auto mw_count = mw.count("Mw") ? mw.at("Mw") : ims::SignallingCount{};
  std::uint64_t media_m = (a ? a->media.sent : 0) + (b ? b->media.sent : 0);
  std::uint64_t media_b = (a ? a->media.bytes_sent : 0) + (b ? b->media.bytes_sent : 0);
  j["messages"] = {
      {"UE-KMS", km_msgs}, {"Gm", gm_m}, {"Mw", mw_count.messages}, {"media", media_m}};
  j["bytes"] = {{"UE-KMS", km_bytes}, {"Gm", gm_b}, {"Mw", mw_count.bytes}, {"media", media_b}};
  auto media = [](const ims::CallLeg* l) {
    return l ? nlohmann::json{{"sent", l->media.sent},
                              {"received", l->media.received},
                              {"authenticated", l->media.authenticated},
                              {"verified", l->media.verified}}
             : nlohmann::json{{"sent", 0}, {"received", 0}, {"authenticated", 0}, {"verified", 0}};
  };
  j["media"] = {
      {"caller", media(a)},
      {"callee", media(b)},
      {"sent", (a ? a->media.sent : 0) + (b ? b->media.sent : 0)},
      {"received", (a ? a->media.received : 0) + (b ? b->media.received : 0)},
      {"authenticated", (a ? a->media.authenticated : 0) + (b ? b->media.authenticated : 0)}};
  nlohmann::json failure = nullptr;
  if (!a)
    failure = "the call had not ended when the run stopped";
  else if (a->failure)
    failure = *a->failure;
  else if (b && b->failure && !retargeted)
    failure = "callee: " + *b->failure;
  j["failure"] = failure;
  return j;
}

nlohmann::json ImsNetwork::attacks() const {
  auto out = nlohmann::json::array();
  for (const auto& a : attacks_) out.push_back(a->to_json());
  return out;
}

nlohmann::json ImsNetwork::calls() const {
  auto out = nlohmann::json::array();
  for (const auto& c : calls_) out.push_back(call_json(*c));
  return out;
}

namespace {

nlohmann::json voice_messages_json(const ims::Ue& ue) {
  auto out = nlohmann::json::array();
  for (const auto& v : ue.voice_messages()) {
    const auto* p = v.playback ? &*v.playback : nullptr;
    out.push_back({{"from", v.from},
                   {"key_obtained", v.key.has_value()},
                   {"failure", v.failure ? nlohmann::json(*v.failure)
                                         : p && p->failure ? nlohmann::json(*p->failure)
                                                           : nlohmann::json()},
                   {"key_fingerprint", v.key ? v.key->fingerprint() : ""},
                   {"played_back", p != nullptr},
                   {"received", p ? p->media.received : 0},
                   {"authenticated", p ? p->media.authenticated : 0},
                   {"verified", p ? p->media.verified : 0}});
  }
  return out;
}

}  // namespace

nlohmann::json ImsNetwork::nodes() const {
  nlohmann::json ues = nlohmann::json::object();
  for (const auto& [name, n] : ues_) {
    const auto& k = n.ue->key_counters();
    ues[name] = {{"registered", n.ue->registered()},
                 {"registration_failure", registration_failures_.count(name)
                                              ? nlohmann::json(registration_failures_.at(name))
                                              : nlohmann::json(nullptr)},
                 {"register_retransmissions", n.ue->register_retransmissions()},
                 {"gba_bootstraps", n.keys->client().counters().successes},
                 {"km_round_trips", k.round_trips},
                 {"km_retransmissions", k.retransmissions},
                 {"voice_messages", voice_messages_json(*n.ue)}};
  }
  return {
      {"kms", [this] {
         auto j = kms_->results();
         j["restarts"] = kms_restarts_;
         return j;
       }()},
      {"kms_zn",
       {{"requests", zn_->client().counters().requests},
        {"round_trips", zn_->client().counters().round_trips},
        {"cache_hits", zn_->client().counters().cache_hits}}},
      {"bsf", {{"bootstraps", bsf_->counters().bootstraps}, {"zn_keys", bsf_->counters().zn_keys}}},
      {"hss", {{"vectors", hss_->counters().vectors}}},
      {"scscf",
       {{"registrations", scscf_->registrations()},
        {"challenges", scscf_->challenges()},
        {"li_reports", scscf_->li() ? scscf_->li()->reports() : 0}}},
      {"li", li_->results()},
      {"mailbox", mailbox_->results()},
      {"ues", ues}};
}

}  // namespace imssim::scenario
