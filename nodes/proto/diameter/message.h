// Diameter messages (RFC 6733 §3) and AVPs (§4): encoding with lengths and padding, and a
// strict decoder. Grouped AVP values (§4.4) are decoded on demand with decode_avps().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "nodes/proto/diameter/constants.h"

namespace imssim::diameter {

struct Avp {
  std::uint32_t code = 0;
  std::uint32_t vendor_id = 0;  // non-zero: the V bit is set and the Vendor-ID field present
  bool mandatory = false;       // M
  Bytes data;                   // the value, without padding (a Grouped value holds its AVPs)
};

struct Message {
  std::uint8_t flags = 0;  // R, P, E, T
  std::uint32_t command_code = 0;
  std::uint32_t application_id = 0;
  std::uint32_t hop_by_hop = 0;
  std::uint32_t end_to_end = 0;
  std::vector<Avp> avps;

  bool is_request() const { return (flags & kFlagRequest) != 0; }
};

// Encodes header, AVPs and padding (zero octets); Message Length covers everything.
Bytes encode(const Message& m);
// AVPs back to back, each padded to 4 octets: the value of a Grouped AVP.
Bytes encode_avps(const std::vector<Avp>& avps);

// Strict: exactly one whole message; version 1; reserved bits zero; E only in answers, T only in
// requests; lengths consistent; AVP padding present and zero; V set only with a non-zero Vendor-ID;
// the deprecated P bit clear. Errors name the offset and the AVP code.
Result<Message> decode(ByteView wire);
// The AVPs of a Grouped value (or of any AVP sequence), same rules; `context` prefixes errors.
Result<std::vector<Avp>> decode_avps(ByteView data, std::string_view context);

// On a byte stream: the length of the message that starts `stream`, once its first 4 octets are
// there (std::nullopt before). Rejects a wrong version or a length that is not a multiple of 4
// or smaller than a header, so a receiver never waits for garbage.
Result<std::optional<std::size_t>> peek_length(ByteView stream);

// --- Basic AVP data formats (RFC 6733 §4.2, §4.3) -------------------------------------------
Avp make_u32(std::uint32_t code, std::uint32_t vendor, bool mandatory, std::uint32_t value);
Avp make_octets(std::uint32_t code, std::uint32_t vendor, bool mandatory, ByteView value);
Avp make_string(std::uint32_t code, std::uint32_t vendor, bool mandatory, std::string_view value);
Avp make_grouped(std::uint32_t code, std::uint32_t vendor, bool mandatory,
                 const std::vector<Avp>& children);
// Time: seconds since 1900-01-01 UTC in 32 bits, with the RFC 4330 §3 convention for the era
// after 2036 (MSB 0 means 2036-2104). From/to Unix seconds.
Avp make_time(std::uint32_t code, std::uint32_t vendor, bool mandatory, std::int64_t unix_seconds);

Result<std::uint32_t> as_u32(const Avp& a, std::string_view name);
// UTF8String: rejects invalid UTF-8 (RFC 3629), as DiameterIdentity is ASCII it covers both.
Result<std::string> as_utf8(const Avp& a, std::string_view name);
Result<std::int64_t> as_time(const Avp& a, std::string_view name);

// A Session-Id of the RFC 6733 §8.8 form "<DiameterIdentity>;<high 32 bits>;<low 32 bits>".
std::string make_session_id(std::string_view origin_host, std::uint32_t high, std::uint32_t low);

}  // namespace imssim::diameter
