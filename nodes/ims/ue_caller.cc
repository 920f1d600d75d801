// The calling UE: key and key-id from the KMS, INVITE with the key-id, ACK, media, BYE.
#include <algorithm>

#include "nodes/ims/sdp_offer.h"
#include "nodes/ims/sip_headers.h"
#include "nodes/ims/ue.h"
#include "nodes/ims/ue_call.h"
#include "nodes/keymgmt/steps.h"
#include "nodes/proto/sip/build.h"
#include "nodes/proto/sip/constants.h"
#include "nodes/proto/sip/sdp.h"

namespace imssim::ims {

void Ue::call(CallSpec spec, UniqueFunction<void(const CallLeg&)> done) {
  auto each_leg = std::make_shared<UniqueFunction<void(const CallLeg&)>>(std::move(done));
  const auto& invitees = spec.invitees.empty() ? spec.callees : spec.invitees;
  if (invitees.empty()) return finish(*calls_.at(open_call(spec, "", each_leg)), "no callee named");
  std::vector<std::string> ids;
  for (const auto& invitee : invitees) ids.push_back(open_call(spec, invitee, each_leg));
  // One key for every invitee, asked once for the receivers as named (a group identity stays
  // a group identity: the KMS expands it).
  with_credentials([this, ids, receivers = spec.callees](Result<keymgmt::KmsCredentials> cred) {
    if (!cred) {
      for (const auto& id : ids) finish(*calls_.at(id), cred.error().message);
      return;
    }
    agent_->request_key(*cred, receivers,
                        [this, ids](Result<keymgmt::MediaKey> key,
                                    const keymgmt::ExchangeStats& stats) {
                          for (const auto& id : ids) {
                            Call& c = *calls_.at(id);
                            c.leg.key_exchange = stats;
                            if (c.finished) continue;
                            if (!key) {
                              finish(c, key.error().message);
                              continue;
                            }
                            offer_key(c, *key);
                          }
                        });
  });
}

// A caller's dialog with one invitee, ready for its key; returns its Call-ID.
std::string Ue::open_call(const CallSpec& spec, const std::string& invitee,
                          std::shared_ptr<UniqueFunction<void(const CallLeg&)>> done) {
  auto owned = std::make_unique<Call>(env_);
  Call& call = *owned;
  call.caller = true;
  call.duration = spec.duration;
  call.done = [done](const CallLeg& leg) { (*done)(leg); };
  call.leg.id = spec.id;
  call.leg.role = "caller";
  call.leg.peer = invitee;
  call.leg.started = env_.now();
  call.leg.call_id = sip::new_call_id(env_.rng("sip-id"), env_.address().str());
  call.local_tag = sip::new_tag(env_.rng("sip-id"));
  call.local_uri = config_.impu;
  call.remote_uri = invitee;
  std::string call_id = call.leg.call_id;
  calls_.emplace(call_id, std::move(owned));
  if (auto media = media::MediaSession::open(env_))
    call.media = std::move(*media);
  else
    finish(call, media.error().message);
  return call_id;
}

// The key is at hand: the TRANSFER_INIT naming it for this invitee goes in the offer.
void Ue::offer_key(Call& c, const keymgmt::MediaKey& key) {
  auto transfer = agent_->key_transfer(key, c.remote_uri);
  if (!transfer) return finish(c, transfer.error().message);
  c.key = key;
  c.key_transfer = *transfer;
  c.leg.key_id = key.key_id;
  c.leg.key_reference = key.reference();
  c.leg.key_ready = env_.now();
  c.leg.key_fingerprint = key.fingerprint();
  sip::SdpSpec offer;
  offer.address = env_.address().str();
  offer.audio_port = c.media->local().port;
  // Session level: Wireshark decodes key-mgmt there (RFC 4567 §3 allows both).
  offer.session_key_mgmt = sip::KeyMgmt{std::string(sip::kKeyMgmtMikey), std::move(*transfer)};
  auto sdp = sip::build_sdp(offer);
  if (!sdp) return finish(c, "SDP offer: " + sdp.error().message);
  send_invite(c, *sdp);
}

void Ue::send_invite(Call& c, const std::string& sdp) {
  sip::RequestSpec r;
  r.method = "INVITE";
  r.request_uri = c.remote_uri;
  r.from = "<" + c.local_uri + ">";
  r.from_tag = c.local_tag;
  r.to = "<" + c.remote_uri + ">";
  r.call_id = c.leg.call_id;
  r.cseq = c.cseq;
  r.via_sent_by = sip_->sent_by();
  r.branch = sip::new_branch(env_.rng("sip-id"));
  r.contact = "<" + sip_uri(sip_->local()) + ">";
  r.route = {"<" + sip_uri(config_.pcscf) + ";lr>"};
  r.content_type = std::string(sip::kApplicationSdp);
  r.body = sdp;
  auto m = sip::build_request(r);
  if (!m) return finish(c, "INVITE: " + m.error().message);
  if (env_.tracing() && !c.retrieval)
    env_.trace_step(keymgmt::kStepInvite, "UE sends the INVITE with the key-id");
  c.leg.invite_sent = env_.now();
  c.leg.invite_bytes = m->serialize().size();
  sip_->send(*m, config_.pcscf);
  c.invite.emplace(std::move(*m));
  std::string call_id = c.leg.call_id;
  c.invite_rtx.start(
      false, [this, call_id] { sip_->send(*calls_.at(call_id)->invite, config_.pcscf); },
      [this, call_id] { finish(*calls_.at(call_id), "no response to the INVITE (Timer B)"); });
}

void Ue::on_caller_response(Call& c, const sip::Message& m) {
  if (c.finished && m.cseq_method() != "INVITE") return;
  if (m.cseq_method() == "BYE") {
    if (m.status() >= 200) {
      c.bye_rtx.stop();
      finish(c, std::nullopt);
    }
    return;
  }
  if (m.cseq_method() != "INVITE") return;
  c.invite_rtx.stop();  // any response ends Timer A (RFC 3261 §17.1.1.2)
  if (m.status() < 200) return;
  if (m.status() >= 300) {
    // The client transaction ACKs a failure hop by hop (RFC 3261 §17.1.1.3).
    if (auto ack = sip::build_ack_for_failure(*c.invite, m)) sip_->send(*ack, config_.pcscf);
    if (!c.finished)
      finish(c, "INVITE answered " + std::to_string(m.status()) + " " + std::string(m.reason()));
    return;
  }
  if (c.leg.established && m.to_tag() != c.remote_tag) return end_extra_dialog(c, m);
  if (c.leg.established || !c.media) return send_ack(c);  // a retransmitted or late 200 OK
  c.leg.answered = env_.now();
  c.leg.established = true;
  c.remote_tag = std::string(m.to_tag());
  if (auto contact = header_value(m, "Contact")) c.remote_target = uri_in(*contact);
  auto rr = header_values(m, "Record-Route");
  std::reverse(rr.begin(), rr.end());  // RFC 3261 §12.1.2: the UAC reverses the list
  c.route_set = rr;
  send_ack(c);
  auto answer = read_call_media(m.body());
  if (!answer) return fail_established(c, "the 200 OK's answer: " + answer.error().message);
  if (auto asserted = header_value(m, "P-Asserted-Identity")) c.leg.answered_by = uri_in(*asserted);
  c.remote_media = answer->media;
  if (c.retrieval) {  // a stored message: the caller's packets come back, nothing goes out
    if (auto ok = c.media->receive_only(c.key->from_caller); !ok)
      return fail_established(c, ok.error().message);
    c.leg.media_ready = env_.now();
    return;
  }
  // The media mailbox cannot answer key management: it never holds the key.
  bool deferred = !config_.mailbox_uri.empty() && c.leg.answered_by == config_.mailbox_uri;
  if (!deferred)
    if (auto ok = agent_->check_answer(answer->key_mgmt, c.key_transfer, *c.key, env_.now()); !ok)
      return fail_established(c, "key management in the answer: " + ok.error().message);
  if (env_.tracing()) env_.trace_step(keymgmt::kStepMedia, "SRTP media both ways");
  if (auto ok = c.media->start(c.remote_media, c.key->from_caller, c.key->from_callee, c.duration);
      !ok)
    return hang_up(c);
  c.leg.media_ready = env_.now();
  std::string call_id = c.leg.call_id;
  c.timer = env_.start_timer(c.duration, [this, call_id] { hang_up(*calls_.at(call_id)); });
}

namespace {

// The first hop of an in-dialog request: the first route, else the remote target.
Result<Endpoint> first_hop(const std::vector<std::string>& route_set, const std::string& target) {
  return endpoint_of(route_set.empty() ? target : uri_in(route_set.front()));
}

}  // namespace

sip::RequestSpec Ue::in_dialog(const Call& c, std::string method, std::uint32_t cseq) {
  sip::RequestSpec r;
  r.method = std::move(method);
  r.request_uri = c.remote_target;
  r.from = "<" + c.local_uri + ">";
  r.from_tag = c.local_tag;
  r.to = "<" + c.remote_uri + ">";
  r.to_tag = c.remote_tag;
  r.call_id = c.leg.call_id;
  r.cseq = cseq;
  r.via_sent_by = sip_->sent_by();
  r.branch = sip::new_branch(env_.rng("sip-id"));
  r.route = c.route_set;
  return r;
}

void Ue::send_ack(Call& c) {
  if (!c.ack) {
    auto m = sip::build_request(in_dialog(c, "ACK", c.cseq));  // RFC 3261 §13.2.2.4
    if (!m) return;
    c.ack.emplace(std::move(*m));
  }
  if (auto hop = first_hop(c.route_set, c.remote_target)) sip_->send(*c.ack, *hop);
}

// RFC 3261 §13.2.2.4: a 2xx from another dialog than the one the call runs in (an answer that
// crossed the S-CSCF's CANCEL when it retargeted) is ACKed and then ended with a BYE.
void Ue::end_extra_dialog(const Call& c, const sip::Message& ok) {
  Call extra(env_);
  extra.leg.call_id = c.leg.call_id;
  extra.local_tag = c.local_tag;
  extra.local_uri = c.local_uri;
  extra.remote_uri = c.remote_uri;
  extra.remote_tag = std::string(ok.to_tag());
  if (auto contact = header_value(ok, "Contact")) extra.remote_target = uri_in(*contact);
  auto rr = header_values(ok, "Record-Route");
  extra.route_set.assign(rr.rbegin(), rr.rend());
  auto hop = first_hop(extra.route_set, extra.remote_target);
  auto ack = sip::build_request(in_dialog(extra, "ACK", c.cseq));
  auto bye = sip::build_request(in_dialog(extra, "BYE", c.cseq + 1));
  if (!hop || !ack || !bye) return;
  sip_->send(*ack, *hop);
  sip_->send(*bye, *hop);
}

void Ue::hang_up(Call& c) {
  c.timer = 0;
  if (c.finished || c.bye) return;
  if (c.media) c.media->stop();
  auto m = sip::build_request(in_dialog(c, "BYE", ++c.cseq));
  auto hop = first_hop(c.route_set, c.remote_target);
  if (!m || !hop) return finish(c, "cannot build or route the BYE");
  sip_->send(*m, *hop);
  c.bye.emplace(std::move(*m));
  std::string call_id = c.leg.call_id;
  Endpoint next = *hop;
  c.bye_rtx.start(
      true, [this, call_id, next] { sip_->send(*calls_.at(call_id)->bye, next); },
      [this, call_id] { finish(*calls_.at(call_id), std::nullopt); });  // media had ended
}

// The call was answered but cannot go on: record why, then end the dialog.
void Ue::fail_established(Call& c, std::string why) {
  c.leg.failure = std::move(why);
  hang_up(c);
}

void Ue::finish(Call& c, std::optional<std::string> failure) {
  if (c.finished) return;
  c.finished = true;
  env_.cancel_timer(c.timer);
  c.timer = 0;
  c.invite_rtx.stop();
  c.ok_rtx.stop();
  if (failure) c.leg.failure = std::move(failure);  // else keep a reason recorded earlier
  c.leg.ended = env_.now();
  if (c.media) {
    c.media->stop();
    c.leg.media = c.media->counters();
    // Free the SRTP sessions now, not with the UE: libsrtp's crypto backend (NSS) slows down
    // with every live key it holds.
    c.media.reset();
  }
  c.leg.signalling = sip_->count_of(c.leg.call_id);
  c.leg.sip_retransmissions = c.sip_retransmissions();
  if (c.done) {
    auto done = std::move(c.done);
    done(c.leg);
  }
}

}  // namespace imssim::ims
