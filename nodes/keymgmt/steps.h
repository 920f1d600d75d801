// The proposal's numbered steps, as the ladder diagram shows them (README "The flow"). The
// node that sends a step's first message announces it with Environment::trace_step.
#pragma once

namespace imssim::keymgmt {

inline constexpr int kStepBootstrap = 1;        // UE A runs GBA with the BSF (Ub)
inline constexpr int kStepKeyRequest = 2;       // UE A asks the KMS for a key for UE B
inline constexpr int kStepKeyResponse = 3;      // the KMS returns a fresh key and key-id
inline constexpr int kStepInvite = 4;           // UE A sends the INVITE with the key-id
inline constexpr int kStepImsCore = 5;          // P-CSCF/S-CSCF pass the INVITE on
inline constexpr int kStepResolveRequest = 6;   // UE B asks the KMS for the key-id's key
inline constexpr int kStepResolveResponse = 7;  // the KMS checks UE B and returns the key
inline constexpr int kStepAccept = 8;           // UE B accepts (200 OK)
inline constexpr int kStepMedia = 9;            // SRTP media both ways

}  // namespace imssim::keymgmt
