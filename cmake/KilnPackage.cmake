# SPDX-License-Identifier: Apache-2.0
#
# Installation of the runtime: libkiln_runtime, its public headers, kiln-run,
# the artifact schema, a CMake package (find_package(Kiln) gives
# Kiln::runtime) and a relocatable pkg-config file (kiln.pc).

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS kiln_runtime EXPORT KilnTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES
  "${CMAKE_SOURCE_DIR}/runtime/include/kiln/kiln.h"
  "${CMAKE_SOURCE_DIR}/runtime/include/kiln/kiln.hpp"
  "${CMAKE_BINARY_DIR}/runtime/include/kiln/version.h"
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/kiln)
install(FILES "${CMAKE_SOURCE_DIR}/runtime/schema/kiln.fbs"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/kiln)

set(_kiln_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/Kiln)
install(EXPORT KilnTargets NAMESPACE Kiln:: DESTINATION ${_kiln_cmake_dir})
configure_package_config_file(
  "${CMAKE_SOURCE_DIR}/cmake/KilnConfig.cmake.in"
  "${CMAKE_BINARY_DIR}/cmake/KilnConfig.cmake"
  INSTALL_DESTINATION ${_kiln_cmake_dir})
write_basic_package_version_file(
  "${CMAKE_BINARY_DIR}/cmake/KilnConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${CMAKE_BINARY_DIR}/cmake/KilnConfig.cmake"
  "${CMAKE_BINARY_DIR}/cmake/KilnConfigVersion.cmake"
  DESTINATION ${_kiln_cmake_dir})

# kiln.pc finds its prefix from its own location (${pcfiledir}), so it stays
# right for `cmake --install --prefix` and relocated installs.
file(RELATIVE_PATH KILN_PC_TO_PREFIX
     "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" KILN_PC_TO_PREFIX "${KILN_PC_TO_PREFIX}")
configure_file("${CMAKE_SOURCE_DIR}/cmake/kiln.pc.in"
               "${CMAKE_BINARY_DIR}/cmake/kiln.pc" @ONLY)
install(FILES "${CMAKE_BINARY_DIR}/cmake/kiln.pc"
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
