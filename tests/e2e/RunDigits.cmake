# SPDX-License-Identifier: Apache-2.0
# The digits sample end to end: kilnc compiles it, kiln-run classifies the
# held-out images, score.py checks accuracy and the logits against torch's.
#   cmake -DKILNC=... -DKILN_RUN=... -DPYTHON=... -DSAMPLE=... -DWORK=... -P RunDigits.cmake

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    list(JOIN ARGN " " command)
    message(FATAL_ERROR "failed (${status}): ${command}")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
# The batch stays symbolic, as exported.
run("${KILNC}" "${SAMPLE}/digits.onnx" -o "${WORK}/digits.kiln" --stats)
run("${KILN_RUN}" "${WORK}/digits.kiln" --input "image=${SAMPLE}/test_images.npy"
    --output-dir "${WORK}/outputs")
run("${PYTHON}" "${SAMPLE}/score.py" "${WORK}/outputs/logits.npy"
    --reference "${SAMPLE}/test_logits.npy" --max-difference 1e-4
    --min-accuracy 0.97)
