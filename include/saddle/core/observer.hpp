// Observers: callables that see every iterate of a run and may stop it; History records a run.
#pragma once

#include <concepts>
#include <cstdint>
#include <string_view>
#include <limits>
#include <ostream>
#include <type_traits>
#include <vector>

#include "saddle/core/checkpointable.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

// What an observer may answer. An observer may also return void (it never stops the run).
enum class ObserverAction { proceed, stop };

// What an observer sees after each evaluation; iteration 0 is the start point. Each method fills
// the number that drives it and leaves the others NaN, so a recorded column never mixes units.
template <Scalar S>
struct IterationInfo {
  std::int64_t iteration;             // steps taken so far
  S value;                            // f(x)
  S gradient_norm;                    // |grad f(x)|_2
  S step_norm;                        // |x_k - x_{k-1}|_2 (0 at iteration 0)
  double lr;                          // a stepper's learning rate for the next step (NaN for other methods)
  double step_length;                 // the line search's last step alpha (L-BFGS; NaN elsewhere)
  double damping;                     // the damping lambda of (B + lambda I) (Newton-CG; NaN elsewhere)
  double radius;                      // the trust-region radius (trust region; NaN elsewhere)
  const Vector<S>& x;                 // the current iterate
  const Vector<S>& gradient;          // grad f(x)
  std::int64_t function_evaluations;  // so far
  std::int64_t gradient_evaluations;  // so far
  std::int64_t hvp_evaluations;       // Hessian-vector products so far
  double seconds;                     // since the run started
};

// The method-specific numbers of an IterationInfo (NaN: does not apply).
struct IterationParameters {
  double lr = std::numeric_limits<double>::quiet_NaN();
  double step_length = std::numeric_limits<double>::quiet_NaN();
  double damping = std::numeric_limits<double>::quiet_NaN();
  double radius = std::numeric_limits<double>::quiet_NaN();
};

template <class O, class S>
concept Observer = std::invocable<O&, const IterationInfo<S>&> &&
                   (std::is_void_v<std::invoke_result_t<O&, const IterationInfo<S>&>> ||
                    std::same_as<std::invoke_result_t<O&, const IterationInfo<S>&>, ObserverAction>);

namespace detail {

template <class S, class O>
ObserverAction notify(O& observer, const IterationInfo<S>& info) {
  if constexpr (std::is_void_v<std::invoke_result_t<O&, const IterationInfo<S>&>>) {
    observer(info);
    return ObserverAction::proceed;
  } else {
    return observer(info);
  }
}

}  // namespace detail

struct HistoryOptions {
  bool record_x = false;   // also keep a copy of x (memory: one vector per recorded iterate)
  std::int64_t every = 1;  // record iterations 0, every, 2*every, ...; >= 1

  static constexpr std::string_view checkpoint_tag() { return "HistoryOptions"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& o, Archive& ar) {
    ar("record_x", o.record_x);
    ar("every", o.every);
  }

  void validate() const { detail::require("HistoryOptions", "every", every, detail::at_least(1)); }
};

// Records value, gradient norm and the method's parameters (lr, step length, damping, radius:
// NaN where they do not apply) of a run, and x on request. Pass it to minimize() as an lvalue
// and read it afterwards.
template <Scalar S>
class History {
 public:
  History() = default;
  explicit History(const HistoryOptions& options) : options_(options) { options_.validate(); }

  ObserverAction operator()(const IterationInfo<S>& info) {
    if (info.iteration % options_.every != 0) {
      return ObserverAction::proceed;
    }
    iterations_.push_back(info.iteration);
    values_.push_back(info.value);
    gradient_norms_.push_back(info.gradient_norm);
    learning_rates_.push_back(info.lr);
    step_lengths_.push_back(info.step_length);
    dampings_.push_back(info.damping);
    radii_.push_back(info.radius);
    if (options_.record_x) {
      iterates_.push_back(info.x);
    }
    return ObserverAction::proceed;
  }

  [[nodiscard]] std::size_t size() const { return values_.size(); }
  [[nodiscard]] const std::vector<std::int64_t>& iterations() const { return iterations_; }
  [[nodiscard]] const std::vector<S>& values() const { return values_; }
  [[nodiscard]] const std::vector<S>& gradient_norms() const { return gradient_norms_; }
  [[nodiscard]] const std::vector<double>& learning_rates() const { return learning_rates_; }
  [[nodiscard]] const std::vector<double>& step_lengths() const { return step_lengths_; }
  [[nodiscard]] const std::vector<double>& dampings() const { return dampings_; }
  [[nodiscard]] const std::vector<double>& radii() const { return radii_; }
  [[nodiscard]] const std::vector<Vector<S>>& iterates() const { return iterates_; }

  void clear() {
    iterations_.clear();
    values_.clear();
    gradient_norms_.clear();
    learning_rates_.clear();
    step_lengths_.clear();
    dampings_.clear();
    radii_.clear();
    iterates_.clear();
  }

  // CSV with a header: iteration,value,gradient_norm,lr,step_length,damping,radius[,x0,x1,...].
  void write_csv(std::ostream& out) const {
    const auto old_precision = out.precision(std::numeric_limits<S>::max_digits10);
    out << "iteration,value,gradient_norm,lr,step_length,damping,radius";
    const Index d = iterates_.empty() ? 0 : iterates_.front().size();
    for (Index j = 0; j < d; ++j) {
      out << ",x" << j;
    }
    out << '\n';
    for (std::size_t i = 0; i < values_.size(); ++i) {
      out << iterations_[i] << ',' << values_[i] << ',' << gradient_norms_[i] << ',' << learning_rates_[i] << ','
          << step_lengths_[i] << ',' << dampings_[i] << ',' << radii_[i];
      for (Index j = 0; j < d; ++j) {
        out << ',' << iterates_[i][j];
      }
      out << '\n';
    }
    out.precision(old_precision);
  }

  // Checkpoints (saddle/io/checkpoint.hpp): the options and everything recorded.
  using scalar_type = S;
  static constexpr std::string_view checkpoint_tag() { return "History"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    ar("options", self.options_);
    ar("iterations", self.iterations_);
    ar("values", self.values_);
    ar("gradient_norms", self.gradient_norms_);
    ar("learning_rates", self.learning_rates_);
    ar("step_lengths", self.step_lengths_);
    ar("dampings", self.dampings_);
    ar("radii", self.radii_);
    ar("iterates", self.iterates_);
    const std::size_t n = self.iterations_.size();
    ar.require(self.values_.size() == n && self.gradient_norms_.size() == n && self.learning_rates_.size() == n &&
                   self.step_lengths_.size() == n && self.dampings_.size() == n && self.radii_.size() == n,
               CheckpointReason::size, "values", "one entry per recorded iteration in every column");
    ar.require(self.iterates_.empty() || self.iterates_.size() == n, CheckpointReason::size, "iterates",
               "no entries or one per recorded iteration");
  }

 private:
  HistoryOptions options_{};
  std::vector<std::int64_t> iterations_;
  std::vector<S> values_;
  std::vector<S> gradient_norms_;
  std::vector<double> learning_rates_;
  std::vector<double> step_lengths_;
  std::vector<double> dampings_;
  std::vector<double> radii_;
  std::vector<Vector<S>> iterates_;
};

}  // namespace saddle
