// Names the interface a flow belongs to, for the per-interface message and byte counts of the
// results: Ub (UE-BSF), Zn (KMS-BSF), Zh (BSF-HSS), Cx (S-CSCF-HSS), UE-KMS, Gm (UE-P-CSCF),
// Mw (between CSCFs, and the S-CSCF towards the mailbox), media (RTP/SRTP between UEs, the
// mailbox and the LI function), X (S-CSCF to the LI function), LI-KMS, probe (plain hosts).
#pragma once

#include "sim/scenario/world.h"
#include "sim/trace/metrics.h"

namespace imssim::scenario {

// The classifier reads `world` on every call; the world must outlive it.
trace::InterfaceClassifier interface_classifier(const World& world);

}  // namespace imssim::scenario
