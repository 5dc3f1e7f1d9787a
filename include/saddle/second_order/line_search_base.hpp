// The line-search contract shared by MoreThuente (more_thuente.hpp) and Armijo (armijo.hpp): how a
// search ended (LineSearchStatus), what it returns (LineSearchResult), and the line as a search sees
// it (detail::Line).
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

namespace saddle {

// How a line search ended. Only `converged` means the conditions of the search hold; after every
// other status the result still describes a valid point (see LineSearchResult).
enum class LineSearchStatus {
  converged,           // the conditions this search claims hold at the returned step
  max_evaluations,     // evaluation budget spent before the conditions held
  step_at_minimum,     // the step hit min_step without meeting the conditions
  step_at_maximum,     // the step hit max_step (f may be unbounded along d)
  interval_too_small,  // the uncertainty interval's relative width fell below xtol
  rounding_errors,     // no further progress is possible in floating point
  not_descent,         // d is not a descent direction: g0 . d >= 0 (nothing evaluated)
  non_finite,          // f or its gradient was NaN/Inf at a trial point and shrinking did not help
};

[[nodiscard]] constexpr std::string_view to_string(LineSearchStatus status) {
  switch (status) {
    case LineSearchStatus::converged: return "converged";
    case LineSearchStatus::max_evaluations: return "max_evaluations";
    case LineSearchStatus::step_at_minimum: return "step_at_minimum";
    case LineSearchStatus::step_at_maximum: return "step_at_maximum";
    case LineSearchStatus::interval_too_small: return "interval_too_small";
    case LineSearchStatus::rounding_errors: return "rounding_errors";
    case LineSearchStatus::not_descent: return "not_descent";
    case LineSearchStatus::non_finite: return "non_finite";
  }
  return "unknown";
}

// The point a line search returns, x0 + step d, and what it cost. Whatever the status, the caller's
// x and g hold that point and its gradient; after not_descent, or a non_finite f0 or g0, it is x0.
template <Scalar S>
struct LineSearchResult {
  LineSearchStatus status = LineSearchStatus::converged;
  S step = S(0);                    // alpha of the returned point x0 + alpha d
  S value = S(0);                   // f there
  S directional_derivative = S(0);  // grad f there . d
  std::int64_t evaluations = 0;     // calls of f made by this search

  [[nodiscard]] bool converged() const { return status == LineSearchStatus::converged; }
};

namespace detail {

// A point on the line phi(a) = f(x0 + a d): the step a, phi(a) and phi'(a) = grad f(x0 + a d) . d.
template <Scalar S>
struct LinePoint {
  S step = S(0);
  S value = S(0);
  S slope = S(0);
};

template <Scalar S>
bool is_finite(const LinePoint<S>& p) {
  return std::isfinite(p.value) && std::isfinite(p.slope);
}

// The line as a search sees it: evaluates trial points into the caller's x and g, counts the calls,
// and remembers which point x and g hold, so that returning an earlier point costs nothing when
// they already hold it (or it is x0) and one evaluation otherwise.
template <class F, Scalar S>
class Line {
 public:
  Line(std::string_view owner, F& f, const Vector<S>& x0, S f0, const Vector<S>& g0, const Vector<S>& d, Vector<S>& x,
       Vector<S>& g)
      : f_(f), x0_(x0), g0_(g0), d_(d), x_(x), g_(g) {
    const Index n = x0.size();
    if (g0.size() != n || d.size() != n) {
      const bool bad_g0 = g0.size() != n;
      throw std::invalid_argument(concat("saddle::", owner, ": ", bad_g0 ? "g0" : "d", " has size ",
                                         bad_g0 ? g0.size() : d.size(), " but x0 has size ", n));
    }
    // x and g are overwritten at every trial; sharing storage with an input would corrupt it.
    if (&x == &x0 || &x == &d || &g == &g0 || &g == &d || &x == &g) {
      throw std::invalid_argument(concat("saddle::", owner, ": x and g are work space and must be vectors ",
                                         "distinct from each other and from x0, g0 and d"));
    }
    if (x.size() != n) {
      x.resize(n);
    }
    if (g.size() != n) {
      g.resize(n);
    }
    origin_ = {S(0), f0, g0.dot(d)};
  }

  [[nodiscard]] const LinePoint<S>& origin() const { return origin_; }
  [[nodiscard]] std::int64_t evaluations() const { return evaluations_; }

  // Whether a budget of `max_evaluations` still pays for one more trial and, should that trial not
  // become the point to return, for re-evaluating `keep` (free when it is x0).
  [[nodiscard]] bool affords_trial(std::int64_t max_evaluations, S keep) const {
    return evaluations_ + 1 + (keep != S(0) ? 1 : 0) <= max_evaluations;
  }

  LinePoint<S> evaluate(S step) {
    x_.noalias() = x0_ + step * d_;
    const S value = detail::evaluate(f_, x_, g_);
    ++evaluations_;
    held_ = {step, value, g_.dot(d_)};
    holds_ = true;
    return held_;
  }

  // Ends the search at the point x0 + step d, which must be x0 or a point evaluated before.
  LineSearchResult<S> finish_at(LineSearchStatus status, S step) {
    if (!(holds_ && held_.step == step)) {
      if (step == S(0)) {
        x_ = x0_;
        g_ = g0_;
        held_ = origin_;
        holds_ = true;
      } else {
        (void)evaluate(step);
      }
    }
    return finish(status, held_);
  }

  // Ends the search at `point`, the last one evaluated (so x and g hold it).
  [[nodiscard]] LineSearchResult<S> finish(LineSearchStatus status, const LinePoint<S>& point) const {
    return {status, point.step, point.value, point.slope, evaluations_};
  }

 private:
  F& f_;
  const Vector<S>& x0_;
  const Vector<S>& g0_;
  const Vector<S>& d_;
  Vector<S>& x_;
  Vector<S>& g_;
  LinePoint<S> origin_{};
  LinePoint<S> held_{};
  bool holds_ = false;
  std::int64_t evaluations_ = 0;
};

// The checks at x0 that precede any evaluation: true, with `result` set (at x0), when the search
// must not start.
template <class F, Scalar S>
bool rejects_start(Line<F, S>& line, LineSearchResult<S>& result) {
  const LinePoint<S>& start = line.origin();
  if (!is_finite(start)) {
    result = line.finish_at(LineSearchStatus::non_finite, S(0));
    return true;
  }
  if (start.slope >= S(0)) {
    result = line.finish_at(LineSearchStatus::not_descent, S(0));
    return true;
  }
  return false;
}

}  // namespace detail

}  // namespace saddle
