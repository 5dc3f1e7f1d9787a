// The evaluation budget (StoppingOptions::max_evaluations) held exactly: minimizers call the
// objective through detail::Budgeted, which refuses the call that would exceed the budget by
// throwing detail::BudgetSpent before f runs. The minimizer catches it, at its last accepted iterate
// (no minimizer writes a trial point into x), and ends with Status::max_evaluations. Nothing of this
// leaves the library: to a caller, a run simply never calls f more than max_evaluations times.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>

#include "saddle/core/format.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/status.hpp"
#include "saddle/core/types.hpp"

namespace saddle::detail {

// Thrown by Budgeted in place of the call of f that would exceed the budget; caught by the
// minimizer that owns the Budgeted.
struct BudgetSpent {};

// The objective F (held by reference) with a budget of `limit` calls over Vector<S>. Calls over
// other scalar types (forward-mode Hessian-vector products on Dual<S>) and the objective's own
// Hessian- or Gauss–Newton-vector products are passed through: they are not function evaluations.
template <class F, Scalar S>
class Budgeted {
 public:
  Budgeted(F& f, std::int64_t limit) : f_(f), limit_(limit) {}

  template <class T>
    requires requires(F& f, const Vector<T>& x, Vector<T>& g) { f(x, g); }
  auto operator()(const Vector<T>& x, Vector<T>& g) {
    if constexpr (std::is_same_v<T, S>) {
      if (calls_ >= limit_) {
        throw BudgetSpent{};
      }
      ++calls_;
    }
    return f_(x, g);
  }

  template <class T>
    requires requires(F& f, const Vector<T>& x, const Vector<T>& v, Vector<T>& hv) {
      f.hessian_vector_product(x, v, hv);
    }
  void hessian_vector_product(const Vector<T>& x, const Vector<T>& v, Vector<T>& hv) {
    f_.hessian_vector_product(x, v, hv);
  }

  template <class T>
    requires requires(F& f, const Vector<T>& x, const Vector<T>& v, Vector<T>& gv) {
      f.gauss_newton_vector_product(x, v, gv);
    }
  void gauss_newton_vector_product(const Vector<T>& x, const Vector<T>& v, Vector<T>& gv) {
    f_.gauss_newton_vector_product(x, v, gv);
  }

  // Calls of f over Vector<S> so far: the run's function (and gradient) evaluations.
  [[nodiscard]] std::int64_t calls() const { return calls_; }
  [[nodiscard]] std::int64_t limit() const { return limit_; }

 private:
  F& f_;
  std::int64_t limit_;
  std::int64_t calls_ = 0;
};

// What a run whose budget ran out inside an iteration reports: the evaluations really made (every
// call of f computes the value and the gradient), and the message. `iteration` is the iteration
// whose trials were cut short; x holds its starting point.
template <Scalar S, class F>
std::string settle_spent_budget(Result<S>& result, const Budgeted<F, S>& f, std::int64_t iteration) {
  result.function_evaluations = f.calls();
  result.gradient_evaluations = f.calls();
  return concat("reached max_evaluations = ", f.limit(), " during iteration ", iteration,
                ", before it found a step; x is the iterate it started from");
}

}  // namespace saddle::detail
