// Option validation whose error messages are generated from the rule that is checked, so
// message and check cannot drift apart: "saddle::SGDOptions: lr = -0.1 violates 0 <= lr < inf".
#pragma once

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "saddle/core/format.hpp"

namespace saddle::detail {

// A numeric interval with open or closed ends. NaN never satisfies a rule; an infinite end that
// is open rejects that infinity ("0 <= lr < inf" means a finite lr), a closed one admits it.
struct Interval {
  double lower = -std::numeric_limits<double>::infinity();
  double upper = std::numeric_limits<double>::infinity();
  bool lower_closed = false;
  bool upper_closed = false;

  template <class T>
  [[nodiscard]] bool holds(T value) const {
    const auto v = static_cast<long double>(value);
    if (std::isnan(v)) {
      return false;
    }
    const bool above = lower_closed ? v >= static_cast<long double>(lower) : v > static_cast<long double>(lower);
    const bool below = upper_closed ? v <= static_cast<long double>(upper) : v < static_cast<long double>(upper);
    return above && below;
  }

  [[nodiscard]] std::string describe(std::string_view field) const {
    std::ostringstream out;
    // An infinite end that is closed is no constraint; an open one (x < inf) demands finiteness.
    const bool has_lower = !(std::isinf(lower) && lower_closed);
    const bool has_upper = !(std::isinf(upper) && upper_closed);
    if (has_lower && has_upper && lower == upper) {
      out << field << " == " << exact(lower);
      return out.str();
    }
    if (has_lower && has_upper) {
      out << exact(lower) << (lower_closed ? " <= " : " < ") << field << (upper_closed ? " <= " : " < ")
          << exact(upper);
    } else if (has_lower) {
      out << field << (lower_closed ? " >= " : " > ") << exact(lower);
    } else if (has_upper) {
      out << field << (upper_closed ? " <= " : " < ") << exact(upper);
    } else {
      out << field << " is not NaN";
    }
    return out.str();
  }
};

inline constexpr double infinity = std::numeric_limits<double>::infinity();

// The named helpers read like the rules they state; greater_than/at_least admit +inf.
inline Interval greater_than(double bound) { return {bound, infinity, false, true}; }
inline Interval at_least(double bound) { return {bound, infinity, true, true}; }
inline Interval less_than(double bound) { return {-infinity, bound, true, false}; }
inline Interval at_most(double bound) { return {-infinity, bound, true, true}; }
inline Interval closed(double lo, double hi) { return {lo, hi, true, true}; }
inline Interval open(double lo, double hi) { return {lo, hi, false, false}; }
inline Interval closed_open(double lo, double hi) { return {lo, hi, true, false}; }
inline Interval open_closed(double lo, double hi) { return {lo, hi, false, true}; }
inline Interval equal_to(double value) { return {value, value, true, true}; }
inline Interval finite() { return {-infinity, infinity, false, false}; }

template <class T>
void print_value(std::ostream& out, T value) {
  if constexpr (std::is_same_v<T, bool>) {
    out << (value ? "true" : "false");
  } else if constexpr (std::is_floating_point_v<T>) {
    out << exact(value);
  } else {
    out << value;
  }
}

// Throws std::invalid_argument unless `value` satisfies `rule`. `owner` names the options
// struct, `field` the option; `context` says when a conditional rule applies.
template <class T>
void require(std::string_view owner, std::string_view field, T value, const Interval& rule,
             std::string_view context = {}) {
  if (rule.holds(value)) {
    return;
  }
  std::ostringstream out;
  out << "saddle::" << owner << ": " << field << " = ";
  print_value(out, value);
  out << " violates " << rule.describe(field);
  if (!context.empty()) {
    out << " (required when " << context << ")";
  }
  throw std::invalid_argument(out.str());
}

// For rules that are not intervals (sizes, orderings): `holds` is the check, `rule` its text.
inline void require_that(bool holds, std::string_view owner, std::string_view field, std::string_view value,
                         std::string_view rule) {
  if (holds) {
    return;
  }
  throw std::invalid_argument(concat("saddle::", owner, ": ", field, " = ", value, " violates ", rule));
}

}  // namespace saddle::detail
