// HTTP/1.1 requests and responses (RFC 9112) and their serialisation.
//
// The builder only produces Content-Length framing; it refuses what would make a malformed or
// ambiguous message (invalid tokens, CR/LF in values, a Content-Length that disagrees with the
// body, Transfer-Encoding, a missing Host on HTTP/1.1, a body on 1xx/204/304).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"

namespace imssim::http {

struct Header {
  std::string name;
  std::string value;
};

// Header fields in order; lookups are case-insensitive (RFC 9110 §5.1).
class Headers {
 public:
  void add(std::string name, std::string value) {
    fields_.push_back({std::move(name), std::move(value)});
  }
  // Replaces every field called `name` by one with `value`.
  void set(std::string_view name, std::string value);
  // The first value, or nullptr.
  const std::string* find(std::string_view name) const;
  std::size_t count(std::string_view name) const;
  const std::vector<Header>& fields() const { return fields_; }
  std::size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }

 private:
  std::vector<Header> fields_;
};

struct Request {
  std::string method;
  std::string target;
  int minor_version = 1;  // HTTP/1.x
  Headers headers;
  Bytes body;
  std::vector<Header> trailers;  // from a chunked body, if any
};

struct Response {
  int status = 200;
  std::string reason;
  int minor_version = 1;
  Headers headers;
  Bytes body;
  std::vector<Header> trailers;
};

bool iequals(std::string_view a, std::string_view b);
bool is_token(std::string_view s);  // RFC 9110 §5.6.2
// The RFC 9110 §15 reason phrase of a status code ("" when unknown).
std::string_view reason_phrase(int status);
// RFC 9110 §6.4.1: 1xx, 204 and 304 responses never have content.
bool status_has_no_body(int status);

Result<Bytes> serialize(const Request& r);
Result<Bytes> serialize(const Response& r);

}  // namespace imssim::http
