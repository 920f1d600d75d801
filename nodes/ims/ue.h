// A UE: SIP user agent (registration with IMS AKA, calls through the P-CSCF), key management
// with the KMS through the run's variant (keymgmt::KeyAgent) and SRTP media. The caller asks
// the KMS for a key for the callee and sends the key's reference (key-id or ticket) in the
// INVITE's SDP; the callee resolves it at the KMS before it accepts.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "nodes/ims/retransmitter.h"
#include "nodes/ims/sip_transport.h"
#include "nodes/ims/ue_key_source.h"
#include "nodes/keymgmt/key_agent.h"
#include "nodes/media/media_session.h"
#include "nodes/proto/gba/aka.h"
#include "nodes/proto/gba/milenage.h"
#include "nodes/proto/sip/build.h"

namespace imssim::ims {

struct UeConfig {
  std::string name;  // host name, for notes
  std::string impi, impu, domain = "ims.example";
  Bytes k, opc;
  std::uint64_t sqn = 0;
  Endpoint pcscf;
  std::uint16_t sip_port = 5060;
  // An answer asserted by this URI (P-Asserted-Identity) comes from the media mailbox: the
  // call was retargeted, and no key-management answer can come back.
  std::string mailbox_uri;
};

struct CallSpec {
  std::string id;                    // the scenario's name for the call
  std::vector<std::string> callees;  // receivers named to the KMS: IMPUs or a group identity
  Time duration;                     // media once established
  // IMPUs that get an INVITE (one dialog each, all with the one key); empty: `callees`.
  std::vector<std::string> invitees;
};

// One end of a call, as the results report it.
struct CallLeg {
  std::string id, call_id, role;  // role: "caller" or "callee"
  std::string peer;
  bool established = false;
  std::optional<std::string> failure;
  Time started, invite_sent, answered, key_ready, media_ready, ended;
  Bytes key_id;                 // names the key at the KMS (public: it travels in the INVITE)
  Bytes key_reference;          // what a receiver presents at the KMS: key-id or ticket
  std::size_t invite_bytes = 0;  // caller: the INVITE as sent
  std::string key_fingerprint;  // of the SRTP keys, never the keys
  std::string answered_by;      // caller: the P-Asserted-Identity of the 200 OK, if any
  keymgmt::ExchangeStats key_exchange;
  int sip_retransmissions = 0;  // of the messages this end is responsible for
  media::MediaCounters media;
  std::map<std::string, SignallingCount> signalling;  // this UE's SIP, by interface
};

// A voice message the media mailbox told this UE of (a SIP MESSAGE carrying the caller's
// TRANSFER_INIT): the key is resolved at once, the media fetched by retrieve_messages().
struct VoiceMessage {
  std::string from, uri;  // the mailbox; the URI that plays the message back
  Bytes key_mgmt;
  std::optional<keymgmt::MediaKey> key;
  std::optional<std::string> failure;
  std::optional<CallLeg> playback;  // once played back
  bool retrieving = false;
};

class Ue {
 public:
  static Result<std::unique_ptr<Ue>> start(Environment& env, UeConfig config, UeKeySource& keys,
                                           std::unique_ptr<keymgmt::KeyAgent> agent);
  ~Ue();

  const UeConfig& config() const { return config_; }
  void register_now(UniqueFunction<void(Result<Ok>)> done);
  bool registered() const { return registered_; }
  int register_retransmissions() const { return reg_retransmit_.retransmissions(); }
  // As caller: one key from the KMS for the named receivers, one INVITE per invitee; `done`
  // gets each leg (one per invitee) when it ended or failed.
  void call(CallSpec spec, UniqueFunction<void(const CallLeg&)> done);
  // As callee: ring this long before answering; never answer when `answer` is false.
  void set_answering(Time ring, bool answer) {
    ring_time_ = ring;
    answer_ = answer;
  }
  // Asks the KMS for the key a reference names (a key-id or a ticket) as this UE (the runner
  // uses it for mailbox retrieval and for attack probes).
  void resolve_reference(ByteView reference, UniqueFunction<void(Result<keymgmt::MediaKey>)> done);
  // Plays back every voice message whose key this UE holds and has not fetched yet.
  void retrieve_messages();
  const std::vector<VoiceMessage>& voice_messages() const { return voice_messages_; }
  // Calls this UE received, by Call-ID, with their final state so far.
  std::vector<CallLeg> callee_legs() const;
  const keymgmt::KeyMgmtCounters& key_counters() const { return agent_->counters(); }

 private:
  struct Call;
  Ue(Environment& env, UeConfig config, UeKeySource& keys, std::unique_ptr<SipTransport> sip,
     gba::Milenage milenage, std::unique_ptr<keymgmt::KeyAgent> agent);
  void on_sip(sip::Message m, const Endpoint& from);
  void on_register_response(const sip::Message& m);
  void send_register(const std::string& authorization);
  void with_credentials(UniqueFunction<void(Result<keymgmt::KmsCredentials>)> then);

  // Caller side (ue_caller.cc).
  std::string open_call(const CallSpec& spec, const std::string& invitee,
                        std::shared_ptr<UniqueFunction<void(const CallLeg&)>> done);
  void offer_key(Call& c, const keymgmt::MediaKey& key);
  void send_invite(Call& c, const std::string& sdp);
  void on_caller_response(Call& c, const sip::Message& m);
  sip::RequestSpec in_dialog(const Call& c, std::string method, std::uint32_t cseq);
  void send_ack(Call& c);
  void end_extra_dialog(const Call& c, const sip::Message& ok);
  void hang_up(Call& c);
  void fail_established(Call& c, std::string why);
  // Voice messages (ue_messages.cc).
  void on_message_request(const sip::Message& m, const Endpoint& from);
  void retrieve(std::size_t index);
  // Callee side (ue_callee.cc).
  void on_invite(sip::Message m, const Endpoint& from);
  void accept(Call& c);
  void on_in_dialog_request(Call& c, const sip::Message& m, const Endpoint& from);
  void respond(Call& c, int status, const std::string& sdp = {});
  void finish(Call& c, std::optional<std::string> failure);

  Environment& env_;
  UeConfig config_;
  UeKeySource& keys_;
  std::unique_ptr<SipTransport> sip_;
  gba::Milenage milenage_;
  gba::UsimSqnState usim_;
  std::unique_ptr<keymgmt::KeyAgent> agent_;

  // Registration.
  bool registered_ = false;
  std::string reg_call_id_;
  std::uint32_t reg_cseq_ = 0;
  std::optional<sip::Message> reg_request_;
  Retransmitter reg_retransmit_;
  UniqueFunction<void(Result<Ok>)> reg_done_;

  Time ring_time_;
  bool answer_ = true;
  std::map<std::string, std::unique_ptr<Call>> calls_;  // by Call-ID
  std::vector<VoiceMessage> voice_messages_;
  std::set<std::string> messages_seen_;  // MESSAGE Call-IDs: retransmissions are answered only
};

}  // namespace imssim::ims
