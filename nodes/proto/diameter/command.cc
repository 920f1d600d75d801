#include "nodes/proto/diameter/command.h"

namespace imssim::diameter {

AvpPicker::AvpPicker(const std::vector<Avp>& avps, std::string context)
    : avps_(avps), used_(avps.size(), false), context_(std::move(context)) {}

Result<const Avp*> AvpPicker::optional(std::uint32_t code, std::uint32_t vendor,
                                       std::string_view name) {
  const Avp* found = nullptr;
  for (std::size_t i = 0; i < avps_.size(); ++i) {
    if (avps_[i].code != code || avps_[i].vendor_id != vendor) continue;
    if (found) return fail(context_ + ": " + std::string(name) + " appears more than once");
    found = &avps_[i];
    used_[i] = true;
  }
  return found;
}

Result<const Avp*> AvpPicker::required(std::uint32_t code, std::uint32_t vendor,
                                       std::string_view name) {
  auto a = optional(code, vendor, name);
  if (a && !*a) return fail(context_ + ": required " + std::string(name) + " is missing");
  return a;
}

std::vector<const Avp*> AvpPicker::repeated(std::uint32_t code, std::uint32_t vendor) {
  std::vector<const Avp*> out;
  for (std::size_t i = 0; i < avps_.size(); ++i)
    if (avps_[i].code == code && avps_[i].vendor_id == vendor) {
      out.push_back(&avps_[i]);
      used_[i] = true;
    }
  return out;
}

Result<Ok> AvpPicker::finish() const {
  for (std::size_t i = 0; i < avps_.size(); ++i)
    if (!used_[i] && avps_[i].mandatory)
      return fail(context_ + ": unsupported AVP code " + std::to_string(avps_[i].code) +
                  " (vendor " + std::to_string(avps_[i].vendor_id) + ") has the M bit set");
  return Ok{};
}

void add_session_and_application(std::vector<Avp>& avps, std::string_view session_id,
                                 std::uint32_t app) {
  avps.push_back(make_string(kSessionId, 0, true, session_id));
  avps.push_back(make_grouped(
      kVendorSpecificApplicationId, 0, true,
      {make_u32(kVendorId, 0, true, kVendor3gpp), make_u32(kAuthApplicationId, 0, true, app)}));
}

void add_result(std::vector<Avp>& avps, const ResultCode& result) {
  if (!result.experimental) {
    avps.push_back(make_u32(kResultCode, 0, true, result.code));
    return;
  }
  avps.push_back(make_grouped(kExperimentalResult, 0, true,
                              {make_u32(kVendorId, 0, true, kVendor3gpp),
                               make_u32(kExperimentalResultCode, 0, true, result.code)}));
}

Result<std::string> check_command(const Message& m, std::uint32_t command, std::uint32_t app,
                                  bool request, std::string_view name) {
  const std::string n(name);
  if (m.command_code != command)
    return fail(n + ": command code " + std::to_string(m.command_code) + ", expected " +
                std::to_string(command));
  if (m.application_id != app)
    return fail(n + ": Application-ID " + std::to_string(m.application_id) + ", expected " +
                std::to_string(app));
  if (m.is_request() != request)
    return fail(n + ": R bit " + (request ? "clear in a request" : "set in an answer"));
  if (m.avps.empty() || m.avps[0].code != kSessionId || m.avps[0].vendor_id != 0)
    return fail(n + ": Session-Id must be the first AVP (RFC 6733 §8.8)");
  return as_utf8(m.avps[0], n + ": Session-Id");
}

Result<Ok> read_application(AvpPicker& p, std::uint32_t app) {
  const std::string name = p.context() + ": Vendor-Specific-Application-Id";
  auto vsai = p.required(kVendorSpecificApplicationId, 0, "Vendor-Specific-Application-Id");
  if (!vsai) return Unexpected{vsai.error()};
  auto children = decode_avps((*vsai)->data, name + ": ");
  if (!children) return Unexpected{children.error()};
  AvpPicker inner(*children, name);
  auto vendor = inner.required(kVendorId, 0, "Vendor-Id");
  if (!vendor) return Unexpected{vendor.error()};
  auto auth = inner.required(kAuthApplicationId, 0, "Auth-Application-Id");
  if (!auth) return Unexpected{auth.error()};
  auto v = as_u32(**vendor, name + ": Vendor-Id");
  if (!v) return Unexpected{v.error()};
  auto a = as_u32(**auth, name + ": Auth-Application-Id");
  if (!a) return Unexpected{a.error()};
  if (*v != kVendor3gpp)
    return fail(name + ": Vendor-Id " + std::to_string(*v) + ", expected 10415 (3GPP)");
  if (*a != app)
    return fail(name + ": Auth-Application-Id " + std::to_string(*a) + ", expected " +
                std::to_string(app));
  return inner.finish();
}

Result<ResultCode> read_result(AvpPicker& p) {
  auto rc = p.optional(kResultCode, 0, "Result-Code");
  if (!rc) return Unexpected{rc.error()};
  auto er = p.optional(kExperimentalResult, 0, "Experimental-Result");
  if (!er) return Unexpected{er.error()};
  if (*rc && *er) return fail(p.context() + ": both Result-Code and Experimental-Result");
  if (*rc) {
    auto code = as_u32(**rc, p.context() + ": Result-Code");
    if (!code) return Unexpected{code.error()};
    return ResultCode{*code, false};
  }
  if (!*er) return fail(p.context() + ": neither Result-Code nor Experimental-Result");
  const std::string name = p.context() + ": Experimental-Result";
  auto children = decode_avps((*er)->data, name + ": ");
  if (!children) return Unexpected{children.error()};
  AvpPicker inner(*children, name);
  auto vendor = inner.required(kVendorId, 0, "Vendor-Id");
  if (!vendor) return Unexpected{vendor.error()};
  auto code = inner.required(kExperimentalResultCode, 0, "Experimental-Result-Code");
  if (!code) return Unexpected{code.error()};
  auto v = as_u32(**vendor, name + ": Vendor-Id");
  if (!v) return Unexpected{v.error()};
  if (*v != kVendor3gpp)
    return fail(name + ": Vendor-Id " + std::to_string(*v) + ", expected 10415 (3GPP)");
  auto c = as_u32(**code, name + ": Experimental-Result-Code");
  if (!c) return Unexpected{c.error()};
  if (auto ok = inner.finish(); !ok) return Unexpected{ok.error()};
  return ResultCode{*c, true};
}

Result<std::string> read_string(AvpPicker& p, std::uint32_t code, std::uint32_t vendor,
                                std::string_view name) {
  auto a = p.required(code, vendor, name);
  if (!a) return Unexpected{a.error()};
  auto s = as_utf8(**a, p.context() + ": " + std::string(name));
  if (s && s->empty()) return fail(p.context() + ": " + std::string(name) + " is empty");
  return s;
}

Result<std::optional<std::string>> read_optional_string(AvpPicker& p, std::uint32_t code,
                                                        std::uint32_t vendor,
                                                        std::string_view name) {
  auto a = p.optional(code, vendor, name);
  if (!a) return Unexpected{a.error()};
  if (!*a) return std::optional<std::string>{};
  auto s = as_utf8(**a, p.context() + ": " + std::string(name));
  if (!s) return Unexpected{s.error()};
  return std::optional<std::string>{std::move(*s)};
}

}  // namespace imssim::diameter
