// Scheduled<Stepper, Schedule>: a schedule attached to any stepper, chain or group of steppers.
// The step counter lives here alone, so the lr of every update is schedule(k, base_lr) and the
// call-order mistakes of torch's loop (scheduler.step() before optimizer.step()) cannot happen.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "saddle/core/checkpointable.hpp"
#include "saddle/core/stepper.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/wrapper.hpp"
#include "saddle/schedules/schedule.hpp"

namespace saddle {

namespace detail {

// Sets the lr of update k on a stepper; groups get their own base lr each (as torch's
// schedulers treat param groups), a scheduled stepper inside takes it as its base (the schedules
// compose), chains pass it on to their stepper.
template <class T, class ScheduleT>
void apply_schedule_lr(T& stepper, const ScheduleT& schedule, std::int64_t k, double base_lr) {
  if constexpr (requires { stepper.group_count(); stepper.base_lr(0); stepper.stepper(0).set_lr(0.0); }) {
    for (std::size_t i = 0; i < stepper.group_count(); ++i) {
      if constexpr (requires { ScheduleT::absolute_lr; }) {
        // A schedule of absolute lrs (one-cycle's max_lr) scales per group by the groups' base lrs,
        // as torch's per-group max_lr would: group i peaks at max_lr * base_lr(i) / base_lr(0).
        const double base0 = stepper.base_lr(0);
        const double ratio = base0 > 0.0 ? stepper.base_lr(i) / base0 : 1.0;
        stepper.stepper(i).set_lr(schedule(k, base_lr) * ratio);
      } else {
        stepper.stepper(i).set_lr(schedule(k, stepper.base_lr(i)));
      }
    }
  } else if constexpr (requires { stepper.set_base_lr(0.0); }) {
    stepper.set_lr(schedule(k, base_lr));  // a scheduled stepper inside: its base, which it scales
  } else if constexpr (requires { stepper.stepper().set_lr(0.0); }) {
    apply_schedule_lr(stepper.stepper(), schedule, k, base_lr);
  } else {
    stepper.set_lr(schedule(k, base_lr));
  }
}

// Sets the momentum coefficient: momentum for SGD and RMSprop, beta1 for Adam and AdamW.
template <class T>
void apply_momentum(T& stepper, double momentum) {
  if constexpr (requires { stepper.set_momentum(momentum); }) {
    stepper.set_momentum(momentum);
  } else if constexpr (requires { stepper.set_beta1(momentum); }) {
    stepper.set_beta1(momentum);
  } else {
    static_assert(sizeof(T) == 0, "saddle::Scheduled: the schedule cycles momentum, but the stepper has neither "
                                  "set_momentum() nor set_beta1()");
  }
}

}  // namespace detail

// The schedule owns lr: lr() is the lr of the next update, set_lr() changes the base it scales (so a
// scheduled stepper inside another wrapper or schedule composes). momentum/beta1 reach the stepper;
// observe() feeds both the schedule (if it learns, e.g. reduce-on-plateau) and whatever learns inside
// the stepper; reset() starts over (stepper state, step counter, the schedule's state).
template <class StepperT, Schedule ScheduleT>
class Scheduled : public detail::StepperWrapper<Scheduled<StepperT, ScheduleT>, StepperT> {
 public:
  using scalar_type = typename StepperT::scalar_type;
  using S = scalar_type;

  // base_lr: the lr the schedule scales; by default the stepper's lr at attachment.
  Scheduled(StepperT stepper, ScheduleT schedule)
      : stepper_(std::move(stepper)), schedule_(std::move(schedule)), base_lr_(stepper_.lr()) {
    detail::validate_schedule(schedule_);
    apply(0);
  }

  // Sets lr (and momentum) of update steps() on the stepper, steps, and counts the update if it
  // was applied (a refused non-finite step does not advance the schedule). The stepper's lr is set
  // right before each step; between steps, lr() says what the next update will use.
  StepStatus step(Eigen::Ref<Vector<S>> x, const Eigen::Ref<const Vector<S>>& g) {
    apply(step_);
    const StepStatus status = stepper_.step(x, g);
    if (status == StepStatus::applied) {
      ++step_;
    }
    return status;
  }

  // Feeds a metric to a schedule that observes one (reduce-on-plateau; also inside sequences and
  // chains) and to whatever observes inside the stepper. minimize() calls it with f after every
  // evaluation.
  // Always available (a no-op when nothing learns), so a generic training loop can feed every
  // scheduled stepper its loss.
  void observe(double metric) {
    if constexpr (ObservingSchedule<ScheduleT>) {
      schedule_.observe(metric, step_, base_lr_);
    }
    if constexpr (requires { stepper_.observe(metric); }) {
      stepper_.observe(metric);
    }
  }

  // The lr the next update uses.
  [[nodiscard]] double lr() const { return schedule_(step_, base_lr_); }
  // Changes the base the schedule scales (torch: the param group's initial_lr); set_lr is the same,
  // so an outer schedule or wrapper that sets this one's lr scales it.
  void set_base_lr(double base_lr) { base_lr_ = base_lr; }
  void set_lr(double lr) { set_base_lr(lr); }
  [[nodiscard]] double base_lr() const { return base_lr_; }
  // Updates done under this schedule (the k of schedule(k, base_lr)); settable to resume.
  [[nodiscard]] std::int64_t steps() const { return step_; }
  void set_steps(std::int64_t step) { step_ = step; }
  [[nodiscard]] std::int64_t skipped_steps() const
    requires requires(const StepperT& s) { s.skipped_steps(); }
  {
    return stepper_.skipped_steps();
  }

  [[nodiscard]] StepperT& stepper() { return stepper_; }
  [[nodiscard]] const StepperT& stepper() const { return stepper_; }
  [[nodiscard]] ScheduleT& schedule() { return schedule_; }
  [[nodiscard]] const ScheduleT& schedule() const { return schedule_; }

  // Checkpoints (saddle/io/checkpoint.hpp): the stepper, the schedule's state (an empty record for
  // a closed-form schedule, which is configuration), the base lr and the step counter.
  static constexpr std::string_view checkpoint_tag() { return "Scheduled"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    static_assert(Checkpointable<StepperT>, "saddle::Scheduled: to checkpoint a scheduled stepper, its stepper must "
                                            "be checkpointable (see saddle/core/checkpointable.hpp)");
    ar("stepper", self.stepper_);
    detail::checkpoint_part(ar, "schedule", self.schedule_);
    ar("base_lr", self.base_lr_);
    ar("step", self.step_);
    ar.require(self.step_ >= 0, CheckpointReason::corrupted, "step", "step >= 0");
  }

 private:
  friend class detail::StepperWrapper<Scheduled, StepperT>;
  template <class Fn>
  void for_each_part(Fn&& fn) {
    fn(stepper_);
  }
  [[nodiscard]] const StepperT& front_part() const { return stepper_; }
  void reset_own() {
    step_ = 0;
    if constexpr (requires { schedule_.reset(); }) {
      schedule_.reset();
    }
    apply(0);
  }

  void apply(std::int64_t k) {
    detail::apply_schedule_lr(stepper_, schedule_, k, base_lr_);
    if constexpr (MomentumSchedule<ScheduleT>) {
      if (const std::optional<double> momentum = schedule_.momentum(k)) {
        detail::apply_momentum(stepper_, *momentum);
      }
    }
  }

  StepperT stepper_;
  ScheduleT schedule_;
  double base_lr_;
  std::int64_t step_ = 0;
};

// scheduled(stepper, schedule): the stepper with the schedule attached. Both are taken by value:
// the result owns copies (reach them with stepper() and schedule()).
template <class StepperT, Schedule ScheduleT>
Scheduled<StepperT, ScheduleT> scheduled(StepperT stepper, ScheduleT schedule) {
  return Scheduled<StepperT, ScheduleT>(std::move(stepper), std::move(schedule));
}

}  // namespace saddle
