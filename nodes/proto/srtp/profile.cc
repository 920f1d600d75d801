#include "nodes/proto/srtp/profile.h"

#include "nodes/proto/srtp/constants.h"

namespace imssim::srtp {

const ProfileInfo& info(Profile profile) {
  static const ProfileInfo kAesCm128_80{"AES_CM_128_HMAC_SHA1_80", kAes128KeyLength,
                                        kAesCmSaltLength, kHmacSha1Tag80};
  static const ProfileInfo kAesCm128_32{"AES_CM_128_HMAC_SHA1_32", kAes128KeyLength,
                                        kAesCmSaltLength, kHmacSha1Tag32};
  static const ProfileInfo kAesCm256_80{"AES_256_CM_HMAC_SHA1_80", kAes256KeyLength,
                                        kAesCmSaltLength, kHmacSha1Tag80};
  static const ProfileInfo kGcm128{"AEAD_AES_128_GCM", kAes128KeyLength, kAeadSaltLength,
                                   kAeadTag16};
  // The NULL cipher still derives session keys with AES-CM from a 128-bit master key.
  static const ProfileInfo kNull80{"NULL_HMAC_SHA1_80", kAes128KeyLength, kAesCmSaltLength,
                                   kHmacSha1Tag80};
  switch (profile) {
    case Profile::kAesCm128HmacSha1_80: return kAesCm128_80;
    case Profile::kAesCm128HmacSha1_32: return kAesCm128_32;
    case Profile::kAesCm256HmacSha1_80: return kAesCm256_80;
    case Profile::kAeadAes128Gcm: return kGcm128;
    case Profile::kNullHmacSha1_80: return kNull80;
  }
  return kAesCm128_80;
}

std::string_view to_string(Profile profile) { return info(profile).name; }

}  // namespace imssim::srtp
