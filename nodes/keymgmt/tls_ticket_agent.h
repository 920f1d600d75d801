// The `tls-ticket` variant (the Kerberos-like solution the proposal replaces) at the UE: each
// exchange with the KMS is TCP + GBA PSK-TLS + one HTTP request (https_client.h). The caller
// POSTs the receivers and gets the key, its key-id and a KMS-sealed ticket; the ticket travels
// in the INVITE's SDP inside a TRANSFER_INIT protected with the MPK; the callee POSTs the
// ticket over its own TLS session and gets the key if it is an authorised receiver.
#pragma once

#include <string>

#include "nodes/keymgmt/https_client.h"
#include "nodes/keymgmt/key_agent.h"
#include "nodes/proto/mikey/freshness.h"

namespace imssim::keymgmt {

struct TicketAgentConfig {
  HttpsClientConfig https;
  std::string impu;
  std::string kms_uri = "sip:kms.ims.example";  // IDRkms (mikey-ticket)
  mikey::NtpEpoch epoch = mikey::default_epoch();
};

class TlsTicketAgent : public KeyAgent {
 public:
  TlsTicketAgent(Environment& env, TicketAgentConfig config)
      : KeyAgent(env, config.impu, config.epoch), config_(config), https_(env, config.https) {}

  std::string_view variant() const override { return kVariantTlsTicket; }
  void request_key(const KmsCredentials& c, const std::vector<std::string>& receivers,
                   KeyDone<MediaKey> done) override;
  void resolve(const KmsCredentials& c, ByteView reference, KeyDone<MediaKey> done) override;

 private:
  bool sealed_tickets() const override { return true; }

  TicketAgentConfig config_;
  HttpsClient https_;
};

}  // namespace imssim::keymgmt
