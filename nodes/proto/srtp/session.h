// One libsrtp2 session keyed from a master key and salt (the MIKEY TEK and salt), for one
// direction: protect outgoing RTP/RTCP or unprotect incoming. Errors are typed so callers
// can count authentication failures and replays apart.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"
#include "nodes/proto/srtp/constants.h"
#include "nodes/proto/srtp/profile.h"

struct srtp_ctx_t_;  // libsrtp's session (srtp_t), kept out of this header

namespace imssim::srtp {

enum class ErrorKind {
  kAuthFailure,  // tag did not verify (srtp_err_status_auth_fail)
  kReplay,       // index already seen (replay_fail)
  kReplayOld,    // index left of the replay window (replay_old)
  kBadMki,       // MKI absent or unknown (bad_mki)
  kNoStream,     // no stream for this SSRC (no_ctx)
  kMalformed,    // not an RTP/RTCP packet libsrtp can process (too short, bad header)
  kBadConfig,    // wrong key/salt/MKI lengths, bad profile
  kKeyExhausted, // the master key hit its packet limit (key_expired)
  kOther,        // anything else libsrtp reports
};
std::string_view to_string(ErrorKind kind);

struct SrtpError {
  ErrorKind kind;
  int status = 0;       // libsrtp's srtp_err_status_t, 0 when the check was ours
  std::string message;  // what, where, and libsrtp's status name
};

enum class Direction { kOutbound, kInbound };

struct SessionConfig {
  Profile profile = Profile::kAesCm128HmacSha1_80;
  Direction direction = Direction::kOutbound;
  Bytes master_key;   // the MIKEY TEK
  Bytes master_salt;  // the MIKEY salt
  Bytes mki;          // empty: no MKI in packets; else carried in every packet (RFC 3711 §3.1)
  // A specific SSRC (with its initial ROC from the MIKEY SRTP-ID map), or any SSRC.
  std::optional<std::uint32_t> ssrc;
  std::uint32_t initial_roc = 0;
  std::uint32_t replay_window = kReplayWindow;  // RFC 3711 §3.3.2 (constants.h)
};

// libsrtp's srtp_init() is process-global; this runs it once, thread-safely, and reports its
// self-test result. Sessions call it themselves.
Result<Ok, SrtpError> ensure_initialized();

class Session {
 public:
  static Result<std::unique_ptr<Session>, SrtpError> create(const SessionConfig& config);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // In place: the packet grows by the trailer (MKI + tag, and the SRTCP index for RTCP) or
  // shrinks by it on unprotect. On error the packet is left as it was.
  Result<Ok, SrtpError> protect_rtp(Bytes& packet);
  Result<Ok, SrtpError> unprotect_rtp(Bytes& packet);
  Result<Ok, SrtpError> protect_rtcp(Bytes& packet);
  Result<Ok, SrtpError> unprotect_rtcp(Bytes& packet);

  const SessionConfig& config() const { return config_; }
  // Bytes added by protect_rtp / protect_rtcp.
  std::size_t rtp_overhead() const;
  std::size_t rtcp_overhead() const;

 private:
  explicit Session(SessionConfig config) : config_(std::move(config)) {}
  enum class Op { kProtectRtp, kUnprotectRtp, kProtectRtcp, kUnprotectRtcp };
  Result<Ok, SrtpError> run(Op op, Bytes& packet);

  SessionConfig config_;
  ::srtp_ctx_t_* session_ = nullptr;
  Bytes backup_;  // unprotect restores the packet from here when libsrtp rejects it
};

}  // namespace imssim::srtp
