#include "nodes/ims/li_reporter.h"

#include "nodes/ims/sip_headers.h"
#include "nodes/proto/sip/build.h"
#include "nodes/proto/sip/constants.h"

namespace imssim::ims {
namespace {

std::string strip_params(std::string uri) { return uri.substr(0, uri.find(';')); }

}  // namespace

void LiReporter::on_invite(const sip::Message& invite) {
  // Who calls: the identity the P-CSCF asserted (a UE chooses its From freely).
  auto asserted = header_value(invite, "P-Asserted-Identity");
  std::string caller = strip_params(asserted ? uri_in(*asserted) : invite.from_uri());
  std::string callee = strip_params(std::string(invite.request_uri()));
  if (!target_.under_warrant(caller) && !target_.under_warrant(callee)) return;
  if (!intercepted_.insert(std::string(invite.call_id())).second) return;  // a retransmission
  if (env_.tracing()) env_.trace_note("S-CSCF reports the INVITE of a target to LI (X2)");
  ++reports_;
  report(invite);
}

void LiReporter::on_bye(const sip::Message& bye) {
  if (intercepted_.erase(std::string(bye.call_id())) == 0) return;
  if (env_.tracing()) env_.trace_note("S-CSCF reports the end of an intercepted call to LI (X2)");
  report(bye);
}

void LiReporter::report(const sip::Message& request) {
  auto r = client_.new_request("MESSAGE", target_.li_uri, sip_uri(transport_.local()),
                               target_.li_uri);
  r.content_type = std::string(sip::kMessageSipfrag);
  r.body = request.serialize();
  auto m = sip::build_request(r);
  if (!m) {
    if (env_.tracing()) env_.trace_note("S-CSCF: LI report not built: " + m.error().message);
    return;
  }
  client_.send(std::move(*m), target_.li);
}

}  // namespace imssim::ims
