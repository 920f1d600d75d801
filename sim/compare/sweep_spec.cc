#include "sim/compare/sweep_spec.h"

#include <charconv>
#include <cmath>

namespace imssim::compare {

namespace {

using json = nlohmann::json;

// Decimals written after the point (0 for "10", 2 for "0.25", 0 with an exponent).
int decimals_of(std::string_view number) {
  auto dot = number.find('.');
  if (dot == std::string_view::npos || number.find_first_of("eE") != std::string_view::npos)
    return 0;
  return int(number.size() - dot - 1);
}

Result<double> parse_number(std::string_view text, const std::string& what,
                            const std::string& where) {
  double v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(v))
    return fail(where + ": " + what + " '" + std::string(text) + "' is not a number");
  return v;
}

bool is_index(const std::string& token) {
  return !token.empty() && token.size() < 10 &&
         token.find_first_not_of("0123456789") == std::string::npos &&
         (token == "0" || token[0] != '0');
}

}  // namespace

std::string to_json_pointer(std::string_view path) {
  if (path.empty()) return "";
  std::string pointer;
  if (path[0] == '/') {
    pointer = std::string(path);
  } else {
    // Dotted: each segment is one member name or index; '~' and '/' are escaped (RFC 6901 §3).
    pointer = "/";
    for (char c : path) {
      if (c == '.')
        pointer += '/';
      else if (c == '~')
        pointer += "~0";
      else if (c == '/')
        pointer += "~1";
      else
        pointer += c;
    }
  }
  try {
    (void)json::json_pointer(pointer);
  } catch (const json::exception&) {
    return "";
  }
  if (pointer.find("//") != std::string::npos || pointer.back() == '/') return "";
  return pointer;
}

Result<SweepSpec> parse_sweep(std::string_view text) {
  std::string where = "--sweep '" + std::string(text) + "'";
  auto eq = text.rfind('=');
  if (eq == std::string_view::npos)
    return fail(where +
                ": expected PARAM=FROM:TO:STEP (e.g. network.zones.access.delay_ms=10:300:10)");
  SweepSpec s;
  s.text = std::string(text.substr(0, eq));
  if (s.text.empty()) return fail(where + ": PARAM before '=' is empty");
  s.pointer = to_json_pointer(s.text);
  if (s.pointer.empty())
    return fail(where + ": PARAM '" + s.text +
                "' is not a path (dotted like network.zones.access.delay_ms, or a JSON pointer "
                "like /network/zones/access/delay_ms, with no empty segment)");
  std::string_view range = text.substr(eq + 1);
  std::string_view parts[3];
  for (int i = 0; i < 3; ++i) {
    auto colon = range.find(':');
    if ((i < 2) != (colon != std::string_view::npos))
      return fail(where + ": expected FROM:TO:STEP after '=', three numbers separated by ':'");
    parts[i] = range.substr(0, colon);
    range = i < 2 ? range.substr(colon + 1) : std::string_view();
  }
  const char* names[3] = {"FROM", "TO", "STEP"};
  double v[3];
  for (int i = 0; i < 3; ++i) {
    auto n = parse_number(parts[i], names[i], where);
    if (!n) return Unexpected{n.error()};
    v[i] = *n;
  }
  s.from = v[0], s.to = v[1], s.step = v[2];
  if (s.step <= 0) return fail(where + ": STEP must be greater than 0");
  if (s.to < s.from) return fail(where + ": TO must not be less than FROM");
  // Count with a relative tolerance so 0:1:0.1 (10 steps of an inexact 0.1) includes 1.
  double steps = (s.to - s.from) / s.step;
  double count = std::floor(steps + 1e-9 * std::max(1.0, steps)) + 1;
  if (count > double(kMaxSweepPoints))
    return fail(where + ": " + std::to_string(std::size_t(count)) + " values; at most " +
                std::to_string(kMaxSweepPoints) + " (use a larger STEP)");
  int decimals = std::max({decimals_of(parts[0]), decimals_of(parts[1]), decimals_of(parts[2])});
  double scale = std::pow(10.0, decimals);
  for (std::size_t i = 0; i < std::size_t(count); ++i) {
    double x = s.from + double(i) * s.step;
    if (decimals > 0 && decimals <= 15) x = std::round(x * scale) / scale;
    s.values.push_back(std::min(x, s.to));
  }
  return s;
}

Result<Ok> set_parameter(json& doc, const std::string& pointer, double value) {
  if (pointer.empty() || pointer[0] != '/' || to_json_pointer(pointer) != pointer)
    return fail("'" + pointer + "' is not a JSON pointer to a member");
  json::json_pointer p(pointer);
  json::json_pointer parent = p.parent_pointer();
  std::string last = p.back();
  if (!doc.contains(parent))
    return fail(pointer + ": " + (parent.empty() ? "/" : parent.to_string()) +
                " is not in the scenario");
  json& container = doc[parent];
  // Whole numbers go in as integers: fields such as mtu accept only integers.
  json v = value;
  if (std::floor(value) == value && std::abs(value) < 9e15) v = std::int64_t(value);
  if (container.is_object()) {
    container[last] = v;
  } else if (container.is_array()) {
    if (!is_index(last) || std::stoul(last) >= container.size())
      return fail(pointer + ": '" + last + "' is not an index of the " +
                  std::to_string(container.size()) + " elements of " + parent.to_string());
    container[std::stoul(last)] = v;
  } else {
    return fail(pointer + ": " + parent.to_string() + " is a " + container.type_name() +
                ", not an object or array");
  }
  return Ok{};
}

}  // namespace imssim::compare
