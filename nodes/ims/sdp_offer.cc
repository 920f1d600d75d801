#include "nodes/ims/sdp_offer.h"

#include "nodes/proto/sip/constants.h"
#include "nodes/proto/sip/sdp.h"

namespace imssim::ims {

Result<CallMedia> read_call_media(std::string_view body) {
  auto sdp = sip::parse_sdp(body);
  if (!sdp) return fail("SDP: " + sdp.error().message);
  if (sdp->media.empty()) return fail("SDP without a media stream");
  auto ip = Ipv4::parse(sdp->address);
  if (!ip) return fail("bad c= address '" + sdp->address + "' in the SDP");
  CallMedia out;
  out.media = Endpoint{*ip, sdp->media.front().port};
  if (const sip::KeyMgmt* km = sdp->effective_key_mgmt(0, sip::kKeyMgmtMikey)) out.key_mgmt = km->data;
  return out;
}

}  // namespace imssim::ims
