#include "nodes/proto/sip/transaction.h"

namespace imssim::sip {

std::string_view to_string(TransactionState s) {
  switch (s) {
    case TransactionState::kCalling:
      return "Calling";
    case TransactionState::kTryingState:
      return "Trying";
    case TransactionState::kProceeding:
      return "Proceeding";
    case TransactionState::kAccepted:
      return "Accepted";
    case TransactionState::kCompleted:
      return "Completed";
    case TransactionState::kConfirmed:
      return "Confirmed";
    case TransactionState::kTerminated:
      return "Terminated";
  }
  return "?";
}

namespace {

bool rfc3261_branch(std::string_view b) {
  return b.size() > kBranchMagicCookie.size() &&
         b.substr(0, kBranchMagicCookie.size()) == kBranchMagicCookie;
}

}  // namespace

std::optional<TransactionKey> client_key(const Message& m) {
  std::string_view branch = m.top_via_branch();
  if (!rfc3261_branch(branch) || m.cseq_method().empty()) return std::nullopt;
  return TransactionKey{std::string(branch), "", std::string(m.cseq_method())};
}

std::optional<TransactionKey> server_key(const Message& request) {
  std::string_view branch = request.top_via_branch();
  if (!request.is_request() || !rfc3261_branch(branch)) return std::nullopt;
  std::string method(request.method());
  if (method == "ACK") method = "INVITE";  // §17.2.3: the ACK matches its INVITE
  return TransactionKey{std::string(branch), request.top_via_sent_by(), method};
}

}  // namespace imssim::sip
