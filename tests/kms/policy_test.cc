// The KMS's decisions without the wire: who may resolve a key, what a group expands to, and
// when the LI function may have a key (a warrant in force at the key's issue and now).
#include "nodes/kms/policy.h"

#include <gtest/gtest.h>

namespace imssim::kms {
namespace {

using namespace time_literals;

IssuedKey key_issued_at(Time t) {
  IssuedKey k;
  k.initiator = "sip:alice@x";
  k.receivers = {"sip:bob@x", "sip:carol@x"};
  k.issued = t;
  k.expires = t + 3600_s;
  return k;
}

TEST(Policy, GroupsExpandAndOnlyReceiversResolve) {
  Policy p;
  for (const char* u : {"alice", "bob", "carol", "dave"})
    p.add_subscriber(std::string(u) + "@x", "sip:" + std::string(u) + "@x");
  p.add_group("sip:team@x", {"sip:bob@x", "sip:carol@x"});
  auto r = p.expand({"sip:team@x", "sip:bob@x"});
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (std::vector<std::string>{"sip:bob@x", "sip:carol@x"}));
  EXPECT_FALSE(p.expand({"sip:nobody@x"}));
  IssuedKey k = key_issued_at(10_s);
  EXPECT_TRUE(p.may_resolve(k, "sip:carol@x", 20_s));
  EXPECT_EQ(p.may_resolve(k, "sip:dave@x", 20_s).error(), Refusal::kNotAuthorised);
  EXPECT_EQ(p.may_resolve(k, "sip:bob@x", 10_s + 3600_s).error(), Refusal::kExpired);
}

TEST(Policy, InterceptionNeedsAWarrantInForceAtIssueAndNow) {
  Policy p;
  p.add_warrant({"sip:bob@x", 5_s, 50_s});
  EXPECT_TRUE(p.may_intercept(key_issued_at(10_s), 20_s));      // a receiver is the target
  EXPECT_FALSE(p.may_intercept(key_issued_at(2_s), 20_s));      // issued before the warrant
  EXPECT_FALSE(p.may_intercept(key_issued_at(10_s), 50_s));     // the warrant has stopped
  EXPECT_FALSE(p.may_intercept(key_issued_at(60_s), 70_s));     // issued after it stopped
  Policy other;
  other.add_warrant({"sip:dave@x", 0_s, 100_s});                // nobody of this call
  EXPECT_EQ(other.may_intercept(key_issued_at(10_s), 20_s).error(), Refusal::kNoWarrant);
}

}  // namespace
}  // namespace imssim::kms
