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
  double damping = 1e-4;                 // mu in (|lambda| + mu)^-1 (Dauphin et al. damp and search over it); > 0
  double eigenvalue_floor = 0.0;         // m: |lambda| is replaced by max(|lambda|, m) (Paternain et al.); >= 0
  ArmijoOptions line_search{.c1 = 1e-4, .shrink = 0.5, .max_evaluations = 40};  // on the step's length, from 1
  CurvatureStepOptions curvature{};      // the certificate at a small gradient and the step off a saddle
};

// Each iteration: Lanczos from g (so g lies in the Krylov space K_k(H, g)) gives H ~ V T V^T; with the
// eigenpairs (theta_i, y_i) of the projection, p = -sum_i y_i (y_i . g) / (max(|theta_i|, m) + mu), and
// the part of g outside the space (rounding only, as K starts from g) is scaled by the largest
// magnitude. An Armijo search on alpha p (alpha from 1) gives the step: p is a descent direction, since
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
  Result<S> minimize(F&& f, Vector<S>& x, Observers&&... observers) {
    using Objective_ = std::remove_reference_t<F>;
    static_assert(Objective<Objective_, S>,
                  "saddle::SaddleFreeNewton: the objective must be callable as `S f(const Vector<S>& x, Vector<S>& g)`");
    detail::Run<S> run("SaddleFreeNewton", options_.stop, x.size(), sizeof...(Observers) > 0);
    Result<S>& result = run.result;
    const Index n = x.size();
    const StoppingOptions& stop = options_.stop;
    HessianVectorProduct<Objective_, S> hvp(f, options_.curvature.hvp);
    std::int64_t counted_gradients = 0;
    auto sync_counts = [&] {
      result.hvp_evaluations = hvp.products();
      const std::int64_t extra = hvp.gradient_evaluations() - counted_gradients;
      result.gradient_evaluations += extra;
      result.function_evaluations += extra;
      counted_gradients = hvp.gradient_evaluations();
    };
    auto finish = [&](Status status, std::string message, S value, S gradient_norm) {
      sync_counts();
      return run.finish(status, std::move(message), value, gradient_norm);
    };
    Vector<S> g = detail::nan_vector<S>(n);
    Vector<S> p(n);
    Vector<S> v(n);
    Vector<S> x0(n);
    Vector<S> g0(n);
    Vector<S> trial(n);
    Vector<S> trial_g = detail::nan_vector<S>(n);
    S value = S(0);
    if (auto bad = run.evaluate_start(f, x, g, value); !bad.empty()) {
      return finish(Status::non_finite, std::move(bad), value, std::numeric_limits<S>::quiet_NaN());
    }
    S gradient_norm = g.norm();
    S previous_value = value;
    S step_norm = S(0);
    std::int64_t probes = 0;
    const S mu = static_cast<S>(options_.damping);
    const S floor = static_cast<S>(options_.eigenvalue_floor);

    for (std::int64_t k = 0;; ++k) {
      sync_counts();
      const IterationInfo<S> info = run.info(k, value, gradient_norm, step_norm, {}, x, g);
      auto reason = detail::observe_and_check(stop, info, previous_value, observers...);
      if (reason && reason->first != Status::converged_gradient) {
        return finish(reason->first, std::move(reason->second), value, gradient_norm);
      }
      x0 = x;
      g0 = g;
      previous_value = value;
      if (reason) {  // a small gradient: certify, and leave a saddle along its negative curvature
        const CurvatureCertificate<S> c = detail::probe_curvature<S>(hvp, x, options_.curvature, probes, v);
        ++probes;
        if (c.non_finite) {
          return finish(Status::non_finite, "a Hessian-vector product was NaN/Inf at the point being certified",
                        value, gradient_norm);
        }
        const std::string certificate = detail::concat("lambda_min = ", c.lambda_min, " +- ", c.residual, " (",
                                                       c.products, " Lanczos products)");
        if (!c.negative()) {
          result.kind = c.kind;
          result.lambda_min = c.lambda_min;
          return finish(Status::converged_second_order,
                        detail::concat(reason->second, " and ", certificate, ": a second-order point (",
                                       to_string(c.kind), ")"),
                        value, gradient_norm);
        }
        ++result.negative_curvature_found;
        if (!detail::negative_curvature_step(f, x, value, g, v, c.lambda_min, options_.curvature, result, trial,
                                             trial_g)) {
          result.kind = c.kind;
          result.lambda_min = c.lambda_min;
          return finish(Status::saddle_point,
                        detail::concat("a certified strict saddle (", certificate,
                                       "): no step along its negative curvature decreased f; not a convergence"),
                        value, gradient_norm);
        }
        ++result.saddles_escaped;
      } else {
        // The saddle-free step in K_k(H, g).
        auto raw = [&hvp, &x0](const Vector<S>& u, Vector<S>& hu) { hvp(x0, u, hu); };
        bool bad = false;
        auto product = detail::finite_product(raw, bad);
        const auto krylov = lanczos<S>(product, n,
                                       {.max_iterations = options_.krylov_dimension, .tolerance = 0.0,
                                        .which = Spectrum::both_ends},
                                       g0);
        if (bad) {
          return finish(Status::non_finite,
                        detail::concat("a Hessian-vector product was NaN/Inf at iteration ", k, "; x is unchanged"),
                        value, gradient_norm);
        }
        p.setZero();
        Vector<S> inside = Vector<S>::Zero(n);
        S largest = S(0);
        for (Index i = 0; i < krylov.values.size(); ++i) {
          const auto y = krylov.vectors.col(i);
          const S coefficient = y.dot(g0);
          const S magnitude = std::max(std::abs(krylov.values[i]), floor);
          largest = std::max(largest, magnitude);
          p.noalias() -= (coefficient / (magnitude + mu)) * y;
          inside.noalias() += coefficient * y;
          if (krylov.values[i] < S(0)) {
            ++result.negative_curvature_found;
          }
        }
        p.noalias() -= (g0 - inside) / (largest + mu);  // g's part outside the space (rounding)
        const S slope = g0.dot(p);
        const auto searched = armijo_.search(f, x0, previous_value, g0, p, S(1), trial, trial_g);
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
        x = trial;
        g = trial_g;
        value = searched.value;
      }
      gradient_norm = g.norm();
      step_norm = (x - x0).norm();
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
};

}  // namespace saddle
