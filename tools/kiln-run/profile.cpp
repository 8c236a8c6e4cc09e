// SPDX-License-Identifier: Apache-2.0
#include "profile.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <map>
#include <numeric>

namespace kiln::run {
namespace {

/// Milliseconds per run of an entry (runs: the profiled run count).
double MillisecondsPerRun(const kiln_profile_entry_t& entry) {
  return entry.runs == 0 ? 0.0
                         : static_cast<double>(entry.total_ns) * 1e-6 /
                               static_cast<double>(entry.runs);
}

/// Work per nanosecond is work per second in giga-units.
double GigaPerSecond(uint64_t work_per_run, double ms_per_run) {
  return ms_per_run > 0 ? static_cast<double>(work_per_run) /
                              (ms_per_run * 1e6)
                        : 0.0;
}

/// "  123.4" or blanks when there is nothing to report.
std::string Rate(double value) {
  char text[32];
  if (value <= 0) return "       ";
  std::snprintf(text, sizeof(text), "%7.1f", value);
  return text;
}

std::string CsvField(const char* text) {
  std::string field = "\"";
  for (const char* c = text; *c; ++c) {
    if (*c == '"') field += '"';
    field += *c;
  }
  return field + "\"";
}

}  // namespace

void PrintProfile(const std::vector<kiln_profile_entry_t>& entries,
                  size_t top) {
  double total = 0;
  struct Kind {
    size_t commands = 0;
    double ms = 0;
    uint64_t flops = 0;
    uint64_t bytes = 0;
  };
  std::map<std::string, Kind> kinds;
  uint64_t runs = 0;
  for (const kiln_profile_entry_t& entry : entries) {
    double ms = MillisecondsPerRun(entry);
    total += ms;
    runs = std::max(runs, entry.runs);
    Kind& kind = kinds[entry.kind];
    ++kind.commands;
    kind.ms += ms;
    kind.flops += entry.flops;
    kind.bytes += entry.bytes;
  }
  std::printf(
      "profile over %" PRIu64 " runs: %.3f ms per run in %zu commands\n",
      runs, total, entries.size());
  std::printf("  %-12s %8s %9s %6s %8s %7s\n", "kind", "commands", "ms/run",
              "%", "GFLOP/s", "GB/s");
  std::vector<std::pair<std::string, Kind>> sorted(kinds.begin(),
                                                   kinds.end());
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.second.ms > b.second.ms;
  });
  for (const auto& [name, kind] : sorted) {
    std::printf("  %-12s %8zu %9.3f %6.1f %8s %7s\n", name.c_str(),
                kind.commands, kind.ms,
                total > 0 ? 100 * kind.ms / total : 0.0,
                Rate(GigaPerSecond(kind.flops, kind.ms)).c_str(),
                Rate(GigaPerSecond(kind.bytes, kind.ms)).c_str());
  }

  std::vector<size_t> order(entries.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return entries[a].total_ns > entries[b].total_ns;
  });
  size_t shown = std::min(top, order.size());
  std::printf("slowest %zu commands:\n", shown);
  std::printf("  %5s %9s %6s %8s %7s  %-12s %s\n", "#", "ms/run", "%",
              "GFLOP/s", "GB/s", "kind", "name");
  for (size_t i = 0; i < shown; ++i) {
    const kiln_profile_entry_t& entry = entries[order[i]];
    double ms = MillisecondsPerRun(entry);
    std::printf("  %5zu %9.3f %6.1f %8s %7s  %-12s %s\n", order[i], ms,
                total > 0 ? 100 * ms / total : 0.0,
                Rate(GigaPerSecond(entry.flops, ms)).c_str(),
                Rate(GigaPerSecond(entry.bytes, ms)).c_str(), entry.kind,
                entry.name);
  }
}

std::string ProfileCsv(const std::vector<kiln_profile_entry_t>& entries) {
  std::string csv = "command,name,kind,runs,total_ns,flops,bytes\n";
  char row[128];
  for (size_t i = 0; i < entries.size(); ++i) {
    const kiln_profile_entry_t& entry = entries[i];
    csv += std::to_string(i) + "," + CsvField(entry.name) + "," + entry.kind;
    std::snprintf(row, sizeof(row),
                  ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n",
                  entry.runs, entry.total_ns, entry.flops, entry.bytes);
    csv += row;
  }
  return csv;
}

}  // namespace kiln::run
