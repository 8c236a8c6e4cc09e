// SPDX-License-Identifier: Apache-2.0
//
// The Vulkan entry points the driver uses, loaded from the system's loader
// (libvulkan.so.1) the first time a Vulkan device is requested. The runtime
// never links libvulkan: it runs, and says clearly why Vulkan is missing, on
// machines without it.
#ifndef KILN_RUNTIME_HAL_DRIVERS_VULKAN_VULKAN_API_H_
#define KILN_RUNTIME_HAL_DRIVERS_VULKAN_VULKAN_API_H_

#define VK_NO_PROTOTYPES
#include <vulkan/vulkan.h>

#include "kiln/kiln.h"

namespace kiln::hal::vulkan {

// Entry points resolved with vkGetInstanceProcAddr(nullptr, ...).
#define KILN_VK_GLOBAL_FUNCTIONS(X) \
  X(vkCreateInstance)               \
  X(vkEnumerateInstanceVersion)

// Entry points resolved with vkGetInstanceProcAddr(instance, ...); device
// functions included (the loader dispatches them).
#define KILN_VK_INSTANCE_FUNCTIONS(X)        \
  X(vkDestroyInstance)                       \
  X(vkEnumeratePhysicalDevices)              \
  X(vkGetPhysicalDeviceProperties)           \
  X(vkGetPhysicalDeviceFeatures2)            \
  X(vkGetPhysicalDeviceProperties2)          \
  X(vkGetPhysicalDeviceQueueFamilyProperties) \
  X(vkGetPhysicalDeviceMemoryProperties)     \
  X(vkCreateDevice)                          \
  X(vkDestroyDevice)                         \
  X(vkGetDeviceQueue)                        \
  X(vkDeviceWaitIdle)                        \
  X(vkCreateBuffer)                          \
  X(vkDestroyBuffer)                         \
  X(vkGetBufferMemoryRequirements)           \
  X(vkAllocateMemory)                        \
  X(vkFreeMemory)                            \
  X(vkBindBufferMemory)                      \
  X(vkMapMemory)                             \
  X(vkUnmapMemory)                           \
  X(vkCreateShaderModule)                    \
  X(vkDestroyShaderModule)                   \
  X(vkCreateDescriptorSetLayout)             \
  X(vkDestroyDescriptorSetLayout)            \
  X(vkCreatePipelineLayout)                  \
  X(vkDestroyPipelineLayout)                 \
  X(vkCreatePipelineCache)                   \
  X(vkDestroyPipelineCache)                  \
  X(vkCreateComputePipelines)                \
  X(vkDestroyPipeline)                       \
  X(vkCreateDescriptorPool)                  \
  X(vkDestroyDescriptorPool)                 \
  X(vkResetDescriptorPool)                   \
  X(vkAllocateDescriptorSets)                \
  X(vkUpdateDescriptorSets)                  \
  X(vkCreateCommandPool)                     \
  X(vkDestroyCommandPool)                    \
  X(vkAllocateCommandBuffers)                \
  X(vkFreeCommandBuffers)                    \
  X(vkResetCommandBuffer)                    \
  X(vkBeginCommandBuffer)                    \
  X(vkEndCommandBuffer)                      \
  X(vkCmdBindPipeline)                       \
  X(vkCmdBindDescriptorSets)                 \
  X(vkCmdDispatch)                           \
  X(vkCmdPipelineBarrier)                    \
  X(vkCmdCopyBuffer)                         \
  X(vkCmdFillBuffer)                         \
  X(vkCreateQueryPool)                       \
  X(vkDestroyQueryPool)                      \
  X(vkCmdResetQueryPool)                     \
  X(vkCmdWriteTimestamp)                     \
  X(vkGetQueryPoolResults)                   \
  X(vkCreateFence)                           \
  X(vkDestroyFence)                          \
  X(vkResetFences)                           \
  X(vkWaitForFences)                         \
  X(vkQueueSubmit)

/// Function pointers of the Vulkan API. The global ones are set by
/// LoadLoader; the rest by LoadInstanceFunctions.
struct Api {
  PFN_vkGetInstanceProcAddr vkGetInstanceProcAddr = nullptr;
#define KILN_VK_DECLARE(name) PFN_##name name = nullptr;
  KILN_VK_GLOBAL_FUNCTIONS(KILN_VK_DECLARE)
  KILN_VK_INSTANCE_FUNCTIONS(KILN_VK_DECLARE)
#undef KILN_VK_DECLARE
};

/// Opens the Vulkan loader once per process and resolves the global entry
/// points into `api`. KILN_STATUS_UNAVAILABLE, with the reason, where there
/// is no loader.
kiln_status_t LoadLoader(Api* api);

/// Resolves the instance and device entry points of `instance`.
kiln_status_t LoadInstanceFunctions(VkInstance instance, Api* api);

/// "VK_ERROR_OUT_OF_DEVICE_MEMORY" and the like.
const char* ResultName(VkResult result);

}  // namespace kiln::hal::vulkan

#endif  // KILN_RUNTIME_HAL_DRIVERS_VULKAN_VULKAN_API_H_
