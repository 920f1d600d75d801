# Every dependency is a Debian 12 package installed by tools/setup.sh.
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED)                 # header-only Asio for live mode
find_package(OpenSSL 3.0 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 2.1 CONFIG REQUIRED)
find_package(GTest REQUIRED)
find_package(benchmark REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SOFIA REQUIRED IMPORTED_TARGET sofia-sip-ua)
pkg_check_modules(SRTP2 REQUIRED IMPORTED_TARGET libsrtp2)
# Boost 1.74 Asio + g++ 12 in C++20 mode fails in awaitable.hpp; we do not use coroutines.
add_compile_definitions(BOOST_ASIO_DISABLE_CO_AWAIT)
