#include "nodes/gba_nodes/zn_client.h"

#include <algorithm>

#include "nodes/proto/diameter/zn.h"

namespace imssim::gba_nodes {

namespace {

Unexpected<ZnError> zn_error(ZnError::Kind kind, std::string message) {
  return Unexpected<ZnError>{ZnError{kind, std::move(message)}};
}

}  // namespace

std::unique_ptr<ZnClient> ZnClient::create(Environment& env, ZnClientConfig config) {
  return std::unique_ptr<ZnClient>(new ZnClient(env, std::move(config)));
}

ZnClient::ZnClient(Environment& env, ZnClientConfig config)
    : env_(env),
      config_(std::move(config)),
      diameter_(env, config_.bsf, config_.timeout, "zn-" + config_.naf_fqdn) {}

std::int64_t ZnClient::unix_now() const {
  return config_.epoch_unix + env_.now().ns() / 1'000'000'000;
}

std::optional<NafKey> ZnClient::cached(std::string_view btid) const {
  auto it = cache_.find(btid);
  if (it == cache_.end() || it->second.expiry_unix <= unix_now()) return std::nullopt;
  return it->second;
}

void ZnClient::forget(std::string_view btid) {
  if (auto it = cache_.find(btid); it != cache_.end()) cache_.erase(it);
}

void ZnClient::fetch(const std::string& btid, Callback done) {
  ++counters_.requests;
  if (auto hit = cached(btid)) {
    ++counters_.cache_hits;
    env_.start_timer(Time(),
                     [key = std::move(*hit), d = std::move(done)]() mutable { d(std::move(key)); });
    return;
  }
  forget(btid);  // an expired entry
  if (auto it = in_flight_.find(btid); it != in_flight_.end()) {
    ++counters_.coalesced;
    it->second.push_back(std::move(done));
    return;
  }
  in_flight_[btid].push_back(std::move(done));
  diameter::BootstrappingInfoRequest bir;
  bir.session_id = diameter_.new_session_id(config_.naf_fqdn);
  bir.origin_host = config_.naf_fqdn;
  bir.origin_realm = config_.origin_realm;
  bir.destination_realm = config_.bsf_realm;
  bir.btid = btid;
  bir.naf_id = gba::naf_id(config_.naf_fqdn, config_.ua_protocol);
  ++counters_.round_trips;
  diameter_.send(diameter::build_bir(bir, 0, 0), [this, btid](Result<diameter::Message> answer) {
    on_answer(btid, std::move(answer));
  });
}

void ZnClient::on_answer(const std::string& btid, Result<diameter::Message> answer) {
  const std::string where = "Zn " + config_.naf_fqdn + ", B-TID " + btid + ": ";
  auto outcome = [&]() -> Result<NafKey, ZnError> {
    if (!answer) return zn_error(ZnError::Kind::kTransport, where + answer.error().message);
    auto bia = diameter::parse_bia(*answer);
    if (!bia) return zn_error(ZnError::Kind::kProtocol, where + "bad BIA: " + bia.error().message);
    if (!bia->result.success()) {
      if (bia->result.experimental && bia->result.code == kErrorBtidInvalid)
        return zn_error(ZnError::Kind::kInvalidBtid,
                        where +
                            "the BSF refused it (DIAMETER_ERROR_TRANSACTION_IDENTIFIER_INVALID "
                            "5403): unknown or expired, the UE must bootstrap again");
      return zn_error(ZnError::Kind::kRefused,
                      where + "the BSF answered " +
                          (bia->result.experimental ? "Experimental-Result " : "Result-Code ") +
                          std::to_string(bia->result.code));
    }
    if (!bia->me_key_material || !bia->impi || !bia->key_expiry_time)
      return zn_error(ZnError::Kind::kProtocol,
                      where + "BIA without ME-Key-Material, User-Name or Key-ExpiryTime");
    NafKey key;
    std::copy_n(bia->me_key_material->begin(), key.ks_naf.size(), key.ks_naf.begin());
    key.impi = *bia->impi;
    key.expiry_unix = *bia->key_expiry_time;
    if (key.expiry_unix <= unix_now())
      return zn_error(ZnError::Kind::kInvalidBtid, where + "the key expired already");
    return key;
  }();
  if (outcome) cache_[btid] = *outcome;
  deliver(btid, outcome);
}

void ZnClient::deliver(const std::string& btid, const Result<NafKey, ZnError>& outcome) {
  auto it = in_flight_.find(btid);
  if (it == in_flight_.end()) return;
  std::vector<Callback> waiting = std::move(it->second);
  in_flight_.erase(it);
  if (!outcome) counters_.errors += waiting.size();
  for (Callback& cb : waiting) {
    if (outcome)
      cb(outcome.value());
    else
      cb(Unexpected<ZnError>{outcome.error()});
  }
}

}  // namespace imssim::gba_nodes
