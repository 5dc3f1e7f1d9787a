// NewtonCG: Hessian-free optimization after Martens (2010), "Deep learning via Hessian-free
// optimization" (ICML): damped Newton steps (B + lambda I) p = -g solved by CG on
// Hessian-vector (or Gauss–Newton-vector) products, with Martens' warm start, his
// relative-progress stopping rule, backtracking over saved CG iterates, Levenberg–Marquardt
// damping and a final Armijo line search.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "saddle/core/format.hpp"
#include "saddle/core/minimize.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/observer.hpp"
#include "saddle/core/status.hpp"
#include "saddle/core/stopping.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/second_order/hessian_vector.hpp"

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
  double damping_increase = 1.5;         // lambda <- lambda * this when rho < 1/4 (Martens: 3/2); > 1
  double damping_decrease = 2.0 / 3.0;   // lambda <- lambda * this when rho > 3/4 (Martens: 2/3); 0 < it < 1
  double min_damping = 1e-12;            // lambda never goes below this; 0 <= min_damping < inf
  std::int64_t max_cg_iterations = 250;  // per Newton step (Martens: 250); >= 1
  double cg_epsilon = 5e-4;              // Martens' stopping rule: relative progress of phi over the last
                                         // k = max(10, 0.1 i) iterations below k * cg_epsilon; > 0
  double cg_backtrack_ratio = 1.3;       // CG iterates ceil(ratio^j) are kept for backtracking; > 1
  double warm_start = 0.95;              // CG starts from warm_start * the previous solution; 0 <= it <= 1
  double armijo_c1 = 1e-2;               // sufficient decrease of the final line search (Martens: 1e-2); 0 < it < 1
  double armijo_shrink = 0.8;            // alpha <- alpha * this (Martens: 0.8); 0 < it < 1
  std::int64_t max_line_search = 60;     // trial steps per line search; >= 1
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
    detail::require(owner, "armijo_c1", armijo_c1, detail::open(0, 1));
    detail::require(owner, "armijo_shrink", armijo_shrink, detail::open(0, 1));
    detail::require(owner, "max_line_search", max_line_search, detail::at_least(1));
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
  explicit NewtonCG(const NewtonCGOptions& options) : options_(options) { options_.validate(); }
  [[nodiscard]] const NewtonCGOptions& options() const { return options_; }

  template <class F, class... Observers>
  Result<S> minimize(F&& f, Vector<S>& x, Observers&&... observers) {
    using Objective_ = std::remove_reference_t<F>;
    static_assert(Objective<Objective_, S>,
                  "saddle::NewtonCG: the objective must be callable as `S f(const Vector<S>& x, Vector<S>& g)`");
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
    std::int64_t counted_gradients = 0;  // the hvp's gradient evaluations already in result
    auto sync_counts = [&] {
      result.hvp_evaluations = hvp.products() + gn_products;
      const std::int64_t extra = hvp.gradient_evaluations() - counted_gradients;
      result.gradient_evaluations += extra;
      result.function_evaluations += extra;
      counted_gradients = hvp.gradient_evaluations();
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
    r_.resize(n);
    d_.resize(n);
    bd_.resize(n);
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

    for (std::int64_t k = 0;; ++k) {
      sync_counts();
      const IterationInfo<S> info =
          run.info(k, value, gradient_norm, step_norm, {.damping = static_cast<double>(lambda)}, x, g);
      if (auto reason = detail::observe_and_check(stop, info, previous_value, observers...)) {
        return finish(reason->first, std::move(reason->second), value, gradient_norm);
      }

      // 1. CG on (B + lambda I) p = -g, warm-started, with Martens' stopping rule.
      const CGRun run = martens_cg(curvature, g, lambda);
      cg_total += run.iterations;
      p_previous_ = p_;  // the final CG iterate seeds the next solve

      // 2. Backtrack over the saved iterates: the last one before f stops decreasing.
      S chosen_value = std::numeric_limits<S>::infinity();
      S chosen_phi = S(0);
      Index chosen = -1;
      if (run.negative_curvature) {
        ++negative_curvature;
        chosen_phi = run.negative_phi;
        p_ = d_;
        trial_ = x + p_;
        chosen_value = evaluate_counted(f, result);
        chosen_g_ = trial_g_;
      } else {
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
      if (run.negative_curvature || rho < S(0.25)) {
        lambda = lambda * static_cast<S>(options_.damping_increase);
      } else if (rho > S(0.75)) {
        lambda = std::max(lambda * static_cast<S>(options_.damping_decrease), static_cast<S>(options_.min_damping));
      }

      // 4. Armijo backtracking on alpha p, starting at alpha = 1 (f(x + p) is known).
      const S slope = g.dot(p_);
      S alpha = S(1);
      S accepted = chosen_value;
      bool found = slope < S(0) && std::isfinite(accepted) &&
                   accepted <= value + static_cast<S>(options_.armijo_c1) * alpha * slope;
      for (std::int64_t t = 1; !found && slope < S(0) && t < options_.max_line_search; ++t) {  // Martens: 0.8
        alpha *= static_cast<S>(options_.armijo_shrink);
        trial_ = x + alpha * p_;
        accepted = evaluate_counted(f, result);
        found = std::isfinite(accepted) && accepted <= value + static_cast<S>(options_.armijo_c1) * alpha * slope;
        if (found) {
          chosen_g_ = trial_g_;
        }
      }
      if (!found) {
        if (alpha * p_.norm() <= std::numeric_limits<S>::epsilon() * std::max(S(1), x.norm())) {
          return finish(Status::line_search_failed,
                        detail::concat("no step along the Newton-CG direction decreases f enough (slope ", slope,
                                       ", last alpha ", alpha, ") at iteration ", k, "; x is the last iterate"),
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
  }

 private:
  struct CGRun {
    std::int64_t iterations = 0;
    bool negative_curvature = false;
    S negative_phi = S(0);  // phi along the negative-curvature step
  };

  template <class F, class R>
  S evaluate_counted(F& f, R& result) {
    ++result.function_evaluations;
    ++result.gradient_evaluations;
    return detail::evaluate(f, trial_, trial_g_);
  }

  // CG on A p = -g, A = B + lambda I, phi(p) = g^T p + p^T A p / 2, from p = warm_start p_previous;
  // fills saved_ / saved_phi_ with the iterates at ceil(ratio^j) and the last one. On negative
  // curvature, d_ holds the step to take along it.
  template <class Curvature>
  CGRun martens_cg(Curvature& curvature, const Vector<S>& g, S lambda) {
    CGRun run;
    saved_count_ = 0;
    saved_phi_.clear();
    phi_history_.clear();
    p_ = static_cast<S>(options_.warm_start) * p_previous_;
    if (p_.squaredNorm() > S(0)) {
      curvature(p_, bd_);
      ++run.iterations;
      r_ = bd_ + lambda * p_ + g;  // r = A p + g
    } else {
      r_ = g;
    }
    auto phi = [&]() { return S(0.5) * (g.dot(p_) + r_.dot(p_)); };  // p^T A p = p^T (r - g)
    if (!(phi() < S(0))) {  // the warm start is no better than p = 0: start from 0 (then every
      p_.setZero();        // iterate has phi < 0, hence g^T p < 0: a descent direction)
      r_ = g;
    }
    d_ = -r_;
    S rr = r_.squaredNorm();
    S next_save = S(1);
    const S ratio = static_cast<S>(options_.cg_backtrack_ratio);
    const S epsilon = static_cast<S>(options_.cg_epsilon);
    phi_history_.push_back(phi());
    for (std::int64_t i = 1; i <= options_.max_cg_iterations && rr > S(0); ++i) {
      curvature(d_, bd_);
      bd_ += lambda * d_;
      ++run.iterations;
      const S kappa = d_.dot(bd_);
      if (!(kappa > S(0))) {
        // Negative (or zero) curvature of the damped model along d: step along it, downhill.
        run.negative_curvature = true;
        const S sign = g.dot(d_) > S(0) ? S(-1) : S(1);
        const S unit_curvature = kappa / d_.squaredNorm();  // of the damped model along d / |d|
        const S length = std::max(p_.norm(), g.norm() / std::max(std::abs(unit_curvature), lambda));
        d_ *= sign * length / d_.norm();
        run.negative_phi = g.dot(d_) + S(0.5) * unit_curvature * length * length;  // phi(d), |d| = length
        return run;
      }
      const S alpha = rr / kappa;
      p_ += alpha * d_;
      r_ += alpha * bd_;
      const S rr_next = r_.squaredNorm();
      const S phi_i = phi();
      phi_history_.push_back(phi_i);
      if (static_cast<S>(i) >= next_save) {
        save(p_, phi_i);
        while (next_save <= static_cast<S>(i)) {
          next_save = std::ceil(next_save * ratio);
        }
      }
      // Martens' rule: stop when the relative progress over the last k iterations is small.
      const auto window = static_cast<std::size_t>(std::max<std::int64_t>(10, static_cast<std::int64_t>(0.1 * i)));
      if (static_cast<std::size_t>(i) > window && phi_i < S(0)) {
        const S earlier = phi_history_[phi_history_.size() - 1 - window];
        if ((phi_i - earlier) / phi_i < static_cast<S>(window) * epsilon) {
          break;
        }
      }
      d_ = -r_ + (rr_next / rr) * d_;
      rr = rr_next;
    }
    if (saved_count_ == 0 || (saved_[saved_count_ - 1] - p_).squaredNorm() > S(0)) {
      save(p_, phi());
    }
    return run;
  }

  NewtonCGOptions options_{};
  Vector<S> p_previous_;
  Vector<S> p_;
  Vector<S> r_;
  Vector<S> d_;
  Vector<S> bd_;
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
    phi_history_.reserve(static_cast<std::size_t>(options_.max_cg_iterations) + 2);
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
  std::vector<S> phi_history_;
};

}  // namespace saddle
