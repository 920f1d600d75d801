// The body of the BSF's 200 OK on Ub (TS 24.109 §4 and Annex C, media type
// application/vnd.3gpp.bsf+xml):
//   <BootstrappingInfo xmlns="uri:3gpp-gba"><btid>...</btid><lifetime>...</lifetime>
//   </BootstrappingInfo>
// with the key lifetime as an RFC 3339 date-time in UTC.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace imssim::gba {

struct BootstrappingInfo {
  std::string btid;
  std::int64_t lifetime_unix = 0;  // expiry instant, seconds since 1970-01-01T00:00:00Z
};

std::string build_bootstrapping_info(const BootstrappingInfo& info);
// Strict: optional XML declaration and comments, the root element in the uri:3gpp-gba namespace,
// exactly btid then lifetime, the five predefined entities; anything else is an error that names
// line:column and the reason.
Result<BootstrappingInfo> parse_bootstrapping_info(std::string_view xml);

// RFC 3339 §5.6 date-time in UTC: "YYYY-MM-DDTHH:MM:SSZ" (years 0000-9999).
std::string format_rfc3339_utc(std::int64_t unix_seconds);
// Accepts the offset "Z" or "+00:00" (other offsets and fractional seconds are rejected: the
// lifetime is a UTC instant with whole seconds); checks the calendar (month lengths, leap years).
Result<std::int64_t> parse_rfc3339_utc(std::string_view text);

}  // namespace imssim::gba
