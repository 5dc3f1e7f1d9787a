// What the first-order steppers share besides their update rule: options that may change between
// steps, the learning rate, the finite-gradient check and the counts of applied and refused steps.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "saddle/core/checkpointable.hpp"
#include "saddle/core/format.hpp"
#include "saddle/core/simd.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"

namespace saddle::detail {

// True when a positive eps (Adam's, RMSprop's) would round to 0 in the stepper's scalar type S:
// the denominator sqrt(v) + eps could then be 0, and a gradient entry that is 0 from the start would
// put 0/0 into x. (torch rounds such an eps to 0 silently; saddle refuses it.)
template <class S, class Options>
[[nodiscard]] bool eps_vanishes(const Options& o) {
  if constexpr (!std::is_void_v<S> && requires { o.eps; }) {
    return o.eps > 0.0 && static_cast<S>(o.eps) == S(0);
  } else {
    return false;
  }
}

template <class S, class Options>
void require_representable_eps(const Options& o) {
  if constexpr (!std::is_void_v<S> && requires { o.eps; }) {
    if (eps_vanishes<S>(o)) {
      throw_violation_that(
          Options::checkpoint_tag(), "eps", concat(exact(o.eps)),
          concat("eps == 0 or eps > ", exact(static_cast<double>(std::numeric_limits<S>::denorm_min()) / 2),
                 " (a smaller eps rounds to 0 in ", std::is_same_v<S, float> ? "float" : "double", ")"));
    }
  }
}

// Options is an options struct with a `double lr` and a `bool check_finite` field and validate();
// S is the stepper's scalar type (void: none of the options depends on it).
// Every change of options is validated first; a rejected change leaves them as they were.
template <class Options, class S = void>
class StepperBase {
 public:
  using options_type = Options;

  [[nodiscard]] double lr() const { return options_.lr; }
  void set_lr(double lr) {
    update([&](Options& o) { o.lr = lr; });
  }
  [[nodiscard]] const Options& options() const { return options_; }
  // Replaces every option at once (validated first; a rejected set changes nothing).
  void set_options(const Options& options) {
    update([&](Options& o) { o = options; });
  }

  [[nodiscard]] std::int64_t steps() const { return steps_; }                  // steps applied
  [[nodiscard]] std::int64_t skipped_steps() const { return skipped_steps_; }  // steps refused (non-finite g)

 protected:
  StepperBase() { validate(options_); }
  explicit StepperBase(const Options& options) : options_(options) { validate(options_); }

  static void validate(const Options& options) {
    options.validate();
    require_representable_eps<S>(options);
  }

  template <class Change>
  void update(Change change) {
    Options candidate = options_;
    change(candidate);
    validate(candidate);
    options_ = candidate;
  }

  // True (and the step counted as refused) when the check is on and scale or g is not finite.
  // finite_checked: the caller has verified g and scale already (gradient clipping does).
  template <Scalar T>
  bool refuse_non_finite(const Eigen::Ref<const Vector<T>>& g, T scale, bool finite_checked) {
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
    ar.require(!eps_vanishes<S>(base.options_), CheckpointReason::corrupted, "options",
               "an eps that does not round to 0 in the stepper's scalar type");
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
