#include "nodes/mailbox/service_uri.h"

#include <gtest/gtest.h>

namespace imssim::mailbox {
namespace {

TEST(ServiceUri, RetargetUriEscapesTheTargetAsRfc4458Shows) {
  std::string uri = retarget_uri("sip:mailbox@ims.example", "sip:bob@ims.example", 404);
  EXPECT_EQ(uri, "sip:mailbox@ims.example;target=sip:bob%40ims.example;cause=404");
  auto parsed = parse_service_uri(uri);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->target, "sip:bob@ims.example");
  EXPECT_EQ(parsed->cause, "404");
  EXPECT_FALSE(parsed->message);
}

TEST(ServiceUri, MessageUriNamesTheStoredMessage) {
  auto parsed = parse_service_uri(message_uri("sip:mailbox@ims.example", 12));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->message, 12u);
  EXPECT_FALSE(parsed->target);
}

TEST(ServiceUri, RefusesBadEscapesAndIndexes) {
  EXPECT_FALSE(parse_service_uri("sip:m@x;target=sip:bob%4"));
  EXPECT_FALSE(parse_service_uri("sip:m@x;target=sip:bob%zz"));
  EXPECT_FALSE(parse_service_uri("sip:m@x;msg=one"));
  EXPECT_FALSE(parse_service_uri("sip:m@x;msg="));
  EXPECT_TRUE(parse_service_uri("sip:m@x"));
}

}  // namespace
}  // namespace imssim::mailbox
