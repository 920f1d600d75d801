#include "nodes/gba_nodes/gba_client.h"

#include <variant>

#include "common/hex.h"
#include "nodes/proto/gba/bootstrapping_info.h"
#include "nodes/proto/gba/digest_aka.h"

namespace imssim::gba_nodes {

namespace {

// User-Agent of the UE on Ub: a product token plus "3gpp-gba" (protocols.md §5.1 [M]).
constexpr std::string_view kUserAgent = "imssim-ue 3gpp-gba";

std::string body_text(const http::Response& r) {
  std::string text(as_chars(r.body));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text.empty() ? std::string() : ": " + text;
}

}  // namespace

Result<gba::Key256> GbaSession::ks_naf(std::string_view naf_fqdn,
                                       const gba::UaProtocolId& ua_protocol) const {
  return gba::ks_naf(ks, rand, impi, gba::naf_id(naf_fqdn, ua_protocol));
}

Result<std::unique_ptr<GbaClient>> GbaClient::create(Environment& env, GbaClientConfig config) {
  auto m = gba::Milenage::with_opc(config.k, config.opc);
  if (!m) return fail("GBA client " + config.impi + ": " + m.error().message);
  return std::unique_ptr<GbaClient>(new GbaClient(env, std::move(config), std::move(*m)));
}

GbaClient::GbaClient(Environment& env, GbaClientConfig config, gba::Milenage m)
    : env_(env), config_(std::move(config)), milenage_(std::move(m)) {}

GbaClient::~GbaClient() { env_.cancel_timer(timer_); }

void GbaClient::bootstrap(Callback done) {
  if (running_) {
    // Report from the event loop like every other outcome.
    env_.start_timer(Time(), [d = std::move(done)]() mutable {
      d(fail("GBA bootstrap: a bootstrapping run is already in progress"));
    });
    return;
  }
  running_ = true;
  ++counters_.runs;
  done_ = std::move(done);
  step_ = Step::kChallenge;
  resyncs_ = 0;
  started_ = env_.now();
  parser_.emplace();
  stream_ = env_.connect_tcp(config_.bsf);
  stream_->on_data([this](ByteView d) { on_data(d); });
  stream_->on_closed([this](StreamClose how) {
    fail_run("Ub: the connection to the BSF " + config_.bsf.str() + " was " +
             std::string(to_string(how)) + " before the bootstrapping finished");
  });
  timer_ = env_.start_timer(config_.timeout, [this] {
    timer_ = 0;
    fail_run("Ub: no result from the BSF within " + config_.timeout.str());
  });
  // Step 1 (TS 24.109 §4.4.2): the IMPI as username, no nonce and no response yet.
  gba::DigestCredentials c;
  c.username = config_.impi;
  c.realm = config_.bsf_host;
  c.uri = std::string(kUbPath);
  send_request(c);
}

void GbaClient::send_request(const gba::DigestCredentials& creds) {
  http::Request r;
  r.method = std::string(kUbMethod);
  r.target = std::string(kUbPath);
  r.headers.add(std::string(http::kHost), config_.bsf_host);
  r.headers.add("User-Agent", std::string(kUserAgent));
  r.headers.add(std::string(http::kAuthorization), gba::format_credentials(creds));
  auto wire = http::serialize(r);
  if (!wire) return fail_run("Ub: cannot build the request: " + wire.error().message);
  ++counters_.http_requests;
  std::string label = creds.response.empty() ? "Ub GET (IMPI)"
                      : creds.auts           ? "Ub GET (AUTS)"
                                             : "Ub GET (RES digest)";
  stream_->send(*wire, label);
}

void GbaClient::on_data(ByteView data) {
  if (!running_) return;
  parser_->feed(data);
  for (;;) {
    auto next = parser_->next();
    if (!next) return fail_run("Ub: bad HTTP response from the BSF: " + next.error().message);
    if (!next->has_value()) return;
    on_response(**next);
    if (!running_) return;
  }
}

void GbaClient::on_response(const http::Response& r) {
  if (step_ == Step::kChallenge && r.status == 401) return on_challenge(r);
  if (step_ == Step::kResult && r.status == 200) return on_result(r);
  fail_run("Ub: the BSF answered " + std::to_string(r.status) + " " +
           (r.reason.empty() ? std::string(http::reason_phrase(r.status)) : r.reason) +
           body_text(r));
}

void GbaClient::on_challenge(const http::Response& r) {
  const std::string* header = r.headers.find(http::kWwwAuthenticate);
  if (!header) return fail_run("Ub: 401 without WWW-Authenticate");
  auto ch = gba::parse_challenge(*header);
  if (!ch) return fail_run("Ub: " + ch.error().message);
  if (!http::iequals(ch->algorithm, gba::kAlgorithmAkaV1Md5))
    return fail_run("Ub: challenge algorithm \"" + ch->algorithm + "\" is not AKAv1-MD5");
  auto nonce = gba::parse_aka_nonce(ch->nonce);
  if (!nonce) return fail_run("Ub: challenge nonce: " + nonce.error().message);
  // The USIM (TS 33.102 §6.3.3): MAC first, then SQN freshness.
  auto usim = gba::usim_authenticate(milenage_, config_.usim, nonce->rand, nonce->autn);
  if (!usim)
    return fail_run("Ub: the USIM rejected the BSF's challenge (" + usim.error().message +
                    "): wrong K/OPc on one side, or a false network");

  gba::DigestCredentials c;
  c.username = config_.impi;
  c.realm = ch->realm;
  c.nonce = ch->nonce;
  c.uri = std::string(kUbPath);
  c.algorithm = ch->algorithm;
  c.opaque = ch->opaque;
  // auth-int when offered (TS 24.109 §4), else auth, else none.
  for (const std::string& q : ch->qop_options)
    if (q == gba::kQopAuthInt || (!c.qop && q == gba::kQopAuth)) c.qop = q;
  if (c.qop) {
    c.nc = "00000001";
    c.cnonce = to_hex(env_.rng("gba-cnonce").bytes(8));
  }
  ByteView password;
  if (auto* sync = std::get_if<gba::AkaSyncFailure>(&*usim)) {
    if (resyncs_ >= kMaxResyncs)
      return fail_run("Ub: SQN still not acceptable after " + std::to_string(resyncs_) +
                      " resynchronisation(s): " + sync->reason);
    ++resyncs_;
    ++counters_.resyncs;
    if (env_.tracing()) env_.trace_note("UE: synchronisation failure, " + sync->reason);
    c.auts = Bytes(sync->auts.begin(), sync->auts.end());
    // RFC 3310 §3.4: the response of a synchronisation failure uses an empty password.
  } else {
    aka_ = std::get<gba::AkaSuccess>(*usim);
    rand_ = nonce->rand;
    password = aka_.res;
    step_ = Step::kResult;
  }
  auto response = gba::digest_response(c, kUbMethod, password, {});
  if (!response) return fail_run("Ub: " + response.error().message);
  c.response = *response;
  last_creds_ = c;
  send_request(c);
}

void GbaClient::on_result(const http::Response& r) {
  // Mutual authentication: rspauth proves the BSF knew XRES (RFC 3310 §3.3, RFC 2617 §3.2.3).
  if (const std::string* ai = r.headers.find(http::kAuthenticationInfo)) {
    auto info = gba::parse_auth_info(*ai);
    if (!info) return fail_run("Ub: " + info.error().message);
    auto expected = gba::digest_rspauth(last_creds_, aka_.res, r.body);
    if (info->rspauth && (!expected || *info->rspauth != *expected))
      return fail_run("Ub: the BSF's rspauth does not match: the BSF is not authentic");
  }
  auto info = gba::parse_bootstrapping_info(as_chars(r.body));
  if (!info) return fail_run("Ub: 200 OK body: " + info.error().message);
  auto btid = gba::parse_btid(info->btid);
  if (!btid) return fail_run("Ub: B-TID: " + btid.error().message);
  if (btid->rand != rand_) return fail_run("Ub: the B-TID " + info->btid + " is not of our RAND");
  GbaSession s;
  s.btid = info->btid;
  s.ks = gba::make_ks(aka_.ck, aka_.ik);
  s.rand = rand_;
  s.expiry_unix = info->lifetime_unix;
  s.impi = config_.impi;
  last_latency_ = env_.now() - started_;
  ++counters_.successes;
  finish(std::move(s));
}

void GbaClient::fail_run(const std::string& why) {
  if (!running_) return;
  ++counters_.failures;
  if (env_.tracing()) env_.trace_note("UE: " + why);
  finish(fail("GBA bootstrap of " + config_.impi + ": " + why));
}

void GbaClient::finish(Result<GbaSession> outcome) {
  running_ = false;
  env_.cancel_timer(timer_);
  timer_ = 0;
  if (stream_) {
    stream_->close();  // the close completes on its own once released
    stream_.reset();
  }
  Callback done = std::move(done_);
  done(std::move(outcome));
}

}  // namespace imssim::gba_nodes
