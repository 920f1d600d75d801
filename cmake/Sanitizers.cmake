# IMSSIM_SANITIZE=ON builds every target with ASan + UBSan; the test command uses it so every
# decoder and every scenario runs under the sanitizers. UBSan findings abort (no recovery).
if(IMSSIM_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
endif()

# The fuzz build instruments every library of ours for coverage (fuzzer-no-link), so libFuzzer
# sees the decoders' branches and not only the harness's; the sanitizers come with it.
if(IMSSIM_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

# libFuzzer targets: clang only. Each target links the fuzzer runtime and the sanitizers.
function(imssim_fuzz_target name source)
  if(NOT IMSSIM_FUZZ)
    return()
  endif()
  add_executable(${name} ${source})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(${name} PRIVATE ${ARGN})
endfunction()
