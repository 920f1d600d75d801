#include "nodes/mailbox/service_uri.h"

#include <cctype>
#include <charconv>

namespace imssim::mailbox {
namespace {

// RFC 3261 §25.1: unreserved and param-unreserved characters stay; the rest is %HH.
bool plain(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("-_.!~*'()[]/:&+$").find(c) != std::string_view::npos;
}

std::string escape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    if (plain(c)) {
      out += c;
    } else {
      auto u = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

Result<std::string> unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    unsigned value = 0;
    if (i + 2 >= s.size()) return fail("truncated %-escape in '" + std::string(s) + "'");
    auto [end, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, value, 16);
    if (ec != std::errc() || end != s.data() + i + 3)
      return fail("bad %-escape in '" + std::string(s) + "'");
    out += char(value);
    i += 2;
  }
  return out;
}

}  // namespace

Result<ServiceUri> parse_service_uri(std::string_view uri) {
  ServiceUri out;
  std::size_t at = uri.find(';');
  while (at != std::string_view::npos) {
    std::size_t next = uri.find(';', at + 1);
    std::string_view param = uri.substr(at + 1, next == std::string_view::npos ? next : next - at - 1);
    std::size_t eq = param.find('=');
    std::string_view name = param.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view() : param.substr(eq + 1);
    if (name == "target") {
      auto t = unescape(value);
      if (!t) return Unexpected{t.error()};
      out.target = std::move(*t);
    } else if (name == "cause") {
      out.cause = std::string(value);
    } else if (name == "msg") {
      std::size_t index = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), index);
      if (ec != std::errc() || end != value.data() + value.size() || value.empty())
        return fail("msg parameter '" + std::string(value) + "' is not an index");
      out.message = index;
    }
    at = next;
  }
  return out;
}

std::string retarget_uri(const std::string& mailbox, const std::string& callee, int cause) {
  return mailbox + ";target=" + escape(callee) + ";cause=" + std::to_string(cause);
}

std::string message_uri(const std::string& mailbox, std::size_t index) {
  return mailbox + ";msg=" + std::to_string(index);
}

}  // namespace imssim::mailbox
