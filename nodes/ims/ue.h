// A UE: SIP user agent (registration with IMS AKA, calls through the P-CSCF), key management
// with the KMS through the run's variant (keymgmt::KeyAgent) and SRTP media. The caller asks
// the KMS for a key for the callee and sends the key's reference (key-id or ticket) in the
// INVITE's SDP; the callee resolves it at the KMS before it accepts.
#pragma once

#include <map>
#include <memory>
#include <optional>
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
};

struct CallSpec {
  std::string id;                    // the scenario's name for the call
  std::vector<std::string> callees;  // one IMPU, a group identity, or several IMPUs
  Time duration;                     // media once established
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
  keymgmt::ExchangeStats key_exchange;
  int sip_retransmissions = 0;  // of the messages this end is responsible for
  media::MediaCounters media;
  std::map<std::string, SignallingCount> signalling;  // this UE's SIP, by interface
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
  // As caller; `done` gets the caller's leg when the call ended or failed.
  void call(CallSpec spec, UniqueFunction<void(const CallLeg&)> done);
  // As callee: ring this long before answering; never answer when `answer` is false.
  void set_answering(Time ring, bool answer) {
    ring_time_ = ring;
    answer_ = answer;
  }
  // Asks the KMS for the key a reference names (a key-id or a ticket) as this UE (the runner
  // uses it for mailbox retrieval and for attack probes).
  void resolve_reference(ByteView reference, UniqueFunction<void(Result<keymgmt::MediaKey>)> done);
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
  void send_invite(Call& c, const std::string& sdp);
  void on_caller_response(Call& c, const sip::Message& m);
  sip::RequestSpec in_dialog(const Call& c, std::string method, std::uint32_t cseq);
  void send_ack(Call& c);
  void hang_up(Call& c);
  void fail_established(Call& c, std::string why);
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
};

}  // namespace imssim::ims
