// SPDX-License-Identifier: Apache-2.0
//
// The core of the Vulkan driver: the instance and its devices, buffers,
// compute pipelines from SPIR-V, and command batches recorded, submitted and
// waited for. The HAL driver (sessions, artifacts) is built on it.
//
//   Instance  one per process, created on first use (opens the loader);
//             lists the devices that have a compute queue.
//   Device    a logical device with one compute queue, a pipeline cache
//             and a command pool. Thread-safe: submissions are serialized.
//   Buffer    device-local memory, or host-visible memory mapped for its
//             lifetime (staging for inputs and outputs).
//   Pipeline  a compute shader's entry point whose storage buffers are
//             bindings 0..n-1 of descriptor set 0.
//   Program   a recorded batch of dispatches and copies, each waiting for
//             the commands before it; submitted as often as wanted.
//   Recorder  records a Program.
#ifndef KILN_RUNTIME_HAL_DRIVERS_VULKAN_VULKAN_DEVICE_H_
#define KILN_RUNTIME_HAL_DRIVERS_VULKAN_VULKAN_DEVICE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "hal/drivers/vulkan/vulkan_api.h"

namespace kiln::hal::vulkan {

/// A device as the system lists it.
struct DeviceInfo {
  std::string name;
  /// VK_API_VERSION_MAJOR/MINOR of it give the Vulkan version.
  uint32_t api_version = 0;
  VkPhysicalDeviceType type = VK_PHYSICAL_DEVICE_TYPE_OTHER;
  uint32_t max_workgroup_invocations = 0;
  uint32_t max_workgroup_count[3] = {0, 0, 0};
  uint32_t max_storage_buffer_range = 0;
  /// Bindings must start at multiples of this.
  uint64_t min_storage_buffer_offset_alignment = 0;
  /// The optional SPIR-V capabilities its kernels may use (device features
  /// enabled when the device is opened): Int8, Int16, Int64, Float16,
  /// Float64, StorageBuffer8BitAccess, StorageBuffer16BitAccess, and
  /// GroupNonUniform and GroupNonUniformArithmetic where compute shaders
  /// have subgroup operations.
  std::vector<std::string> capabilities;
  /// Invocations per subgroup (0: unknown).
  uint32_t subgroup_size = 0;
  /// Nanoseconds per timestamp tick.
  float timestamp_period = 0;
  /// Meaningful bits of its compute queue's timestamps (0: none).
  uint32_t timestamp_valid_bits = 0;
};

/// "llvmpipe (LLVM 15.0.6, 256 bits), Vulkan 1.3, cpu".
std::string Describe(const DeviceInfo& info);

enum class MemoryKind {
  /// Fastest for kernels; the host cannot read or write it directly.
  kDevice,
  /// Host-visible and coherent, mapped while the buffer lives.
  kHost,
};

class Device;

/// The optional features behind DeviceInfo::capabilities (pNext links are
/// set where they are used).
struct DeviceFeatures {
  VkPhysicalDeviceFeatures2 core{};
  VkPhysicalDevice16BitStorageFeatures storage16{};
  VkPhysicalDevice8BitStorageFeatures storage8{};
  VkPhysicalDeviceShaderFloat16Int8Features float16_int8{};
};

class Buffer {
 public:
  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  VkBuffer handle() const { return buffer_; }
  size_t size() const { return size_; }
  /// The host address of a kHost buffer; null for kDevice.
  void* mapped() const { return mapped_; }

 private:
  friend class Device;
  explicit Buffer(const Device& device) : device_(device) {}
  const Device& device_;
  VkBuffer buffer_ = VK_NULL_HANDLE;
  VkDeviceMemory memory_ = VK_NULL_HANDLE;
  size_t size_ = 0;
  void* mapped_ = nullptr;
};

class Pipeline {
 public:
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  uint32_t bindings() const { return bindings_; }

 private:
  friend class Device;
  friend class Program;
  friend class Recorder;
  explicit Pipeline(const Device& device) : device_(device) {}
  const Device& device_;
  VkDescriptorSetLayout set_layout_ = VK_NULL_HANDLE;
  VkPipelineLayout layout_ = VK_NULL_HANDLE;
  VkPipeline pipeline_ = VK_NULL_HANDLE;
  uint32_t bindings_ = 0;
};

/// A range of a buffer bound to a kernel.
struct BufferRange {
  const Buffer* buffer = nullptr;
  size_t offset = 0;
  size_t size = 0;
};

/// A recorded batch, with the descriptor sets it binds.
class Program {
 public:
  ~Program();
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;

 private:
  friend class Device;
  friend class Recorder;
  explicit Program(Device& device) : device_(device) {}
  /// A descriptor set for `pipeline` from the program's pools.
  kiln_status_t AllocateSet(const Pipeline& pipeline, VkDescriptorSet* out);
  Device& device_;
  VkCommandBuffer commands_ = VK_NULL_HANDLE;
  std::vector<VkDescriptorPool> pools_;
  VkQueryPool timestamps_ = VK_NULL_HANDLE;
  uint32_t timestamp_count_ = 0;

 public:
  /// After a run: the nanoseconds between consecutive timestamps the
  /// program wrote (Recorder::Timestamp), one fewer than it wrote.
  kiln_status_t Intervals(std::vector<uint64_t>* out) const;
};

class Recorder {
 public:
  /// Runs `pipeline` over `grid` workgroups with `bindings` (one per
  /// binding of the pipeline).
  kiln_status_t Dispatch(const Pipeline& pipeline,
                         const std::vector<BufferRange>& bindings,
                         const uint32_t grid[3]);
  /// Copies `size` bytes between buffers.
  void Copy(const Buffer& source, size_t source_offset, const Buffer& target,
            size_t target_offset, size_t size);
  /// Writes timestamp `index` (< the program's count) once every command
  /// recorded before it has run.
  void Timestamp(uint32_t index);

 private:
  friend class Device;
  explicit Recorder(Program& program)
      : program_(program), commands_(program.commands_) {}
  /// Makes the next command wait for every write recorded before it.
  void Barrier();
  Program& program_;
  VkCommandBuffer commands_;
  bool empty_ = true;
};

class Device {
 public:
  ~Device();
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  const DeviceInfo& info() const { return info_; }
  const Api& api() const { return api_; }
  VkDevice handle() const { return device_; }

  /// Allocates a buffer of `size` bytes (> 0).
  kiln_status_t CreateBuffer(size_t size, MemoryKind kind,
                             std::unique_ptr<Buffer>* out) const;

  /// Creates the compute pipeline of entry point `entry` of the SPIR-V
  /// module `code` (`words` 32-bit words), whose storage buffers are
  /// bindings 0..bindings-1 of set 0.
  kiln_status_t CreatePipeline(const uint32_t* code, size_t words,
                               const char* entry, uint32_t bindings,
                               std::unique_ptr<Pipeline>* out);

  /// Records a batch with `record` into a program that can be run many
  /// times (its buffers must outlive it), with room for `timestamps`
  /// timestamps (the device must have them: timestamp_valid_bits).
  kiln_status_t Record(const std::function<kiln_status_t(Recorder&)>& record,
                       std::unique_ptr<Program>* out,
                       uint32_t timestamps = 0);

  /// Submits `program` and waits until it has run.
  kiln_status_t Run(const Program& program);

  /// Records one batch with `record`, runs it once and drops it. The batch
  /// is not submitted when `record` fails.
  kiln_status_t Submit(const std::function<kiln_status_t(Recorder&)>& record);

 private:
  friend class Instance;
  friend class Program;
  friend class Recorder;
  Device(const Api& api, DeviceInfo info) : api_(api), info_(std::move(info)) {}
  kiln_status_t Init(VkPhysicalDevice physical, uint32_t queue_family,
                     const DeviceFeatures& supported);

  const Api& api_;
  DeviceInfo info_;
  VkPhysicalDeviceMemoryProperties memory_{};
  VkDevice device_ = VK_NULL_HANDLE;
  VkQueue queue_ = VK_NULL_HANDLE;
  VkPipelineCache cache_ = VK_NULL_HANDLE;
  VkCommandPool command_pool_ = VK_NULL_HANDLE;
  VkFence fence_ = VK_NULL_HANDLE;
  /// Serializes the command pool, the queue and the fence.
  std::mutex mutex_;
};

class Instance {
 public:
  /// The process's instance, created on first use.
  static kiln_status_t Get(Instance** out);

  /// The devices with a compute queue, in the order the system lists them.
  const std::vector<DeviceInfo>& devices() const { return devices_; }

  /// Opens device `index` of devices().
  kiln_status_t OpenDevice(size_t index, std::unique_ptr<Device>* out) const;

 private:
  Instance() = default;
  kiln_status_t Init();
  Api api_;
  VkInstance instance_ = VK_NULL_HANDLE;
  std::vector<DeviceInfo> devices_;
  std::vector<VkPhysicalDevice> physical_;
  std::vector<uint32_t> queue_families_;
  std::vector<DeviceFeatures> features_;
};

}  // namespace kiln::hal::vulkan

#endif  // KILN_RUNTIME_HAL_DRIVERS_VULKAN_VULKAN_DEVICE_H_
