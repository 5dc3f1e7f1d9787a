// The Minimizer concept: every method that re-evaluates the objective itself (L-BFGS, Newton-CG,
// the trust region, the escape methods, a stepper made one by first_order()) has one shape, so
// generic code — tests, the benchmark runner, the saddle guard — holds any of them the same way.
#pragma once

#include <concepts>

#include "saddle/core/status.hpp"
#include "saddle/core/stopping.hpp"
#include "saddle/core/types.hpp"

namespace saddle {

namespace detail {

// The least an objective offers (value and gradient): what a Minimizer must accept. Declared, never
// defined: it exists for the concept check alone.
template <Scalar S>
struct ObjectiveArchetype {
  S operator()(const Vector<S>& x, Vector<S>& g);
};

}  // namespace detail

// M minimizes objectives over Vector<S>: `Result<S> m.minimize(f, x, observers...)` runs from x
// (updated in place), and `m.options().stop` holds its StoppingOptions.
template <class M, class S>
concept Minimizer = Scalar<S> && requires(M& m, const M& cm, detail::ObjectiveArchetype<S>& f, Vector<S>& x) {
  { m.minimize(f, x) } -> std::same_as<Result<S>>;
  { cm.options().stop } -> std::convertible_to<const StoppingOptions&>;
};

}  // namespace saddle
