// The lawful-interception function (LI). The S-CSCF reports an INVITE of a target under an
// active warrant over X2 (a SIP MESSAGE carrying the INVITE, li/constants.h); the LI function
// reads the key's reference from the INVITE's key-mgmt, asks the KMS for the key with its own
// provisioned credentials (the KMS hands it out only under an active warrant), asks the
// network's interception point for a copy of the media (X3) and decrypts that copy, until the
// call's BYE is reported.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "nodes/ims/sip_transport.h"
#include "nodes/keymgmt/key_agent.h"
#include "nodes/li/constants.h"
#include "nodes/li/x3_copy.h"
#include "nodes/media/media_receiver.h"

namespace imssim::li {

struct LiConfig {
  std::string uri = "sip:li@ims.example";
  // Provisioned with the KMS for the LI role (a network function: no GBA bootstrapping).
  keymgmt::KmsCredentials credentials;
  std::uint16_t sip_port = 5060;
  std::uint16_t x3_port = kX3Port;
  // The only sources trusted for X2 reports (the S-CSCF) and X3 copies (the interception point).
  Endpoint x2_source, x3_source;
};

// The interception point's controls (X1 provisioning of the media plane; configuration steps,
// not messages): copy every packet to or from `media`, tagged with `correlation`; stop that.
struct CopyControl {
  std::function<void(const Endpoint& media, std::uint32_t correlation)> start;
  std::function<void(std::uint32_t correlation)> stop;
};

class LiFunction {
 public:
  static Result<std::unique_ptr<LiFunction>> start(Environment& env, LiConfig config,
                                                   std::unique_ptr<keymgmt::KeyAgent> agent,
                                                   CopyControl copy);
  Endpoint sip() const { return sip_->local(); }
  Endpoint x3() const { return x3_->local(); }
  // Asks the KMS for the key a reference names, as the LI function (attack probes use it).
  void resolve(ByteView reference, UniqueFunction<void(Result<keymgmt::MediaKey>)> done);
  nlohmann::json results() const;

 private:
  struct Session {
    std::string call_id, caller, callee;
    Bytes reference;
    std::optional<std::string> refusal;
    std::unique_ptr<media::MediaReceiver> from_watched, to_watched;
    std::vector<std::pair<CopyDirection, Bytes>> early;  // copies before the key arrived
    std::uint64_t copies = 0;
    bool ended = false;  // the BYE was reported
  };
  LiFunction(Environment& env, LiConfig config, std::unique_ptr<keymgmt::KeyAgent> agent,
             CopyControl copy, std::unique_ptr<ims::SipTransport> sip,
             std::unique_ptr<DatagramSocket> x3);
  void on_sip(sip::Message m, const Endpoint& from);
  // The X2 report's INVITE: open a session, request the copy, ask the KMS for the key.
  Result<Ok> intercept(const sip::Message& invite);
  // The X2 report's BYE: the session ended, the copy stops.
  void end(const sip::Message& bye);
  void on_key(std::uint32_t correlation, Result<keymgmt::MediaKey> key);
  void on_copy(const Endpoint& from, ByteView datagram);
  void decrypt(Session& s, CopyDirection d, ByteView srtp);

  Environment& env_;
  LiConfig config_;
  std::unique_ptr<keymgmt::KeyAgent> agent_;
  CopyControl copy_;
  std::unique_ptr<ims::SipTransport> sip_;
  std::unique_ptr<DatagramSocket> x3_;
  std::vector<std::unique_ptr<Session>> sessions_;  // correlation = index + 1
  std::uint64_t reports_ = 0, bad_reports_ = 0, bad_copies_ = 0;
};

}  // namespace imssim::li
