# ctest script: the exit statuses and outputs of `imssim run` and `imssim validate`.
# Usage: cmake -DIMSSIM=<path> -DWORK=<scratch dir> -P cli_run_test.cmake
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

function(expect_exit want)  # expect_exit(STATUS ARGS...) with the rest as imssim's arguments
  execute_process(COMMAND "${IMSSIM}" ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL want)
    message(FATAL_ERROR "imssim ${ARGN}: exit ${rc}, expected ${want}\nstdout: ${out}\nstderr: ${err}")
  endif()
  set(last_out "${out}" PARENT_SCOPE)
  set(last_err "${err}" PARENT_SCOPE)
endfunction()

set(base [=[{"name": "cli", "duration_s": 1,
  "hosts": [{"name": "a", "zone": "core"}, {"name": "b", "zone": "core"}],
  "timeline": [{"at_s": 0, "action": "datagrams", "id": "d", "from": "a", "to": "b", "count": 3}],
  "expect": [{"what": "all three arrive", "path": "/probes/d/received", "min": MIN}]}]=])
string(REPLACE MIN 3 good "${base}")
string(REPLACE MIN 4 failing "${base}")
file(WRITE "${WORK}/good.json" "${good}")
file(WRITE "${WORK}/failing.json" "${failing}")
file(WRITE "${WORK}/invalid.json" [=[{"name": "x", "duration_s": 1, "dureation": 2}]=])

expect_exit(0 run "${WORK}/good.json" --out "${WORK}/good")
if(NOT EXISTS "${WORK}/good/mikey/results.json" OR NOT EXISTS "${WORK}/good/mikey/trace.pcap"
   OR NOT EXISTS "${WORK}/good/mikey/ladder.mmd")
  message(FATAL_ERROR "run did not write results, pcap and ladder under ${WORK}/good/mikey")
endif()
file(READ "${WORK}/good/mikey/results.json" results)
string(JSON version GET "${results}" imssim_version)
string(JSON held GET "${results}" expectations 0 passed)
if(NOT held STREQUAL "ON" AND NOT held STREQUAL "true")
  message(FATAL_ERROR "results.json does not record the expectation as held: ${held}")
endif()

expect_exit(1 run "${WORK}/failing.json" --results "${WORK}/f.json" --pcap "${WORK}/f.pcap" --ladder "${WORK}/f.txt")
if(NOT last_out MATCHES "FAILED all three arrive")
  message(FATAL_ERROR "a failed expectation is not printed: ${last_out}")
endif()

expect_exit(2 run "${WORK}/invalid.json")
if(NOT last_err MATCHES "unknown key 'dureation' \\(did you mean 'duration_s'")
  message(FATAL_ERROR "invalid file error does not name the key: ${last_err}")
endif()
expect_exit(2 validate "${WORK}/invalid.json")
expect_exit(0 validate "${WORK}/good.json")
expect_exit(2 run "${WORK}/missing.json")
expect_exit(2 run "${WORK}/good.json" --variant nope)
expect_exit(0 run --help)

# `imssim bench` measures, it does not check: 0 with a table, 2 for bad input.
expect_exit(0 bench "${WORK}/good.json" --repeat 1)
if(NOT last_out MATCHES "mikey +1 +0 of 0" OR NOT last_out MATCHES "calls/s")
  message(FATAL_ERROR "bench does not print its table: ${last_out}")
endif()
expect_exit(2 bench "${WORK}/good.json" --repeat 0)
expect_exit(2 bench "${WORK}/invalid.json")
