// What the first-order steppers share besides their update rule: options that may change between
// steps, the learning rate, the finite-gradient check and the counts of applied and refused steps.
#pragma once

#include <cmath>
#include <cstdint>
#include <type_traits>

#include "saddle/core/simd.hpp"
#include "saddle/core/types.hpp"

namespace saddle::detail {

// Options is an options struct with a `double lr` and a `bool check_finite` field and validate().
// Every change of options is validated first; a rejected change leaves them as they were.
template <class Options>
class StepperBase {
 public:
  using options_type = Options;

  [[nodiscard]] double lr() const { return options_.lr; }
  void set_lr(double lr) { update([&](Options& o) { o.lr = lr; }); }
  [[nodiscard]] const Options& options() const { return options_; }
  // Replaces every option at once (validated first; a rejected set changes nothing).
  void set_options(const Options& options) { update([&](Options& o) { o = options; }); }

  [[nodiscard]] std::int64_t steps() const { return steps_; }                  // steps applied
  [[nodiscard]] std::int64_t skipped_steps() const { return skipped_steps_; }  // steps refused (non-finite g)

 protected:
  StepperBase() { options_.validate(); }
  explicit StepperBase(const Options& options) : options_(options) { options_.validate(); }

  template <class Change>
  void update(Change change) {
    Options candidate = options_;
    change(candidate);
    candidate.validate();
    options_ = candidate;
  }

  // True (and the step counted as refused) when the check is on and scale or g is not finite.
  // finite_checked: the caller has verified g and scale already (gradient clipping does).
  template <Scalar S>
  bool refuse_non_finite(const Eigen::Ref<const Vector<S>>& g, S scale, bool finite_checked) {
    if (options_.check_finite && !finite_checked && !(std::isfinite(scale) && simd::all_finite(g.data(), g.size()))) {
      ++skipped_steps_;
      return true;
    }
    return false;
  }

  // Checkpoints (saddle/core/checkpointable.hpp): what every stepper stores before its own state.
  template <class Self, class Archive>
  static void base_checkpoint_fields(Self& self, Archive& ar) {
    std::conditional_t<std::is_const_v<Self>, const StepperBase, StepperBase>& base = self;
    ar("options", base.options_);
    ar("steps", base.steps_);
    ar("skipped_steps", base.skipped_steps_);
  }

  void reset_counts() {
    steps_ = 0;
    skipped_steps_ = 0;
  }

  Options options_{};
  std::int64_t steps_ = 0;
  std::int64_t skipped_steps_ = 0;
};

}  // namespace saddle::detail
