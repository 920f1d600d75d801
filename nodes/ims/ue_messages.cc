// Voice messages at the UE: the media mailbox's MESSAGE names a stored message and carries the
// caller's TRANSFER_INIT; the UE resolves its key at the KMS like a callee (the KMS checks this
// UE is the key's receiver), then INVITEs the message's URI to have the stored SRTP played
// back, and decrypts it with the caller's key.
#include "nodes/ims/sip_headers.h"
#include "nodes/ims/ue.h"
#include "nodes/ims/ue_call.h"
#include "nodes/keymgmt/constants.h"
#include "nodes/proto/sip/constants.h"
#include "nodes/proto/sip/sdp.h"

namespace imssim::ims {
namespace {

constexpr int kForbidden = 403;             // RFC 3261 §21.4.4
constexpr int kUnsupportedMediaType = 415;  // §21.4.13

}  // namespace

void Ue::on_message_request(const sip::Message& m, const Endpoint& from) {
  bool mikey =
      header_value(m, "Content-Type").value_or("").rfind(keymgmt::kContentTypeMikey, 0) == 0;
  auto info = header_value(m, "Call-Info");
  // Only the media mailbox, as the network asserts it, tells of stored messages: a stored
  // TRANSFER_INIT is accepted long after it was sent (kStoredTransferMaxAge).
  auto asserted = header_value(m, "P-Asserted-Identity");
  bool from_mailbox = asserted && !config_.mailbox_uri.empty() &&
                      uri_in(*asserted) == config_.mailbox_uri;
  sip::ResponseSpec spec;
  spec.status = !from_mailbox ? kForbidden : mikey && info ? sip::kOk : kUnsupportedMediaType;
  spec.to_tag = sip::new_tag(env_.rng("sip-id"));
  if (auto r = sip::build_response(m, spec)) {
    auto to = endpoint_of(m.top_via_sent_by());
    sip_->send(*r, to ? *to : from);
  }
  if (spec.status != sip::kOk || !messages_seen_.insert(std::string(m.call_id())).second) return;
  VoiceMessage v;
  v.from = m.from_uri();
  v.uri = uri_in(*info);
  auto body = m.body();
  v.key_mgmt = Bytes(body.begin(), body.end());
  voice_messages_.push_back(std::move(v));
  std::size_t index = voice_messages_.size() - 1;
  if (env_.tracing()) env_.trace_note("UE learns of a voice message; resolves its key-id");
  with_credentials([this, index](Result<keymgmt::KmsCredentials> cred) {
    VoiceMessage& waiting = voice_messages_[index];
    if (!cred) {
      waiting.failure = cred.error().message;
      return;
    }
    agent_->accept_stored(*cred, waiting.key_mgmt,
                          [this, index](Result<keymgmt::MediaKey> key,
                                        const keymgmt::ExchangeStats&) {
                            VoiceMessage& msg = voice_messages_[index];
                            if (!key) {
                              msg.failure = key.error().message;
                              return;
                            }
                            msg.key = std::move(*key);
                          });
  });
}

void Ue::retrieve_messages() {
  for (std::size_t i = 0; i < voice_messages_.size(); ++i)
    if (voice_messages_[i].key && !voice_messages_[i].retrieving) retrieve(i);
}

void Ue::retrieve(std::size_t index) {
  VoiceMessage& v = voice_messages_[index];
  v.retrieving = true;
  CallSpec spec{"voice-message-" + std::to_string(index + 1), {v.uri}, Time(), {}};
  auto done = std::make_shared<UniqueFunction<void(const CallLeg&)>>(
      [this, index](const CallLeg& leg) { voice_messages_[index].playback = leg; });
  Call& c = *calls_.at(open_call(spec, v.uri, std::move(done)));
  if (c.finished) return;
  c.retrieval = true;
  c.key = v.key;
  sip::SdpSpec offer;
  offer.address = env_.address().str();
  offer.audio_port = c.media->local().port;
  offer.direction = "recvonly";
  auto sdp = sip::build_sdp(offer);
  if (!sdp) return finish(c, "SDP offer: " + sdp.error().message);
  send_invite(c, *sdp);
}

}  // namespace imssim::ims
