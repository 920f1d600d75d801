#include "nodes/ims/non_invite_client.h"

namespace imssim::ims {

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
