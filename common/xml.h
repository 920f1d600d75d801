// XML escaping (XML 1.0 §2.4 character data, §3.1 attribute values): & < > " ' become entity
// references, so the text is safe both between tags and inside quoted attributes.
#pragma once

#include <string>
#include <string_view>

namespace imssim {

std::string xml_escape(std::string_view text);

}  // namespace imssim
