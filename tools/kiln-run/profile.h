// SPDX-License-Identifier: Apache-2.0
//
// kiln-run --profile: where a run's time goes, per command and per kind.
#ifndef KILN_TOOLS_KILN_RUN_PROFILE_H_
#define KILN_TOOLS_KILN_RUN_PROFILE_H_

#include <string>
#include <vector>

#include "kiln/kiln.h"

namespace kiln::run {

/// Prints the time per run of each kind of command and of the `top` slowest
/// commands, with GFLOP/s for library calls and GB/s of operand traffic.
void PrintProfile(const std::vector<kiln_profile_entry_t>& entries,
                  size_t top);

/// Every entry as CSV (one row per command, in execution order).
std::string ProfileCsv(const std::vector<kiln_profile_entry_t>& entries);

}  // namespace kiln::run

#endif  // KILN_TOOLS_KILN_RUN_PROFILE_H_
