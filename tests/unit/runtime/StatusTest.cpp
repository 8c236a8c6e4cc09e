// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <string>

#include "kiln/kiln.hpp"

namespace {

TEST(StatusTest, NullIsOk) {
  EXPECT_EQ(kiln_status_code(nullptr), KILN_STATUS_OK);
  EXPECT_STREQ(kiln_status_message(nullptr), "");
  kiln_status_release(nullptr);
}

TEST(StatusTest, CreatingOkGivesNull) {
  EXPECT_EQ(kiln_status_create(KILN_STATUS_OK, "ignored"), nullptr);
}

TEST(StatusTest, ErrorCarriesCodeAndCopiedMessage) {
  std::string message = "input 'x': expected f32, got i64";
  kiln_status_t status =
      kiln_status_create(KILN_STATUS_INVALID_ARGUMENT, message.c_str());
  message.assign("overwritten");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(kiln_status_code(status), KILN_STATUS_INVALID_ARGUMENT);
  EXPECT_STREQ(kiln_status_message(status), "input 'x': expected f32, got i64");
  kiln_status_release(status);
}

TEST(StatusTest, NullMessageBecomesEmpty) {
  kiln_status_t status = kiln_status_create(KILN_STATUS_INTERNAL, nullptr);
  EXPECT_STREQ(kiln_status_message(status), "");
  kiln_status_release(status);
}

TEST(StatusTest, EveryCodeHasAName) {
  EXPECT_STREQ(kiln_status_code_name(KILN_STATUS_OK), "OK");
  EXPECT_STREQ(kiln_status_code_name(KILN_STATUS_DATA_LOSS), "DATA_LOSS");
  EXPECT_STREQ(kiln_status_code_name(KILN_STATUS_INTERNAL), "INTERNAL");
  EXPECT_STREQ(kiln_status_code_name(static_cast<kiln_status_code_t>(99)),
               "UNKNOWN");
}

kiln_status_t FailsThenContinues(bool* reached) {
  KILN_RETURN_IF_ERROR(
      kiln_status_create(KILN_STATUS_NOT_FOUND, "no such input"));
  *reached = true;
  return nullptr;
}

TEST(StatusTest, ReturnIfErrorPropagates) {
  bool reached = false;
  kiln::Status status(FailsThenContinues(&reached));
  EXPECT_FALSE(reached);
  EXPECT_EQ(status.code(), KILN_STATUS_NOT_FOUND);
  EXPECT_EQ(status.ToString(), "NOT_FOUND: no such input");
}

TEST(StatusTest, CheckThrowsKilnError) {
  EXPECT_NO_THROW(kiln::check(nullptr));
  try {
    kiln::check(
        kiln_status_create(KILN_STATUS_UNAVAILABLE, "no Vulkan device"));
    FAIL() << "kiln::check did not throw";
  } catch (const kiln::Error& error) {
    EXPECT_EQ(error.code(), KILN_STATUS_UNAVAILABLE);
    EXPECT_STREQ(error.what(), "no Vulkan device");
  }
}

TEST(VersionTest, LibraryMatchesHeaders) {
  EXPECT_EQ(kiln::version(), KILN_VERSION_STRING);
}

}  // namespace
