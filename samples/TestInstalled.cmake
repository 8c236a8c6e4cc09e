# SPDX-License-Identifier: Apache-2.0
#
# Installs Kiln from BUILD_DIR into WORK_DIR/prefix, builds each sample from
# SAMPLES_DIR against it with its own CMakeLists.txt, and runs it on
# ARTIFACT, printing "<sample>: <output line>". Then builds embed_c once
# more with pkg-config alone.
cmake_minimum_required(VERSION 3.20)

file(REMOVE_RECURSE "${WORK_DIR}")
set(_prefix "${WORK_DIR}/prefix")
execute_process(
  COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${_prefix}"
  OUTPUT_QUIET
  COMMAND_ERROR_IS_FATAL ANY)

# The line a sample prints for output y (after its version line).
function(run_and_report label)
  execute_process(COMMAND ${ARGN} "${ARTIFACT}"
                  OUTPUT_VARIABLE _out ERROR_VARIABLE _err
                  RESULT_VARIABLE _result)
  if(NOT _result EQUAL 0)
    message(FATAL_ERROR "${label} failed (${_result}): ${_out}${_err}")
  endif()
  string(REGEX MATCH "y: [^\n]*\n" _line "${_out}")
  message("${label}: ${_line}")
endfunction()

foreach(_sample embed_c embed_cpp)
  set(_build "${WORK_DIR}/${_sample}")
  if(_sample STREQUAL "embed_c")
    set(_compiler "-DCMAKE_C_COMPILER=${C_COMPILER}"
                  "-DCMAKE_C_FLAGS=${FLAGS}")
  else()
    set(_compiler "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
                  "-DCMAKE_CXX_FLAGS=${FLAGS}")
  endif()
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -S "${SAMPLES_DIR}/${_sample}" -B "${_build}"
            -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${_prefix}" ${_compiler}
            "-DCMAKE_EXE_LINKER_FLAGS=${FLAGS}"
            -DCMAKE_BUILD_TYPE=Release
    OUTPUT_QUIET
    COMMAND_ERROR_IS_FATAL ANY)
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${_build}"
                  OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
  run_and_report(${_sample} "${_build}/${_sample}")
endforeach()

# pkg-config: compile embed_c with the flags kiln.pc gives.
find_program(_pkg_config pkg-config)
if(NOT _pkg_config)
  message(FATAL_ERROR "pkg-config not found (Debian package pkg-config)")
endif()
file(GLOB_RECURSE _pc_files "${_prefix}/*/kiln.pc")
list(GET _pc_files 0 _pc)
get_filename_component(_pc_dir "${_pc}" DIRECTORY)
set(ENV{PKG_CONFIG_PATH} "${_pc_dir}")
execute_process(COMMAND "${_pkg_config}" --cflags --libs kiln
                OUTPUT_VARIABLE _flags OUTPUT_STRIP_TRAILING_WHITESPACE
                COMMAND_ERROR_IS_FATAL ANY)
separate_arguments(_flags UNIX_COMMAND "${_flags}")
separate_arguments(_extra UNIX_COMMAND "${FLAGS}")
execute_process(
  COMMAND "${C_COMPILER}" ${_extra} "${SAMPLES_DIR}/embed_c/main.c" ${_flags}
          -o "${WORK_DIR}/embed_c_pkgconfig"
  COMMAND_ERROR_IS_FATAL ANY)
# The library is not on the loader's path: point at the install.
string(REGEX MATCH "-L([^ ;]+)" _ "${_flags}")
set(ENV{LD_LIBRARY_PATH} "${CMAKE_MATCH_1}")
run_and_report(pkg-config "${WORK_DIR}/embed_c_pkgconfig")
