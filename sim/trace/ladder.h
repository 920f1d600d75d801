// The ladder recorder: the logical message flow between hosts, one line per message (a UDP
// datagram, or one send() on a stream however many segments carry it), plus the transport's
// connection segments (SYN, FIN, RST) and notes. Written as text, Mermaid or PlantUML.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/time.h"

namespace imssim::trace {

struct LadderOptions {
  bool transport_events = true;           // SYN / SYN-ACK / FIN / RST lines (dashed)
  bool times = true;                      // show times in the Mermaid/PlantUML messages
  std::vector<std::string> participants;  // column order; unknown hosts are appended
};

struct LadderEntry {
  enum class Kind { kMessage, kTransport, kNote };
  Kind kind = Kind::kMessage;
  Time sent;
  Time arrived = Time::max();  // max: not (yet) arrived
  bool lost = false;
  std::string from, to;  // host names (a note has only `from`)
  std::string text;      // the label, or the classifier's summary, or the note
  int step = 0;          // protocol step number (0 = none)
  std::string step_title;
  std::string transport;       // "UDP 5060", "TCP 443"
  std::uint64_t bytes = 0;     // payload bytes of the message
  std::uint32_t segments = 0;  // packets that first carried it (fragments or segments)
  std::uint32_t retransmissions = 0;
};

class Ladder {
 public:
  explicit Ladder(LadderOptions options = {});

  // Returns the entry id (>= 1) for later updates.
  std::uint64_t message(Time sent, std::string_view from, std::string_view to, std::string text,
                        std::string transport, std::uint64_t bytes, int step,
                        std::string step_title,
                        LadderEntry::Kind kind = LadderEntry::Kind::kMessage);
  void note(Time t, std::string_view host, std::string text);
  void arrived(std::uint64_t id, Time t);
  // Marks a message lost (unless it arrived; `even_if_arrived` for one that arrived unheard).
  void lost(std::uint64_t id, bool even_if_arrived = false);
  void add_segments(std::uint64_t id, std::uint32_t n) { at(id).segments += n; }
  void add_retransmission(std::uint64_t id) { at(id).retransmissions += 1; }

  const std::vector<LadderEntry>& entries() const { return entries_; }
  const LadderOptions& options() const { return options_; }

  std::string text() const;
  std::string mermaid() const;
  std::string plantuml() const;
  // Writes the format the extension names: .mmd/.mermaid (Mermaid), .puml/.plantuml
  // (PlantUML), anything else text. Errors name the path and the reason.
  Result<Ok> write(const std::string& path) const;

 private:
  LadderEntry& at(std::uint64_t id) { return entries_[id - 1]; }
  void add_participant(std::string_view name);
  std::string message_text(const LadderEntry& e, bool with_time) const;

  LadderOptions options_;
  std::vector<LadderEntry> entries_;
  std::vector<std::string> participants_;
  std::map<std::string, std::size_t, std::less<>> participant_index_;
};

}  // namespace imssim::trace
