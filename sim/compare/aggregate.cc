#include "sim/compare/aggregate.h"

namespace imssim::compare {

namespace {

using json = nlohmann::json;

// The number at `pointer` in `j`, if there is one and it is not a "did not happen" -1.
std::optional<double> number_at(const json& j, const std::string& pointer) {
  json::json_pointer p(pointer);
  if (!j.is_object() || !j.contains(p)) return std::nullopt;
  const json& v = j.at(p);
  if (!v.is_number()) return std::nullopt;
  double d = v.get<double>();
  if (d < 0) return std::nullopt;
  return d;
}

// Values of `pointer` over the calls that report it.
std::vector<double> values_of(const std::vector<const json*>& calls, const std::string& pointer) {
  std::vector<double> out;
  for (const json* c : calls)
    if (auto v = number_at(*c, pointer)) out.push_back(*v);
  return out;
}

std::optional<double> mean_at(const std::vector<const json*>& calls, const std::string& pointer) {
  return mean_of(values_of(calls, pointer));
}

}  // namespace

const std::vector<std::string>& kms_counter_names() {
  static const std::vector<std::string> names{
      "keys_issued",     "resolves",          "mac_checks", "mac_computations",
      "key_derivations", "kemac_encryptions", "tls_handshakes", "http_requests",
      "ticket_seals",    "ticket_opens",      "cpu_ns"};
  return names;
}

VariantRow aggregate_results(const std::string& variant, const json& results) {
  VariantRow row;
  row.variant = variant;
  std::vector<const json*> established;
  if (results.contains("calls") && results["calls"].is_array()) {
    row.calls_total = results["calls"].size();
    for (const auto& c : results["calls"])
      if (c.is_object() && c.contains("established") && c["established"] == true)
        established.push_back(&c);
  }
  row.calls_established = established.size();
  row.km_round_trips = {mean_at(established, "/km_round_trips/caller"),
                        mean_at(established, "/km_round_trips/callee")};
  row.km_messages = mean_at(established, "/messages/UE-KMS");
  row.km_bytes = mean_at(established, "/bytes/UE-KMS");
  row.invite_bytes = mean_at(established, "/invite_bytes");
  row.setup_delay_ms = summarize(values_of(established, "/setup_delay_ms"));
  row.key_ready_ms = {mean_at(established, "/key_ready_ms/caller"),
                      mean_at(established, "/key_ready_ms/callee")};
  row.media_ready_ms = mean_at(established, "/media_ready_ms");
  for (const auto& name : kms_counter_names()) {
    std::optional<double> per_call;
    if (auto total = number_at(results, "/nodes/kms/" + name); total && row.calls_total > 0)
      per_call = *total / double(row.calls_total);
    row.kms_per_call.emplace_back(name, per_call);
  }
  row.kms_utilisation = number_at(results, "/nodes/kms/cpu_model/utilisation");
  row.kms_mean_wait_ms = number_at(results, "/nodes/kms/cpu_model/mean_wait_ms");
  return row;
}

VariantRow failed_variant(const std::string& variant, std::string error) {
  VariantRow row;
  row.variant = variant;
  row.error = std::move(error);
  for (const auto& name : kms_counter_names()) row.kms_per_call.emplace_back(name, std::nullopt);
  return row;
}

}  // namespace imssim::compare
