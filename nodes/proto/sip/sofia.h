// The sofia-sip headers this module uses, plus small helpers over them. Private to
// nodes/proto/sip (not installed for users of imssim_sip).
#pragma once

#include <sofia-sip/msg.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/msg_mclass.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/sip_util.h>
#include <sofia-sip/su_alloc.h>
#include <sofia-sip/su_string.h>
#include <sofia-sip/url.h>

#include <string>
#include <string_view>

namespace imssim::sip::detail {

inline std::string_view view(const char* s) { return s ? std::string_view(s) : std::string_view(); }

// "sip:alice@ims.test;lr": the canonical text of a parsed URL.
std::string url_text(const url_t* url);

// A su_home on the stack for temporary strings; freed when it goes out of scope.
class TempHome {
 public:
  TempHome() { su_home_init(home_); }
  ~TempHome() { su_home_deinit(home_); }
  TempHome(const TempHome&) = delete;
  TempHome& operator=(const TempHome&) = delete;
  su_home_t* get() { return home_; }

 private:
  su_home_t home_[1] = {};
};

}  // namespace imssim::sip::detail
