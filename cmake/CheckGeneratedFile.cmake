# SPDX-License-Identifier: Apache-2.0
#
# ctest script: runs COMMAND (a ;-list) and fails unless its output equals
# FILE, so that generated documentation stays in step with the code.
#   cmake -DCOMMAND="kilnc;--list-ops" -DFILE=docs/ops.md -DREGENERATE="..." -P CheckGeneratedFile.cmake
execute_process(COMMAND ${COMMAND} OUTPUT_VARIABLE generated RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "`${COMMAND}` failed with status ${status}")
endif()
file(READ "${FILE}" committed)
if(NOT generated STREQUAL committed)
  message(FATAL_ERROR "${FILE} is out of date; regenerate it with: ${REGENERATE}")
endif()
message(STATUS "${FILE} is up to date")
