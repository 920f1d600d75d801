#include "nodes/proto/http/message.h"

#include <algorithm>

#include "nodes/proto/http/constants.h"

namespace imssim::http {

bool iequals(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

void Headers::set(std::string_view name, std::string value) {
  std::erase_if(fields_, [&](const Header& h) { return iequals(h.name, name); });
  fields_.push_back({std::string(name), std::move(value)});
}

const std::string* Headers::find(std::string_view name) const {
  for (const auto& h : fields_)
    if (iequals(h.name, name)) return &h.value;
  return nullptr;
}

std::size_t Headers::count(std::string_view name) const {
  return std::size_t(std::count_if(fields_.begin(), fields_.end(),
                                   [&](const Header& h) { return iequals(h.name, name); }));
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "";
  }
}

bool status_has_no_body(int status) {
  return (status >= 100 && status < 200) || status == 204 || status == 304;
}

namespace {

// field-value = *( VCHAR / obs-text / SP / HTAB ), no leading or trailing whitespace (RFC 9110
// §5.5); in particular no CR, LF or NUL, which would split or truncate the message.
bool valid_field_value(std::string_view v) {
  if (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.back() == ' ' || v.back() == '\t'))
    return false;
  return std::all_of(v.begin(), v.end(), [](char ch) {
    unsigned char c = static_cast<unsigned char>(ch);
    return c == '\t' || (c >= 0x20 && c != 0x7F);
  });
}

bool valid_target(std::string_view t) {
  return !t.empty() && std::all_of(t.begin(), t.end(), [](char ch) {
    unsigned char c = static_cast<unsigned char>(ch);
    return c > 0x20 && c < 0x7F;
  });
}

// Checks the fields and appends them, adding Content-Length when `add_length`.
Result<Ok> write_headers(std::string& out, const Headers& headers, std::size_t body_size,
                         bool add_length) {
  std::size_t lengths = 0;
  for (const auto& h : headers.fields()) {
    if (!is_token(h.name)) return fail("header name \"" + h.name + "\" is not a token");
    if (!valid_field_value(h.value))
      return fail("header " + h.name + ": value contains a control character or edge whitespace");
    if (iequals(h.name, kTransferEncoding))
      return fail("header Transfer-Encoding: the builder frames bodies with Content-Length only");
    if (iequals(h.name, kContentLength)) {
      ++lengths;
      if (h.value != std::to_string(body_size))
        return fail("header Content-Length: " + h.value + " disagrees with the " +
                    std::to_string(body_size) + "-byte body");
    }
  }
  if (lengths > 1) return fail("more than one Content-Length header");
  for (const auto& h : headers.fields()) {
    out += h.name;
    out += ": ";
    out += h.value;
    out += kCrlf;
  }
  if (add_length && lengths == 0) {
    out += kContentLength;
    out += ": ";
    out += std::to_string(body_size);
    out += kCrlf;
  }
  out += kCrlf;
  return Ok{};
}

Bytes finish(std::string& head, const Bytes& body) {
  Bytes out;
  out.reserve(head.size() + body.size());
  append(out, as_bytes(head));
  append(out, body);
  return out;
}

Result<Ok> check_version(int minor) {
  if (minor != 0 && minor != 1)
    return fail("HTTP/1." + std::to_string(minor) + " is not supported");
  return Ok{};
}

}  // namespace

Result<Bytes> serialize(const Request& r) {
  if (!is_token(r.method)) return fail("method \"" + r.method + "\" is not a token");
  if (!valid_target(r.target))
    return fail("request-target \"" + r.target + "\" is empty or has spaces or controls");
  if (auto v = check_version(r.minor_version); !v) return Unexpected{v.error()};
  if (r.minor_version == 1 && r.headers.count(kHost) != 1)
    return fail("an HTTP/1.1 request needs exactly one Host header (RFC 9112 §3.2)");
  if (!r.trailers.empty())
    return fail("trailers need chunked framing, which the builder does not produce");
  std::string head =
      r.method + " " + r.target + " HTTP/1." + std::to_string(r.minor_version) + "\r\n";
  // RFC 9110 §8.6: send Content-Length for a body, and for POST/PUT even when it is empty.
  const bool add_length = !r.body.empty() || r.method == "POST" || r.method == "PUT";
  if (auto w = write_headers(head, r.headers, r.body.size(), add_length); !w)
    return Unexpected{w.error()};
  return finish(head, r.body);
}

Result<Bytes> serialize(const Response& r) {
  if (r.status < 100 || r.status > 599)
    return fail("status " + std::to_string(r.status) + " is not in 100-599");
  if (auto v = check_version(r.minor_version); !v) return Unexpected{v.error()};
  if (!valid_field_value(r.reason)) return fail("reason phrase contains a control character");
  if (!r.trailers.empty())
    return fail("trailers need chunked framing, which the builder does not produce");
  const bool no_body = status_has_no_body(r.status);
  if (no_body && !r.body.empty())
    return fail("status " + std::to_string(r.status) + " must not carry a body (RFC 9110 §6.4.1)");
  std::string head =
      "HTTP/1." + std::to_string(r.minor_version) + " " + std::to_string(r.status) + " ";
  head += r.reason.empty() ? std::string(reason_phrase(r.status)) : r.reason;
  head += kCrlf;
  // RFC 9110 §8.6: no Content-Length in a 1xx or 204 response (a 304 may announce the length).
  if ((r.status < 200 || r.status == 204) && r.headers.count(kContentLength) > 0)
    return fail("status " + std::to_string(r.status) + " must not carry Content-Length");
  if (auto w = write_headers(head, r.headers, r.body.size(), !no_body); !w)
    return Unexpected{w.error()};
  return finish(head, r.body);
}

}  // namespace imssim::http
