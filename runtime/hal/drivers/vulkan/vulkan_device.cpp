// SPDX-License-Identifier: Apache-2.0
#include "hal/drivers/vulkan/vulkan_device.h"

#include <cinttypes>
#include <cstring>

#include "util.h"

namespace kiln::hal::vulkan {

using rt::MakeStatus;

namespace {

/// Storage-buffer descriptors per pool; another pool is added when a batch
/// needs more.
constexpr uint32_t kSetsPerPool = 256;
constexpr uint32_t kDescriptorsPerPool = 4096;

#define KILN_VK_CHECK(call, what)                                          \
  do {                                                                     \
    VkResult kiln_vk_result = (call);                                      \
    if (kiln_vk_result != VK_SUCCESS)                                      \
      return MakeStatus(kiln_vk_result == VK_ERROR_OUT_OF_HOST_MEMORY ||   \
                                kiln_vk_result ==                          \
                                    VK_ERROR_OUT_OF_DEVICE_MEMORY          \
                            ? KILN_STATUS_OUT_OF_MEMORY                    \
                            : KILN_STATUS_INTERNAL,                        \
                        "vulkan: %s failed: %s", what,                     \
                        ResultName(kiln_vk_result));                       \
  } while (false)

/// A zeroed Vulkan struct of type `type`.
template <typename T>
T Zeroed(VkStructureType type) {
  T value{};
  value.sType = type;
  return value;
}

/// Links the feature structs of `features` for a query or a device
/// creation; the 8-bit storage and float16/int8 ones are core from Vulkan
/// 1.2 only.
VkPhysicalDeviceFeatures2* Chain(DeviceFeatures& features, bool vulkan12) {
  features.core.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2;
  features.storage16.sType =
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES;
  features.storage8.sType =
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_8BIT_STORAGE_FEATURES;
  features.float16_int8.sType =
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES;
  features.core.pNext = &features.storage16;
  features.storage16.pNext = vulkan12 ? &features.storage8 : nullptr;
  features.storage8.pNext = &features.float16_int8;
  features.float16_int8.pNext = nullptr;
  return &features.core;
}

/// The features of `supported` behind the capabilities Kiln's kernels may
/// declare, and those capabilities' names.
DeviceFeatures Wanted(const DeviceFeatures& supported,
                          std::vector<std::string>* capabilities) {
  DeviceFeatures wanted{};
  auto take = [&](VkBool32 has, VkBool32* enable, const char* capability) {
    if (!has) return;
    *enable = VK_TRUE;
    if (capabilities) capabilities->push_back(capability);
  };
  const VkPhysicalDeviceFeatures& core = supported.core.features;
  take(core.shaderInt16, &wanted.core.features.shaderInt16, "Int16");
  take(core.shaderInt64, &wanted.core.features.shaderInt64, "Int64");
  take(core.shaderFloat64, &wanted.core.features.shaderFloat64, "Float64");
  take(supported.storage16.storageBuffer16BitAccess,
       &wanted.storage16.storageBuffer16BitAccess, "StorageBuffer16BitAccess");
  take(supported.storage8.storageBuffer8BitAccess,
       &wanted.storage8.storageBuffer8BitAccess, "StorageBuffer8BitAccess");
  take(supported.float16_int8.shaderInt8, &wanted.float16_int8.shaderInt8,
       "Int8");
  take(supported.float16_int8.shaderFloat16,
       &wanted.float16_int8.shaderFloat16, "Float16");
  return wanted;
}

const char* DeviceTypeName(VkPhysicalDeviceType type) {
  switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
      return "integrated gpu";
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
      return "discrete gpu";
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
      return "virtual gpu";
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
      return "cpu";
    default:
      return "other";
  }
}

}  // namespace

std::string Describe(const DeviceInfo& info) {
  return info.name + ", Vulkan " +
         std::to_string(VK_API_VERSION_MAJOR(info.api_version)) + "." +
         std::to_string(VK_API_VERSION_MINOR(info.api_version)) + ", " +
         DeviceTypeName(info.type);
}

//===----------------------------------------------------------------------===//
// Instance
//===----------------------------------------------------------------------===//

kiln_status_t Instance::Get(Instance** out) {
  static Instance* instance = nullptr;
  static kiln_status_t error = nullptr;
  static std::once_flag once;
  std::call_once(once, [] {
    auto created = std::unique_ptr<Instance>(new Instance());
    error = created->Init();
    if (!error) instance = created.release();
  });
  if (error)
    return MakeStatus(kiln_status_code(error), "%s", kiln_status_message(error));
  *out = instance;
  return nullptr;
}

kiln_status_t Instance::Init() {
  if (kiln_status_t status = LoadLoader(&api_)) return status;
  uint32_t version = VK_API_VERSION_1_0;
  if (api_.vkEnumerateInstanceVersion)
    api_.vkEnumerateInstanceVersion(&version);
  if (version < VK_API_VERSION_1_1)
    return MakeStatus(KILN_STATUS_UNAVAILABLE,
                      "vulkan: the loader offers Vulkan %u.%u; 1.1 is required",
                      VK_API_VERSION_MAJOR(version),
                      VK_API_VERSION_MINOR(version));
  auto app = Zeroed<VkApplicationInfo>(VK_STRUCTURE_TYPE_APPLICATION_INFO);
  app.pApplicationName = "kiln";
  app.pEngineName = "kiln";
  // The newest version Kiln uses; drivers of older ones still accept it.
  app.apiVersion = VK_API_VERSION_1_2;
  auto create = Zeroed<VkInstanceCreateInfo>(VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO);
  create.pApplicationInfo = &app;
  VkResult created = api_.vkCreateInstance(&create, nullptr, &instance_);
  if (created == VK_ERROR_INCOMPATIBLE_DRIVER)
    return MakeStatus(KILN_STATUS_UNAVAILABLE,
                      "vulkan: no Vulkan driver is installed (the loader "
                      "found none; Mesa's is mesa-vulkan-drivers)");
  KILN_VK_CHECK(created, "vkCreateInstance");
  if (kiln_status_t status = LoadInstanceFunctions(instance_, &api_))
    return status;

  uint32_t count = 0;
  KILN_VK_CHECK(api_.vkEnumeratePhysicalDevices(instance_, &count, nullptr),
                "vkEnumeratePhysicalDevices");
  std::vector<VkPhysicalDevice> physical(count);
  KILN_VK_CHECK(
      api_.vkEnumeratePhysicalDevices(instance_, &count, physical.data()),
      "vkEnumeratePhysicalDevices");
  for (VkPhysicalDevice device : physical) {
    VkPhysicalDeviceProperties properties;
    api_.vkGetPhysicalDeviceProperties(device, &properties);
    if (properties.apiVersion < VK_API_VERSION_1_1) continue;
    uint32_t families = 0;
    api_.vkGetPhysicalDeviceQueueFamilyProperties(device, &families, nullptr);
    std::vector<VkQueueFamilyProperties> family(families);
    api_.vkGetPhysicalDeviceQueueFamilyProperties(device, &families,
                                                  family.data());
    // A compute queue; one that is not also for graphics when there is one
    // (dedicated compute queues run beside the display's work).
    int chosen = -1;
    for (uint32_t i = 0; i < families; ++i) {
      if (!(family[i].queueFlags & VK_QUEUE_COMPUTE_BIT)) continue;
      if (chosen < 0 || !(family[i].queueFlags & VK_QUEUE_GRAPHICS_BIT))
        chosen = static_cast<int>(i);
    }
    if (chosen < 0) continue;
    DeviceInfo info;
    info.name = properties.deviceName;
    info.api_version = properties.apiVersion;
    info.type = properties.deviceType;
    info.max_workgroup_invocations =
        properties.limits.maxComputeWorkGroupInvocations;
    for (int d = 0; d < 3; ++d)
      info.max_workgroup_count[d] = properties.limits.maxComputeWorkGroupCount[d];
    info.max_storage_buffer_range = properties.limits.maxStorageBufferRange;
    info.timestamp_period = properties.limits.timestampPeriod;
    info.timestamp_valid_bits = family[chosen].timestampValidBits;
    info.min_storage_buffer_offset_alignment =
        properties.limits.minStorageBufferOffsetAlignment;
    DeviceFeatures features{};
    api_.vkGetPhysicalDeviceFeatures2(
        device, Chain(features, properties.apiVersion >= VK_API_VERSION_1_2));
    Wanted(features, &info.capabilities);
    // Subgroup operations are core in Vulkan 1.1, but which ones compute
    // shaders have is the device's to say.
    auto subgroup = Zeroed<VkPhysicalDeviceSubgroupProperties>(
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES);
    auto properties2 = Zeroed<VkPhysicalDeviceProperties2>(
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2);
    properties2.pNext = &subgroup;
    api_.vkGetPhysicalDeviceProperties2(device, &properties2);
    info.subgroup_size = subgroup.subgroupSize;
    if (subgroup.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT) {
      if (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_BASIC_BIT)
        info.capabilities.push_back("GroupNonUniform");
      if (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_ARITHMETIC_BIT)
        info.capabilities.push_back("GroupNonUniformArithmetic");
    }
    features_.push_back(features);
    devices_.push_back(std::move(info));
    physical_.push_back(device);
    queue_families_.push_back(static_cast<uint32_t>(chosen));
  }
  return nullptr;
}

kiln_status_t Instance::OpenDevice(size_t index,
                                   std::unique_ptr<Device>* out) const {
  if (index >= devices_.size()) {
    std::string listed;
    for (size_t i = 0; i < devices_.size(); ++i)
      listed += (i ? "; " : "") + std::to_string(i) + ": " +
                Describe(devices_[i]);
    return MakeStatus(KILN_STATUS_NOT_FOUND,
                      "vulkan:%zu: no such device (%zu with compute: %s)",
                      index, devices_.size(),
                      listed.empty() ? "none" : listed.c_str());
  }
  auto device = std::unique_ptr<Device>(new Device(api_, devices_[index]));
  if (kiln_status_t status = device->Init(physical_[index],
                                         queue_families_[index],
                                         features_[index]))
    return status;
  *out = std::move(device);
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Device
//===----------------------------------------------------------------------===//

kiln_status_t Device::Init(VkPhysicalDevice physical, uint32_t queue_family,
                           const DeviceFeatures& supported) {
  api_.vkGetPhysicalDeviceMemoryProperties(physical, &memory_);
  float priority = 1.0f;
  auto queue = Zeroed<VkDeviceQueueCreateInfo>(VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO);
  queue.queueFamilyIndex = queue_family;
  queue.queueCount = 1;
  queue.pQueuePriorities = &priority;
  auto create = Zeroed<VkDeviceCreateInfo>(VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO);
  create.queueCreateInfoCount = 1;
  create.pQueueCreateInfos = &queue;
  DeviceFeatures enabled = Wanted(supported, nullptr);
  create.pNext =
      Chain(enabled, info_.api_version >= VK_API_VERSION_1_2);
  KILN_VK_CHECK(api_.vkCreateDevice(physical, &create, nullptr, &device_),
                "vkCreateDevice");
  api_.vkGetDeviceQueue(device_, queue_family, 0, &queue_);

  auto cache = Zeroed<VkPipelineCacheCreateInfo>(VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO);
  KILN_VK_CHECK(api_.vkCreatePipelineCache(device_, &cache, nullptr, &cache_),
                "vkCreatePipelineCache");
  auto pool = Zeroed<VkCommandPoolCreateInfo>(VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO);
  pool.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  pool.queueFamilyIndex = queue_family;
  KILN_VK_CHECK(
      api_.vkCreateCommandPool(device_, &pool, nullptr, &command_pool_),
      "vkCreateCommandPool");
  auto fence = Zeroed<VkFenceCreateInfo>(VK_STRUCTURE_TYPE_FENCE_CREATE_INFO);
  KILN_VK_CHECK(api_.vkCreateFence(device_, &fence, nullptr, &fence_),
                "vkCreateFence");
  return nullptr;
}

Device::~Device() {
  if (!device_) return;
  api_.vkDeviceWaitIdle(device_);
  if (fence_) api_.vkDestroyFence(device_, fence_, nullptr);
  if (command_pool_)
    api_.vkDestroyCommandPool(device_, command_pool_, nullptr);
  if (cache_) api_.vkDestroyPipelineCache(device_, cache_, nullptr);
  api_.vkDestroyDevice(device_, nullptr);
}

kiln_status_t Device::CreateBuffer(size_t size, MemoryKind kind,
                                   std::unique_ptr<Buffer>* out) const {
  if (size == 0)
    return MakeStatus(KILN_STATUS_INVALID_ARGUMENT,
                      "vulkan: cannot allocate a buffer of 0 bytes");
  auto buffer = std::unique_ptr<Buffer>(new Buffer(*this));
  buffer->size_ = size;
  auto create = Zeroed<VkBufferCreateInfo>(VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO);
  create.size = size;
  create.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
                 VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
                 VK_BUFFER_USAGE_TRANSFER_DST_BIT;
  create.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  KILN_VK_CHECK(api_.vkCreateBuffer(device_, &create, nullptr, &buffer->buffer_),
                "vkCreateBuffer");
  VkMemoryRequirements requirements;
  api_.vkGetBufferMemoryRequirements(device_, buffer->buffer_, &requirements);

  VkMemoryPropertyFlags wanted =
      kind == MemoryKind::kHost ? VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
                                      VK_MEMORY_PROPERTY_HOST_COHERENT_BIT
                                : VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
  int type = -1;
  for (uint32_t i = 0; i < memory_.memoryTypeCount; ++i) {
    if ((requirements.memoryTypeBits & (1u << i)) &&
        (memory_.memoryTypes[i].propertyFlags & wanted) == wanted) {
      type = static_cast<int>(i);
      break;
    }
  }
  // Device-local memory may be missing (some CPU drivers): any type will do.
  if (type < 0 && kind == MemoryKind::kDevice)
    for (uint32_t i = 0; i < memory_.memoryTypeCount && type < 0; ++i)
      if (requirements.memoryTypeBits & (1u << i)) type = static_cast<int>(i);
  if (type < 0)
    return MakeStatus(KILN_STATUS_UNAVAILABLE,
                      "vulkan: %s has no %s memory for a buffer",
                      info_.name.c_str(),
                      kind == MemoryKind::kHost ? "host-visible" : "usable");
  auto allocate = Zeroed<VkMemoryAllocateInfo>(VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO);
  allocate.allocationSize = requirements.size;
  allocate.memoryTypeIndex = static_cast<uint32_t>(type);
  KILN_VK_CHECK(
      api_.vkAllocateMemory(device_, &allocate, nullptr, &buffer->memory_),
      "vkAllocateMemory");
  KILN_VK_CHECK(
      api_.vkBindBufferMemory(device_, buffer->buffer_, buffer->memory_, 0),
      "vkBindBufferMemory");
  if (kind == MemoryKind::kHost)
    KILN_VK_CHECK(api_.vkMapMemory(device_, buffer->memory_, 0, VK_WHOLE_SIZE,
                                   0, &buffer->mapped_),
                  "vkMapMemory");
  *out = std::move(buffer);
  return nullptr;
}

Buffer::~Buffer() {
  const Api& api = device_.api();
  VkDevice device = device_.handle();
  if (mapped_) api.vkUnmapMemory(device, memory_);
  if (buffer_) api.vkDestroyBuffer(device, buffer_, nullptr);
  if (memory_) api.vkFreeMemory(device, memory_, nullptr);
}

kiln_status_t Device::CreatePipeline(const uint32_t* code, size_t words,
                                     const char* entry, uint32_t bindings,
                                     std::unique_ptr<Pipeline>* out) {
  // The SPIR-V magic number: anything else is not a module.
  if (words < 5 || code[0] != 0x07230203)
    return MakeStatus(KILN_STATUS_DATA_LOSS,
                      "vulkan: kernel '%s' is not a SPIR-V module", entry);
  auto pipeline = std::unique_ptr<Pipeline>(new Pipeline(*this));
  pipeline->bindings_ = bindings;

  std::vector<VkDescriptorSetLayoutBinding> layout_bindings(bindings);
  for (uint32_t i = 0; i < bindings; ++i) {
    layout_bindings[i].binding = i;
    layout_bindings[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    layout_bindings[i].descriptorCount = 1;
    layout_bindings[i].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
  }
  auto set = Zeroed<VkDescriptorSetLayoutCreateInfo>(VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO);
  set.bindingCount = bindings;
  set.pBindings = layout_bindings.data();
  KILN_VK_CHECK(api_.vkCreateDescriptorSetLayout(device_, &set, nullptr,
                                                 &pipeline->set_layout_),
                "vkCreateDescriptorSetLayout");
  auto layout = Zeroed<VkPipelineLayoutCreateInfo>(VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO);
  layout.setLayoutCount = 1;
  layout.pSetLayouts = &pipeline->set_layout_;
  KILN_VK_CHECK(
      api_.vkCreatePipelineLayout(device_, &layout, nullptr, &pipeline->layout_),
      "vkCreatePipelineLayout");

  auto module = Zeroed<VkShaderModuleCreateInfo>(VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO);
  module.codeSize = words * sizeof(uint32_t);
  module.pCode = code;
  VkShaderModule shader;
  KILN_VK_CHECK(api_.vkCreateShaderModule(device_, &module, nullptr, &shader),
                "vkCreateShaderModule");
  auto create = Zeroed<VkComputePipelineCreateInfo>(VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO);
  create.stage = Zeroed<VkPipelineShaderStageCreateInfo>(
      VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO);
  create.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
  create.stage.module = shader;
  create.stage.pName = entry;
  create.layout = pipeline->layout_;
  VkResult result = api_.vkCreateComputePipelines(device_, cache_, 1, &create,
                                                  nullptr, &pipeline->pipeline_);
  api_.vkDestroyShaderModule(device_, shader, nullptr);
  KILN_VK_CHECK(result, "vkCreateComputePipelines");
  *out = std::move(pipeline);
  return nullptr;
}

Pipeline::~Pipeline() {
  const Api& api = device_.api();
  VkDevice device = device_.handle();
  if (pipeline_) api.vkDestroyPipeline(device, pipeline_, nullptr);
  if (layout_) api.vkDestroyPipelineLayout(device, layout_, nullptr);
  if (set_layout_)
    api.vkDestroyDescriptorSetLayout(device, set_layout_, nullptr);
}

//===----------------------------------------------------------------------===//
// Programs
//===----------------------------------------------------------------------===//

Program::~Program() {
  const Api& api = device_.api_;
  std::lock_guard<std::mutex> lock(device_.mutex_);
  if (commands_)
    api.vkFreeCommandBuffers(device_.device_, device_.command_pool_, 1,
                             &commands_);
  for (VkDescriptorPool pool : pools_)
    api.vkDestroyDescriptorPool(device_.device_, pool, nullptr);
  if (timestamps_)
    api.vkDestroyQueryPool(device_.device_, timestamps_, nullptr);
}

kiln_status_t Program::Intervals(std::vector<uint64_t>* out) const {
  out->clear();
  if (timestamp_count_ < 2) return nullptr;
  std::vector<uint64_t> ticks(timestamp_count_);
  const Api& api = device_.api_;
  KILN_VK_CHECK(api.vkGetQueryPoolResults(
                    device_.device_, timestamps_, 0, timestamp_count_,
                    ticks.size() * sizeof(uint64_t), ticks.data(),
                    sizeof(uint64_t),
                    VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT),
                "vkGetQueryPoolResults");
  uint32_t bits = device_.info_.timestamp_valid_bits;
  uint64_t mask = bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  double period = device_.info_.timestamp_period;
  for (uint32_t i = 1; i < timestamp_count_; ++i) {
    uint64_t delta = (ticks[i] - ticks[i - 1]) & mask;
    out->push_back(static_cast<uint64_t>(static_cast<double>(delta) * period));
  }
  return nullptr;
}

kiln_status_t Program::AllocateSet(const Pipeline& pipeline,
                                   VkDescriptorSet* out) {
  const Api& api = device_.api_;
  VkDevice device = device_.device_;
  auto allocate = Zeroed<VkDescriptorSetAllocateInfo>(VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO);
  allocate.descriptorSetCount = 1;
  allocate.pSetLayouts = &pipeline.set_layout_;
  if (!pools_.empty()) {
    allocate.descriptorPool = pools_.back();
    VkResult result = api.vkAllocateDescriptorSets(device, &allocate, out);
    if (result == VK_SUCCESS) return nullptr;
    if (result != VK_ERROR_OUT_OF_POOL_MEMORY &&
        result != VK_ERROR_FRAGMENTED_POOL)
      KILN_VK_CHECK(result, "vkAllocateDescriptorSets");
  }
  VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                            kDescriptorsPerPool};
  auto create = Zeroed<VkDescriptorPoolCreateInfo>(VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO);
  create.maxSets = kSetsPerPool;
  create.poolSizeCount = 1;
  create.pPoolSizes = &size;
  VkDescriptorPool pool;
  KILN_VK_CHECK(api.vkCreateDescriptorPool(device, &create, nullptr, &pool),
                "vkCreateDescriptorPool");
  pools_.push_back(pool);
  allocate.descriptorPool = pool;
  KILN_VK_CHECK(api.vkAllocateDescriptorSets(device, &allocate, out),
                "vkAllocateDescriptorSets");
  return nullptr;
}

kiln_status_t Device::Record(
    const std::function<kiln_status_t(Recorder&)>& record,
    std::unique_ptr<Program>* out, uint32_t timestamps) {
  auto program = std::unique_ptr<Program>(new Program(*this));
  if (timestamps > 0) {
    if (info_.timestamp_valid_bits == 0)
      return MakeStatus(KILN_STATUS_UNIMPLEMENTED,
                        "vulkan: %s's compute queue has no timestamps",
                        info_.name.c_str());
    auto create = Zeroed<VkQueryPoolCreateInfo>(VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO);
    create.queryType = VK_QUERY_TYPE_TIMESTAMP;
    create.queryCount = timestamps;
    KILN_VK_CHECK(api_.vkCreateQueryPool(device_, &create, nullptr,
                                         &program->timestamps_),
                  "vkCreateQueryPool");
    program->timestamp_count_ = timestamps;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto allocate = Zeroed<VkCommandBufferAllocateInfo>(VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO);
    allocate.commandPool = command_pool_;
    allocate.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    allocate.commandBufferCount = 1;
    KILN_VK_CHECK(
        api_.vkAllocateCommandBuffers(device_, &allocate, &program->commands_),
        "vkAllocateCommandBuffers");
  }
  auto begin = Zeroed<VkCommandBufferBeginInfo>(VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO);
  KILN_VK_CHECK(api_.vkBeginCommandBuffer(program->commands_, &begin),
                "vkBeginCommandBuffer");
  if (program->timestamps_)
    api_.vkCmdResetQueryPool(program->commands_, program->timestamps_, 0,
                             program->timestamp_count_);
  Recorder recorder(*program);
  kiln_status_t recorded = record(recorder);
  KILN_VK_CHECK(api_.vkEndCommandBuffer(program->commands_),
                "vkEndCommandBuffer");
  if (recorded) return recorded;
  *out = std::move(program);
  return nullptr;
}

kiln_status_t Device::Run(const Program& program) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto submit = Zeroed<VkSubmitInfo>(VK_STRUCTURE_TYPE_SUBMIT_INFO);
  submit.commandBufferCount = 1;
  submit.pCommandBuffers = &program.commands_;
  KILN_VK_CHECK(api_.vkResetFences(device_, 1, &fence_), "vkResetFences");
  KILN_VK_CHECK(api_.vkQueueSubmit(queue_, 1, &submit, fence_),
                "vkQueueSubmit");
  KILN_VK_CHECK(api_.vkWaitForFences(device_, 1, &fence_, VK_TRUE, UINT64_MAX),
                "vkWaitForFences");
  return nullptr;
}

kiln_status_t Device::Submit(
    const std::function<kiln_status_t(Recorder&)>& record) {
  std::unique_ptr<Program> program;
  if (kiln_status_t status = Record(record, &program)) return status;
  return Run(*program);
}

//===----------------------------------------------------------------------===//
// Recorder
//===----------------------------------------------------------------------===//

void Recorder::Barrier() {
  if (empty_) {
    empty_ = false;
    return;
  }
  auto barrier = Zeroed<VkMemoryBarrier>(VK_STRUCTURE_TYPE_MEMORY_BARRIER);
  barrier.srcAccessMask =
      VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
  barrier.dstAccessMask = VK_ACCESS_SHADER_READ_BIT |
                          VK_ACCESS_SHADER_WRITE_BIT |
                          VK_ACCESS_TRANSFER_READ_BIT |
                          VK_ACCESS_TRANSFER_WRITE_BIT;
  VkPipelineStageFlags stages =
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
  program_.device_.api_.vkCmdPipelineBarrier(commands_, stages, stages, 0, 1, &barrier,
                                    0, nullptr, 0, nullptr);
}

kiln_status_t Recorder::Dispatch(const Pipeline& pipeline,
                                 const std::vector<BufferRange>& bindings,
                                 const uint32_t grid[3]) {
  if (bindings.size() != pipeline.bindings_)
    return MakeStatus(KILN_STATUS_INTERNAL,
                      "vulkan: a kernel with %u bindings given %zu buffers",
                      pipeline.bindings_, bindings.size());
  const DeviceInfo& info = program_.device_.info_;
  for (int d = 0; d < 3; ++d)
    if (grid[d] > info.max_workgroup_count[d])
      return MakeStatus(KILN_STATUS_UNIMPLEMENTED,
                        "vulkan: a grid of %u workgroups along %c exceeds "
                        "%s's limit of %u",
                        grid[d], "xyz"[d], info.name.c_str(),
                        info.max_workgroup_count[d]);
  VkDescriptorSet set;
  if (kiln_status_t status = program_.AllocateSet(pipeline, &set))
    return status;
  std::vector<VkDescriptorBufferInfo> buffers(bindings.size());
  std::vector<VkWriteDescriptorSet> writes(bindings.size());
  for (size_t i = 0; i < bindings.size(); ++i) {
    const BufferRange& range = bindings[i];
    buffers[i] = {range.buffer->handle(), range.offset,
                  range.size ? range.size : VK_WHOLE_SIZE};
    writes[i] = Zeroed<VkWriteDescriptorSet>(VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET);
    writes[i].dstSet = set;
    writes[i].dstBinding = static_cast<uint32_t>(i);
    writes[i].descriptorCount = 1;
    writes[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    writes[i].pBufferInfo = &buffers[i];
  }
  const Api& api = program_.device_.api_;
  api.vkUpdateDescriptorSets(program_.device_.device_,
                             static_cast<uint32_t>(writes.size()),
                             writes.data(), 0, nullptr);
  Barrier();
  api.vkCmdBindPipeline(commands_, VK_PIPELINE_BIND_POINT_COMPUTE,
                        pipeline.pipeline_);
  api.vkCmdBindDescriptorSets(commands_, VK_PIPELINE_BIND_POINT_COMPUTE,
                              pipeline.layout_, 0, 1, &set, 0, nullptr);
  api.vkCmdDispatch(commands_, grid[0], grid[1], grid[2]);
  return nullptr;
}

void Recorder::Timestamp(uint32_t index) {
  // After every command recorded so far (their barriers included).
  Barrier();
  program_.device_.api_.vkCmdWriteTimestamp(
      commands_, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, program_.timestamps_,
      index);
}

void Recorder::Copy(const Buffer& source, size_t source_offset,
                    const Buffer& target, size_t target_offset, size_t size) {
  Barrier();
  VkBufferCopy region{source_offset, target_offset, size};
  program_.device_.api_.vkCmdCopyBuffer(commands_, source.handle(), target.handle(), 1,
                               &region);
}

}  // namespace kiln::hal::vulkan
