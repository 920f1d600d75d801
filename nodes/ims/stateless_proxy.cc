#include "nodes/ims/stateless_proxy.h"

#include <cstdio>

#include "nodes/proto/sip/build.h"
#include "nodes/proto/sip/constants.h"
#include "nodes/proto/sip/proxy.h"

namespace imssim::ims {
namespace {

// RFC 3261 §16.11: a stateless proxy's branch must be the same for a retransmission, so it
// is a function of the incoming request (its top branch) and of this proxy.
std::string derived_branch(std::string_view incoming, std::string_view self) {
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a 64
  for (auto part : {incoming, std::string_view("|"), self})
    for (unsigned char c : part) h = (h ^ c) * 0x100000001b3ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return std::string(sip::kBranchMagicCookie) + hex;
}

}  // namespace

bool StatelessProxy::admit(sip::Message& request, const Endpoint& from) {
  if (auto ok = sip::decrement_max_forwards(request); !ok) {
    answer(request, from, ok.error().status);
    return false;
  }
  sip::pop_route_if_self(request, self_uri_);
  return true;
}

void StatelessProxy::forward(sip::Message request, const Endpoint& next, bool record_route) {
  if (auto m = prepare(std::move(request), record_route)) send(*m, next);
}

std::optional<sip::Message> StatelessProxy::prepare(sip::Message request, bool record_route) {
  if (record_route && request.to_tag().empty()) {
    if (auto ok = sip::add_record_route(request, self_uri_); !ok) {
      env_.trace_note("proxy: Record-Route failed: " + ok.error().message);
      return std::nullopt;
    }
  }
  auto branch = derived_branch(request.top_via_branch(), self_uri_);
  if (auto ok = sip::push_via(request, "UDP", transport_.sent_by(), branch); !ok) {
    env_.trace_note("proxy: Via failed: " + ok.error().message);
    return std::nullopt;
  }
  return request;
}

void StatelessProxy::send(const sip::Message& prepared, const Endpoint& next) {
  ++forwarded_;
  transport_.send(prepared, next);
}

void StatelessProxy::forward_response(sip::Message response) {
  if (auto ok = sip::pop_via(response); !ok || response.via_count() == 0) return;  // §16.7 step 3
  auto next = endpoint_of(response.top_via_sent_by());
  if (!next) return;
  ++forwarded_;
  transport_.send(response, *next);
}

std::optional<StatelessProxy::Sent> StatelessProxy::respond(
    const sip::Message& request, const Endpoint& from, int status,
    std::vector<std::pair<std::string, std::string>> headers, std::string contact) {
  if (request.method() == "ACK") return std::nullopt;  // never answered (RFC 3261 §17.2.1)
  sip::ResponseSpec spec;
  spec.status = status;
  spec.to_tag = request.to_tag().empty() ? "proxy" : "";
  spec.headers = std::move(headers);
  spec.contact = std::move(contact);
  auto response = sip::build_response(request, spec);
  if (!response) {
    env_.trace_note("cannot answer " + std::to_string(status) + ": " + response.error().message);
    return std::nullopt;
  }
  // RFC 3261 §18.2.2: to the top Via's sent-by (the source address when it differs).
  auto via = endpoint_of(request.top_via_sent_by());
  Endpoint to = via ? *via : from;
  transport_.send(*response, to);
  return Sent{std::move(*response), to};
}

}  // namespace imssim::ims
