#include "nodes/ims/gba_key_source.h"

#include "nodes/keymgmt/steps.h"

namespace imssim::ims {

void GbaKeySource::get(UniqueFunction<void(Result<UeKmsKey>)> done) {
  if (key_ && key_->expiry > env_.now()) return done(*key_);
  waiting_.push_back(std::move(done));
  if (client_->running()) return;
  if (env_.tracing()) env_.trace_step(keymgmt::kStepBootstrap, "UE bootstraps with the BSF (GBA)");
  client_->bootstrap([this](Result<gba_nodes::GbaSession> s) { on_session(std::move(s)); });
}

void GbaKeySource::on_session(Result<gba_nodes::GbaSession> s) {
  Result<UeKmsKey> outcome = fail("GBA bootstrapping: " + (s ? std::string() : s.error().message));
  if (s) {
    auto ks_naf = s->ks_naf(kms_fqdn_);
    if (!ks_naf) {
      outcome = fail("Ks_NAF: " + ks_naf.error().message);
    } else {
      key_ = UeKmsKey{s->btid, Bytes(ks_naf->begin(), ks_naf->end()),
                      Time::sec(s->expiry_unix - epoch_unix_)};
      outcome = *key_;
    }
  }
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& w : waiting) w(outcome);
}

}  // namespace imssim::ims
