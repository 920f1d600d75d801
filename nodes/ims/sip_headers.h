// Header values our message type has no typed accessor for (Authorization, WWW-Authenticate,
// Contact, Expires), as sofia-sip would serialise them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nodes/proto/sip/message.h"

namespace imssim::ims {

// The value of the first header called `name` (case-insensitive), without leading blanks.
std::optional<std::string> header_value(const sip::Message& m, std::string_view name);
// Every value of every header called `name`, comma-separated lists split (commas inside <>
// or quotes do not split): the Record-Route set, in order.
std::vector<std::string> header_values(const sip::Message& m, std::string_view name);
// The URI inside a Contact/Route value: "<sip:a@1.2.3.4:5060>;expires=5" -> "sip:a@1.2.3.4:5060".
std::string uri_in(std::string_view name_addr);

}  // namespace imssim::ims
