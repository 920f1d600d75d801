#include "sim/scenario/expectations.h"

#include <algorithm>

#include "sim/scenario/json_locator.h"

namespace imssim::scenario {

using nlohmann::json;

json ExpectationOutcome::to_json() const {
  json j = {{"what", what}, {"path", path}, {"passed", passed}};
  if (skipped) j["skipped"] = true;
  if (!detail.empty()) j["detail"] = detail;
  return j;
}

namespace {

std::vector<std::string> split_pointer(const std::string& path) {
  std::vector<std::string> out;
  std::size_t i = 1;
  while (i <= path.size() && !path.empty()) {
    std::size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string token = path.substr(i, j - i);
    std::string unescaped;
    for (std::size_t k = 0; k < token.size(); ++k) {
      if (token[k] == '~' && k + 1 < token.size()) {
        unescaped += token[k + 1] == '1' ? '/' : '~';
        ++k;
      } else {
        unescaped += token[k];
      }
    }
    out.push_back(unescaped);
    i = j + 1;
  }
  return out;
}

void walk(const json& node, const std::vector<std::string>& tokens, std::size_t i,
          const std::string& at, std::vector<std::pair<std::string, const json*>>& out) {
  if (i == tokens.size()) {
    out.emplace_back(at, &node);
    return;
  }
  const std::string& t = tokens[i];
  if (node.is_array()) {
    if (t == "*") {
      for (std::size_t k = 0; k < node.size(); ++k) walk(node[k], tokens, i + 1, at + "/" + std::to_string(k), out);
    } else if (!t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      std::size_t k = std::stoul(t);
      if (k < node.size()) walk(node[k], tokens, i + 1, at + "/" + t, out);
    }
  } else if (node.is_object()) {
    if (t == "*") {
      for (const auto& [key, value] : node.items()) walk(value, tokens, i + 1, at + "/" + pointer_escape(key), out);
    } else if (auto it = node.find(t); it != node.end()) {
      walk(*it, tokens, i + 1, at + "/" + pointer_escape(t), out);
    }
  }
}

std::string short_dump(const json& v) {
  std::string s = v.dump();
  return s.size() > 80 ? s.substr(0, 77) + "..." : s;
}

}  // namespace

std::vector<std::pair<std::string, const json*>> select(const json& doc, const std::string& path) {
  std::vector<std::pair<std::string, const json*>> out;
  walk(doc, split_pointer(path), 0, "", out);
  return out;
}

std::vector<ExpectationOutcome> check_expectations(const std::vector<Expectation>& expectations,
                                                   const json& results, const std::string& variant) {
  std::vector<ExpectationOutcome> outcomes;
  for (const auto& e : expectations) {
    ExpectationOutcome o{e.what, e.path, false, false, {}};
    if (!e.variants.empty() && std::find(e.variants.begin(), e.variants.end(), variant) == e.variants.end()) {
      o.passed = o.skipped = true;
      outcomes.push_back(o);
      continue;
    }
    auto values = select(results, e.path);
    if (values.empty()) {
      o.detail = "no value at " + e.path;
    } else {
      o.passed = true;
      for (const auto& [where, v] : values) {
        bool ok = true;
        if (e.equals) {
          // Numbers compare by value, so 1 equals 1.0.
          ok = (v->is_number() && e.equals->is_number()) ? v->get<double>() == e.equals->get<double>()
                                                          : *v == *e.equals;
        } else {
          ok = v->is_number() && (!e.min || v->get<double>() >= *e.min) && (!e.max || v->get<double>() <= *e.max);
        }
        if (!ok) {
          o.passed = false;
          std::string want = e.equals ? "== " + short_dump(*e.equals)
                                      : (e.min ? ">= " + short_dump(*e.min) : "") +
                                            (e.min && e.max ? " and " : "") + (e.max ? "<= " + short_dump(*e.max) : "");
          if (!o.detail.empty()) o.detail += "; ";
          o.detail += where + " is " + short_dump(*v) + ", expected " + want;
        }
      }
    }
    outcomes.push_back(o);
  }
  return outcomes;
}

}  // namespace imssim::scenario
