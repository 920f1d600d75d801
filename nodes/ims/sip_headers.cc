#include "nodes/ims/sip_headers.h"

#include <algorithm>
#include <cctype>

namespace imssim::ims {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Calls `f(value)` for each header line called `name` until f returns false.
template <typename F>
void each_header(const sip::Message& m, std::string_view name, F f) {
  std::string wire = m.serialize();
  std::string_view rest(wire);
  rest.remove_prefix(std::min(rest.size(), rest.find("\r\n") + 2));  // the start line
  while (!rest.empty()) {
    auto end = rest.find("\r\n");
    std::string_view line = rest.substr(0, end);
    if (line.empty()) break;  // end of the headers
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string_view n = line.substr(0, colon);
      while (!n.empty() && n.back() == ' ') n.remove_suffix(1);
      if (iequals(n, name)) {
        std::string_view v = line.substr(colon + 1);
        while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
        if (!f(v)) return;
      }
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 2);
  }
}

}  // namespace

std::optional<std::string> header_value(const sip::Message& m, std::string_view name) {
  std::optional<std::string> out;
  each_header(m, name, [&](std::string_view v) {
    out = std::string(v);
    return false;
  });
  return out;
}

std::vector<std::string> header_values(const sip::Message& m, std::string_view name) {
  std::vector<std::string> out;
  each_header(m, name, [&](std::string_view v) {
    bool in_angle = false, in_quote = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= v.size(); ++i) {
      char c = i < v.size() ? v[i] : ',';
      if (c == '"') in_quote = !in_quote;
      if (!in_quote && c == '<') in_angle = true;
      if (!in_quote && c == '>') in_angle = false;
      if (c == ',' && !in_angle && !in_quote) {
        std::string_view part = v.substr(start, i - start);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        if (!part.empty()) out.emplace_back(part);
        start = i + 1;
      }
    }
    return true;
  });
  return out;
}

std::string uri_in(std::string_view v) {
  if (auto lt = v.find('<'); lt != std::string_view::npos) {
    auto gt = v.find('>', lt);
    return std::string(v.substr(lt + 1, gt == std::string_view::npos ? gt : gt - lt - 1));
  }
  return std::string(v.substr(0, v.find(';')));
}

}  // namespace imssim::ims
