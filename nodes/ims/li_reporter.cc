#include "nodes/ims/li_reporter.h"

#include "nodes/proto/sip/build.h"
#include "nodes/proto/sip/constants.h"

namespace imssim::ims {
namespace {

std::string strip_params(std::string uri) { return uri.substr(0, uri.find(';')); }

}  // namespace

void LiReporter::on_invite(const sip::Message& invite) {
  std::string caller = strip_params(invite.from_uri());
  std::string callee = strip_params(std::string(invite.request_uri()));
  if (!target_.under_warrant(caller) && !target_.under_warrant(callee)) return;
  sip::RequestSpec r;
  r.method = "MESSAGE";
  r.request_uri = target_.li_uri;
  r.from = "<" + sip_uri(transport_.local()) + ">";
  r.from_tag = sip::new_tag(env_.rng("sip-id"));
  r.to = "<" + target_.li_uri + ">";
  r.call_id = sip::new_call_id(env_.rng("sip-id"), env_.address().str());
  r.via_sent_by = transport_.sent_by();
  r.branch = sip::new_branch(env_.rng("sip-id"));
  r.content_type = std::string(sip::kMessageSipfrag);
  r.body = invite.serialize();
  auto m = sip::build_request(r);
  if (!m) {
    if (env_.tracing()) env_.trace_note("S-CSCF: LI report not built: " + m.error().message);
    return;
  }
  ++reports_;
  if (env_.tracing()) env_.trace_note("S-CSCF reports the INVITE of a target to LI (X2)");
  client_.send(std::move(*m), target_.li);
}

}  // namespace imssim::ims
