// LBFGS: limited-memory BFGS (Nocedal 1980; Liu & Nocedal 1989) with the two-loop recursion and
// a line-search policy (Moré–Thuente strong Wolfe by default).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include "saddle/core/budget.hpp"
#include "saddle/core/checkpointable.hpp"
#include "saddle/core/format.hpp"
#include "saddle/core/minimize.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/observer.hpp"
#include "saddle/core/status.hpp"
#include "saddle/core/stopping.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/second_order/more_thuente.hpp"

namespace saddle {

struct LBFGSOptions {
  StoppingOptions stop{};            // shared stopping criteria
  std::int64_t memory = 10;          // m: correction pairs kept; >= 1
  double curvature_epsilon = 1e-8;   // a pair (s, y) is kept only if s^T y > curvature_epsilon |s| |y|; 0 <= it < 1
  // Keep the correction pairs left by the previous minimize() call (or loaded from a checkpoint)
  // when x has their size: the run continues with that curvature (first trial step 1) instead of
  // starting along -g, as a resumed run should (scipy's/sklearn's warm_start). Otherwise, or when
  // x's size differs, every call starts fresh.
  bool warm_start = false;

  static constexpr std::string_view checkpoint_tag() { return "LBFGSOptions"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& o, Archive& ar) {
    ar("stop", o.stop);
    ar("memory", o.memory);
    ar("curvature_epsilon", o.curvature_epsilon);
    ar("warm_start", o.warm_start);
  }

  void validate() const {
    stop.validate();
    detail::require("LBFGSOptions", "memory", memory, detail::at_least(1));
    detail::require("LBFGSOptions", "curvature_epsilon", curvature_epsilon, detail::closed_open(0, 1));
  }
};

namespace detail {

// LBFGS<S, LineSearch>'s checkpoint tag, "LBFGS<" + the line search's tag + ">", as a constant.
template <class LineSearch>
struct LBFGSTag {
  static constexpr std::string_view inner = [] {
    if constexpr (Checkpointable<LineSearch>) {
      return std::string_view(LineSearch::checkpoint_tag());
    } else {
      return std::string_view("?");  // not checkpointable: checkpoint_fields() says so at compile time
    }
  }();
  static constexpr std::string_view head = "LBFGS<";
  static constexpr std::array<char, head.size() + inner.size() + 1> text = [] {
    std::array<char, head.size() + inner.size() + 1> t{};
    std::size_t i = 0;
    for (const char c : head) {
      t[i++] = c;
    }
    for (const char c : inner) {
      t[i++] = c;
    }
    t[i] = '>';
    return t;
  }();
  static constexpr std::string_view value{text.data(), text.size()};
};

}  // namespace detail

// Each iteration: d = -H_k g by the two-loop recursion over the last m pairs s = x_{k+1} - x_k,
// y = g_{k+1} - g_k, with H_0 = (s^T y / y^T y) I from the newest pair; a line search along d
// (first trial step 1, or 1/|g| on the first iteration without pairs and after a restart). A pair
// that fails the curvature test is skipped (and if all m slots are in use, the oldest pair, whose
// slot it took, leaves too), so H_k stays positive definite. When the line search cannot
// find an acceptable step, the memory is cleared and the search restarted once along -g; a
// second failure ends the run with Status::line_search_failed and x at the last good iterate; a
// search that met only NaN/Inf trials ends it with Status::non_finite (no restart: a shorter step
// along -g would meet the same). A line search that ends without its conditions but with
// sufficient decrease (the policy's own c1, LineSearch::sufficient_decrease()) is accepted.
// Result::skipped_updates counts skipped pairs, Result::restarts the restarts;
// IterationInfo::step_length carries the last step length.
// The pairs stay in the object after a call: with LBFGSOptions::warm_start the next call (same size
// of x) continues from them; reset() drops them. LBFGS is checkpointable (tag "LBFGS<MoreThuente>"
// or "LBFGS<Armijo>"): its options, the line search's options and the pairs.
// LineSearch is a policy with search(f, x0, f0, g0, d, step, x, g) and sufficient_decrease():
// MoreThuente (default) or Armijo, each constructed from its options —
// LBFGS<double, Armijo>({.memory = 5}, Armijo({.c1 = 1e-3})).
template <Scalar S, class LineSearch = MoreThuente>
class LBFGS {
 public:
  using scalar_type = S;
  using options_type = LBFGSOptions;

  LBFGS() { options_.validate(); }
  explicit LBFGS(const LBFGSOptions& options, LineSearch line_search = {})
      : options_(options), line_search_(std::move(line_search)) {
    options_.validate();
  }
  [[nodiscard]] const LBFGSOptions& options() const { return options_; }
  [[nodiscard]] const LineSearch& line_search() const { return line_search_; }
  // Correction pairs held now (those left by the last minimize() call or loaded from a checkpoint).
  [[nodiscard]] std::int64_t pair_count() const { return count_; }
  // Drops the correction pairs: the next minimize() starts along -g even with warm_start. Options stay.
  void reset() {
    s_.resize(0, 0);
    y_.resize(0, 0);
    rho_.resize(0);
    count_ = 0;
    newest_ = -1;
  }

  // Checkpoints (saddle/io/checkpoint.hpp): the options, the line search (its options) and the
  // correction pairs — s and y (n x memory, a ring), rho, count and newest. Loaded, they are what a
  // minimize() with warm_start continues from.
  static constexpr std::string_view checkpoint_tag() { return detail::LBFGSTag<LineSearch>::value; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    static_assert(Checkpointable<LineSearch>,
                  "saddle::LBFGS: to checkpoint it, its line search must be checkpointable (checkpoint_tag() and "
                  "checkpoint_fields(), see saddle/core/checkpointable.hpp; MoreThuente and Armijo are)");
    ar("options", self.options_);
    ar("line_search", self.line_search_);
    ar("s", self.s_);
    ar("y", self.y_);
    ar("rho", self.rho_);
    ar("count", self.count_);
    ar("newest", self.newest_);
    // Nothing stored yet (all empty), or n x memory pairs.
    const Index m = static_cast<Index>(self.options_.memory);
    const bool empty = self.s_.size() == 0 && self.s_.cols() == 0 && self.y_.size() == 0 && self.y_.cols() == 0 &&
                       self.rho_.size() == 0;
    ar.require(
        empty ||
            (self.s_.cols() == m && self.y_.rows() == self.s_.rows() && self.y_.cols() == m && self.rho_.size() == m),
        CheckpointReason::size, "s", "options.memory columns, as y, and rho options.memory entries (or all empty)");
    const Index slots = empty ? 0 : m;
    ar.require(self.count_ >= 0 && self.count_ <= slots, CheckpointReason::corrupted, "count",
               "0 <= count <= options.memory (0 with no pairs stored)");
    ar.require(self.newest_ >= -1 && self.newest_ < slots && (self.count_ == 0 || self.newest_ >= 0),
               CheckpointReason::corrupted, "newest", "-1 <= newest < options.memory, and newest >= 0 when count > 0");
  }

  template <class F, class... Observers>
  Result<S> minimize(F&& objective, Vector<S>& x, Observers&&... observers) {
    using Objective_ = detail::Budgeted<std::remove_reference_t<F>, S>;
    static_assert(Objective<Objective_, S>,
                  "saddle::LBFGS: the objective must be callable as `S f(const Vector<S>& x, Vector<S>& g)`");
    // f is the objective with the evaluation budget (max_evaluations is never exceeded).
    Objective_ f(objective, options_.stop.max_evaluations);
    detail::Run<S> run("LBFGS", options_.stop, x.size(), sizeof...(Observers) > 0);
    Result<S>& result = run.result;
    const Index n = x.size();
    const Index m = static_cast<Index>(options_.memory);
    const StoppingOptions& stop = options_.stop;
    // warm_start keeps the pairs of the same size; a fresh start clears them (zeros, so that a
    // checkpoint holds no stale columns).
    if (!(options_.warm_start && s_.rows() == n && s_.cols() == m && rho_.size() == m)) {
      s_.setZero(n, m);
      y_.setZero(n, m);
      rho_.setZero(m);
      count_ = 0;
      newest_ = -1;
    }
    alpha_.resize(m);
    // Work space kept between runs, so a run of the same size allocates nothing; g starts as NaN on
    // every run (an entry the objective does not write is caught).
    g_.resize(n);
    g_.setConstant(std::numeric_limits<S>::quiet_NaN());
    x0_.resize(n);
    g0_.resize(n);
    d_.resize(n);
    Vector<S>& g = g_;
    Vector<S>& x0 = x0_;
    Vector<S>& g0 = g0_;
    Vector<S>& d = d_;
    std::int64_t skipped = 0;
    std::int64_t restarts = 0;
    auto finish = [&](Status status, std::string message, S value, S gradient_norm) {
      if (skipped > 0 || restarts > 0) {
        message += detail::concat(" (", skipped, " curvature pair(s) skipped, ", restarts, " restart(s))");
      }
      result.skipped_updates = skipped;
      result.restarts = restarts;
      return run.finish(status, std::move(message), value, gradient_norm);
    };

    S value = S(0);
    if (auto bad = run.evaluate_start(f, x, g, value); !bad.empty()) {
      return finish(Status::non_finite, std::move(bad), value, std::numeric_limits<S>::quiet_NaN());
    }
    S gradient_norm = g.norm();
    S previous_value = value;
    S step_norm = S(0);
    S last_step = S(0);

    bool searching = false;  // x and g hold the line search's trial point; x0, g0 and value the iterate
    try {
      for (std::int64_t k = 0;; ++k) {
        const IterationInfo<S> info =
            run.info(k, value, gradient_norm, step_norm, {.step_length = static_cast<double>(last_step)}, x, g);
        if (auto reason = detail::observe_and_check(stop, info, previous_value, observers...)) {
          return finish(reason->first, std::move(reason->second), value, gradient_norm);
        }

        x0 = x;
        g0 = g;
        const S f0 = value;
        direction(g0, d);
        searching = true;
        S step = count_ == 0 ? S(1) / gradient_norm : S(1);
        auto searched = line_search_.search(f, x0, f0, g0, d, step, x, g);
        result.function_evaluations += searched.evaluations;
        result.gradient_evaluations += searched.evaluations;
        if (searched.status == LineSearchStatus::non_finite && !acceptable(searched, f0, g0.dot(d))) {
          x = x0;
          g = g0;
          return finish(Status::non_finite, non_finite_failure(searched, k), f0, gradient_norm);
        }
        if (!acceptable(searched, f0, g0.dot(d))) {
          if (count_ == 0) {  // already along -g: nothing to restart from
            x = x0;
            g = g0;
            return finish(Status::line_search_failed, failure(searched, k, "along -g"), f0, gradient_norm);
          }
          count_ = 0;  // restart from steepest descent, once
          ++restarts;
          d = -g0;
          step = S(1) / gradient_norm;
          searched = line_search_.search(f, x0, f0, g0, d, step, x, g);
          result.function_evaluations += searched.evaluations;
          result.gradient_evaluations += searched.evaluations;
          if (!acceptable(searched, f0, g0.dot(d))) {
            x = x0;
            g = g0;
            if (searched.status == LineSearchStatus::non_finite) {
              return finish(Status::non_finite, non_finite_failure(searched, k), f0, gradient_norm);
            }
            return finish(Status::line_search_failed, failure(searched, k, "after a restart along -g"), f0,
                          gradient_norm);
          }
        }
        searching = false;
        previous_value = f0;
        value = searched.value;
        last_step = searched.step;
        gradient_norm = g.norm();
        // The new pair, kept only if it has positive curvature.
        const Index slot = newest_ + 1 == m ? 0 : newest_ + 1;
        s_.col(slot) = x - x0;
        y_.col(slot) = g - g0;
        step_norm = s_.col(slot).norm();
        const S sy = s_.col(slot).dot(y_.col(slot));
        if (sy > static_cast<S>(options_.curvature_epsilon) * step_norm * y_.col(slot).norm()) {
          rho_[slot] = S(1) / sy;
          newest_ = slot;
          count_ = std::min<Index>(count_ + 1, m);
        } else {
          ++skipped;
          if (count_ == m) {  // the slot held the oldest pair, now overwritten by the skipped one
            --count_;
          }
        }
      }
    } catch (const detail::BudgetSpent&) {
      // Only a line search evaluates f inside the loop: back to the iterate it started from.
      x = x0;
      g = g0;
      std::string message = detail::settle_spent_budget(result, f, result.iterations);
      return finish(Status::max_evaluations, std::move(message), value, gradient_norm);
    } catch (...) {
      if (searching) {  // an objective that throws leaves x at the last accepted iterate
        x = x0;
        g = g0;
      }
      throw;
    }
  }

 private:
  // d = -H g by the two-loop recursion (Nocedal & Wright 2006, Algorithm 7.4).
  void direction(const Vector<S>& g, Vector<S>& d) {
    d = -g;
    if (count_ == 0) {
      return;
    }
    const Index m = s_.cols();
    Index i = newest_;
    for (Index j = 0; j < count_; ++j) {  // newest to oldest (ring indices wrap without a division)
      alpha_[i] = rho_[i] * s_.col(i).dot(d);
      d.noalias() -= alpha_[i] * y_.col(i);
      i = i == 0 ? m - 1 : i - 1;
    }
    d *= (S(1) / rho_[newest_]) / y_.col(newest_).squaredNorm();  // H_0 = s^T y / y^T y
    i = i == m - 1 ? 0 : i + 1;  // the oldest pair
    for (Index j = 0; j < count_; ++j) {
      const S beta = rho_[i] * y_.col(i).dot(d);
      d.noalias() += (alpha_[i] - beta) * s_.col(i);
      i = i == m - 1 ? 0 : i + 1;
    }
  }

  // Converged, or at least sufficient decrease at a finite point.
  bool acceptable(const LineSearchResult<S>& r, S f0, S slope) const {
    if (r.converged()) {
      return true;
    }
    // A search that ended on NaN/Inf trials may still return an earlier finite point with enough
    // decrease: that point is taken, as for any other unconverged search.
    if (r.status == LineSearchStatus::not_descent || !std::isfinite(r.value)) {
      return false;
    }
    return r.step > S(0) && r.value <= f0 + static_cast<S>(line_search_.sufficient_decrease()) * r.step * slope;
  }

  std::string non_finite_failure(const LineSearchResult<S>& r, std::int64_t k) const {
    return detail::concat("f or its gradient was NaN/Inf at every trial of the line search from iteration ", k,
                          " (", r.evaluations, " evaluations, down to step ", r.step,
                          "); x is the last accepted iterate");
  }

  std::string failure(const LineSearchResult<S>& r, std::int64_t k, const char* where) const {
    return detail::concat("line search ", to_string(r.status), " ", where, " at iteration ", k, " (step ", r.step,
                          ", ", r.evaluations, " evaluations); x is the last accepted iterate");
  }

  LBFGSOptions options_{};
  LineSearch line_search_{};
  // Work space (not checkpointed).
  Vector<S> g_;
  Vector<S> x0_;
  Vector<S> g0_;
  Vector<S> d_;
  Vector<S> alpha_;
  // The correction pairs: columns of s_ and y_ (n x m) in a ring, the newest at newest_ (-1: none
  // yet), count_ of them in use, rho_[i] = 1 / s_i^T y_i.
  Matrix<S> s_;
  Matrix<S> y_;
  Vector<S> rho_;
  Index count_ = 0;
  Index newest_ = -1;
};

}  // namespace saddle
