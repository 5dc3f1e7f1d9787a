// MoreThuente: the strong-Wolfe line search of Moré & Thuente (1994), as a policy with its own
// options that reports every outcome as a status instead of throwing.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string_view>

#include "saddle/core/format.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"

#include "saddle/second_order/line_search_base.hpp"

namespace saddle {

struct MoreThuenteOptions {
  double ftol = 1e-4;       // c1 of sufficient decrease f(a) <= f(0) + ftol a f'(0); 0 < ftol < 1
  double gtol = 0.9;        // c2 of the strong curvature condition |f'(a)| <= gtol |f'(0)|; ftol <= gtol < 1
  double xtol = 1e-10;      // stop (interval_too_small) once the bracket's relative width is below this; 0 <= xtol < 1
  double min_step = 1e-20;  // smallest step tried; 0 <= min_step < inf
  double max_step = 1e20;   // largest step tried; min_step < max_step (inf allowed)
  std::int64_t max_evaluations = 20;  // calls of f per search, never exceeded (see search()); >= 1

  static constexpr std::string_view checkpoint_tag() { return "MoreThuenteOptions"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& o, Archive& ar) {
    ar("ftol", o.ftol);
    ar("gtol", o.gtol);
    ar("xtol", o.xtol);
    ar("min_step", o.min_step);
    ar("max_step", o.max_step);
    ar("max_evaluations", o.max_evaluations);
  }

  void validate() const {
    constexpr auto owner = "MoreThuenteOptions";
    detail::require(owner, "ftol", ftol, detail::open(0, 1));
    // ftol = gtol is allowed: a strong Wolfe step still exists (the paper's own tests use it).
    if (!detail::closed_open(ftol, 1).holds(gtol)) {  // the context is formatted only on failure
      detail::require(owner, "gtol", gtol, detail::closed_open(ftol, 1), detail::concat("ftol = ", detail::exact(ftol)));
    }
    detail::require(owner, "xtol", xtol, detail::closed_open(0, 1));
    detail::require(owner, "min_step", min_step, detail::closed_open(0, detail::infinity));
    if (!detail::greater_than(min_step).holds(max_step)) {
      detail::require(owner, "max_step", max_step, detail::greater_than(min_step),
                      detail::concat("min_step = ", detail::exact(min_step)));
    }
    detail::require(owner, "max_evaluations", max_evaluations, detail::at_least(1));
  }
};

namespace detail {

// theta of the cubic through two points of the line, in MINPACK-2's order of operations.
template <Scalar S>
S cubic_theta(const LinePoint<S>& u, const LinePoint<S>& v) {
  return S(3) * (u.value - v.value) / (v.step - u.step) + u.slope + v.slope;
}

// The minimizer of the cubic that interpolates phi and phi' at `from` and `to` (theta from
// cubic_theta), written as a step from `from`. Scaling by s keeps the discriminant from
// overflowing; flooring it at zero keeps rounding from turning a double root into a NaN.
template <Scalar S>
S cubic_minimizer(const LinePoint<S>& from, const LinePoint<S>& to, S theta) {
  const S s = std::max({std::abs(theta), std::abs(from.slope), std::abs(to.slope)});
  S gamma = s * std::sqrt(std::max(S(0), (theta / s) * (theta / s) - (from.slope / s) * (to.slope / s)));
  if (to.step < from.step) {
    gamma = -gamma;
  }
  const S p = (gamma - from.slope) + theta;
  const S q = ((gamma - from.slope) + gamma) + to.slope;
  return from.step + (p / q) * (to.step - from.step);
}

// One safeguarded step of Moré & Thuente (1994), section 4 (MINPACK-2's dcstep). `best` has the
// least function value so far and its slope points toward the trial; `other` is the far end of the
// interval of uncertainty once `bracketed`. Updates the interval with `trial` and returns the next
// trial step, kept in [lower, upper] while nothing is bracketed.
template <Scalar S>
S more_thuente_step(LinePoint<S>& best, LinePoint<S>& other, const LinePoint<S>& trial, bool& bracketed, S lower,
                    S upper) {
  const S limit = S(0.66);  // a bracketed step moves at most this share of the way to `other`
  const bool opposite_slopes = (best.slope < S(0) && trial.slope > S(0)) || (best.slope > S(0) && trial.slope < S(0));
  const auto distance = [](S a, S b) { return std::abs(a - b); };
  S next;
  if (trial.value > best.value) {
    // Case 1, a higher value: a minimizer lies between. Take the cubic step if it is nearer to
    // best than the quadratic (through both values and best's slope), else their average.
    const S cubic = cubic_minimizer(best, trial, cubic_theta(best, trial));
    const S secant_slope = (best.value - trial.value) / (trial.step - best.step);
    const S quadratic = best.step + ((best.slope / (secant_slope + best.slope)) / S(2)) * (trial.step - best.step);
    next = distance(cubic, best.step) < distance(quadratic, best.step) ? cubic : cubic + (quadratic - cubic) / S(2);
    bracketed = true;
  } else if (opposite_slopes) {
    // Case 2, a lower value and slopes of opposite signs: bracketed. Take whichever of the cubic
    // and the secant step lies farther from the trial.
    const S cubic = cubic_minimizer(trial, best, cubic_theta(best, trial));
    const S secant = trial.step + (trial.slope / (trial.slope - best.slope)) * (best.step - trial.step);
    next = distance(cubic, trial.step) > distance(secant, trial.step) ? cubic : secant;
    bracketed = true;
  } else if (std::abs(trial.slope) < std::abs(best.slope)) {
    // Case 3, a lower value, same-sign slopes, the slope's magnitude decreasing. The cubic step is
    // used only if the cubic tends to infinity in the direction of the step or its minimizer lies
    // beyond the trial; otherwise the far bound stands in for it.
    const S theta = cubic_theta(best, trial);
    const S s = std::max({std::abs(theta), std::abs(best.slope), std::abs(trial.slope)});
    S gamma = s * std::sqrt(std::max(S(0), (theta / s) * (theta / s) - (best.slope / s) * (trial.slope / s)));
    if (trial.step > best.step) {
      gamma = -gamma;
    }
    const S p = (gamma - trial.slope) + theta;
    const S q = (gamma + (best.slope - trial.slope)) + gamma;
    const S r = p / q;
    S cubic;
    if (r < S(0) && gamma != S(0)) {
      cubic = trial.step + r * (best.step - trial.step);
    } else {
      cubic = trial.step > best.step ? upper : lower;
    }
    const S secant = trial.step + (trial.slope / (trial.slope - best.slope)) * (best.step - trial.step);
    if (bracketed) {
      // Nearer of the two, but no more than 66% of the way to the far end.
      next = distance(cubic, trial.step) < distance(secant, trial.step) ? cubic : secant;
      const S reach = trial.step + limit * (other.step - trial.step);
      next = trial.step > best.step ? std::min(reach, next) : std::max(reach, next);
    } else {
      // Farther of the two, within the extrapolation bounds.
      next = distance(cubic, trial.step) > distance(secant, trial.step) ? cubic : secant;
      next = std::max(lower, std::min(upper, next));
    }
  } else {
    // Case 4, a lower value, same-sign slopes, the slope not decreasing: the cubic through the
    // trial and the far end when bracketed, else extrapolate to the bound.
    if (bracketed) {
      next = cubic_minimizer(trial, other, cubic_theta(other, trial));
    } else {
      next = trial.step > best.step ? upper : lower;
    }
  }
  if (trial.value > best.value) {
    other = trial;
  } else {
    if (opposite_slopes) {
      other = best;
    }
    best = trial;
  }
  return next;
}

// A step given as a double option, as S: clamped to S's finite range so float stays finite.
template <Scalar S>
S step_bound(double bound) {
  return static_cast<S>(std::min(bound, static_cast<double>(std::numeric_limits<S>::max())));
}

}  // namespace detail

// Moré–Thuente line search: finds a step a > 0 along d with the strong Wolfe conditions
//   phi(a) <= phi(0) + ftol a phi'(0)   and   |phi'(a)| <= gtol |phi'(0)|,   phi(a) = f(x0 + a d),
// by safeguarded cubic/quadratic/secant steps over an interval of uncertainty that is first
// extrapolated (by 1.1 to 4 times the last move) until it brackets such a step and then shrinks (a
// bisection whenever two steps fail to shrink it by a third). Until some step has psi(a) <= 0 and
// phi'(a) >= 0, with psi(a) = phi(a) - phi(0) - ftol a phi'(0), a trial that lowers phi but stays
// above the sufficient-decrease line is fitted on psi instead of phi (the paper's first stage). A
// NaN/Inf in f or its gradient at a trial halves the step toward the best point, and later trials
// stay below it.
// J. J. Moré, D. J. Thuente, "Line search algorithms with guaranteed sufficient decrease", ACM TOMS
// 20(3):286-307 (1994); the algorithm of MINPACK-2's dcsrch/dcstep (Averick, Carter, Moré 1993).
class MoreThuente {
 public:
  using options_type = MoreThuenteOptions;

  MoreThuente() { options_.validate(); }
  explicit MoreThuente(const MoreThuenteOptions& options) : options_(options) { options_.validate(); }

  [[nodiscard]] const MoreThuenteOptions& options() const { return options_; }
  // c1 of the sufficient-decrease condition this search enforces (callers that accept a search's
  // best point without its curvature condition test it with this, not a constant of their own).
  [[nodiscard]] double sufficient_decrease() const { return options_.ftol; }

  // Checkpoints (saddle/io/checkpoint.hpp), as a part of a minimizer that uses it (LBFGS): the options.
  static constexpr std::string_view checkpoint_tag() { return "MoreThuente"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    ar("options", self.options_);
  }

  // Searches along d from x0 (where f = f0 and the gradient is g0), first trying `step` (clamped
  // to [min_step, max_step]; it must be > 0). Whatever the status, on return x = x0 + result.step * d
  // and g = grad f(x) for the point reported in the result: the point that met the conditions, or
  // else the best point found (least psi, then least phi, as in dcsrch) — except at min_step and
  // max_step, where it is that step. x and g are work space sized like x0 (resized if not, the only
  // allocation); they must not be x0, g0 or d. A trial is made only if max_evaluations also pays for
  // re-evaluating the best point should the trial fail to replace it, so the budget is never
  // exceeded. Size mismatches and step <= 0 throw std::invalid_argument; every algorithmic outcome
  // is a status.
  template <class F, Scalar S>
  LineSearchResult<S> search(F& f, const Vector<S>& x0, S f0, const Vector<S>& g0, const Vector<S>& d, S step,
                             Vector<S>& x, Vector<S>& g) const {
    static_assert(Objective<F, S>,
                  "saddle::MoreThuente::search: the objective must be callable as `S f(const Vector<S>& x, "
                  "Vector<S>& g)`");
    using Point = detail::LinePoint<S>;
    using enum LineSearchStatus;
    detail::require("MoreThuente::search", "step", step, detail::greater_than(0));
    detail::Line<F, S> line("MoreThuente::search", f, x0, f0, g0, d, x, g);
    LineSearchResult<S> result;
    if (detail::rejects_start(line, result)) {
      return result;
    }
    const auto& o = options_;
    const S ftol = static_cast<S>(o.ftol);
    const S gtol = static_cast<S>(o.gtol);
    const S xtol = static_cast<S>(o.xtol);
    const S min_step = static_cast<S>(o.min_step);
    const S max_step = detail::step_bound<S>(o.max_step);
    const S half = S(0.5);
    const S extrapolate_min = S(1.1);  // an unbracketed step moves at least 1.1 times the last move
    const S extrapolate_max = S(4);    // and at most 4 times
    const S shrink_by = S(0.66);       // bisect when two steps shrank the interval less than this

    const Point start = line.origin();
    const S decrease_slope = ftol * start.slope;  // the slope of the sufficient-decrease line
    const S curvature_bound = gtol * -start.slope;
    Point best = start;   // least psi (phi once psi is left behind) so far: dcsrch's stx
    Point other = start;  // the far end of the interval of uncertainty: dcsrch's sty
    bool bracketed = false;
    bool on_psi = true;  // the first stage of the paper
    S width = max_step - min_step;
    S previous_width = width / half;
    S stp = std::max(min_step, std::min(max_step, step));
    S lower = S(0);
    S upper = stp + extrapolate_max * stp;
    S ceiling = std::numeric_limits<S>::infinity();  // least step where f or g was not finite

    while (true) {
      const Point trial = line.evaluate(stp);
      if (!detail::is_finite(trial)) {
        // Never fit a model to NaN: halve the step toward the best point and stay below this one.
        if (stp > best.step) {
          ceiling = std::min(ceiling, stp);
        }
        const S next = std::max(min_step, best.step + half * (stp - best.step));
        if (next == stp || next == best.step || !line.affords_trial(o.max_evaluations, best.step)) {
          return line.finish_at(non_finite, best.step);
        }
        stp = next;
        if (!bracketed) {
          lower = stp + extrapolate_min * (stp - best.step);
          upper = stp + extrapolate_max * (stp - best.step);
        }
        continue;
      }

      const S sufficient = start.value + stp * decrease_slope;
      const bool decreased = trial.value <= sufficient;
      if (on_psi && decreased && trial.slope >= S(0)) {
        on_psi = false;
      }
      if (decreased && std::abs(trial.slope) <= curvature_bound) {
        return line.finish(converged, trial);
      }
      if (stp == max_step && decreased && trial.slope <= decrease_slope) {
        return line.finish(step_at_maximum, trial);
      }
      if (stp == min_step && (!decreased || trial.slope >= decrease_slope)) {
        return line.finish(step_at_minimum, trial);
      }

      if (on_psi && trial.value <= best.value && !decreased) {
        // A lower phi but not enough decrease: choose the step on psi, whose minimizers satisfy the
        // sufficient-decrease condition, and map the interval's ends back to phi.
        const auto to_psi = [&](const Point& p) {
          return Point{p.step, p.value - p.step * decrease_slope, p.slope - decrease_slope};
        };
        const auto to_phi = [&](const Point& p) {
          return Point{p.step, p.value + p.step * decrease_slope, p.slope + decrease_slope};
        };
        Point best_psi = to_psi(best);
        Point other_psi = to_psi(other);
        stp = detail::more_thuente_step(best_psi, other_psi, to_psi(trial), bracketed, lower, upper);
        best = to_phi(best_psi);
        other = to_phi(other_psi);
      } else {
        stp = detail::more_thuente_step(best, other, trial, bracketed, lower, upper);
      }

      if (bracketed) {
        if (!std::isfinite(stp) || std::abs(other.step - best.step) >= shrink_by * previous_width) {
          stp = best.step + half * (other.step - best.step);
        }
        previous_width = width;
        width = std::abs(other.step - best.step);
        lower = std::min(best.step, other.step);
        upper = std::max(best.step, other.step);
      } else {
        if (!std::isfinite(stp)) {  // a degenerate cubic (0/0): extrapolate as far as allowed
          stp = upper;
        }
        lower = stp + extrapolate_min * (stp - best.step);
        upper = stp + extrapolate_max * (stp - best.step);
      }
      stp = std::max(min_step, std::min(max_step, stp));
      if (stp >= ceiling) {
        stp = best.step + half * (ceiling - best.step);
        if (stp == best.step) {
          return line.finish_at(non_finite, best.step);
        }
        if (!bracketed) {
          lower = stp + extrapolate_min * (stp - best.step);
          upper = stp + extrapolate_max * (stp - best.step);
        }
      }

      if (bracketed && upper - lower <= xtol * upper) {
        return line.finish_at(interval_too_small, best.step);
      }
      if (bracketed && (stp <= lower || stp >= upper)) {
        return line.finish_at(rounding_errors, best.step);
      }
      if (!line.affords_trial(o.max_evaluations, best.step)) {
        return line.finish_at(max_evaluations, best.step);
      }
    }
  }

 private:
  MoreThuenteOptions options_{};
};

}  // namespace saddle
