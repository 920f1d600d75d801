// SRTP protection profiles offered by the wrapper, with their key, salt and tag lengths.
#pragma once

#include <cstddef>
#include <string_view>

namespace imssim::srtp {

enum class Profile {
  kAesCm128HmacSha1_80,  // RFC 3711 default; the MIKEY SP defaults (RFC 3830 §6.10.1)
  kAesCm128HmacSha1_32,  // RFC 4568 §6.2.1
  kAesCm256HmacSha1_80,  // RFC 6188
  kAeadAes128Gcm,        // RFC 7714
  kNullHmacSha1_80,      // no encryption, authentication only (libsrtp test vectors)
};

struct ProfileInfo {
  std::string_view name;
  std::size_t key_length;
  std::size_t salt_length;
  std::size_t tag_length;
};

const ProfileInfo& info(Profile profile);
std::string_view to_string(Profile profile);

}  // namespace imssim::srtp
