// The Ub 200 OK body (application/vnd.3gpp.bsf+xml) and RFC 3339 UTC times.
#include "nodes/proto/gba/bootstrapping_info.h"

#include <gtest/gtest.h>

namespace imssim::gba {
namespace {

TEST(Rfc3339, KnownInstants) {
  EXPECT_EQ(format_rfc3339_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339_utc(951782400), "2000-02-29T00:00:00Z");  // leap day
  EXPECT_EQ(format_rfc3339_utc(1073564000), "2004-01-08T12:13:20Z");
  EXPECT_EQ(format_rfc3339_utc(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339_utc(4102444799), "2099-12-31T23:59:59Z");
  for (std::int64_t t : {std::int64_t(0), std::int64_t(951782400), std::int64_t(-86401),
                         std::int64_t(1798765432), std::int64_t(253402300799)})
    EXPECT_EQ(*parse_rfc3339_utc(format_rfc3339_utc(t)), t);
  EXPECT_EQ(*parse_rfc3339_utc("2004-01-08T12:13:20+00:00"), 1073564000);
}

TEST(Rfc3339, RejectsNonUtcAndImpossibleDates) {
  const std::pair<const char*, const char*> cases[] = {
      {"2004-01-08 12:13:20Z", "expected YYYY-MM-DDTHH:MM:SS"},
      {"2004-1-08T12:13:20Z", "expected YYYY-MM-DDTHH:MM:SS"},
      {"2004-01-08T12:13:20", "the offset must be Z"},
      {"2004-01-08T12:13:20+01:00", "the offset must be Z"},
      {"2004-01-08T12:13:20.5Z", "fractional seconds"},
      {"2004-13-08T12:13:20Z", "month 13"},
      {"2001-02-29T12:13:20Z", "day 29 does not exist"},
      {"2004-01-08T24:00:00Z", "time of day out of range"},
      {"2004-01-08T23:59:60Z", "leap seconds"},
  };
  for (auto [text, why] : cases) {
    auto r = parse_rfc3339_utc(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_NE(r.error().message.find(why), std::string::npos)
        << text << " -> " << r.error().message;
  }
}

TEST(BootstrappingInfo, BuildAndParse) {
  BootstrappingInfo info{"I1U8vpY3qJ0hiuZNrke/NQ==@bsf.ims.example.com", 1798765432};
  const std::string xml = build_bootstrapping_info(info);
  EXPECT_EQ(xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<BootstrappingInfo xmlns=\"uri:3gpp-gba\">\n"
            "  <btid>I1U8vpY3qJ0hiuZNrke/NQ==@bsf.ims.example.com</btid>\n"
            "  <lifetime>2027-01-01T01:03:52Z</lifetime>\n"
            "</BootstrappingInfo>\n");
  auto p = parse_bootstrapping_info(xml);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->btid, info.btid);
  EXPECT_EQ(p->lifetime_unix, info.lifetime_unix);
  // Compact form, single quotes, a comment, entities.
  auto q = parse_bootstrapping_info(
      "<BootstrappingInfo xmlns='uri:3gpp-gba'><!-- c --><btid>a&amp;b@x</btid>"
      "<lifetime>2004-01-08T12:13:20Z</lifetime></BootstrappingInfo>");
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(q->btid, "a&b@x");
  EXPECT_EQ(q->lifetime_unix, 1073564000);
}

TEST(BootstrappingInfo, MalformedBodiesNameLineColumnAndReason) {
  const std::string ok_btid = "<btid>b@x</btid>";
  const std::string ok_life = "<lifetime>2004-01-08T12:13:20Z</lifetime>";
  const std::string open = "<BootstrappingInfo xmlns=\"uri:3gpp-gba\">";
  const std::pair<std::string, const char*> cases[] = {
      {"", "1:1: expected the root element"},
      {"<Bootstrapping xmlns=\"uri:3gpp-gba\">", "expected the root element"},
      {"<BootstrappingInfo>" + ok_btid + ok_life + "</BootstrappingInfo>", "lacks xmlns"},
      {"<BootstrappingInfo xmlns=\"urn:other\">", "namespace \"urn:other\" is not uri:3gpp-gba"},
      {"<BootstrappingInfo xmlns=\"uri:3gpp-gba\" a=\"b\">", "unexpected attribute \"a\""},
      {open + ok_life + ok_btid + "</BootstrappingInfo>", "expected <btid>"},
      {open + ok_btid + "</BootstrappingInfo>", "expected <lifetime>"},
      {open + "<btid></btid>" + ok_life + "</BootstrappingInfo>", "btid is empty"},
      {open + "<btid>a<x/></btid>", "no nested elements"},
      {open + "<btid>a&nbsp;</btid>", "unsupported entity"},
      {open + ok_btid + "\n<lifetime>tomorrow</lifetime></BootstrappingInfo>", "2:11: lifetime:"},
      {open + ok_btid + ok_life + "<extra/></BootstrappingInfo>", "expected </BootstrappingInfo>"},
      {open + ok_btid + ok_life + "</BootstrappingInfo>x", "content after the root element"},
      {"<?xml version=\"1.0\"" + open, "unterminated XML declaration"},
      {"<!-- a -- b -->" + open, "\"--\" inside a comment"},
  };
  for (const auto& [xml, why] : cases) {
    auto r = parse_bootstrapping_info(xml);
    ASSERT_FALSE(r.ok()) << xml;
    EXPECT_NE(r.error().message.find(why), std::string::npos) << xml << " -> " << r.error().message;
  }
}

}  // namespace
}  // namespace imssim::gba
