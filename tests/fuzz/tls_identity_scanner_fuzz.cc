// Fuzz target: the scanner that looks for the client's PSK identity in raw client bytes
// (ClientHello pre_shared_key for TLS 1.3, ClientKeyExchange for TLS 1.2), fed in pieces the
// way a stream delivers them. It must never crash, read out of bounds or loop.
#include <cstddef>
#include <cstdint>

#include "common/bytes.h"
#include "nodes/proto/tls/psk_identity.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // First byte: version and chunk size, so the fuzzer explores splits too.
  using imssim::tls::ClientIdentityScanner;
  auto version = (data[0] & 1) ? ClientIdentityScanner::Version::kTls13
                               : ClientIdentityScanner::Version::kTls12;
  std::size_t chunk = std::size_t(data[0] >> 1) + 1;
  imssim::ByteView input(data + 1, size - 1);
  ClientIdentityScanner scanner(version);
  imssim::Bytes pending;
  for (std::size_t at = 0; at < input.size(); at += chunk) {
    imssim::append(pending, input.subspan(at, std::min(chunk, input.size() - at)));
    for (;;) {
      auto step = scanner.next(pending);
      using K = ClientIdentityScanner::Step::Kind;
      if (step.kind == K::kNeedMore || step.kind == K::kDone) break;
      if (step.length == 0 || step.length > pending.size()) __builtin_trap();
      pending.erase(pending.begin(), pending.begin() + std::ptrdiff_t(step.length));
      if (step.kind == K::kIdentity) break;
    }
  }
  return 0;
}
