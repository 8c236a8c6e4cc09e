// SPDX-License-Identifier: Apache-2.0
//
// Run-time arena planning for functions whose buffer sizes depend on dynamic
// dims (Function.arena_size == -1).
#ifndef KILN_RUNTIME_SRC_ARENA_PLANNER_H_
#define KILN_RUNTIME_SRC_ARENA_PLANNER_H_

#include <cstdint>
#include <vector>

namespace kiln::rt {

/// The alignment of every buffer the runtime places.
inline constexpr uint64_t kArenaAlignment = 64;

/// A buffer to place: its size in bytes and the commands it is live over
/// (inclusive).
struct ArenaRequest {
  uint64_t size;
  uint32_t first_use;
  uint32_t last_use;
};

/// Places `requests` in one arena so that buffers live at the same time do
/// not overlap: greedy by size (largest first), each into the smallest gap
/// between the buffers it conflicts with that fits (best fit), else after
/// them. Offsets are multiples of kArenaAlignment. Sets *offsets (one per
/// request) and *arena_size; false when sizes overflow.
bool PlanArena(const std::vector<ArenaRequest>& requests,
               std::vector<uint64_t>* offsets, uint64_t* arena_size);

}  // namespace kiln::rt

#endif  // KILN_RUNTIME_SRC_ARENA_PLANNER_H_
