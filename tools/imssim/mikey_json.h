// JSON form of a MIKEY message for `imssim mikey decode|encode`: every field of every payload,
// with *_name fields for people (ignored when encoding). message_from_json(message_to_json(m))
// == m for every decodable message.
#pragma once

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "nodes/proto/mikey/message.h"

namespace imssim::cli {

nlohmann::json message_to_json(const mikey::Message& m);
// Errors name the JSON path ("/payloads/3/rand: ...").
Result<mikey::Message> message_from_json(const nlohmann::json& j);
nlohmann::json key_data_to_json(const mikey::KeyData& k);

}  // namespace imssim::cli
