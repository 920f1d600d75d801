#include "nodes/ims/ue.h"

#include "common/hex.h"
#include "nodes/ims/sip_headers.h"
#include "nodes/ims/ue_call.h"
#include "nodes/proto/gba/digest.h"
#include "nodes/proto/gba/digest_aka.h"
#include "nodes/proto/sip/build.h"
#include "nodes/proto/sip/constants.h"

namespace imssim::ims {
namespace {

constexpr int kUnauthorized = 401;
constexpr const char* kRegistrationExpiry = "600000";  // TS 24.229 §5.1.1.2: 600 000 s

}  // namespace

Result<std::unique_ptr<Ue>> Ue::start(Environment& env, UeConfig config, UeKeySource& keys,
                                      std::unique_ptr<keymgmt::KeyAgent> agent) {
  auto m = gba::Milenage::with_opc(config.k, config.opc);
  if (!m) return fail(config.name + ": " + m.error().message);
  auto sip = SipTransport::open(env, config.sip_port, config.name);
  if (!sip) return Unexpected{sip.error()};
  return std::unique_ptr<Ue>(
      new Ue(env, std::move(config), keys, std::move(*sip), std::move(*m), std::move(agent)));
}

Ue::Ue(Environment& env, UeConfig config, UeKeySource& keys, std::unique_ptr<SipTransport> sip,
       gba::Milenage milenage, std::unique_ptr<keymgmt::KeyAgent> agent)
    : env_(env),
      config_(std::move(config)),
      keys_(keys),
      sip_(std::move(sip)),
      milenage_(std::move(milenage)),
      agent_(std::move(agent)),
      reg_retransmit_(env) {
  sip_->on_message([this](sip::Message m, const Endpoint& from) { on_sip(std::move(m), from); });
}

Ue::~Ue() {
  for (auto& [id, c] : calls_) env_.cancel_timer(c->timer);
}

void Ue::with_credentials(UniqueFunction<void(Result<keymgmt::KmsCredentials>)> then) {
  keys_.get([then = std::move(then)](Result<UeKmsKey> key) mutable {
    if (!key) return then(fail("GBA: " + key.error().message));
    then(keymgmt::KmsCredentials{key->btid, key->ks_naf});
  });
}

void Ue::resolve_reference(ByteView reference,
                           UniqueFunction<void(Result<keymgmt::MediaKey>)> done) {
  with_credentials([this, ref = Bytes(reference.begin(), reference.end()),
                    done = std::move(done)](Result<keymgmt::KmsCredentials> c) mutable {
    if (!c) return done(Unexpected{c.error()});
    agent_->fetch_key(*c, ref, std::move(done));
  });
}

// ------------------------------------------------------------------ registration (IMS AKA)

void Ue::register_now(UniqueFunction<void(Result<Ok>)> done) {
  reg_done_ = std::move(done);
  reg_call_id_ = sip::new_call_id(env_.rng("sip-id"), env_.address().str());
  // TS 24.229 §5.1.1.2.1: the first REGISTER carries the IMPI with an empty response.
  gba::DigestCredentials c;
  c.username = config_.impi;
  c.realm = config_.domain;
  c.uri = "sip:" + config_.domain;
  send_register(gba::format_credentials(c));
}

void Ue::send_register(const std::string& authorization) {
  sip::RequestSpec r;
  r.method = "REGISTER";
  r.request_uri = "sip:" + config_.domain;
  r.from = "<" + config_.impu + ">";
  r.from_tag = sip::new_tag(env_.rng("sip-id"));
  r.to = "<" + config_.impu + ">";
  r.call_id = reg_call_id_;
  r.cseq = ++reg_cseq_;
  r.via_sent_by = sip_->sent_by();
  r.branch = sip::new_branch(env_.rng("sip-id"));
  r.contact = "<" + sip_uri(sip_->local()) + ">";
  r.route = {"<" + sip_uri(config_.pcscf) + ";lr>"};
  r.headers = {{"Authorization", authorization}, {"Expires", kRegistrationExpiry}};
  auto m = sip::build_request(r);
  if (!m) return reg_done_(fail("REGISTER: " + m.error().message));
  sip_->send(*m, config_.pcscf);
  reg_request_.emplace(std::move(*m));
  reg_retransmit_.start(
      true, [this] { sip_->send(*reg_request_, config_.pcscf); },
      [this] { reg_done_(fail("REGISTER timed out (Timer F): no final response")); });
}

void Ue::on_register_response(const sip::Message& m) {
  // A late answer to an earlier REGISTER (one we retransmitted before its 401 arrived) belongs
  // to a finished transaction (RFC 3261 §17.1.3 matches by branch and CSeq): drop it.
  if (m.status() < 200 || m.cseq() != reg_cseq_) return;
  reg_retransmit_.stop();
  if (m.status() == 200) {
    registered_ = true;
    return reg_done_(Ok{});
  }
  if (m.status() != kUnauthorized || reg_cseq_ > 2)
    return reg_done_(
        fail("REGISTER answered " + std::to_string(m.status()) + " " + std::string(m.reason())));
  auto header = header_value(m, "WWW-Authenticate");
  auto challenge =
      header ? gba::parse_challenge(*header) : Result<gba::DigestChallenge>(fail("missing"));
  if (!challenge)
    return reg_done_(fail("401 without a usable challenge: " + challenge.error().message));
  auto nonce = gba::parse_aka_nonce(challenge->nonce);
  if (!nonce) return reg_done_(fail("AKA nonce: " + nonce.error().message));
  auto aka = gba::usim_authenticate(milenage_, usim_, nonce->rand, nonce->autn);
  if (!aka) return reg_done_(fail("the network failed AKA authentication: " + aka.error().message));
  const auto* ok = std::get_if<gba::AkaSuccess>(&*aka);
  if (!ok)
    return reg_done_(
        fail("AKA synchronisation failure (resynchronisation via the S-CSCF is not modelled)"));
  gba::DigestCredentials c;
  c.username = config_.impi;
  c.realm = challenge->realm;
  c.nonce = challenge->nonce;
  c.uri = "sip:" + config_.domain;
  c.algorithm = challenge->algorithm;
  c.qop = "auth";
  c.nc = "00000001";
  c.cnonce = to_hex(env_.rng("sip-id").bytes(8));
  auto response = gba::digest_response(c, "REGISTER", ok->res, {});
  if (!response) return reg_done_(fail("digest: " + response.error().message));
  c.response = *response;
  send_register(gba::format_credentials(c));
}

// ------------------------------------------------------------------ dispatch

void Ue::on_sip(sip::Message m, const Endpoint& from) {
  std::string call_id(m.call_id());
  if (call_id == reg_call_id_) {
    if (m.is_response()) on_register_response(m);
    return;
  }
  auto it = calls_.find(call_id);
  if (m.is_response()) {
    if (it != calls_.end() && it->second->caller) on_caller_response(*it->second, m);
    return;
  }
  if (m.method() == "INVITE" && m.to_tag().empty()) {
    if (it == calls_.end()) return on_invite(std::move(m), from);
    // A retransmitted INVITE: repeat our last answer (RFC 3261 §17.2.1).
    if (it->second->last_response) sip_->send(*it->second->last_response, from);
    return;
  }
  if (it != calls_.end()) return on_in_dialog_request(*it->second, m, from);
  if (m.method() == "MESSAGE" && m.to_tag().empty()) return on_message_request(m, from);
  // RFC 3261 §12.2.2: a request for an unknown dialog gets 481.
  if (m.method() != "ACK") {
    sip::ResponseSpec spec;
    spec.status = 481;
    if (auto r = sip::build_response(m, spec)) sip_->send(*r, from);
  }
}

std::vector<CallLeg> Ue::callee_legs() const {
  std::vector<CallLeg> out;
  for (const auto& [id, c] : calls_) {
    if (c->caller) continue;
    CallLeg leg = c->leg;
    if (c->media) leg.media = c->media->counters();
    leg.signalling = sip_->count_of(id);
    leg.sip_retransmissions = c->sip_retransmissions();
    out.push_back(std::move(leg));
  }
  return out;
}

}  // namespace imssim::ims
