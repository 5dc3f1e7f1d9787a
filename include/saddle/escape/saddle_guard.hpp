// SaddleGuard: guarded(method, SaddleGuardOptions) wraps any Minimizer — L-BFGS, Newton-CG,
// first_order(Adam, stop), ... — so that stopping for a small gradient is not the end: the point is
// certified by Lanczos on Hessian-vector products, and a strict saddle is left along its negative
// curvature (escape/curvature_step.hpp), the method running again from there. No guarded run reports a
// certified saddle as converged.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "saddle/core/format.hpp"
#include "saddle/core/minimize.hpp"
#include "saddle/core/minimizer.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/observer.hpp"
#include "saddle/core/status.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/escape/curvature_step.hpp"
#include "saddle/second_order/curvature_certificate.hpp"
#include "saddle/second_order/hessian_vector.hpp"

namespace saddle {

struct SaddleGuardOptions {
  std::int64_t max_escapes = 10;     // saddles left at most; a certified saddle after that ends as saddle_point; >= 0
  CurvatureStepOptions curvature{};  // the certificate and the escape step (see curvature_step.hpp)

  void validate() const {
    detail::require("SaddleGuardOptions", "max_escapes", max_escapes, detail::at_least(0));
    curvature.validate("SaddleGuardOptions::curvature");
  }
};

// Runs the method (a leg). When a leg stops with converged_gradient, probes the Hessian at x: no
// certified negative eigenvalue -> converged_second_order with the certificate (kind, lambda_min); a
// certified one, lambda < -eps_H with unit eigenvector v -> the escape step x <- x + t s v (s the sign
// that makes it descend, t = 2|lambda|/rho, or the first of initial_step, initial_step/2, ... with
// f(x + t s v) <= f(x) + t s g.v + t^2 lambda / 4, half the decrease the curvature predicts), then
// another leg. After max_escapes escapes a certified saddle ends as Status::saddle_point. Any other
// status of a leg ends the run with it. The Result sums every leg (iterations count the escape steps
// too), adds the probes' products and evaluations, and sets saddles_escaped; observers see one
// continuous run (iterations and counts offset across legs). The method's budgets apply to each leg.
template <class M>
class SaddleGuard {
 public:
  using scalar_type = typename M::scalar_type;
  using options_type = typename M::options_type;
  using S = scalar_type;

  SaddleGuard(M method, const SaddleGuardOptions& options) : method_(std::move(method)), guard_(options) {
    guard_.validate();
  }

  // The wrapped method's options (their `stop` decides each leg), and the guard's own.
  [[nodiscard]] const options_type& options() const { return method_.options(); }
  [[nodiscard]] const SaddleGuardOptions& guard_options() const { return guard_; }
  [[nodiscard]] M& method() { return method_; }
  [[nodiscard]] const M& method() const { return method_; }

  template <class F, class... Observers>
  Result<S> minimize(F&& f, Vector<S>& x, Observers&&... observers) {
    using Objective_ = std::remove_reference_t<F>;
    static_assert(Objective<Objective_, S>,
                  "saddle::SaddleGuard: the objective must be callable as `S f(const Vector<S>& x, Vector<S>& g)`");
    const auto start = std::chrono::steady_clock::now();
    Result<S> total;
    HessianVectorProduct<Objective_, S> hvp(f, guard_.curvature.hvp);
    const Index n = x.size();
    Vector<S> g = detail::nan_vector<S>(n);
    probe_.prepare(n, guard_.curvature.lanczos_iterations);
    std::int64_t iteration_offset = 0;
    std::string note;

    // Observers see one run: a leg's iteration k is iteration offset + k of the guarded run.
    auto leg = [&]() {
      const Result<S> before = total;
      auto shifted = [&](auto& observer) {
        return [&observer, &before, &iteration_offset](const IterationInfo<S>& info) {
          IterationInfo<S> seen = info;
          seen.iteration += iteration_offset;
          seen.function_evaluations += before.function_evaluations;
          seen.gradient_evaluations += before.gradient_evaluations;
          seen.hvp_evaluations += before.hvp_evaluations;
          return detail::notify(observer, seen);
        };
      };
      (void)shifted;  // unused when there are no observers
      return method_.minimize(f, x, shifted(observers)...);
    };
    auto add = [&total](const Result<S>& r) {
      total.iterations += r.iterations;
      total.function_evaluations += r.function_evaluations;
      total.gradient_evaluations += r.gradient_evaluations;
      total.hvp_evaluations += r.hvp_evaluations;
      total.negative_curvature_found += r.negative_curvature_found;
      total.saddles_escaped += r.saddles_escaped;
      total.restarts += r.restarts;
      total.skipped_updates += r.skipped_updates;
      total.value = r.value;
      total.gradient_norm = r.gradient_norm;
      total.kind = r.kind;
      total.lambda_min = r.lambda_min;
    };
    auto finish = [&](Status status, std::string message) {
      total.status = status;
      total.message = std::move(message) + note;
      hvp.report(total);
      total.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      return total;
    };

    for (std::int64_t escapes = 0;; ++escapes) {
      const Result<S> r = leg();
      add(r);
      iteration_offset = total.iterations;
      if (r.status != Status::converged_gradient) {
        return finish(r.status, r.message);
      }
      // A first-order point: certify it.
      const CurvatureCertificate<S>& c = probe_.probe(hvp, x, guard_.curvature);
      if (c.non_finite) {
        total.kind.reset();
        total.lambda_min.reset();
        return finish(Status::non_finite, "a Hessian-vector product was NaN/Inf at the point being certified");
      }
      if (c.inconclusive) {
        total.kind.reset();
        total.lambda_min.reset();
        return finish(Status::converged_gradient,
                      detail::concat(r.message, "; the saddle guard's curvature probe could not bound lambda_min above -eps_H (",
                                     detail::describe(c),
                                     "): not certified second order; raise curvature.lanczos_iterations"));
      }
      total.kind = c.kind;
      total.lambda_min = c.lambda_min;
      const std::string certificate = detail::describe(c);
      if (!c.negative()) {
        return finish(Status::converged_second_order,
                      detail::concat(r.message, "; certified by the saddle guard: ", certificate, ", ",
                                     to_string(c.kind)));
      }
      ++total.negative_curvature_found;
      if (escapes == guard_.max_escapes) {
        return finish(Status::saddle_point,
                      detail::concat("a certified strict saddle (", certificate, ") at f = ", r.value,
                                     ", |g| = ", r.gradient_norm, " after max_escapes = ", guard_.max_escapes,
                                     " escape(s): not a convergence"));
      }
      // The escape step along the certified direction, downhill.
      S value = detail::evaluate(f, x, g);
      ++total.function_evaluations;
      ++total.gradient_evaluations;
      if (!probe_.escape(f, x, value, g, guard_.curvature, total)) {
        return finish(Status::saddle_point,
                      detail::concat("a certified strict saddle (", certificate, ") at f = ", value,
                                     ": no step along its negative curvature decreased f (",
                                     guard_.curvature.max_step_trials, " trial lengths): not a convergence"));
      }
      total.value = value;
      total.gradient_norm = g.norm();
      ++total.saddles_escaped;
      ++total.iterations;  // the escape step
      iteration_offset = total.iterations;
      note = detail::concat("; the saddle guard escaped ", total.saddles_escaped, " saddle(s) (last ",
                            certificate, ")");
    }
  }

 private:
  M method_;
  SaddleGuardOptions guard_;
  detail::CurvatureProbe<S> probe_;
};

// guarded(method, options): the method with the saddle guard (taken by value).
template <class M>
SaddleGuard<M> guarded(M method, const SaddleGuardOptions& options = {}) {
  return SaddleGuard<M>(std::move(method), options);
}

}  // namespace saddle
