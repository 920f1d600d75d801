// An incremental, strict HTTP/1.1 parser (RFC 9112) fed from a byte stream.
//
// feed() appends bytes as they arrive; next() returns a complete message, std::nullopt when more
// bytes are needed, or an error. Pipelined messages are returned one by one; the bytes of the
// next message stay buffered. An error is final: the stream cannot be resynchronised (RFC 9112
// §9.3 expects the connection to be closed), and next() keeps returning it.
//
// Strictness: CRLF line ends only (a bare LF or CR is an error), no obs-fold, no whitespace before
// the colon, token names, no control characters in values, exactly one Host on HTTP/1.1 requests,
// one Content-Length made of digits, Transfer-Encoding only "chunked" (decoded, with trailers kept
// separately) and never together with Content-Length, limits on lines, header count and size and
// body size. Errors name the line of the message (1 = start line) and the reason, and carry the
// status code a server would answer with.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/bytes.h"
#include "common/result.h"
#include "nodes/proto/http/constants.h"
#include "nodes/proto/http/message.h"

namespace imssim::http {

struct ParseError {
  int status = kBadRequest;  // what a server would answer (400, 413, 414, 431, 501, 505)
  std::string message;       // "line 3: whitespace between the field name and ':' ..."
};

template <typename T>
using ParseResult = Result<std::optional<T>, ParseError>;

namespace detail {

// The state machine shared by both parsers.
class Core {
 public:
  Core(Limits limits, bool request) : limits_(limits), request_(request) {}
  void feed(ByteView data);
  // Advances as far as the buffered bytes allow: true when a message is complete.
  Result<bool, ParseError> advance(bool no_body);
  // At the end of the stream: completes a close-delimited body, else reports a cut message.
  Result<bool, ParseError> finish();
  std::size_t buffered() const { return buffer_.size() - pos_; }
  // Clears the message fields after the caller moved a complete message out.
  void reset_message();

  // The message being parsed; valid to move out of when advance() returned true.
  std::string method, target, reason;
  int status = 0;
  int minor_version = 1;
  Headers headers;
  Bytes body;
  std::vector<Header> trailers;

 private:
  enum class State {
    kStart,
    kHeaders,
    kFixedBody,
    kUntilClose,
    kChunkSize,
    kChunkData,
    kChunkEnd,
    kTrailers,
    kError
  };

  Result<std::optional<std::string_view>, ParseError> take_line(std::size_t limit,
                                                                int too_long_status,
                                                                const char* what);
  Result<Ok, ParseError> start_line(std::string_view line);
  Result<Ok, ParseError> header_line(std::string_view line, bool trailer);
  Result<Ok, ParseError> choose_framing(bool no_body);
  Result<Ok, ParseError> chunk_size_line(std::string_view line);
  Unexpected<ParseError> error(int http_status, const std::string& why);

  Limits limits_;
  bool request_;
  Bytes buffer_;
  std::size_t pos_ = 0;      // first unconsumed byte
  std::size_t scanned_ = 0;  // bytes after pos_ already searched for a line end
  State state_ = State::kStart;
  std::size_t line_ = 0;  // line number within the current message
  std::size_t header_bytes_ = 0;
  std::uint64_t remaining_ = 0;  // of a fixed body or the current chunk
  std::optional<ParseError> error_;
};

}  // namespace detail

class RequestParser {
 public:
  explicit RequestParser(Limits limits = {}) : core_(limits, true) {}
  void feed(ByteView data) { core_.feed(data); }
  ParseResult<Request> next();
  std::size_t buffered() const { return core_.buffered(); }

 private:
  detail::Core core_;
};

class ResponseParser {
 public:
  explicit ResponseParser(Limits limits = {}) : core_(limits, false) {}
  void feed(ByteView data) { core_.feed(data); }
  // `to_head`: the request this answers was HEAD, so there is no body (RFC 9112 §6.3).
  ParseResult<Response> next(bool to_head = false);
  // The peer closed the stream: a body delimited by the close is complete now; a message cut
  // short is an error.
  ParseResult<Response> finish();
  std::size_t buffered() const { return core_.buffered(); }

 private:
  ParseResult<Response> take(Result<bool, ParseError> done);
  detail::Core core_;
};

}  // namespace imssim::http
