#include "nodes/gba_nodes/diameter_framer.h"

#include <string>

namespace imssim::gba_nodes {

Result<std::optional<diameter::Message>> DiameterFramer::next() {
  if (error_) return Unexpected{*error_};
  const ByteView rest = ByteView(buffer_).subspan(pos_);
  const std::string where = "Diameter stream at offset " + std::to_string(consumed_ + pos_) + ": ";
  auto length = diameter::peek_length(rest);
  if (!length) {
    error_ = Error{where + length.error().message};
    return Unexpected{*error_};
  }
  if (!length->has_value()) return std::optional<diameter::Message>{};
  const std::size_t n = **length;
  if (n > max_) {
    error_ = Error{where + "message length " + std::to_string(n) + " exceeds the limit of " +
                   std::to_string(max_) + " bytes"};
    return Unexpected{*error_};
  }
  if (rest.size() < n) return std::optional<diameter::Message>{};
  auto message = diameter::decode(rest.first(n));
  if (!message) {
    error_ = Error{where + message.error().message};
    return Unexpected{*error_};
  }
  pos_ += n;
  ++messages_;
  // Drop consumed bytes once they dominate the buffer (amortised O(1) per byte).
  if (pos_ == buffer_.size() || (pos_ > 4096 && pos_ * 2 > buffer_.size())) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + std::ptrdiff_t(pos_));
    consumed_ += pos_;
    pos_ = 0;
  }
  return std::optional<diameter::Message>(std::move(*message));
}

}  // namespace imssim::gba_nodes
