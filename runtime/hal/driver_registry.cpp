// SPDX-License-Identifier: Apache-2.0
//
// The compiled-in drivers. A backend's CMake option adds its driver here.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "hal/hal.h"
#include "util.h"

namespace kiln::hal {

#if KILN_HAL_CPU
Driver* GetCpuDriver();
#endif
#if KILN_HAL_VULKAN
Driver* GetVulkanDriver();
#endif

namespace {

Driver* const* Drivers(size_t* count) {
  static Driver* const drivers[] = {
#if KILN_HAL_CPU
    GetCpuDriver(),
#endif
#if KILN_HAL_VULKAN
    GetVulkanDriver(),
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

kiln_status_t OpenDevice(std::string_view spec, Device** out) {
  std::string_view name = spec.substr(0, spec.find(':'));
  Driver* driver = FindDriver(name);
  if (driver == nullptr) {
    return rt::MakeStatus(KILN_STATUS_NOT_FOUND,
                          "unknown device %s (this build has: %s)",
                          rt::Quote(std::string(spec)).c_str(),
                          DriverNames().c_str());
  }
  uint32_t index = 0;
  if (name.size() < spec.size()) {
    std::string digits(spec.substr(name.size() + 1));
    char* end = nullptr;
    unsigned long value = std::strtoul(digits.c_str(), &end, 10);
    if (digits.empty() || *end != '\0' || digits[0] == '-' ||
        value > UINT32_MAX) {
      return rt::MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                            "device %s: expected %s or %s:N with N a device "
                            "index",
                            rt::Quote(std::string(spec)).c_str(),
                            driver->name(), driver->name());
    }
    index = static_cast<uint32_t>(value);
  }
  return driver->GetDevice(index, out);
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
