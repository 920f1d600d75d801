#include "nodes/proto/tls/record_stats.h"

#include "nodes/proto/tls/constants.h"

namespace imssim::tls {

RecordCount DirectionStats::total() const {
  RecordCount sum;
  for (const RecordCount* c : {&handshake, &alert, &application_data, &change_cipher_spec, &other}) {
    sum.records += c->records;
    sum.bytes += c->bytes;
  }
  return sum;
}

std::string to_string(const DirectionStats& s) {
  auto part = [](const char* name, const RecordCount& c) {
    return std::string(name) + " " + std::to_string(c.records) + "/" + std::to_string(c.bytes);
  };
  return part("hs", s.handshake) + " " + part("alert", s.alert) + " " +
         part("app", s.application_data) + " " + part("ccs", s.change_cipher_spec) + " " +
         part("other", s.other);
}

RecordCount& RecordCounter::slot(bool sent, std::uint8_t type) {
  DirectionStats& d = sent ? stats_.sent : stats_.received;
  switch (type) {
    case kContentHandshake: return d.handshake;
    case kContentAlert: return d.alert;
    case kContentApplicationData: return d.application_data;
    case kContentChangeCipherSpec: return d.change_cipher_spec;
    default: return d.other;
  }
}

void RecordCounter::on_header(bool sent, std::uint8_t outer_type, std::uint16_t length) {
  int dir = sent ? 1 : 0;
  std::uint64_t bytes = kRecordHeaderLength + length;
  std::uint8_t type = outer_type;
  bool reclassifiable = outer_type == kContentApplicationData;
  if (pending_inner_[dir] >= 0 && outer_type == kContentApplicationData) {
    type = std::uint8_t(pending_inner_[dir]);
    reclassifiable = false;
  }
  pending_inner_[dir] = -1;
  RecordCount& c = slot(sent, type);
  c.records += 1;
  c.bytes += bytes;
  last_[dir] = {&c, bytes, reclassifiable};
}

void RecordCounter::on_inner_type(bool sent, std::uint8_t inner_type) {
  int dir = sent ? 1 : 0;
  Last& last = last_[dir];
  if (!last.reclassifiable) {  // the header has not been seen yet: it follows
    pending_inner_[dir] = inner_type;
    return;
  }
  last.slot->records -= 1;
  last.slot->bytes -= last.bytes;
  RecordCount& c = slot(sent, inner_type);
  c.records += 1;
  c.bytes += last.bytes;
  last = {&c, last.bytes, false};
}

}  // namespace imssim::tls
