#include "nodes/proto/diameter/zn.h"

namespace imssim::diameter {
namespace {

constexpr std::size_t kKsNafBytes = 32;  // TS 33.220 Annex B: the KDF gives 256 bits

// Zn AVPs are vendor 3GPP; the M bit is set when building (see constants.h).
Avp zn(std::uint32_t code, ByteView value) { return make_octets(code, kVendor3gpp, true, value); }

Result<std::optional<Bytes>> read_octets(AvpPicker& p, std::uint32_t code, std::string_view name) {
  auto a = p.optional(code, kVendor3gpp, name);
  if (!a) return Unexpected{a.error()};
  if (!*a) return std::optional<Bytes>{};
  return std::optional<Bytes>{(*a)->data};
}

Result<std::optional<std::int64_t>> read_time(AvpPicker& p, std::uint32_t code,
                                              std::string_view name) {
  auto a = p.optional(code, kVendor3gpp, name);
  if (!a) return Unexpected{a.error()};
  if (!*a) return std::optional<std::int64_t>{};
  auto t = as_time(**a, p.context() + ": " + std::string(name));
  if (!t) return Unexpected{t.error()};
  return std::optional<std::int64_t>{*t};
}

}  // namespace

Message build_bir(const BootstrappingInfoRequest& r, std::uint32_t hop_by_hop,
                  std::uint32_t end_to_end) {
  Message m{
      kFlagRequest | kFlagProxiable, kCmdBootstrappingInfo, kAppZn, hop_by_hop, end_to_end, {}};
  add_session_and_application(m.avps, r.session_id, kAppZn);
  m.avps.push_back(make_string(kOriginHost, 0, true, r.origin_host));
  m.avps.push_back(make_string(kOriginRealm, 0, true, r.origin_realm));
  m.avps.push_back(make_string(kDestinationRealm, 0, true, r.destination_realm));
  if (r.destination_host)
    m.avps.push_back(make_string(kDestinationHost, 0, true, *r.destination_host));
  for (const auto& gsid : r.gaa_service_ids) m.avps.push_back(zn(kGaaServiceIdentifier, gsid));
  m.avps.push_back(zn(kTransactionIdentifier, as_bytes(r.btid)));
  m.avps.push_back(zn(kNafId, r.naf_id));
  if (r.gba_u_aware)
    m.avps.push_back(make_u32(kGbaUAwarenessIndicator, kVendor3gpp, true, *r.gba_u_aware ? 1 : 0));
  return m;
}

Message build_bia(const BootstrappingInfoAnswer& a, std::uint32_t hop_by_hop,
                  std::uint32_t end_to_end) {
  Message m{kFlagProxiable, kCmdBootstrappingInfo, kAppZn, hop_by_hop, end_to_end, {}};
  add_session_and_application(m.avps, a.session_id, kAppZn);
  add_result(m.avps, a.result);
  m.avps.push_back(make_string(kOriginHost, 0, true, a.origin_host));
  m.avps.push_back(make_string(kOriginRealm, 0, true, a.origin_realm));
  if (a.impi) m.avps.push_back(make_string(kUserName, 0, true, *a.impi));
  if (a.me_key_material) m.avps.push_back(zn(kMeKeyMaterial, *a.me_key_material));
  if (a.uicc_key_material) m.avps.push_back(zn(kUiccKeyMaterial, *a.uicc_key_material));
  if (a.key_expiry_time)
    m.avps.push_back(make_time(kKeyExpiryTime, kVendor3gpp, true, *a.key_expiry_time));
  if (a.bootstrap_info_creation_time)
    m.avps.push_back(
        make_time(kBootstrapInfoCreationTime, kVendor3gpp, true, *a.bootstrap_info_creation_time));
  if (a.gba_user_sec_settings)
    m.avps.push_back(zn(kGbaUserSecSettings, as_bytes(*a.gba_user_sec_settings)));
  if (a.gba_type) m.avps.push_back(make_u32(kGbaType, kVendor3gpp, true, *a.gba_type));
  return m;
}

Result<BootstrappingInfoRequest> parse_bir(const Message& m) {
  BootstrappingInfoRequest r;
  auto session = check_command(m, kCmdBootstrappingInfo, kAppZn, true, "BIR");
  if (!session) return Unexpected{session.error()};
  r.session_id = std::move(*session);
  AvpPicker p(m.avps, "BIR");
  if (auto s = p.required(kSessionId, 0, "Session-Id"); !s) return Unexpected{s.error()};
  if (auto ok = read_application(p, kAppZn); !ok) return Unexpected{ok.error()};
  auto host = read_string(p, kOriginHost, 0, "Origin-Host");
  if (!host) return Unexpected{host.error()};
  auto realm = read_string(p, kOriginRealm, 0, "Origin-Realm");
  if (!realm) return Unexpected{realm.error()};
  auto dest_realm = read_string(p, kDestinationRealm, 0, "Destination-Realm");
  if (!dest_realm) return Unexpected{dest_realm.error()};
  auto dest_host = read_optional_string(p, kDestinationHost, 0, "Destination-Host");
  if (!dest_host) return Unexpected{dest_host.error()};
  for (const Avp* a : p.repeated(kGaaServiceIdentifier, kVendor3gpp))
    r.gaa_service_ids.push_back(a->data);
  auto btid = read_string(p, kTransactionIdentifier, kVendor3gpp, "Transaction-Identifier");
  if (!btid) return Unexpected{btid.error()};
  auto naf_id = p.required(kNafId, kVendor3gpp, "NAF-Id");
  if (!naf_id) return Unexpected{naf_id.error()};
  if ((*naf_id)->data.empty()) return fail("BIR: NAF-Id is empty");
  auto aware = p.optional(kGbaUAwarenessIndicator, kVendor3gpp, "GBA_U-Awareness-Indicator");
  if (!aware) return Unexpected{aware.error()};
  if (*aware) {
    auto v = as_u32(**aware, "BIR: GBA_U-Awareness-Indicator");
    if (!v) return Unexpected{v.error()};
    if (*v > 1)
      return fail("BIR: GBA_U-Awareness-Indicator " + std::to_string(*v) +
                  " is neither NO (0) nor YES (1)");
    r.gba_u_aware = *v == 1;
  }
  if (auto ok = p.finish(); !ok) return Unexpected{ok.error()};
  r.origin_host = std::move(*host);
  r.origin_realm = std::move(*realm);
  r.destination_realm = std::move(*dest_realm);
  r.destination_host = std::move(*dest_host);
  r.btid = std::move(*btid);
  r.naf_id = (*naf_id)->data;
  return r;
}

Result<BootstrappingInfoAnswer> parse_bia(const Message& m) {
  BootstrappingInfoAnswer a;
  auto session = check_command(m, kCmdBootstrappingInfo, kAppZn, false, "BIA");
  if (!session) return Unexpected{session.error()};
  a.session_id = std::move(*session);
  AvpPicker p(m.avps, "BIA");
  if (auto s = p.required(kSessionId, 0, "Session-Id"); !s) return Unexpected{s.error()};
  if (auto ok = read_application(p, kAppZn); !ok) return Unexpected{ok.error()};
  auto result = read_result(p);
  if (!result) return Unexpected{result.error()};
  a.result = *result;
  auto host = read_string(p, kOriginHost, 0, "Origin-Host");
  if (!host) return Unexpected{host.error()};
  a.origin_host = std::move(*host);
  auto realm = read_string(p, kOriginRealm, 0, "Origin-Realm");
  if (!realm) return Unexpected{realm.error()};
  a.origin_realm = std::move(*realm);
  auto impi = read_optional_string(p, kUserName, 0, "User-Name");
  if (!impi) return Unexpected{impi.error()};
  a.impi = std::move(*impi);
  auto me = read_octets(p, kMeKeyMaterial, "ME-Key-Material");
  if (!me) return Unexpected{me.error()};
  a.me_key_material = std::move(*me);
  auto uicc = read_octets(p, kUiccKeyMaterial, "UICC-Key-Material");
  if (!uicc) return Unexpected{uicc.error()};
  a.uicc_key_material = std::move(*uicc);
  auto expiry = read_time(p, kKeyExpiryTime, "Key-ExpiryTime");
  if (!expiry) return Unexpected{expiry.error()};
  a.key_expiry_time = *expiry;
  auto created = read_time(p, kBootstrapInfoCreationTime, "BootstrapInfoCreationTime");
  if (!created) return Unexpected{created.error()};
  a.bootstrap_info_creation_time = *created;
  auto uss = read_optional_string(p, kGbaUserSecSettings, kVendor3gpp, "GBA-UserSecSettings");
  if (!uss) return Unexpected{uss.error()};
  a.gba_user_sec_settings = std::move(*uss);
  auto type = p.optional(kGbaType, kVendor3gpp, "GBA-Type");
  if (!type) return Unexpected{type.error()};
  if (*type) {
    auto v = as_u32(**type, "BIA: GBA-Type");
    if (!v) return Unexpected{v.error()};
    if (*v > 1)
      return fail("BIA: GBA-Type " + std::to_string(*v) + " is neither 3G GBA (0) nor 2G GBA (1)");
    a.gba_type = *v;
  }
  if (auto ok = p.finish(); !ok) return Unexpected{ok.error()};
  if (a.result.success()) {
    if (!a.me_key_material) return fail("BIA: a successful answer lacks ME-Key-Material");
    if (a.me_key_material->size() != kKsNafBytes)
      return fail("BIA: ME-Key-Material has " + std::to_string(a.me_key_material->size()) +
                  " octets, Ks_NAF has 32");
  }
  return a;
}

}  // namespace imssim::diameter
