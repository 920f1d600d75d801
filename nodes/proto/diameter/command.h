// Shared pieces of the Zn and Zh commands: the fixed AVPs of every request and answer
// (Session-Id first, Vendor-Specific-Application-Id, Origin/Destination, result codes) and a
// picker that reads a command's AVPs strictly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "nodes/proto/diameter/message.h"

namespace imssim::diameter {

// Result-Code (base, RFC 6733 §7.1) or Experimental-Result (vendor 3GPP, TS 29.109 §6.2).
struct ResultCode {
  std::uint32_t code = kDiameterSuccess;
  bool experimental = false;  // carried in Experimental-Result with Vendor-Id 3GPP
  bool success() const { return !experimental && code >= 2000 && code < 3000; }
};

// Reads the AVPs of one command: each known AVP at most once (unless read with repeated()),
// required ones present, and at the end no unread AVP with the M bit set (RFC 6733 §6.1.8: an
// unsupported mandatory AVP is DIAMETER_AVP_UNSUPPORTED).
class AvpPicker {
 public:
  AvpPicker(const std::vector<Avp>& avps, std::string context);
  Result<const Avp*> optional(std::uint32_t code, std::uint32_t vendor, std::string_view name);
  Result<const Avp*> required(std::uint32_t code, std::uint32_t vendor, std::string_view name);
  std::vector<const Avp*> repeated(std::uint32_t code, std::uint32_t vendor);
  Result<Ok> finish() const;
  const std::string& context() const { return context_; }

 private:
  const std::vector<Avp>& avps_;
  std::vector<bool> used_;
  std::string context_;
};

// The beginning every Zn/Zh message shares: Session-Id (first, RFC 6733 §8.8), then
// Vendor-Specific-Application-Id { Vendor-Id 3GPP, Auth-Application-Id app }.
void add_session_and_application(std::vector<Avp>& avps, std::string_view session_id,
                                 std::uint32_t app);
void add_result(std::vector<Avp>& avps, const ResultCode& result);

// Checks the header (command, application, R bit) and that Session-Id comes first; returns it.
Result<std::string> check_command(const Message& m, std::uint32_t command, std::uint32_t app,
                                  bool request, std::string_view name);
Result<Ok> read_application(AvpPicker& p, std::uint32_t app);
Result<ResultCode> read_result(AvpPicker& p);
// A required or optional UTF8String / DiameterIdentity AVP.
Result<std::string> read_string(AvpPicker& p, std::uint32_t code, std::uint32_t vendor,
                                std::string_view name);
Result<std::optional<std::string>> read_optional_string(AvpPicker& p, std::uint32_t code,
                                                        std::uint32_t vendor,
                                                        std::string_view name);

}  // namespace imssim::diameter
