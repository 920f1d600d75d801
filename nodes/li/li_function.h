// The lawful-interception function (LI). The S-CSCF reports an INVITE of a target under an
// active warrant over X2 (a SIP MESSAGE carrying the INVITE, li/constants.h); the LI function
// reads the key's reference from the INVITE's key-mgmt, asks the KMS for the key with its own
// provisioned credentials (the KMS hands it out only under an active warrant), asks the
// network's interception point for a copy of the media (X3) and decrypts that copy.
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
};

// Asks the interception point for copies of every packet to or from `media`, tagged with
// `correlation` (X1 provisioning of the media plane; a configuration step, not a message).
using CopyRequest = std::function<void(const Endpoint& media, std::uint32_t correlation)>;

class LiFunction {
 public:
  static Result<std::unique_ptr<LiFunction>> start(Environment& env, LiConfig config,
                                                   std::unique_ptr<keymgmt::KeyAgent> agent,
                                                   CopyRequest copy);
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
  };
  LiFunction(Environment& env, LiConfig config, std::unique_ptr<keymgmt::KeyAgent> agent,
             CopyRequest copy, std::unique_ptr<ims::SipTransport> sip,
             std::unique_ptr<DatagramSocket> x3);
  void on_sip(sip::Message m, const Endpoint& from);
  // The X2 report's INVITE: open a session, request the copy, ask the KMS for the key.
  Result<Ok> intercept(const sip::Message& invite);
  void on_key(std::uint32_t correlation, Result<keymgmt::MediaKey> key);
  void on_copy(ByteView datagram);
  void decrypt(Session& s, CopyDirection d, ByteView srtp);

  Environment& env_;
  LiConfig config_;
  std::unique_ptr<keymgmt::KeyAgent> agent_;
  CopyRequest copy_;
  std::unique_ptr<ims::SipTransport> sip_;
  std::unique_ptr<DatagramSocket> x3_;
  std::vector<std::unique_ptr<Session>> sessions_;  // correlation = index + 1
  std::uint64_t reports_ = 0, bad_reports_ = 0, bad_copies_ = 0;
};

}  // namespace imssim::li
