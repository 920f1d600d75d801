#include "tools/imssim/mikey_json.h"

#include <cstdio>
#include <string>

#include "common/hex.h"
#include "nodes/proto/mikey/codec.h"
#include "nodes/proto/mikey/describe.h"
#include "nodes/proto/mikey/protection.h"

namespace imssim::cli {

using json = nlohmann::json;
using namespace imssim::mikey;

namespace {

std::string hex32(std::uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

std::string text_or_hex(const Bytes& b) {
  for (auto c : b)
    if (c < 0x20 || c > 0x7E) return {};
  return std::string(as_chars(b));
}

json ts_json(const Timestamp& ts) {
  return {{"ts_type", int(ts.type)},
          {"ts_type_name", ts_type_name(std::uint8_t(ts.type))},
          {"value", to_hex(ts_value_bytes(ts))}};
}

json key_data_json(const KeyData& k) {
  json j{{"type", int(k.type)},
         {"type_name", key_data_type_name(std::uint8_t(k.type))},
         {"kv", int(k.kv)},
         {"kv_name", kv_type_name(std::uint8_t(k.kv))},
         {"key", to_hex(k.key)}};
  if (carries_salt(k.type)) j["salt"] = to_hex(k.salt);
  if (k.kv == KvType::kSpi) j["spi"] = to_hex(k.spi);
  if (k.kv == KvType::kInterval) {
    j["valid_from"] = to_hex(k.valid_from);
    j["valid_to"] = to_hex(k.valid_to);
  }
  return j;
}

json policy_json(const TicketPolicy& tp) {
  return {{"ticket_type", tp.ticket_type},
          {"ticket_type_name", ticket_type_name(tp.ticket_type)},
          {"subtype", tp.subtype},
          {"version", tp.version},
          {"prf_func", tp.prf_func},
          {"flags", tp.flags},
          {"policy_data", to_hex(tp.policy_data)},
          {"reserved", tp.reserved}};
}

void add_id(json& j, std::uint8_t type, const Bytes& id) {
  j["id_type"] = type;
  j["id_type_name"] = id_type_name(type);
  j["id"] = to_hex(id);
  std::string text = text_or_hex(id);
  if (!text.empty()) j["id_text"] = text;
}

struct PayloadJson {
  json operator()(const TPayload& p) { return ts_json(p.ts); }
  json operator()(const TrPayload& p) {
    json j = ts_json(p.ts);
    j["role"] = p.role;
    j["role_name"] = ts_role_name(p.role);
    return j;
  }
  json operator()(const RandPayload& p) { return {{"rand", to_hex(p.rand)}}; }
  json operator()(const RandrPayload& p) {
    return {{"role", p.role}, {"role_name", rand_role_name(p.role)}, {"rand", to_hex(p.rand)}};
  }
  json operator()(const IdPayload& p) {
    json j;
    add_id(j, p.id_type, p.id);
    return j;
  }
  json operator()(const IdrPayload& p) {
    json j{{"role", p.role}, {"role_name", id_role_name(p.role)}};
    add_id(j, p.id_type, p.id);
    return j;
  }
  json operator()(const KemacPayload& p) {
    json j{{"encr_alg", p.encr_alg},
           {"encr_alg_name", encr_alg_name(p.encr_alg)},
           {"encr_data", to_hex(p.encr_data)},
           {"mac_alg", int(p.mac_alg)},
           {"mac_alg_name", mac_alg_name(std::uint8_t(p.mac_alg))},
           {"mac", to_hex(p.mac)}};
    if (p.encr_alg == std::uint8_t(EncrAlg::kNull)) {
      auto keys = decode_key_data(p.encr_data);
      if (keys) {
        j["key_data"] = json::array();
        for (const auto& k : *keys) j["key_data"].push_back(key_data_json(k));
      }
    }
    return j;
  }
  json operator()(const SpPayload& p) {
    json params = json::array();
    for (const auto& q : p.params)
      params.push_back({{"type", q.type},
                        {"name", p.prot_type == 0 ? srtp_param_name(q.type) : "unknown"},
                        {"value", to_hex(q.value)}});
    return {{"policy_no", p.policy_no},
            {"prot_type", p.prot_type},
            {"prot_type_name", p.prot_type == 0 ? "SRTP" : "unknown"},
            {"params", params}};
  }
  json operator()(const VPayload& p) {
    return {{"auth_alg", int(p.auth_alg)},
            {"auth_alg_name", mac_alg_name(std::uint8_t(p.auth_alg))},
            {"mac", to_hex(p.mac)}};
  }
  json operator()(const ErrPayload& p) {
    return {{"error_no", p.error_no}, {"error_name", error_name(p.error_no)}, {"reserved", p.reserved}};
  }
  json operator()(const GeneralExtPayload& p) {
    json j{{"ext_type", p.type}, {"ext_type_name", general_ext_name(p.type)}, {"data", to_hex(p.data)}};
    std::string text = text_or_hex(p.data);
    if (!text.empty()) j["data_text"] = text;
    return j;
  }
  json operator()(const TpPayload& p) { return policy_json(p.policy); }
  json operator()(const TicketPayload& p) {
    return {{"policy", policy_json(p.policy)}, {"ticket_data", to_hex(p.ticket_data)},
            {"initiator_data", to_hex(p.initiator_data)}};
  }
};

// ---- JSON -> model, strict: every error names the JSON path.

struct Bad {
  std::string message;
};

const json& field(const json& j, const std::string& path, const char* key) {
  if (!j.is_object()) throw Bad{path + ": expected an object"};
  auto it = j.find(key);
  if (it == j.end()) throw Bad{path + "/" + key + ": missing"};
  return *it;
}

std::uint64_t uint_field(const json& j, const std::string& path, const char* key,
                         std::uint64_t max) {
  const json& v = field(j, path, key);
  if (!v.is_number_unsigned() || v.get<std::uint64_t>() > max)
    throw Bad{path + "/" + key + ": expected an integer 0.." + std::to_string(max)};
  return v.get<std::uint64_t>();
}

bool bool_field(const json& j, const std::string& path, const char* key) {
  const json& v = field(j, path, key);
  if (!v.is_boolean()) throw Bad{path + "/" + key + ": expected true or false"};
  return v.get<bool>();
}

Bytes hex_field(const json& j, const std::string& path, const char* key) {
  const json& v = field(j, path, key);
  if (!v.is_string()) throw Bad{path + "/" + key + ": expected a hex string"};
  auto b = from_hex(v.get<std::string>());
  if (!b) throw Bad{path + "/" + key + ": " + b.error().message};
  return *b;
}

std::uint64_t hex_uint(const json& j, const std::string& path, const char* key, std::size_t len) {
  Bytes b = hex_field(j, path, key);
  if (b.size() != len) throw Bad{path + "/" + key + ": expected " + std::to_string(len) + " bytes"};
  std::uint64_t v = 0;
  for (auto c : b) v = v << 8 | c;
  return v;
}

Timestamp ts_from(const json& j, const std::string& path) {
  Timestamp ts;
  auto type = std::uint8_t(uint_field(j, path, "ts_type", 255));
  std::size_t len = ts_value_len(type);
  if (len == 0) throw Bad{path + "/ts_type: unknown TS type " + std::to_string(type)};
  ts.type = TsType(type);
  ts.value = hex_uint(j, path, "value", len);
  return ts;
}

TicketPolicy policy_from(const json& j, const std::string& path) {
  TicketPolicy tp;
  tp.ticket_type = std::uint16_t(uint_field(j, path, "ticket_type", 0xFFFF));
  tp.subtype = std::uint8_t(uint_field(j, path, "subtype", 255));
  tp.version = std::uint8_t(uint_field(j, path, "version", 255));
  tp.prf_func = std::uint8_t(uint_field(j, path, "prf_func", kMaxTicketPrfFunc));
  tp.flags = std::uint16_t(uint_field(j, path, "flags", ticket_flag::kAll));
  tp.policy_data = hex_field(j, path, "policy_data");
  if (j.contains("reserved")) tp.reserved = std::uint8_t(uint_field(j, path, "reserved", 0x1F));
  return tp;
}

const json& array_field(const json& j, const std::string& path, const char* key) {
  const json& v = field(j, path, key);
  if (!v.is_array()) throw Bad{path + "/" + key + ": expected an array"};
  return v;
}

Payload payload_from(const json& j, const std::string& path) {
  const json& type_j = field(j, path, "type");
  if (!type_j.is_string()) throw Bad{path + "/type: expected a payload name"};
  std::string type = type_j.get<std::string>();
  auto u8 = [&](const char* k) { return std::uint8_t(uint_field(j, path, k, 255)); };
  if (type == "T") return TPayload{ts_from(j, path)};
  if (type == "TR") return TrPayload{u8("role"), ts_from(j, path)};
  if (type == "RAND") return RandPayload{hex_field(j, path, "rand")};
  if (type == "RANDR") return RandrPayload{u8("role"), hex_field(j, path, "rand")};
  if (type == "ID") return IdPayload{u8("id_type"), hex_field(j, path, "id")};
  if (type == "IDR") return IdrPayload{u8("role"), u8("id_type"), hex_field(j, path, "id")};
  if (type == "KEMAC") {
    auto mac = u8("mac_alg");
    if (mac > 1) throw Bad{path + "/mac_alg: unsupported MAC alg " + std::to_string(mac)};
    return KemacPayload{u8("encr_alg"), hex_field(j, path, "encr_data"), MacAlg(mac),
                        hex_field(j, path, "mac")};
  }
  if (type == "SP") {
    SpPayload sp{u8("policy_no"), u8("prot_type"), {}};
    const json& params = array_field(j, path, "params");
    for (std::size_t i = 0; i < params.size(); ++i) {
      std::string p = path + "/params/" + std::to_string(i);
      sp.params.push_back(SpParam{std::uint8_t(uint_field(params[i], p, "type", 255)),
                                  hex_field(params[i], p, "value")});
    }
    return sp;
  }
  if (type == "V") {
    auto alg = u8("auth_alg");
    if (alg > 1) throw Bad{path + "/auth_alg: unsupported Auth alg " + std::to_string(alg)};
    return VPayload{MacAlg(alg), hex_field(j, path, "mac")};
  }
  if (type == "ERR")
    return ErrPayload{u8("error_no"), std::uint16_t(uint_field(j, path, "reserved", 0xFFFF))};
  if (type == "General extension") return GeneralExtPayload{u8("ext_type"), hex_field(j, path, "data")};
  if (type == "TP") return TpPayload{policy_from(j, path)};
  if (type == "TICKET")
    return TicketPayload{policy_from(field(j, path, "policy"), path + "/policy"),
                         hex_field(j, path, "ticket_data"),
                         j.contains("initiator_data") ? hex_field(j, path, "initiator_data") : Bytes{}};
  throw Bad{path + "/type: unknown payload \"" + type + "\""};
}

}  // namespace

json message_to_json(const Message& m) {
  const Header& h = m.header;
  json header{{"version", h.version},
              {"data_type", int(h.data_type)},
              {"data_type_name", data_type_name(std::uint8_t(h.data_type))},
              {"v", h.v_flag},
              {"prf_func", int(h.prf)},
              {"prf_func_name", prf_name(std::uint8_t(h.prf))},
              {"csb_id", hex32(h.csb_id)},
              {"n_cs", h.n_cs},
              {"cs_id_map_type", int(h.map_type)},
              {"cs_id_map_type_name", map_type_name(std::uint8_t(h.map_type))}};
  if (h.map_type == CsIdMapType::kSrtpId) {
    header["srtp_map"] = json::array();
    for (const auto& e : h.srtp_map)
      header["srtp_map"].push_back({{"policy_no", e.policy_no}, {"ssrc", hex32(e.ssrc)}, {"roc", hex32(e.roc)}});
  }
  if (h.map_type == CsIdMapType::kGenericId) {
    header["generic_map"] = json::array();
    for (const auto& e : h.generic_map)
      header["generic_map"].push_back({{"cs_id", e.cs_id},
                                       {"prot_type", e.prot_type},
                                       {"s", e.s_flag},
                                       {"policies", e.policies},
                                       {"session_data", to_hex(e.session_data)},
                                       {"spi", to_hex(e.spi)}});
  }
  json payloads = json::array();
  for (std::size_t i = 0; i < m.payloads.size(); ++i) {
    json p = std::visit(PayloadJson{}, m.payloads[i]);
    json out{{"type", payload_name(std::uint8_t(payload_type(m.payloads[i])))},
             {"next_payload", i + 1 < m.payloads.size() ? int(payload_type(m.payloads[i + 1])) : 0}};
    out.update(p);
    payloads.push_back(out);
  }
  return {{"header", header}, {"payloads", payloads}};
}

Result<Message> message_from_json(const json& j) {
  try {
    Message m;
    const json& h = field(j, "", "header");
    Header& hd = m.header;
    hd.version = std::uint8_t(uint_field(h, "/header", "version", 255));
    hd.data_type = DataType(uint_field(h, "/header", "data_type", 255));
    hd.v_flag = bool_field(h, "/header", "v");
    hd.prf = PrfFunc(uint_field(h, "/header", "prf_func", 127));
    hd.csb_id = std::uint32_t(hex_uint(h, "/header", "csb_id", 4));
    hd.n_cs = std::uint8_t(uint_field(h, "/header", "n_cs", 255));
    hd.map_type = CsIdMapType(uint_field(h, "/header", "cs_id_map_type", 255));
    if (hd.map_type == CsIdMapType::kSrtpId) {
      const json& map = array_field(h, "/header", "srtp_map");
      for (std::size_t i = 0; i < map.size(); ++i) {
        std::string p = "/header/srtp_map/" + std::to_string(i);
        hd.srtp_map.push_back(SrtpIdEntry{std::uint8_t(uint_field(map[i], p, "policy_no", 255)),
                                          std::uint32_t(hex_uint(map[i], p, "ssrc", 4)),
                                          std::uint32_t(hex_uint(map[i], p, "roc", 4))});
      }
    } else if (hd.map_type == CsIdMapType::kGenericId) {
      const json& map = array_field(h, "/header", "generic_map");
      for (std::size_t i = 0; i < map.size(); ++i) {
        std::string p = "/header/generic_map/" + std::to_string(i);
        GenericIdEntry e;
        e.cs_id = std::uint8_t(uint_field(map[i], p, "cs_id", 255));
        e.prot_type = std::uint8_t(uint_field(map[i], p, "prot_type", 255));
        e.s_flag = bool_field(map[i], p, "s");
        const json& pol = array_field(map[i], p, "policies");
        for (std::size_t k = 0; k < pol.size(); ++k) {
          if (!pol[k].is_number_unsigned() || pol[k].get<std::uint64_t>() > 255)
            throw Bad{p + "/policies/" + std::to_string(k) + ": expected an integer 0..255"};
          e.policies.push_back(pol[k].get<std::uint8_t>());
        }
        e.session_data = hex_field(map[i], p, "session_data");
        e.spi = hex_field(map[i], p, "spi");
        hd.generic_map.push_back(std::move(e));
      }
    }
    const json& payloads = array_field(j, "", "payloads");
    for (std::size_t i = 0; i < payloads.size(); ++i)
      m.payloads.push_back(payload_from(payloads[i], "/payloads/" + std::to_string(i)));
    return m;
  } catch (const Bad& b) {
    return fail(b.message);
  }
}

json key_data_to_json(const KeyData& k) { return key_data_json(k); }

}  // namespace imssim::cli
