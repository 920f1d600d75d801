// A SIP message (RFC 3261 §7) held by a sofia-sip msg_t: strict parsing, serialisation and
// typed accessors. One Message owns its msg_t (and every string its accessors return views of).
//
// Strict validation (Message::parse) rejects, with a SipError naming the header and reason:
//  * input sofia cannot frame or whose start line does not parse (msg_has_error);
//  * any header in sofia's error list: values that do not parse (CSeq "abc", a Via with stray
//    separators) and repeated single-valued headers (two CSeq, two Content-Length);
//  * a version other than SIP/2.0 (505), a status code outside 100-699 (drop);
//  * a missing Via/From/To/Call-ID/CSeq, a CSeq method that differs from the request method
//    (400; 501 for an unknown method, RFC 4475 §3.1.2.18), or whatever else sip_sanity_check
//    refuses (for example a Request-URI that does not parse);
//  * a Request-URI that carries ?headers (RFC 3261 §19.1.1 table: not allowed there);
//  * SP/HT before the start line (RFC 3261 §7.5), a first header line folded onto the start
//    line (§7.3.1), a bare CR in the header section, a CSeq line with text after the method;
//  * a URI (Request-URI, From, To, Contact, Route, Record-Route) that sofia-sip accepted but
//    would not write back as it came or that breaks its grammar (uri_check.h);
//  * a Content-Length larger than the body, and on stream transports any disagreement or a
//    missing Content-Length. On datagrams (RFC 3261 §18.3) octets after Content-Length bytes
//    are discarded and counted in discarded_octets(); without Content-Length the body is the
//    rest of the datagram.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nodes/proto/sip/error.h"

// sofia-sip types, kept out of the includes of our users.
struct msg_s;
struct sip_s;

namespace imssim::sip {

enum class Transport { kDatagram, kStream };

struct ParseOptions {
  Transport transport = Transport::kDatagram;
};

class Message {
 public:
  // Parses and validates one message. Never throws, never reads outside `bytes`.
  static Result<Message, SipError> parse(std::string_view bytes, ParseOptions options = {});
  // Takes ownership of a msg_t built elsewhere in this module (builders).
  static Message adopt(msg_s* msg);

  Message(Message&& other) noexcept;
  Message& operator=(Message&& other) noexcept;
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;
  ~Message();

  // A deep copy (a proxy forwards a copy and keeps the original for its transaction).
  Message clone() const;

  // The wire form, CRLF line ends, Content-Length always present.
  std::string serialize() const;

  bool is_request() const;
  bool is_response() const { return !is_request(); }
  // Request: method name ("INVITE", or the token of an unknown method); response: "".
  std::string_view method() const;
  // Response: status code and reason phrase; request: 0 and "".
  int status() const;
  std::string_view reason() const;
  std::string request_uri() const;  // "" for a response

  std::string_view call_id() const;
  std::uint32_t cseq() const;
  std::string_view cseq_method() const;
  std::string from_uri() const;
  std::string_view from_tag() const;  // "" when absent
  std::string to_uri() const;
  std::string_view to_tag() const;
  std::optional<int> max_forwards() const;

  std::size_t via_count() const;
  std::string_view top_via_branch() const;  // "" when absent
  std::string top_via_sent_by() const;      // "host[:port]"
  std::string_view top_via_transport() const;
  std::size_t route_count() const;
  std::string top_route_uri() const;  // "" when absent
  std::size_t record_route_count() const;
  std::vector<std::string> record_route_uris() const;  // in header order
  std::string contact_uri() const;                     // first Contact, "" when absent

  std::string_view body() const;
  std::string content_type() const;  // "application/sdp" (type/subtype only); "" when absent
  // The value of every header called `name` (full or compact form, any case), in header
  // order, each as serialize() writes it; without serialising the rest of the message.
  std::vector<std::string> header_fields(std::string_view name) const;
  // Octets after the Content-Length body in the datagram, discarded (RFC 3261 §18.3).
  std::size_t discarded_octets() const { return discarded_octets_; }

  // For the rest of this module (builders, proxy helpers): the sofia objects.
  msg_s* raw() const { return msg_; }
  sip_s* sip() const;

 private:
  explicit Message(msg_s* msg) : msg_(msg) {}
  msg_s* msg_ = nullptr;
  std::size_t discarded_octets_ = 0;
};

// The RFC 3261 §21 reason phrase of a status code (sofia's table), "" when unknown.
std::string_view reason_phrase(int status);

}  // namespace imssim::sip
