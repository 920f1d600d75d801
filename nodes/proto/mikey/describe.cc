#include "nodes/proto/mikey/describe.h"

#include <initializer_list>
#include <utility>

namespace imssim::mikey {
namespace {

using Names = std::initializer_list<std::pair<unsigned, const char*>>;

std::string lookup(unsigned v, Names names) {
  for (const auto& [value, name] : names)
    if (value == v) return name;
  return "unknown (" + std::to_string(v) + ")";
}

}  // namespace

std::string data_type_name(std::uint8_t v) {
  return lookup(v, {{0, "PSK I_MESSAGE"}, {1, "PSK R_MESSAGE"}, {2, "PK I_MESSAGE"},
                    {3, "PK R_MESSAGE"}, {4, "DH init"}, {5, "DH resp"}, {6, "Error"},
                    {7, "DHHMAC init"}, {8, "DHHMAC resp"}, {9, "RSA-R I_MSG"},
                    {10, "RSA-R R_MSG"}, {11, "REQUEST_INIT_PSK"}, {12, "REQUEST_INIT_PK"},
                    {13, "REQUEST_RESP"}, {14, "TRANSFER_INIT"}, {15, "TRANSFER_RESP"},
                    {16, "RESOLVE_INIT_PSK"}, {17, "RESOLVE_INIT_PK"}, {18, "RESOLVE_RESP"},
                    {26, "SAKKE"}});
}

std::string payload_name(std::uint8_t v) {
  return lookup(v, {{0, "Last"}, {1, "KEMAC"}, {2, "PKE"}, {3, "DH"}, {4, "SIGN"}, {5, "T"},
                    {6, "ID"}, {7, "CERT"}, {8, "CHASH"}, {9, "V"}, {10, "SP"}, {11, "RAND"},
                    {12, "ERR"}, {13, "TR"}, {14, "IDR"}, {15, "RANDR"}, {16, "TP"},
                    {17, "TICKET"}, {20, "Key data"}, {21, "General extension"},
                    {26, "SAKKE"}});
}

std::string prf_name(std::uint8_t v) {
  return lookup(v, {{0, "MIKEY-1"}, {1, "PRF-HMAC-SHA-256"}});
}
std::string map_type_name(std::uint8_t v) {
  return lookup(v, {{0, "SRTP-ID"}, {1, "Empty"}, {2, "GENERIC-ID"}});
}
std::string ts_type_name(std::uint8_t v) {
  return lookup(v, {{0, "NTP-UTC"}, {1, "NTP"}, {2, "COUNTER"}, {3, "NTP-UTC-32"}});
}
std::string id_type_name(std::uint8_t v) {
  return lookup(v, {{0, "NAI"}, {1, "URI"}, {2, "Byte string"}});
}
std::string id_role_name(std::uint8_t v) {
  return lookup(v, {{1, "IDRi"}, {2, "IDRr"}, {3, "IDRkms"}, {4, "IDRpsk"}, {5, "IDRapp"},
                    {6, "IDRkmsi"}, {7, "IDRkmsr"}});
}
std::string rand_role_name(std::uint8_t v) {
  return lookup(v, {{1, "RANDRi"}, {2, "RANDRr"}, {3, "RANDRkms"}});
}
std::string ts_role_name(std::uint8_t v) {
  return lookup(v, {{1, "TRi (time of issue)"}, {2, "TRs (validity start)"},
                    {3, "TRe (validity end)"}, {4, "TRr (rekeying interval)"}});
}
std::string encr_alg_name(std::uint8_t v) {
  return lookup(v, {{0, "NULL"}, {1, "AES-CM-128"}, {2, "AES-KW-128"}});
}
std::string mac_alg_name(std::uint8_t v) {
  return lookup(v, {{0, "NULL"}, {1, "HMAC-SHA-1-160"}});
}
std::string key_data_type_name(std::uint8_t v) {
  return lookup(v, {{0, "TGK"}, {1, "TGK+SALT"}, {2, "TEK"}, {3, "TEK+SALT"}, {4, "GTGK"},
                    {5, "GTGK+SALT"}, {6, "MPK"}});
}
std::string kv_type_name(std::uint8_t v) {
  return lookup(v, {{0, "NULL"}, {1, "SPI/MKI"}, {2, "Interval"}});
}
std::string srtp_param_name(std::uint8_t v) {
  return lookup(v, {{0, "Encryption algorithm"}, {1, "Session encr key length"},
                    {2, "Authentication algorithm"}, {3, "Session auth key length"},
                    {4, "Session salt key length"}, {5, "SRTP PRF"},
                    {6, "Key derivation rate"}, {7, "SRTP encryption"},
                    {8, "SRTCP encryption"}, {9, "Sender's FEC order"},
                    {10, "SRTP authentication"}, {11, "Authentication tag length"},
                    {12, "SRTP prefix length"}});
}
std::string error_name(std::uint8_t v) {
  return lookup(v, {{0, "Authentication failure"}, {1, "Invalid timestamp"},
                    {2, "PRF function not supported"}, {3, "MAC algorithm not supported"},
                    {4, "Encryption algorithm not supported"},
                    {5, "Hash function not supported"}, {6, "DH group not supported"},
                    {7, "ID not supported"}, {8, "Certificate not supported"},
                    {9, "SP type not supported"}, {10, "SP parameters not supported"},
                    {11, "Data type not supported"}, {12, "Unspecified error"},
                    {14, "Invalid TICKET"},
                    {15, "Invalid TPpar"}});
}
std::string general_ext_name(std::uint8_t v) {
  return lookup(v, {{0, "Vendor ID"}, {1, "SDP IDs"}});
}
std::string ticket_type_name(std::uint16_t v) {
  return lookup(v, {{1, "MIKEY base ticket"}, {2, "3GPP base ticket"},
                    {0xFF01, "imssim key-id ticket"}});
}

}  // namespace imssim::mikey
