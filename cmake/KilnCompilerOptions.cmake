# SPDX-License-Identifier: Apache-2.0
#
# Compiler flags shared by every Kiln target: warnings, ccache, sanitizers.

find_program(KILN_CCACHE ccache)
if(KILN_CCACHE)
  set(CMAKE_C_COMPILER_LAUNCHER "${KILN_CCACHE}")
  set(CMAKE_CXX_COMPILER_LAUNCHER "${KILN_CCACHE}")
endif()

# Shared libraries and executables land side by side so tools and tests run
# from the build tree without installation.
set(CMAKE_RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/bin")
set(CMAKE_LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/lib")
set(CMAKE_ARCHIVE_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/lib")

add_compile_options(-Wall -Wextra -Wno-unused-parameter)

if(KILN_SANITIZERS)
  string(REPLACE "," ";" _kiln_sanitizers "${KILN_SANITIZERS}")
  foreach(_san IN LISTS _kiln_sanitizers)
    add_compile_options(-fsanitize=${_san})
    add_link_options(-fsanitize=${_san})
  endforeach()
  add_compile_options(-fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fno-sanitize-recover=all)
endif()
