#include "nodes/proto/srtp/session.h"

#include <srtp2/srtp.h>

#include <climits>
#include <mutex>

#include "nodes/proto/srtp/constants.h"
#include "nodes/proto/srtp/openssl_crypto.h"

namespace imssim::srtp {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kAuthFailure: return "auth-failure";
    case ErrorKind::kReplay: return "replay";
    case ErrorKind::kReplayOld: return "replay-old";
    case ErrorKind::kBadMki: return "bad-mki";
    case ErrorKind::kNoStream: return "no-stream";
    case ErrorKind::kMalformed: return "malformed";
    case ErrorKind::kBadConfig: return "bad-config";
    case ErrorKind::kKeyExhausted: return "key-exhausted";
    case ErrorKind::kOther: return "other";
  }
  return "?";
}

namespace {

const char* status_name(srtp_err_status_t s) {
  switch (s) {
    case srtp_err_status_ok: return "ok";
    case srtp_err_status_fail: return "fail";
    case srtp_err_status_bad_param: return "bad_param";
    case srtp_err_status_alloc_fail: return "alloc_fail";
    case srtp_err_status_init_fail: return "init_fail";
    case srtp_err_status_auth_fail: return "auth_fail";
    case srtp_err_status_cipher_fail: return "cipher_fail";
    case srtp_err_status_replay_fail: return "replay_fail";
    case srtp_err_status_replay_old: return "replay_old";
    case srtp_err_status_algo_fail: return "algo_fail";
    case srtp_err_status_no_ctx: return "no_ctx";
    case srtp_err_status_key_expired: return "key_expired";
    case srtp_err_status_parse_err: return "parse_err";
    case srtp_err_status_bad_mki: return "bad_mki";
    case srtp_err_status_pkt_idx_old: return "pkt_idx_old";
    case srtp_err_status_pkt_idx_adv: return "pkt_idx_adv";
    default: return "other";
  }
}

ErrorKind kind_of(srtp_err_status_t s) {
  switch (s) {
    case srtp_err_status_auth_fail: return ErrorKind::kAuthFailure;
    case srtp_err_status_replay_fail: return ErrorKind::kReplay;
    case srtp_err_status_replay_old: return ErrorKind::kReplayOld;
    case srtp_err_status_bad_mki: return ErrorKind::kBadMki;
    case srtp_err_status_no_ctx: return ErrorKind::kNoStream;
    case srtp_err_status_bad_param:
    case srtp_err_status_parse_err: return ErrorKind::kMalformed;
    case srtp_err_status_key_expired: return ErrorKind::kKeyExhausted;
    default: return ErrorKind::kOther;
  }
}

Unexpected<SrtpError> error(ErrorKind kind, int status, std::string message) {
  return Unexpected{SrtpError{kind, status, std::move(message)}};
}

Unexpected<SrtpError> libsrtp_error(std::string_view what, srtp_err_status_t s) {
  return error(kind_of(s), int(s),
               std::string(what) + ": libsrtp status " + std::to_string(int(s)) + " (" +
                   status_name(s) + ")");
}

void set_crypto_policy(Profile profile, srtp_policy_t& policy) {
  switch (profile) {
    case Profile::kAesCm128HmacSha1_80:
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
      break;
    case Profile::kAesCm128HmacSha1_32:  // SRTCP keeps the 80-bit tag (RFC 4568 §6.2.1)
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy.rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
      break;
    case Profile::kAesCm256HmacSha1_80:
      srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&policy.rtp);
      srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&policy.rtcp);
      break;
    case Profile::kAeadAes128Gcm:
      srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
      srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
      break;
    case Profile::kNullHmacSha1_80:
      srtp_crypto_policy_set_null_cipher_hmac_sha1_80(&policy.rtp);
      srtp_crypto_policy_set_null_cipher_hmac_sha1_80(&policy.rtcp);
      break;
  }
}

}  // namespace

Result<Ok, SrtpError> ensure_initialized() {
  static std::once_flag once;
  static srtp_err_status_t status = srtp_err_status_ok;
  std::call_once(once, [] {
    status = srtp_init();  // runs libsrtp's self-tests too
    if (status == srtp_err_status_ok) status = install_openssl_crypto();
  });
  if (status != srtp_err_status_ok) return libsrtp_error("srtp_init", status);
  return Ok{};
}

Result<std::unique_ptr<Session>, SrtpError> Session::create(const SessionConfig& config) {
  if (auto ok = ensure_initialized(); !ok) return Unexpected{ok.error()};
  const ProfileInfo& p = info(config.profile);
  std::string where = "SRTP session (" + std::string(p.name) + "): ";
  if (config.master_key.size() != p.key_length)
    return error(ErrorKind::kBadConfig, 0,
                 where + "master key is " + std::to_string(config.master_key.size()) +
                     " bytes, the profile needs " + std::to_string(p.key_length));
  if (config.master_salt.size() != p.salt_length)
    return error(ErrorKind::kBadConfig, 0,
                 where + "master salt is " + std::to_string(config.master_salt.size()) +
                     " bytes, the profile needs " + std::to_string(p.salt_length));
  if (config.mki.size() > kMaxMkiLength)
    return error(ErrorKind::kBadConfig, 0,
                 where + "MKI of " + std::to_string(config.mki.size()) + " bytes exceeds " +
                     std::to_string(kMaxMkiLength));
  if (config.replay_window < 64 || config.replay_window >= 0x8000)
    return error(ErrorKind::kBadConfig, 0,
                 where + "replay window " + std::to_string(config.replay_window) +
                     " outside 64..32767 (RFC 3711 §3.3.2, libsrtp limit)");

  std::unique_ptr<Session> session(new Session(config));
  // libsrtp reads the key as master key || master salt.
  Bytes key = config.master_key;
  append(key, config.master_salt);
  Bytes mki = config.mki;
  srtp_master_key_t master{key.data(), mki.data(), unsigned(mki.size())};
  srtp_master_key_t* keys[1] = {&master};

  srtp_policy_t policy{};
  set_crypto_policy(config.profile, policy);
  if (config.ssrc) {
    policy.ssrc = {ssrc_specific, *config.ssrc};
  } else {
    policy.ssrc.type =
        config.direction == Direction::kOutbound ? ssrc_any_outbound : ssrc_any_inbound;
  }
  if (mki.empty()) {
    policy.key = key.data();
  } else {
    policy.keys = keys;
    policy.num_master_keys = 1;
  }
  policy.window_size = config.replay_window;
  srtp_err_status_t s = srtp_create(&session->session_, &policy);
  // libsrtp copies the key material into its session; wipe ours.
  std::fill(key.begin(), key.end(), 0);
  if (s != srtp_err_status_ok) {
    session->session_ = nullptr;
    return libsrtp_error(where + "srtp_create", s);
  }
  if (config.ssrc && config.initial_roc != 0) {
    s = srtp_set_stream_roc(session->session_, *config.ssrc, config.initial_roc);
    if (s != srtp_err_status_ok) return libsrtp_error(where + "srtp_set_stream_roc", s);
  }
  return session;
}

Session::~Session() {
  if (session_ != nullptr) srtp_dealloc(session_);
}

std::size_t Session::rtp_overhead() const {
  const ProfileInfo& p = info(config_.profile);
  return config_.mki.size() + p.tag_length;
}

std::size_t Session::rtcp_overhead() const {
  std::size_t tag = config_.profile == Profile::kAesCm128HmacSha1_32 ? kHmacSha1Tag80
                                                                     : info(config_.profile).tag_length;
  return kSrtcpIndexLength + config_.mki.size() + tag;
}

Result<Ok, SrtpError> Session::run(Op op, Bytes& packet) {
  bool rtcp = op == Op::kProtectRtcp || op == Op::kUnprotectRtcp;
  bool protect = op == Op::kProtectRtp || op == Op::kProtectRtcp;
  const char* what = op == Op::kProtectRtp     ? "srtp_protect"
                     : op == Op::kUnprotectRtp ? "srtp_unprotect"
                     : op == Op::kProtectRtcp  ? "srtp_protect_rtcp"
                                               : "srtp_unprotect_rtcp";
  std::size_t minimum = rtcp ? kRtcpHeaderLength : kRtpFixedHeaderLength;
  if (!protect) minimum += rtcp ? rtcp_overhead() : rtp_overhead();
  if (packet.size() < minimum)
    return error(ErrorKind::kMalformed, 0,
                 std::string(what) + ": packet of " + std::to_string(packet.size()) +
                     " bytes is shorter than the " + std::to_string(minimum) + " needed");
  if (packet.size() > std::size_t(INT_MAX) - SRTP_MAX_TRAILER_LEN - kSrtcpIndexLength)
    return error(ErrorKind::kMalformed, 0, std::string(what) + ": packet too long");
  int length = int(packet.size());
  std::size_t original = packet.size();
  // AEAD decryption works in place before the tag verdict; keep the input to restore it.
  if (!protect) backup_.assign(packet.begin(), packet.end());
  // libsrtp writes the trailer after the packet: give it the room (RFC 3711 §3.1 layout).
  if (protect) packet.resize(original + SRTP_MAX_TRAILER_LEN + kSrtcpIndexLength);
  unsigned use_mki = config_.mki.empty() ? 0 : 1;
  srtp_err_status_t s = srtp_err_status_fail;
  switch (op) {
    case Op::kProtectRtp: s = srtp_protect_mki(session_, packet.data(), &length, use_mki, 0); break;
    case Op::kUnprotectRtp: s = srtp_unprotect_mki(session_, packet.data(), &length, use_mki); break;
    case Op::kProtectRtcp:
      s = srtp_protect_rtcp_mki(session_, packet.data(), &length, use_mki, 0);
      break;
    case Op::kUnprotectRtcp:
      s = srtp_unprotect_rtcp_mki(session_, packet.data(), &length, use_mki);
      break;
  }
  if (s != srtp_err_status_ok) {
    if (protect)
      packet.resize(original);
    else
      packet.swap(backup_);
    return libsrtp_error(what, s);
  }
  packet.resize(std::size_t(length));
  return Ok{};
}

Result<Ok, SrtpError> Session::protect_rtp(Bytes& packet) { return run(Op::kProtectRtp, packet); }
Result<Ok, SrtpError> Session::unprotect_rtp(Bytes& packet) {
  return run(Op::kUnprotectRtp, packet);
}
Result<Ok, SrtpError> Session::protect_rtcp(Bytes& packet) {
  return run(Op::kProtectRtcp, packet);
}
Result<Ok, SrtpError> Session::unprotect_rtcp(Bytes& packet) {
  return run(Op::kUnprotectRtcp, packet);
}

}  // namespace imssim::srtp
