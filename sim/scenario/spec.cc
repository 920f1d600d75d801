#include "sim/scenario/spec.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "common/address.h"
#include "common/hex.h"

namespace imssim::scenario {

SpecBuilder::SpecBuilder(SpecKind kind, std::string description) : s_(std::make_shared<Spec>()) {
  s_->kind = kind;
  s_->description = std::move(description);
}

SpecBuilder object(std::string description, std::vector<Field> fields) {
  SpecBuilder b(SpecKind::kObject, std::move(description));
  b.s_->fields = std::move(fields);
  return b;
}
SpecBuilder map(std::string description, SpecRef values) {
  SpecBuilder b(SpecKind::kMap, std::move(description));
  b.s_->items = std::move(values);
  return b;
}
SpecBuilder array(std::string description, SpecRef items) {
  SpecBuilder b(SpecKind::kArray, std::move(description));
  b.s_->items = std::move(items);
  return b;
}
SpecBuilder string(std::string description) { return SpecBuilder(SpecKind::kString, std::move(description)); }
SpecBuilder choice(std::string description, std::vector<std::string> values) {
  SpecBuilder b(SpecKind::kString, std::move(description));
  b.s_->choices = std::move(values);
  return b;
}
SpecBuilder hex(std::string description, std::size_t bytes) {
  SpecBuilder b(SpecKind::kString, std::move(description));
  b.s_->format = "hex";
  b.s_->hex_bytes = bytes;
  return b;
}
SpecBuilder formatted(std::string description, std::string format) {
  SpecBuilder b(SpecKind::kString, std::move(description));
  b.s_->format = std::move(format);
  return b;
}
SpecBuilder integer(std::string description) { return SpecBuilder(SpecKind::kInteger, std::move(description)); }
SpecBuilder number(std::string description) { return SpecBuilder(SpecKind::kNumber, std::move(description)); }
SpecBuilder boolean(std::string description) { return SpecBuilder(SpecKind::kBoolean, std::move(description)); }
SpecBuilder any(std::string description) { return SpecBuilder(SpecKind::kAny, std::move(description)); }
SpecBuilder tagged(std::string description, std::string tag,
                   std::vector<std::pair<std::string, SpecRef>> alternatives) {
  SpecBuilder b(SpecKind::kUnion, std::move(description));
  b.s_->tag = std::move(tag);
  b.s_->alternatives = std::move(alternatives);
  return b;
}

std::string Diagnostic::str(const std::string& file) const {
  std::string out = file;
  if (position.line > 0)
    out += ":" + std::to_string(position.line) + ":" + std::to_string(position.column);
  out += ": " + (pointer.empty() ? std::string("(document)") : pointer) + ": " + message;
  return out;
}

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string quoted_list(const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += i + 1 == values.size() ? " or " : ", ";
    out += "'" + values[i] + "'";
  }
  return out;
}

// "a string", "the number -3", ... for "found ..." parts of messages.
std::string describe(const json& v) {
  std::string text = v.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  switch (v.type()) {
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "the string " + text;
    case json::value_t::boolean: return "the boolean " + text;
    case json::value_t::null: return "null";
    default: return "the number " + text;
  }
}

std::string format_number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

std::string expected_kind(const Spec& s) {
  switch (s.kind) {
    case SpecKind::kObject: return "an object";
    case SpecKind::kMap: return "an object (a map of names to values)";
    case SpecKind::kArray: return "an array";
    case SpecKind::kString: return "a string";
    case SpecKind::kInteger: return "an integer";
    case SpecKind::kNumber: return "a number";
    case SpecKind::kBoolean: return "true or false";
    case SpecKind::kUnion: return "an object with a '" + s.tag + "' key";
    case SpecKind::kAny: return "any value";
  }
  return "?";
}

class Validator {
 public:
  Validator(const JsonLocator& where, Diagnostics& out) : where_(where), out_(out) {}

  void check(const json& v, const Spec& s, const std::string& ptr) {
    switch (s.kind) {
      case SpecKind::kObject: return object(v, s, ptr);
      case SpecKind::kMap: return map(v, s, ptr);
      case SpecKind::kArray: return array(v, s, ptr);
      case SpecKind::kString: return string(v, s, ptr);
      case SpecKind::kInteger:
      case SpecKind::kNumber: return number(v, s, ptr);
      case SpecKind::kBoolean:
        if (!v.is_boolean()) mismatch(v, s, ptr);
        return;
      case SpecKind::kUnion: return tagged_union(v, s, ptr);
      case SpecKind::kAny: return;
    }
  }

 private:
  void report(const std::string& ptr, std::string message, bool at_key = false) {
    out_.push_back({ptr, at_key ? where_.find_key(ptr) : where_.find(ptr), std::move(message)});
  }
  void mismatch(const json& v, const Spec& s, const std::string& ptr) {
    report(ptr, "expected " + expected_kind(s) + ", found " + describe(v));
  }

  void object(const json& v, const Spec& s, const std::string& ptr, const std::string& tag = "") {
    if (!v.is_object()) return mismatch(v, s, ptr);
    std::vector<std::string> names;
    for (const auto& f : s.fields) names.push_back(f.name);
    if (!tag.empty()) names.push_back(tag);
    for (const auto& [key, value] : v.items()) {
      std::string child = ptr + "/" + pointer_escape(key);
      if (key == tag || (ptr.empty() && key == "$schema")) continue;
      auto f = std::find_if(s.fields.begin(), s.fields.end(), [&](const Field& x) { return x.name == key; });
      if (f == s.fields.end()) {
        std::string hint = did_you_mean(key, names);
        report(child, "unknown key '" + key + "'" +
                          (hint.empty() ? " (allowed: " + quoted_list(names) + ")"
                                        : " (did you mean '" + hint + "'?)"),
               true);
        continue;
      }
      check(value, *f->spec, child);
    }
    for (const auto& f : s.fields)
      if (f.required && !v.contains(f.name))
        report(ptr, "missing required key '" + f.name + "': " + f.spec->description);
    for (const auto& group : s.one_of_keys) {
      std::size_t present = 0;
      for (const auto& k : group) present += v.contains(k);
      if (present != 1)
        report(ptr, "exactly one of " + quoted_list(group) + " must be given, found " +
                        std::to_string(present));
    }
  }

  void map(const json& v, const Spec& s, const std::string& ptr) {
    if (!v.is_object()) return mismatch(v, s, ptr);
    for (const auto& [key, value] : v.items()) check(value, *s.items, ptr + "/" + pointer_escape(key));
  }

  void array(const json& v, const Spec& s, const std::string& ptr) {
    if (!v.is_array()) return mismatch(v, s, ptr);
    if (v.size() < s.min_items)
      report(ptr, "expected at least " + std::to_string(s.min_items) + " element(s), found " +
                      std::to_string(v.size()));
    for (std::size_t i = 0; i < v.size(); ++i) check(v[i], *s.items, ptr + "/" + std::to_string(i));
  }

  void string(const json& v, const Spec& s, const std::string& ptr) {
    if (!v.is_string()) return mismatch(v, s, ptr);
    const auto& text = v.get_ref<const std::string&>();
    if (!s.choices.empty() && std::find(s.choices.begin(), s.choices.end(), text) == s.choices.end()) {
      std::string hint = did_you_mean(text, s.choices);
      report(ptr, "expected one of " + quoted_list(s.choices) + ", found '" + text + "'" +
                      (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    }
    if (s.format == "hex") {
      auto bytes = from_hex(text);
      if (!bytes)
        report(ptr, "expected " + std::to_string(s.hex_bytes) + " bytes of hex, " + bytes.error().message);
      else if (s.hex_bytes && bytes->size() != s.hex_bytes)
        report(ptr, "expected " + std::to_string(s.hex_bytes) + " bytes of hex (" +
                        std::to_string(2 * s.hex_bytes) + " digits), found " +
                        std::to_string(bytes->size()) + " bytes");
    } else if (s.format == "ipv4") {
      if (auto a = Ipv4::parse(text); !a) report(ptr, "expected an IPv4 address: " + a.error().message);
    } else if (s.format == "cidr") {
      auto slash = text.find('/');
      bool ok = slash != std::string::npos && Ipv4::parse(text.substr(0, slash)).ok();
      int bits = ok ? std::atoi(text.c_str() + slash + 1) : -1;
      if (!ok || bits < 8 || bits > 30 || std::to_string(bits) != text.substr(slash + 1))
        report(ptr, "expected an IPv4 prefix like '10.1.0.0/16' (prefix length 8 to 30), found '" + text + "'");
    } else if (s.format == "sip-uri") {
      if (text.rfind("sip:", 0) != 0 && text.rfind("tel:", 0) != 0)
        report(ptr, "expected a SIP or tel URI ('sip:user@domain'), found '" + text + "'");
    } else if (text.empty()) {
      report(ptr, "expected a non-empty string");
    }
  }

  void number(const json& v, const Spec& s, const std::string& ptr) {
    bool integral = v.is_number_integer() ||
                    (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
    if (!v.is_number() || (s.kind == SpecKind::kInteger && !integral)) return mismatch(v, s, ptr);
    double x = v.get<double>();
    bool low = s.minimum && (s.exclusive_minimum ? x <= *s.minimum : x < *s.minimum);
    bool high = s.maximum && x > *s.maximum;
    if (low || high) {
      std::string range;
      if (s.minimum) range += (s.exclusive_minimum ? "> " : ">= ") + format_number(*s.minimum);
      if (s.minimum && s.maximum) range += " and ";
      if (s.maximum) range += "<= " + format_number(*s.maximum);
      report(ptr, "expected " + expected_kind(s) + " " + range + ", found " + describe(v));
    }
  }

  void tagged_union(const json& v, const Spec& s, const std::string& ptr) {
    if (!v.is_object()) return mismatch(v, s, ptr);
    std::vector<std::string> names;
    for (const auto& a : s.alternatives) names.push_back(a.first);
    auto t = v.find(s.tag);
    if (t == v.end() || !t->is_string()) {
      report(ptr, "missing '" + s.tag + "' (a string: " + quoted_list(names) + ")");
      return;
    }
    const auto& name = t->get_ref<const std::string&>();
    for (const auto& [alt_name, alt] : s.alternatives)
      if (alt_name == name) return object(v, *alt, ptr, s.tag);
    std::string hint = did_you_mean(name, names);
    report(ptr + "/" + s.tag, "unknown " + s.tag + " '" + name + "'" +
                                  (hint.empty() ? " (expected " + quoted_list(names) + ")"
                                                : " (did you mean '" + hint + "'?)"));
  }

  const JsonLocator& where_;
  Diagnostics& out_;
};

}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

void validate(const json& doc, const Spec& spec, const JsonLocator& where, Diagnostics& out) {
  Validator(where, out).check(doc, spec, "");
}

json with_defaults(const json& doc, const Spec& spec) {
  switch (spec.kind) {
    case SpecKind::kObject: {
      json out = doc;
      for (const auto& f : spec.fields) {
        if (doc.contains(f.name))
          out[f.name] = with_defaults(doc[f.name], *f.spec);
        else if (!f.spec->default_value.is_null())
          out[f.name] = with_defaults(f.spec->default_value, *f.spec);
      }
      return out;
    }
    case SpecKind::kMap: {
      json out = json::object();
      for (const auto& [k, v] : doc.items()) out[k] = with_defaults(v, *spec.items);
      return out;
    }
    case SpecKind::kArray: {
      json out = json::array();
      for (const auto& v : doc) out.push_back(with_defaults(v, *spec.items));
      return out;
    }
    case SpecKind::kUnion: {
      const auto& name = doc.at(spec.tag).get_ref<const std::string&>();
      for (const auto& [alt_name, alt] : spec.alternatives)
        if (alt_name == name) return with_defaults(doc, *alt);
      return doc;
    }
    default: return doc;
  }
}

namespace {

json schema_of(const Spec& s, const std::string& tag = "", const std::string& tag_value = "") {
  json out;
  if (!s.description.empty()) out["description"] = s.description;
  if (!s.default_value.is_null()) out["default"] = s.default_value;
  switch (s.kind) {
    case SpecKind::kObject: {
      out["type"] = "object";
      json props = json::object();
      json req = json::array();
      if (!tag.empty()) {
        props[tag] = {{"const", tag_value}};
        req.push_back(tag);
      }
      for (const auto& f : s.fields) {
        props[f.name] = schema_of(*f.spec);
        if (f.required) req.push_back(f.name);
      }
      out["properties"] = props;
      if (!req.empty()) out["required"] = req;
      out["additionalProperties"] = false;
      for (const auto& group : s.one_of_keys) {
        json alts = json::array();
        for (const auto& k : group) alts.push_back({{"required", {k}}});
        out["oneOf"] = alts;
      }
      break;
    }
    case SpecKind::kMap:
      out["type"] = "object";
      out["additionalProperties"] = schema_of(*s.items);
      break;
    case SpecKind::kArray:
      out["type"] = "array";
      out["items"] = schema_of(*s.items);
      if (s.min_items) out["minItems"] = s.min_items;
      break;
    case SpecKind::kString:
      out["type"] = "string";
      if (!s.choices.empty()) out["enum"] = s.choices;
      if (s.format == "hex")
        out["pattern"] = "^[0-9a-fA-F]{" + std::to_string(2 * s.hex_bytes) + "}$";
      else if (s.format == "ipv4")
        out["format"] = "ipv4";
      else if (s.format == "cidr")
        out["pattern"] = "^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+/[0-9]+$";
      else if (s.format == "sip-uri")
        out["pattern"] = "^(sip|tel):";
      else if (s.choices.empty())
        out["minLength"] = 1;
      break;
    case SpecKind::kInteger:
    case SpecKind::kNumber:
      out["type"] = s.kind == SpecKind::kInteger ? "integer" : "number";
      if (s.minimum) out[s.exclusive_minimum ? "exclusiveMinimum" : "minimum"] = *s.minimum;
      if (s.maximum) out["maximum"] = *s.maximum;
      break;
    case SpecKind::kBoolean: out["type"] = "boolean"; break;
    case SpecKind::kAny: break;
    case SpecKind::kUnion: {
      json alts = json::array();
      for (const auto& [name, alt] : s.alternatives) alts.push_back(schema_of(*alt, s.tag, name));
      out["type"] = "object";
      out["oneOf"] = alts;
      break;
    }
  }
  return out;
}

std::string type_name(const Spec& s) {
  switch (s.kind) {
    case SpecKind::kObject: return s.title.empty() ? "object" : s.title;
    case SpecKind::kMap: return "map of name → " + type_name(*s.items);
    case SpecKind::kArray: return "array of " + type_name(*s.items);
    case SpecKind::kString:
      if (!s.choices.empty()) {
        std::string out;
        for (const auto& c : s.choices) out += (out.empty() ? "" : " \\| ") + ("`" + c + "`");
        return out;
      }
      if (s.format == "hex") return "hex (" + std::to_string(s.hex_bytes) + " bytes)";
      return s.format.empty() ? "string" : s.format;
    case SpecKind::kInteger:
    case SpecKind::kNumber: {
      std::string out = s.kind == SpecKind::kInteger ? "integer" : "number";
      if (s.minimum) out += std::string(s.exclusive_minimum ? " > " : " ≥ ") + format_number(*s.minimum);
      if (s.maximum) out += " ≤ " + format_number(*s.maximum);
      return out;
    }
    case SpecKind::kBoolean: return "boolean";
    case SpecKind::kAny: return "any";
    case SpecKind::kUnion: return s.title.empty() ? "one of the kinds below" : s.title;
  }
  return "?";
}

void markdown_object(const Spec& s, const std::string& path, const std::string& tag,
                     std::ostringstream& out, std::vector<std::pair<std::string, const Spec*>>& todo) {
  out << "| key | type | required | default | meaning |\n|---|---|---|---|---|\n";
  if (!tag.empty()) out << "| `" << tag << "` | string | yes | | the kind, see the heading |\n";
  for (const auto& f : s.fields) {
    const Spec& fs = *f.spec;
    out << "| `" << f.name << "` | " << type_name(fs) << " | " << (f.required ? "yes" : "") << " | "
        << (fs.default_value.is_null() ? "" : "`" + fs.default_value.dump() + "`") << " | "
        << fs.description << " |\n";
    const Spec* inner = &fs;
    std::string inner_path = path.empty() ? f.name : path + "." + f.name;
    while (inner->kind == SpecKind::kArray || inner->kind == SpecKind::kMap) {
      inner_path += inner->kind == SpecKind::kArray ? "[]" : ".*";
      inner = inner->items.get();
    }
    if (inner->kind == SpecKind::kObject || inner->kind == SpecKind::kUnion)
      todo.emplace_back(inner_path, inner);
  }
  for (const auto& group : s.one_of_keys) out << "\nExactly one of " << quoted_list(group) << ".\n";
}

}  // namespace

json to_json_schema(const Spec& spec, const std::string& title, const std::string& id) {
  json out = schema_of(spec);
  json head = {{"$schema", "https://json-schema.org/draft/2020-12/schema"}, {"$id", id}, {"title", title}};
  head.update(out);
  head["properties"]["$schema"] = {{"type", "string"}, {"description", "path of this schema, for editors"}};
  return head;
}

std::string to_markdown_reference(const Spec& spec) {
  std::ostringstream out;
  std::vector<std::pair<std::string, const Spec*>> todo{{"", &spec}};
  for (std::size_t i = 0; i < todo.size(); ++i) {
    auto [path, s] = todo[i];
    if (s->kind == SpecKind::kUnion) {
      out << "\n### `" << path << "`\n\n" << s->description << " The key `" << s->tag
          << "` selects the kind.\n";
      for (const auto& [name, alt] : s->alternatives) {
        out << "\n#### `" << path << "` with `" << s->tag << ": \"" << name << "\"`\n\n"
            << alt->description << "\n\n";
        markdown_object(*alt, path, s->tag, out, todo);
      }
      continue;
    }
    out << "\n### " << (path.empty() ? "Top level" : "`" + path + "`") << "\n\n" << s->description << "\n\n";
    markdown_object(*s, path, "", out, todo);
  }
  return out.str();
}

}  // namespace imssim::scenario
