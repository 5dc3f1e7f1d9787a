# Runs train_mlp once straight through and once stopped after 1100 steps then resumed from its
# checkpoint at step 1000; the final lines (loss, accuracy, plateaus, |x| to 17 digits) must agree.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(common --steps 2000 --every 500)
execute_process(COMMAND "${TRAIN_MLP}" ${common} --checkpoint "${WORK_DIR}/straight.ckpt"
                RESULT_VARIABLE status OUTPUT_VARIABLE straight)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "train_mlp failed (${status}):\n${straight}")
endif()
execute_process(COMMAND "${TRAIN_MLP}" ${common} --checkpoint "${WORK_DIR}/run.ckpt" --stop-after 1100
                RESULT_VARIABLE status OUTPUT_VARIABLE first)
if(NOT status EQUAL 0 OR NOT first MATCHES "stopping after step 1100")
  message(FATAL_ERROR "train_mlp --stop-after 1100 failed (${status}):\n${first}")
endif()
execute_process(COMMAND "${TRAIN_MLP}" ${common} --checkpoint "${WORK_DIR}/run.ckpt" --resume
                RESULT_VARIABLE status OUTPUT_VARIABLE resumed)
if(NOT status EQUAL 0 OR NOT resumed MATCHES "resumed from .* at step 1000")
  message(FATAL_ERROR "train_mlp --resume failed (${status}):\n${resumed}")
endif()
string(REGEX MATCH "final:[^\n]*" straight_final "${straight}")
string(REGEX MATCH "final:[^\n]*" resumed_final "${resumed}")
if(straight_final STREQUAL "" OR NOT straight_final STREQUAL resumed_final)
  message(FATAL_ERROR "resumed run ended elsewhere:\n  straight: ${straight_final}\n  resumed:  ${resumed_final}")
endif()
message("${straight_final} (straight and resumed)")
