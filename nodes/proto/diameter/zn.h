// Zn (NAF <-> BSF, TS 29.109 §6): Bootstrapping-Info-Request/Answer, application 16777220,
// command 310. The NAF (here the KMS) sends the B-TID and its NAF_Id; the BSF answers with
// Ks_NAF (ME-Key-Material), the key expiry and the IMPI.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "nodes/proto/diameter/command.h"

namespace imssim::diameter {

// < Bootstrapping-Info-Request > ::= < Diameter Header: 310, REQ, PXY, 16777220 >
//   < Session-Id > { Vendor-Specific-Application-Id } { Origin-Host } { Origin-Realm }
//   { Destination-Realm } [ Destination-Host ] *[ GAA-Service-Identifier ]
//   { Transaction-Identifier } { NAF-Id } [ GBA_U-Awareness-Indicator ]
struct BootstrappingInfoRequest {
  std::string session_id;
  std::string origin_host;  // the NAF
  std::string origin_realm;
  std::string destination_realm;  // the BSF's realm
  std::optional<std::string> destination_host;
  std::vector<Bytes> gaa_service_ids;
  std::string btid;  // Transaction-Identifier
  Bytes naf_id;      // NAF FQDN || Ua security protocol identifier
  std::optional<bool> gba_u_aware;
};

// < Bootstrapping-Info-Answer > ::= < Diameter Header: 310, PXY, 16777220 >
//   < Session-Id > { Vendor-Specific-Application-Id } [ Result-Code ] [ Experimental-Result ]
//   { Origin-Host } { Origin-Realm } [ User-Name ] [ ME-Key-Material ] [ UICC-Key-Material ]
//   [ Key-ExpiryTime ] [ BootstrapInfoCreationTime ] [ GBA-UserSecSettings ] [ GBA-Type ]
struct BootstrappingInfoAnswer {
  std::string session_id;
  std::string origin_host;  // the BSF
  std::string origin_realm;
  ResultCode result;
  std::optional<std::string> impi;              // User-Name
  std::optional<Bytes> me_key_material;         // Ks_NAF / Ks_ext_NAF: required on success
  std::optional<Bytes> uicc_key_material;       // Ks_int_NAF
  std::optional<std::int64_t> key_expiry_time;  // Unix seconds
  std::optional<std::int64_t> bootstrap_info_creation_time;
  std::optional<std::string> gba_user_sec_settings;  // USS XML
  std::optional<std::uint32_t> gba_type;             // 0 = 3G GBA, 1 = 2G GBA
};

Message build_bir(const BootstrappingInfoRequest& r, std::uint32_t hop_by_hop,
                  std::uint32_t end_to_end);
// An answer echoes the request's Hop-by-Hop and End-to-End identifiers (RFC 6733 §6.2).
Message build_bia(const BootstrappingInfoAnswer& a, std::uint32_t hop_by_hop,
                  std::uint32_t end_to_end);
Result<BootstrappingInfoRequest> parse_bir(const Message& m);
// A successful answer must carry a 32-octet ME-Key-Material (Ks_NAF is 256 bits).
Result<BootstrappingInfoAnswer> parse_bia(const Message& m);

}  // namespace imssim::diameter
