// Milenage against the 3GPP test sets 1-6 (TS 35.207/35.208, tests/vectors/milenage.json).
#include "nodes/proto/gba/milenage.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/hex.h"

namespace imssim::gba {
namespace {

nlohmann::json load_sets() {
  std::ifstream in(IMSSIM_VECTORS_DIR "/milenage.json");
  return nlohmann::json::parse(in)["test_sets"];
}

Bytes hex(const nlohmann::json& j) { return *from_hex(j.get<std::string>()); }

template <std::size_t N>
std::array<std::uint8_t, N> arr(const nlohmann::json& j) {
  return *to_array<N>(hex(j), "vector");
}

void expect_set(const Milenage& m, const nlohmann::json& set) {
  const auto out = m.compute(arr<16>(set["RAND"]), arr<6>(set["SQN"]), arr<2>(set["AMF"]));
  const int n = set["test_set"];
  EXPECT_EQ(to_hex(m.opc()), set["OPc"]) << "set " << n;
  EXPECT_EQ(to_hex(out.f1), set["f1_MAC_A"]) << "set " << n;
  EXPECT_EQ(to_hex(out.f1star), set["f1star_MAC_S"]) << "set " << n;
  EXPECT_EQ(to_hex(out.f2), set["f2_RES"]) << "set " << n;
  EXPECT_EQ(to_hex(out.f3), set["f3_CK"]) << "set " << n;
  EXPECT_EQ(to_hex(out.f4), set["f4_IK"]) << "set " << n;
  EXPECT_EQ(to_hex(out.f5), set["f5_AK"]) << "set " << n;
  EXPECT_EQ(to_hex(out.f5star), set["f5star_AK_resync"]) << "set " << n;
}

TEST(Milenage, AllTestSetsFromOp) {
  const auto sets = load_sets();
  ASSERT_EQ(sets.size(), 6u);
  for (const auto& set : sets) {
    auto m = Milenage::with_op(hex(set["K"]), hex(set["OP"]));
    ASSERT_TRUE(m.ok()) << m.error().message;
    expect_set(*m, set);
  }
}

TEST(Milenage, AllTestSetsFromOpc) {
  for (const auto& set : load_sets()) {
    auto m = Milenage::with_opc(hex(set["K"]), hex(set["OPc"]));
    ASSERT_TRUE(m.ok()) << m.error().message;
    expect_set(*m, set);
  }
}

// The split entry points give the same values as compute().
TEST(Milenage, PartialFunctionsAgreeWithCompute) {
  for (const auto& set : load_sets()) {
    auto m = Milenage::with_op(hex(set["K"]), hex(set["OP"]));
    const auto rand = arr<16>(set["RAND"]);
    const auto keys = m->f2345(rand);
    const auto macs = m->f1(rand, arr<6>(set["SQN"]), arr<2>(set["AMF"]));
    EXPECT_EQ(to_hex(keys.res), set["f2_RES"]);
    EXPECT_EQ(to_hex(keys.ck), set["f3_CK"]);
    EXPECT_EQ(to_hex(keys.ik), set["f4_IK"]);
    EXPECT_EQ(to_hex(keys.ak), set["f5_AK"]);
    EXPECT_EQ(to_hex(keys.ak_star), set["f5star_AK_resync"]);
    EXPECT_EQ(to_hex(macs.mac_a), set["f1_MAC_A"]);
    EXPECT_EQ(to_hex(macs.mac_s), set["f1star_MAC_S"]);
  }
}

TEST(Milenage, MovedObjectStillWorks) {
  const auto set = load_sets()[0];
  auto m = Milenage::with_op(hex(set["K"]), hex(set["OP"]));
  Milenage moved = std::move(*m);
  expect_set(moved, set);
}

TEST(Milenage, WrongLengthsNameTheArgument) {
  Bytes k16(16, 1), k15(15, 1);
  EXPECT_EQ(Milenage::with_op(k15, k16).error().message, "K: 15 byte(s), expected 16");
  EXPECT_EQ(Milenage::with_op(k16, k15).error().message, "OP: 15 byte(s), expected 16");
  EXPECT_EQ(Milenage::with_opc(k16, Bytes(17, 0)).error().message, "OPc: 17 byte(s), expected 16");
}

}  // namespace
}  // namespace imssim::gba
