#include "nodes/gba_nodes/bsf.h"

#include <algorithm>
#include <vector>

#include "common/hex.h"
#include "nodes/proto/diameter/zh.h"
#include "nodes/proto/diameter/zn.h"
#include "nodes/proto/gba/bootstrapping_info.h"
#include "nodes/proto/gba/digest_aka.h"

namespace imssim::gba_nodes {

namespace {

constexpr std::string_view kServer = "imssim-bsf";

// Reason phrases the HTTP codec's table lacks (RFC 9110 §15.6.3, §15.6.5).
std::string reason(int status) {
  if (status == 502) return "Bad Gateway";
  if (status == 504) return "Gateway Timeout";
  return std::string(http::reason_phrase(status));
}

http::Response text_response(int status, const std::string& text) {
  http::Response r;
  r.status = status;
  r.reason = reason(status);
  r.headers.add(std::string(http::kContentType), "text/plain");
  r.body = to_bytes(text);
  return r;
}

}  // namespace

Bsf::Bsf(Environment& env, BsfConfig config) : env_(env), config_(std::move(config)) {}

Result<std::unique_ptr<Bsf>> Bsf::start(Environment& env, BsfConfig config) {
  std::unique_ptr<Bsf> bsf(new Bsf(env, std::move(config)));
  Bsf* raw = bsf.get();
  const std::string where = "BSF " + raw->config_.fqdn + ": ";
  auto http = env.listen_tcp(raw->config_.http_port,
                             [raw](std::unique_ptr<Stream> s) { raw->accept(std::move(s)); });
  if (!http) return fail(where + "Ub: " + http.error().message);
  raw->http_listener_ = std::move(*http);
  auto zn = DiameterServer::listen(env, raw->config_.zn_port,
                                   [raw](const diameter::Message& m) { return raw->answer_zn(m); });
  if (!zn) return fail(where + "Zn: " + zn.error().message);
  raw->zn_server_ = std::move(*zn);
  raw->zh_ =
      std::make_unique<DiameterClient>(env, raw->config_.hss, raw->config_.hss_timeout, "bsf-zh");
  return bsf;
}

Bsf::~Bsf() = default;

std::int64_t Bsf::unix_now() const { return config_.epoch_unix + env_.now().ns() / 1'000'000'000; }

const Bsf::Bootstrap* Bsf::find(std::string_view btid) const {
  auto it = bootstraps_.find(btid);
  return it == bootstraps_.end() ? nullptr : &it->second;
}

// ---- Ub ----------------------------------------------------------------------------------------

void Bsf::accept(std::unique_ptr<Stream> stream) {
  const std::uint64_t id = next_connection_++;
  auto c = std::make_unique<Connection>();
  c->stream = std::move(stream);
  c->stream->on_data([this, id](ByteView data) {
    auto it = connections_.find(id);
    if (it == connections_.end()) return;
    it->second->parser.feed(data);
    pump(id);
  });
  c->stream->on_closed([this, id](StreamClose how) {
    auto it = connections_.find(id);
    if (it == connections_.end()) return;
    if (how == StreamClose::kGraceful) it->second->stream->close();
    connections_.erase(it);  // a pending HSS answer finds no connection and is dropped
  });
  connections_.emplace(id, std::move(c));
}

void Bsf::pump(std::uint64_t id) {
  for (;;) {
    auto it = connections_.find(id);
    if (it == connections_.end() || it->second->busy) return;
    auto next = it->second->parser.next();
    if (!next) {
      ++counters_.bad_requests;
      // RFC 9112 §9.3: after a framing error the connection cannot be reused: answer, close.
      respond(id, text_response(next.error().status, next.error().message + "\n"), "Ub error");
      if (auto again = connections_.find(id); again != connections_.end()) {
        again->second->stream->close();
        connections_.erase(again);
      }
      return;
    }
    if (!next->has_value()) return;
    handle(id, **next);
  }
}

void Bsf::respond(std::uint64_t id, http::Response response, std::string_view label) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  response.headers.add("Server", std::string(kServer));
  auto wire = http::serialize(response);
  if (!wire) {  // a bug of this node: say so on the wire rather than stall the client
    wire = http::serialize(text_response(500, "BSF: " + wire.error().message + "\n"));
  }
  it->second->stream->send(*wire, label);
}

void Bsf::respond_error(std::uint64_t id, int status, const std::string& why) {
  if (env_.tracing()) env_.trace_note("BSF: " + why);
  respond(id, text_response(status, why + "\n"),
          "Ub " + std::to_string(status) + " " + reason(status));
}

void Bsf::handle(std::uint64_t id, const http::Request& request) {
  ++counters_.ub_requests;
  prune();
  if (request.method != kUbMethod) {
    ++counters_.bad_requests;
    respond_error(id, 405, "Ub: method " + request.method + " not allowed, use GET");
    return;
  }
  const std::string* auth = request.headers.find(http::kAuthorization);
  if (!auth) {
    ++counters_.bad_requests;
    respond_error(id, 400, "Ub: request without Authorization (the IMPI is the Digest username)");
    return;
  }
  auto creds = gba::parse_credentials(*auth);
  if (!creds) {
    ++counters_.bad_requests;
    respond_error(id, 400, "Ub: " + creds.error().message);
    return;
  }
  if (creds->username.empty()) {
    ++counters_.bad_requests;
    respond_error(id, 400, "Ub: empty Digest username (the IMPI)");
    return;
  }
  // The initial request carries no nonce and no response (TS 24.109 §4.4.2 step 1).
  if (creds->nonce.empty() || creds->response.empty()) {
    challenge(id, creds->username, std::nullopt);
    return;
  }
  authenticate(id, request, *creds);
}

void Bsf::challenge(std::uint64_t id, const std::string& impi, std::optional<Bytes> resync) {
  diameter::MultimediaAuthRequest mar;
  mar.session_id = zh_->new_session_id(config_.fqdn);
  mar.origin_host = config_.fqdn;
  mar.origin_realm = config_.realm;
  mar.destination_realm = config_.hss_realm;
  mar.impi = impi;
  mar.resync = std::move(resync);
  connections_.at(id)->busy = true;
  zh_->send(diameter::build_mar(mar, 0, 0), [this, id, impi](Result<diameter::Message> answer) {
    auto it = connections_.find(id);
    if (it == connections_.end()) return;  // the UE went away meanwhile
    it->second->busy = false;
    auto finish = [&](int status, const std::string& why) {
      ++counters_.auth_failures;
      respond_error(id, status, why);
      pump(id);
    };
    if (!answer) return finish(504, "Ub: HSS unreachable: " + answer.error().message);
    auto maa = diameter::parse_maa(*answer);
    if (!maa) return finish(502, "Ub: bad MAA from the HSS: " + maa.error().message);
    if (!maa->result.success()) {
      const std::string code = std::to_string(maa->result.code);
      if (maa->result.experimental && maa->result.code == kErrorImpiUnknown)
        return finish(
            403, "Ub: the HSS does not know IMPI " + impi + " (DIAMETER_ERROR_IMPI_UNKNOWN 5401)");
      return finish(403, "Ub: the HSS refused " + impi + " with result " + code);
    }
    const diameter::AuthDataItem& item = *maa->item;
    Challenge c;
    c.impi = impi;
    c.created = env_.now();
    std::copy_n(item.rand_autn.begin(), gba::kRandBytes, c.vector.rand.begin());
    std::copy_n(item.rand_autn.begin() + gba::kRandBytes, gba::kAutnBytes, c.vector.autn.begin());
    // XRES may be 4..16 octets in general; Milenage's RES is 8 (TS 35.206).
    if (item.xres.size() != gba::kResBytes)
      return finish(502,
                    "Ub: XRES of " + std::to_string(item.xres.size()) + " octets from the HSS");
    std::copy_n(item.xres.begin(), gba::kResBytes, c.vector.xres.begin());
    std::copy_n(item.ck.begin(), gba::kKeyBytes, c.vector.ck.begin());
    std::copy_n(item.ik.begin(), gba::kKeyBytes, c.vector.ik.begin());

    gba::DigestChallenge ch;
    ch.realm = config_.fqdn;
    ch.nonce = gba::make_aka_nonce(c.vector.rand, c.vector.autn);
    ch.algorithm = std::string(gba::kAlgorithmAkaV1Md5);
    ch.qop_options = {std::string(gba::kQopAuthInt)};
    challenge_order_.emplace_back(c.created, ch.nonce);
    challenges_[ch.nonce] = std::move(c);
    ++counters_.challenges;
    http::Response r;
    r.status = 401;
    r.headers.add(std::string(http::kWwwAuthenticate), gba::format_challenge(ch));
    respond(id, std::move(r), "Ub 401 (RAND, AUTN)");
    pump(id);
  });
}

void Bsf::authenticate(std::uint64_t id, const http::Request& request,
                       const gba::DigestCredentials& creds) {
  auto it = challenges_.find(creds.nonce);
  if (it == challenges_.end()) {
    ++counters_.auth_failures;
    respond_error(id, 403, "Ub: unknown or expired nonce for " + creds.username);
    return;
  }
  const Challenge c = std::move(it->second);
  challenges_.erase(it);  // one answer per challenge: a replayed response finds nothing
  if (creds.username != c.impi) {
    ++counters_.auth_failures;
    respond_error(id, 403,
                  "Ub: username " + creds.username + " differs from the challenged " + c.impi);
    return;
  }
  // RFC 2617 §3.2.2.5: the digest-uri must name the request's target.
  if (creds.uri != request.target) {
    ++counters_.bad_requests;
    respond_error(id, 400,
                  "Ub: digest uri \"" + creds.uri + "\" is not the request target \"" +
                      request.target + "\"");
    return;
  }
  if (creds.auts) {
    // RFC 3310 §3.4: the response of a synchronisation failure uses an empty password.
    if (auto ok = gba::verify_digest_response(creds, request.method, {}, request.body); !ok) {
      ++counters_.auth_failures;
      respond_error(id, 403,
                    "Ub: resynchronisation request of " + c.impi + ": " + ok.error().message);
      return;
    }
    if (creds.auts->size() != gba::kAutsBytes) {
      ++counters_.bad_requests;
      respond_error(id, 400, "Ub: auts of " + std::to_string(creds.auts->size()) + " octets");
      return;
    }
    ++counters_.resyncs;
    Bytes resync(gba::kRandBytes + gba::kAutsBytes);  // RAND || AUTS (TS 29.109 §5.2)
    std::copy(c.vector.rand.begin(), c.vector.rand.end(), resync.begin());
    std::copy(creds.auts->begin(), creds.auts->end(), resync.begin() + gba::kRandBytes);
    challenge(id, c.impi, std::move(resync));
    return;
  }
  if (auto ok = gba::verify_digest_response(creds, request.method, c.vector.xres, request.body);
      !ok) {
    ++counters_.auth_failures;
    respond_error(id, 403, "Ub: authentication of " + c.impi + " failed: " + ok.error().message);
    return;
  }
  // TS 33.220 §4.5.2: Ks = CK || IK, B-TID = base64(RAND)@BSF name, lifetime by policy.
  Bootstrap b;
  b.impi = c.impi;
  b.ks = gba::make_ks(c.vector.ck, c.vector.ik);
  b.rand = c.vector.rand;
  b.created_unix = unix_now();
  b.expiry_unix = b.created_unix + config_.key_lifetime_seconds;
  const std::string btid = gba::make_btid(b.rand, config_.fqdn);
  // A new run replaces the subscriber's previous bootstrapping (TS 33.220 §4.5.2 [M]).
  if (auto old = btid_of_impi_.find(c.impi); old != btid_of_impi_.end())
    bootstraps_.erase(old->second);
  btid_of_impi_[c.impi] = btid;
  expiries_.emplace(b.expiry_unix, btid);
  bootstraps_[btid] = b;
  ++counters_.bootstraps;

  const std::string body = gba::build_bootstrapping_info({btid, b.expiry_unix});
  http::Response r;
  r.status = 200;
  r.headers.add(std::string(http::kContentType), std::string(gba::kBsfContentType));
  gba::DigestAuthInfo info;
  info.qop = creds.qop;
  info.cnonce = creds.cnonce;
  info.nc = creds.nc;
  if (auto rspauth = gba::digest_rspauth(creds, c.vector.xres, as_bytes(body)); rspauth)
    info.rspauth = *rspauth;
  r.headers.add(std::string(http::kAuthenticationInfo), gba::format_auth_info(info));
  r.body = to_bytes(body);
  if (env_.tracing()) env_.trace_note("BSF: " + c.impi + " bootstrapped, B-TID " + btid);
  respond(id, std::move(r), "Ub 200 OK (B-TID)");
}

void Bsf::prune() {
  const Time now = env_.now();
  while (!challenge_order_.empty() &&
         now - challenge_order_.front().first >= config_.challenge_lifetime) {
    challenges_.erase(challenge_order_.front().second);
    challenge_order_.pop_front();
  }
  const std::int64_t unix = unix_now();
  while (!expiries_.empty() && expiries_.begin()->first <= unix) {
    const std::string& btid = expiries_.begin()->second;
    if (auto b = bootstraps_.find(btid); b != bootstraps_.end() && b->second.expiry_unix <= unix) {
      if (auto i = btid_of_impi_.find(b->second.impi);
          i != btid_of_impi_.end() && i->second == btid)
        btid_of_impi_.erase(i);
      bootstraps_.erase(b);
    }
    expiries_.erase(expiries_.begin());
  }
}

// ---- Zn ----------------------------------------------------------------------------------------

diameter::Message Bsf::answer_zn(const diameter::Message& request) {
  ++counters_.zn_requests;
  prune();
  diameter::BootstrappingInfoAnswer a;
  a.origin_host = config_.fqdn;
  a.origin_realm = config_.realm;
  auto refuse = [&](diameter::ResultCode result, const std::string& why) {
    if (env_.tracing()) env_.trace_note("BSF Zn: " + why);
    diameter::Message m = diameter::build_bia(a, request.hop_by_hop, request.end_to_end);
    if (!result.experimental && result.code >= 3000 && result.code < 4000)
      m.flags |= diameter::kFlagError;  // RFC 6733 §7.1: protocol errors carry E
    return m;
  };
  if (request.application_id != diameter::kAppZn ||
      request.command_code != diameter::kCmdBootstrappingInfo) {
    a.result = {kApplicationUnsupported, false};
    return refuse(a.result, "not a Zn Bootstrapping-Info-Request");
  }
  auto bir = diameter::parse_bir(request);
  if (!bir) {
    a.result = {kInvalidAvpValue, false};
    return refuse(a.result, bir.error().message);
  }
  a.session_id = bir->session_id;
  if (bir->naf_id.size() <= gba::UaProtocolId{}.size()) {
    a.result = {kInvalidAvpValue, false};
    return refuse(a.result, "NAF-Id of " + std::to_string(bir->naf_id.size()) +
                                " octets has no FQDN before the Ua protocol id");
  }
  const Bootstrap* b = find(bir->btid);
  if (!b || b->expiry_unix <= unix_now()) {
    ++counters_.zn_invalid_btid;
    a.result = {kErrorBtidInvalid, true};
    return refuse(a.result, std::string(b ? "expired" : "unknown") + " B-TID " + bir->btid);
  }
  auto key = gba::ks_naf(b->ks, b->rand, b->impi, bir->naf_id);
  if (!key) {
    a.result = {kInvalidAvpValue, false};
    return refuse(a.result, key.error().message);
  }
  ++counters_.zn_keys;
  a.result = {};
  a.impi = b->impi;
  a.me_key_material = Bytes(key->begin(), key->end());
  a.key_expiry_time = b->expiry_unix;
  a.bootstrap_info_creation_time = b->created_unix;
  a.gba_type = 0;  // 3G GBA (TS 29.109 §6.3.1.x GBA-Type)
  return diameter::build_bia(a, request.hop_by_hop, request.end_to_end);
}

}  // namespace imssim::gba_nodes
