// Human names of MIKEY codepoints, for error messages, the CLI's JSON and traces. Unknown
// values come back as "unknown (N)".
#pragma once

#include <cstdint>
#include <string>

namespace imssim::mikey {

std::string data_type_name(std::uint8_t v);
std::string payload_name(std::uint8_t v);
std::string prf_name(std::uint8_t v);
std::string map_type_name(std::uint8_t v);
std::string ts_type_name(std::uint8_t v);
std::string id_type_name(std::uint8_t v);
std::string id_role_name(std::uint8_t v);
std::string rand_role_name(std::uint8_t v);
std::string ts_role_name(std::uint8_t v);
std::string encr_alg_name(std::uint8_t v);
std::string mac_alg_name(std::uint8_t v);
std::string key_data_type_name(std::uint8_t v);
std::string kv_type_name(std::uint8_t v);
std::string srtp_param_name(std::uint8_t v);
std::string error_name(std::uint8_t v);
std::string general_ext_name(std::uint8_t v);
std::string ticket_type_name(std::uint16_t v);

}  // namespace imssim::mikey
