// Armijo: backtracking to the sufficient-decrease condition, as a policy with its own options that
// reports every outcome as a status instead of throwing.
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

struct ArmijoOptions {
  double c1 = 1e-4;         // sufficient decrease f(a) <= f(0) + c1 a f'(0); 0 < c1 < 1
  double shrink = 0.5;      // step <- shrink * step after a failed trial; 0 < shrink < 1
  double min_step = 1e-20;  // give up (step_at_minimum) rather than try a step below this; 0 <= min_step < inf
  std::int64_t max_evaluations = 50;  // calls of f per search, never exceeded (as for MoreThuente); >= 1

  static constexpr std::string_view checkpoint_tag() { return "ArmijoOptions"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& o, Archive& ar) {
    ar("c1", o.c1);
    ar("shrink", o.shrink);
    ar("min_step", o.min_step);
    ar("max_evaluations", o.max_evaluations);
  }

  void validate() const {
    constexpr auto owner = "ArmijoOptions";
    detail::require(owner, "c1", c1, detail::open(0, 1));
    detail::require(owner, "shrink", shrink, detail::open(0, 1));
    detail::require(owner, "min_step", min_step, detail::closed_open(0, detail::infinity));
    detail::require(owner, "max_evaluations", max_evaluations, detail::at_least(1));
  }
};

// Armijo backtracking: tries a = step, shrink step, shrink^2 step, ... and accepts the first with
//   f(x0 + a d) <= f(x0) + c1 a g0 . d   (sufficient decrease only; no curvature condition).
// A NaN/Inf in f or its gradient at a trial counts as a failure and shrinks the step too.
// L. Armijo, "Minimization of functions having Lipschitz continuous first partial derivatives",
// Pacific J. Math. 16(1):1-3 (1966); Nocedal & Wright, Numerical Optimization (2006), Algorithm 3.1.
class Armijo {
 public:
  using options_type = ArmijoOptions;

  Armijo() { options_.validate(); }
  explicit Armijo(const ArmijoOptions& options) : options_(options) { options_.validate(); }

  [[nodiscard]] const ArmijoOptions& options() const { return options_; }
  // c1 of the sufficient-decrease condition (see MoreThuente::sufficient_decrease).
  [[nodiscard]] double sufficient_decrease() const { return options_.c1; }

  // Checkpoints (saddle/io/checkpoint.hpp), as a part of a minimizer that uses it (LBFGS): the options.
  static constexpr std::string_view checkpoint_tag() { return "Armijo"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    ar("options", self.options_);
  }
  // The Armijo condition f(x0 + a d) <= f(x0) + c1 a g0 . d for a point already evaluated (callers
  // that know f at the first trial test it here, then search from the next step).
  template <Scalar S>
  [[nodiscard]] bool accepts(S f0, S slope, S step, S value) const {
    return value <= f0 + static_cast<S>(options_.c1) * step * slope;
  }

  // Same contract as MoreThuente::search. When no trial is accepted, the returned point is the one
  // with the least f among x0 and the finite trials.
  template <class F, Scalar S>
  LineSearchResult<S> search(F& f, const Vector<S>& x0, S f0, const Vector<S>& g0, const Vector<S>& d, S step,
                             Vector<S>& x, Vector<S>& g) const {
    static_assert(Objective<F, S>,
                  "saddle::Armijo::search: the objective must be callable as `S f(const Vector<S>& x, "
                  "Vector<S>& g)`");
    using Point = detail::LinePoint<S>;
    using enum LineSearchStatus;
    detail::require("Armijo::search", "step", step, detail::greater_than(0));
    detail::Line<F, S> line("Armijo::search", f, x0, f0, g0, d, x, g);
    LineSearchResult<S> result;
    if (detail::rejects_start(line, result)) {
      return result;
    }
    const auto& o = options_;
    const S shrink = static_cast<S>(o.shrink);
    const S min_step = static_cast<S>(o.min_step);
    const Point start = line.origin();
    Point best = start;
    bool last_non_finite = false;
    for (S a = std::min(step, std::numeric_limits<S>::max());; a *= shrink) {
      if (a < min_step || a == S(0)) {  // at a = 0 sufficient decrease would hold trivially
        return line.finish_at(last_non_finite ? non_finite : step_at_minimum, best.step);
      }
      if (!line.affords_trial(o.max_evaluations, best.step)) {
        return line.finish_at(last_non_finite ? non_finite : max_evaluations, best.step);
      }
      const Point trial = line.evaluate(a);
      last_non_finite = !detail::is_finite(trial);
      if (last_non_finite) {
        continue;
      }
      if (accepts(start.value, start.slope, a, trial.value)) {
        return line.finish(converged, trial);
      }
      if (trial.value < best.value) {
        best = trial;
      }
    }
  }

 private:
  ArmijoOptions options_{};
};

}  // namespace saddle
