// SPDX-License-Identifier: Apache-2.0
#include "arena_planner.h"

#include <algorithm>
#include <numeric>

#include "util.h"

namespace kiln::rt {

bool PlanArena(const std::vector<ArenaRequest>& requests,
               std::vector<uint64_t>* offsets, uint64_t* arena_size) {
  size_t count = requests.size();
  offsets->assign(count, 0);
  *arena_size = 0;
  std::vector<uint64_t> sizes(count);
  for (size_t i = 0; i < count; ++i) {
    if (requests[i].size > UINT64_MAX - kArenaAlignment) return false;
    sizes[i] = AlignUp(requests[i].size, kArenaAlignment);
  }
  std::vector<uint32_t> order(count);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (sizes[a] != sizes[b]) return sizes[a] > sizes[b];
    return requests[a].first_use < requests[b].first_use;
  });

  // Placed buffers, kept sorted by offset.
  std::vector<uint32_t> placed;
  placed.reserve(count);
  for (uint32_t index : order) {
    const ArenaRequest& request = requests[index];
    uint64_t size = sizes[index];
    if (size == 0) continue;
    uint64_t best_offset = 0, best_gap = UINT64_MAX, end = 0;
    bool found = false;
    for (uint32_t other : placed) {
      const ArenaRequest& o = requests[other];
      if (o.last_use < request.first_use || request.last_use < o.first_use) {
        continue;  // never live together
      }
      uint64_t start = (*offsets)[other];
      if (start >= end) {
        uint64_t gap = start - end;
        if (gap >= size && gap < best_gap) {
          best_gap = gap;
          best_offset = end;
          found = true;
        }
      }
      uint64_t other_end;
      if (!CheckedAdd(start, sizes[other], &other_end)) return false;
      end = std::max(end, other_end);
    }
    (*offsets)[index] = found ? best_offset : end;
    uint64_t buffer_end;
    if (!CheckedAdd((*offsets)[index], size, &buffer_end)) return false;
    *arena_size = std::max(*arena_size, buffer_end);
    auto at = std::upper_bound(
        placed.begin(), placed.end(), index,
        [&](uint32_t a, uint32_t b) { return (*offsets)[a] < (*offsets)[b]; });
    placed.insert(at, index);
  }
  return true;
}

}  // namespace kiln::rt
