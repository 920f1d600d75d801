#include "nodes/ims/sip_headers.h"

namespace imssim::ims {

std::optional<std::string> header_value(const sip::Message& m, std::string_view name) {
  auto fields = m.header_fields(name);
  if (fields.empty()) return std::nullopt;
  return std::move(fields.front());
}

std::vector<std::string> header_values(const sip::Message& m, std::string_view name) {
  std::vector<std::string> out;
  for (std::string_view v : m.header_fields(name)) {
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
  }
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
