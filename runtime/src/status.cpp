// SPDX-License-Identifier: Apache-2.0
//
// Error statuses: a code and an owned message, allocated with malloc so that
// running out of memory degrades to a shared static status instead of a throw.
#include <cstdlib>
#include <cstring>

#include "kiln/kiln.h"

struct kiln_status_s {
  kiln_status_code_t code;
  char* message;
};

namespace {

char kOutOfMemoryMessage[] = "out of memory while reporting an error";
kiln_status_s kOutOfMemoryStatus = {KILN_STATUS_OUT_OF_MEMORY,
                                    kOutOfMemoryMessage};

}  // namespace

extern "C" {

kiln_status_t kiln_status_create(kiln_status_code_t code, const char* message) {
  if (code == KILN_STATUS_OK) return nullptr;
  if (message == nullptr) message = "";
  size_t length = std::strlen(message);
  auto* status = static_cast<kiln_status_s*>(
      std::malloc(sizeof(kiln_status_s) + length + 1));
  if (status == nullptr) return &kOutOfMemoryStatus;
  status->code = code;
  status->message = reinterpret_cast<char*>(status + 1);
  std::memcpy(status->message, message, length + 1);
  return status;
}

kiln_status_code_t kiln_status_code(kiln_status_t status) {
  return status ? status->code : KILN_STATUS_OK;
}

const char* kiln_status_message(kiln_status_t status) {
  return status ? status->message : "";
}

const char* kiln_status_code_name(kiln_status_code_t code) {
  switch (code) {
    case KILN_STATUS_OK:
      return "OK";
    case KILN_STATUS_INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case KILN_STATUS_NOT_FOUND:
      return "NOT_FOUND";
    case KILN_STATUS_UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case KILN_STATUS_OUT_OF_MEMORY:
      return "OUT_OF_MEMORY";
    case KILN_STATUS_DATA_LOSS:
      return "DATA_LOSS";
    case KILN_STATUS_UNAVAILABLE:
      return "UNAVAILABLE";
    case KILN_STATUS_INTERNAL:
      return "INTERNAL";
  }
  return "UNKNOWN";
}

void kiln_status_release(kiln_status_t status) {
  if (status != nullptr && status != &kOutOfMemoryStatus) std::free(status);
}

const char* kiln_version(void) { return KILN_VERSION_STRING; }

}  // extern "C"
