# ctest script: runs `imssim gba milenage` on Milenage test set 1 (tests/vectors/milenage.json)
# and compares every output; then checks that a wrong hex length exits 2 naming the option, and
# that `imssim gba ks-naf` reproduces the Ks_NAF sample of protocols.md §7.2.
# Usage: cmake -DIMSSIM=<path> -DVECTORS=<dir> -P cli_gba_test.cmake
file(READ "${VECTORS}/milenage.json" vectors)
string(JSON set GET "${vectors}" test_sets 0)
foreach(field K OP RAND SQN AMF)
  string(JSON ${field} GET "${set}" ${field})
endforeach()
execute_process(
  COMMAND "${IMSSIM}" gba milenage --k ${K} --op ${OP} --rand ${RAND} --sqn ${SQN} --amf ${AMF}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "imssim gba milenage exited ${rc}: ${err}")
endif()
foreach(pair "opc;OPc" "f1;f1_MAC_A" "f1star;f1star_MAC_S" "f2;f2_RES" "f3;f3_CK" "f4;f4_IK"
             "f5;f5_AK" "f5star;f5star_AK_resync")
  list(GET pair 0 key)
  list(GET pair 1 vector_key)
  string(JSON got ERROR_VARIABLE json_error GET "${out}" ${key})
  if(json_error)
    message(FATAL_ERROR "output has no \"${key}\": ${json_error}\n${out}")
  endif()
  string(JSON want GET "${set}" ${vector_key})
  if(NOT got STREQUAL want)
    message(FATAL_ERROR "${key}: got ${got}, expected ${want}")
  endif()
endforeach()

execute_process(
  COMMAND "${IMSSIM}" gba milenage --k ${K} --op ${OP} --rand 00 --sqn ${SQN} --amf ${AMF}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "--rand: 1 byte\\(s\\), expected 16")
  message(FATAL_ERROR "bad --rand: expected exit 2 naming --rand, got ${rc}: ${err}")
endif()

execute_process(
  COMMAND "${IMSSIM}" gba ks-naf --ck b40ba9a3c58b2a05bbf0d987b21bf8cb
          --ik f769bcd751044604127672711c6d3441 --rand ${RAND} --impi user@ims.example.com
          --naf-fqdn kms.ims.example.com
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(JSON ks GET "${out}" ks_naf)
string(JSON btid GET "${out}" btid)
if(NOT rc EQUAL 0 OR NOT ks STREQUAL "c900dad47e606029e67ebd667f701a38f9feb03d2bb6f70ac01272898599f75b"
   OR NOT btid STREQUAL "I1U8vpY3qJ0hiuZNrke/NQ==@bsf.ims.example.com")
  message(FATAL_ERROR "imssim gba ks-naf: rc ${rc}, output ${out} ${err}")
endif()
