#include "nodes/kms/policy.h"

#include <algorithm>

namespace imssim::kms {

std::string_view to_string(Refusal r) {
  switch (r) {
    case Refusal::kNotOwnIdentity:
      return "identity-not-owned";
    case Refusal::kUnknownReceiver:
      return "unknown-receiver";
    case Refusal::kUnknownKeyId:
      return "unknown-key-id";
    case Refusal::kExpired:
      return "key-expired";
    case Refusal::kNotAuthorised:
      return "not-authorised-receiver";
    case Refusal::kNoWarrant:
      return "no-active-warrant";
    case Refusal::kInvalidTicket:
      return "invalid-ticket";
  }
  return "unknown";
}

void Policy::add_subscriber(const std::string& impi, const std::string& impu) {
  impus_of_impi_[impi].insert(impu);
  subscribers_.insert(impu);
}

void Policy::add_group(const std::string& group_uri, std::vector<std::string> member_impus) {
  groups_[group_uri] = std::move(member_impus);
}

void Policy::add_warrant(Warrant w) { warrants_.push_back(std::move(w)); }

bool Policy::owns(const std::string& impi, const std::string& impu) const {
  auto it = impus_of_impi_.find(impi);
  return it != impus_of_impi_.end() && it->second.count(impu) > 0;
}

Result<std::vector<std::string>, Refusal> Policy::expand(
    const std::vector<std::string>& named) const {
  std::set<std::string> out;
  for (const auto& n : named) {
    if (subscribers_.count(n)) {
      out.insert(n);
    } else if (auto g = groups_.find(n); g != groups_.end()) {
      out.insert(g->second.begin(), g->second.end());
    } else {
      return Unexpected{Refusal::kUnknownReceiver};
    }
  }
  if (out.empty()) return Unexpected{Refusal::kUnknownReceiver};
  return std::vector<std::string>(out.begin(), out.end());
}

Result<Ok, Refusal> Policy::may_resolve(const IssuedKey& key, const std::string& impu,
                                        Time now) const {
  if (now >= key.expires) return Unexpected{Refusal::kExpired};
  if (!std::binary_search(key.receivers.begin(), key.receivers.end(), impu))
    return Unexpected{Refusal::kNotAuthorised};
  return Ok{};
}

bool Policy::under_warrant(const std::string& impu, Time now) const {
  return std::any_of(warrants_.begin(), warrants_.end(), [&](const Warrant& w) {
    return w.target == impu && w.start <= now && now < w.stop;
  });
}

Result<Ok, Refusal> Policy::may_intercept(const IssuedKey& key, Time now) const {
  if (now >= key.expires) return Unexpected{Refusal::kExpired};
  // A warrant on one of the key's parties, in force when the key was issued and still now: no
  // key from before a warrant started, none after it stopped.
  auto covers = [&](const std::string& impu) {
    return std::any_of(warrants_.begin(), warrants_.end(), [&](const Warrant& w) {
      return w.target == impu && w.start <= key.issued && key.issued < w.stop && now < w.stop;
    });
  };
  if (covers(key.initiator)) return Ok{};
  if (std::any_of(key.receivers.begin(), key.receivers.end(), covers)) return Ok{};
  return Unexpected{Refusal::kNoWarrant};
}

}  // namespace imssim::kms
