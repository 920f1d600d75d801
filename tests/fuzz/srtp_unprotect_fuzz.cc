// Fuzz target: arbitrary bytes as an incoming SRTP or SRTCP packet (with and without MKI,
// AES-CM and AES-GCM), and the RTP parser on whatever comes out. Errors are expected;
// crashes, out-of-bounds reads and leaks are bugs.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "common/bytes.h"
#include "nodes/proto/srtp/rtp.h"
#include "nodes/proto/srtp/session.h"

using namespace imssim;
using namespace imssim::srtp;

namespace {

// One inbound session per (profile, MKI) combination, made once: creating one per input
// would spend the run on key derivation. Replay state only grows on authentic packets.
Session& session_for(std::uint8_t mode) {
  static std::unique_ptr<Session> sessions[4];
  auto& s = sessions[mode & 3];
  if (!s) {
    Profile profile = (mode & 1) ? Profile::kAeadAes128Gcm : Profile::kAesCm128HmacSha1_80;
    SessionConfig config;
    config.profile = profile;
    config.direction = Direction::kInbound;
    config.master_key = Bytes(info(profile).key_length, 0x11);
    config.master_salt = Bytes(info(profile).salt_length, 0x22);
    if (mode & 2) config.mki = {0, 0, 0, 1};
    auto created = Session::create(config);
    if (!created) __builtin_trap();
    s = std::move(*created);
  }
  return *s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  Session& session = session_for(data[0]);
  Bytes packet(data + 1, data + size);
  (void)parse_rtp(packet);
  if (data[0] & 4) {
    (void)session.unprotect_rtcp(packet);
  } else if (session.unprotect_rtp(packet).ok()) {
    (void)parse_rtp(packet);
  }
  return 0;
}
