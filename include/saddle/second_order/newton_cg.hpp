// NewtonCG: Hessian-free optimization after Martens (2010), "Deep learning via Hessian-free
// optimization" (ICML): damped Newton steps (B + lambda I) p = -g solved by CG on
// Hessian-vector (or Gauss–Newton-vector) products, with Martens' warm start, his
// relative-progress stopping rule, backtracking over saved CG iterates, Levenberg–Marquardt
// damping and a final Armijo line search — the CG is TruncatedCG and the line search Armijo, the
// library's one implementation of each.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "saddle/core/budget.hpp"
#include "saddle/core/format.hpp"
#include "saddle/core/minimize.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/observer.hpp"
#include "saddle/core/status.hpp"
#include "saddle/core/stopping.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/second_order/hessian_vector.hpp"
#include "saddle/second_order/armijo.hpp"
#include "saddle/second_order/truncated_cg.hpp"

namespace saddle {

// An objective with a least-squares structure f = sum l(r_i(x)) can offer products with its
// Gauss–Newton matrix G = J^T H_l J, which is positive semi-definite: gv = G(x) v.
template <class F, class S>
concept GaussNewtonObjective =
    Objective<F, S> && requires(F& f, const Vector<S>& x, const Vector<S>& v, Vector<S>& gv) {
      f.gauss_newton_vector_product(x, v, gv);
    };

struct NewtonCGOptions {
  StoppingOptions stop{};                // shared stopping criteria
  double initial_damping = 1.0;          // lambda_0 of (B + lambda I); 0 <= initial_damping < inf
  double damping_increase = 1.5;         // lambda <- lambda * this when rho < 1/4 (Martens: 3/2); 1 < it < inf
  double damping_decrease = 2.0 / 3.0;   // lambda <- lambda * this when rho > 3/4 (Martens: 2/3); 0 < it < 1
  double min_damping = 1e-12;            // lambda never goes below this; 0 <= min_damping < inf
  std::int64_t max_cg_iterations = 250;  // per Newton step (Martens: 250); >= 1
  double cg_epsilon = 5e-4;              // Martens' stopping rule: relative progress of phi over the last
                                         // k = max(10, 0.1 i) iterations below k * cg_epsilon; 0 < it < inf
  double cg_backtrack_ratio = 1.3;       // CG iterates ceil(ratio^j) are kept for backtracking; 1 < it < inf
  double warm_start = 0.95;              // CG starts from warm_start * the previous solution; 0 <= it <= 1
  // The final Armijo backtracking on alpha p from alpha = 1 (Martens: c1 = 1e-2, shrink 0.8); its
  // max_evaluations counts the trials after alpha = 1, whose value the CG backtracking already has.
  ArmijoOptions line_search{.c1 = 1e-2, .shrink = 0.8, .max_evaluations = 60};
  bool gauss_newton = true;              // use the objective's Gauss–Newton products when it has them
  HvpMethod hvp = HvpMethod::automatic;  // how Hessian-vector products are computed otherwise

  void validate() const {
    constexpr auto owner = "NewtonCGOptions";
    stop.validate();
    detail::require(owner, "initial_damping", initial_damping, detail::closed_open(0, detail::infinity));
    detail::require(owner, "damping_increase", damping_increase, detail::open(1, detail::infinity));
    detail::require(owner, "damping_decrease", damping_decrease, detail::open(0, 1));
    detail::require(owner, "min_damping", min_damping, detail::closed_open(0, detail::infinity));
    detail::require(owner, "max_cg_iterations", max_cg_iterations, detail::at_least(1));
    detail::require(owner, "cg_epsilon", cg_epsilon, detail::open(0, detail::infinity));
    detail::require(owner, "cg_backtrack_ratio", cg_backtrack_ratio, detail::open(1, detail::infinity));
    detail::require(owner, "warm_start", warm_start, detail::closed(0, 1));
    line_search.validate();
    detail::require_hvp_method(owner, "hvp", hvp);
  }
};

// Each iteration: CG on (B + lambda I) p = -g from warm_start * p_previous, where B is the
// Gauss–Newton matrix if the objective provides it and the Hessian otherwise; CG stops by
// Martens' rule, and among the iterates saved at ceil(1.3^j) the last one before f stops
// decreasing (searching backwards) is taken. The reduction ratio rho = (f(x + p) - f(x)) /
// (q(p) - q(0)) of the undamped model q adjusts lambda; an Armijo line search on alpha p gives
// the step. When CG meets negative curvature (d^T (B + lambda I) d <= 0), the run reports it
// (Result::negative_curvature_found) and steps along d, the line search choosing the length,
// instead of pretending the model is convex; lambda is then increased. IterationInfo::damping
// carries lambda.
template <Scalar S>
class NewtonCG {
 public:
  using scalar_type = S;
  using options_type = NewtonCGOptions;

  NewtonCG() { options_.validate(); }
  explicit NewtonCG(const NewtonCGOptions& options) : options_(options), armijo_(options.line_search) {
    options_.validate();
  }
  [[nodiscard]] const NewtonCGOptions& options() const { return options_; }

  template <class F, class... Observers>
  Result<S> minimize(F&& objective, Vector<S>& x, Observers&&... observers) {
    using Objective_ = detail::Budgeted<std::remove_reference_t<F>, S>;
    static_assert(Objective<Objective_, S>,
                  "saddle::NewtonCG: the objective must be callable as `S f(const Vector<S>& x, Vector<S>& g)`");
    // f is the objective with the evaluation budget (max_evaluations is never exceeded).
    Objective_ f(objective, options_.stop.max_evaluations);
    detail::Run<S> run("NewtonCG", options_.stop, x.size(), sizeof...(Observers) > 0);
    Result<S>& result = run.result;
    const Index n = x.size();
    const StoppingOptions& stop = options_.stop;
    HessianVectorProduct<Objective_, S> hvp(f, options_.hvp);
    std::int64_t gn_products = 0;
    const bool use_gauss_newton = GaussNewtonObjective<Objective_, S> && options_.gauss_newton;
    auto curvature = [&](const Vector<S>& v, Vector<S>& bv) {  // bv = B v
      if constexpr (GaussNewtonObjective<Objective_, S>) {
        if (use_gauss_newton) {
          ++gn_products;
          f.gauss_newton_vector_product(x, v, bv);
          return;
        }
      }
      hvp(x, v, bv);
    };

    std::int64_t cg_total = 0;
    std::int64_t negative_curvature = 0;
    S lambda = static_cast<S>(options_.initial_damping);
    auto sync_counts = [&] {
      hvp.report(result);
      result.hvp_evaluations += gn_products;  // Gauss-Newton products count as curvature products too
      gn_products = 0;
    };
    auto finish = [&](Status status, std::string message, S value, S gradient_norm) {
      sync_counts();
      result.negative_curvature_found = negative_curvature;
      return run.finish(status,
                        detail::concat(message, " (", use_gauss_newton ? "Gauss-Newton" : to_string(hvp.method()),
                                       " products; ", cg_total, " CG iterations; final damping ", lambda, "; ",
                                       negative_curvature, " negative-curvature direction(s) used)"),
                        value, gradient_norm);
    };

    Vector<S> g = detail::nan_vector<S>(n);
    p_previous_.setZero(n);
    p_.resize(n);
    d_.resize(n);
    trial_.resize(n);
    trial_g_ = detail::nan_vector<S>(n);
    chosen_g_.resize(n);
    S value = S(0);
    if (auto bad = run.evaluate_start(f, x, g, value); !bad.empty()) {
      return finish(Status::non_finite, std::move(bad), value, std::numeric_limits<S>::quiet_NaN());
    }
    S gradient_norm = g.norm();
    S previous_value = value;
    S step_norm = S(0);
    reserve_slots(n);

    try {
      for (std::int64_t k = 0;; ++k) {
        sync_counts();
        const IterationInfo<S> info =
            run.info(k, value, gradient_norm, step_norm, {.damping = static_cast<double>(lambda)}, x, g);
        if (auto reason = detail::observe_and_check(stop, info, previous_value, observers...)) {
          return finish(reason->first, std::move(reason->second), value, gradient_norm);
        }

        // 1. CG on (B + lambda I) p = -g, warm-started, with Martens' stopping rule; the iterates at
        //    ceil(ratio^j) are kept for backtracking.
        saved_count_ = 0;
        saved_phi_.clear();
        S next_save = S(1);
        const S ratio = static_cast<S>(options_.cg_backtrack_ratio);
        auto keep = [&](std::int64_t i, const Vector<S>& iterate, S phi) {
          if (static_cast<S>(i) >= next_save) {
            save(iterate, phi);
            while (next_save <= static_cast<S>(i)) {
              next_save = std::ceil(next_save * ratio);
            }
          }
        };
        p_ = static_cast<S>(options_.warm_start) * p_previous_;
        const CGResult<S> solved = cg_.solve(curvature, g, p_,
                                             {.max_iterations = options_.max_cg_iterations,
                                              .damping = static_cast<double>(lambda),
                                              .progress_tolerance = options_.cg_epsilon,
                                              .warm_start = true},
                                             keep);
        cg_total += solved.iterations;
        p_previous_ = p_;  // the final CG iterate seeds the next solve
        const bool negative = solved.status == CGStatus::negative_curvature;

        // 2. Backtrack over the saved iterates: the last one before f stops decreasing. On negative
        //    curvature of the damped model, step along the direction met, downhill, instead.
        S chosen_value = std::numeric_limits<S>::infinity();
        S chosen_phi = S(0);
        Index chosen = -1;
        if (negative) {
          ++negative_curvature;
          const Vector<S>& u = cg_.negative_curvature_direction();
          const S sign = g.dot(u) > S(0) ? S(-1) : S(1);
          const S length = std::max(p_.norm(), g.norm() / std::max(std::abs(solved.curvature), lambda));
          d_ = (sign * length) * u;
          chosen_phi = g.dot(d_) + S(0.5) * solved.curvature * length * length;  // phi(d), |d| = length
          p_ = d_;
          trial_ = x + p_;
          chosen_value = evaluate_counted(f, result);
          chosen_g_ = trial_g_;
        } else {
          if (saved_count_ == 0 || (saved_[saved_count_ - 1] - p_).squaredNorm() > S(0)) {
            save(p_, solved.model_value);
          }
          for (Index i = static_cast<Index>(saved_count_) - 1; i >= 0; --i) {
            trial_ = x + saved_[static_cast<std::size_t>(i)];
            const S candidate = evaluate_counted(f, result);
            if (!(candidate < chosen_value)) {  // f went up (or NaN): keep the later iterate
              break;
            }
            chosen_value = candidate;
            chosen_g_ = trial_g_;  // so the accepted point is never evaluated twice
            chosen = i;
            if (i == 0) {
              break;
            }
          }
          if (chosen < 0) {  // even the last iterate gave NaN/Inf: fall back to the first saved one
            chosen = 0;
          }
          p_ = saved_[static_cast<std::size_t>(chosen)];
          chosen_phi = saved_phi_[static_cast<std::size_t>(chosen)];
        }

        // 3. Levenberg–Marquardt: rho with the undamped model q(p) = phi(p) - lambda |p|^2 / 2.
        const S model = chosen_phi - S(0.5) * lambda * p_.squaredNorm();
        const S rho = (std::isfinite(chosen_value) && model < S(0)) ? (chosen_value - value) / model
                                                                    : -std::numeric_limits<S>::infinity();
        if (negative || rho < S(0.25)) {
          lambda = lambda * static_cast<S>(options_.damping_increase);
        } else if (rho > S(0.75)) {
          lambda = std::max(lambda * static_cast<S>(options_.damping_decrease), static_cast<S>(options_.min_damping));
        }

        // 4. Armijo backtracking on alpha p: alpha = 1 is tested on the value known from step 2, then
        //    Armijo searches from alpha = shrink.
        const S slope = g.dot(p_);
        S alpha = S(1);
        S accepted = chosen_value;
        bool found = slope < S(0) && std::isfinite(accepted) && armijo_.accepts(value, slope, alpha, accepted);
        std::int64_t trials = 1;
        if (!found && slope < S(0)) {
          const S first = static_cast<S>(options_.line_search.shrink);
          const LineSearchResult<S> searched = armijo_.search(f, x, value, g, p_, first, trial_, trial_g_);
          result.function_evaluations += searched.evaluations;
          result.gradient_evaluations += searched.evaluations;
          trials += searched.evaluations;
          if (searched.converged()) {
            found = true;
            alpha = searched.step;
            accepted = searched.value;
            chosen_g_ = trial_g_;
          }
        }
        if (!found) {
          // The smallest step tried: shrink^(trials - 1).
          const S smallest = std::pow(static_cast<S>(options_.line_search.shrink), static_cast<S>(trials - 1));
          if (slope >= S(0) || smallest * p_.norm() <= std::numeric_limits<S>::epsilon() * std::max(S(1), x.norm())) {
            return finish(Status::line_search_failed,
                          detail::concat("no step along the Newton-CG direction decreases f enough (slope ", slope,
                                         ", smallest alpha ", smallest, ") at iteration ", k,
                                         "; x is the last iterate"),
                          value, gradient_norm);
          }
          // No acceptable step this time: more damping (a shorter step) next iteration, from a cold start.
          lambda = lambda * static_cast<S>(options_.damping_increase);
          previous_value = value;
          step_norm = S(0);
          p_previous_.setZero();
          continue;
        }
        // The accepted point was evaluated by the search: its gradient is in chosen_g_. x moves only
        // when that gradient is finite (a finite f with a NaN gradient ends the run at x).
        if (auto bad = detail::describe_non_finite(accepted, chosen_g_); !bad.empty()) {
          return finish(Status::non_finite,
                        detail::concat(bad, " at the step accepted in iteration ", k, "; x is iteration ", k,
                                       "'s iterate"),
                        value, gradient_norm);
        }
        trial_ = x + alpha * p_;
        step_norm = alpha * p_.norm();
        x = trial_;
        g = chosen_g_;
        previous_value = value;
        value = accepted;
        gradient_norm = g.norm();
      }
    } catch (const detail::BudgetSpent&) {
      hvp.report(result);
      std::string message = detail::settle_spent_budget(result, f, result.iterations);
      return finish(Status::max_evaluations, std::move(message), value, gradient_norm);
    }
  }

 private:
  template <class F, class R>
  S evaluate_counted(F& f, R& result) {
    ++result.function_evaluations;
    ++result.gradient_evaluations;
    return detail::evaluate(f, trial_, trial_g_);
  }

  NewtonCGOptions options_{};
  Armijo armijo_{options_.line_search};
  TruncatedCG<S> cg_;
  Vector<S> p_previous_;
  Vector<S> p_;
  Vector<S> d_;
  Vector<S> trial_;
  Vector<S> trial_g_;
  Vector<S> chosen_g_;  // the gradient at the best trial point so far
  // Work space for the saved CG iterates, sized once per run for the most a CG run can save
  // (the points ceil(ratio^j) up to max_cg_iterations, and the last iterate), so that the
  // iterations allocate nothing.
  void reserve_slots(Index n) {
    std::size_t slots = 1;
    const S ratio = static_cast<S>(options_.cg_backtrack_ratio);
    for (S next = S(1); next <= static_cast<S>(options_.max_cg_iterations); next = std::ceil(next * ratio)) {
      ++slots;
    }
    saved_.assign(slots, Vector<S>::Zero(n));
    saved_phi_.reserve(slots);
  }

  void save(const Vector<S>& p, S phi_value) {
    if (saved_count_ == saved_.size()) {
      saved_.push_back(p);
    } else {
      saved_[saved_count_] = p;
    }
    ++saved_count_;
    saved_phi_.push_back(phi_value);
  }

  std::vector<Vector<S>> saved_;
  std::size_t saved_count_ = 0;
  std::vector<S> saved_phi_;
};

}  // namespace saddle
