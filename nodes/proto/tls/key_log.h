// NSS key log file (the SSLKEYLOGFILE format Wireshark reads): one line per secret, so a pcap
// of the simulated TLS can be decrypted. Plug sink() into Config::key_log.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "nodes/proto/tls/config.h"

namespace imssim::tls {

class KeyLogFile {
 public:
  // Creates or truncates the file. Errors name the path and the reason.
  static Result<std::shared_ptr<KeyLogFile>> open(const std::string& path);
  ~KeyLogFile();
  KeyLogFile(const KeyLogFile&) = delete;
  KeyLogFile& operator=(const KeyLogFile&) = delete;

  void write(std::string_view line);
  std::size_t lines_written() const { return lines_; }
  // A sink that keeps the file alive as long as some context uses it.
  static KeyLogSink sink(std::shared_ptr<KeyLogFile> file);

 private:
  explicit KeyLogFile(std::FILE* file) : file_(file) {}
  std::FILE* file_;
  std::size_t lines_ = 0;
};

}  // namespace imssim::tls
