#include "nodes/ims/non_invite_client.h"

namespace imssim::ims {

sip::RequestSpec NonInviteClient::new_request(std::string method, std::string request_uri,
                                              const std::string& from_uri,
                                              const std::string& to_uri) {
  sip::RequestSpec r;
  r.method = std::move(method);
  r.request_uri = std::move(request_uri);
  r.from = "<" + from_uri + ">";
  r.from_tag = sip::new_tag(env_.rng("sip-id"));
  r.to = "<" + to_uri + ">";
  r.call_id = sip::new_call_id(env_.rng("sip-id"), env_.address().str());
  r.via_sent_by = transport_.sent_by();
  r.branch = sip::new_branch(env_.rng("sip-id"));
  return r;
}

void NonInviteClient::send(sip::Message request, const Endpoint& to) {
  std::string id(request.call_id());
  ++sent_;
  transport_.send(request, to);
  auto p = std::make_unique<Pending>(env_, std::move(request), to);
  Pending& pending = *p;
  pending_.insert_or_assign(id, std::move(p));
  pending.rtx.start(
      true, [this, &pending] { transport_.send(pending.message, pending.to); },
      [this, id] {
        ++unanswered_;
        pending_.erase(id);
      });
}

bool NonInviteClient::on_response(const sip::Message& m) {
  auto it = pending_.find(std::string(m.call_id()));
  if (it == pending_.end()) return false;
  if (m.status() >= 200) pending_.erase(it);
  return true;
}

}  // namespace imssim::ims
