// Message building without <format> (GCC 12's libstdc++ lacks it): concat() and exact numbers.
#pragma once

#include <array>
#include <charconv>
#include <concepts>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>

namespace saddle::detail {

// Wraps a floating-point value so that it prints in its shortest round-trip form
// (what the user typed: 0.1, not 0.10000000000000001), used for option values in errors.
template <std::floating_point T>
struct Exact {
  T value;
};

template <std::floating_point T>
Exact<T> exact(T value) {
  return Exact<T>{value};
}

template <std::floating_point T>
std::ostream& operator<<(std::ostream& out, Exact<T> e) {
  std::array<char, 64> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), e.value);
  if (error != std::errc{}) {
    return out << static_cast<double>(e.value);
  }
  return out << std::string_view(buffer.data(), static_cast<std::size_t>(end - buffer.data()));
}

// Streams every argument into one string; floating-point values get 6 significant digits
// unless wrapped in exact().
template <class... Args>
std::string concat(Args&&... args) {
  std::ostringstream out;
  out.precision(6);
  (out << ... << std::forward<Args>(args));
  return out.str();
}

}  // namespace saddle::detail
