// The called UE: hands the INVITE's MIKEY message to the key agent (which resolves the key at
// the KMS and checks the message with it), then rings, answers and runs the media until BYE.
#include "nodes/ims/sdp_offer.h"
#include "nodes/ims/sip_headers.h"
#include "nodes/ims/ue.h"
#include "nodes/ims/ue_call.h"
#include "nodes/keymgmt/steps.h"
#include "nodes/proto/sip/constants.h"
#include "nodes/proto/sip/sdp.h"

namespace imssim::ims {
namespace {

constexpr int kForbidden = 403;          // RFC 3261 §21.4.4
constexpr int kRequestTerminated = 487;  // §21.4.25
constexpr int kNotAcceptableHere = 488;  // §21.4.26: no usable key management in the offer
constexpr Time kCalleeMediaLimit = Time::sec(24 * 3600);  // until the BYE, in practice

}  // namespace

void Ue::on_invite(sip::Message m, const Endpoint& from) {
  (void)from;
  auto owned = std::make_unique<Call>(env_);
  Call& call = *owned;
  std::string call_id(m.call_id());
  call.leg.call_id = call_id;
  call.leg.role = "callee";
  call.leg.peer = m.from_uri();
  call.leg.started = env_.now();
  call.local_uri = m.to_uri();
  call.remote_uri = m.from_uri();
  call.remote_tag = std::string(m.from_tag());
  call.local_tag = sip::new_tag(env_.rng("sip-id"));
  if (auto contact = header_value(m, "Contact")) call.remote_target = uri_in(*contact);
  call.route_set = header_values(m, "Record-Route");  // RFC 3261 §12.1.1: in order
  call.invite.emplace(std::move(m));
  calls_.emplace(call_id, std::move(owned));
  respond(call, sip::kTrying);

  auto offer = read_call_media(call.invite->body());
  if (!offer || offer->key_mgmt.empty()) {
    respond(call, kNotAcceptableHere);
    return finish(call, offer ? "the INVITE's SDP offer has no a=key-mgmt:mikey"
                              : "the INVITE's offer: " + offer.error().message);
  }
  call.remote_media = offer->media;
  call.key_transfer = std::move(offer->key_mgmt);
  auto media = media::MediaSession::open(env_);
  if (!media) return finish(call, media.error().message);
  call.media = std::move(*media);

  with_credentials([this, call_id](Result<keymgmt::KmsCredentials> cred) {
    Call& waiting = *calls_.at(call_id);
    if (!cred) {
      respond(waiting, kForbidden);
      return finish(waiting, cred.error().message);
    }
    agent_->accept(
        *cred, waiting.key_transfer,
        [this, call_id](Result<keymgmt::SessionKey> key, const keymgmt::ExchangeStats& stats) {
          Call& c = *calls_.at(call_id);
          c.leg.key_exchange = stats;
          if (c.finished) return;  // the caller gave up meanwhile
          if (!key) {
            respond(c, kForbidden);
            return finish(c, key.error().message);
          }
          c.key = std::move(key->key);
          c.answer_key_mgmt = std::move(key->key_mgmt);
          c.leg.key_id = c.key->key_id;
          c.leg.key_reference = c.key->reference();
          c.leg.key_ready = env_.now();
          c.leg.key_fingerprint = c.key->fingerprint();
          respond(c, sip::kRinging);
          if (!answer_) return;
          c.timer = env_.start_timer(ring_time_, [this, call_id] { accept(*calls_.at(call_id)); });
        });
  });
}

void Ue::accept(Call& c) {
  c.timer = 0;
  if (c.finished) return;
  sip::SdpSpec answer;
  answer.address = env_.address().str();
  answer.audio_port = c.media->local().port;
  if (!c.answer_key_mgmt.empty())
    answer.session_key_mgmt = sip::KeyMgmt{std::string(sip::kKeyMgmtMikey), c.answer_key_mgmt};
  auto sdp = sip::build_sdp(answer);
  if (!sdp) return finish(c, "SDP answer: " + sdp.error().message);
  if (env_.tracing()) env_.trace_step(keymgmt::kStepAccept, "UE accepts the call");
  respond(c, sip::kOk, *sdp);
  c.leg.answered = env_.now();
  if (auto ok =
          c.media->start(c.remote_media, c.key->from_callee, c.key->from_caller, kCalleeMediaLimit);
      !ok)
    return finish(c, ok.error().message);
  c.leg.media_ready = env_.now();
  // RFC 3261 §13.3.1.4: the UAS core retransmits the 2xx until the ACK arrives.
  std::string call_id = c.leg.call_id;
  c.ok_rtx.start(
      true,
      [this, call_id] {
        Call& call = *calls_.at(call_id);
        if (auto to = endpoint_of(call.invite->top_via_sent_by()))
          sip_->send(*call.last_response, *to);
      },
      [this, call_id] { finish(*calls_.at(call_id), "no ACK for the 200 OK (64*T1)"); });
}

void Ue::respond(Call& c, int status, const std::string& sdp) {
  sip::ResponseSpec spec;
  spec.status = status;
  if (status > sip::kTrying) spec.to_tag = c.local_tag;
  spec.contact = "<" + sip_uri(sip_->local()) + ">";
  if (!sdp.empty()) {
    spec.content_type = std::string(sip::kApplicationSdp);
    spec.body = sdp;
  }
  auto r = sip::build_response(*c.invite, spec);
  if (!r) return;
  // RFC 3261 §18.2.2: to the top Via's sent-by (the P-CSCF).
  auto to = endpoint_of(c.invite->top_via_sent_by());
  if (!to) return;
  sip_->send(*r, *to);
  c.last_response.emplace(std::move(*r));
}

void Ue::on_in_dialog_request(Call& c, const sip::Message& m, const Endpoint& from) {
  if (m.method() == "ACK") {
    c.ok_rtx.stop();
    if (!c.caller && c.leg.answered != Time()) c.leg.established = true;
    return;
  }
  sip::ResponseSpec spec;
  spec.status = sip::kOk;
  bool cancel = m.method() == "CANCEL";
  if (m.method() != "BYE" && !cancel) spec.status = 405;  // RFC 3261 §21.4.6
  if (cancel && (c.caller || c.finished || c.leg.answered != Time())) spec.status = 481;
  if (auto r = sip::build_response(m, spec)) {
    auto to = endpoint_of(m.top_via_sent_by());
    sip_->send(*r, to ? *to : from);
  }
  if (m.method() == "BYE") finish(c, std::nullopt);
  if (cancel && spec.status == sip::kOk) {
    // RFC 3261 §9.2: the INVITE is answered 487 Request Terminated.
    respond(c, kRequestTerminated);
    finish(c, "cancelled before it was answered");
  }
}

}  // namespace imssim::ims
