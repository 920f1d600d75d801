#include "nodes/proto/tls/openssl_error.h"

#include <openssl/err.h>

namespace imssim::tls {

std::string drain_openssl_errors() {
  std::string text;
  const char* data = nullptr;
  int flags = 0;
  while (unsigned long code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!text.empty()) text += "; ";
    text += buffer;
    if ((flags & ERR_TXT_STRING) != 0 && data != nullptr && *data != '\0') {
      text += " (";
      text += data;
      text += ")";
    }
  }
  return text;
}

std::string openssl_failure(std::string_view what) {
  std::string reasons = drain_openssl_errors();
  std::string message(what);
  if (!reasons.empty()) message += ": " + reasons;
  return message;
}

}  // namespace imssim::tls
