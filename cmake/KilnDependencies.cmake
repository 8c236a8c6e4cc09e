# SPDX-License-Identifier: Apache-2.0
#
# Finds Kiln's dependencies through their own CMake configs. Each missing
# dependency stops configuration with one message naming the Debian package
# that provides it (scripts/install-deps.sh installs them all).

set(KILN_LLVM_ROOT "/usr/lib/llvm-22" CACHE PATH "Prefix of the LLVM/MLIR 22 install")

# Fails configuration with a message that names what is missing and the fix.
function(kiln_require found what package)
  if(NOT ${found})
    message(FATAL_ERROR
      "Kiln: ${what} not found. Install the Debian package(s) `${package}` "
      "(scripts/install-deps.sh installs every dependency).")
  endif()
endfunction()

# Resolves an ON/OFF/AUTO option against whether its dependency was found.
function(kiln_resolve_auto option found what package)
  if(${option} STREQUAL "AUTO")
    if(${found})
      set(${option} ON PARENT_SCOPE)
    else()
      set(${option} OFF PARENT_SCOPE)
    endif()
  elseif(${option})
    kiln_require(${found} "${what}" "${package}")
  endif()
endfunction()

#===------------------------------------------------------------------------===#
# Compiler: MLIR/LLVM 22, lld, ONNX protobuf schemas
#===------------------------------------------------------------------------===#

if(KILN_BUILD_COMPILER)
  # MLIR's version file only accepts an exact minor version: check the major.
  find_package(MLIR CONFIG QUIET PATHS "${KILN_LLVM_ROOT}/lib/cmake/mlir" NO_DEFAULT_PATH)
  if(MLIR_FOUND AND NOT LLVM_VERSION_MAJOR EQUAL 22)
    set(MLIR_FOUND FALSE)
  endif()
  kiln_require(MLIR_FOUND "MLIR 22" "libmlir-22-dev mlir-22-tools llvm-22-dev libzstd-dev")
  find_package(LLD CONFIG QUIET PATHS "${KILN_LLVM_ROOT}/lib/cmake/lld" NO_DEFAULT_PATH)
  kiln_require(LLD_FOUND "lld 22 (library)" "liblld-22-dev")

  list(APPEND CMAKE_MODULE_PATH "${MLIR_CMAKE_DIR}" "${LLVM_CMAKE_DIR}")
  include(TableGen)
  include(AddLLVM)
  include(AddMLIR)

  find_program(KILN_FILECHECK FileCheck PATHS "${LLVM_TOOLS_BINARY_DIR}" NO_DEFAULT_PATH)
  kiln_require(KILN_FILECHECK "FileCheck" "llvm-22-tools")

  find_package(Protobuf CONFIG QUIET)
  if(NOT Protobuf_FOUND)
    find_package(Protobuf QUIET)
  endif()
  kiln_require(Protobuf_FOUND "protobuf" "libprotobuf-dev protobuf-compiler")
  find_package(ONNX CONFIG QUIET)
  kiln_require(ONNX_FOUND "ONNX protobuf schemas" "libonnx-dev")
endif()

#===------------------------------------------------------------------------===#
# Artifact format and backends
#===------------------------------------------------------------------------===#

find_package(FlatBuffers CONFIG QUIET)
kiln_require(FlatBuffers_FOUND "FlatBuffers" "libflatbuffers-dev flatbuffers-compiler")

if(KILN_ENABLE_CPU)
  find_package(dnnl CONFIG QUIET)
  kiln_require(dnnl_FOUND "oneDNN (KILN_ENABLE_CPU=ON)" "libdnnl-dev")
endif()

if(KILN_ENABLE_VULKAN)
  find_package(Vulkan QUIET)
  kiln_require(Vulkan_FOUND "the Vulkan loader (KILN_ENABLE_VULKAN=ON)" "libvulkan-dev")
endif()

# CUDA and MPI are optional: AUTO turns them on where they are installed.
if(NOT KILN_ENABLE_CUDA STREQUAL "OFF")
  if(NOT DEFINED CUDAToolkit_ROOT AND EXISTS /usr/local/cuda)
    set(CUDAToolkit_ROOT /usr/local/cuda)
  endif()
  find_package(CUDAToolkit QUIET)
endif()
kiln_resolve_auto(KILN_ENABLE_CUDA CUDAToolkit_FOUND "the CUDA toolkit" "CUDA 13 toolkit at /usr/local/cuda")

if(NOT KILN_ENABLE_MPI STREQUAL "OFF")
  find_package(MPI QUIET COMPONENTS C)
endif()
kiln_resolve_auto(KILN_ENABLE_MPI MPI_C_FOUND "MPI" "libopenmpi-dev openmpi-bin")

if(KILN_BUILD_TESTS)
  find_package(GTest CONFIG QUIET)
  kiln_require(GTest_FOUND "GoogleTest" "libgtest-dev libgmock-dev")
  set(KILN_VENV "${CMAKE_SOURCE_DIR}/.venv" CACHE PATH "Python venv holding lit, onnx, onnxruntime")
  find_program(KILN_LIT lit PATHS "${KILN_VENV}/bin" NO_DEFAULT_PATH)
  kiln_require(KILN_LIT "lit (in ${KILN_VENV})" "python3-venv; then run scripts/install-deps.sh")
  find_program(KILN_READELF readelf)
  kiln_require(KILN_READELF "readelf" "binutils")
endif()

function(kiln_print_configuration)
  message(STATUS "Kiln configuration:")
  if(KILN_BUILD_COMPILER)
    message(STATUS "  compiler   MLIR ${LLVM_PACKAGE_VERSION} (${MLIR_DIR})")
  else()
    message(STATUS "  compiler   off (runtime only)")
  endif()
  message(STATUS "  cpu        ${KILN_ENABLE_CPU}")
  message(STATUS "  vulkan     ${KILN_ENABLE_VULKAN}")
  message(STATUS "  cuda       ${KILN_ENABLE_CUDA}")
  message(STATUS "  mpi        ${KILN_ENABLE_MPI}")
  message(STATUS "  sanitizers ${KILN_SANITIZERS}")
endfunction()
