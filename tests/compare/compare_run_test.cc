// run_compare on the shipped basic-call scenario: the proposal's figures, a variant that fails
// beside one that runs, the seed override, and sweeps (values reach the run; a value the
// scenario refuses stops everything before a run, naming the place).
#include "sim/compare/compare_run.h"

#include <gtest/gtest.h>

#include "sim/compare/sweep_spec.h"
#include "tests/scenario/test_util.h"

namespace imssim::compare {
namespace {

scenario::Scenario basic_call() { return scenario::testing::shipped_scenario("basic-call"); }

TEST(CompareRun, MeasuredRoundTripsMatchTheAnalysis) {
  auto r = run_compare(basic_call(), {});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->scenario, "basic-call");
  EXPECT_EQ(r->seed, 1u);
  ASSERT_EQ(r->variants, (std::vector<std::string>{"mikey", "tls-ticket", "mikey-ticket"}));
  // TLS 1.2 to the KMS: TCP 1 + TLS 2 + HTTP 1 per side; the proposal: one MIKEY exchange.
  for (std::size_t i : {1u, 2u}) {
    const auto& tls = r->rows.at(i);
    ASSERT_FALSE(tls.error) << *tls.error;
    EXPECT_EQ(tls.km_round_trips.caller, 4.0) << tls.variant;
    EXPECT_EQ(tls.km_round_trips.callee, 4.0) << tls.variant;
    ASSERT_TRUE(tls.setup_delay_ms.mean && r->rows[0].setup_delay_ms.mean);
    EXPECT_GT(*tls.setup_delay_ms.mean, *r->rows[0].setup_delay_ms.mean);  // the callee's TLS
  }
  const auto& row = r->rows.at(0);
  ASSERT_FALSE(row.error) << *row.error;
  EXPECT_EQ(row.calls_established, 1u);
  EXPECT_EQ(row.km_round_trips.caller, 1.0);
  EXPECT_EQ(row.km_round_trips.callee, 1.0);
  EXPECT_EQ(row.km_messages, 4.0);  // REQUEST and RESOLVE, each with its response
  ASSERT_TRUE(row.setup_delay_ms.mean);
  EXPECT_GT(*row.setup_delay_ms.mean, 100);
  EXPECT_LT(*row.setup_delay_ms.mean, 400);
}

TEST(CompareRun, EveryVariantGetsARowAndTheSameSeed) {
  CompareOptions o;
  o.variants = {"kerberos", "tls-ticket", "mikey"};
  o.seed = 9;
  auto r = run_compare(basic_call(), o);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->seed, 9u);
  ASSERT_EQ(r->rows.size(), 3u);
  // A variant that cannot run keeps its row, with the reason, and takes no other row down.
  ASSERT_TRUE(r->rows[0].error);
  EXPECT_NE(r->rows[0].error->find("kerberos"), std::string::npos);
  EXPECT_FALSE(r->rows[0].km_round_trips.caller);
  EXPECT_EQ(r->rows[1].variant, "tls-ticket");
  EXPECT_FALSE(r->rows[1].error);
  EXPECT_EQ(r->rows[1].km_round_trips.caller, 4.0);
  EXPECT_FALSE(r->rows[2].error);
  EXPECT_EQ(r->rows[2].km_round_trips.caller, 1.0);
}

TEST(CompareRun, SweepRunsEachValue) {
  CompareOptions o;
  o.variants = {"mikey"};
  auto sweep = parse_sweep("network.zones.access.delay_ms=10:50:20");
  ASSERT_TRUE(sweep);
  o.sweep = *sweep;
  auto r = run_compare(basic_call(), o);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->sweep_points.size(), 3u);
  std::vector<double> means;
  for (const auto& p : r->sweep_points) {
    ASSERT_EQ(p.cells.size(), 1u);
    ASSERT_TRUE(p.cells[0].setup_delay_ms_mean) << "at " << p.value;
    means.push_back(*p.cells[0].setup_delay_ms_mean);
  }
  // Call setup crosses the access zone a fixed number of times: equal steps in the one-way
  // delay give equal steps in setup delay, and it grows.
  EXPECT_GT(means[1], means[0] + 50);
  EXPECT_NEAR(means[2] - means[1], means[1] - means[0], 5.0);
}

// Options sweeping `spec` (which must parse).
CompareOptions sweeping(const std::string& spec) {
  CompareOptions o;
  auto sweep = parse_sweep(spec);
  EXPECT_TRUE(sweep) << spec;
  if (sweep) o.sweep = *sweep;
  return o;
}

TEST(CompareRun, InvalidSweptValueStopsBeforeRunning) {
  // mtu is not in the file (a default): still sweepable, and 0 is below its minimum of 576.
  auto r = run_compare(basic_call(), sweeping("/network/zones/access/mtu=0:100:100"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("/network/zones/access/mtu"), std::string::npos)
      << r.error().message;
  auto unknown = run_compare(basic_call(), sweeping("network.zones.access.dealy_ms=1:2:1"));
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("unknown key 'dealy_ms'"), std::string::npos)
      << unknown.error().message;
}

}  // namespace
}  // namespace imssim::compare
