#include "nodes/proto/tls/key_log.h"

#include <cerrno>
#include <cstring>

namespace imssim::tls {

Result<std::shared_ptr<KeyLogFile>> KeyLogFile::open(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr)
    return fail("key log file '" + path + "': " + std::strerror(errno));
  return std::shared_ptr<KeyLogFile>(new KeyLogFile(file));
}

KeyLogFile::~KeyLogFile() { std::fclose(file_); }

void KeyLogFile::write(std::string_view line) {
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fputc('\n', file_);
  std::fflush(file_);  // a crash or an early stop must not lose the secrets
  ++lines_;
}

KeyLogSink KeyLogFile::sink(std::shared_ptr<KeyLogFile> file) {
  return [file = std::move(file)](std::string_view line) { file->write(line); };
}

}  // namespace imssim::tls
