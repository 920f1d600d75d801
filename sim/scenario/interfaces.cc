#include "sim/scenario/interfaces.h"

#include <array>
#include <string>
#include <utility>

namespace imssim::scenario {

namespace {

// What a host is, for naming interfaces: UEs are one kind whatever their name.
std::string_view kind(const World& w, std::string_view host) {
  switch (w.role(host)) {
    case HostRole::kUe:
      return "ue";
    case HostRole::kPlain:
      return "host";
    case HostRole::kImsFunction:
      return host;
  }
  return "host";
}

struct Pair {
  std::string_view a, b, name;
};

// Unordered pairs of host kinds and the interface between them (TS 23.228, TS 33.220,
// TS 33.328; X for the LI handover interfaces of TS 33.107).
constexpr std::array kInterfaces{
    Pair{"ue", "bsf", "Ub"},        Pair{"kms", "bsf", "Zn"},         Pair{"bsf", "hss", "Zh"},
    Pair{"scscf", "hss", "Cx"},     Pair{"ue", "kms", "UE-KMS"},      Pair{"ue", "pcscf", "Gm"},
    Pair{"pcscf", "scscf", "Mw"},   Pair{"scscf", "mailbox", "Mw"},   Pair{"ue", "ue", "media"},
    Pair{"ue", "mailbox", "media"}, Pair{"ue", "li", "media"},        Pair{"scscf", "li", "X"},
    Pair{"li", "kms", "LI-KMS"},    Pair{"mailbox", "kms", "UE-KMS"}, Pair{"host", "host", "probe"},
};

}  // namespace

trace::InterfaceClassifier interface_classifier(const World& world) {
  return [&world](const trace::FlowInfo& f) -> std::string {
    auto a = kind(world, f.src_host), b = kind(world, f.dst_host);
    for (const auto& p : kInterfaces)
      if ((p.a == a && p.b == b) || (p.a == b && p.b == a)) return std::string(p.name);
    return "other";
  };
}

}  // namespace imssim::scenario
