// SPDX-License-Identifier: Apache-2.0
//
// The Vulkan driver's core on this machine's devices (Mesa's lavapipe in CI).
// Each test skips, saying why, where the machine has no Vulkan device.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "hal/drivers/vulkan/vulkan_device.h"

namespace kiln::hal::vulkan {
namespace {

/// Takes `status`: its message, or "" for success.
std::string Message(kiln_status_t status) {
  std::string message = status ? kiln_status_message(status) : "";
  kiln_status_release(status);
  return message;
}

std::vector<uint32_t> ReadSpirv(const char* path) {
  std::ifstream file(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(file)),
                          std::istreambuf_iterator<char>());
  std::vector<uint32_t> words(bytes.size() / 4);
  std::memcpy(words.data(), bytes.data(), words.size() * 4);
  return words;
}

class VulkanDeviceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Instance* instance = nullptr;
    kiln_status_t status = Instance::Get(&instance);
    if (status) GTEST_SKIP() << "no Vulkan: " << Message(status);
    if (instance->devices().empty())
      GTEST_SKIP() << "no Vulkan device with a compute queue";
    instance_ = instance;
    ASSERT_EQ(Message(instance->OpenDevice(0, &device_)), "");
    spirv_ = ReadSpirv(KILN_TEST_SPIRV_ADD);
    ASSERT_GT(spirv_.size(), 5u) << KILN_TEST_SPIRV_ADD;
  }

  /// A host-visible buffer holding `values`.
  std::unique_ptr<Buffer> HostBuffer(const std::vector<float>& values) {
    std::unique_ptr<Buffer> buffer;
    EXPECT_EQ(Message(device_->CreateBuffer(values.size() * 4, MemoryKind::kHost,
                                            &buffer)),
              "");
    std::memcpy(buffer->mapped(), values.data(), values.size() * 4);
    return buffer;
  }

  std::unique_ptr<Buffer> DeviceBuffer(size_t bytes) {
    std::unique_ptr<Buffer> buffer;
    EXPECT_EQ(Message(device_->CreateBuffer(bytes, MemoryKind::kDevice, &buffer)),
              "");
    return buffer;
  }

  Instance* instance_ = nullptr;
  std::unique_ptr<Device> device_;
  std::vector<uint32_t> spirv_;
};

TEST_F(VulkanDeviceTest, DescribesDevices) {
  const DeviceInfo& info = device_->info();
  EXPECT_FALSE(info.name.empty());
  EXPECT_GE(info.api_version, VK_API_VERSION_1_1);
  EXPECT_GE(info.max_workgroup_invocations, 128u);  // Vulkan's minimum
  EXPECT_NE(Describe(info).find(", Vulkan 1."), std::string::npos)
      << Describe(info);
}

// Inputs staged into device-local memory, one dispatch, the result staged
// back: a size that is not a multiple of the workgroup's 64 invocations.
TEST_F(VulkanDeviceTest, RunsAComputeShader) {
  constexpr size_t n = 1000;
  std::vector<float> a(n), b(n);
  for (size_t i = 0; i < n; ++i) {
    a[i] = static_cast<float>(i);
    b[i] = 0.5f * static_cast<float>(i) - 3;
  }
  std::unique_ptr<Buffer> host_a = HostBuffer(a), host_b = HostBuffer(b),
                          host_c = HostBuffer(std::vector<float>(n, -1));
  std::unique_ptr<Buffer> dev_a = DeviceBuffer(n * 4),
                          dev_b = DeviceBuffer(n * 4),
                          dev_c = DeviceBuffer(n * 4);
  std::unique_ptr<Pipeline> add;
  ASSERT_EQ(Message(device_->CreatePipeline(spirv_.data(), spirv_.size(),
                                            "main", 3, &add)),
            "");
  const uint32_t grid[3] = {(n + 63) / 64, 1, 1};
  // Twice: the second batch reuses the pipeline and the reset pools.
  for (int round = 0; round < 2; ++round) {
    ASSERT_EQ(Message(device_->Submit([&](Recorder& recorder) {
                recorder.Copy(*host_a, 0, *dev_a, 0, n * 4);
                recorder.Copy(*host_b, 0, *dev_b, 0, n * 4);
                if (kiln_status_t status = recorder.Dispatch(
                        *add,
                        {{dev_a.get(), 0, n * 4},
                         {dev_b.get(), 0, n * 4},
                         {dev_c.get(), 0, n * 4}},
                        grid))
                  return status;
                recorder.Copy(*dev_c, 0, *host_c, 0, n * 4);
                return kiln_status_t{nullptr};
              })),
              "");
    const float* c = static_cast<const float*>(host_c->mapped());
    for (size_t i = 0; i < n; ++i) ASSERT_EQ(c[i], a[i] + b[i]) << i;
    std::memset(host_c->mapped(), 0, n * 4);
  }
}

// 600 dependent dispatches in one batch, more descriptor sets than one pool
// holds: each waits for the one before it (x += 1, ping-pong).
TEST_F(VulkanDeviceTest, OrdersManyDispatches) {
  constexpr size_t n = 256;
  constexpr int steps = 600;
  std::unique_ptr<Buffer> ones = HostBuffer(std::vector<float>(n, 1));
  std::unique_ptr<Buffer> x[2] = {HostBuffer(std::vector<float>(n, 0)),
                                  HostBuffer(std::vector<float>(n, 0))};
  std::unique_ptr<Pipeline> add;
  ASSERT_EQ(Message(device_->CreatePipeline(spirv_.data(), spirv_.size(),
                                            "main", 3, &add)),
            "");
  const uint32_t grid[3] = {n / 64, 1, 1};
  ASSERT_EQ(Message(device_->Submit([&](Recorder& recorder) {
              for (int step = 0; step < steps; ++step) {
                const Buffer& from = *x[step % 2];
                const Buffer& to = *x[1 - step % 2];
                if (kiln_status_t status = recorder.Dispatch(
                        *add, {{ones.get(), 0, 0}, {&from, 0, 0}, {&to, 0, 0}},
                        grid))
                  return status;
              }
              return kiln_status_t{nullptr};
            })),
            "");
  const float* result = static_cast<const float*>(x[steps % 2]->mapped());
  for (size_t i = 0; i < n; ++i) ASSERT_EQ(result[i], float(steps)) << i;
}

TEST_F(VulkanDeviceTest, ReportsBadRequests) {
  size_t count = instance_->devices().size();
  std::unique_ptr<Device> missing;
  std::string message = Message(instance_->OpenDevice(count, &missing));
  EXPECT_NE(message.find("vulkan:" + std::to_string(count) +
                         ": no such device"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find(instance_->devices()[0].name), std::string::npos)
      << message;

  std::unique_ptr<Buffer> empty;
  EXPECT_EQ(Message(device_->CreateBuffer(0, MemoryKind::kHost, &empty)),
            "vulkan: cannot allocate a buffer of 0 bytes");

  const uint32_t not_spirv[8] = {0x464c457f, 1, 2, 3, 4, 5, 6, 7};  // ELF
  std::unique_ptr<Pipeline> pipeline;
  EXPECT_EQ(Message(device_->CreatePipeline(not_spirv, 8, "main", 1, &pipeline)),
            "vulkan: kernel 'main' is not a SPIR-V module");

  std::unique_ptr<Pipeline> add;
  ASSERT_EQ(Message(device_->CreatePipeline(spirv_.data(), spirv_.size(),
                                            "main", 3, &add)),
            "");
  std::unique_ptr<Buffer> buffer = DeviceBuffer(256);
  const uint32_t grid[3] = {1, 1, 1};
  EXPECT_EQ(Message(device_->Submit([&](Recorder& recorder) {
              return recorder.Dispatch(*add, {{buffer.get(), 0, 0}}, grid);
            })),
            "vulkan: a kernel with 3 bindings given 1 buffers");
  const uint32_t huge[3] = {1, 1, device_->info().max_workgroup_count[2] + 1u};
  if (device_->info().max_workgroup_count[2] < UINT32_MAX) {
    message = Message(device_->Submit([&](Recorder& recorder) {
      return recorder.Dispatch(
          *add, {{buffer.get(), 0, 0}, {buffer.get(), 0, 0}, {buffer.get(), 0, 0}},
          huge);
    }));
    EXPECT_NE(message.find("workgroups along z exceeds"), std::string::npos)
        << message;
  }
}

}  // namespace
}  // namespace kiln::hal::vulkan
