// SPDX-License-Identifier: Apache-2.0
#include "hal/drivers/vulkan/vulkan_api.h"

#include <dlfcn.h>

#include <mutex>

#include "util.h"

namespace kiln::hal::vulkan {

using rt::MakeStatus;

kiln_status_t LoadLoader(Api* api) {
  // The loader stays open for the process's lifetime, like any driver.
  static void* library = nullptr;
  static std::string error;
  static std::once_flag once;
  std::call_once(once, [] {
    library = dlopen("libvulkan.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
      const char* reason = dlerror();
      error = reason ? reason : "dlopen failed";
    }
  });
  if (!library)
    return MakeStatus(KILN_STATUS_UNAVAILABLE,
                      "vulkan: cannot open the Vulkan loader libvulkan.so.1 "
                      "(%s); install a Vulkan driver (e.g. Debian's "
                      "libvulkan1 and mesa-vulkan-drivers)",
                      error.c_str());
  api->vkGetInstanceProcAddr = reinterpret_cast<PFN_vkGetInstanceProcAddr>(
      dlsym(library, "vkGetInstanceProcAddr"));
  if (!api->vkGetInstanceProcAddr)
    return MakeStatus(KILN_STATUS_UNAVAILABLE,
                      "vulkan: libvulkan.so.1 has no vkGetInstanceProcAddr");
#define KILN_VK_LOAD(name)                                               \
  api->name = reinterpret_cast<PFN_##name>(                              \
      api->vkGetInstanceProcAddr(VK_NULL_HANDLE, #name));
  KILN_VK_GLOBAL_FUNCTIONS(KILN_VK_LOAD)
#undef KILN_VK_LOAD
  if (!api->vkCreateInstance)
    return MakeStatus(KILN_STATUS_UNAVAILABLE,
                      "vulkan: the loader does not give vkCreateInstance");
  return nullptr;
}

kiln_status_t LoadInstanceFunctions(VkInstance instance, Api* api) {
#define KILN_VK_LOAD(name)                                                   \
  api->name = reinterpret_cast<PFN_##name>(                                  \
      api->vkGetInstanceProcAddr(instance, #name));                          \
  if (!api->name)                                                            \
    return MakeStatus(KILN_STATUS_UNAVAILABLE,                               \
                      "vulkan: the loader does not give %s (Vulkan 1.1 is "  \
                      "required)",                                           \
                      #name);
  KILN_VK_INSTANCE_FUNCTIONS(KILN_VK_LOAD)
#undef KILN_VK_LOAD
  return nullptr;
}

const char* ResultName(VkResult result) {
  switch (result) {
#define KILN_VK_RESULT(name) \
  case name:                 \
    return #name;
    KILN_VK_RESULT(VK_SUCCESS)
    KILN_VK_RESULT(VK_NOT_READY)
    KILN_VK_RESULT(VK_TIMEOUT)
    KILN_VK_RESULT(VK_INCOMPLETE)
    KILN_VK_RESULT(VK_ERROR_OUT_OF_HOST_MEMORY)
    KILN_VK_RESULT(VK_ERROR_OUT_OF_DEVICE_MEMORY)
    KILN_VK_RESULT(VK_ERROR_INITIALIZATION_FAILED)
    KILN_VK_RESULT(VK_ERROR_DEVICE_LOST)
    KILN_VK_RESULT(VK_ERROR_MEMORY_MAP_FAILED)
    KILN_VK_RESULT(VK_ERROR_LAYER_NOT_PRESENT)
    KILN_VK_RESULT(VK_ERROR_EXTENSION_NOT_PRESENT)
    KILN_VK_RESULT(VK_ERROR_FEATURE_NOT_PRESENT)
    KILN_VK_RESULT(VK_ERROR_INCOMPATIBLE_DRIVER)
    KILN_VK_RESULT(VK_ERROR_TOO_MANY_OBJECTS)
    KILN_VK_RESULT(VK_ERROR_FORMAT_NOT_SUPPORTED)
    KILN_VK_RESULT(VK_ERROR_FRAGMENTED_POOL)
    KILN_VK_RESULT(VK_ERROR_OUT_OF_POOL_MEMORY)
    KILN_VK_RESULT(VK_ERROR_INVALID_SHADER_NV)
#undef KILN_VK_RESULT
    default:
      return "VkResult error";
  }
}

}  // namespace kiln::hal::vulkan
