#include "nodes/proto/diameter/message.h"

namespace imssim::diameter {
namespace {

std::size_t padded(std::size_t n) { return (n + 3) & ~std::size_t(3); }

void write_avp(ByteWriter& w, const Avp& a) {
  const std::size_t header = a.vendor_id ? kAvpVendorHeaderBytes : kAvpHeaderBytes;
  w.u32(a.code);
  w.u8(std::uint8_t((a.vendor_id ? kAvpFlagVendor : 0) | (a.mandatory ? kAvpFlagMandatory : 0)));
  w.u24(std::uint32_t(header + a.data.size()));  // AVP Length excludes the padding (§4.1)
  if (a.vendor_id) w.u32(a.vendor_id);
  w.bytes(a.data);
  for (std::size_t i = a.data.size(); i < padded(a.data.size()); ++i) w.u8(0);
}

std::string hex32(std::uint32_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s = "0x";
  for (int shift = 28; shift >= 0; shift -= 4) s.push_back(kHex[(v >> shift) & 15]);
  return s;
}

// Decodes AVPs from `data`; `base` is the offset of data[0] in the message, for error messages.
Result<std::vector<Avp>> read_avps(ByteView data, std::size_t base, std::string_view context) {
  std::vector<Avp> out;
  ByteReader r(data);
  while (!r.at_end()) {
    const std::size_t at = base + r.offset();
    auto where = [&](const std::string& why) {
      return fail(std::string(context) + "AVP at offset " + std::to_string(at) + ": " + why);
    };
    if (r.remaining() < kAvpHeaderBytes)
      return where(std::to_string(r.remaining()) +
                   " trailing octet(s), too short for an AVP header");
    Avp a;
    a.code = *r.u32("AVP code");
    const std::uint8_t flags = *r.u8("AVP flags");
    const std::uint32_t length = std::uint32_t(*r.u8("AVP length")) << 16 | *r.u16("AVP length");
    const std::string code = "code " + std::to_string(a.code);
    if (flags & kAvpFlagsReserved)
      return where(code + ": reserved flag bits set (" + hex32(flags) + ")");
    if (flags & kAvpFlagProtected) return where(code + ": P bit set (deprecated by RFC 6733 §4.1)");
    a.mandatory = flags & kAvpFlagMandatory;
    std::size_t header = kAvpHeaderBytes;
    if (flags & kAvpFlagVendor) {
      header = kAvpVendorHeaderBytes;
      if (length < header)
        return where(code + ": length " + std::to_string(length) +
                     " is smaller than its 12-octet header");
      auto vendor = r.u32("Vendor-ID");
      if (!vendor) return where(code + ": Vendor-ID cut off");
      if (*vendor == 0) return where(code + ": V bit set with Vendor-ID 0");
      a.vendor_id = *vendor;
    } else if (length < header) {
      return where(code + ": length " + std::to_string(length) +
                   " is smaller than its 8-octet header");
    }
    const std::size_t value = length - header;
    if (value > r.remaining())
      return where(code + ": length " + std::to_string(length) + " runs " +
                   std::to_string(value - r.remaining()) + " octet(s) past the end");
    const ByteView v = *r.bytes(value, "AVP data");
    a.data.assign(v.begin(), v.end());
    const std::size_t pad = padded(value) - value;
    if (pad > r.remaining()) return where(code + ": padding missing at the end");
    const ByteView padding = *r.bytes(pad, "padding");
    for (std::uint8_t b : padding)
      if (b != 0) return where(code + ": non-zero padding octet");
    out.push_back(std::move(a));
  }
  return out;
}

// RFC 3629 §4 UTF-8, rejecting overlongs, surrogates and values above U+10FFFF.
bool valid_utf8(ByteView s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::uint8_t c = s[i];
    std::size_t n;
    std::uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07;
    } else
      return false;
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size() || (s[i + k] & 0xC0) != 0x80) return false;
      cp = cp << 6 | (s[i + k] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n + 1;
  }
  return true;
}

constexpr std::int64_t kNtpToUnix = 2208988800;  // seconds from 1900-01-01 to 1970-01-01

}  // namespace

Bytes encode_avps(const std::vector<Avp>& avps) {
  Bytes out;
  ByteWriter w(out);
  for (const auto& a : avps) write_avp(w, a);
  return out;
}

Bytes encode(const Message& m) {
  Bytes out;
  out.reserve(256);
  ByteWriter w(out);
  w.u8(kVersion);
  w.u24(0);  // Message Length, patched below
  w.u8(m.flags);
  w.u24(m.command_code & 0xFFFFFF);
  w.u32(m.application_id);
  w.u32(m.hop_by_hop);
  w.u32(m.end_to_end);
  for (const auto& a : m.avps) write_avp(w, a);
  const std::size_t n = out.size();
  out[1] = std::uint8_t(n >> 16);
  out[2] = std::uint8_t(n >> 8);
  out[3] = std::uint8_t(n);
  return out;
}

Result<std::optional<std::size_t>> peek_length(ByteView stream) {
  if (stream.size() < 4) return std::optional<std::size_t>{};
  if (stream[0] != kVersion)
    return fail("Diameter header: version " + std::to_string(stream[0]) + ", expected 1");
  const std::size_t length = std::size_t(stream[1]) << 16 | std::size_t(stream[2]) << 8 | stream[3];
  if (length < kHeaderBytes)
    return fail("Diameter header: Message Length " + std::to_string(length) + " is below 20");
  if (length % 4 != 0)
    return fail("Diameter header: Message Length " + std::to_string(length) +
                " is not a multiple of 4");
  return std::optional<std::size_t>{length};
}

Result<Message> decode(ByteView wire) {
  if (wire.size() < kHeaderBytes)
    return fail("Diameter header: " + std::to_string(wire.size()) + " octet(s), a header has 20");
  auto length = peek_length(wire);
  if (!length) return Unexpected{length.error()};
  if (**length != wire.size())
    return fail("Diameter header: Message Length " + std::to_string(**length) + " but " +
                std::to_string(wire.size()) + " octet(s) given");
  ByteReader r(wire.subspan(4));
  Message m;
  m.flags = *r.u8("command flags");
  m.command_code = std::uint32_t(*r.u8("command code")) << 16 | *r.u16("command code");
  m.application_id = *r.u32("Application-ID");
  m.hop_by_hop = *r.u32("Hop-by-Hop");
  m.end_to_end = *r.u32("End-to-End");
  if (m.flags & kCommandFlagsReserved)
    return fail("Diameter header: reserved command flag bits set");
  if (m.is_request() && (m.flags & kFlagError))
    return fail("Diameter header: E bit set in a request");
  if (!m.is_request() && (m.flags & kFlagRetransmit))
    return fail("Diameter header: T bit set in an answer");
  auto avps = read_avps(wire.subspan(kHeaderBytes), kHeaderBytes, "");
  if (!avps) return Unexpected{avps.error()};
  m.avps = std::move(*avps);
  return m;
}

Result<std::vector<Avp>> decode_avps(ByteView data, std::string_view context) {
  return read_avps(data, 0, context);
}

Avp make_u32(std::uint32_t code, std::uint32_t vendor, bool mandatory, std::uint32_t value) {
  Avp a{code, vendor, mandatory, {}};
  ByteWriter(a.data).u32(value);
  return a;
}

Avp make_octets(std::uint32_t code, std::uint32_t vendor, bool mandatory, ByteView value) {
  return Avp{code, vendor, mandatory, Bytes(value.begin(), value.end())};
}

Avp make_string(std::uint32_t code, std::uint32_t vendor, bool mandatory, std::string_view value) {
  return make_octets(code, vendor, mandatory, as_bytes(value));
}

Avp make_grouped(std::uint32_t code, std::uint32_t vendor, bool mandatory,
                 const std::vector<Avp>& children) {
  return Avp{code, vendor, mandatory, encode_avps(children)};
}

Avp make_time(std::uint32_t code, std::uint32_t vendor, bool mandatory, std::int64_t unix_seconds) {
  // Wraps modulo 2^32: 2036-02-07 onwards comes out with MSB 0 (RFC 4330 §3).
  return make_u32(code, vendor, mandatory, std::uint32_t(std::uint64_t(unix_seconds + kNtpToUnix)));
}

Result<std::uint32_t> as_u32(const Avp& a, std::string_view name) {
  if (a.data.size() != 4)
    return fail(std::string(name) + ": " + std::to_string(a.data.size()) +
                " octet(s), an Unsigned32 has 4");
  return std::uint32_t(a.data[0]) << 24 | std::uint32_t(a.data[1]) << 16 |
         std::uint32_t(a.data[2]) << 8 | a.data[3];
}

Result<std::string> as_utf8(const Avp& a, std::string_view name) {
  if (!valid_utf8(a.data)) return fail(std::string(name) + ": not valid UTF-8");
  return std::string(as_chars(a.data));
}

Result<std::int64_t> as_time(const Avp& a, std::string_view name) {
  auto v = as_u32(a, name);
  if (!v) return Unexpected{v.error()};
  // RFC 4330 §3: MSB set = 1968-2036 (era 0); MSB clear = 2036-2104 (era 1).
  const std::int64_t ntp =
      (*v & 0x80000000u) ? std::int64_t(*v) : std::int64_t(*v) + (std::int64_t(1) << 32);
  return ntp - kNtpToUnix;
}

std::string make_session_id(std::string_view origin_host, std::uint32_t high, std::uint32_t low) {
  return std::string(origin_host) + ";" + std::to_string(high) + ";" + std::to_string(low);
}

}  // namespace imssim::diameter
