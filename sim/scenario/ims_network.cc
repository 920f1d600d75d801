#include "sim/scenario/ims_network.h"

#include <algorithm>

#include "nodes/gba_nodes/constants.h"
#include "nodes/gba_nodes/zn_client.h"
#include "nodes/keymgmt/constants.h"
#include "nodes/keymgmt/mikey_agent.h"
#include "nodes/keymgmt/mikey_ticket_agent.h"
#include "nodes/keymgmt/tls_ticket_agent.h"
#include "nodes/mailbox/service_uri.h"
#include "nodes/proto/gba/milenage.h"

namespace imssim::scenario {
namespace {

constexpr std::int64_t kEpochUnix = gba_nodes::kDefaultEpochUnix;  // shared by every node

// OPc from the subscriber's OPc or OP (TS 35.206 §4.1).
Result<Bytes> opc_of(const Subscriber& s) {
  if (s.opc) return *s.opc;
  auto m = gba::Milenage::with_op(s.k, *s.op);
  if (!m) return fail(s.host.name + ": " + m.error().message);
  return Bytes(m->opc().begin(), m->opc().end());
}

}  // namespace

ImsNetwork::ImsNetwork(World& world, std::string variant)
    : world_(world), variant_(std::move(variant)) {}

Result<Ok> ImsNetwork::start() {
  const Scenario& s = world_.scenario();
  if (s.ims.sip_transport != "udp")
    return fail("/ims/sip_transport: SIP over " + s.ims.sip_transport + " is not modelled yet");
  auto host = [&](const char* n) -> sim::Host& { return world_.host(n); };
  auto endpoint = [&](const char* n, std::uint16_t port) {
    return Endpoint{host(n).env().address(), port};
  };
  std::string realm = s.ims.domain;

  gba_nodes::HssConfig hss{"hss." + realm, realm, gba_nodes::kDiameterPort, {}};
  for (const auto& sub : s.subscribers) {
    auto opc = opc_of(sub);
    if (!opc) return Unexpected{opc.error()};
    hss.subscribers.push_back({sub.impi,
                               {sub.impu},
                               sub.k,
                               *opc,
                               sub.sqn,
                               gba::Amf{std::uint8_t(sub.amf >> 8), std::uint8_t(sub.amf)}});
  }
  auto h = gba_nodes::Hss::start(host("hss").env(), std::move(hss));
  if (!h) return fail("hss: " + h.error().message);
  hss_ = std::move(*h);

  gba_nodes::BsfConfig bsf;
  bsf.fqdn = "bsf." + realm;
  bsf.realm = realm;
  bsf.hss = endpoint("hss", gba_nodes::kDiameterPort);
  bsf.hss_realm = realm;
  bsf.key_lifetime_seconds = std::int64_t(s.ims.gba_key_lifetime.to_sec());
  bsf.epoch_unix = kEpochUnix;
  auto b = gba_nodes::Bsf::start(host("bsf").env(), bsf);
  if (!b) return fail("bsf: " + b.error().message);
  bsf_ = std::move(*b);

  if (auto k = start_kms("kms." + realm, endpoint("bsf", gba_nodes::kDiameterPort)); !k) return k;

  cx_ = std::make_unique<ims::CxVectorSource>(
      host("scscf").env(), endpoint("hss", gba_nodes::kDiameterPort), "scscf." + realm, realm);
  auto sc = ims::Scscf::start(host("scscf").env(),
                              {5060, realm, Time::sec(600000), s.ims.no_answer_timeout}, *cx_);
  if (!sc) return fail("scscf: " + sc.error().message);
  scscf_ = std::move(*sc);
  auto pc = ims::Pcscf::start(host("pcscf").env(), {5060, scscf_->transport().local()});
  if (!pc) return fail("pcscf: " + pc.error().message);
  pcscf_ = std::move(*pc);

  std::string li_impi = "li@" + realm;
  kms_->policy().add_interceptor(li_impi);
  auto li = Interception::start(world_, *kms_, *scscf_, key_agent(host("li"), "sip:" + li_impi),
                                provision("li", li_impi));
  if (!li) return Unexpected{li.error()};
  li_ = std::move(*li);
  if (auto m = start_mailbox(); !m) return m;

  for (const auto& sub : s.subscribers) {
    auto& env = world_.host(sub.host.name).env();
    auto opc = opc_of(sub);
    gba_nodes::GbaClientConfig g;
    g.impi = sub.impi;
    g.k = sub.k;
    g.opc = *opc;
    g.bsf = endpoint("bsf", gba_nodes::kHttpPort);
    g.bsf_host = bsf.fqdn;
    g.epoch_unix = kEpochUnix;
    auto client = gba_nodes::GbaClient::create(env, std::move(g));
    if (!client) return fail(sub.host.name + ": " + client.error().message);
    UeNode node;
    node.subscriber = &sub;
    node.keys = std::make_unique<ims::GbaKeySource>(env, std::move(*client), kms_fqdn_, kEpochUnix);
    ims::UeConfig c;
    c.name = sub.host.name;
    c.impi = sub.impi;
    c.impu = sub.impu;
    c.domain = realm;
    c.k = sub.k;
    c.opc = *opc;
    c.sqn = sub.sqn;
    c.pcscf = pcscf_->transport().local();
    c.mailbox_uri = mailbox_uri_;
    auto ue = ims::Ue::start(env, std::move(c), *node.keys,
                             key_agent(world_.host(sub.host.name), sub.impu));
    if (!ue) return fail(sub.host.name + ": " + ue.error().message);
    node.ue = std::move(*ue);
    ues_.emplace(sub.host.name, std::move(node));
  }
  return Ok{};
}

Result<Ok> ImsNetwork::start_mailbox() {
  const std::string& realm = world_.scenario().ims.domain;
  std::string impi = "mailbox@" + realm;
  mailbox_uri_ = "sip:" + impi;
  // A known identity at the KMS, so its requests are authenticated; it is a key's receiver only
  // if a caller names it, which no UE here does.
  kms_->policy().add_subscriber(impi, mailbox_uri_);
  mailbox::MailboxConfig config{mailbox_uri_, scscf_->transport().local(),
                                provision("mailbox", impi), 5060};
  auto m = mailbox::MediaMailbox::start(world_.host("mailbox").env(), std::move(config),
                                        key_agent(world_.host("mailbox"), mailbox_uri_));
  if (!m) return fail("mailbox: " + m.error().message);
  mailbox_ = std::move(*m);
  Endpoint at = mailbox_->sip();
  scscf_->set_retarget([this, at](const std::string& target,
                                  ims::RetargetReason why) -> std::optional<ims::Retarget> {
    if (target == mailbox_uri_) return ims::Retarget{"", at};  // its own service URI
    const Subscriber* s = world_.scenario().subscriber(target);
    if (!s || s->impu != target) return std::nullopt;
    int cause = why == ims::RetargetReason::kNoAnswer ? mailbox::kCauseNoReply
                                                      : mailbox::kCauseNotAvailable;
    return ims::Retarget{mailbox::retarget_uri(mailbox_uri_, target, cause), at};
  });
  scscf_->set_third_party_registration({mailbox_uri_, at});
  return Ok{};
}

// The KMS: its decisions, MIKEY over UDP (the proposal) and HTTPS (the ticket variants); both
// interfaces always run, the UEs' variant decides which one they use.
Result<Ok> ImsNetwork::start_kms(const std::string& kms_fqdn, const Endpoint& bsf) {
  const Scenario& s = world_.scenario();
  auto& env = world_.host("kms").env();
  kms_fqdn_ = kms_fqdn;
  kms_uri_ = "sip:" + kms_fqdn;
  kms_ = std::make_unique<kms::Kms>(
      env, kms::KmsConfig{
               s.ims.key_lifetime,
               {s.ims.kms_cpu_model, s.ims.kms_cpu_slowdown, tls_kind() == tls::Kind::kTls13Psk}});
  for (const auto& sub : s.subscribers) kms_->policy().add_subscriber(sub.impi, sub.impu);
  for (const auto& g : s.groups) {
    std::vector<std::string> members;
    for (const auto& m : g.members) members.push_back(s.subscriber(m)->impu);
    kms_->policy().add_group(g.id, members);
  }
  kms_bsf_ = bsf;
  naf_keys_ = std::make_unique<kms::ProvisionedKeySource>(env);
  auto library = tls::LibraryContext::create(world_.simulation().rng("tls-library"));
  if (!library) return fail("TLS: " + library.error().message);
  tls_ = std::move(*library);
  return start_kms_process();
}

// What the KMS process holds and loses when it stops: its interfaces, the Zn client and its
// Ks_NAF cache, the MIKEY response and replay caches, TLS sessions. The key store, the policy
// and the ticket key live in kms_ (durable, like a database on disk).
Result<Ok> ImsNetwork::start_kms_process() {
  const Scenario& s = world_.scenario();
  auto& env = world_.host("kms").env();
  gba_nodes::ZnClientConfig zn;
  zn.naf_fqdn = kms_fqdn_;
  zn.origin_realm = s.ims.domain;
  zn.bsf_realm = s.ims.domain;
  zn.bsf = kms_bsf_;
  zn.epoch_unix = kEpochUnix;
  zn_ = std::make_unique<kms::ZnKeySource>(gba_nodes::ZnClient::create(env, zn), kEpochUnix);
  naf_keys_->set_next(*zn_);
  kms::MikeyServiceConfig mikey;
  mikey.mikey.kms_uri = kms_uri_;
  auto m = kms::MikeyService::start(env, *kms_, *naf_keys_, mikey);
  if (!m) return fail("kms: " + m.error().message);
  mikey_ = std::move(*m);
  mikey_https_ = std::make_unique<kms::MikeyResponder>(env, *kms_, mikey.mikey);
  http_api_ = std::make_unique<kms::HttpApi>(env, *kms_, *mikey_https_);
  kms::HttpsServiceConfig https{keymgmt::kKmsHttpsPort, tls_kind()};
  auto h = kms::HttpsService::start(
      env, *tls_, *kms_, *naf_keys_, https,
      [api = http_api_.get()](const http::Request& r, const kms::NafKey& peer) {
        return api->handle(r, peer);
      });
  if (!h) return fail("kms: " + h.error().message);
  https_ = std::move(*h);
  return Ok{};
}

Result<Ok> ImsNetwork::node_restarted(const std::string& host) {
  if (host != "kms" || !kms_) return Ok{};
  https_.reset();
  http_api_.reset();
  mikey_https_.reset();
  mikey_.reset();
  zn_.reset();
  ++kms_restarts_;
  return start_kms_process();
}

keymgmt::KmsCredentials ImsNetwork::provision(const std::string& name, const std::string& impi) {
  // Named like a B-TID (TS 33.220 §4.5.2: an identifier "@" a host), so every variant's
  // protocol carries it where it carries a B-TID.
  std::string key_name = name + "@" + kms_fqdn_;
  Bytes psk = world_.simulation().rng("provisioned-key").bytes(32);
  naf_keys_->add(key_name, kms::NafKey{psk, impi, world_.scenario().duration + Time::sec(3600)});
  return {key_name, psk};
}

tls::Kind ImsNetwork::tls_kind() const {
  return world_.scenario().ims.tls_version == "1.3" ? tls::Kind::kTls13Psk
                                                    : tls::Kind::kTls12GbaPsk;
}

std::unique_ptr<keymgmt::KeyAgent> ImsNetwork::key_agent(sim::Host& host, const std::string& impu) {
  Endpoint kms_host{world_.host("kms").env().address(), 0};
  if (variant_ == keymgmt::kVariantMikey) {
    kms_host.port = keymgmt::kMikeyUdpPort;
    return std::make_unique<keymgmt::MikeyAgent>(
        host.env(), keymgmt::MikeyAgentConfig{kms_host, kms_uri_, impu});
  }
  kms_host.port = keymgmt::kKmsHttpsPort;
  keymgmt::TicketAgentConfig c{{kms_host, kms_fqdn_, tls_kind(), tls_.get()}, impu, kms_uri_};
  if (variant_ == keymgmt::kVariantTlsTicket)
    return std::make_unique<keymgmt::TlsTicketAgent>(host.env(), c);
  return std::make_unique<keymgmt::MikeyTicketAgent>(host.env(), c);
}

Result<ImsNetwork::UeNode*> ImsNetwork::ue_of(const std::string& name, const std::string& pointer) {
  const Subscriber* sub = world_.scenario().subscriber(name);
  if (!sub) return fail(pointer + ": no subscriber '" + name + "'");
  return &ues_.at(sub->host.name);
}

Result<Ok> ImsNetwork::register_ue(const Action& a) {
  auto node = ue_of(a.args.at("ue").get<std::string>(), a.pointer + "/ue");
  if (!node) return Unexpected{node.error()};
  UeNode* n = *node;
  // GBA first (the KMS key is then at hand for every call), then IMS registration.
  n->keys->get([this, n](Result<ims::UeKmsKey> key) {
    if (!key) registration_failures_[n->subscriber->host.name] = key.error().message;
    n->ue->register_now([this, n](Result<Ok> r) {
      if (!r) registration_failures_[n->subscriber->host.name] = r.error().message;
    });
  });
  return Ok{};
}

Result<Ok> ImsNetwork::start_call(const Action& a) {
  auto caller = ue_of(a.args.at("from").get<std::string>(), a.pointer + "/from");
  if (!caller) return Unexpected{caller.error()};
  auto callee = ue_of(a.args.at("to").get<std::string>(), a.pointer + "/to");
  if (!callee) return Unexpected{callee.error()};
  (*callee)->ue->set_answering(Time::from_ms(a.args.at("answer_after_ms").get<double>()),
                               a.args.at("answer").get<bool>());
  place_call(**caller, {*callee}, {(*callee)->subscriber->impu}, a.args.at("id").get<std::string>(),
             Time::from_ms(a.args.at("duration_s").get<double>() * 1e3), false);
  return Ok{};
}

Result<Ok> ImsNetwork::start_group_call(const Action& a) {
  const Scenario& s = world_.scenario();
  auto caller = ue_of(a.args.at("from").get<std::string>(), a.pointer + "/from");
  if (!caller) return Unexpected{caller.error()};
  std::vector<UeNode*> callees;
  std::vector<std::string> named;
  if (a.args.contains("group")) {
    // The caller's group list (a group list document, RFC 4826, in a real UE): who to INVITE.
    std::string id = a.args.at("group").get<std::string>();
    named = {id};
    for (const auto& g : s.groups)
      if (g.id == id)
        for (const auto& m : g.members)
          if (s.subscriber(m) != (*caller)->subscriber) callees.push_back(&ues_.at(s.subscriber(m)->host.name));
  } else {
    for (std::size_t i = 0; i < a.args.at("to").size(); ++i) {
      auto node = ue_of(a.args.at("to")[i].get<std::string>(), a.pointer + "/to/" + std::to_string(i));
      if (!node) return Unexpected{node.error()};
      callees.push_back(*node);
      named.push_back((*node)->subscriber->impu);
    }
  }
  if (callees.empty()) return fail(a.pointer + ": the group has no member but the caller");
  for (auto* c : callees) c->ue->set_answering(Time(), true);  // members answer at once
  place_call(**caller, std::move(callees), std::move(named), a.args.at("id").get<std::string>(),
             Time::from_ms(a.args.at("duration_s").get<double>() * 1e3), true);
  return Ok{};
}

void ImsNetwork::place_call(UeNode& caller, std::vector<UeNode*> callees,
                            std::vector<std::string> named, std::string id, Time duration,
                            bool group) {
  auto record = std::make_unique<CallRecord>();
  record->id = std::move(id);
  record->caller = caller.subscriber->host.name;
  record->named = named;
  record->group = group;
  ims::CallSpec spec{record->id, std::move(named), duration, {}};
  for (const auto* c : callees) {
    record->callees.push_back(c->subscriber->host.name);
    spec.invitees.push_back(c->subscriber->impu);
  }
  CallRecord* r = record.get();
  calls_.push_back(std::move(record));
  caller.ue->call(std::move(spec),
                  [r](const ims::CallLeg& leg) { r->caller_legs.insert_or_assign(leg.peer, leg); });
}

void ImsNetwork::traffic_call(Rng& rng, const Traffic& t) {
  const auto& subs = world_.scenario().subscribers;
  std::size_t from = rng.uniform(subs.size());
  std::size_t to = rng.uniform(subs.size() - 1);
  if (to >= from) ++to;  // anyone but the caller
  Time duration = Time::from_ms(rng.exponential(t.mean_call.to_ms()));
  place_call(ues_.at(subs[from].host.name), {&ues_.at(subs[to].host.name)}, {subs[to].impu},
             "traffic-" + std::to_string(calls_.size() + 1), duration, false);
}

Result<Ok> ImsNetwork::retrieve_mailbox(const Action& a) {
  auto node = ue_of(a.args.at("ue").get<std::string>(), a.pointer + "/ue");
  if (!node) return Unexpected{node.error()};
  (*node)->ue->retrieve_messages();
  return Ok{};
}

Result<Ok> ImsNetwork::register_name(const std::string& name) {
  Action a;
  a.kind = "register";
  a.args = {{"ue", name}};
  a.pointer = "/population";
  return register_ue(a);
}

const ims::CallLeg* ImsNetwork::CallRecord::caller_leg(const std::string& impu) const {
  if (caller_legs.empty()) return nullptr;
  if (impu.empty()) return &caller_legs.begin()->second;
  auto it = caller_legs.find(impu);
  return it == caller_legs.end() ? nullptr : &it->second;
}

const ImsNetwork::CallRecord* ImsNetwork::call_named(const std::string& id) const {
  for (const auto& c : calls_)
    if (c->id == id) return c.get();
  return nullptr;
}

Result<Ok> ImsNetwork::attack(const Action& a) {
  auto r = std::make_unique<AttackProbe>();
  r->kind = a.args.at("kind").get<std::string>();
  r->by = a.args.at("by").get<std::string>();
  r->call = a.args.value("call", "");
  bool network_function = r->by == "li" || r->by == "mailbox";
  UeNode* attacker = nullptr;
  if (!network_function) {
    auto ue = ue_of(r->by, a.pointer + "/by");
    if (!ue) return Unexpected{ue.error()};
    attacker = *ue;
  }
  const CallRecord* call = r->call.empty() ? nullptr : call_named(r->call);
  const ims::CallLeg* leg = call ? call->caller_leg() : nullptr;
  bool needs_call = r->kind != "resolve-unknown-key-id";
  if (needs_call && (!leg || leg->key_id.empty()))
    return fail(a.pointer + "/call: the attack '" + r->kind +
                "' needs a call whose caller already holds its key (name one that ended before)");
  AttackProbe* rec = r.get();
  attacks_.push_back(std::move(r));

  if (rec->kind == "replay-request" || rec->kind == "tamper-request") {
    if (!attacker) return fail(a.pointer + "/by: '" + rec->kind + "' is sent from a UE's host");
    Bytes wire = leg->key_exchange.request;
    auto& env = world_.host(attacker->subscriber->host.name).env();
    Ipv4 kms = world_.host("kms").env().address();
    if (variant_ != keymgmt::kVariantMikey) {
      // The whole TLS connection again; tampered: one bit of the ClientHello's random (after
      // the record and handshake headers and the version), so the transcript no longer matches.
      constexpr std::size_t kClientRandomByte = 5 + 4 + 2 + 10;
      if (rec->kind == "tamper-request" && wire.size() > kClientRandomByte)
        wire[kClientRandomByte] ^= 0x01;
      rec->send_tls(env, {kms, keymgmt::kKmsHttpsPort}, std::move(wire));
      return Ok{};
    }
    if (rec->kind == "tamper-request") {
      // Claim another initiator: change the last letter of the caller's IMPU in IDRi, so the
      // message still decodes but no longer matches its MAC.
      std::string impu = world_.scenario().subscriber(call->caller)->impu;
      auto at = std::search(wire.begin(), wire.end(), impu.begin(), impu.end());
      if (at == wire.end()) return fail(a.pointer + ": the caller's IMPU is not in its request");
      *(at + std::ptrdiff_t(impu.size()) - 1) ^= 0x01;
    }
    rec->send_mikey(env, {kms, keymgmt::kMikeyUdpPort}, std::move(wire));
    return Ok{};
  }
  Bytes reference = rec->kind == "resolve-unknown-key-id"
                        ? world_.simulation().rng("attack-key-id").bytes(16)
                        : leg->key_reference;
  auto outcome = [rec](Result<keymgmt::MediaKey> key) {
    rec->key_obtained = key.ok();
    rec->outcome = key ? "accepted" : "refused";
    rec->detail = key ? "the KMS handed out the key" : key.error().message;
  };
  if (rec->by == "li")
    li_->function().resolve(reference, std::move(outcome));
  else if (rec->by == "mailbox")
    mailbox_->resolve(reference, std::move(outcome));
  else
    attacker->ue->resolve_reference(reference, std::move(outcome));
  return Ok{};
}

}  // namespace imssim::scenario
