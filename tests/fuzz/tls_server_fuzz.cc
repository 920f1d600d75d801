// Fuzz target: arbitrary bytes arriving at a TLS server endpoint of each kind (as the first
// flight of a connection). Errors are expected; crashes, leaks and hangs are bugs.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "common/rng.h"
#include "nodes/proto/tls/context.h"
#include "nodes/proto/tls/endpoint.h"
#include "nodes/proto/tls/library_context.h"

namespace {

using namespace imssim;
using namespace imssim::tls;

struct Servers {
  Rng rng{1};
  std::unique_ptr<LibraryContext> library = LibraryContext::create(rng).value();
  std::shared_ptr<Context> contexts[3];

  Servers() {
    auto cert = Certificate::self_signed(*library, rng, "kms.example").value();
    for (int i = 0; i < 3; ++i) {
      Config c;
      c.kind = Kind(i);
      c.role = Role::kServer;
      c.psk_lookup = [](const PskRequest& r) {
        return r.identity.size() % 2 ? PskAnswer::found(Bytes(32, 7)) : PskAnswer::unknown();
      };
      c.certificate = cert;
      contexts[i] = Context::create(*library, c, rng).value();
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Servers servers;
  if (size == 0) return 0;
  auto endpoint = Endpoint::create(servers.contexts[data[0] % 3], servers.rng).value();
  ByteView input(data + 1, size - 1);
  // Deliver in two pieces to exercise held input in the PSK servers.
  std::size_t split = input.size() / 2;
  (void)endpoint->receive(input.subspan(0, split));
  (void)endpoint->receive(input.subspan(split));
  (void)endpoint->take_output();
  (void)endpoint->take_plaintext();
  (void)endpoint->take_events();
  return 0;
}
