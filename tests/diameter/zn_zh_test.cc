// Zn (BIR/BIA) and Zh (MAR/MAA): build, encode, decode and parse back; strict command checks.
#include <gtest/gtest.h>

#include "common/hex.h"
#include "nodes/proto/diameter/zh.h"
#include "nodes/proto/diameter/zn.h"

namespace imssim::diameter {
namespace {

BootstrappingInfoRequest bir() {
  BootstrappingInfoRequest r;
  r.session_id = make_session_id("kms.ims.example.com", 1, 7);
  r.origin_host = "kms.ims.example.com";
  r.origin_realm = "ims.example.com";
  r.destination_realm = "ims.example.com";
  r.destination_host = "bsf.ims.example.com";
  r.gaa_service_ids = {to_bytes("1"), to_bytes("4")};
  r.btid = "I1U8vpY3qJ0hiuZNrke/NQ==@bsf.ims.example.com";
  r.naf_id = to_bytes("kms.ims.example.com");
  append(r.naf_id, Bytes{1, 0, 0, 0, 6});
  r.gba_u_aware = false;
  return r;
}

BootstrappingInfoAnswer bia() {
  BootstrappingInfoAnswer a;
  a.session_id = make_session_id("kms.ims.example.com", 1, 7);
  a.origin_host = "bsf.ims.example.com";
  a.origin_realm = "ims.example.com";
  a.impi = "user@ims.example.com";
  a.me_key_material = *from_hex("c900dad47e606029e67ebd667f701a38f9feb03d2bb6f70ac01272898599f75b");
  a.key_expiry_time = 1798765432;
  a.bootstrap_info_creation_time = 1798761832;
  a.gba_type = 0;
  return a;
}

MultimediaAuthRequest mar() {
  MultimediaAuthRequest r;
  r.session_id = make_session_id("bsf.ims.example.com", 3, 9);
  r.origin_host = "bsf.ims.example.com";
  r.origin_realm = "ims.example.com";
  r.destination_realm = "ims.example.com";
  r.impi = "user@ims.example.com";
  return r;
}

MultimediaAuthAnswer maa() {
  MultimediaAuthAnswer a;
  a.session_id = make_session_id("bsf.ims.example.com", 3, 9);
  a.origin_host = "hss.ims.example.com";
  a.origin_realm = "ims.example.com";
  a.impi = "user@ims.example.com";
  AuthDataItem item;
  item.rand_autn = *from_hex("23553cbe9637a89d218ae64dae47bf3555f328b43577b9b94a9ffac354dfafb3");
  item.xres = *from_hex("a54211d5e3ba50bf");
  item.ck = *from_hex("b40ba9a3c58b2a05bbf0d987b21bf8cb");
  item.ik = *from_hex("f769bcd751044604127672711c6d3441");
  a.item = item;
  return a;
}

template <typename T, typename Parse>
T through_the_wire(const Message& m, Parse parse) {
  auto d = decode(encode(m));
  EXPECT_TRUE(d.ok()) << d.error().message;
  auto p = parse(*d);
  EXPECT_TRUE(p.ok()) << p.error().message;
  return p.ok() ? *p : T{};
}

TEST(Zn, BirRoundTrip) {
  const auto m = build_bir(bir(), 10, 20);
  EXPECT_EQ(m.flags, kFlagRequest | kFlagProxiable);
  EXPECT_EQ(m.command_code, 310u);
  EXPECT_EQ(m.application_id, 16777220u);
  const auto r = through_the_wire<BootstrappingInfoRequest>(m, parse_bir);
  EXPECT_EQ(r.session_id, "kms.ims.example.com;1;7");
  EXPECT_EQ(r.origin_host, "kms.ims.example.com");
  EXPECT_EQ(r.destination_host, "bsf.ims.example.com");
  EXPECT_EQ(r.gaa_service_ids.size(), 2u);
  EXPECT_EQ(r.btid, bir().btid);
  EXPECT_EQ(r.naf_id, bir().naf_id);
  EXPECT_EQ(r.gba_u_aware, false);
}

TEST(Zn, BiaRoundTripAndErrorAnswer) {
  const auto a = through_the_wire<BootstrappingInfoAnswer>(build_bia(bia(), 10, 20), parse_bia);
  EXPECT_TRUE(a.result.success());
  EXPECT_EQ(a.impi, "user@ims.example.com");
  EXPECT_EQ(a.me_key_material, bia().me_key_material);
  EXPECT_EQ(a.key_expiry_time, 1798765432);
  EXPECT_EQ(a.bootstrap_info_creation_time, 1798761832);
  EXPECT_EQ(a.gba_type, 0u);
  BootstrappingInfoAnswer err;
  err.session_id = "s";
  err.origin_host = "bsf";
  err.origin_realm = "r";
  err.result = {kErrorTransactionIdentifierInvalid, true};
  const auto e = through_the_wire<BootstrappingInfoAnswer>(build_bia(err, 1, 2), parse_bia);
  EXPECT_FALSE(e.result.success());
  EXPECT_TRUE(e.result.experimental);
  EXPECT_EQ(e.result.code, 5403u);
}

TEST(Zh, MarRoundTripIncludingResync) {
  auto r = through_the_wire<MultimediaAuthRequest>(build_mar(mar(), 1, 2), parse_mar);
  EXPECT_EQ(r.impi, "user@ims.example.com");
  EXPECT_EQ(r.scheme, "Digest-AKAv1-MD5");
  EXPECT_FALSE(r.resync.has_value());
  MultimediaAuthRequest resync = mar();
  resync.resync = Bytes(30, 0x5A);
  resync.guss_timestamp = 1798765432;
  auto s = through_the_wire<MultimediaAuthRequest>(build_mar(resync, 1, 2), parse_mar);
  EXPECT_EQ(s.resync, Bytes(30, 0x5A));
  EXPECT_EQ(s.guss_timestamp, 1798765432);
}

TEST(Zh, MaaRoundTrip) {
  auto a = through_the_wire<MultimediaAuthAnswer>(build_maa(maa(), 1, 2), parse_maa);
  ASSERT_TRUE(a.item.has_value());
  EXPECT_EQ(a.item->rand_autn, maa().item->rand_autn);
  EXPECT_EQ(a.item->xres, maa().item->xres);
  EXPECT_EQ(a.item->ck, maa().item->ck);
  EXPECT_EQ(a.item->ik, maa().item->ik);
  EXPECT_EQ(a.item->scheme, "Digest-AKAv1-MD5");
}

void expect_error(const Result<BootstrappingInfoRequest>& r, const char* why) {
  ASSERT_FALSE(r.ok()) << why;
  EXPECT_NE(r.error().message.find(why), std::string::npos) << r.error().message;
}

TEST(Zn, StrictCommandChecks) {
  const Message good = build_bir(bir(), 1, 2);
  auto drop = [&](std::uint32_t code) {
    Message m = good;
    std::erase_if(m.avps, [&](const Avp& a) { return a.code == code; });
    return m;
  };
  expect_error(parse_bir(drop(kTransactionIdentifier)),
               "BIR: required Transaction-Identifier is missing");
  expect_error(parse_bir(drop(kNafId)), "required NAF-Id is missing");
  expect_error(parse_bir(drop(kVendorSpecificApplicationId)),
               "Vendor-Specific-Application-Id is missing");
  Message dup = good;
  dup.avps.push_back(make_string(kOriginHost, 0, true, "x"));
  expect_error(parse_bir(dup), "Origin-Host appears more than once");
  Message moved = good;
  std::swap(moved.avps[0], moved.avps[1]);
  expect_error(parse_bir(moved), "Session-Id must be the first AVP");
  Message unknown_m = good;
  unknown_m.avps.push_back(make_octets(4242, kVendor3gpp, true, Bytes{1}));
  expect_error(parse_bir(unknown_m), "unsupported AVP code 4242 (vendor 10415) has the M bit set");
  Message unknown_optional = good;
  unknown_optional.avps.push_back(make_octets(4242, kVendor3gpp, false, Bytes{1}));
  EXPECT_TRUE(parse_bir(unknown_optional).ok());
  Message app = good;
  app.application_id = kAppZh;
  expect_error(parse_bir(app), "Application-ID 16777221, expected 16777220");
  Message answer = good;
  answer.flags = kFlagProxiable;
  expect_error(parse_bir(answer), "R bit clear in a request");
  Message vsai = good;
  vsai.avps[1] = make_grouped(
      kVendorSpecificApplicationId, 0, true,
      {make_u32(kVendorId, 0, true, kVendor3gpp), make_u32(kAuthApplicationId, 0, true, 4)});
  expect_error(parse_bir(vsai), "Auth-Application-Id 4, expected 16777220");
  Message aware = good;
  aware.avps.back() = make_u32(kGbaUAwarenessIndicator, kVendor3gpp, true, 7);
  expect_error(parse_bir(aware), "GBA_U-Awareness-Indicator 7");
  Message bad_utf8 = good;
  bad_utf8.avps[2] = make_octets(kOriginHost, 0, true, Bytes{0xff});
  expect_error(parse_bir(bad_utf8), "Origin-Host: not valid UTF-8");
}

TEST(Zn, BiaSemanticChecks) {
  BootstrappingInfoAnswer no_key = bia();
  no_key.me_key_material.reset();
  auto r = parse_bia(build_bia(no_key, 1, 2));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("lacks ME-Key-Material"), std::string::npos);
  BootstrappingInfoAnswer short_key = bia();
  short_key.me_key_material = Bytes(16);
  EXPECT_NE(parse_bia(build_bia(short_key, 1, 2)).error().message.find("16 octets, Ks_NAF has 32"),
            std::string::npos);
  Message both = build_bia(bia(), 1, 2);
  both.avps.push_back(make_grouped(kExperimentalResult, 0, true,
                                   {make_u32(kVendorId, 0, true, kVendor3gpp),
                                    make_u32(kExperimentalResultCode, 0, true, 5401)}));
  EXPECT_NE(parse_bia(both).error().message.find("both Result-Code and Experimental-Result"),
            std::string::npos);
  Message none = build_bia(bia(), 1, 2);
  std::erase_if(none.avps, [](const Avp& a) { return a.code == kResultCode; });
  EXPECT_NE(parse_bia(none).error().message.find("neither Result-Code nor Experimental-Result"),
            std::string::npos);
  EXPECT_FALSE(parse_bia(build_bir(bir(), 1, 2)).ok());  // a request is not an answer
}

TEST(Zh, StrictChecks) {
  MultimediaAuthRequest anonymous = mar();
  anonymous.impi.reset();
  EXPECT_NE(parse_mar(build_mar(anonymous, 1, 2))
                .error()
                .message.find("neither User-Name nor Public-Identity"),
            std::string::npos);
  MultimediaAuthRequest bad_resync = mar();
  bad_resync.resync = Bytes(29);
  EXPECT_NE(parse_mar(build_mar(bad_resync, 1, 2))
                .error()
                .message.find("RAND || AUTS) has 29 octets, expected 30"),
            std::string::npos);
  MultimediaAuthAnswer short_xres = maa();
  short_xres.item->xres = Bytes(3);
  EXPECT_NE(parse_maa(build_maa(short_xres, 1, 2))
                .error()
                .message.find("XRES) has 3 octets, expected 4 to 16"),
            std::string::npos);
  MultimediaAuthAnswer bad_autn = maa();
  bad_autn.item->rand_autn.pop_back();
  EXPECT_NE(parse_maa(build_maa(bad_autn, 1, 2)).error().message.find("has 31 octets, expected 32"),
            std::string::npos);
  MultimediaAuthAnswer no_item = maa();
  no_item.item.reset();
  EXPECT_NE(parse_maa(build_maa(no_item, 1, 2)).error().message.find("lacks SIP-Auth-Data-Item"),
            std::string::npos);
  MultimediaAuthAnswer scheme = maa();
  scheme.item->scheme = "SIP Digest";
  EXPECT_NE(parse_maa(build_maa(scheme, 1, 2)).error().message.find("is not Digest-AKAv1-MD5"),
            std::string::npos);
  Message state = build_mar(mar(), 1, 2);
  for (auto& a : state.avps)
    if (a.code == kAuthSessionState) a = make_u32(kAuthSessionState, 0, true, 0);
  EXPECT_NE(parse_mar(state).error().message.find("NO_STATE_MAINTAINED"), std::string::npos);
  // An error answer needs no item.
  MultimediaAuthAnswer unknown;
  unknown.session_id = "s";
  unknown.origin_host = "hss";
  unknown.origin_realm = "r";
  unknown.result = {kErrorIdentityUnknown, true};
  auto e = parse_maa(build_maa(unknown, 1, 2));
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->result.code, 5401u);
}

}  // namespace
}  // namespace imssim::diameter
