// Option validation whose error messages are generated from the rule that is checked, so
// message and check cannot drift apart: "saddle::SGDOptions: lr = -0.1 violates 0 <= lr < inf".
// Checks that pass build no text: in loops, name fields lazily (element(), MessageText).
#pragma once

#include <cmath>
#include <concepts>
#include <cstddef>
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
    // float and double compare exactly as double (cheap in loops over elements); integers and long
    // double as long double, which holds every 64-bit integer that a double bound can be compared with.
    using Wide = std::conditional_t<std::is_floating_point_v<T> && sizeof(T) <= sizeof(double), double, long double>;
    const auto v = static_cast<Wide>(value);
    if (std::isnan(v)) {
      return false;
    }
    const bool above = lower_closed ? v >= static_cast<Wide>(lower) : v > static_cast<Wide>(lower);
    const bool below = upper_closed ? v <= static_cast<Wide>(upper) : v < static_cast<Wide>(upper);
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

// The failure paths, out of line: a check that passes is then a comparison inlined at the caller,
// which keeps a check per element of a long vector cheap.
template <class T>
[[noreturn]] void throw_violation(std::string_view owner, std::string_view field, T value, const Interval& rule,
                                  std::string_view context) {
  std::ostringstream out;
  out << "saddle::" << owner << ": " << field << " = ";
  print_value(out, value);
  out << " violates " << rule.describe(field);
  if (!context.empty()) {
    out << " (required when " << context << ")";
  }
  throw std::invalid_argument(out.str());
}

[[noreturn]] inline void throw_violation_that(std::string_view owner, std::string_view field, std::string_view value,
                                              std::string_view rule) {
  throw std::invalid_argument(concat("saddle::", owner, ": ", field, " = ", value, " violates ", rule));
}

// Throws std::invalid_argument unless `value` satisfies `rule`. `owner` names the options
// struct, `field` the option; `context` says when a conditional rule applies.
template <class T>
void require(std::string_view owner, std::string_view field, T value, const Interval& rule,
             std::string_view context = {}) {
  if (!rule.holds(value)) {
    throw_violation(owner, field, value, rule, context);
  }
}

// For rules that are not intervals (sizes, orderings): `holds` is the check, `rule` its text.
inline void require_that(bool holds, std::string_view owner, std::string_view field, std::string_view value,
                         std::string_view rule) {
  if (!holds) {
    throw_violation_that(owner, field, value, rule);
  }
}

// One admitted value of an enum option, with the name the rule prints for it.
template <class E>
struct Choice {
  E value;
  std::string_view name;
};

// Throws std::invalid_argument unless `value` is one of `choices`: an enum option cast from an
// integer can hold any value of its underlying type, which would otherwise act as one of the
// choices. The message prints the value as its integer and the rule from the choices:
// "saddle::PerturbationOptions: shape = 7 violates shape == ball or shape == gaussian".
template <class E, std::size_t N>
  requires std::is_enum_v<E>
void require_one_of(std::string_view owner, std::string_view field, E value, const Choice<E> (&choices)[N]) {
  for (const Choice<E>& choice : choices) {
    if (choice.value == value) {
      return;
    }
  }
  std::string rule;
  for (std::size_t i = 0; i < N; ++i) {
    rule += concat(i == 0 ? "" : " or ", field, " == ", choices[i].name);
  }
  // Unary + prints a character-sized underlying type as a number.
  throw_violation_that(owner, field, concat(+static_cast<std::underlying_type_t<E>>(value)), rule);
}

// Text of a message given as a string, or as a callable that builds it. The callable runs only when
// the check fails, so a check on each of a million elements formats nothing while they are valid.
template <class T>
concept MessageText = std::convertible_to<const T&, std::string_view> ||
                      (std::invocable<const T&> && std::convertible_to<std::invoke_result_t<const T&>, std::string_view>);

template <class T>
concept LazyText = MessageText<T> && !std::convertible_to<const T&, std::string_view>;

template <MessageText T>
std::string message_text(const T& text) {
  if constexpr (std::convertible_to<const T&, std::string_view>) {
    return std::string(std::string_view(text));
  } else {
    return std::string(std::string_view(text()));
  }
}

// The name of element i of a vector, "name[i]", or (i, j) of a matrix, "name(i, j)", as a
// LazyText: require(owner, element("eigenvalues", i), eigenvalues[i], finite()). `name` must
// outlive the check (a string literal does).
template <std::integral I>
auto element(std::string_view name, I i) {
  return [name, i] { return concat(name, "[", i, "]"); };
}
template <std::integral I, std::integral J>
auto element(std::string_view name, I i, J j) {
  return [name, i, j] { return concat(name, "(", i, ", ", j, ")"); };
}

template <MessageText Field, class T>
[[noreturn]] void throw_lazy_violation(std::string_view owner, const Field& field, T value, const Interval& rule,
                                       std::string_view context) {
  throw_violation(owner, message_text(field), value, rule, context);
}

template <MessageText Field, MessageText Value, MessageText Rule>
[[noreturn]] void throw_lazy_violation_that(std::string_view owner, const Field& field, const Value& value,
                                            const Rule& rule) {
  throw_violation_that(owner, message_text(field), message_text(value), message_text(rule));
}

// require() with the field named lazily: same check, same message.
template <class T, LazyText Field>
void require(std::string_view owner, const Field& field, T value, const Interval& rule,
             std::string_view context = {}) {
  if (!rule.holds(value)) {
    throw_lazy_violation(owner, field, value, rule, context);
  }
}

// require_that() with field, value or rule text built lazily (any of them a callable).
template <MessageText Field, MessageText Value, MessageText Rule>
  requires(LazyText<Field> || LazyText<Value> || LazyText<Rule>)
void require_that(bool holds, std::string_view owner, const Field& field, const Value& value, const Rule& rule) {
  if (!holds) {
    throw_lazy_violation_that(owner, field, value, rule);
  }
}

}  // namespace saddle::detail
