#include "nodes/proto/sip/sdp.h"

#include <sofia-sip/sdp.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "common/hex.h"
#include "nodes/proto/sip/constants.h"

namespace imssim::sip {

namespace {

std::string_view view(const char* s) { return s ? std::string_view(s) : std::string_view(); }

bool bad_text(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c <= ' ' || c >= 127) return false;
  }
  return true;
}

// RFC 4566 §9: token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E.
bool sdp_token_char(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u == 0x21 || (u >= 0x23 && u <= 0x27) || u == 0x2A || u == 0x2B || u == 0x2D ||
         u == 0x2E || (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5A) ||
         (u >= 0x5E && u <= 0x7E);
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
bool sdp_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), sdp_token_char);
}

// RFC 4566 §9: media-field = "m=" media SP port ["/" integer] SP proto 1*(SP fmt), media and
// fmt tokens, port digits, proto token *("/" token). Checked before sofia sees the text: its
// parser asks for ~2 GiB on malformed m= lines such as "m=audio 5004 RTP/SAV:mikey AQIDBA==" and
// "m=audio 50- 1 1 /S 1 1 IN" (both found by the sdp_key_mgmt fuzzer).
bool valid_media_line(std::string_view l) {
  std::vector<std::string_view> f;
  for (std::size_t at = 0; at <= l.size();) {
    std::size_t sp = l.find(' ', at);
    if (sp == std::string_view::npos) sp = l.size();
    f.push_back(l.substr(at, sp - at));
    at = sp + 1;
  }
  if (f.size() < 4 || !sdp_token(f[0])) return false;
  std::string_view port = f[1], count;
  if (auto slash = port.find('/'); slash != std::string_view::npos) {
    count = port.substr(slash + 1);
    port = port.substr(0, slash);
    if (!all_digits(count) || count[0] == '0') return false;
  }
  if (!all_digits(port)) return false;
  for (std::size_t at = 0; at <= f[2].size();) {
    std::size_t slash = f[2].find('/', at);
    if (slash == std::string_view::npos) slash = f[2].size();
    if (!sdp_token(f[2].substr(at, slash - at))) return false;
    at = slash + 1;
  }
  return std::all_of(f.begin() + 3, f.end(), sdp_token);
}

// RFC 4566 §5: every line is <type>=<value>, type one lower-case letter, v= first and only
// there, no control characters in a value. sofia-sip's parser asks for gigabytes on some
// inputs that break these rules (sdp_key_mgmt fuzzer), so they are refused before it runs.
Result<Ok> check_lines(std::string_view text) {
  std::size_t line = 0;
  for (std::size_t at = 0; at < text.size(); ++line) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(at, end - at);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    auto where = "SDP line " + std::to_string(line + 1);
    if (l.empty() && end + 1 >= text.size()) break;  // a final line break
    if (l.size() < 2 || l[0] < 'a' || l[0] > 'z' || l[1] != '=')
      return fail(where + ": not <type>=<value> (RFC 4566 §5)");
    if ((l[0] == 'v') != (line == 0)) return fail(where + ": v= must be the first line and only there");
    for (char c : l)
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
        return fail(where + ": control character in the value");
    if (l.substr(0, 2) == "m=" && !valid_media_line(l.substr(2)))
      return fail("SDP line " + std::to_string(line + 1) +
                  ": m= line is not media SP port[/count] SP proto 1*(SP fmt) (RFC 4566 §5.14)");
    at = end + 1;
  }
  return Ok{};
}

Result<std::vector<KeyMgmt>> key_mgmt_list(const sdp_attribute_t* a, const std::string& level) {
  std::vector<KeyMgmt> out;
  for (; a; a = a->a_next) {
    if (view(a->a_name) != kKeyMgmtAttribute) continue;
    auto k = parse_key_mgmt(view(a->a_value));
    if (!k) return fail(level + " a=key-mgmt: " + k.error().message);
    out.push_back(std::move(*k));
  }
  return out;
}

// Owns a sofia SDP parser.
struct ParserGuard {
  sdp_parser_t* p;
  ~ParserGuard() {
    if (p) sdp_parser_free(p);
  }
};

}  // namespace

Result<KeyMgmt> parse_key_mgmt(std::string_view value) {
  auto sp = value.find(' ');
  if (sp == std::string_view::npos) return fail("no SP between prtcl-id and keymgmt-data");
  std::string_view id = value.substr(0, sp);
  std::string_view data = value.substr(sp + 1);
  if (!is_token(id)) return fail("prtcl-id \"" + std::string(id) + "\" is not a token");
  if (data.empty()) return fail("prtcl-id " + std::string(id) + ": empty keymgmt-data");
  auto bytes = from_base64(data);
  if (!bytes) return fail("prtcl-id " + std::string(id) + ": " + bytes.error().message);
  return KeyMgmt{std::string(id), std::move(*bytes)};
}

std::string key_mgmt_value(const KeyMgmt& k) { return k.protocol + " " + to_base64(k.data); }

Result<std::string> build_sdp(const SdpSpec& spec) {
  if (spec.address.empty() || bad_text(spec.address) || spec.address.find(' ') != std::string::npos)
    return fail("address: empty or contains SP/CR/LF");
  if (!is_token(spec.username)) return fail("o= username: not a token");
  for (const auto* k : {&spec.session_key_mgmt, &spec.media_key_mgmt})
    if (*k && !is_token((*k)->protocol)) return fail("key-mgmt: prtcl-id is not a token");
  if (!spec.direction.empty() && spec.direction != "sendonly" && spec.direction != "recvonly")
    return fail("direction: '" + spec.direction + "' is neither sendonly nor recvonly");
  std::string s;
  s += "v=0\r\n";
  s += "o=" + spec.username + " " + std::to_string(spec.session_id) + " " +
       std::to_string(spec.session_version) + " IN IP4 " + spec.address + "\r\n";
  s += "s=-\r\n";
  s += "c=IN IP4 " + spec.address + "\r\n";
  s += "t=0 0\r\n";
  if (spec.session_key_mgmt)
    s += "a=" + std::string(kKeyMgmtAttribute) + ":" + key_mgmt_value(*spec.session_key_mgmt) +
         "\r\n";
  int pt = spec.codec == Codec::kPcmu ? kPayloadPcmu : kPayloadAmrDynamic;
  const char* name = spec.codec == Codec::kPcmu ? "PCMU" : "AMR";
  s += "m=audio " + std::to_string(spec.audio_port) + " " + std::string(kRtpSavp) + " " +
       std::to_string(pt) + "\r\n";
  s += "a=rtpmap:" + std::to_string(pt) + " " + name + "/" + std::to_string(kClockRate8k) + "\r\n";
  if (spec.media_key_mgmt)
    s +=
        "a=" + std::string(kKeyMgmtAttribute) + ":" + key_mgmt_value(*spec.media_key_mgmt) + "\r\n";
  if (!spec.direction.empty()) s += "a=" + spec.direction + "\r\n";
  return s;
}

Result<SdpSession> parse_sdp(std::string_view text) {
  if (text.empty()) return fail("SDP: empty");
  if (auto r = check_lines(text); !r) return fail(r.error().message);
  ParserGuard g{sdp_parse(nullptr, text.data(), issize_t(text.size()), sdp_f_strict)};
  if (!g.p) return fail("SDP: parser could not be created");
  const sdp_session_t* sess = sdp_session(g.p);
  if (!sess) return fail("SDP: " + std::string(view(sdp_parsing_error(g.p))));
  SdpSession out;
  if (sess->sdp_connection) out.address = std::string(view(sess->sdp_connection->c_address));
  auto session_keys = key_mgmt_list(sess->sdp_attributes, "session");
  if (!session_keys) return fail("SDP: " + session_keys.error().message);
  out.key_mgmt = std::move(*session_keys);
  std::size_t index = 0;
  for (const sdp_media_t* m = sess->sdp_media; m; m = m->m_next, ++index) {
    SdpMedia media;
    media.type = std::string(view(m->m_type_name));
    if (m->m_port > 65535) return fail("SDP: media " + std::to_string(index) + ": port too large");
    media.port = std::uint16_t(m->m_port);
    media.proto = std::string(view(m->m_proto_name));
    for (const sdp_rtpmap_t* r = m->m_rtpmaps; r; r = r->rm_next) {
      media.payload_types.push_back(int(r->rm_pt));
      media.encodings.emplace_back(view(r->rm_encoding));
    }
    auto keys = key_mgmt_list(m->m_attributes, "media " + std::to_string(index));
    if (!keys) return fail("SDP: " + keys.error().message);
    media.key_mgmt = std::move(*keys);
    out.media.push_back(std::move(media));
  }
  return out;
}

const KeyMgmt* SdpSession::effective_key_mgmt(std::size_t media_index,
                                              std::string_view protocol) const {
  if (media_index < media.size())
    for (const auto& k : media[media_index].key_mgmt)
      if (k.protocol == protocol) return &k;
  for (const auto& k : key_mgmt)
    if (k.protocol == protocol) return &k;
  return nullptr;
}

}  // namespace imssim::sip
