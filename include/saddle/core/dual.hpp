// Dual<S>: forward-mode automatic differentiation, a + b eps with eps^2 = 0. Evaluating an
// objective written generically over its scalar type at x + eps v gives, in the eps parts of
// its gradient, the exact Hessian-vector product H(x) v.
#pragma once

#include <cmath>
#include <ostream>

#include <Eigen/Core>

namespace saddle {

template <class S>
struct Dual {
  S value{};       // the real part
  S derivative{};  // the eps part: the directional derivative carried along

  constexpr Dual() = default;
  constexpr Dual(S v) : value(v) {}  // NOLINT: a constant converts implicitly, as a scalar does
  constexpr Dual(S v, S d) : value(v), derivative(d) {}

  constexpr Dual& operator+=(const Dual& o) {
    value += o.value;
    derivative += o.derivative;
    return *this;
  }
  constexpr Dual& operator-=(const Dual& o) {
    value -= o.value;
    derivative -= o.derivative;
    return *this;
  }
  constexpr Dual& operator*=(const Dual& o) {
    derivative = derivative * o.value + value * o.derivative;
    value *= o.value;
    return *this;
  }
  constexpr Dual& operator/=(const Dual& o) {
    derivative = (derivative * o.value - value * o.derivative) / (o.value * o.value);
    value /= o.value;
    return *this;
  }
};

template <class S> constexpr Dual<S> operator+(Dual<S> a, const Dual<S>& b) { return a += b; }
template <class S> constexpr Dual<S> operator-(Dual<S> a, const Dual<S>& b) { return a -= b; }
template <class S> constexpr Dual<S> operator*(Dual<S> a, const Dual<S>& b) { return a *= b; }
template <class S> constexpr Dual<S> operator/(Dual<S> a, const Dual<S>& b) { return a /= b; }
template <class S> constexpr Dual<S> operator-(const Dual<S>& a) { return {-a.value, -a.derivative}; }
template <class S> constexpr Dual<S> operator+(const Dual<S>& a) { return a; }
// Mixed with plain scalars (and integer literals) on either side.
template <class S> constexpr Dual<S> operator+(Dual<S> a, S b) { return a += Dual<S>(b); }
template <class S> constexpr Dual<S> operator+(S a, const Dual<S>& b) { return Dual<S>(a) + b; }
template <class S> constexpr Dual<S> operator-(Dual<S> a, S b) { return a -= Dual<S>(b); }
template <class S> constexpr Dual<S> operator-(S a, const Dual<S>& b) { return Dual<S>(a) - b; }
template <class S> constexpr Dual<S> operator*(const Dual<S>& a, S b) { return {a.value * b, a.derivative * b}; }
template <class S> constexpr Dual<S> operator*(S a, const Dual<S>& b) { return {a * b.value, a * b.derivative}; }
template <class S> constexpr Dual<S> operator/(const Dual<S>& a, S b) { return {a.value / b, a.derivative / b}; }
template <class S> constexpr Dual<S> operator/(S a, const Dual<S>& b) { return Dual<S>(a) / b; }

// Comparisons look at the value (branches follow the real computation).
template <class S> constexpr bool operator==(const Dual<S>& a, const Dual<S>& b) { return a.value == b.value; }
template <class S> constexpr bool operator!=(const Dual<S>& a, const Dual<S>& b) { return a.value != b.value; }
template <class S> constexpr bool operator<(const Dual<S>& a, const Dual<S>& b) { return a.value < b.value; }
template <class S> constexpr bool operator>(const Dual<S>& a, const Dual<S>& b) { return a.value > b.value; }
template <class S> constexpr bool operator<=(const Dual<S>& a, const Dual<S>& b) { return a.value <= b.value; }
template <class S> constexpr bool operator>=(const Dual<S>& a, const Dual<S>& b) { return a.value >= b.value; }

template <class S>
std::ostream& operator<<(std::ostream& out, const Dual<S>& a) {
  return out << a.value << " + " << a.derivative << " eps";
}

// Elementary functions: f(a + b eps) = f(a) + f'(a) b eps. Found by argument-dependent lookup,
// so generic code that calls `sqrt(x)` or `exp(x)` unqualified (with `using std::sqrt;`) works
// for S and Dual<S> alike.
template <class S> Dual<S> sqrt(const Dual<S>& a) {
  const S r = std::sqrt(a.value);
  return {r, a.derivative / (S(2) * r)};
}
template <class S> Dual<S> exp(const Dual<S>& a) {
  const S e = std::exp(a.value);
  return {e, e * a.derivative};
}
template <class S> Dual<S> log(const Dual<S>& a) { return {std::log(a.value), a.derivative / a.value}; }
template <class S> Dual<S> log1p(const Dual<S>& a) { return {std::log1p(a.value), a.derivative / (S(1) + a.value)}; }
template <class S> Dual<S> sin(const Dual<S>& a) { return {std::sin(a.value), std::cos(a.value) * a.derivative}; }
template <class S> Dual<S> cos(const Dual<S>& a) { return {std::cos(a.value), -std::sin(a.value) * a.derivative}; }
template <class S> Dual<S> tan(const Dual<S>& a) {
  const S t = std::tan(a.value);
  return {t, (S(1) + t * t) * a.derivative};
}
template <class S> Dual<S> tanh(const Dual<S>& a) {
  const S t = std::tanh(a.value);
  return {t, (S(1) - t * t) * a.derivative};
}
template <class S> Dual<S> atan(const Dual<S>& a) {
  return {std::atan(a.value), a.derivative / (S(1) + a.value * a.value)};
}
template <class S> Dual<S> abs(const Dual<S>& a) { return a.value < S(0) ? -a : a; }
template <class S> Dual<S> pow(const Dual<S>& a, S p) {
  const S v = std::pow(a.value, p);
  return {v, p * std::pow(a.value, p - S(1)) * a.derivative};
}
template <class S> Dual<S> pow(const Dual<S>& a, const Dual<S>& p) {
  const S v = std::pow(a.value, p.value);
  const S log_term = a.value > S(0) ? std::log(a.value) * p.derivative * v : S(0);
  return {v, p.value * std::pow(a.value, p.value - S(1)) * a.derivative + log_term};
}
template <class S> bool isfinite(const Dual<S>& a) { return std::isfinite(a.value) && std::isfinite(a.derivative); }
template <class S> bool isnan(const Dual<S>& a) { return std::isnan(a.value) || std::isnan(a.derivative); }

}  // namespace saddle

// Eigen needs to know Dual<S> as a scalar type to build Matrix<Dual<S>, ...>.
namespace Eigen {

template <class S>
struct NumTraits<saddle::Dual<S>> : NumTraits<S> {
  using Real = saddle::Dual<S>;
  using NonInteger = saddle::Dual<S>;
  using Literal = saddle::Dual<S>;
  using Nested = saddle::Dual<S>;
  enum {
    IsComplex = 0,
    IsInteger = 0,
    IsSigned = 1,
    RequireInitialization = 1,
    ReadCost = 2 * NumTraits<S>::ReadCost,
    AddCost = 2 * NumTraits<S>::AddCost,
    MulCost = 3 * NumTraits<S>::MulCost + NumTraits<S>::AddCost,
  };
  static inline Real epsilon() { return Real(NumTraits<S>::epsilon()); }
  static inline Real dummy_precision() { return Real(NumTraits<S>::dummy_precision()); }
  static inline Real highest() { return Real(NumTraits<S>::highest()); }
  static inline Real lowest() { return Real(NumTraits<S>::lowest()); }
  static inline int digits10() { return NumTraits<S>::digits10(); }
};

template <class S, typename BinaryOp>
struct ScalarBinaryOpTraits<saddle::Dual<S>, S, BinaryOp> {
  using ReturnType = saddle::Dual<S>;
};
template <class S, typename BinaryOp>
struct ScalarBinaryOpTraits<S, saddle::Dual<S>, BinaryOp> {
  using ReturnType = saddle::Dual<S>;
};

}  // namespace Eigen
