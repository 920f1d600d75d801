#include "nodes/ims/cx_vector_source.h"

#include "nodes/gba_nodes/constants.h"
#include "nodes/proto/diameter/zh.h"

namespace imssim::ims {

CxVectorSource::CxVectorSource(Environment& env, Endpoint hss, std::string origin_host,
                               std::string realm)
    : origin_host_(std::move(origin_host)),
      realm_(std::move(realm)),
      diameter_(env, hss, gba_nodes::kDefaultDiameterTimeout, "Cx client " + origin_host_) {}

void CxVectorSource::fetch(const std::string& impi, const std::string& impu,
                           UniqueFunction<void(Result<ImsAuthVector>)> done) {
  diameter::MultimediaAuthRequest r;
  r.session_id = diameter_.new_session_id(origin_host_);
  r.origin_host = origin_host_;
  r.origin_realm = realm_;
  r.destination_realm = realm_;
  r.impi = impi;
  r.impu = impu;
  diameter_.send(
      diameter::build_mar(r, 0, 0), [done = std::move(done)](Result<diameter::Message> a) mutable {
        if (!a) return done(fail("HSS: " + a.error().message));
        auto maa = diameter::parse_maa(*a);
        if (!maa) return done(fail("HSS answer: " + maa.error().message));
        if (!maa->item) return done(fail("HSS refused the vector request"));
        const auto& item = *maa->item;
        if (item.rand_autn.size() != 32) return done(fail("HSS: RAND||AUTN is not 32 octets"));
        ByteView ra(item.rand_autn);
        done(ImsAuthVector{Bytes(ra.begin(), ra.begin() + 16), Bytes(ra.begin() + 16, ra.end()),
                           item.xres, item.ck, item.ik});
      });
}

}  // namespace imssim::ims
