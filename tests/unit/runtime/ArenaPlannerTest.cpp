// SPDX-License-Identifier: Apache-2.0
//
// The run-time arena planner (greedy by size, best fit), tested directly.
#include <gtest/gtest.h>

#include <random>

#include "arena_planner.h"

namespace kiln::rt {
namespace {

/// Checks that buffers live at the same time never share bytes and that
/// everything lies inside the arena, 64-byte aligned.
void ExpectValid(const std::vector<ArenaRequest>& requests,
                 const std::vector<uint64_t>& offsets, uint64_t arena_size) {
  ASSERT_EQ(offsets.size(), requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    EXPECT_EQ(offsets[i] % kArenaAlignment, 0u);
    EXPECT_LE(offsets[i] + requests[i].size, arena_size);
    for (size_t j = i + 1; j < requests.size(); ++j) {
      const ArenaRequest &a = requests[i], &b = requests[j];
      if (a.size == 0 || b.size == 0) continue;
      bool live_together =
          a.first_use <= b.last_use && b.first_use <= a.last_use;
      bool overlap =
          offsets[i] < offsets[j] + b.size && offsets[j] < offsets[i] + a.size;
      EXPECT_FALSE(live_together && overlap) << i << " and " << j;
    }
  }
}

TEST(ArenaPlannerTest, DisjointLifetimesShareMemory) {
  std::vector<ArenaRequest> requests = {
      {1000, 0, 1}, {1000, 2, 3}, {500, 4, 5}};
  std::vector<uint64_t> offsets;
  uint64_t size;
  ASSERT_TRUE(PlanArena(requests, &offsets, &size));
  ExpectValid(requests, offsets, size);
  EXPECT_EQ(size, 1024u);
  EXPECT_EQ(offsets, (std::vector<uint64_t>{0, 0, 0}));
}

TEST(ArenaPlannerTest, BestFitPicksTheSmallestGap) {
  // Long-lived buffers 0, 2 and 4 leave the bytes of 1 (512) and 3 (256)
  // free between them after command 2; buffer 5 fits both and must take the
  // smaller one.
  std::vector<ArenaRequest> requests = {
      {1024, 0, 9}, {512, 0, 2}, {384, 0, 9},
      {256, 0, 2},  {256, 0, 9}, {200, 5, 6},
  };
  std::vector<uint64_t> offsets;
  uint64_t size;
  ASSERT_TRUE(PlanArena(requests, &offsets, &size));
  ExpectValid(requests, offsets, size);
  EXPECT_EQ(offsets[5], offsets[3]);
  EXPECT_NE(offsets[5], offsets[1]);
  EXPECT_EQ(size, 1024u + 512 + 384 + 256 + 256);
}

TEST(ArenaPlannerTest, ZeroSizedBuffersAndNone) {
  std::vector<uint64_t> offsets;
  uint64_t size = 7;
  ASSERT_TRUE(PlanArena({}, &offsets, &size));
  EXPECT_EQ(size, 0u);
  ASSERT_TRUE(PlanArena({{0, 0, 0}, {10, 0, 0}}, &offsets, &size));
  EXPECT_EQ(size, 64u);
}

TEST(ArenaPlannerTest, OverflowIsReported) {
  std::vector<uint64_t> offsets;
  uint64_t size;
  EXPECT_FALSE(PlanArena({{UINT64_MAX - 10, 0, 1}}, &offsets, &size));
  EXPECT_FALSE(PlanArena({{uint64_t{1} << 63, 0, 1}, {uint64_t{1} << 63, 0, 1}},
                         &offsets, &size));
}

TEST(ArenaPlannerTest, RandomProgramsStayValid) {
  std::mt19937 random(42);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<ArenaRequest> requests(random() % 40);
    uint64_t total = 0;
    for (ArenaRequest& request : requests) {
      uint32_t first = static_cast<uint32_t>(random() % 30);
      request = {random() % 5000, first,
                 first + static_cast<uint32_t>(random() % 10)};
      total += (request.size + 63) / 64 * 64;
    }
    std::vector<uint64_t> offsets;
    uint64_t size;
    ASSERT_TRUE(PlanArena(requests, &offsets, &size));
    ExpectValid(requests, offsets, size);
    EXPECT_LE(size, total);
  }
}

}  // namespace
}  // namespace kiln::rt
