#include "common/env.h"

namespace imssim {

std::string_view to_string(StreamClose c) {
  switch (c) {
    case StreamClose::kGraceful: return "graceful";
    case StreamClose::kReset: return "reset";
    case StreamClose::kRefused: return "refused";
  }
  return "?";
}

}  // namespace imssim
