// Catch2 shim: the tests build with Catch2 v2 (Debian 12's <catch2/catch.hpp>) and with v3.
#pragma once

#include <string>

#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
namespace saddle_test {
using Catch::Approx;
inline auto contains(const std::string& text) { return Catch::Matchers::ContainsSubstring(text); }
}  // namespace saddle_test
#else
#include <catch2/catch.hpp>
namespace saddle_test {
using Catch::Detail::Approx;
inline auto contains(const std::string& text) { return Catch::Matchers::Contains(text); }
}  // namespace saddle_test
#endif
