// Message building without <format> (GCC 12's libstdc++ lacks it): concat() and exact numbers.
#pragma once

#include <array>
#include <charconv>
#include <concepts>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
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

// Appends one value as an ostream with precision 6 would print it (%g for floating point), but
// through std::to_chars: building a Result's message costs a few hundred nanoseconds, not the
// microseconds of an ostringstream, so runs of a tiny problem do not pay more for the message than
// for the optimization. Types with only an operator<< go through a stream.
template <class T>
void append(std::string& out, const T& value) {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, bool>) {
    out += value ? '1' : '0';
  } else if constexpr (std::is_same_v<U, char> || std::is_same_v<U, signed char> || std::is_same_v<U, unsigned char>) {
    out += static_cast<char>(value);
  } else if constexpr (std::is_convertible_v<const U&, std::string_view>) {
    out += std::string_view(value);
  } else if constexpr (std::is_arithmetic_v<U>) {
    std::array<char, 64> buffer{};
    std::to_chars_result r{};
    if constexpr (std::is_floating_point_v<U>) {
      r = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::general, 6);
    } else {
      r = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    }
    out.append(buffer.data(), static_cast<std::size_t>(r.ptr - buffer.data()));
  } else if constexpr (requires { value.value; requires std::is_same_v<U, Exact<decltype(value.value)>>; }) {
    std::array<char, 64> buffer{};
    const auto r = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value.value);
    out.append(buffer.data(), static_cast<std::size_t>(r.ptr - buffer.data()));
  } else {
    std::ostringstream stream;
    stream.precision(6);
    stream << value;
    out += stream.str();
  }
}

// Appends every argument into one string; floating-point values get 6 significant digits
// unless wrapped in exact().
template <class... Args>
std::string concat(Args&&... args) {
  std::string out;
  out.reserve(96);
  (append(out, args), ...);
  return out;
}

}  // namespace saddle::detail
