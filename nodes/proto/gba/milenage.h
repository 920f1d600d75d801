// Milenage (3GPP TS 35.206 §4.1): the AKA functions f1, f1*, f2, f3, f4, f5, f5* over AES-128.
//
// The AES key schedule of K is expanded once per subscriber (an OpenSSL cipher context kept in
// the object), so one full vector costs six AES blocks in three calls: TEMP, OUT1, OUT2..OUT5.
// An object is not safe for concurrent use from several threads (the context is reused).
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "common/bytes.h"
#include "common/result.h"
#include "nodes/proto/gba/constants.h"

namespace imssim::gba {

using Block = std::array<std::uint8_t, 16>;  // K, OP, OPc, RAND, CK, IK, TEMP, OUTn
using Sqn = std::array<std::uint8_t, kSqnBytes>;
using Amf = std::array<std::uint8_t, kAmfBytes>;
using Mac = std::array<std::uint8_t, kMacBytes>;
using Res = std::array<std::uint8_t, kResBytes>;
using Ak = std::array<std::uint8_t, kAkBytes>;

// Copies exactly N bytes into an array; the error names `what` and both lengths.
template <std::size_t N>
Result<std::array<std::uint8_t, N>> to_array(ByteView b, std::string_view what) {
  if (b.size() != N)
    return fail(std::string(what) + ": " + std::to_string(b.size()) + " byte(s), expected " +
                std::to_string(N));
  std::array<std::uint8_t, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = b[i];
  return out;
}

// Every output of one Milenage run (the CLI and the test sets show them all).
struct MilenageOutput {
  Mac f1{};      // MAC-A
  Mac f1star{};  // MAC-S
  Res f2{};      // RES
  Block f3{};    // CK
  Block f4{};    // IK
  Ak f5{};       // AK
  Ak f5star{};   // AK* (re-synchronisation)
};

class Milenage {
 public:
  // From K and OPc, or from K and OP (OPc = OP xor E_K(OP), TS 35.206 §4.1). Errors name the
  // argument whose length is wrong.
  static Result<Milenage> with_opc(ByteView k, ByteView opc);
  static Result<Milenage> with_op(ByteView k, ByteView op);

  Milenage(Milenage&&) noexcept;
  Milenage& operator=(Milenage&&) noexcept;
  ~Milenage();

  const Block& opc() const { return opc_; }

  // All seven functions at once: 6 AES blocks.
  MilenageOutput compute(const Block& rand, const Sqn& sqn, const Amf& amf) const;
  // f2..f5 only (the UE's first step, before it knows SQN): 5 AES blocks.
  struct Keys {
    Res res{};
    Block ck{};
    Block ik{};
    Ak ak{};
    Ak ak_star{};
  };
  Keys f2345(const Block& rand) const;
  // f1 and f1* for one (RAND, SQN, AMF): 2 AES blocks.
  struct Macs {
    Mac mac_a{};
    Mac mac_s{};
  };
  Macs f1(const Block& rand, const Sqn& sqn, const Amf& amf) const;

 private:
  struct Cipher;
  Milenage(std::unique_ptr<Cipher> cipher, const Block& opc);
  Block temp(const Block& rand) const;
  Block out1(const Block& temp, const Sqn& sqn, const Amf& amf) const;
  void out2to5(const Block& temp, Block out[4]) const;

  std::unique_ptr<Cipher> cipher_;
  Block opc_{};
};

}  // namespace imssim::gba
