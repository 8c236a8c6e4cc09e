// SPDX-License-Identifier: Apache-2.0
//
// The compiled-in drivers. A backend's CMake option adds its driver here.
#include <string>

#include "hal/hal.h"

namespace kiln::hal {

#if KILN_HAL_CPU
Driver* GetCpuDriver();
#endif

namespace {

Driver* const* Drivers(size_t* count) {
  static Driver* const drivers[] = {
#if KILN_HAL_CPU
    GetCpuDriver(),
#endif
    nullptr,
  };
  *count = sizeof(drivers) / sizeof(drivers[0]) - 1;
  return drivers;
}

}  // namespace

Driver* FindDriver(std::string_view name) {
  size_t count;
  Driver* const* drivers = Drivers(&count);
  for (size_t i = 0; i < count; ++i) {
    if (name == drivers[i]->name()) return drivers[i];
  }
  return nullptr;
}

std::string DriverNames() {
  size_t count;
  Driver* const* drivers = Drivers(&count);
  std::string names;
  for (size_t i = 0; i < count; ++i) {
    if (i) names += ", ";
    names += drivers[i]->name();
  }
  return names.empty() ? "none" : names;
}

}  // namespace kiln::hal
