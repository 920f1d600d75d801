// Internal: walks a decoded message's payloads in the order a message type prescribes, so the
// message parsers read like their RFC figure and report missing or misplaced payloads with
// their offsets. General extensions may appear anywhere and are skipped.
#pragma once

#include <string>
#include <vector>

#include "nodes/proto/mikey/codec.h"
#include "nodes/proto/mikey/describe.h"

namespace imssim::mikey::detail {

class Shape {
 public:
  Shape(const Message& m, const std::vector<std::size_t>& offsets, std::size_t wire_size,
        std::string name, std::string order)
      : m_(m), offsets_(offsets), wire_size_(wire_size), name_(std::move(name)),
        order_(std::move(order)) {}

  // Offset of the payload most recently taken.
  std::size_t at() const { return last_at_; }

  template <typename P>
  const P* take() {
    skip_extensions();
    if (i_ < m_.payloads.size())
      if (const P* p = std::get_if<P>(&m_.payloads[i_])) return advance(p);
    return nullptr;
  }
  const IdrPayload* take_idr(IdRole role) {
    skip_extensions();
    if (i_ < m_.payloads.size())
      if (const auto* p = std::get_if<IdrPayload>(&m_.payloads[i_]))
        if (p->role == std::uint8_t(role)) return advance(p);
    return nullptr;
  }
  const RandrPayload* take_randr(RandRole role) {
    skip_extensions();
    if (i_ < m_.payloads.size())
      if (const auto* p = std::get_if<RandrPayload>(&m_.payloads[i_]))
        if (p->role == std::uint8_t(role)) return advance(p);
    return nullptr;
  }
  template <typename P>
  MikeyResult<const P*> need(const char* what) {
    if (const P* p = take<P>()) return p;
    return missing(what);
  }
  MikeyResult<const RandrPayload*> need_randr(RandRole role, const char* what) {
    if (const auto* p = take_randr(role)) return p;
    return missing(what);
  }
  Unexpected<MikeyError> missing(const char* what) const {
    std::size_t at = next_offset();
    return mikey_fail(MikeyError::Kind::kMissingPayload, at,
                      name_ + ": " + what + " payload expected at offset " + std::to_string(at) +
                          " (" + order_ + ")");
  }
  // Error if payloads are left over.
  MikeyResult<Ok> finish() {
    skip_extensions();
    if (i_ == m_.payloads.size()) return Ok{};
    std::uint8_t t = std::uint8_t(payload_type(m_.payloads[i_]));
    std::string what = payload_name(t);
    if (const auto* idr = std::get_if<IdrPayload>(&m_.payloads[i_]))
      what += " (" + id_role_name(idr->role) + ")";
    if (const auto* rr = std::get_if<RandrPayload>(&m_.payloads[i_]))
      what += " (" + rand_role_name(rr->role) + ")";
    return mikey_fail(MikeyError::Kind::kMisplacedPayload, offsets_[i_],
                      name_ + ": " + what + " payload at offset " + std::to_string(offsets_[i_]) +
                          " is not allowed here (" + order_ + ")");
  }

 private:
  template <typename P>
  const P* advance(const P* p) {
    last_at_ = offsets_[i_++];
    return p;
  }
  void skip_extensions() {
    while (i_ < m_.payloads.size() && std::holds_alternative<GeneralExtPayload>(m_.payloads[i_])) ++i_;
  }
  std::size_t next_offset() const {
    std::size_t j = i_;
    while (j < m_.payloads.size() && std::holds_alternative<GeneralExtPayload>(m_.payloads[j])) ++j;
    return j < offsets_.size() ? offsets_[j] : wire_size_;
  }

  const Message& m_;
  const std::vector<std::size_t>& offsets_;
  std::size_t wire_size_;
  std::string name_;
  std::string order_;
  std::size_t i_ = 0;
  std::size_t last_at_ = 0;
};

// Decodes and checks the data type.
inline MikeyResult<Message> decode_as(ByteView wire, DataType want, std::vector<std::size_t>& offsets) {
  auto m = decode(wire, &offsets);
  if (!m) return m;
  if (m->header.data_type != want)
    return mikey_fail(MikeyError::Kind::kWrongMessage, 1,
                      "expected a " + data_type_name(std::uint8_t(want)) + " message, got " +
                          data_type_name(std::uint8_t(m->header.data_type)));
  return m;
}

}  // namespace imssim::mikey::detail
