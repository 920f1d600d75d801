#include "nodes/proto/diameter/zh.h"

#include <tuple>
#include <utility>

namespace imssim::diameter {
namespace {

constexpr std::size_t kRandAutnBytes = 32;  // TS 29.229 §6.3.10: RAND (16) || AUTN (16)
constexpr std::size_t kRandAutsBytes = 30;  // RAND (16) || AUTS (14), TS 29.229 §6.3.11
constexpr std::size_t kKeyBytes = 16;       // CK, IK: 128 bits

Avp cx(std::uint32_t code, ByteView value) { return make_octets(code, kVendor3gpp, true, value); }

void add_identities(std::vector<Avp>& avps, const std::optional<std::string>& impi,
                    const std::optional<std::string>& impu) {
  if (impi) avps.push_back(make_string(kUserName, 0, true, *impi));
  if (impu) avps.push_back(make_string(kPublicIdentity, kVendor3gpp, true, *impu));
}

Result<Ok> read_session_state(AvpPicker& p) {
  auto state = p.required(kAuthSessionState, 0, "Auth-Session-State");
  if (!state) return Unexpected{state.error()};
  auto v = as_u32(**state, p.context() + ": Auth-Session-State");
  if (!v) return Unexpected{v.error()};
  if (*v != kNoStateMaintained)
    return fail(p.context() + ": Auth-Session-State " + std::to_string(*v) +
                ", Zh uses NO_STATE_MAINTAINED (1)");
  return Ok{};
}

Result<Ok> check_length(const std::string& what, const Bytes& b, std::size_t min, std::size_t max) {
  if (b.size() < min || b.size() > max)
    return fail(
        what + " has " + std::to_string(b.size()) + " octets, expected " +
        (min == max ? std::to_string(min) : std::to_string(min) + " to " + std::to_string(max)));
  return Ok{};
}

struct RawItem {
  std::optional<std::uint32_t> item_number;
  std::optional<std::string> scheme;
  std::optional<Bytes> authenticate, authorization, ck, ik;
};

Result<RawItem> read_item(const Avp& item, const std::string& context) {
  const std::string name = context + ": SIP-Auth-Data-Item";
  auto children = decode_avps(item.data, name + ": ");
  if (!children) return Unexpected{children.error()};
  AvpPicker p(*children, name);
  RawItem r;
  auto number = p.optional(kSipItemNumber, kVendor3gpp, "SIP-Item-Number");
  if (!number) return Unexpected{number.error()};
  if (*number) {
    auto v = as_u32(**number, name + ": SIP-Item-Number");
    if (!v) return Unexpected{v.error()};
    r.item_number = *v;
  }
  auto scheme =
      read_optional_string(p, kSipAuthenticationScheme, kVendor3gpp, "SIP-Authentication-Scheme");
  if (!scheme) return Unexpected{scheme.error()};
  r.scheme = std::move(*scheme);
  for (auto [code, slot, label] :
       {std::tuple{kSipAuthenticate, &r.authenticate, "SIP-Authenticate"},
        {kSipAuthorization, &r.authorization, "SIP-Authorization"},
        {kConfidentialityKey, &r.ck, "Confidentiality-Key"},
        {kIntegrityKey, &r.ik, "Integrity-Key"}}) {
    auto a = p.optional(code, kVendor3gpp, label);
    if (!a) return Unexpected{a.error()};
    if (*a) *slot = (*a)->data;
  }
  if (auto ok = p.finish(); !ok) return Unexpected{ok.error()};
  if (r.scheme && *r.scheme != kSchemeDigestAkaV1Md5)
    return fail(name + ": SIP-Authentication-Scheme \"" + *r.scheme + "\" is not " +
                std::string(kSchemeDigestAkaV1Md5));
  return r;
}

}  // namespace

Message build_mar(const MultimediaAuthRequest& r, std::uint32_t hop_by_hop,
                  std::uint32_t end_to_end) {
  Message m{kFlagRequest | kFlagProxiable, kCmdMultimediaAuth, kAppZh, hop_by_hop, end_to_end, {}};
  add_session_and_application(m.avps, r.session_id, kAppZh);
  m.avps.push_back(make_u32(kAuthSessionState, 0, true, kNoStateMaintained));
  m.avps.push_back(make_string(kOriginHost, 0, true, r.origin_host));
  m.avps.push_back(make_string(kOriginRealm, 0, true, r.origin_realm));
  m.avps.push_back(make_string(kDestinationRealm, 0, true, r.destination_realm));
  if (r.destination_host)
    m.avps.push_back(make_string(kDestinationHost, 0, true, *r.destination_host));
  add_identities(m.avps, r.impi, r.impu);
  std::vector<Avp> item{make_string(kSipAuthenticationScheme, kVendor3gpp, true, r.scheme)};
  if (r.resync) item.push_back(cx(kSipAuthorization, *r.resync));
  m.avps.push_back(make_grouped(kSipAuthDataItem, kVendor3gpp, true, item));
  if (r.guss_timestamp)
    m.avps.push_back(make_time(kGussTimestamp, kVendor3gpp, true, *r.guss_timestamp));
  return m;
}

Message build_maa(const MultimediaAuthAnswer& a, std::uint32_t hop_by_hop,
                  std::uint32_t end_to_end) {
  Message m{kFlagProxiable, kCmdMultimediaAuth, kAppZh, hop_by_hop, end_to_end, {}};
  add_session_and_application(m.avps, a.session_id, kAppZh);
  add_result(m.avps, a.result);
  m.avps.push_back(make_u32(kAuthSessionState, 0, true, kNoStateMaintained));
  m.avps.push_back(make_string(kOriginHost, 0, true, a.origin_host));
  m.avps.push_back(make_string(kOriginRealm, 0, true, a.origin_realm));
  add_identities(m.avps, a.impi, a.impu);
  if (a.item) {
    std::vector<Avp> item;
    if (a.item->item_number)
      item.push_back(make_u32(kSipItemNumber, kVendor3gpp, true, *a.item->item_number));
    item.push_back(make_string(kSipAuthenticationScheme, kVendor3gpp, true, a.item->scheme));
    item.push_back(cx(kSipAuthenticate, a.item->rand_autn));
    item.push_back(cx(kSipAuthorization, a.item->xres));
    item.push_back(cx(kConfidentialityKey, a.item->ck));
    item.push_back(cx(kIntegrityKey, a.item->ik));
    m.avps.push_back(make_grouped(kSipAuthDataItem, kVendor3gpp, true, item));
  }
  if (a.guss) m.avps.push_back(make_string(kGbaUserSecSettings, kVendor3gpp, true, *a.guss));
  return m;
}

Result<MultimediaAuthRequest> parse_mar(const Message& m) {
  MultimediaAuthRequest r;
  auto session = check_command(m, kCmdMultimediaAuth, kAppZh, true, "MAR");
  if (!session) return Unexpected{session.error()};
  r.session_id = std::move(*session);
  AvpPicker p(m.avps, "MAR");
  if (auto s = p.required(kSessionId, 0, "Session-Id"); !s) return Unexpected{s.error()};
  if (auto ok = read_application(p, kAppZh); !ok) return Unexpected{ok.error()};
  if (auto ok = read_session_state(p); !ok) return Unexpected{ok.error()};
  auto host = read_string(p, kOriginHost, 0, "Origin-Host");
  if (!host) return Unexpected{host.error()};
  auto realm = read_string(p, kOriginRealm, 0, "Origin-Realm");
  if (!realm) return Unexpected{realm.error()};
  auto dest_realm = read_string(p, kDestinationRealm, 0, "Destination-Realm");
  if (!dest_realm) return Unexpected{dest_realm.error()};
  auto dest_host = read_optional_string(p, kDestinationHost, 0, "Destination-Host");
  if (!dest_host) return Unexpected{dest_host.error()};
  auto impi = read_optional_string(p, kUserName, 0, "User-Name");
  if (!impi) return Unexpected{impi.error()};
  auto impu = read_optional_string(p, kPublicIdentity, kVendor3gpp, "Public-Identity");
  if (!impu) return Unexpected{impu.error()};
  if (!*impi && !*impu)
    return fail("MAR: neither User-Name nor Public-Identity identifies the user");
  auto item = p.optional(kSipAuthDataItem, kVendor3gpp, "SIP-Auth-Data-Item");
  if (!item) return Unexpected{item.error()};
  if (*item) {
    auto raw = read_item(**item, "MAR");
    if (!raw) return Unexpected{raw.error()};
    if (raw->authenticate || raw->ck || raw->ik)
      return fail("MAR: SIP-Auth-Data-Item carries answer-only AVPs (SIP-Authenticate, CK or IK)");
    if (raw->authorization) {
      if (auto ok = check_length("MAR: SIP-Authorization (RAND || AUTS)", *raw->authorization,
                                 kRandAutsBytes, kRandAutsBytes);
          !ok)
        return Unexpected{ok.error()};
      r.resync = std::move(*raw->authorization);
    }
    if (raw->scheme) r.scheme = std::move(*raw->scheme);
  }
  auto guss_ts = p.optional(kGussTimestamp, kVendor3gpp, "GUSS-Timestamp");
  if (!guss_ts) return Unexpected{guss_ts.error()};
  if (*guss_ts) {
    auto t = as_time(**guss_ts, "MAR: GUSS-Timestamp");
    if (!t) return Unexpected{t.error()};
    r.guss_timestamp = *t;
  }
  if (auto ok = p.finish(); !ok) return Unexpected{ok.error()};
  r.origin_host = std::move(*host);
  r.origin_realm = std::move(*realm);
  r.destination_realm = std::move(*dest_realm);
  r.destination_host = std::move(*dest_host);
  r.impi = std::move(*impi);
  r.impu = std::move(*impu);
  return r;
}

Result<MultimediaAuthAnswer> parse_maa(const Message& m) {
  MultimediaAuthAnswer a;
  auto session = check_command(m, kCmdMultimediaAuth, kAppZh, false, "MAA");
  if (!session) return Unexpected{session.error()};
  a.session_id = std::move(*session);
  AvpPicker p(m.avps, "MAA");
  if (auto s = p.required(kSessionId, 0, "Session-Id"); !s) return Unexpected{s.error()};
  if (auto ok = read_application(p, kAppZh); !ok) return Unexpected{ok.error()};
  auto result = read_result(p);
  if (!result) return Unexpected{result.error()};
  a.result = *result;
  if (auto ok = read_session_state(p); !ok) return Unexpected{ok.error()};
  auto host = read_string(p, kOriginHost, 0, "Origin-Host");
  if (!host) return Unexpected{host.error()};
  a.origin_host = std::move(*host);
  auto realm = read_string(p, kOriginRealm, 0, "Origin-Realm");
  if (!realm) return Unexpected{realm.error()};
  a.origin_realm = std::move(*realm);
  auto impi = read_optional_string(p, kUserName, 0, "User-Name");
  if (!impi) return Unexpected{impi.error()};
  a.impi = std::move(*impi);
  auto impu = read_optional_string(p, kPublicIdentity, kVendor3gpp, "Public-Identity");
  if (!impu) return Unexpected{impu.error()};
  a.impu = std::move(*impu);
  auto item = p.optional(kSipAuthDataItem, kVendor3gpp, "SIP-Auth-Data-Item");
  if (!item) return Unexpected{item.error()};
  if (*item) {
    auto raw = read_item(**item, "MAA");
    if (!raw) return Unexpected{raw.error()};
    for (auto [value, label] : {std::pair{&raw->authenticate, "SIP-Authenticate"},
                                {&raw->authorization, "SIP-Authorization"},
                                {&raw->ck, "Confidentiality-Key"},
                                {&raw->ik, "Integrity-Key"}})
      if (!*value) return fail(std::string("MAA: SIP-Auth-Data-Item lacks ").append(label));
    AuthDataItem it;
    it.item_number = raw->item_number;
    if (raw->scheme) it.scheme = std::move(*raw->scheme);
    it.rand_autn = std::move(*raw->authenticate);
    it.xres = std::move(*raw->authorization);
    it.ck = std::move(*raw->ck);
    it.ik = std::move(*raw->ik);
    for (auto [value, label, min, max] :
         {std::tuple{&it.rand_autn, "SIP-Authenticate (RAND || AUTN)", kRandAutnBytes,
                     kRandAutnBytes},
          {&it.xres, "SIP-Authorization (XRES)", std::size_t(4), std::size_t(16)},
          {&it.ck, "Confidentiality-Key", kKeyBytes, kKeyBytes},
          {&it.ik, "Integrity-Key", kKeyBytes, kKeyBytes}})
      if (auto ok = check_length(std::string("MAA: ").append(label), *value, min, max); !ok)
        return Unexpected{ok.error()};
    a.item = std::move(it);
  }
  auto guss = read_optional_string(p, kGbaUserSecSettings, kVendor3gpp, "GBA-UserSecSettings");
  if (!guss) return Unexpected{guss.error()};
  a.guss = std::move(*guss);
  if (auto ok = p.finish(); !ok) return Unexpected{ok.error()};
  if (a.result.success() && !a.item)
    return fail("MAA: a successful answer lacks SIP-Auth-Data-Item");
  return a;
}

}  // namespace imssim::diameter
