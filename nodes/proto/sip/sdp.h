// SDP (RFC 4566) offers and answers for SRTP audio with RFC 4567 key management: one audio
// stream on RTP/SAVP with one codec, and `a=key-mgmt:mikey <base64>` at session and/or media
// level. Parsing goes through sofia-sip's SDP parser; building writes the text directly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"

namespace imssim::sip {

enum class Codec { kPcmu, kAmr };

struct KeyMgmt {
  std::string protocol;  // prtcl-id, "mikey"
  Bytes data;            // decoded keymgmt-data (the MIKEY message)
};

struct SdpSpec {
  std::string username = "-";
  std::uint64_t session_id = 1;
  std::uint64_t session_version = 1;
  std::string address;  // IPv4, for o= and c=
  std::uint16_t audio_port = 0;
  Codec codec = Codec::kPcmu;
  std::optional<KeyMgmt> session_key_mgmt;
  std::optional<KeyMgmt> media_key_mgmt;
  // RFC 4566 §6 direction attribute of the audio stream: "sendonly", "recvonly", or empty
  // (sendrecv, the default).
  std::string direction;
};

// CRLF line ends, RFC 4566 §5 line order. Errors name the field (empty address, CR/LF, ...).
Result<std::string> build_sdp(const SdpSpec& spec);

struct SdpMedia {
  std::string type;  // "audio"
  std::uint16_t port = 0;
  std::string proto;  // "RTP/SAVP"
  std::vector<int> payload_types;
  std::vector<std::string> encodings;  // from a=rtpmap or the static table: "PCMU", "AMR"
  std::vector<KeyMgmt> key_mgmt;
};

struct SdpSession {
  std::string address;  // session-level c= address
  std::vector<KeyMgmt> key_mgmt;
  std::vector<SdpMedia> media;
  // RFC 4567 §3.1 [UNVERIFIED section]: a media-level key-mgmt for a protocol overrides the
  // session-level one for that stream. nullptr when neither level has `protocol`.
  const KeyMgmt* effective_key_mgmt(std::size_t media_index, std::string_view protocol) const;
};

// Every key-mgmt attribute is decoded; bad base64 or a missing prtcl-id is an error naming the
// level ("session", "media 1") and the position in the base64 text.
Result<SdpSession> parse_sdp(std::string_view text);

// "mikey AQID..." -> {"mikey", bytes}; the value of one a=key-mgmt attribute (RFC 4567 §3.1:
// prtcl-id SP keymgmt-data).
Result<KeyMgmt> parse_key_mgmt(std::string_view value);
std::string key_mgmt_value(const KeyMgmt& k);

}  // namespace imssim::sip
