// The objective contract: a callable S f(const Vector<S>& x, Vector<S>& g) returning f(x) and
// writing the gradient into g (LBFGSpp's convention, so a lambda is an objective), an optional
// hessian_vector_product member, and an adapter for separate value and gradient functions.
#pragma once

#include <cmath>
#include <concepts>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "saddle/core/format.hpp"
#include "saddle/core/types.hpp"

namespace saddle {

// F is an objective over scalar S: `S value = f(x, g)` evaluates f at x and writes grad f(x) into g
// (g arrives sized like x).
template <class F, class S>
concept Objective = Scalar<S> && requires(F& f, const Vector<S>& x, Vector<S>& g) {
  { f(x, g) } -> std::convertible_to<S>;
};

// An objective that also computes Hessian-vector products: hv = H(x) v.
template <class F, class S>
concept HessianVectorObjective =
    Objective<F, S> && requires(F& f, const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) {
      f.hessian_vector_product(x, v, hv);
    };

// Turns separate functions value(x) -> S and gradient(x, g) into an objective; with a third
// function hvp(x, v, hv) it is also a HessianVectorObjective.
template <class Value, class Gradient>
struct SeparateObjective {
  Value value;
  Gradient gradient;

  template <Scalar S>
  S operator()(const Vector<S>& x, Vector<S>& g) {
    gradient(x, g);
    return static_cast<S>(value(x));
  }
};

template <class Value, class Gradient, class HessianVector>
struct SeparateHessianObjective : SeparateObjective<Value, Gradient> {
  HessianVector hvp;

  template <Scalar S>
  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) {
    hvp(x, v, hv);
  }
};

template <class Value, class Gradient>
SeparateObjective<std::decay_t<Value>, std::decay_t<Gradient>> make_objective(Value&& value, Gradient&& gradient) {
  return {std::forward<Value>(value), std::forward<Gradient>(gradient)};
}

template <class Value, class Gradient, class HessianVector>
SeparateHessianObjective<std::decay_t<Value>, std::decay_t<Gradient>, std::decay_t<HessianVector>> make_objective(
    Value&& value, Gradient&& gradient, HessianVector&& hvp) {
  return {{std::forward<Value>(value), std::forward<Gradient>(gradient)}, std::forward<HessianVector>(hvp)};
}

namespace detail {

// Calls the objective with a gradient buffer sized like x and insists it stays that size: a
// user's objective that resizes g is a bug we name, not undefined behaviour downstream.
template <class F, Scalar S>
S evaluate(F& f, const Vector<S>& x, Vector<S>& g) {
  if (g.size() != x.size()) {
    g.resize(x.size());
  }
  const S value = static_cast<S>(f(x, g));
  if (g.size() != x.size()) {
    throw std::invalid_argument(concat("saddle: the objective wrote a gradient of size ", g.size(),
                                       ", expected ", x.size(), " (the size of x)"));
  }
  return value;
}

// Index of the first non-finite entry, or -1 (one vectorized pass when all are finite).
template <class Derived>
Index first_non_finite(const Eigen::MatrixBase<Derived>& v) {
  if (v.allFinite()) {
    return -1;
  }
  for (Index i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      return i;
    }
  }
  return -1;
}

}  // namespace detail

}  // namespace saddle
