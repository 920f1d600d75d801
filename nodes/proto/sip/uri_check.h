// Checks on URIs that sofia-sip accepted but would not write back as they came, or that break
// their grammar. They read the url_t fields and build no string unless a URI is refused
// (Message::parse runs them on every address header). Private to nodes/proto/sip.
#pragma once

#include <optional>
#include <string>

#include "nodes/proto/sip/sofia.h"

namespace imssim::sip::detail {

// True when the URI as url_e() writes it holds SP or HT.
bool uri_has_whitespace(const url_t* url);

// Why the URI must be refused ("whitespace, ... inside the URI \"...\"", "\"...\": port is not a
// number ..."), or nullopt when it is fine. "*" (Contact: *, RFC 3261 §10.2.2) is fine.
std::optional<std::string> uri_problem(const url_t* url);

}  // namespace imssim::sip::detail
