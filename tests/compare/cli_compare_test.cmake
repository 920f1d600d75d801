# ctest script: `imssim compare` on the shipped basic-call scenario, its outputs, and its
# exit statuses on bad arguments.
# Usage: cmake -DIMSSIM=<path> -DSOURCE=<repo> -DWORK=<scratch dir> -P cli_compare_test.cmake
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(scenario "${SOURCE}/scenarios/basic-call.json")

function(run_compare)  # run_compare(ARGS...): sets rc, out, err in the caller
  execute_process(COMMAND "${IMSSIM}" compare ${ARGN}
                  RESULT_VARIABLE r OUTPUT_VARIABLE o ERROR_VARIABLE e)
  set(rc "${r}" PARENT_SCOPE)
  set(out "${o}" PARENT_SCOPE)
  set(err "${e}" PARENT_SCOPE)
endfunction()

function(expect_bad_argument pattern)  # exit 2 and a message matching `pattern`
  run_compare(${ARGN})
  if(NOT rc EQUAL 2 OR NOT err MATCHES "${pattern}")
    message(FATAL_ERROR "compare ${ARGN}: exit ${rc} (want 2), stderr '${err}' does not match '${pattern}'")
  endif()
endfunction()

# The proposal alone: one UE-KMS round trip per side, every output written.
run_compare("${scenario}" --variants mikey --out "${WORK}/mikey")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "compare --variants mikey: exit ${rc}\nstdout: ${out}\nstderr: ${err}")
endif()
foreach(f compare.md compare.csv compare.json)
  if(NOT EXISTS "${WORK}/mikey/${f}")
    message(FATAL_ERROR "compare did not write ${WORK}/mikey/${f}")
  endif()
endforeach()
if(EXISTS "${WORK}/mikey/compare-sweep.svg")
  message(FATAL_ERROR "compare wrote a sweep chart without --sweep")
endif()
file(READ "${WORK}/mikey/compare.json" json)
foreach(side caller callee)
  string(JSON trips GET "${json}" variants mikey km_round_trips ${side})
  if(NOT trips EQUAL 1)
    message(FATAL_ERROR "variants.mikey.km_round_trips.${side} is '${trips}', want 1")
  endif()
endforeach()
string(JSON name GET "${json}" scenario)
string(JSON seed GET "${json}" seed)
if(NOT name STREQUAL "basic-call" OR NOT seed EQUAL 1)
  message(FATAL_ERROR "compare.json names scenario '${name}' seed '${seed}'")
endif()
if(NOT out MATCHES "UE-KMS round trips, caller +1\n")
  message(FATAL_ERROR "the terminal table does not show the round trips:\n${out}")
endif()

# --seed reaches the run and the report.
run_compare("${scenario}" --variants mikey --seed 5 --out "${WORK}/seed5")
file(READ "${WORK}/seed5/compare.json" json)
string(JSON seed GET "${json}" seed)
if(NOT rc EQUAL 0 OR NOT seed EQUAL 5)
  message(FATAL_ERROR "compare --seed 5: exit ${rc}, seed in compare.json '${seed}'")
endif()

# The analysis, checked end to end: TLS 1.2 to the KMS costs 4 round trips per side, the
# proposal 1; an unknown variant is a usage error (exit 2) naming it.
run_compare("${scenario}" --variants mikey,tls-ticket --out "${WORK}/two")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "compare --variants mikey,tls-ticket: exit ${rc}\nstderr: ${err}")
endif()
file(READ "${WORK}/two/compare.json" json)
string(JSON tls_trips GET "${json}" variants tls-ticket km_round_trips callee)
string(JSON mikey_trips GET "${json}" variants mikey km_round_trips caller)
if(NOT mikey_trips EQUAL 1 OR NOT tls_trips EQUAL 4)
  message(FATAL_ERROR "round trips: mikey '${mikey_trips}' (want 1), tls-ticket '${tls_trips}' (want 4)")
endif()
run_compare("${scenario}" --variants mikey,kerberos --out "${WORK}/unknown")
if(NOT rc EQUAL 2 OR NOT err MATCHES "kerberos")
  message(FATAL_ERROR "compare --variants mikey,kerberos: exit ${rc} (want 2)\nstderr: ${err}")
endif()

# A sweep: the chart and the sweep rows.
run_compare("${scenario}" --variants mikey --sweep network.zones.access.delay_ms=10:30:10
            --out "${WORK}/sweep")
if(NOT rc EQUAL 0 OR NOT EXISTS "${WORK}/sweep/compare-sweep.svg")
  message(FATAL_ERROR "compare --sweep: exit ${rc}, chart missing?\nstderr: ${err}")
endif()
file(READ "${WORK}/sweep/compare.json" json)
string(JSON points LENGTH "${json}" sweep points)
string(JSON slow GET "${json}" sweep points 2 variants mikey setup_delay_ms_mean)
string(JSON fast GET "${json}" sweep points 0 variants mikey setup_delay_ms_mean)
if(NOT points EQUAL 3 OR NOT slow GREATER fast)
  message(FATAL_ERROR "sweep: ${points} points, setup delay at 30 ms ${slow} vs 10 ms ${fast}")
endif()

# Bad arguments: exit 2 with a message naming the argument.
expect_bad_argument("--variants: nope not in" "${scenario}" --variants mikey,nope)
expect_bad_argument("--sweep 'delay=1:2': expected FROM:TO:STEP" "${scenario}" --sweep delay=1:2)
expect_bad_argument("STEP must be greater than 0" "${scenario}" --sweep x=1:2:0)
expect_bad_argument("network.zones.access.delay_ms=-10.*delay_ms"
                    "${scenario}" --variants mikey --sweep network.zones.access.delay_ms=-10:0:10)
expect_bad_argument("unknown key 'dealy_ms'"
                    "${scenario}" --variants mikey --sweep network.zones.access.dealy_ms=1:2:1)
expect_bad_argument("--variants: 'mikey' is named twice" "${scenario}" --variants mikey,mikey)
expect_bad_argument("cannot open" "${WORK}/missing.json")
expect_bad_argument("--seed" "${scenario}" --seed minus-one)
