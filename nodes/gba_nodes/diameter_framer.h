// Cuts Diameter messages (RFC 6733 §3) out of a TCP byte stream: the Message Length field of the
// header tells where each message ends, whatever the segment boundaries were.
#pragma once

#include <cstddef>
#include <optional>

#include "common/bytes.h"
#include "common/result.h"
#include "nodes/gba_nodes/constants.h"
#include "nodes/proto/diameter/message.h"

namespace imssim::gba_nodes {

class DiameterFramer {
 public:
  explicit DiameterFramer(std::size_t max_message = kMaxDiameterMessage) : max_(max_message) {}

  void feed(ByteView data) { append(buffer_, data); }
  // The next complete message, std::nullopt when more bytes are needed, or an error (a bad
  // header, a length above the limit, an undecodable message). An error is final: the stream
  // has lost its framing and must be closed (RFC 6733 §5.6.4 leaves no way to resynchronise).
  Result<std::optional<diameter::Message>> next();
  std::size_t buffered() const { return buffer_.size() - pos_; }
  // Messages taken so far (error messages count the offset in the stream from here).
  std::size_t messages() const { return messages_; }

 private:
  Bytes buffer_;
  std::size_t pos_ = 0;
  std::size_t consumed_ = 0;  // stream offset of buffer_[0]
  std::size_t max_;
  std::size_t messages_ = 0;
  std::optional<Error> error_;
};

}  // namespace imssim::gba_nodes
