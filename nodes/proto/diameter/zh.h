// Zh (BSF <-> HSS, TS 29.109 §5): Multimedia-Auth-Request/Answer, application 16777221,
// command 303, with the Cx AVPs of TS 29.229. The BSF asks for one AKA vector for an IMPI (with
// RAND || AUTS after a synchronisation failure); the HSS answers with a SIP-Auth-Data-Item
// carrying RAND || AUTN, XRES, CK and IK.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/bytes.h"
#include "common/result.h"
#include "nodes/proto/diameter/command.h"

namespace imssim::diameter {

// < Multimedia-Auth-Request > ::= < Diameter Header: 303, REQ, PXY, 16777221 >
//   < Session-Id > { Vendor-Specific-Application-Id } { Auth-Session-State } { Origin-Host }
//   { Origin-Realm } { Destination-Realm } [ Destination-Host ] [ User-Name ]
//   [ Public-Identity ] [ SIP-Auth-Data-Item ] [ GUSS-Timestamp ]
struct MultimediaAuthRequest {
  std::string session_id;
  std::string origin_host;  // the BSF
  std::string origin_realm;
  std::string destination_realm;  // the HSS's realm
  std::optional<std::string> destination_host;
  std::optional<std::string> impi;  // User-Name
  std::optional<std::string> impu;  // Public-Identity
  std::string scheme{kSchemeDigestAkaV1Md5};
  std::optional<Bytes> resync;  // RAND || AUTS (30 octets) after a synchronisation failure
  std::optional<std::int64_t> guss_timestamp;
};

// SIP-Auth-Data-Item ::= < AVP Header: 612 10415 > [ SIP-Item-Number ]
//   [ SIP-Authentication-Scheme ] [ SIP-Authenticate ] [ SIP-Authorization ]
//   [ Confidentiality-Key ] [ Integrity-Key ] ...
struct AuthDataItem {
  std::optional<std::uint32_t> item_number;
  std::string scheme{kSchemeDigestAkaV1Md5};
  Bytes rand_autn;  // SIP-Authenticate: RAND || AUTN, 32 octets
  Bytes xres;       // SIP-Authorization: 4 to 16 octets (TS 33.102 §6.3.2)
  Bytes ck;         // 16 octets
  Bytes ik;         // 16 octets
};

// < Multimedia-Auth-Answer > ::= < Diameter Header: 303, PXY, 16777221 >
//   < Session-Id > { Vendor-Specific-Application-Id } [ Result-Code ] [ Experimental-Result ]
//   { Auth-Session-State } { Origin-Host } { Origin-Realm } [ User-Name ] [ Public-Identity ]
//   [ SIP-Auth-Data-Item ] [ GBA-UserSecSettings ]
struct MultimediaAuthAnswer {
  std::string session_id;
  std::string origin_host;  // the HSS
  std::string origin_realm;
  ResultCode result;
  std::optional<std::string> impi;
  std::optional<std::string> impu;
  std::optional<AuthDataItem> item;  // required on success
  std::optional<std::string> guss;   // GBA-UserSecSettings (GUSS XML)
};

Message build_mar(const MultimediaAuthRequest& r, std::uint32_t hop_by_hop,
                  std::uint32_t end_to_end);
Message build_maa(const MultimediaAuthAnswer& a, std::uint32_t hop_by_hop,
                  std::uint32_t end_to_end);
// Needs User-Name or Public-Identity; a resync value must be 30 octets.
Result<MultimediaAuthRequest> parse_mar(const Message& m);
// A successful answer must carry a complete SIP-Auth-Data-Item with the lengths above.
Result<MultimediaAuthAnswer> parse_maa(const Message& m);

}  // namespace imssim::diameter
