// SPDX-License-Identifier: Apache-2.0
//
// float8 and 4-bit element types: sizes and names, and the packed layout of
// 4-bit tensors at the API against one byte per element in the artifact.
#include <gtest/gtest.h>

#include "TestUtil.h"

namespace kiln::testing {
namespace {

TEST(PackedTypesTest, SizesAndNames) {
  EXPECT_EQ(kiln_dtype_size(KILN_DTYPE_F8E4M3FN), 1u);
  EXPECT_EQ(kiln_dtype_bits(KILN_DTYPE_F8E8M0FNU), 8u);
  EXPECT_EQ(kiln_dtype_size(KILN_DTYPE_I4), 0u);
  EXPECT_EQ(kiln_dtype_bits(KILN_DTYPE_I4), 4u);
  EXPECT_EQ(kiln_dtype_bits(KILN_DTYPE_F4E2M1FN), 4u);
  EXPECT_EQ(kiln_dtype_bits(KILN_DTYPE_F32), 32u);
  EXPECT_EQ(kiln_dtype_bits(static_cast<kiln_dtype_t>(42)), 0u);
  EXPECT_STREQ(kiln_dtype_name(KILN_DTYPE_F8E5M2FNUZ), "f8e5m2fnuz");
  EXPECT_STREQ(kiln_dtype_name(KILN_DTYPE_U4), "u4");
  // Two elements per byte, an odd count rounded up.
  Tensor odd = Tensor::Create(KILN_DTYPE_U4, {5});
  EXPECT_EQ(odd.byte_size(), 3u);
  Tensor even = Tensor::Create(KILN_DTYPE_F4E2M1FN, {2, 3});
  EXPECT_EQ(even.byte_size(), 3u);
  Tensor f8 = Tensor::Create(KILN_DTYPE_F8E4M3FNUZ, {2, 3});
  EXPECT_EQ(f8.byte_size(), 6u);
}

/// x: i4 [5] (5 bytes inside the artifact) copied to y: i4 [5] and to
/// bytes: u8 [5], which shows the kernels' view of x.
std::vector<uint8_t> BuildInt4Copy() {
  ArtifactBuilder builder;
  FunctionBuilder f = builder.AddFunction("main");
  f.AddInput("x", fb::ElementType::I4, {5});
  f.AddOutput("y", fb::ElementType::I4, {5});
  f.AddOutput("bytes", fb::ElementType::U8, {5});
  f.Copy(Input(0, 5), Output(0, 5));
  f.Copy(Input(0, 5), Output(1, 5));
  return builder.Build();
}

TEST(PackedTypesTest, UnpackedInsidePackedOutside) {
  Model model = LoadBytes(BuildInt4Copy());
  Session session(model);
  // Elements 0xF (-1), 0x8 (-8), 0x1, 0x2, 0x7; the last high nibble (0xA)
  // is padding.
  Tensor x = Tensor::Create(KILN_DTYPE_I4, {5});
  const uint8_t packed[3] = {0x8F, 0x21, 0xA7};
  std::memcpy(x.data(), packed, 3);
  session.BindInput("x", x);
  session.Run();
  EXPECT_EQ(Values<uint8_t>(session.GetOutput("bytes")),
            (std::vector<uint8_t>{0xF, 0x8, 0x1, 0x2, 0x7}));
  Tensor y = session.GetOutput("y");
  EXPECT_EQ(y.dtype(), KILN_DTYPE_I4);
  EXPECT_EQ(y.byte_size(), 3u);
  const auto* bytes = static_cast<const uint8_t*>(y.data());
  EXPECT_EQ(std::vector<uint8_t>(bytes, bytes + 3),
            (std::vector<uint8_t>{0x8F, 0x21, 0x07}));
  // A caller-provided packed output is written in place.
  Tensor bound = Tensor::Create(KILN_DTYPE_I4, {5});
  session.BindOutput("y", bound);
  session.Run();
  const auto* in_place = static_cast<const uint8_t*>(bound.data());
  EXPECT_EQ(std::vector<uint8_t>(in_place, in_place + 3),
            (std::vector<uint8_t>{0x8F, 0x21, 0x07}));
}

}  // namespace
}  // namespace kiln::testing
