#include "sim/trace/ladder.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace imssim::trace {
namespace {

std::string ms(Time t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", t.to_ms());
  return buf;
}

// Mermaid reads ';' as a statement end and '#' as an entity start; lines end a statement.
std::string mermaid_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '#')
      out += "#35;";
    else if (c == ';')
      out += "#59;";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

// "p<n>": a participant alias. (Appended, not "p" + std::to_string(n): GCC 12 at -O3 flags
// a literal plus a temporary string with a bogus -Wrestrict, PR 105651.)
std::string alias_of(std::size_t index) {
  std::string a = "p";
  a += std::to_string(index + 1);
  return a;
}

std::string one_line(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  return out;
}

}  // namespace

Ladder::Ladder(LadderOptions options) : options_(std::move(options)) {
  for (const auto& p : options_.participants) add_participant(p);
}

void Ladder::add_participant(std::string_view name) {
  if (participant_index_.find(name) != participant_index_.end()) return;
  participant_index_.emplace(std::string(name), participants_.size());
  participants_.emplace_back(name);
}

std::uint64_t Ladder::message(Time sent, std::string_view from, std::string_view to,
                              std::string text, std::string transport, std::uint64_t bytes,
                              int step, std::string step_title, LadderEntry::Kind kind) {
  add_participant(from);
  add_participant(to);
  LadderEntry e;
  e.kind = kind;
  e.sent = sent;
  e.from = from;
  e.to = to;
  e.text = std::move(text);
  e.transport = std::move(transport);
  e.bytes = bytes;
  e.step = step;
  e.step_title = std::move(step_title);
  entries_.push_back(std::move(e));
  return entries_.size();
}

void Ladder::note(Time t, std::string_view host, std::string text) {
  add_participant(host);
  LadderEntry e;
  e.kind = LadderEntry::Kind::kNote;
  e.sent = t;
  e.from = host;
  e.text = std::move(text);
  entries_.push_back(std::move(e));
}

void Ladder::arrived(std::uint64_t id, Time t) {
  LadderEntry& e = at(id);
  if (e.arrived == Time::max() || t > e.arrived) e.arrived = t;
  e.lost = false;
}

void Ladder::lost(std::uint64_t id, bool even_if_arrived) {
  LadderEntry& e = at(id);
  if (even_if_arrived) e.arrived = Time::max();
  if (e.arrived == Time::max()) e.lost = true;
}

std::string Ladder::message_text(const LadderEntry& e, bool with_time) const {
  std::string s;
  if (e.step > 0) s += std::to_string(e.step) + ". ";
  if (!e.step_title.empty()) s += e.step_title + ": ";
  s += e.text;
  if (with_time) {
    s += " (" + ms(e.sent);
    if (e.kind != LadderEntry::Kind::kNote) {
      if (e.lost)
        s += " ms, lost)";
      else if (e.arrived != Time::max())
        s += "-" + ms(e.arrived) + " ms)";
      else
        s += " ms, in flight)";
    } else {
      s += " ms)";
    }
  }
  return s;
}

std::string Ladder::text() const {
  std::string out;
  for (const auto& e : entries_) {
    char head[64];
    if (e.kind == LadderEntry::Kind::kNote) {
      std::snprintf(head, sizeof head, "[%12s ms               ]  ", ms(e.sent).c_str());
      out += head + ("note over " + e.from + ": " + one_line(e.text)) + "\n";
      continue;
    }
    std::string end = e.lost                     ? "lost"
                      : e.arrived == Time::max() ? "in flight"
                                                 : ms(e.arrived) + " ms";
    std::snprintf(head, sizeof head, "[%12s ms -> %15s]  ", ms(e.sent).c_str(), end.c_str());
    out += head;
    out += e.from + (e.kind == LadderEntry::Kind::kTransport ? " --> " : " -> ") + e.to + ": ";
    out += one_line(message_text(e, false));
    out += "  (" + e.transport + ", " + std::to_string(e.bytes) + " B";
    if (e.segments > 1) out += ", " + std::to_string(e.segments) + " packets";
    if (e.retransmissions > 0)
      out += ", " + std::to_string(e.retransmissions) +
             (e.retransmissions == 1 ? " retransmission" : " retransmissions");
    out += ")\n";
  }
  return out;
}

std::string Ladder::mermaid() const {
  std::string out = "sequenceDiagram\n";
  for (std::size_t i = 0; i < participants_.size(); ++i)
    out += "  participant " + alias_of(i) + " as " + mermaid_escape(participants_[i]) + "\n";
  auto alias = [this](const std::string& name) {
    return alias_of(participant_index_.find(name)->second);
  };
  for (const auto& e : entries_) {
    std::string text = mermaid_escape(message_text(e, options_.times));
    if (e.kind == LadderEntry::Kind::kNote) {
      out += "  Note over " + alias(e.from) + ": " + text + "\n";
      continue;
    }
    bool dashed = e.kind == LadderEntry::Kind::kTransport;
    std::string arrow = e.lost ? (dashed ? "--x" : "-x") : (dashed ? "-->>" : "->>");
    out += "  " + alias(e.from) + arrow + alias(e.to) + ": " + text + "\n";
  }
  return out;
}

std::string Ladder::plantuml() const {
  std::string out = "@startuml\n";
  for (std::size_t i = 0; i < participants_.size(); ++i)
    out += "participant \"" + participants_[i] + "\" as " + alias_of(i) + "\n";
  auto alias = [this](const std::string& name) {
    return alias_of(participant_index_.find(name)->second);
  };
  for (const auto& e : entries_) {
    std::string text = one_line(message_text(e, options_.times));
    if (e.kind == LadderEntry::Kind::kNote) {
      out += "note over " + alias(e.from) + " : " + text + "\n";
      continue;
    }
    bool dashed = e.kind == LadderEntry::Kind::kTransport;
    std::string arrow = std::string(dashed ? "-->" : "->") + (e.lost ? "x" : "");
    out += alias(e.from) + " " + arrow + " " + alias(e.to) + " : " + text + "\n";
  }
  out += "@enduml\n";
  return out;
}

}  // namespace imssim::trace

namespace imssim::trace {

Result<Ok> Ladder::write(const std::string& path) const {
  auto ends_with = [&path](std::string_view ext) {
    return path.size() >= ext.size() &&
           path.compare(path.size() - ext.size(), ext.size(), ext) == 0;
  };
  std::string content = ends_with(".mmd") || ends_with(".mermaid")     ? mermaid()
                        : ends_with(".puml") || ends_with(".plantuml") ? plantuml()
                                                                       : text();
  std::ofstream out(path, std::ios::trunc);
  if (!out) return fail("cannot write ladder '" + path + "': " + std::strerror(errno));
  out << content;
  if (!out.flush()) return fail("cannot write ladder '" + path + "': " + std::strerror(errno));
  return Ok{};
}

}  // namespace imssim::trace
