#include "nodes/gba_nodes/hss.h"

#include <algorithm>

#include "nodes/proto/diameter/zh.h"

namespace imssim::gba_nodes {

Result<std::unique_ptr<Hss>> Hss::start(Environment& env, HssConfig config) {
  std::unique_ptr<Hss> hss(new Hss(env, std::move(config)));
  for (const SubscriberConfig& s : hss->config_.subscribers) {
    const std::string where = "HSS " + hss->config_.origin_host + ": subscriber \"" + s.impi + "\"";
    auto m = gba::Milenage::with_opc(s.k, s.opc);
    if (!m) return fail(where + ": " + m.error().message);
    if (hss->subscribers_.count(s.impi)) return fail(where + ": IMPI listed twice");
    gba::HeSqnGenerator gen(gba::SqnLayout{}.seq(s.sqn));
    hss->subscribers_.emplace(s.impi, Subscriber{s, std::move(*m), gen});
  }
  auto server = DiameterServer::listen(
      env, hss->config_.port,
      [raw = hss.get()](const diameter::Message& request) { return raw->answer(request); });
  if (!server) return fail("HSS " + hss->config_.origin_host + ": " + server.error().message);
  hss->server_ = std::move(*server);
  return hss;
}

Hss::~Hss() = default;

std::optional<std::uint64_t> Hss::seq_he(std::string_view impi) const {
  auto it = subscribers_.find(impi);
  if (it == subscribers_.end()) return std::nullopt;
  return it->second.sqn.seq_he();
}

diameter::Message Hss::error_answer(const diameter::Message& request, std::string session_id,
                                    diameter::ResultCode result, std::string_view why) {
  if (env_.tracing()) env_.trace_note("HSS: " + std::string(why));
  diameter::MultimediaAuthAnswer a;
  a.session_id = std::move(session_id);
  a.origin_host = config_.origin_host;
  a.origin_realm = config_.origin_realm;
  a.result = result;
  diameter::Message m = diameter::build_maa(a, request.hop_by_hop, request.end_to_end);
  // RFC 6733 §7.1: protocol errors (3xxx) are answered with the E bit.
  if (!result.experimental && result.code >= 3000 && result.code < 4000)
    m.flags |= diameter::kFlagError;
  return m;
}

diameter::Message Hss::answer(const diameter::Message& request) {
  ++counters_.requests;
  if (request.application_id != diameter::kAppZh ||
      request.command_code != diameter::kCmdMultimediaAuth) {
    ++counters_.rejected;
    return error_answer(request, "", {kApplicationUnsupported, false},
                        "not a Zh Multimedia-Auth-Request");
  }
  auto mar = diameter::parse_mar(request);
  if (!mar) {
    ++counters_.rejected;
    return error_answer(request, "", {kInvalidAvpValue, false}, mar.error().message);
  }
  if (!mar->impi) {
    ++counters_.rejected;
    return error_answer(request, mar->session_id, {kInvalidAvpValue, false},
                        "MAR without User-Name (IMPI)");
  }
  auto it = subscribers_.find(*mar->impi);
  if (it == subscribers_.end()) {
    ++counters_.unknown_impi;
    return error_answer(request, mar->session_id, {kErrorImpiUnknown, true},
                        "unknown IMPI " + *mar->impi);
  }
  Subscriber& sub = it->second;
  if (mar->resync) {
    // SIP-Authorization = RAND || AUTS (TS 29.109 §5.2, TS 33.102 §6.3.5).
    const ByteView r = *mar->resync;
    auto sqn_ms =
        gba::verify_auts(sub.milenage, r.first(gba::kRandBytes), r.subspan(gba::kRandBytes));
    if (!sqn_ms) {
      ++counters_.resync_failures;
      return error_answer(request, mar->session_id, {kAuthenticationRejected, false},
                          "AUTS of " + *mar->impi + " rejected: " + sqn_ms.error().message);
    }
    ++counters_.resyncs;
    sub.sqn.resynchronise(*sqn_ms);
  }
  const gba::AuthVector v =
      gba::make_vector(sub.milenage, env_.rng("hss-rand"), sub.sqn.next(), sub.config.amf);
  ++counters_.vectors;
  diameter::MultimediaAuthAnswer a;
  a.session_id = mar->session_id;
  a.origin_host = config_.origin_host;
  a.origin_realm = config_.origin_realm;
  a.impi = mar->impi;
  if (!sub.config.impus.empty()) a.impu = sub.config.impus.front();
  diameter::AuthDataItem item;
  item.item_number = 1;
  // Sized first, then filled: GCC 12 at -O3 reports a false -Warray-bounds for an insert at
  // the end of a vector assigned from a 16-byte array (GCC bug 105651 family).
  item.rand_autn.resize(gba::kRandBytes + gba::kAutnBytes);
  std::copy(v.rand.begin(), v.rand.end(), item.rand_autn.begin());
  std::copy(v.autn.begin(), v.autn.end(), item.rand_autn.begin() + gba::kRandBytes);
  item.xres.assign(v.xres.begin(), v.xres.end());
  item.ck.assign(v.ck.begin(), v.ck.end());
  item.ik.assign(v.ik.begin(), v.ik.end());
  a.item = std::move(item);
  return diameter::build_maa(a, request.hop_by_hop, request.end_to_end);
}

}  // namespace imssim::gba_nodes
