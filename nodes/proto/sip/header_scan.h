// Checks on the raw text of a SIP message that sofia-sip does not make: where the header section
// ends, bare CRs, whitespace before the start line or folded onto it, and CSeq lines with text
// after the method. One pass over the header section, no allocation (Message::parse runs it on
// every message). Private to nodes/proto/sip.
#pragma once

#include <cstddef>
#include <string_view>

namespace imssim::sip::detail {

struct HeaderSection {
  static constexpr std::size_t kNone = std::string_view::npos;
  // Offset of the first SP or HT before the start line; sofia-sip skips it, RFC 3261 §7.5 lets
  // only CRLF precede the start line.
  std::size_t space_before_start_line = kNone;
  // Offset of the first body octet, just after the empty line that ends the header section
  // (CRLF or bare LF line ends; leading empty lines skipped, RFC 3261 §7.5). kNone when the
  // header section never ends; the fields below are then not filled.
  std::size_t body = kNone;
  // Offset of the first CR before `body` that does not start a CRLF (RFC 3261 §7).
  std::size_t bare_cr = kNone;
  // Offset of the line after the start line when it starts with SP or HT: a continuation of
  // the start line, which is never folded (RFC 3261 §7.3.1).
  std::size_t folded_first_header = kNone;
  // False when a CSeq line (continuation lines joined) does not hold exactly two words
  // (RFC 3261 §20.16: CSeq = 1*DIGIT LWS Method).
  bool cseq_lines_ok = true;
};

HeaderSection scan_header_section(std::string_view message);

}  // namespace imssim::sip::detail
