// Observers: callables that see every iterate of a run and may stop it; History records a run.
#pragma once

#include <concepts>
#include <cstdint>
#include <limits>
#include <ostream>
#include <type_traits>
#include <vector>

#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

// What an observer may answer. An observer may also return void (it never stops the run).
enum class ObserverAction { proceed, stop };

// What an observer sees after each evaluation; iteration 0 is the start point.
template <Scalar S>
struct IterationInfo {
  std::int64_t iteration;             // steps taken so far
  S value;                            // f(x)
  S gradient_norm;                    // |grad f(x)|_2
  S step_norm;                        // |x_k - x_{k-1}|_2 (0 at iteration 0)
  double lr;                          // the stepper's learning rate for the next step (NaN if it has none)
  const Vector<S>& x;                 // the current iterate
  const Vector<S>& gradient;          // grad f(x)
  std::int64_t function_evaluations;  // so far
  std::int64_t gradient_evaluations;  // so far
  double seconds;                     // since the run started
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

  void validate() const { detail::require("HistoryOptions", "every", every, detail::at_least(1)); }
};

// Records value, gradient norm and learning rate of a run (and x on request). Pass it to
// minimize() as an lvalue and read it afterwards.
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
  [[nodiscard]] const std::vector<Vector<S>>& iterates() const { return iterates_; }

  void clear() {
    iterations_.clear();
    values_.clear();
    gradient_norms_.clear();
    learning_rates_.clear();
    iterates_.clear();
  }

  // CSV with a header: iteration,value,gradient_norm,lr[,x0,x1,...].
  void write_csv(std::ostream& out) const {
    const auto old_precision = out.precision(std::numeric_limits<S>::max_digits10);
    out << "iteration,value,gradient_norm,lr";
    const Index d = iterates_.empty() ? 0 : iterates_.front().size();
    for (Index j = 0; j < d; ++j) {
      out << ",x" << j;
    }
    out << '\n';
    for (std::size_t i = 0; i < values_.size(); ++i) {
      out << iterations_[i] << ',' << values_[i] << ',' << gradient_norms_[i] << ',' << learning_rates_[i];
      for (Index j = 0; j < d; ++j) {
        out << ',' << iterates_[i][j];
      }
      out << '\n';
    }
    out.precision(old_precision);
  }

 private:
  HistoryOptions options_{};
  std::vector<std::int64_t> iterations_;
  std::vector<S> values_;
  std::vector<S> gradient_norms_;
  std::vector<double> learning_rates_;
  std::vector<Vector<S>> iterates_;
};

}  // namespace saddle
