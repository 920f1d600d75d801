// RFC 3261 §17 transactions, updated by RFC 6026 (Accepted states, Timers L and M): INVITE and
// non-INVITE, client and server. Time and timers come from a Clock (common/env.h); bytes go
// out through a send callback, so the same code runs on simulated and real networks.
//
// Callbacks run from the clock's event loop or from inside receive()/respond(); a transaction
// must not be destroyed from inside one of its own callbacks (defer it to the next event).
// Destroying a transaction cancels its timers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/env.h"
#include "common/function.h"
#include "nodes/proto/sip/constants.h"
#include "nodes/proto/sip/message.h"

namespace imssim::sip {

// Unreliable transports (UDP) retransmit and keep absorbing timers; reliable ones do neither
// (RFC 3261 §17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2).
enum class Reliability { kUnreliable, kReliable };

struct TimerConfig {
  Time t1 = kT1;
  Time t2 = kT2;
  Time t4 = kT4;
  Time timer_d = kTimerDUnreliable;
  Time timeout() const { return t1 * kTransactionTimeoutFactor; }  // B, F, H, J, L, M
};

enum class TransactionState {
  kCalling,      // INVITE client
  kTryingState,  // non-INVITE client and server ("Trying"; kTrying is the 100 status)
  kProceeding,
  kAccepted,  // RFC 6026 §7.1 (client), §7.2 (server)
  kCompleted,
  kConfirmed,  // INVITE server
  kTerminated,
};
std::string_view to_string(TransactionState s);

// RFC 3261 §17.1.3 (responses to client transactions: top Via branch + CSeq method) and
// §17.2.3 (requests to server transactions: branch + sent-by + method, ACK matching INVITE).
// Only RFC 3261 branches (magic cookie) are matched; RFC 2543 matching is not supported.
struct TransactionKey {
  std::string branch;
  std::string sent_by;  // "" for client keys
  std::string method;
  auto operator<=>(const TransactionKey&) const = default;
};
std::optional<TransactionKey> client_key(const Message& m);
std::optional<TransactionKey> server_key(const Message& request);

struct ClientCallbacks {
  UniqueFunction<void(const std::string& wire)> send;
  // Every response the TU must see: provisionals, the first final, and (INVITE, Accepted)
  // each further 2xx (RFC 6026 §8.4).
  UniqueFunction<void(const Message& response)> on_response;
  // Timer B/F (408) or a transport error (503, RFC 3261 §8.1.3.1); the transaction is over.
  UniqueFunction<void(int status, std::string_view reason)> on_failure;
  UniqueFunction<void()> on_terminated;
};

class ClientTransaction {
 public:
  // `request` must carry an RFC 3261 branch. INVITE requests get the INVITE state machine.
  ClientTransaction(Clock& clock, Message request, Reliability reliability, ClientCallbacks cb,
                    TimerConfig timers = {});
  ~ClientTransaction();
  ClientTransaction(const ClientTransaction&) = delete;
  ClientTransaction& operator=(const ClientTransaction&) = delete;

  void start();  // sends the request, starts A/B or E/F
  // A response matched to this transaction (client_key equal to key()).
  void receive(const Message& response);
  void transport_error();

  TransactionState state() const { return state_; }
  const TransactionKey& key() const { return key_; }
  bool is_invite() const { return invite_; }
  const Message& request() const { return request_; }

 private:
  void arm(int which, Time delay);
  void disarm(int which);
  void fire(int which);
  void terminate();

  Clock& clock_;
  Message request_;
  std::string wire_;
  std::string ack_wire_;
  Reliability reliability_;
  ClientCallbacks cb_;
  TimerConfig timers_;
  TransactionKey key_;
  bool invite_;
  TransactionState state_;
  Time interval_{};               // current A or E interval
  TimerId timer_[3] = {0, 0, 0};  // retransmit (A/E), timeout (B/F), wait (D/K/M)
};

struct ServerCallbacks {
  UniqueFunction<void(const std::string& wire)> send;
  // INVITE server only: an ACK for the final response (Completed) is absorbed; an ACK in
  // Accepted (for a 2xx, RFC 6026 §8.7) goes to the TU.
  UniqueFunction<void(const Message& ack)> on_ack;
  // Timer H (no ACK for a 300-699) or a transport error.
  UniqueFunction<void(int status, std::string_view reason)> on_failure;
  UniqueFunction<void()> on_terminated;
};

class ServerTransaction {
 public:
  // Created for a request that matched no transaction. An INVITE server sends 100 Trying at
  // once when `send_trying` (RFC 3261 §17.2.1 allows skipping it when the TU answers within
  // 200 ms).
  ServerTransaction(Clock& clock, const Message& request, Reliability reliability,
                    ServerCallbacks cb, TimerConfig timers = {}, bool send_trying = true);
  ~ServerTransaction();
  ServerTransaction(const ServerTransaction&) = delete;
  ServerTransaction& operator=(const ServerTransaction&) = delete;

  // A request matched to this transaction: a retransmission, or the ACK.
  void receive(const Message& request);
  // The TU's response; ignored (returns false) when the state does not allow it.
  bool respond(const Message& response);
  void transport_error();

  TransactionState state() const { return state_; }
  const TransactionKey& key() const { return key_; }
  bool is_invite() const { return invite_; }

 private:
  void arm(int which, Time delay);
  void disarm(int which);
  void fire(int which);
  void terminate();
  void send_last();

  Clock& clock_;
  Reliability reliability_;
  ServerCallbacks cb_;
  TimerConfig timers_;
  TransactionKey key_;
  bool invite_;
  TransactionState state_;
  std::string last_response_;
  Time interval_{};               // current G interval
  TimerId timer_[3] = {0, 0, 0};  // retransmit (G), timeout (H/L/J), wait (I)
};

}  // namespace imssim::sip
