// TLS records and bytes per direction and content type, for results and traces. Bytes are
// wire bytes (5-byte header + fragment). A TLS 1.3 encrypted record counts under its inner
// content type (RFC 8446 §5.2), so an encrypted Finished is "handshake", not "application data".
#pragma once

#include <cstdint>
#include <string>

namespace imssim::tls {

struct RecordCount {
  std::uint64_t records = 0;
  std::uint64_t bytes = 0;
  bool operator==(const RecordCount&) const = default;
};

struct DirectionStats {
  RecordCount handshake;
  RecordCount alert;
  RecordCount application_data;
  RecordCount change_cipher_spec;
  RecordCount other;  // unknown content types (only ever on garbage input)

  RecordCount total() const;
  bool operator==(const DirectionStats&) const = default;
};

struct RecordStats {
  DirectionStats sent;
  DirectionStats received;
  bool operator==(const RecordStats&) const = default;
};

// "hs 3/512 alert 0/0 app 1/40 ccs 1/6" style summary for logs and test failures.
std::string to_string(const DirectionStats& stats);

// Builds RecordStats from OpenSSL's message callback: a record header per record, then, for
// a TLS 1.3 protected record, the inner content type. Works with either order of the two.
class RecordCounter {
 public:
  void on_header(bool sent, std::uint8_t outer_type, std::uint16_t length);
  void on_inner_type(bool sent, std::uint8_t inner_type);
  const RecordStats& stats() const { return stats_; }

 private:
  struct Last {
    RecordCount* slot = nullptr;  // where the last record of this direction was counted
    std::uint64_t bytes = 0;
    bool reclassifiable = false;  // an outer application_data record not yet given its type
  };
  RecordCount& slot(bool sent, std::uint8_t type);

  RecordStats stats_;
  Last last_[2];
  int pending_inner_[2] = {-1, -1};  // an inner type that arrived before its header
};

}  // namespace imssim::tls
