#include "nodes/mailbox/media_mailbox.h"


#include "nodes/ims/sdp_offer.h"
#include "nodes/ims/sip_headers.h"
#include "nodes/keymgmt/constants.h"
#include "nodes/keymgmt/key_transfer.h"
#include "nodes/mailbox/service_uri.h"
#include "nodes/proto/sip/build.h"
#include "nodes/proto/sip/constants.h"
#include "nodes/proto/sip/sdp.h"
#include "nodes/proto/srtp/constants.h"

namespace imssim::mailbox {
namespace {

constexpr int kForbidden = 403;           // RFC 3261 §21.4.4
constexpr int kNotFound = 404;            // §21.4.5
constexpr int kMethodNotAllowed = 405;    // §21.4.6
constexpr int kNoDialog = 481;            // §21.4.19
constexpr int kNotAcceptableHere = 488;   // §21.4.26
constexpr std::size_t kMaxStoredPackets = 3000;  // one minute of 20 ms frames

}  // namespace

// A call the mailbox answered: a deposit (recording) or a retrieval (playback).
struct MediaMailbox::Dialog {
  explicit Dialog(Environment& env) : ok_rtx(env) {}
  bool retrieval = false;
  std::size_t message = 0;
  std::optional<sip::Message> invite, ok;
  Endpoint ok_to;
  ims::Retransmitter ok_rtx;
  std::string local_tag, remote_target;
  std::vector<std::string> route_set;
  std::unique_ptr<DatagramSocket> media;
  Endpoint remote_media;
  std::size_t next_packet = 0;
  TimerId playback = 0;
  bool ended = false;
};

Result<std::unique_ptr<MediaMailbox>> MediaMailbox::start(Environment& env, MailboxConfig config,
                                                          std::unique_ptr<keymgmt::KeyAgent> agent) {
  auto sip = ims::SipTransport::open(env, config.sip_port, "mailbox");
  if (!sip) return Unexpected{sip.error()};
  return std::unique_ptr<MediaMailbox>(
      new MediaMailbox(env, std::move(config), std::move(agent), std::move(*sip)));
}

MediaMailbox::MediaMailbox(Environment& env, MailboxConfig config,
                           std::unique_ptr<keymgmt::KeyAgent> agent,
                           std::unique_ptr<ims::SipTransport> sip)
    : env_(env),
      config_(std::move(config)),
      agent_(std::move(agent)),
      sip_(std::move(sip)),
      requests_(env, *sip_) {
  sip_->on_message([this](sip::Message m, const Endpoint& from) { on_sip(std::move(m), from); });
}

MediaMailbox::~MediaMailbox() {
  for (auto& [id, d] : dialogs_) env_.cancel_timer(d->playback);
}

void MediaMailbox::resolve(ByteView reference,
                           UniqueFunction<void(Result<keymgmt::MediaKey>)> done) {
  agent_->fetch_key(config_.credentials, reference, std::move(done));
}

void MediaMailbox::on_sip(sip::Message m, const Endpoint& from) {
  if (m.is_response()) {
    requests_.on_response(m);
    return;
  }
  std::string method(m.method());
  if (method == "REGISTER") return on_third_party_register(m, from);
  auto it = dialogs_.find(std::string(m.call_id()));
  if (method == "INVITE" && m.to_tag().empty()) {
    if (it == dialogs_.end()) return on_invite(std::move(m), from);
    if (it->second->ok) sip_->send(*it->second->ok, it->second->ok_to);  // retransmission
    return;
  }
  if (it == dialogs_.end()) {
    if (method != "ACK") respond(m, from, kNoDialog);
    return;
  }
  Dialog& d = *it->second;
  if (method == "ACK") {
    bool first = d.ok_rtx.running();
    d.ok_rtx.stop();
    if (first && d.retrieval) play(d);
    return;
  }
  if (method == "CANCEL") {  // RFC 3261 §9.2: answered already, so it changes nothing
    respond(m, from, sip::kOk);
    return;
  }
  if (method == "BYE") {
    respond(m, from, sip::kOk);
    d.ended = true;
    env_.cancel_timer(d.playback);
    d.playback = 0;
    d.media.reset();  // a deposit's recording ends here
    return;
  }
  respond(m, from, kMethodNotAllowed);
}

void MediaMailbox::on_invite(sip::Message m, const Endpoint& from) {
  auto target = parse_service_uri(m.request_uri());
  auto media = ims::read_call_media(m.body());
  if (!target || !media) return respond(m, from, kNotAcceptableHere);
  auto d = std::make_unique<Dialog>(env_);
  d->retrieval = target->message.has_value();
  if (d->retrieval) {
    auto index = message_for_retrieval(m);
    if (!index) return respond(m, from, kForbidden);
    d->message = *index;
  } else {
    auto index = deposit(m);
    if (!index) return respond(m, from, kNotAcceptableHere);
    d->message = *index;
  }
  auto socket = env_.open_udp(0);
  if (!socket) return respond(m, from, 500);
  d->media = std::move(*socket);
  d->remote_media = media->media;
  d->local_tag = sip::new_tag(env_.rng("sip-id"));
  if (auto contact = ims::header_value(m, "Contact")) d->remote_target = ims::uri_in(*contact);
  d->route_set = ims::header_values(m, "Record-Route");  // RFC 3261 §12.1.1: UAS keeps the order
  if (!d->retrieval) {
    std::size_t index = d->message;
    d->media->on_receive([this, index](const Endpoint&, ByteView packet) {
      auto& stored = messages_[index].packets;
      if (stored.size() < kMaxStoredPackets) stored.emplace_back(packet.begin(), packet.end());
    });
  }
  sip::SdpSpec answer;
  answer.address = env_.address().str();
  answer.audio_port = d->media->local().port;
  answer.direction = d->retrieval ? "sendonly" : "recvonly";
  auto sdp = sip::build_sdp(answer);
  if (!sdp) return respond(m, from, 500);
  std::string call_id(m.call_id());
  Dialog& dialog = *d;
  dialog.invite.emplace(std::move(m));
  dialogs_.emplace(call_id, std::move(d));
  if (env_.tracing())
    env_.trace_note(dialog.retrieval ? "mailbox plays a stored message back"
                                     : "mailbox answers for " + messages_[dialog.message].for_impu);
  respond(*dialog.invite, from, sip::kOk, dialog.local_tag, *sdp);
}

Result<std::size_t> MediaMailbox::deposit(const sip::Message& invite) {
  auto target = parse_service_uri(invite.request_uri());
  auto media = ims::read_call_media(invite.body());
  if (!target || !media || !target->target) return fail("not a retargeted call");
  auto transfer = keymgmt::read_key_transfer(media->key_mgmt);
  if (!transfer) return Unexpected{transfer.error()};
  StoredMessage s;
  s.for_impu = *target->target;
  s.from = invite.from_uri();
  s.call_id = std::string(invite.call_id());
  s.cause = target->cause;
  s.key_mgmt = media->key_mgmt;
  s.reference = transfer->reference;
  messages_.push_back(std::move(s));
  return messages_.size() - 1;
}

// A retrieval names a stored message and comes from the user it is for.
Result<std::size_t> MediaMailbox::message_for_retrieval(const sip::Message& invite) const {
  auto target = parse_service_uri(invite.request_uri());
  if (!target || !target->message || *target->message >= messages_.size())
    return fail("no such message");
  std::size_t index = *target->message;
  // The user the P-CSCF asserted, not the From a UE may fill in as it likes.
  auto asserted = ims::header_value(invite, "P-Asserted-Identity");
  if (!asserted || messages_[index].for_impu != ims::uri_in(*asserted))
    return fail("the message is for someone else");
  return index;
}

void MediaMailbox::on_third_party_register(const sip::Message& m, const Endpoint& from) {
  respond(m, from, sip::kOk, sip::new_tag(env_.rng("sip-id")));
  auto expires = ims::header_value(m, "Expires").value_or("0");
  if (expires == "0") return;
  std::string user = m.to_uri();
  user = user.substr(0, user.find(';'));
  for (std::size_t i = 0; i < messages_.size(); ++i)
    if (messages_[i].for_impu == user && !messages_[i].notified) notify(i);
}

// A MESSAGE to the user with the stored TRANSFER_INIT (the key-id first; the media later) and
// the URI that plays the message back (Call-Info, RFC 3261 §20.9).
void MediaMailbox::notify(std::size_t index) {
  StoredMessage& s = messages_[index];
  auto r = requests_.new_request("MESSAGE", s.for_impu, config_.uri, s.for_impu);
  r.headers = {{"Call-Info", "<" + message_uri(config_.uri, index) + ">;purpose=info"},
               {"P-Asserted-Identity", "<" + config_.uri + ">"}};
  r.content_type = std::string(keymgmt::kContentTypeMikey);
  r.body = std::string(as_chars(s.key_mgmt));
  auto m = sip::build_request(r);
  if (!m) {
    if (env_.tracing()) env_.trace_note("mailbox: MESSAGE not built: " + m.error().message);
    return;
  }
  s.notified = true;
  if (env_.tracing()) env_.trace_note("mailbox tells " + s.for_impu + " of a stored message");
  requests_.send(std::move(*m), config_.scscf);
}

void MediaMailbox::play(Dialog& d) {
  d.playback = 0;
  const auto& packets = messages_[d.message].packets;
  if (d.ended) return;
  if (d.next_packet >= packets.size()) {
    ++messages_[d.message].retrievals;
    return hang_up(d);
  }
  d.media->send_to(d.remote_media, packets[d.next_packet++], "SRTP (stored)");
  d.playback = env_.start_timer(Time::ms(srtp::kVoiceFrameMs), [this, &d] { play(d); });
}

void MediaMailbox::hang_up(Dialog& d) {
  d.ended = true;
  const sip::Message& invite = *d.invite;
  sip::RequestSpec r;
  r.method = "BYE";
  r.request_uri = d.remote_target;
  r.from = "<" + invite.to_uri() + ">";
  r.from_tag = d.local_tag;
  r.to = "<" + invite.from_uri() + ">";
  r.to_tag = std::string(invite.from_tag());
  r.call_id = std::string(invite.call_id());
  r.cseq = 1;
  r.via_sent_by = sip_->sent_by();
  r.branch = sip::new_branch(env_.rng("sip-id"));
  r.route = d.route_set;
  auto hop = ims::endpoint_of(d.route_set.empty() ? d.remote_target : ims::uri_in(d.route_set.front()));
  auto m = sip::build_request(r);
  if (m && hop) requests_.send(std::move(*m), *hop);
}

void MediaMailbox::respond(const sip::Message& request, const Endpoint& to, int status,
                           const std::string& to_tag, const std::string& sdp) {
  sip::ResponseSpec spec;
  spec.status = status;
  spec.to_tag = status > sip::kTrying && to_tag.empty() ? sip::new_tag(env_.rng("sip-id")) : to_tag;
  if (!sdp.empty()) {
    spec.content_type = std::string(sip::kApplicationSdp);
    spec.body = sdp;
    spec.contact = "<" + ims::sip_uri(sip_->local()) + ">";
    // The caller learns the mailbox took the call (TS 24.229: an AS in the trust domain
    // asserts its identity), so it expects no key-management answer.
    spec.headers = {{"P-Asserted-Identity", "<" + config_.uri + ">"}};
  }
  auto r = sip::build_response(request, spec);
  if (!r) return;
  auto via = ims::endpoint_of(request.top_via_sent_by());
  Endpoint dest = via ? *via : to;
  sip_->send(*r, dest);
  if (!sdp.empty()) {
    auto it = dialogs_.find(std::string(request.call_id()));
    if (it == dialogs_.end()) return;
    Dialog& d = *it->second;
    d.ok.emplace(std::move(*r));
    d.ok_to = dest;
    std::string call_id(request.call_id());
    d.ok_rtx.start(
        true, [this, call_id] {
          Dialog& dialog = *dialogs_.at(call_id);
          sip_->send(*dialog.ok, dialog.ok_to);
        },
        [] {});
  }
}

nlohmann::json MediaMailbox::results() const {
  auto messages = nlohmann::json::array();
  for (const auto& s : messages_)
    messages.push_back({{"for", s.for_impu},
                        {"from", s.from},
                        {"call_id", s.call_id},
                        {"cause", s.cause},
                        {"packets_stored", s.packets.size()},
                        {"notified", s.notified},
                        {"retrievals", s.retrievals}});
  return {{"messages", messages}, {"notifications_unanswered", requests_.unanswered()}};
}

}  // namespace imssim::mailbox
