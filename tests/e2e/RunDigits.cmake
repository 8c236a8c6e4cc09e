# SPDX-License-Identifier: Apache-2.0
# The digits sample end to end: kilnc compiles it, kiln-run classifies the
# held-out images on each device, score.py checks accuracy and the logits
# against torch's.
#   cmake -DKILNC=... -DKILN_RUN=... -DPYTHON=... -DSAMPLE=... -DWORK=...
#         [-DTARGET=cpu,vulkan] [-DDEVICES=cpu,vulkan] [-DINPUT_SHAPE=...]
#         -P RunDigits.cmake
# The batch stays symbolic, as exported, unless INPUT_SHAPE fixes it.

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    list(JOIN ARGN " " command)
    message(FATAL_ERROR "failed (${status}): ${command}")
  endif()
endfunction()

if(NOT TARGET)
  set(TARGET cpu)
endif()
if(NOT DEVICES)
  set(DEVICES cpu)
endif()
string(REPLACE "," ";" DEVICES "${DEVICES}")
set(shape)
if(INPUT_SHAPE)
  set(shape --input-shape "${INPUT_SHAPE}")
endif()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
run("${KILNC}" "${SAMPLE}/digits.onnx" -o "${WORK}/digits.kiln" --stats
    --target=${TARGET} ${shape})
foreach(device ${DEVICES})
  run("${KILN_RUN}" "${WORK}/digits.kiln" --device ${device}
      --input "image=${SAMPLE}/test_images.npy"
      --output-dir "${WORK}/outputs-${device}")
  run("${PYTHON}" "${SAMPLE}/score.py" "${WORK}/outputs-${device}/logits.npy"
      --reference "${SAMPLE}/test_logits.npy" --max-difference 1e-4
      --min-accuracy 0.97)
endforeach()
