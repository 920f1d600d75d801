# Warnings are errors in our own code. Third-party headers come in as SYSTEM includes, so their
# warnings stay theirs.
function(imssim_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Werror -Wshadow -Wnon-virtual-dtor -Wcast-align
    -Woverloaded-virtual -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough)
  # GCC 12 at -O3 reports impossible overlaps in std::string copies (GCC bug 105651), impossible
  # sizes in std::vector comparisons (-Wstringop-overread) and null dereferences inside
  # libstdc++'s streambuf and json (-Wnull-dereference), in code that has none of them; these
  # are off for GCC 12 -O3 (Release) only, so the other builds still check.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13
     AND CMAKE_BUILD_TYPE STREQUAL "Release")
    target_compile_options(${target} PRIVATE -Wno-restrict -Wno-stringop-overread
                                              -Wno-null-dereference)
  endif()
endfunction()
