#include "sim/scenario/loader.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/hex.h"
#include "common/rng.h"
#include "sim/scenario/scenario_spec.h"

namespace imssim::scenario {

const std::vector<std::string>& ims_node_names() {
  static const std::vector<std::string> names{"hss", "bsf", "kms", "pcscf", "scscf", "li", "mailbox"};
  return names;
}

const Zone* Scenario::zone(const std::string& n) const {
  for (const auto& z : zones)
    if (z.name == n) return &z;
  return nullptr;
}

const Subscriber* Scenario::subscriber(const std::string& n) const {
  for (const auto& s : subscribers)
    if (s.host.name == n || s.impu == n) return &s;
  return nullptr;
}

std::string format_diagnostics(const Diagnostics& d, const std::string& file) {
  std::string out;
  for (const auto& x : d) out += x.str(file) + "\n";
  return out;
}

namespace {

Time seconds(const json& v) { return Time::from_ms(v.get<double>() * 1000.0); }
Time millis(const json& v) { return Time::from_ms(v.get<double>()); }
Bytes hex_bytes(const json& v) { return *from_hex(v.get<std::string>()); }

// Builds the model from a document that passed the spec, checking what the spec cannot:
// that names resolve, are unique, and that addresses and times make sense.
class ModelBuilder {
 public:
  ModelBuilder(const json& doc, const JsonLocator& where, Diagnostics& out)
      : doc_(doc), where_(where), out_(out) {}

  Scenario build() {
    Scenario s;
    s.name = doc_["name"];
    s.description = doc_.value("description", "");
    s.seed = doc_["seed"].get<std::uint64_t>();
    s.duration = seconds(doc_["duration_s"]);
    s.variants = doc_["variants"].get<std::vector<std::string>>();
    s.normalized = doc_;
    zones(s);
    ims(s);
    hosts(s);
    subscribers(s);
    groups(s);
    warrants(s);
    timeline(s);
    traffic(s);
    expectations(s);
    return s;
  }

 private:
  void error(const std::string& ptr, std::string message) {
    out_.push_back({ptr, where_.find(ptr), std::move(message)});
  }

  void zones(Scenario& s) {
    int n = 0;
    for (const auto& [name, z] : doc_["network"]["zones"].items()) {
      ++n;
      Zone zone;
      zone.name = name;
      zone.delay = millis(z["delay_ms"]);
      zone.jitter = millis(z["jitter_ms"]);
      zone.lognormal_jitter = z["jitter"] == "lognormal";
      zone.loss = z["loss"];
      zone.bandwidth_bps = z["bandwidth_mbps"].get<double>() * 1e6;
      zone.mtu = z["mtu"];
      if (z.contains("subnet")) {
        std::string cidr = z["subnet"];
        auto slash = cidr.find('/');
        zone.prefix_len = std::stoi(cidr.substr(slash + 1));
        std::uint32_t mask = ~0u << (32 - zone.prefix_len);
        zone.subnet = Ipv4{Ipv4::parse(cidr.substr(0, slash))->value & mask};
      } else {
        zone.subnet = Ipv4{(10u << 24) | (std::uint32_t(n) << 16)};
        zone.prefix_len = 16;
      }
      s.zones.push_back(zone);
      next_free_[name] = zone.subnet.value + 1;
    }
  }

  bool zone_exists(const Scenario& s, const json& name, const std::string& ptr) {
    if (s.zone(name)) return true;
    std::vector<std::string> names;
    for (const auto& z : s.zones) names.push_back(z.name);
    std::string hint = did_you_mean(name, names);
    error(ptr, "no zone named '" + name.get<std::string>() + "'" +
                   (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    return false;
  }

  // Claims a host name and an address (given or the zone's next free one).
  Host host(const Scenario& s, const std::string& name, const std::string& zone_name,
            const json& address, const std::string& ptr) {
    Host h{name, zone_name, {}};
    if (!names_.insert(name).second) error(ptr + "/name", "the name '" + name + "' is already used by another host");
    const Zone* zone = s.zone(zone_name);
    if (!zone) return h;
    std::uint32_t mask = ~0u << (32 - zone->prefix_len);
    if (address.is_string()) {
      h.address = *Ipv4::parse(address.get<std::string>());
      if ((h.address.value & mask) != zone->subnet.value)
        error(ptr + "/address", "address " + h.address.str() + " is outside zone '" + zone_name +
                                    "' (" + zone->subnet.str() + "/" + std::to_string(zone->prefix_len) + ")");
    } else {
      std::uint32_t& next = next_free_[zone_name];
      while (addresses_.count(next)) ++next;
      h.address = Ipv4{next++};
    }
    if (!addresses_.insert(h.address.value).second)
      error(ptr + "/address", "address " + h.address.str() + " is used twice");
    return h;
  }

  void ims(Scenario& s) {
    const json& i = doc_["ims"];
    s.ims = {i["domain"], i["zone"], i["sip_transport"], i["tls_version"], seconds(i["key_lifetime_s"]),
             seconds(i["gba_key_lifetime_s"]), seconds(i["no_answer_timeout_s"]),
             i["kms_cpu"]["model"], i["kms_cpu"]["slowdown"]};
    if (!zone_exists(s, i["zone"], "/ims/zone")) return;
    for (const auto& n : ims_node_names()) s.ims_hosts.push_back(host(s, n, s.ims.zone, nullptr, "/ims"));
  }

  void hosts(Scenario& s) {
    const json& hs = doc_["hosts"];
    for (std::size_t i = 0; i < hs.size(); ++i) {
      std::string ptr = "/hosts/" + std::to_string(i);
      if (!zone_exists(s, hs[i]["zone"], ptr + "/zone")) continue;
      s.hosts.push_back(host(s, hs[i]["name"], hs[i]["zone"], hs[i].value("address", json()), ptr));
    }
  }

  void subscribers(Scenario& s) {
    const json& subs = doc_["subscribers"];
    std::set<std::string> impus;
    for (std::size_t i = 0; i < subs.size(); ++i) {
      const json& j = subs[i];
      std::string ptr = "/subscribers/" + std::to_string(i);
      if (!zone_exists(s, j["zone"], ptr + "/zone")) continue;
      Subscriber sub;
      std::string name = j["name"];
      sub.host = host(s, name, j["zone"], j.value("address", json()), ptr);
      sub.impi = j.value("impi", name + "@" + s.ims.domain);
      sub.impu = j.value("impu", "sip:" + name + "@" + s.ims.domain);
      if (!impus.insert(sub.impu).second) error(ptr + "/impu", "IMPU " + sub.impu + " is used twice");
      sub.k = hex_bytes(j["k"]);
      if (j.contains("opc")) sub.opc = hex_bytes(j["opc"]);
      if (j.contains("op")) sub.op = hex_bytes(j["op"]);
      Bytes sqn = hex_bytes(j["sqn"]);
      for (auto b : sqn) sub.sqn = sub.sqn << 8 | b;
      Bytes amf = hex_bytes(j["amf"]);
      sub.amf = std::uint16_t(amf[0] << 8 | amf[1]);
      s.subscribers.push_back(std::move(sub));
    }
    if (!doc_.contains("population")) return;
    const json& p = doc_["population"];
    if (!zone_exists(s, p["zone"], "/population/zone")) return;
    int count = p["count"];
    for (int n = 1; n <= count; ++n) {
      Subscriber sub;
      std::string name = p["name_prefix"].get<std::string>() + std::to_string(n);
      sub.host = host(s, name, p["zone"], nullptr, "/population");
      sub.impi = name + "@" + s.ims.domain;
      sub.impu = "sip:" + name + "@" + s.ims.domain;
      Rng rng = Rng::derive(s.seed, "population/" + name);
      sub.k = rng.bytes(16);
      sub.opc = rng.bytes(16);
      sub.sqn = 0x20;
      sub.amf = 0x8000;
      sub.generated = true;
      s.subscribers.push_back(std::move(sub));
    }
  }

  bool subscriber_exists(const Scenario& s, const json& ref, const std::string& ptr) {
    if (s.subscriber(ref)) return true;
    std::vector<std::string> names;
    for (const auto& x : s.subscribers) names.push_back(x.host.name);
    std::string hint = did_you_mean(ref, names);
    error(ptr, "no subscriber named '" + ref.get<std::string>() + "'" +
                   (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    return false;
  }

  void groups(Scenario& s) {
    const json& gs = doc_["groups"];
    std::set<std::string> ids;
    for (std::size_t i = 0; i < gs.size(); ++i) {
      std::string ptr = "/groups/" + std::to_string(i);
      Group g{gs[i]["id"], {}};
      if (!ids.insert(g.id).second) error(ptr + "/id", "group " + g.id + " is defined twice");
      if (s.subscriber(g.id)) error(ptr + "/id", "group id " + g.id + " is also a subscriber's IMPU");
      const json& m = gs[i]["members"];
      for (std::size_t k = 0; k < m.size(); ++k)
        if (subscriber_exists(s, m[k], ptr + "/members/" + std::to_string(k)))
          g.members.push_back(s.subscriber(m[k])->host.name);
      s.groups.push_back(std::move(g));
    }
  }

  void warrants(Scenario& s) {
    const json& ws = doc_["warrants"];
    for (std::size_t i = 0; i < ws.size(); ++i) {
      std::string ptr = "/warrants/" + std::to_string(i);
      if (!subscriber_exists(s, ws[i]["target"], ptr + "/target")) continue;
      Time stop = ws[i].contains("stop_s") ? seconds(ws[i]["stop_s"]) : s.duration;
      Time start = seconds(ws[i]["start_s"]);
      if (stop < start) error(ptr + "/stop_s", "the warrant stops before it starts");
      s.warrants.push_back({s.subscriber(ws[i]["target"])->host.name, start, stop});
    }
  }

  bool host_exists(const Scenario& s, const json& name, const std::string& ptr) {
    std::vector<std::string> names;
    for (const auto* list : {&s.ims_hosts, &s.hosts})
      for (const auto& h : *list) names.push_back(h.name);
    for (const auto& x : s.subscribers) names.push_back(x.host.name);
    if (std::find(names.begin(), names.end(), name.get<std::string>()) != names.end()) return true;
    std::string hint = did_you_mean(name, names);
    error(ptr, "no host named '" + name.get<std::string>() + "'" +
                   (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    return false;
  }

  void timeline(Scenario& s) {
    const json& tl = doc_["timeline"];
    std::set<std::string> calls;
    for (std::size_t i = 0; i < tl.size(); ++i) {
      const json& a = tl[i];
      std::string ptr = "/timeline/" + std::to_string(i);
      std::string kind = a["action"];
      Time at = seconds(a["at_s"]);
      if (at > s.duration)
        error(ptr + "/at_s", "at " + at.str() + ", after the end of the run (duration_s)");
      for (const char* key : {"ue", "from"})
        if (a.contains(key) && kind != "datagrams" && kind != "transfer")
          subscriber_exists(s, a[key], ptr + "/" + key);
      if (kind == "call") subscriber_exists(s, a["to"], ptr + "/to");
      if (kind == "group_call") {
        if (a.contains("to")) {
          std::set<const Subscriber*> named;
          for (std::size_t k = 0; k < a["to"].size(); ++k) {
            std::string where = ptr + "/to/" + std::to_string(k);
            if (!subscriber_exists(s, a["to"][k], where)) continue;
            if (!named.insert(s.subscriber(a["to"][k])).second)
              error(where, a["to"][k].get<std::string>() + " is named twice");
          }
        }
        if (a.contains("group") &&
            std::none_of(s.groups.begin(), s.groups.end(), [&](const Group& g) { return g.id == a["group"]; }))
          error(ptr + "/group", "no group " + a["group"].get<std::string>() + " in `groups`");
      }
      if (kind == "datagrams" || kind == "transfer") {
        host_exists(s, a["from"], ptr + "/from");
        host_exists(s, a["to"], ptr + "/to");
      }
      if (a.contains("zone")) zone_exists(s, a["zone"], ptr + "/zone");
      if (a.contains("node")) host_exists(s, a["node"], ptr + "/node");
      if (a.contains("id") && !calls.insert(a["id"]).second)
        error(ptr + "/id", "id '" + a["id"].get<std::string>() + "' is used twice");
      if (kind == "attack") {
        std::string by = a["by"];
        if (by != "mailbox" && by != "li") subscriber_exists(s, a["by"], ptr + "/by");
        if (a.contains("call") && !calls.count(a["call"]))
          error(ptr + "/call", "no earlier call with id '" + a["call"].get<std::string>() + "'");
      }
      s.timeline.push_back({at, kind, a, ptr});
    }
    std::stable_sort(s.timeline.begin(), s.timeline.end(),
                     [](const Action& x, const Action& y) { return x.at < y.at; });
  }

  void traffic(Scenario& s) {
    if (!doc_.contains("traffic")) return;
    const json& t = doc_["traffic"];
    Traffic tr{t["calls_per_s"], seconds(t["mean_call_s"]), seconds(t["start_s"]),
               t.contains("stop_s") ? seconds(t["stop_s"]) : s.duration};
    if (s.subscribers.size() < 2) error("/traffic", "a traffic model needs at least two subscribers or a population");
    if (tr.stop < tr.start) error("/traffic/stop_s", "traffic stops before it starts");
    s.traffic = tr;
  }

  void expectations(Scenario& s) {
    const json& ex = doc_["expect"];
    for (std::size_t i = 0; i < ex.size(); ++i) {
      const json& e = ex[i];
      std::string ptr = "/expect/" + std::to_string(i);
      Expectation x;
      x.path = e["path"];
      x.what = e.value("what", x.path);
      x.pointer = ptr;
      if (!x.path.empty() && x.path[0] != '/')
        error(ptr + "/path", "a JSON pointer starts with '/', found '" + x.path + "'");
      if (e.contains("equals")) x.equals = e["equals"];
      if (e.contains("min")) x.min = e["min"].get<double>();
      if (e.contains("max")) x.max = e["max"].get<double>();
      if (!x.equals && !x.min && !x.max) error(ptr, "an expectation needs 'equals', 'min' or 'max'");
      if (x.equals && (x.min || x.max)) error(ptr, "give either 'equals' or 'min'/'max', not both");
      if (e.contains("variants")) {
        x.variants = e["variants"].get<std::vector<std::string>>();
        for (std::size_t k = 0; k < x.variants.size(); ++k)
          if (std::find(s.variants.begin(), s.variants.end(), x.variants[k]) == s.variants.end())
            error(ptr + "/variants/" + std::to_string(k),
                  "variant '" + x.variants[k] + "' is not among the scenario's variants");
      }
      s.expectations.push_back(std::move(x));
    }
  }

  const json& doc_;
  const JsonLocator& where_;
  Diagnostics& out_;
  std::set<std::string> names_;  // every host name claimed so far (IMS functions first)
  std::set<std::uint32_t> addresses_;
  std::map<std::string, std::uint32_t> next_free_;
};

// "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..." ->
// "syntax error ..."; the position is reported separately.
std::string parse_error_text(const std::string& what) {
  auto at = what.find("column ");
  if (at != std::string::npos) {
    auto colon = what.find(": ", at);
    if (colon != std::string::npos) return what.substr(colon + 2);
  }
  return what;
}

}  // namespace

Result<Scenario, Diagnostics> load_scenario_text(const std::string& text, const std::string& file) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    // nlohmann reports the byte after the offending token; point at the token itself.
    TextPosition pos = position_at(text, e.byte > 0 ? e.byte - 1 : 0);
    return Unexpected{Diagnostics{{"", pos, "invalid JSON: " + parse_error_text(e.what())}}};
  }
  JsonLocator where(text);
  Diagnostics problems;
  validate(doc, scenario_spec(), where, problems);
  if (!problems.empty()) return Unexpected{problems};
  json normalized = with_defaults(doc, scenario_spec());
  Scenario s = ModelBuilder(normalized, where, problems).build();
  if (!problems.empty()) return Unexpected{problems};
  s.file = file;
  return s;
}

Result<Scenario, Diagnostics> load_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unexpected{Diagnostics{{"", {}, "cannot open the scenario file"}}};
  std::ostringstream text;
  text << in.rdbuf();
  return load_scenario_text(text.str(), path);
}

}  // namespace imssim::scenario
