#include "nodes/ims/scscf.h"

#include <charconv>

#include "nodes/ims/sip_headers.h"
#include "nodes/proto/sip/build.h"
#include "nodes/proto/gba/digest.h"
#include "nodes/proto/gba/digest_aka.h"
#include "nodes/proto/gba/milenage.h"
#include "nodes/proto/sip/constants.h"
#include "nodes/proto/sip/proxy.h"

namespace imssim::ims {
namespace {

constexpr int kUnauthorized = 401;                       // RFC 3261 §21.4.2
constexpr int kForbidden = 403;                          // §21.4.4
constexpr int kNotFound = 404;                           // §21.4.5
constexpr int kUnavailable = 480;                        // §21.4.18: Temporarily Unavailable
constexpr int kServerTimeout = 504;                      // §21.5.5
constexpr std::string_view kAkaAlgorithm = "AKAv1-MD5";  // RFC 3310 §3.1

// A REGISTER's server transaction: Call-ID and CSeq (retransmissions repeat both; a stateless
// P-CSCF in front may give each copy a new branch).
std::string transaction_key(const sip::Message& m) {
  return std::string(m.call_id()) + " " + std::to_string(m.cseq());
}

std::string strip_params(std::string uri) { return uri.substr(0, uri.find(';')); }

// Expires header, else the Contact's expires parameter, else the default.
Time requested_expiry(const sip::Message& m, Time max) {
  std::string text;
  if (auto e = header_value(m, "Expires"))
    text = *e;
  else if (auto c = header_value(m, "Contact"); c && c->find("expires=") != std::string::npos)
    text = c->substr(c->find("expires=") + 8);
  std::int64_t secs = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), secs);
  if (text.empty() || ec != std::errc()) return max;
  return std::min(Time::sec(secs), max);
}

}  // namespace

Result<std::unique_ptr<Scscf>> Scscf::start(Environment& env, ScscfConfig config,
                                            AuthVectorSource& vectors) {
  auto t = SipTransport::open(env, config.port, "S-CSCF");
  if (!t) return Unexpected{t.error()};
  return std::unique_ptr<Scscf>(new Scscf(env, std::move(config), vectors, std::move(*t)));
}

Scscf::Scscf(Environment& env, ScscfConfig config, AuthVectorSource& vectors,
             std::unique_ptr<SipTransport> transport)
    : env_(env),
      config_(std::move(config)),
      vectors_(vectors),
      transport_(std::move(transport)),
      proxy_(env, *transport_, sip_uri(transport_->local())),
      requests_(env, *transport_) {
  transport_->on_message(
      [this](sip::Message m, const Endpoint& from) { on_message(std::move(m), from); });
  transport_->set_interface_of([](const Endpoint&) { return "Mw"; });
}

void Scscf::set_retarget(
    std::function<std::optional<Retarget>(const std::string& uri, RetargetReason why)> f) {
  retarget_ = std::move(f);
  if (config_.no_answer_timeout > Time())
    no_answer_ = std::make_unique<NoAnswerSupervisor>(
        env_, *transport_, proxy_, config_.no_answer_timeout,
        [this](const std::string& user) { return retarget_(user, RetargetReason::kNoAnswer); });
}

const Binding* Scscf::binding(const std::string& impu) const {
  auto it = bindings_.find(impu);
  if (it == bindings_.end() || it->second.expires <= env_.now()) return nullptr;
  return &it->second;
}

void Scscf::on_message(sip::Message m, const Endpoint& from) {
  if (m.is_response()) {
    if (requests_.on_response(m)) return;
    if (no_answer_ && no_answer_->on_response(m, from)) return;
    return proxy_.forward_response(std::move(m));
  }
  if (m.method() == "REGISTER") return on_register(std::move(m), from);
  if (!proxy_.admit(m, from)) return;
  if (li_ && m.method() == "BYE") li_->on_bye(m);
  if (m.route_count() > 0) {  // in-dialog, or a preloaded route: follow it
    auto next = endpoint_of(m.top_route_uri());
    if (!next) return proxy_.answer(m, from, 400);
    return proxy_.forward(std::move(m), *next, true);
  }
  if (!m.to_tag().empty()) {  // in-dialog without routes: straight to the Request-URI
    auto next = endpoint_of(m.request_uri());
    if (!next) return proxy_.answer(m, from, kNotFound);
    return proxy_.forward(std::move(m), *next, false);
  }
  route_initial(std::move(m), from);
}

void Scscf::route_initial(sip::Message m, const Endpoint& from) {
  std::string target = strip_params(m.request_uri());
  if (m.method() == "INVITE" && li_) li_->on_invite(m);
  if (no_answer_ && (m.method() == "INVITE" || m.method() == "CANCEL"))
    if (auto moved = no_answer_->retargeted(m.call_id())) {  // the call went to the mailbox
      if (auto ok = sip::set_request_uri(m, moved->request_uri); !ok)
        return proxy_.answer(m, from, 400);
      bool record_route = m.method() == "INVITE";
      return proxy_.forward(std::move(m), moved->next, record_route);
    }
  if (const Binding* b = binding(target)) {
    std::optional<sip::Message> incoming;  // kept for retargeting if the user does not answer
    if (no_answer_ && m.method() == "INVITE") incoming.emplace(m.clone());
    if (auto ok = sip::set_request_uri(m, b->contact_uri); !ok) return proxy_.answer(m, from, 400);
    if (!incoming) return proxy_.forward(std::move(m), b->path, true);
    auto out = proxy_.prepare(std::move(m), true);
    if (!out) return;
    proxy_.send(*out, b->path);
    return no_answer_->watch(std::move(*incoming), std::move(*out), b->path, target);
  }
  if (retarget_ && m.method() == "INVITE") {  // only a call can go to the mailbox
    if (auto r = retarget_(target, RetargetReason::kNotRegistered)) {
      if (!r->request_uri.empty()) {
        if (env_.tracing()) env_.trace_note("S-CSCF retargets " + target + " to " + r->request_uri);
        if (auto ok = sip::set_request_uri(m, r->request_uri); !ok)
          return proxy_.answer(m, from, 400);
      }
      return proxy_.forward(std::move(m), r->next, true);
    }
  }
  proxy_.answer(m, from, kUnavailable);
}

void Scscf::on_register(sip::Message m, const Endpoint& from) {
  while (!register_answer_expiry_.empty() && register_answer_expiry_.front().first <= env_.now()) {
    register_answers_.erase(register_answer_expiry_.front().second);
    register_answer_expiry_.pop_front();
  }
  auto done = register_answers_.find(transaction_key(m));
  if (done != register_answers_.end())
    return transport_->send(done->second.response, done->second.to);
  std::string impu = strip_params(m.to_uri());
  auto auth = header_value(m, "Authorization");
  auto creds = auth ? gba::parse_credentials(*auth) : Result<gba::DigestCredentials>(fail("none"));
  if (!creds) return answer_register(m, from, kForbidden);  // TS 24.229: IMPI is mandatory
  std::string impi = creds->username;
  auto pending = challenges_by_impi_.find(impi);
  if (creds->response.empty() || pending == challenges_by_impi_.end() ||
      creds->nonce != pending->second.nonce)
    return challenge(std::move(m), from, impi, impu);

  if (auto ok = gba::verify_digest_response(*creds, "REGISTER", pending->second.xres, {}); !ok) {
    if (env_.tracing()) env_.trace_note("S-CSCF: REGISTER of " + impi + ": " + ok.error().message);
    challenges_by_impi_.erase(pending);
    return answer_register(m, from, kForbidden);
  }
  auto contact = header_value(m, "Contact");
  auto contact_ep = contact ? endpoint_of(uri_in(*contact)) : Result<Endpoint>(fail("no Contact"));
  if (!contact_ep) return answer_register(m, from, 400);
  Time expiry = requested_expiry(m, config_.max_registration);
  if (expiry == Time()) {
    bindings_.erase(impu);
  } else {
    bindings_[impu] = Binding{impi, uri_in(*contact), *contact_ep, from, env_.now() + expiry};
    ++registrations_;
  }
  answer_register(m, from, 200, {{"Expires", std::to_string(std::int64_t(expiry.to_sec()))}},
                  *contact);
  register_at_as(impu, expiry);
}

// TS 24.229 §5.4.1.7: the S-CSCF registers the user at the AS on its own behalf (From: the
// S-CSCF, To: the user, Contact: the S-CSCF), with the registration's expiry.
void Scscf::register_at_as(const std::string& impu, Time expiry) {
  if (!third_party_) return;
  std::string self = sip_uri(transport_->local());
  auto r = requests_.new_request("REGISTER", third_party_->as_uri, self, impu);
  r.contact = "<" + self + ">";
  r.headers = {{"Expires", std::to_string(std::int64_t(expiry.to_sec()))}};
  if (auto m = sip::build_request(r)) requests_.send(std::move(*m), third_party_->as);
}

void Scscf::answer_register(const sip::Message& m, const Endpoint& from, int status,
                            std::vector<std::pair<std::string, std::string>> headers,
                            std::string contact) {
  auto sent = proxy_.respond(m, from, status, std::move(headers), std::move(contact));
  if (!sent) return;
  std::string key = transaction_key(m);
  register_answers_.insert_or_assign(key, Answered{std::move(sent->response), sent->to});
  // Timer J (RFC 3261 §17.2.2): 64*T1 over unreliable transport.
  register_answer_expiry_.emplace_back(env_.now() + sip::kT1 * sip::kTransactionTimeoutFactor,
                                       std::move(key));
}

void Scscf::challenge(sip::Message m, const Endpoint& from, const std::string& impi,
                      const std::string& impu) {
  if (!fetching_.insert(impi).second) return;  // a retransmission; the vector is on its way
  auto request = std::make_shared<sip::Message>(std::move(m));
  vectors_.fetch(impi, impu, [this, request, from, impi](Result<ImsAuthVector> v) {
    fetching_.erase(impi);
    if (!v) {
      if (env_.tracing())
        env_.trace_note("S-CSCF: no AKA vector for " + impi + ": " + v.error().message);
      return answer_register(*request, from, kServerTimeout);
    }
    auto rand = gba::to_array<16>(v->rand, "RAND");
    auto autn = gba::to_array<16>(v->autn, "AUTN");
    if (!rand || !autn) return answer_register(*request, from, kServerTimeout);
    gba::DigestChallenge c;
    c.realm = config_.domain;
    c.nonce = gba::make_aka_nonce(*rand, *autn);
    c.algorithm = std::string(kAkaAlgorithm);
    c.qop_options = {"auth"};
    challenges_by_impi_[impi] = Challenge{c.nonce, v->xres};
    ++challenges_;
    answer_register(*request, from, kUnauthorized,
                    {{"WWW-Authenticate", gba::format_challenge(c)}});
  });
}

}  // namespace imssim::ims
