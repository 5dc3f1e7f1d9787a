// SaddleFreeNewton: Newton's step with the Hessian's eigenvalues replaced by their absolute values,
// x <- x - |H|^-1 g, so that negative curvature repels instead of attracting (Dauphin, Pascanu,
// Gulcehre, Cho, Ganguli & Bengio 2014, "Identifying and attacking the saddle point problem in
// high-dimensional non-convex optimization", arXiv:1406.2572), in a Krylov subspace built by Lanczos
// on Hessian-vector products; with the eigenvalue magnitudes floored (Paternain, Mokhtari & Ribeiro
// 2019, arXiv:1709.03980) and damped.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "saddle/core/budget.hpp"
#include "saddle/core/format.hpp"
#include "saddle/core/minimize.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/observer.hpp"
#include "saddle/core/status.hpp"
#include "saddle/core/stopping.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/escape/curvature_step.hpp"
#include "saddle/second_order/armijo.hpp"
#include "saddle/second_order/hessian_vector.hpp"
#include "saddle/second_order/lanczos.hpp"

namespace saddle {

struct SaddleFreeNewtonOptions {
  StoppingOptions stop{};                // at |g| <= gradient_tolerance the point is certified (and left if a saddle)
  std::int64_t krylov_dimension = 50;    // k: Lanczos vectors per step (all n when n <= k: the exact |H|); >= 1
  double damping = 1e-4;                 // mu in (|lambda| + mu)^-1 (Dauphin et al. damp and search over it);
                                         // 0 < it < inf
  double eigenvalue_floor = 0.0;         // m: |lambda| is replaced by max(|lambda|, m) (Paternain et al.);
                                         // 0 <= it < inf
  ArmijoOptions line_search{.c1 = 1e-4, .shrink = 0.5, .max_evaluations = 40};  // on the step's length, from 1
  CurvatureStepOptions curvature{};      // the certificate at a small gradient and the step off a saddle
};

// Each iteration: Lanczos from g (so g lies in the Krylov space K_k(H, g)) gives H ~ V T V^T; with the
// eigenpairs (theta_i, y_i) of the projection, p = -sum_i y_i (y_i . g) / (max(|theta_i|, m) + mu).
// Dauphin et al. apply |H| in a Krylov subspace the same way; as the space starts from g, g has no
// part outside it (to rounding), so the step needs no rule for one. An Armijo search on alpha p (alpha from 1) gives the step: p is a descent direction, since
// g^T p = -sum (y_i . g)^2 / (...) < 0. At |g| <= gradient_tolerance, a Lanczos certificate either ends
// the run (converged_second_order) or leaves the saddle along its negative curvature (saddles_escaped),
// because at g = 0 exactly the saddle-free step is 0. Cost per iteration: up to k Hessian-vector
// products, the O(n k) basis and the line search's evaluations.
template <Scalar S>
class SaddleFreeNewton {
 public:
  using scalar_type = S;
  using options_type = SaddleFreeNewtonOptions;

  SaddleFreeNewton() { validate(options_); }
  explicit SaddleFreeNewton(const SaddleFreeNewtonOptions& options) : options_(options), armijo_(options.line_search) {
    validate(options_);
  }
  [[nodiscard]] const SaddleFreeNewtonOptions& options() const { return options_; }

  template <class F, class... Observers>
  Result<S> minimize(F&& objective, Vector<S>& x, Observers&&... observers) {
    using Objective_ = detail::Budgeted<std::remove_reference_t<F>, S>;
    static_assert(Objective<Objective_, S>,
                  "saddle::SaddleFreeNewton: the objective must be callable as `S f(const Vector<S>& x, Vector<S>& g)`");
    // f is the objective with the evaluation budget (max_evaluations is never exceeded).
    Objective_ f(objective, options_.stop.max_evaluations);
    detail::Run<S> run("SaddleFreeNewton", options_.stop, x.size(), sizeof...(Observers) > 0);
    Result<S>& result = run.result;
    const Index n = x.size();
    const StoppingOptions& stop = options_.stop;
    HessianVectorProduct<Objective_, S> hvp(f, options_.curvature.hvp);
    auto finish = [&](Status status, std::string message, S value, S gradient_norm) {
      hvp.report(result);
      return run.finish(status, std::move(message), value, gradient_norm);
    };
    g_ = detail::nan_vector<S>(n);
    p_.resize(n);
    x0_.resize(n);
    g0_.resize(n);
    trial_.resize(n);
    trial_g_ = detail::nan_vector<S>(n);
    probe_.prepare(n, std::max(options_.krylov_dimension, options_.curvature.lanczos_iterations),
                   options_.krylov_dimension);
    weights_.resize(std::min<Index>(n, static_cast<Index>(options_.krylov_dimension)));
    Vector<S>& g = g_;
    Vector<S>& p = p_;
    Vector<S>& x0 = x0_;
    Vector<S>& g0 = g0_;
    S value = S(0);
    if (auto bad = run.evaluate_start(f, x, g, value); !bad.empty()) {
      return finish(Status::non_finite, std::move(bad), value, std::numeric_limits<S>::quiet_NaN());
    }
    S gradient_norm = g.norm();
    S previous_value = value;
    S step_norm = S(0);
    const S mu = static_cast<S>(options_.damping);
    const S floor = static_cast<S>(options_.eigenvalue_floor);

    try {
      for (std::int64_t k = 0;; ++k) {
        hvp.report(result);
        const IterationInfo<S> info = run.info(k, value, gradient_norm, step_norm, {}, x, g);
        auto reason = detail::observe_and_check(stop, info, previous_value, observers...);
        if (reason && reason->first != Status::converged_gradient) {
          return finish(reason->first, std::move(reason->second), value, gradient_norm);
        }
        x0 = x;
        g0 = g;
        previous_value = value;
        if (reason) {  // a small gradient: certify, and leave a saddle along its negative curvature
          const auto outcome = probe_.certify_or_escape(f, hvp, x, value, g, options_.curvature, result);
          if (outcome != detail::ProbeOutcome::escaped) {
            auto [status, message] = probe_.ending(outcome, reason->second, value);
            return finish(status, std::move(message), value, gradient_norm);
          }
        } else {
          // The saddle-free step in K_k(H, g): Lanczos from g, so y_i . g = |g| z_i[0] (the first component
          // of T's eigenvector), and p = sum_i w_i y_i is formed without the Ritz vectors themselves.
          auto raw = [&hvp, &x0](const Vector<S>& u, Vector<S>& hu) { hvp(x0, u, hu); };
          bool bad = false;
          auto product = detail::finite_product(raw, bad);
          Lanczos<S>& krylov = probe_.lanczos();
          krylov.set_options({.max_iterations = options_.krylov_dimension, .tolerance = 0.0,
                              .which = Spectrum::both_ends});
          krylov.run(product, g0);
          if (bad) {
            return finish(Status::non_finite,
                          detail::concat("a Hessian-vector product was NaN/Inf at iteration ", k, "; x is unchanged"),
                          value, gradient_norm);
          }
          const auto theta = krylov.values();
          const auto first = krylov.first_components();
          for (Index i = 0; i < theta.size(); ++i) {
            const S magnitude = std::max(std::abs(theta[i]), floor);
            weights_[i] = -gradient_norm * first[i] / (magnitude + mu);
            if (theta[i] < S(0)) {
              ++result.negative_curvature_found;
            }
          }
          krylov.ritz_combination(weights_.head(theta.size()), p);
          const S slope = g0.dot(p);
          const auto searched = armijo_.search(f, x0, previous_value, g0, p, S(1), trial_, trial_g_);
          result.function_evaluations += searched.evaluations;
          result.gradient_evaluations += searched.evaluations;
          if (!searched.converged()) {
            x = x0;
            g = g0;
            return finish(searched.status == LineSearchStatus::non_finite ? Status::non_finite
                                                                          : Status::line_search_failed,
                          detail::concat("line search ", to_string(searched.status),
                                         " along the saddle-free direction (slope ", slope, ") at iteration ", k,
                                         "; x is the last iterate"),
                          previous_value, gradient_norm);
          }
          x = trial_;
          g = trial_g_;
          value = searched.value;
        }
        gradient_norm = g.norm();
        step_norm = (x - x0).norm();
      }
    } catch (const detail::BudgetSpent&) {
      hvp.report(result);
      std::string message = detail::settle_spent_budget(result, f, result.iterations);
      return finish(Status::max_evaluations, std::move(message), value, gradient_norm);
    }
  }

 private:
  static void validate(const SaddleFreeNewtonOptions& o) {
    constexpr auto owner = "SaddleFreeNewtonOptions";
    o.stop.validate();
    detail::require(owner, "krylov_dimension", o.krylov_dimension, detail::at_least(1));
    detail::require(owner, "damping", o.damping, detail::open(0, detail::infinity));
    detail::require(owner, "eigenvalue_floor", o.eigenvalue_floor, detail::closed_open(0, detail::infinity));
    o.line_search.validate();
    o.curvature.validate("SaddleFreeNewtonOptions::curvature");
  }

  SaddleFreeNewtonOptions options_{};
  Armijo armijo_{options_.line_search};
  Vector<S> g_;
  Vector<S> p_;
  Vector<S> x0_;
  Vector<S> g0_;
  Vector<S> trial_;
  Vector<S> trial_g_;
  Vector<S> weights_;  // of the Ritz vectors in the step
  detail::CurvatureProbe<S> probe_;
};

}  // namespace saddle
