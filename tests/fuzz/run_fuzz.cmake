# Runs the checkpoint fuzz target for a bounded time on a fresh seed corpus:
#   cmake -DFUZZER=<binary> -DCORPUS_TOOL=<binary> -DWORK_DIR=<folder> -DSECONDS=60 -P run_fuzz.cmake
# Fails on any crash, sanitizer report or timeout (libFuzzer's exit status), and prints the input.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/seeds" "${WORK_DIR}/corpus")
execute_process(COMMAND "${CORPUS_TOOL}" write "${WORK_DIR}/seeds" RESULT_VARIABLE written)
if(NOT written EQUAL 0)
  message(FATAL_ERROR "could not write the seed corpus")
endif()
execute_process(
  COMMAND "${FUZZER}" "${WORK_DIR}/corpus" "${WORK_DIR}/seeds" -max_total_time=${SECONDS} -timeout=10
          -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 -artifact_prefix=${WORK_DIR}/
  RESULT_VARIABLE status
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
string(REGEX MATCH "stat::number_of_executed_units: *[0-9]+" executed "${output}")
if(NOT status EQUAL 0)
  message("${output}")
  file(GLOB artifacts "${WORK_DIR}/crash-*" "${WORK_DIR}/timeout-*" "${WORK_DIR}/leak-*" "${WORK_DIR}/oom-*")
  message(FATAL_ERROR "the checkpoint fuzz target failed (status ${status}); inputs: ${artifacts}")
endif()
message("checkpoint fuzzing: ${SECONDS} s, ${executed}, no failure")
