// TEST_IF(condition, Suite, Name) { body }: a GoogleTest test that exists only where it can run
// (root, a tool, an opt-in variable, libtorch). Elsewhere it is absent from the list, never a
// skipped test that looks like a pass. The condition is evaluated when the test binary starts,
// which for ctest is at build time (gtest_discover_tests lists the tests then): build and test
// with the same environment, as scripts/test.sh does.
#pragma once

#include <gtest/gtest.h>

#define SIPDDOS_TEST_IF_CONCAT_(a, b) a##b
#define TEST_IF(condition, suite, name)                                                        \
  static void SIPDDOS_TEST_IF_CONCAT_(suite##_##name, _Body)();                               \
  namespace {                                                                                  \
  struct SIPDDOS_TEST_IF_CONCAT_(suite##_##name, _Test) : ::testing::Test {                    \
    void TestBody() override { SIPDDOS_TEST_IF_CONCAT_(suite##_##name, _Body)(); }             \
  };                                                                                           \
  [[maybe_unused]] const bool SIPDDOS_TEST_IF_CONCAT_(suite##_##name, _registered) =           \
      (condition) && (::testing::RegisterTest(                                                 \
                          #suite, #name, nullptr, nullptr, __FILE__, __LINE__,                 \
                          []() -> ::testing::Test* {                                           \
                            return new SIPDDOS_TEST_IF_CONCAT_(suite##_##name, _Test);         \
                          }),                                                                  \
                      true);                                                                   \
  }                                                                                            \
  static void SIPDDOS_TEST_IF_CONCAT_(suite##_##name, _Body)()
