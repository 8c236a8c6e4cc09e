// SPDX-License-Identifier: Apache-2.0
//
// Header-only C++ wrapper over the Kiln runtime C API: RAII ownership of C
// handles, and (when exceptions are enabled) kiln::check turning an error
// status into a kiln::Error.
#ifndef KILN_KILN_HPP_
#define KILN_KILN_HPP_

#include <string>
#include <string_view>
#include <utility>

#include "kiln/kiln.h"

#if defined(__cpp_exceptions)
#include <stdexcept>
#endif

namespace kiln {

// Owns a kiln_status_t; a default-constructed Status is OK.
class Status {
 public:
  Status() = default;
  explicit Status(kiln_status_t status) : status_(status) {}
  Status(Status&& other) noexcept
      : status_(std::exchange(other.status_, nullptr)) {}
  Status& operator=(Status&& other) noexcept {
    std::swap(status_, other.status_);
    return *this;
  }
  Status(const Status&) = delete;
  Status& operator=(const Status&) = delete;
  ~Status() { kiln_status_release(status_); }

  bool ok() const { return status_ == nullptr; }
  kiln_status_code_t code() const { return kiln_status_code(status_); }
  std::string_view message() const { return kiln_status_message(status_); }
  // "CODE: message", or "OK".
  std::string ToString() const {
    if (ok()) return "OK";
    return std::string(kiln_status_code_name(code())) + ": " +
           std::string(message());
  }

 private:
  kiln_status_t status_ = nullptr;
};

inline std::string_view version() { return kiln_version(); }

#if defined(__cpp_exceptions)
// An error status as an exception.
class Error : public std::runtime_error {
 public:
  Error(kiln_status_code_t code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  kiln_status_code_t code() const { return code_; }

 private:
  kiln_status_code_t code_;
};

// Throws kiln::Error if `status` is an error; takes ownership of it.
inline void check(kiln_status_t status) {
  Status owned(status);
  if (!owned.ok()) throw Error(owned.code(), std::string(owned.message()));
}
#endif

}  // namespace kiln

#endif  // KILN_KILN_HPP_
