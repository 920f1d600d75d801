// The media mailbox: where the S-CSCF retargets a call its callee cannot take (RFC 4458 service
// URI: sip:mailbox@<domain>;target=<callee>;cause=<why>). It answers the call, keeps the
// INVITE's key-mgmt message (the TRANSFER_INIT naming the key) and the SRTP packets exactly as
// they arrived, and never the key: it cannot decrypt what it stores. When the callee registers
// (the S-CSCF's third-party REGISTER), the mailbox sends it a SIP MESSAGE per stored message
// carrying the TRANSFER_INIT (application/mikey), so the callee resolves the key at the KMS as
// in a live call; the callee then INVITEs the message's URI and the mailbox plays the stored
// packets back and hangs up.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nodes/ims/non_invite_client.h"
#include "nodes/ims/retransmitter.h"
#include "nodes/ims/sip_transport.h"
#include "nodes/keymgmt/key_agent.h"

namespace imssim::mailbox {

struct MailboxConfig {
  std::string uri = "sip:mailbox@ims.example";
  Endpoint scscf;  // MESSAGEs to users go through the S-CSCF
  // Provisioned with the KMS (the mailbox has no USIM); it is never a receiver of a key, so
  // the KMS refuses it every key: the attack probes check exactly that.
  keymgmt::KmsCredentials credentials;
  std::uint16_t sip_port = 5060;
};

// One stored message. Public so tests can inspect what the mailbox holds.
struct StoredMessage {
  std::string for_impu, from, call_id, cause;
  Bytes key_mgmt;   // the caller's TRANSFER_INIT, as received
  Bytes reference;  // the key-id or ticket it names (readable by anyone)
  std::vector<Bytes> packets;  // SRTP, as received
  bool notified = false;
  int retrievals = 0;
};

class MediaMailbox {
 public:
  static Result<std::unique_ptr<MediaMailbox>> start(Environment& env, MailboxConfig config,
                                                     std::unique_ptr<keymgmt::KeyAgent> agent);
  ~MediaMailbox();
  Endpoint sip() const { return sip_->local(); }
  const std::vector<StoredMessage>& messages() const { return messages_; }
  // Its key requests at the KMS (every one must have been refused).
  const keymgmt::KeyMgmtCounters& key_counters() const { return agent_->counters(); }
  // The mailbox asks the KMS for a key as itself (attack probes: it must be refused).
  void resolve(ByteView reference, UniqueFunction<void(Result<keymgmt::MediaKey>)> done);
  nlohmann::json results() const;

 private:
  struct Dialog;
  MediaMailbox(Environment& env, MailboxConfig config, std::unique_ptr<keymgmt::KeyAgent> agent,
               std::unique_ptr<ims::SipTransport> sip);
  void on_sip(sip::Message m, const Endpoint& from);
  void on_invite(sip::Message m, const Endpoint& from);
  Result<std::size_t> deposit(const sip::Message& invite);
  Result<std::size_t> message_for_retrieval(const sip::Message& invite) const;
  void on_third_party_register(const sip::Message& m, const Endpoint& from);
  void notify(std::size_t index);
  void play(Dialog& d);
  void hang_up(Dialog& d);
  void respond(const sip::Message& request, const Endpoint& to, int status,
               const std::string& to_tag = {}, const std::string& sdp = {});

  Environment& env_;
  MailboxConfig config_;
  std::unique_ptr<keymgmt::KeyAgent> agent_;
  std::unique_ptr<ims::SipTransport> sip_;
  ims::NonInviteClient requests_;  // MESSAGE notifications, BYE after playback
  std::vector<StoredMessage> messages_;
  std::map<std::string, std::unique_ptr<Dialog>> dialogs_;  // by Call-ID
};

}  // namespace imssim::mailbox
