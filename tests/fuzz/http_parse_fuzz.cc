// Fuzz target for the HTTP/1.1 parser. Besides "no crash, no sanitizer report" it checks two
// properties and aborts when they fail:
//  * splitting the stream into feeds changes nothing (same messages, same error);
//  * a parsed request or response that the builder accepts parses back to the same message.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "nodes/proto/http/parser.h"

namespace {

using namespace imssim;
using namespace imssim::http;

template <typename M>
struct Outcome {
  std::vector<M> messages;
  bool failed = false;
  ParseError error;
};

bool same_headers(const std::vector<Header>& a, const std::vector<Header>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].name != b[i].name || a[i].value != b[i].value) return false;
  return true;
}

bool same(const Request& a, const Request& b) {
  return a.method == b.method && a.target == b.target && a.minor_version == b.minor_version &&
         same_headers(a.headers.fields(), b.headers.fields()) && a.body == b.body &&
         same_headers(a.trailers, b.trailers);
}
bool same(const Response& a, const Response& b) {
  return a.status == b.status && a.reason == b.reason && a.minor_version == b.minor_version &&
         same_headers(a.headers.fields(), b.headers.fields()) && a.body == b.body &&
         same_headers(a.trailers, b.trailers);
}

template <typename M>
bool same(const Outcome<M>& a, const Outcome<M>& b) {
  if (a.messages.size() != b.messages.size() || a.failed != b.failed) return false;
  if (a.failed && (a.error.status != b.error.status || a.error.message != b.error.message))
    return false;
  for (std::size_t i = 0; i < a.messages.size(); ++i)
    if (!same(a.messages[i], b.messages[i])) return false;
  return true;
}

template <typename Parser, typename M>
void drain(Parser& p, Outcome<M>& out) {
  while (!out.failed) {
    auto r = p.next();
    if (!r) {
      out.failed = true;
      out.error = r.error();
      return;
    }
    if (!*r) return;
    out.messages.push_back(std::move(**r));
  }
}

template <typename Parser, typename M>
Outcome<M> run(ByteView data, const std::vector<std::size_t>& cuts) {
  Parser p;
  Outcome<M> out;
  std::size_t from = 0;
  for (std::size_t cut : cuts) {
    p.feed(data.subspan(from, cut - from));
    from = cut;
    drain(p, out);
  }
  p.feed(data.subspan(from));
  drain(p, out);
  if constexpr (std::is_same_v<M, Response>) {
    if (!out.failed) {
      auto f = p.finish();
      if (!f) {
        out.failed = true;
        out.error = f.error();
      } else if (*f) {
        out.messages.push_back(std::move(**f));
      }
    }
  }
  return out;
}

template <typename Parser, typename M>
void check(ByteView data) {
  const auto whole = run<Parser, M>(data, {});
  const auto split = run<Parser, M>(data, {data.size() / 3, 2 * data.size() / 3});
  if (!same(whole, split)) std::abort();
  for (const M& m : whole.messages) {
    auto wire = serialize(m);
    if (!wire) continue;
    // The builder may add one Content-Length line, so the re-parse allows one more header.
    Limits roomier;
    roomier.max_headers += 1;
    roomier.max_header_bytes += 32;
    Parser p(roomier);
    p.feed(*wire);
    Outcome<M> again;
    drain(p, again);
    if (again.failed || again.messages.size() != 1) std::abort();
    // The builder adds Content-Length where the original had none, and the standard reason
    // phrase where it was empty; compare with those normalised.
    M a = m, b = again.messages[0];
    a.headers.set("Content-Length", "");
    b.headers.set("Content-Length", "");
    if constexpr (std::is_same_v<M, Response>) {
      if (a.reason.empty()) a.reason = std::string(reason_phrase(a.status));
    }
    if (!same(a, b)) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ByteView input(data, size);
  check<RequestParser, Request>(input);
  check<ResponseParser, Response>(input);
  return 0;
}
