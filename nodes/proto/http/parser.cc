#include "nodes/proto/http/parser.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <limits>

namespace imssim::http {
namespace detail {
namespace {

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

// The first byte that is not allowed in a field value or reason phrase (HTAB, SP, VCHAR,
// obs-text), or npos.
std::size_t bad_value_char(std::string_view v) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(v[i]);
    if (c != '\t' && (c < 0x20 || c == 0x7F)) return i;
  }
  return std::string_view::npos;
}

std::string show_byte(char ch) {
  static constexpr char kHex[] = "0123456789abcdef";
  unsigned char c = static_cast<unsigned char>(ch);
  if (c >= 0x21 && c < 0x7F) return std::string("'") + ch + "'";
  return std::string("0x") + kHex[c >> 4] + kHex[c & 15];
}

// "HTTP/1.1" -> 1; anything else is an error (505 for a well-formed other version).
Result<int, ParseError> parse_version(std::string_view v) {
  if (v.size() == 8 && v.substr(0, 7) == kVersionPrefix && (v[7] == '0' || v[7] == '1'))
    return v[7] - '0';
  if (v.size() == 8 && v.substr(0, 5) == "HTTP/" &&
      std::isdigit(static_cast<unsigned char>(v[5])) && v[6] == '.' &&
      std::isdigit(static_cast<unsigned char>(v[7])))
    return Unexpected{
        ParseError{kVersionNotSupported, std::string("version ").append(v) + " is not supported"}};
  return Unexpected{
      ParseError{kBadRequest, std::string("\"").append(v) + "\" is not an HTTP version"}};
}

// Transfer-Encoding must be exactly "chunked" (RFC 9112 §6.1: chunked is final and applied
// once; other codings are not implemented here, so 501).
Result<Ok, ParseError> check_transfer_encoding(const Headers& headers) {
  std::size_t chunked = 0;
  for (const auto& h : headers.fields()) {
    if (!iequals(h.name, kTransferEncoding)) continue;
    std::string_view list = h.value;
    while (true) {
      std::size_t comma = list.find(',');
      std::string_view item = trim_ows(list.substr(0, comma));
      if (!iequals(item, kChunked))
        return Unexpected{
            ParseError{kNotImplemented, std::string("Transfer-Encoding \"").append(item) +
                                            "\" is not supported (only chunked)"}};
      ++chunked;
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  if (chunked > 1)
    return Unexpected{ParseError{kBadRequest, "Transfer-Encoding applies chunked more than once"}};
  return Ok{};
}

}  // namespace

void Core::feed(ByteView data) {
  // Drop consumed bytes once they dominate, so a long-lived stream does not grow without bound.
  if (pos_ > 0 && pos_ >= buffer_.size() / 2) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + std::ptrdiff_t(pos_));
    pos_ = 0;
  }
  append(buffer_, data);
}

Unexpected<ParseError> Core::error(int http_status, const std::string& why) {
  error_ = ParseError{http_status, why};
  state_ = State::kError;
  return Unexpected{*error_};
}

void Core::reset_message() {
  method.clear();
  target.clear();
  reason.clear();
  status = 0;
  minor_version = 1;
  headers = Headers{};
  body.clear();
  trailers.clear();
  line_ = 0;
  header_bytes_ = 0;
  remaining_ = 0;
}

Result<std::optional<std::string_view>, ParseError> Core::take_line(std::size_t limit,
                                                                    int too_long_status,
                                                                    const char* what) {
  const char* base = reinterpret_cast<const char*>(buffer_.data());
  const std::size_t avail = buffer_.size() - pos_;
  const void* nl =
      avail > scanned_ ? std::memchr(base + pos_ + scanned_, '\n', avail - scanned_) : nullptr;
  if (!nl) {
    scanned_ = avail;
    if (avail > limit + 1)
      return error(too_long_status, "line " + std::to_string(line_ + 1) + ": " + what +
                                        " longer than " + std::to_string(limit) + " bytes");
    return std::optional<std::string_view>{};
  }
  const std::size_t end = std::size_t(static_cast<const char*>(nl) - base);
  ++line_;
  // Same verdict as for an unterminated line, however the bytes were split into feeds.
  if (end - pos_ > limit + 1)
    return error(too_long_status, "line " + std::to_string(line_) + ": " + what + " longer than " +
                                      std::to_string(limit) + " bytes");
  if (end == pos_ || base[end - 1] != '\r')
    return error(kBadRequest,
                 "line " + std::to_string(line_) + ": bare LF line ending (CRLF required)");
  std::string_view line(base + pos_, end - 1 - pos_);
  if (line.size() > limit)
    return error(too_long_status, "line " + std::to_string(line_) + ": " + what + " longer than " +
                                      std::to_string(limit) + " bytes");
  pos_ = end + 1;
  scanned_ = 0;
  return std::optional<std::string_view>{line};
}

Result<Ok, ParseError> Core::start_line(std::string_view line) {
  const std::string at = "line " + std::to_string(line_) + ": ";
  const std::size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos)
    return error(kBadRequest, at + (request_ ? "request line" : "status line") + " has no space");
  if (request_) {
    // request-line = method SP request-target SP HTTP-version (RFC 9112 §3)
    const std::size_t sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos)
      return error(kBadRequest, at + "request line needs method, target and version");
    std::string_view m = line.substr(0, sp1), t = line.substr(sp1 + 1, sp2 - sp1 - 1),
                     v = line.substr(sp2 + 1);
    if (!is_token(m))
      return error(kBadRequest, at + "method \"" + std::string(m) + "\" is not a token");
    if (t.empty()) return error(kBadRequest, at + "empty request-target (two spaces?)");
    for (char c : t)
      if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F)
        return error(kBadRequest, at + "request-target contains " + show_byte(c));
    auto version = parse_version(v);
    if (!version) return error(version.error().status, at + version.error().message);
    method.assign(m);
    target.assign(t);
    minor_version = *version;
    return Ok{};
  }
  // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4)
  auto version = parse_version(line.substr(0, sp1));
  if (!version) return error(version.error().status, at + version.error().message);
  std::string_view code = line.substr(sp1 + 1, 3);
  if (code.size() != 3 ||
      !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return error(kBadRequest, at + "status code is not three digits");
  if (line.size() < sp1 + 5 || line[sp1 + 4] != ' ')
    return error(kBadRequest, at + "expected a space after the status code");
  const int s = std::stoi(std::string(code));
  if (s < 100 || s > 599)
    return error(kBadRequest, at + "status code " + std::string(code) + " is not in 100-599");
  std::string_view r = line.substr(sp1 + 5);
  if (auto bad = bad_value_char(r); bad != std::string_view::npos)
    return error(kBadRequest, at + "reason phrase contains " + show_byte(r[bad]));
  minor_version = *version;
  status = s;
  reason.assign(r);
  return Ok{};
}

Result<Ok, ParseError> Core::header_line(std::string_view line, bool trailer) {
  const std::string at = "line " + std::to_string(line_) + ": ";
  if (is_ows(line.front()))
    return error(kBadRequest,
                 at + "obsolete line folding (a line starting with whitespace, RFC 9112 §5.2)");
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return error(kBadRequest, at + "header line without ':'");
  std::string_view name = line.substr(0, colon);
  if (name.empty()) return error(kBadRequest, at + "empty field name");
  if (is_ows(name.back()))
    return error(kBadRequest, at + "whitespace between the field name and ':' (RFC 9112 §5.1)");
  if (!is_token(name))
    return error(kBadRequest, at + "field name \"" + std::string(name) + "\" is not a token");
  std::string_view value = trim_ows(line.substr(colon + 1));
  if (auto bad = bad_value_char(value); bad != std::string_view::npos)
    return error(kBadRequest,
                 at + "value of " + std::string(name) + " contains " + show_byte(value[bad]));
  if (headers.size() + trailers.size() >= limits_.max_headers)
    return error(kHeaderFieldsTooLarge,
                 at + "more than " + std::to_string(limits_.max_headers) + " header fields");
  header_bytes_ += line.size() + 2;
  if (header_bytes_ > limits_.max_header_bytes)
    return error(kHeaderFieldsTooLarge, at + "header section larger than " +
                                            std::to_string(limits_.max_header_bytes) + " bytes");
  if (trailer)
    trailers.push_back({std::string(name), std::string(value)});
  else
    headers.add(std::string(name), std::string(value));
  return Ok{};
}

Result<Ok, ParseError> Core::choose_framing(bool no_body) {
  const std::string at = "header section: ";
  if (request_ && minor_version == 1 && headers.count(kHost) != 1)
    return error(kBadRequest, at + "an HTTP/1.1 request needs exactly one Host header, found " +
                                  std::to_string(headers.count(kHost)) + " (RFC 9112 §3.2)");
  if (!request_ && (no_body || status_has_no_body(status))) {
    state_ = State::kStart;  // complete, no content whatever the headers say (RFC 9112 §6.3)
    return Ok{};
  }
  const std::size_t te = headers.count(kTransferEncoding), cl = headers.count(kContentLength);
  if (te > 0) {
    if (cl > 0)
      return error(
          kBadRequest,
          at + "both Transfer-Encoding and Content-Length (RFC 9112 §6.3, a smuggling risk)");
    if (minor_version == 0)
      return error(kBadRequest, at + "Transfer-Encoding in an HTTP/1.0 message");
    if (auto ok = check_transfer_encoding(headers); !ok)
      return error(ok.error().status, at + ok.error().message);
    state_ = State::kChunkSize;
    return Ok{};
  }
  if (cl > 1) return error(kBadRequest, at + "more than one Content-Length header");
  if (cl == 1) {
    const std::string& v = *headers.find(kContentLength);
    if (v.empty() || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return error(kBadRequest, at + "Content-Length \"" + v + "\" is not a decimal number");
    std::uint64_t n = 0;
    for (char c : v) {
      if (n > (std::numeric_limits<std::uint64_t>::max() - 9) / 10)
        return error(kContentTooLarge, at + "Content-Length " + v + " is too large");
      n = n * 10 + std::uint64_t(c - '0');
    }
    if (n > limits_.max_body)
      return error(kContentTooLarge, at + "Content-Length " + v + " exceeds the limit of " +
                                         std::to_string(limits_.max_body) + " bytes");
    remaining_ = n;
    state_ = n == 0 ? State::kStart : State::kFixedBody;
    return Ok{};
  }
  // No framing: a request has no body; a response runs to the end of the stream (RFC 9112 §6.3).
  state_ = request_ ? State::kStart : State::kUntilClose;
  return Ok{};
}

Result<Ok, ParseError> Core::chunk_size_line(std::string_view line) {
  // chunk = chunk-size [ chunk-ext ] CRLF ...; chunk-size = 1*HEXDIG (RFC 9112 §7.1)
  const std::string at = "line " + std::to_string(line_) + ": ";
  std::size_t i = 0;
  std::uint64_t size = 0;
  while (i < line.size() && std::isxdigit(static_cast<unsigned char>(line[i]))) {
    if (size > (std::numeric_limits<std::uint64_t>::max() >> 4))
      return error(kContentTooLarge, at + "chunk size overflows");
    const char c = line[i];
    size = size << 4 | std::uint64_t(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    ++i;
  }
  if (i == 0) return error(kBadRequest, at + "chunk size is not a hex number");
  // chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ): extensions are ignored but must
  // start with ';' and contain no control characters.
  std::string_view ext = trim_ows(line.substr(i));
  if (!ext.empty() && ext.front() != ';')
    return error(kBadRequest,
                 at + "unexpected " + show_byte(ext.front()) + " after the chunk size");
  if (auto bad = bad_value_char(ext); bad != std::string_view::npos)
    return error(kBadRequest, at + "chunk extension contains " + show_byte(ext[bad]));
  if (size > limits_.max_body || body.size() + size > limits_.max_body)
    return error(kContentTooLarge, at + "chunked body exceeds the limit of " +
                                       std::to_string(limits_.max_body) + " bytes");
  remaining_ = size;
  state_ = size == 0 ? State::kTrailers : State::kChunkData;
  return Ok{};
}

Result<bool, ParseError> Core::advance(bool no_body) {
  if (error_) return Unexpected{*error_};
  while (true) {
    switch (state_) {
      case State::kError:
        return Unexpected{*error_};
      case State::kStart: {
        auto line = take_line(limits_.max_start_line, request_ ? kUriTooLong : kBadRequest,
                              request_ ? "request line" : "status line");
        if (!line) return Unexpected{line.error()};
        if (!*line) return false;
        if ((*line)->empty()) {
          // RFC 9112 §2.2: a server ignores empty lines before the request-line.
          if (request_) {
            line_ = 0;
            continue;
          }
          return error(kBadRequest,
                       "line " + std::to_string(line_) + ": empty line instead of a status line");
        }
        if (auto ok = start_line(**line); !ok) return Unexpected{ok.error()};
        state_ = State::kHeaders;
        break;
      }
      case State::kHeaders: {
        auto line = take_line(limits_.max_header_line, kHeaderFieldsTooLarge, "header line");
        if (!line) return Unexpected{line.error()};
        if (!*line) return false;
        if ((*line)->empty()) {
          if (auto ok = choose_framing(no_body); !ok) return Unexpected{ok.error()};
          if (state_ == State::kStart) return true;
          break;
        }
        if (auto ok = header_line(**line, false); !ok) return Unexpected{ok.error()};
        break;
      }
      case State::kFixedBody: {
        const std::size_t take = std::size_t(std::min<std::uint64_t>(remaining_, buffered()));
        append(body, ByteView(buffer_).subspan(pos_, take));
        pos_ += take;
        remaining_ -= take;
        if (remaining_ > 0) return false;
        state_ = State::kStart;
        return true;
      }
      case State::kUntilClose: {
        if (body.size() + buffered() > limits_.max_body)
          return error(kContentTooLarge,
                       "body exceeds the limit of " + std::to_string(limits_.max_body) + " bytes");
        append(body, ByteView(buffer_).subspan(pos_));
        pos_ = buffer_.size();
        return false;  // complete only at the end of the stream
      }
      case State::kChunkSize: {
        auto line = take_line(limits_.max_chunk_line, kBadRequest, "chunk-size line");
        if (!line) return Unexpected{line.error()};
        if (!*line) return false;
        if (auto ok = chunk_size_line(**line); !ok) return Unexpected{ok.error()};
        break;
      }
      case State::kChunkData: {
        const std::size_t take = std::size_t(std::min<std::uint64_t>(remaining_, buffered()));
        append(body, ByteView(buffer_).subspan(pos_, take));
        pos_ += take;
        remaining_ -= take;
        if (remaining_ > 0) return false;
        state_ = State::kChunkEnd;
        break;
      }
      case State::kChunkEnd: {
        if (buffered() < 2) {
          if (buffered() == 1 && buffer_[pos_] != '\r')
            return error(kBadRequest, "chunk data is not followed by CRLF (chunk size too small?)");
          return false;
        }
        if (buffer_[pos_] != '\r' || buffer_[pos_ + 1] != '\n')
          return error(kBadRequest, "chunk data is not followed by CRLF (chunk size too small?)");
        pos_ += 2;
        ++line_;
        state_ = State::kChunkSize;
        break;
      }
      case State::kTrailers: {
        auto line = take_line(limits_.max_header_line, kHeaderFieldsTooLarge, "trailer line");
        if (!line) return Unexpected{line.error()};
        if (!*line) return false;
        if ((*line)->empty()) {
          state_ = State::kStart;
          return true;
        }
        if (auto ok = header_line(**line, true); !ok) return Unexpected{ok.error()};
        break;
      }
    }
  }
}

Result<bool, ParseError> Core::finish() {
  if (error_) return Unexpected{*error_};
  if (state_ == State::kUntilClose) {
    append(body, ByteView(buffer_).subspan(pos_));
    pos_ = buffer_.size();
    state_ = State::kStart;
    return true;
  }
  if (state_ == State::kStart && buffered() == 0) return false;
  return error(kBadRequest, "the stream ended inside a message (" + std::to_string(buffered()) +
                                " unparsed byte(s) after line " + std::to_string(line_) + ")");
}

}  // namespace detail

ParseResult<Request> RequestParser::next() {
  auto done = core_.advance(false);
  if (!done) return Unexpected{done.error()};
  if (!*done) return std::optional<Request>{};
  Request r;
  r.method = std::move(core_.method);
  r.target = std::move(core_.target);
  r.minor_version = core_.minor_version;
  r.headers = std::move(core_.headers);
  r.body = std::move(core_.body);
  r.trailers = std::move(core_.trailers);
  core_.reset_message();
  return std::optional<Request>{std::move(r)};
}

ParseResult<Response> ResponseParser::take(Result<bool, ParseError> done) {
  if (!done) return Unexpected{done.error()};
  if (!*done) return std::optional<Response>{};
  Response r;
  r.status = core_.status;
  r.reason = std::move(core_.reason);
  r.minor_version = core_.minor_version;
  r.headers = std::move(core_.headers);
  r.body = std::move(core_.body);
  r.trailers = std::move(core_.trailers);
  core_.reset_message();
  return std::optional<Response>{std::move(r)};
}

ParseResult<Response> ResponseParser::next(bool to_head) { return take(core_.advance(to_head)); }
ParseResult<Response> ResponseParser::finish() { return take(core_.finish()); }

}  // namespace imssim::http
