// The Diameter stream framer: messages cut at any byte boundary, several in one chunk, and the
// errors that end a stream.
#include <gtest/gtest.h>

#include "nodes/gba_nodes/diameter_framer.h"
#include "nodes/gba_nodes/diameter_peer.h"
#include "nodes/proto/diameter/zn.h"
#include "nodes/proto/gba/kdf.h"

namespace imssim::gba_nodes {
namespace {

Bytes sample_bir(std::uint32_t hop) {
  diameter::BootstrappingInfoRequest bir;
  bir.session_id = diameter::make_session_id("kms.ims.example", 1, hop);
  bir.origin_host = "kms.ims.example";
  bir.origin_realm = "ims.example";
  bir.destination_realm = "ims.example";
  bir.btid = "I1U8vpY3qJ0hiuZNrke/NQ==@bsf.ims.example";
  bir.naf_id = gba::naf_id("kms.ims.example", kUaKms);
  return diameter::encode(diameter::build_bir(bir, hop, 100 + hop));
}

TEST(DiameterFramer, ReassemblesByteByByte) {
  const Bytes a = sample_bir(1), b = sample_bir(2);
  Bytes stream = a;
  append(stream, b);
  DiameterFramer f;
  std::vector<diameter::Message> got;
  for (std::uint8_t byte : stream) {
    f.feed(ByteView(&byte, 1));
    auto m = f.next();
    ASSERT_TRUE(m.ok()) << m.error().message;
    if (m->has_value()) got.push_back(std::move(**m));
  }
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].hop_by_hop, 1u);
  EXPECT_EQ(got[1].hop_by_hop, 2u);
  EXPECT_EQ(diameter::encode(got[1]), b);
  EXPECT_EQ(f.buffered(), 0u);
  EXPECT_EQ(describe(got[0]), "Zn BIR");
}

TEST(DiameterFramer, SeveralMessagesInOneChunk) {
  Bytes stream;
  for (std::uint32_t i = 1; i <= 5; ++i) append(stream, sample_bir(i));
  Bytes partial = sample_bir(6);
  append(stream, ByteView(partial).first(10));
  DiameterFramer f;
  f.feed(stream);
  int n = 0;
  for (;;) {
    auto m = f.next();
    ASSERT_TRUE(m.ok());
    if (!m->has_value()) break;
    EXPECT_EQ((*m)->hop_by_hop, std::uint32_t(++n));
  }
  EXPECT_EQ(n, 5);
  EXPECT_EQ(f.buffered(), 10u);
}

TEST(DiameterFramer, ErrorsAreFinalAndNameTheOffset) {
  Bytes good = sample_bir(1);
  Bytes bad = sample_bir(2);
  bad[0] = 2;  // version 2
  DiameterFramer f;
  f.feed(good);
  f.feed(bad);
  ASSERT_TRUE(f.next().ok());
  auto e = f.next();
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("Diameter stream at offset " + std::to_string(good.size())),
            std::string::npos)
      << e.error().message;
  EXPECT_FALSE(f.next().ok());  // final
}

TEST(DiameterFramer, RefusesMessagesAboveTheLimit) {
  DiameterFramer f(64);
  f.feed(sample_bir(1));
  auto e = f.next();
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("exceeds the limit of 64 bytes"), std::string::npos)
      << e.error().message;
}

}  // namespace
}  // namespace imssim::gba_nodes
