#include "nodes/proto/mikey/codec.h"

#include <limits>
#include <string>

#include "nodes/proto/mikey/describe.h"

namespace imssim::mikey {

std::string_view to_string(MikeyError::Kind kind) {
  using K = MikeyError::Kind;
  switch (kind) {
    case K::kTruncated: return "truncated";
    case K::kBadLength: return "bad-length";
    case K::kBadValue: return "bad-value";
    case K::kUnknownPayload: return "unknown-payload";
    case K::kUnsupported: return "unsupported";
    case K::kMisplacedPayload: return "misplaced-payload";
    case K::kMissingPayload: return "missing-payload";
    case K::kTrailingBytes: return "trailing-bytes";
    case K::kWrongMessage: return "wrong-message";
    case K::kBadMac: return "bad-mac";
    case K::kStaleTimestamp: return "stale-timestamp";
    case K::kReplay: return "replay";
    case K::kCrypto: return "crypto";
  }
  return "?";
}

std::size_t ts_value_len(std::uint8_t ts_type) {
  switch (TsType(ts_type)) {
    case TsType::kNtpUtc:
    case TsType::kNtp: return 8;
    case TsType::kCounter:
    case TsType::kNtpUtc32: return 4;
  }
  return 0;
}

namespace {

using K = MikeyError::Kind;

// Bounds-checked big-endian reader with a sticky first error. Every error names the payload
// being read, where it starts, the field and the offset of the field.
class Reader {
 public:
  Reader(ByteView data, std::size_t base) : data_(data), base_(base) {}

  void begin(std::string name) {
    what_ = std::move(name);
    start_ = offset();
  }
  std::size_t offset() const { return base_ + pos_; }
  std::size_t remaining() const { return data_.size() - pos_; }
  bool ok() const { return !error_; }
  bool at_end() const { return pos_ == data_.size(); }
  MikeyError take_error() { return std::move(*error_); }

  std::uint8_t u8(const char* field) {
    if (!need(1, field)) return 0;
    return data_[pos_++];
  }
  std::uint16_t u16(const char* field) {
    if (!need(2, field)) return 0;
    std::uint16_t v = std::uint16_t(data_[pos_] << 8 | data_[pos_ + 1]);
    pos_ += 2;
    return v;
  }
  std::uint32_t u32(const char* field) {
    if (!need(4, field)) return 0;
    std::uint32_t v = std::uint32_t(data_[pos_]) << 24 | std::uint32_t(data_[pos_ + 1]) << 16 |
                      std::uint32_t(data_[pos_ + 2]) << 8 | std::uint32_t(data_[pos_ + 3]);
    pos_ += 4;
    return v;
  }
  std::uint64_t uint(std::size_t len, const char* field) {
    if (!need(len, field)) return 0;
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < len; ++i) v = v << 8 | data_[pos_ + i];
    pos_ += len;
    return v;
  }
  Bytes bytes(std::size_t n, const char* field) {
    if (!need(n, field)) return {};
    Bytes out(data_.begin() + std::ptrdiff_t(pos_), data_.begin() + std::ptrdiff_t(pos_ + n));
    pos_ += n;
    return out;
  }
  ByteView view(std::size_t n, const char* field) {
    if (!need(n, field)) return {};
    ByteView out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }

  // Records an error about the current payload (if none is recorded yet).
  void fail(K kind, std::size_t at, const std::string& reason) {
    if (error_) return;
    error_ = MikeyError{kind, at,
                        what_ + " at offset " + std::to_string(start_) + ": " + reason};
  }

 private:
  bool need(std::size_t n, const char* field) {
    if (error_) return false;
    if (remaining() >= n) return true;
    fail(K::kTruncated, offset(),
         std::string(field) + " at offset " + std::to_string(offset()) + " needs " +
             std::to_string(n) + " byte(s), only " + std::to_string(remaining()) + " left");
    return false;
  }

  ByteView data_;
  std::size_t base_;
  std::size_t pos_ = 0;
  std::string what_ = "message";
  std::size_t start_ = 0;
  std::optional<MikeyError> error_;
};

bool supported_data_type(std::uint8_t t) {
  switch (DataType(t)) {
    case DataType::kPskInit:
    case DataType::kPskVerify:
    case DataType::kError:
    case DataType::kRequestInitPsk:
    case DataType::kRequestResp:
    case DataType::kResolveInitPsk:
    case DataType::kResolveResp:
    case DataType::kTransferInit:
    case DataType::kTransferResp: return true;
    default: return false;
  }
}

bool is_ticket_type(DataType t) {
  return std::uint8_t(t) >= std::uint8_t(DataType::kRequestInitPsk) &&
         std::uint8_t(t) <= std::uint8_t(DataType::kResolveResp);
}

// Which payloads may appear in a message of this data type (RFC 3830 §3.1, §5.3 and RFC 6043
// §4). Exact per-message shapes are checked by the message parsers (messages.cc).
bool allowed_in(DataType t, PayloadType p) {
  using P = PayloadType;
  if (p == P::kGeneralExt) return true;
  switch (t) {
    case DataType::kPskInit:
      return p == P::kT || p == P::kRand || p == P::kId || p == P::kSp || p == P::kKemac;
    case DataType::kPskVerify: return p == P::kT || p == P::kId || p == P::kV;
    case DataType::kError: return p == P::kT || p == P::kId || p == P::kErr || p == P::kV;
    default:
      if (!is_ticket_type(t)) return false;
      return p == P::kT || p == P::kTr || p == P::kRand || p == P::kRandr || p == P::kId ||
             p == P::kIdr || p == P::kSp || p == P::kTp || p == P::kTicket ||
             p == P::kKemac || p == P::kV || p == P::kErr;
  }
}

bool known_payload(std::uint8_t p) {
  return (p >= 1 && p <= 17) || p == 20 || p == 21 || p == 26;
}
bool implemented_payload(PayloadType p) {
  using P = PayloadType;
  return p == P::kKemac || p == P::kT || p == P::kId || p == P::kV || p == P::kSp ||
         p == P::kRand || p == P::kErr || p == P::kTr || p == P::kIdr || p == P::kRandr ||
         p == P::kTp || p == P::kTicket || p == P::kGeneralExt;
}

Timestamp read_ts(Reader& r) {
  Timestamp ts;
  std::size_t at = r.offset();
  std::uint8_t type = r.u8("TS type");
  std::size_t len = ts_value_len(type);
  if (r.ok() && len == 0) {
    r.fail(K::kBadValue, at, "unknown TS type " + std::to_string(type));
    return ts;
  }
  ts.type = TsType(type);
  ts.value = r.uint(len, "TS value");
  return ts;
}

TicketPolicy read_policy(Reader& r) {
  TicketPolicy tp;
  tp.ticket_type = r.u16("Ticket Type");
  tp.subtype = r.u8("Subtype");
  tp.version = r.u8("Version");
  std::uint8_t prf_and_d = r.u8("PRF Func/D");
  std::uint16_t rest = r.u16("flags E-O/Res");
  tp.prf_func = prf_and_d >> 1;
  tp.flags = std::uint16_t(((prf_and_d & 1u) << 11) | (rest >> 5));
  tp.reserved = std::uint8_t(rest & 0x1F);  // Res: ignored (§6.10), kept so encode(decode(x)) == x
  std::uint16_t len = r.u16("TP Data length");
  tp.policy_data = r.bytes(len, "TP Data");
  return tp;
}

void read_header(Reader& r, Header& h, std::uint8_t& first) {
  r.begin("HDR");
  std::size_t at = r.offset();
  h.version = r.u8("version");
  if (r.ok() && h.version != kVersion)
    r.fail(K::kBadValue, at, "version " + std::to_string(h.version) + " is not 1 (RFC 3830)");
  at = r.offset();
  std::uint8_t dt = r.u8("data type");
  if (r.ok() && !supported_data_type(dt))
    r.fail(K::kUnsupported, at, "data type " + data_type_name(dt) + " is not supported");
  h.data_type = DataType(dt);
  first = r.u8("next payload");
  at = r.offset();
  std::uint8_t vprf = r.u8("V/PRF func");
  h.v_flag = (vprf & 0x80) != 0;
  std::uint8_t prf = vprf & 0x7F;
  if (r.ok() && prf > std::uint8_t(PrfFunc::kHmacSha256))
    r.fail(K::kUnsupported, at, "PRF func " + std::to_string(prf) + " is not supported");
  h.prf = PrfFunc(prf);
  h.csb_id = r.u32("CSB ID");
  h.n_cs = r.u8("#CS");
  at = r.offset();
  std::uint8_t map = r.u8("CS ID map type");
  if (!r.ok()) return;
  h.map_type = CsIdMapType(map);
  switch (h.map_type) {
    case CsIdMapType::kSrtpId:
      for (int i = 0; i < h.n_cs && r.ok(); ++i) {
        SrtpIdEntry e;
        e.policy_no = r.u8("SRTP-ID Policy_no");
        e.ssrc = r.u32("SRTP-ID SSRC");
        e.roc = r.u32("SRTP-ID ROC");
        h.srtp_map.push_back(e);
      }
      break;
    case CsIdMapType::kEmpty: break;
    case CsIdMapType::kGenericId:
      for (int i = 0; i < h.n_cs && r.ok(); ++i) {
        GenericIdEntry e;
        e.cs_id = r.u8("GENERIC-ID CS ID");
        e.prot_type = r.u8("GENERIC-ID Prot type");
        std::uint8_t sp = r.u8("GENERIC-ID S/#P");
        e.s_flag = (sp & 0x80) != 0;
        for (int p = 0; p < (sp & 0x7F) && r.ok(); ++p) e.policies.push_back(r.u8("GENERIC-ID Ps"));
        std::uint16_t sd = r.u16("GENERIC-ID Session Data len");
        e.session_data = r.bytes(sd, "GENERIC-ID Session Data");
        std::uint8_t spi = r.u8("GENERIC-ID SPI len");
        e.spi = r.bytes(spi, "GENERIC-ID SPI");
        h.generic_map.push_back(std::move(e));
      }
      break;
    default:
      r.fail(K::kUnsupported, at, "CS ID map type " + std::to_string(map) + " is not supported");
  }
}

// Reads one payload of type `type` (its NP byte included); returns its Next Payload.
std::uint8_t read_payload(Reader& r, PayloadType type, Payload& out) {
  std::uint8_t next = r.u8("next payload");
  switch (type) {
    case PayloadType::kT: out = TPayload{read_ts(r)}; break;
    case PayloadType::kTr: {
      TrPayload p;
      p.role = r.u8("TS role");
      p.ts = read_ts(r);
      out = p;
      break;
    }
    case PayloadType::kRand: {
      std::size_t at = r.offset();
      std::uint8_t len = r.u8("RAND len");
      if (r.ok() && len == 0) r.fail(K::kBadLength, at, "RAND len is 0");
      out = RandPayload{r.bytes(len, "RAND")};
      break;
    }
    case PayloadType::kRandr: {
      RandrPayload p;
      p.role = r.u8("RAND role");
      std::size_t at = r.offset();
      std::uint8_t len = r.u8("RAND len");
      if (r.ok() && len == 0) r.fail(K::kBadLength, at, "RAND len is 0");
      p.rand = r.bytes(len, "RAND");
      out = std::move(p);
      break;
    }
    case PayloadType::kId: {
      IdPayload p;
      p.id_type = r.u8("ID type");
      std::uint16_t len = r.u16("ID len");
      p.id = r.bytes(len, "ID data");
      out = std::move(p);
      break;
    }
    case PayloadType::kIdr: {
      IdrPayload p;
      p.role = r.u8("ID role");
      p.id_type = r.u8("ID type");
      std::uint16_t len = r.u16("ID len");
      p.id = r.bytes(len, "ID data");
      out = std::move(p);
      break;
    }
    case PayloadType::kKemac: {
      KemacPayload p;
      p.encr_alg = r.u8("Encr alg");
      std::uint16_t len = r.u16("Encr data len");
      p.encr_data = r.bytes(len, "Encr data");
      std::size_t at = r.offset();
      std::uint8_t mac = r.u8("MAC alg");
      p.mac_alg = MacAlg(mac);
      if (mac == std::uint8_t(MacAlg::kHmacSha1_160)) {
        p.mac = r.bytes(kHmacSha1Len, "MAC");
      } else if (r.ok() && mac != std::uint8_t(MacAlg::kNull)) {
        r.fail(K::kUnsupported, at, "MAC alg " + std::to_string(mac) + " is not supported");
      }
      // With NULL encryption the key data is in the clear: check its chain now.
      if (r.ok() && p.encr_alg == std::uint8_t(EncrAlg::kNull)) {
        auto keys = decode_key_data(p.encr_data, at - len);
        if (!keys) {
          MikeyError e = keys.error();
          r.fail(e.kind, e.offset, e.message);
        }
      }
      out = std::move(p);
      break;
    }
    case PayloadType::kSp: {
      SpPayload p;
      p.policy_no = r.u8("Policy no");
      p.prot_type = r.u8("Prot type");
      std::size_t at = r.offset();
      std::uint16_t len = r.u16("Policy param length");
      if (r.ok() && len > r.remaining()) {
        r.fail(K::kTruncated, at,
               "Policy param length " + std::to_string(len) + " exceeds the " +
                   std::to_string(r.remaining()) + " bytes left");
        break;
      }
      std::size_t end = r.offset() + len;
      while (r.ok() && r.offset() < end) {
        SpParam param;
        param.type = r.u8("parameter type");
        std::size_t lat = r.offset();
        std::uint8_t plen = r.u8("parameter length");
        if (r.ok() && r.offset() + plen > end) {
          r.fail(K::kBadLength, lat,
                 "parameter " + std::to_string(param.type) + " length " + std::to_string(plen) +
                     " runs past the end of the policy parameters");
          break;
        }
        param.value = r.bytes(plen, "parameter value");
        p.params.push_back(std::move(param));
      }
      out = std::move(p);
      break;
    }
    case PayloadType::kV: {
      VPayload p;
      std::size_t at = r.offset();
      std::uint8_t alg = r.u8("Auth alg");
      p.auth_alg = MacAlg(alg);
      if (alg == std::uint8_t(MacAlg::kHmacSha1_160))
        p.mac = r.bytes(kHmacSha1Len, "Ver data");
      else if (r.ok() && alg != std::uint8_t(MacAlg::kNull))
        r.fail(K::kUnsupported, at, "Auth alg " + std::to_string(alg) + " is not supported");
      out = std::move(p);
      break;
    }
    case PayloadType::kErr: {
      ErrPayload p;
      p.error_no = r.u8("Error no");
      p.reserved = r.u16("Reserved");
      out = p;
      break;
    }
    case PayloadType::kGeneralExt: {
      GeneralExtPayload p;
      p.type = r.u8("Type");
      std::uint16_t len = r.u16("Length");
      p.data = r.bytes(len, "Data");
      out = std::move(p);
      break;
    }
    case PayloadType::kTp: out = TpPayload{read_policy(r)}; break;
    case PayloadType::kTicket: {
      TicketPayload p;
      p.policy = read_policy(r);
      std::uint16_t td_len = r.u16("Ticket Data length");
      p.ticket_data = r.bytes(td_len, "Ticket Data");
      std::uint16_t id_len = r.u16("Initiator Data length");
      p.initiator_data = r.bytes(id_len, "Initiator Data");
      out = std::move(p);
      break;
    }
    default: break;  // filtered by the caller
  }
  return next;
}

}  // namespace

MikeyResult<Message> decode(ByteView wire, std::vector<std::size_t>* offsets) {
  if (offsets) offsets->clear();
  Reader r(wire, 0);
  Message m;
  std::uint8_t next = 0;
  read_header(r, m.header, next);
  std::uint8_t prev = 0xFF;  // "HDR"
  std::size_t prev_at = 0;
  while (r.ok() && next != std::uint8_t(PayloadType::kLast)) {
    std::size_t at = r.offset();
    std::string where = prev == 0xFF ? "HDR" : payload_name(prev);
    if (!known_payload(next))
      return mikey_fail(K::kUnknownPayload, prev_at,
                        where + " at offset " + std::to_string(prev_at) +
                            ": next payload " + std::to_string(next) + " is not a MIKEY payload");
    PayloadType type = PayloadType(next);
    if (!implemented_payload(type))
      return mikey_fail(K::kUnsupported, at,
                        payload_name(next) + " payload at offset " + std::to_string(at) +
                            " is not supported (PSK and ticket modes only)");
    if (!allowed_in(m.header.data_type, type))
      return mikey_fail(K::kMisplacedPayload, at,
                        payload_name(next) + " payload at offset " + std::to_string(at) +
                            " is not allowed in a " +
                            data_type_name(std::uint8_t(m.header.data_type)) + " message");
    if (prev == std::uint8_t(PayloadType::kV))
      return mikey_fail(K::kMisplacedPayload, at,
                        "V payload at offset " + std::to_string(prev_at) +
                            " must be the last payload (RFC 3830 §6.9)");
    r.begin(payload_name(next));
    Payload p;
    std::uint8_t following = read_payload(r, type, p);
    if (!r.ok()) break;
    m.payloads.push_back(std::move(p));
    if (offsets) offsets->push_back(at);
    prev = next;
    prev_at = at;
    next = following;
  }
  if (!r.ok()) return Unexpected{r.take_error()};
  if (!r.at_end())
    return mikey_fail(K::kTrailingBytes, r.offset(),
                      std::to_string(r.remaining()) + " trailing byte(s) at offset " +
                          std::to_string(r.offset()) + " after the last payload");
  return m;
}

MikeyResult<std::vector<KeyData>> decode_key_data(ByteView chain, std::size_t base_offset) {
  Reader r(chain, base_offset);
  std::vector<KeyData> keys;
  if (chain.empty())
    return mikey_fail(K::kMissingPayload, base_offset,
                      "KEMAC at offset " + std::to_string(base_offset) + ": no key data sub-payload");
  bool more = true;
  while (more && r.ok()) {
    r.begin("Key data");
    std::size_t at = r.offset();
    std::uint8_t np = r.u8("next payload");
    if (r.ok() && np != 0 && np != std::uint8_t(PayloadType::kKeyData))
      r.fail(K::kMisplacedPayload, at,
             payload_name(np) + " inside KEMAC: only Key data sub-payloads (20) may follow");
    more = np == std::uint8_t(PayloadType::kKeyData);
    KeyData k;
    std::size_t tat = r.offset();
    std::uint8_t tkv = r.u8("Type/KV");
    std::uint8_t type = tkv >> 4, kv = tkv & 0x0F;
    if (r.ok() && type > std::uint8_t(KeyDataType::kMpk))
      r.fail(K::kBadValue, tat, "key data type " + std::to_string(type) + " is not defined");
    if (r.ok() && kv > std::uint8_t(KvType::kInterval))
      r.fail(K::kBadValue, tat, "KV type " + std::to_string(kv) + " is not defined");
    k.type = KeyDataType(type);
    k.kv = KvType(kv);
    std::uint16_t klen = r.u16("Key data len");
    k.key = r.bytes(klen, "Key data");
    if (carries_salt(k.type)) {
      std::uint16_t slen = r.u16("Salt len");
      k.salt = r.bytes(slen, "Salt data");
    }
    if (k.kv == KvType::kSpi) {
      std::uint8_t n = r.u8("SPI len");
      k.spi = r.bytes(n, "SPI");
    } else if (k.kv == KvType::kInterval) {
      std::uint8_t n = r.u8("VF len");
      k.valid_from = r.bytes(n, "Valid From");
      n = r.u8("VT len");
      k.valid_to = r.bytes(n, "Valid To");
    }
    if (r.ok()) keys.push_back(std::move(k));
  }
  if (!r.ok()) return Unexpected{r.take_error()};
  if (!r.at_end())
    return mikey_fail(K::kTrailingBytes, r.offset(),
                      "KEMAC: " + std::to_string(r.remaining()) +
                          " byte(s) after the last key data sub-payload at offset " +
                          std::to_string(r.offset()));
  return keys;
}

namespace {

using K = MikeyError::Kind;

Unexpected<MikeyError> too_long(const std::string& what, std::size_t len, std::size_t max) {
  return mikey_fail(K::kBadLength, 0,
                    what + " is " + std::to_string(len) + " bytes, its length field holds at most " +
                        std::to_string(max));
}

void write_uint(ByteWriter& w, std::uint64_t v, std::size_t len) {
  for (std::size_t i = len; i-- > 0;) w.u8(std::uint8_t(v >> (8 * i)));
}

MikeyResult<Ok> write_ts(ByteWriter& w, const Timestamp& ts) {
  std::size_t len = ts_value_len(std::uint8_t(ts.type));
  if (len == 0)
    return mikey_fail(K::kBadValue, 0, "unknown TS type " + std::to_string(int(ts.type)));
  if (len == 4 && ts.value > 0xFFFFFFFFull)
    return mikey_fail(K::kBadValue, 0, ts_type_name(std::uint8_t(ts.type)) +
                                           " timestamp value does not fit 32 bits");
  w.u8(std::uint8_t(ts.type));
  write_uint(w, ts.value, len);
  return Ok{};
}

MikeyResult<Ok> write_policy(ByteWriter& w, const TicketPolicy& tp) {
  if (tp.policy_data.size() > 0xFFFF) return too_long("TP Data", tp.policy_data.size(), 0xFFFF);
  if (tp.prf_func > kMaxTicketPrfFunc)
    return mikey_fail(K::kBadValue, 0,
                      "PRF Func " + std::to_string(tp.prf_func) + " does not fit 7 bits (RFC 6043 §6.10)");
  if (tp.reserved > 0x1F)
    return mikey_fail(K::kBadValue, 0, "ticket Res bits do not fit 5 bits (RFC 6043 §6.10)");
  if (tp.flags & ~ticket_flag::kAll)
    return mikey_fail(K::kBadValue, 0, "ticket flags use bits beyond D..O (RFC 6043 §6.10)");
  w.u16(tp.ticket_type);
  w.u8(tp.subtype);
  w.u8(tp.version);
  w.u8(std::uint8_t((tp.prf_func << 1) | ((tp.flags >> 11) & 1u)));
  w.u16(std::uint16_t(((tp.flags & 0x07FF) << 5) | (tp.reserved & 0x1F)));
  w.u16(std::uint16_t(tp.policy_data.size()));
  w.bytes(tp.policy_data);
  return Ok{};
}

MikeyResult<Ok> write_mac(ByteWriter& w, MacAlg alg, const Bytes& mac, const char* what) {
  std::size_t want = alg == MacAlg::kHmacSha1_160 ? kHmacSha1Len
                     : alg == MacAlg::kNull       ? 0
                                                  : SIZE_MAX;
  if (want == SIZE_MAX)
    return mikey_fail(K::kUnsupported, 0,
                      std::string(what) + " alg " + std::to_string(int(alg)) + " is not supported");
  if (mac.size() != want)
    return mikey_fail(K::kBadLength, 0,
                      std::string(what) + " is " + std::to_string(mac.size()) + " bytes, " +
                          mac_alg_name(std::uint8_t(alg)) + " needs " + std::to_string(want));
  w.u8(std::uint8_t(alg));
  w.bytes(mac);
  return Ok{};
}

struct PayloadWriter {
  ByteWriter& w;
  std::uint8_t next;

  MikeyResult<Ok> operator()(const TPayload& p) {
    w.u8(next);
    return write_ts(w, p.ts);
  }
  MikeyResult<Ok> operator()(const TrPayload& p) {
    w.u8(next);
    w.u8(p.role);
    return write_ts(w, p.ts);
  }
  MikeyResult<Ok> operator()(const RandPayload& p) {
    if (p.rand.empty()) return mikey_fail(K::kBadLength, 0, "RAND is empty");
    if (p.rand.size() > 0xFF) return too_long("RAND", p.rand.size(), 0xFF);
    w.u8(next);
    w.u8(std::uint8_t(p.rand.size()));
    w.bytes(p.rand);
    return Ok{};
  }
  MikeyResult<Ok> operator()(const RandrPayload& p) {
    if (p.rand.empty()) return mikey_fail(K::kBadLength, 0, "RANDR is empty");
    if (p.rand.size() > 0xFF) return too_long("RANDR", p.rand.size(), 0xFF);
    w.u8(next);
    w.u8(p.role);
    w.u8(std::uint8_t(p.rand.size()));
    w.bytes(p.rand);
    return Ok{};
  }
  MikeyResult<Ok> operator()(const IdPayload& p) {
    if (p.id.size() > 0xFFFF) return too_long("ID data", p.id.size(), 0xFFFF);
    w.u8(next);
    w.u8(p.id_type);
    w.u16(std::uint16_t(p.id.size()));
    w.bytes(p.id);
    return Ok{};
  }
  MikeyResult<Ok> operator()(const IdrPayload& p) {
    if (p.id.size() > 0xFFFF) return too_long("IDR data", p.id.size(), 0xFFFF);
    w.u8(next);
    w.u8(p.role);
    w.u8(p.id_type);
    w.u16(std::uint16_t(p.id.size()));
    w.bytes(p.id);
    return Ok{};
  }
  MikeyResult<Ok> operator()(const KemacPayload& p) {
    if (p.encr_data.size() > 0xFFFF) return too_long("KEMAC Encr data", p.encr_data.size(), 0xFFFF);
    w.u8(next);
    w.u8(p.encr_alg);
    w.u16(std::uint16_t(p.encr_data.size()));
    w.bytes(p.encr_data);
    return write_mac(w, p.mac_alg, p.mac, "KEMAC MAC");
  }
  MikeyResult<Ok> operator()(const SpPayload& p) {
    std::size_t len = 0;
    for (const auto& param : p.params) {
      if (param.value.size() > 0xFF) return too_long("SP parameter", param.value.size(), 0xFF);
      len += 2 + param.value.size();
    }
    if (len > 0xFFFF) return too_long("SP parameters", len, 0xFFFF);
    w.u8(next);
    w.u8(p.policy_no);
    w.u8(p.prot_type);
    w.u16(std::uint16_t(len));
    for (const auto& param : p.params) {
      w.u8(param.type);
      w.u8(std::uint8_t(param.value.size()));
      w.bytes(param.value);
    }
    return Ok{};
  }
  MikeyResult<Ok> operator()(const VPayload& p) {
    w.u8(next);
    return write_mac(w, p.auth_alg, p.mac, "V MAC");
  }
  MikeyResult<Ok> operator()(const ErrPayload& p) {
    w.u8(next);
    w.u8(p.error_no);
    w.u16(p.reserved);
    return Ok{};
  }
  MikeyResult<Ok> operator()(const GeneralExtPayload& p) {
    if (p.data.size() > 0xFFFF) return too_long("General extension data", p.data.size(), 0xFFFF);
    w.u8(next);
    w.u8(p.type);
    w.u16(std::uint16_t(p.data.size()));
    w.bytes(p.data);
    return Ok{};
  }
  MikeyResult<Ok> operator()(const TpPayload& p) {
    w.u8(next);
    return write_policy(w, p.policy);
  }
  MikeyResult<Ok> operator()(const TicketPayload& p) {
    if (p.ticket_data.size() > 0xFFFF) return too_long("Ticket Data", p.ticket_data.size(), 0xFFFF);
    if (p.initiator_data.size() > 0xFFFF)
      return too_long("Initiator Data", p.initiator_data.size(), 0xFFFF);
    w.u8(next);
    auto ok = write_policy(w, p.policy);
    if (!ok) return ok;
    w.u16(std::uint16_t(p.ticket_data.size()));
    w.bytes(p.ticket_data);
    w.u16(std::uint16_t(p.initiator_data.size()));
    w.bytes(p.initiator_data);
    return Ok{};
  }
};

MikeyResult<Ok> write_header(ByteWriter& w, const Header& h, std::uint8_t first) {
  if (std::uint8_t(h.prf) > 0x7F) return mikey_fail(K::kBadValue, 0, "PRF func exceeds 7 bits");
  w.u8(h.version);
  w.u8(std::uint8_t(h.data_type));
  w.u8(first);
  w.u8(std::uint8_t((h.v_flag ? 0x80 : 0) | std::uint8_t(h.prf)));
  w.u32(h.csb_id);
  w.u8(h.n_cs);
  w.u8(std::uint8_t(h.map_type));
  switch (h.map_type) {
    case CsIdMapType::kSrtpId:
      if (h.srtp_map.size() != h.n_cs || !h.generic_map.empty())
        return mikey_fail(K::kBadValue, 0,
                          "#CS " + std::to_string(h.n_cs) + " does not match the " +
                              std::to_string(h.srtp_map.size()) + " SRTP-ID map entries");
      for (const auto& e : h.srtp_map) {
        w.u8(e.policy_no);
        w.u32(e.ssrc);
        w.u32(e.roc);
      }
      break;
    case CsIdMapType::kEmpty:
      if (!h.srtp_map.empty() || !h.generic_map.empty())
        return mikey_fail(K::kBadValue, 0, "an Empty CS ID map carries no entries");
      break;
    case CsIdMapType::kGenericId:
      if (h.generic_map.size() != h.n_cs || !h.srtp_map.empty())
        return mikey_fail(K::kBadValue, 0,
                          "#CS " + std::to_string(h.n_cs) + " does not match the " +
                              std::to_string(h.generic_map.size()) + " GENERIC-ID map entries");
      for (const auto& e : h.generic_map) {
        if (e.policies.size() > 0x7F) return too_long("GENERIC-ID policy list", e.policies.size(), 0x7F);
        if (e.session_data.size() > 0xFFFF) return too_long("GENERIC-ID Session Data", e.session_data.size(), 0xFFFF);
        if (e.spi.size() > 0xFF) return too_long("GENERIC-ID SPI", e.spi.size(), 0xFF);
        w.u8(e.cs_id);
        w.u8(e.prot_type);
        w.u8(std::uint8_t((e.s_flag ? 0x80 : 0) | e.policies.size()));
        for (auto p : e.policies) w.u8(p);
        w.u16(std::uint16_t(e.session_data.size()));
        w.bytes(e.session_data);
        w.u8(std::uint8_t(e.spi.size()));
        w.bytes(e.spi);
      }
      break;
    default:
      return mikey_fail(K::kUnsupported, 0,
                        "CS ID map type " + std::to_string(int(h.map_type)) + " is not supported");
  }
  return Ok{};
}

}  // namespace

PayloadType payload_type(const Payload& p) {
  struct {
    PayloadType operator()(const TPayload&) { return PayloadType::kT; }
    PayloadType operator()(const TrPayload&) { return PayloadType::kTr; }
    PayloadType operator()(const RandPayload&) { return PayloadType::kRand; }
    PayloadType operator()(const RandrPayload&) { return PayloadType::kRandr; }
    PayloadType operator()(const IdPayload&) { return PayloadType::kId; }
    PayloadType operator()(const IdrPayload&) { return PayloadType::kIdr; }
    PayloadType operator()(const KemacPayload&) { return PayloadType::kKemac; }
    PayloadType operator()(const SpPayload&) { return PayloadType::kSp; }
    PayloadType operator()(const VPayload&) { return PayloadType::kV; }
    PayloadType operator()(const ErrPayload&) { return PayloadType::kErr; }
    PayloadType operator()(const GeneralExtPayload&) { return PayloadType::kGeneralExt; }
    PayloadType operator()(const TpPayload&) { return PayloadType::kTp; }
    PayloadType operator()(const TicketPayload&) { return PayloadType::kTicket; }
  } visitor;
  return std::visit(visitor, p);
}

MikeyResult<Ok> encode_into(const Message& m, Bytes& out) {
  ByteWriter w(out);
  std::uint8_t first =
      m.payloads.empty() ? 0 : std::uint8_t(payload_type(m.payloads.front()));
  auto ok = write_header(w, m.header, first);
  if (!ok) return ok;
  for (std::size_t i = 0; i < m.payloads.size(); ++i) {
    std::uint8_t next = i + 1 < m.payloads.size()
                            ? std::uint8_t(payload_type(m.payloads[i + 1]))
                            : std::uint8_t(PayloadType::kLast);
    ok = std::visit(PayloadWriter{w, next}, m.payloads[i]);
    if (!ok) return ok;
  }
  return Ok{};
}

MikeyResult<Bytes> encode(const Message& m) {
  Bytes out;
  out.reserve(256);
  auto ok = encode_into(m, out);
  if (!ok) return Unexpected{ok.error()};
  return out;
}

MikeyResult<Ok> encode_key_data(const std::vector<KeyData>& keys, Bytes& out) {
  ByteWriter w(out);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const KeyData& k = keys[i];
    if (k.key.size() > 0xFFFF) return too_long("Key data", k.key.size(), 0xFFFF);
    if (k.salt.size() > 0xFFFF) return too_long("Salt", k.salt.size(), 0xFFFF);
    if (!carries_salt(k.type) && !k.salt.empty())
      return mikey_fail(K::kBadValue, 0,
                        key_data_type_name(std::uint8_t(k.type)) + " key data carries no salt");
    if (std::uint8_t(k.type) > 0x0F || std::uint8_t(k.kv) > 0x0F)
      return mikey_fail(K::kBadValue, 0, "key data type or KV does not fit 4 bits");
    w.u8(i + 1 < keys.size() ? std::uint8_t(PayloadType::kKeyData) : 0);
    w.u8(std::uint8_t(std::uint8_t(k.type) << 4 | std::uint8_t(k.kv)));
    w.u16(std::uint16_t(k.key.size()));
    w.bytes(k.key);
    if (carries_salt(k.type)) {
      w.u16(std::uint16_t(k.salt.size()));
      w.bytes(k.salt);
    }
    switch (k.kv) {
      case KvType::kNull: break;
      case KvType::kSpi:
        if (k.spi.size() > 0xFF) return too_long("SPI", k.spi.size(), 0xFF);
        w.u8(std::uint8_t(k.spi.size()));
        w.bytes(k.spi);
        break;
      case KvType::kInterval:
        if (k.valid_from.size() > 0xFF) return too_long("Valid From", k.valid_from.size(), 0xFF);
        if (k.valid_to.size() > 0xFF) return too_long("Valid To", k.valid_to.size(), 0xFF);
        w.u8(std::uint8_t(k.valid_from.size()));
        w.bytes(k.valid_from);
        w.u8(std::uint8_t(k.valid_to.size()));
        w.bytes(k.valid_to);
        break;
      default: return mikey_fail(K::kBadValue, 0, "unknown KV type");
    }
  }
  return Ok{};
}

}  // namespace imssim::mikey
