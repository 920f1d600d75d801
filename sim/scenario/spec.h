// A declarative description of a JSON document format. One spec serves three purposes: it
// validates scenario files with precise diagnostics, fills in defaults, and generates both the
// JSON Schema for editors (scenarios/scenario.schema.json) and the field reference of
// scenarios/README.md, so the format, its checks and its documentation cannot drift apart.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario/json_locator.h"

namespace imssim::scenario {

using nlohmann::json;

enum class SpecKind { kObject, kMap, kArray, kString, kInteger, kNumber, kBoolean, kUnion, kAny };

struct Spec;
using SpecRef = std::shared_ptr<const Spec>;

struct Field {
  std::string name;
  SpecRef spec;
  bool required = false;
};

struct Spec {
  SpecKind kind = SpecKind::kString;
  std::string title;        // name of the type in docs ("zone profile", "call action")
  std::string description;  // one or two sentences for the docs
  json default_value;       // null: no default
  json example;             // null: none

  std::vector<Field> fields;                       // kObject
  std::vector<std::vector<std::string>> one_of_keys;  // kObject: exactly one of each group
  SpecRef items;                                   // kArray, kMap
  std::size_t min_items = 0;                       // kArray
  std::vector<std::string> choices;                // kString: allowed values
  std::string format;                              // kString: "hex", "ipv4", "cidr", "sip-uri"
  std::size_t hex_bytes = 0;                       // kString with format hex: exact length
  std::optional<double> minimum, maximum;          // kInteger, kNumber
  bool exclusive_minimum = false;
  std::string tag;                                           // kUnion: discriminator key
  std::vector<std::pair<std::string, SpecRef>> alternatives;  // kUnion: tag value -> object
};

// Fluent construction: number("one-way delay").min(0).def(20).
class SpecBuilder {
 public:
  explicit SpecBuilder(SpecKind kind, std::string description);
  SpecBuilder& title(std::string t) { s_->title = std::move(t); return *this; }
  SpecBuilder& def(json v) { s_->default_value = std::move(v); return *this; }
  SpecBuilder& example(json v) { s_->example = std::move(v); return *this; }
  SpecBuilder& min(double v) { s_->minimum = v; return *this; }
  SpecBuilder& above(double v) { s_->minimum = v; s_->exclusive_minimum = true; return *this; }
  SpecBuilder& max(double v) { s_->maximum = v; return *this; }
  SpecBuilder& min_items(std::size_t n) { s_->min_items = n; return *this; }
  SpecBuilder& exactly_one_of(std::vector<std::string> keys) {
    s_->one_of_keys.push_back(std::move(keys));
    return *this;
  }
  operator SpecRef() const { return s_; }  // NOLINT: builders read as specs

 private:
  friend SpecBuilder object(std::string, std::vector<Field>);
  friend SpecBuilder array(std::string, SpecRef);
  friend SpecBuilder map(std::string, SpecRef);
  friend SpecBuilder choice(std::string, std::vector<std::string>);
  friend SpecBuilder hex(std::string, std::size_t);
  friend SpecBuilder formatted(std::string, std::string);
  friend SpecBuilder tagged(std::string, std::string, std::vector<std::pair<std::string, SpecRef>>);
  std::shared_ptr<Spec> s_;
};

SpecBuilder object(std::string description, std::vector<Field> fields);
SpecBuilder map(std::string description, SpecRef values);
SpecBuilder array(std::string description, SpecRef items);
SpecBuilder string(std::string description);
SpecBuilder choice(std::string description, std::vector<std::string> values);
SpecBuilder hex(std::string description, std::size_t bytes);
SpecBuilder formatted(std::string description, std::string format);
SpecBuilder integer(std::string description);
SpecBuilder number(std::string description);
SpecBuilder boolean(std::string description);
SpecBuilder any(std::string description);  // any JSON value
SpecBuilder tagged(std::string description, std::string tag,
                   std::vector<std::pair<std::string, SpecRef>> alternatives);

inline Field required(std::string name, SpecRef spec) { return {std::move(name), std::move(spec), true}; }
inline Field optional(std::string name, SpecRef spec) { return {std::move(name), std::move(spec), false}; }

// One problem found in a document: where (pointer + line:column) and what.
struct Diagnostic {
  std::string pointer;
  TextPosition position;
  std::string message;
  // "file.json:12:5: /network/zones/access/delay_ms: expected a number >= 0, found -3"
  std::string str(const std::string& file) const;
};
using Diagnostics = std::vector<Diagnostic>;

// Checks `doc` against `spec`; appends a diagnostic for every problem found.
void validate(const json& doc, const Spec& spec, const JsonLocator& where, Diagnostics& out);
// Returns `doc` with every absent optional field that has a default filled in. Assumes `doc`
// validated.
json with_defaults(const json& doc, const Spec& spec);

// "delay_ms" for "dealy_ms": the closest candidate within a small edit distance, or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

// Generated documentation forms of a spec.
json to_json_schema(const Spec& spec, const std::string& title, const std::string& id);
std::string to_markdown_reference(const Spec& spec);

}  // namespace imssim::scenario
