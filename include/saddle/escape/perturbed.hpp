// perturbed(stepper, PerturbationOptions): the perturbation rule of perturbed gradient descent
// (Jin et al. 2017) around any stepper — SGD, Adam, a chain, a scheduled stepper — for a training
// loop: where the gradient is small and no perturbation was made in the last escape_steps steps, x
// gets a random kick after the step.
#pragma once

#include <cmath>
#include <concepts>
#include <cstdint>
#include <string_view>
#include <utility>

#include "saddle/core/checkpointable.hpp"
#include "saddle/core/stepper.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/core/wrapper.hpp"
#include "saddle/escape/perturbed_gradient_descent.hpp"

namespace saddle {

struct PerturbationOptions {
  double radius = 1e-2;              // r: the perturbation's size (see shape); 0 < radius < inf
  double gradient_threshold = 1e-4;  // g_thres: perturb after a step whose |g| <= this; 0 < it < inf
  std::int64_t escape_steps = 200;   // t_thres: steps between perturbations at least; >= 1
  PerturbationShape shape = PerturbationShape::ball;  // uniform in the ball of radius r, or N(0, r^2 / d I)
  std::uint64_t seed = 0;            // the perturbations' stream (reset() restarts it)

  static constexpr std::string_view checkpoint_tag() { return "PerturbationOptions"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& o, Archive& ar) {
    ar("radius", o.radius);
    ar("gradient_threshold", o.gradient_threshold);
    ar("escape_steps", o.escape_steps);
    ar("shape", o.shape);
    ar("seed", o.seed);
  }

  void validate() const {
    constexpr auto owner = "PerturbationOptions";
    detail::require_perturbation_shape(owner, shape);
    detail::require(owner, "radius", radius, detail::open(0, detail::infinity));
    detail::require(owner, "gradient_threshold", gradient_threshold, detail::open(0, detail::infinity));
    detail::require(owner, "escape_steps", escape_steps, detail::at_least(1));
  }
};

// Perturbed<Stepper>: step(x, g) steps the stepper, then, if |g| <= g_thres and the last perturbation
// is more than escape_steps steps ago, adds xi to x (so the next gradient is taken at the perturbed
// point, as in PGD). A refused step (non-finite g) perturbs nothing. lr, momentum, observe and reset
// reach the stepper (StepperWrapper); reset() also restarts the perturbation stream and counts.
template <class StepperT>
class Perturbed : public detail::StepperWrapper<Perturbed<StepperT>, StepperT> {
 public:
  using scalar_type = typename StepperT::scalar_type;
  using S = scalar_type;

  Perturbed(StepperT stepper, const PerturbationOptions& options)
      : stepper_(std::move(stepper)), options_(options) {
    options_.validate();
    rule_.restart(0, options_.seed);
  }

  StepStatus step(Eigen::Ref<Vector<S>> x, const Eigen::Ref<const Vector<S>>& g) {
    const StepStatus status = [&] {
      if constexpr (std::same_as<decltype(stepper_.step(x, g)), StepStatus>) {
        return stepper_.step(x, g);
      } else {
        stepper_.step(x, g);
        return StepStatus::applied;
      }
    }();
    if (status != StepStatus::applied) {
      return status;
    }
    ++steps_;
    rule_.step();
    if (rule_.due(g.norm(), options_.gradient_threshold, options_.escape_steps)) {
      rule_.perturb(x, options_.shape, options_.radius);
    }
    return status;
  }

  [[nodiscard]] const PerturbationOptions& options() const { return options_; }
  // Perturbations made so far.
  [[nodiscard]] std::int64_t perturbations() const { return rule_.count(); }
  [[nodiscard]] std::int64_t steps() const { return steps_; }
  [[nodiscard]] std::int64_t skipped_steps() const
    requires requires(const StepperT& s) { s.skipped_steps(); }
  {
    return stepper_.skipped_steps();
  }
  [[nodiscard]] StepperT& stepper() { return stepper_; }
  [[nodiscard]] const StepperT& stepper() const { return stepper_; }

  // Checkpoints (saddle/io/checkpoint.hpp): the stepper, the options, the perturbation stream and
  // its counters, and the step count.
  static constexpr std::string_view checkpoint_tag() { return "Perturbed"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    static_assert(Checkpointable<StepperT>, "saddle::Perturbed: to checkpoint it, its stepper must be checkpointable "
                                            "(see saddle/core/checkpointable.hpp)");
    ar("stepper", self.stepper_);
    ar("options", self.options_);
    ar("rule", self.rule_);
    ar("steps", self.steps_);
  }

 private:
  friend class detail::StepperWrapper<Perturbed, StepperT>;
  template <class Fn>
  void for_each_part(Fn&& fn) {
    fn(stepper_);
  }
  [[nodiscard]] const StepperT& front_part() const { return stepper_; }
  void reset_own() {
    rule_.restart(0, options_.seed);
    steps_ = 0;
  }

  StepperT stepper_;
  PerturbationOptions options_;
  detail::PerturbationRule<S> rule_;
  std::int64_t steps_ = 0;
};

// perturbed(stepper, options): the stepper with PGD's perturbation rule (taken by value).
template <class StepperT>
Perturbed<StepperT> perturbed(StepperT stepper, const PerturbationOptions& options = {}) {
  return Perturbed<StepperT>(std::move(stepper), options);
}

}  // namespace saddle
