// SPDX-License-Identifier: Apache-2.0
//
// Loads an executable's ELF shared object from memory, without LLVM.
//
// The object's bytes go into an anonymous memfd_create file, which is then
// dlopen'ed as "/proc/self/fd/N". Why this way: the system loader does the
// relocation and symbol binding (no ELF loader to maintain; IREE ships its own
// instead), no temporary file is written (works on read-only filesystems and
// leaves nothing behind after a crash), and the bytes never need to be
// executable-mapped from the artifact itself. The fd stays open while the
// library is loaded: glibc recognises an already-loaded library by its path,
// so a reused fd number must never name a different object.
#ifndef KILN_RUNTIME_HAL_DRIVERS_CPU_ELF_LIBRARY_H_
#define KILN_RUNTIME_HAL_DRIVERS_CPU_ELF_LIBRARY_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "kiln/kiln.h"

namespace kiln::hal::cpu {

class ElfLibrary {
 public:
  /// Loads the `size`-byte shared object at `data`; `label` names it in
  /// errors ("executable 0").
  static kiln_status_t Load(const uint8_t* data, size_t size, const char* label,
                            std::unique_ptr<ElfLibrary>* out);

  ElfLibrary(const ElfLibrary&) = delete;
  ElfLibrary& operator=(const ElfLibrary&) = delete;
  ~ElfLibrary();

  /// The address of exported symbol `name`; NOT_FOUND when absent.
  kiln_status_t Resolve(const char* name, void** out) const;

 private:
  ElfLibrary() = default;

  int fd_ = -1;
  void* handle_ = nullptr;
  std::string label_;
};

}  // namespace kiln::hal::cpu

#endif  // KILN_RUNTIME_HAL_DRIVERS_CPU_ELF_LIBRARY_H_
