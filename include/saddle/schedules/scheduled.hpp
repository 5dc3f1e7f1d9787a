// Scheduled<Stepper, Schedule>: a schedule attached to any stepper, chain or group of steppers.
// The step counter lives here alone, so the lr of every update is schedule(k, base_lr) and the
// call-order mistakes of torch's loop (scheduler.step() before optimizer.step()) cannot happen.
#pragma once

#include <cstdint>
#include <utility>

#include "saddle/core/stepper.hpp"
#include "saddle/core/types.hpp"
#include "saddle/schedules/schedule.hpp"

namespace saddle {

namespace detail {

// Sets the lr of update k on a stepper; groups get their own base lr each (as torch's
// schedulers treat param groups), chains pass it on to their stepper.
template <class T, class ScheduleT>
void apply_schedule_lr(T& stepper, const ScheduleT& schedule, std::int64_t k, double base_lr) {
  if constexpr (requires { stepper.group_count(); stepper.base_lr(0); stepper.stepper(0).set_lr(0.0); }) {
    for (std::size_t i = 0; i < stepper.group_count(); ++i) {
      stepper.stepper(i).set_lr(schedule(k, stepper.base_lr(i)));
    }
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

template <class StepperT, Schedule ScheduleT>
class Scheduled {
 public:
  using scalar_type = typename StepperT::scalar_type;
  using S = scalar_type;

  // base_lr: the lr the schedule scales; by default the stepper's lr at attachment.
  Scheduled(StepperT stepper, ScheduleT schedule)
      : stepper_(std::move(stepper)), schedule_(std::move(schedule)), base_lr_(stepper_.lr()) {
    schedule_.validate();
    apply(0);
  }

  // Sets lr (and momentum) of update step_count() on the stepper, steps, and counts the update if
  // it was applied (a refused non-finite step does not advance the schedule). The stepper's lr is
  // set right before each step; between steps, lr() says what the next update will use.
  StepStatus step(Eigen::Ref<Vector<S>> x, const Eigen::Ref<const Vector<S>>& g) {
    apply(step_);
    const StepStatus status = stepper_.step(x, g);
    if (status == StepStatus::applied) {
      ++step_;
    }
    return status;
  }

  // Feeds a metric to a schedule that observes one (reduce-on-plateau; also inside sequences and
  // chains). minimize() calls it with f after every evaluation.
  void observe(double metric)
    requires ObservingSchedule<ScheduleT>
  {
    schedule_.observe(metric, step_, base_lr_);
  }

  // The lr the next update uses.
  [[nodiscard]] double lr() const { return schedule_(step_, base_lr_); }
  // Changes the base the schedule scales (torch: the param group's initial_lr).
  void set_base_lr(double base_lr) { base_lr_ = base_lr; }
  [[nodiscard]] double base_lr() const { return base_lr_; }
  // Updates done under this schedule (the k of schedule(k, base_lr)); settable to resume.
  [[nodiscard]] std::int64_t step_count() const { return step_; }
  void set_step_count(std::int64_t step) { step_ = step; }

  [[nodiscard]] StepperT& stepper() { return stepper_; }
  [[nodiscard]] const StepperT& stepper() const { return stepper_; }
  [[nodiscard]] ScheduleT& schedule() { return schedule_; }
  [[nodiscard]] const ScheduleT& schedule() const { return schedule_; }
  [[nodiscard]] std::int64_t steps() const { return stepper_.steps(); }

 private:
  void apply(std::int64_t k) {
    detail::apply_schedule_lr(stepper_, schedule_, k, base_lr_);
    if constexpr (MomentumSchedule<ScheduleT>) {
      const double momentum = schedule_.momentum(k);
      if (momentum >= 0.0) {
        detail::apply_momentum(stepper_, momentum);
      }
    }
  }

  StepperT stepper_;
  ScheduleT schedule_;
  double base_lr_;
  std::int64_t step_ = 0;
};

// scheduled(stepper, schedule): the stepper with the schedule attached.
template <class StepperT, Schedule ScheduleT>
Scheduled<StepperT, ScheduleT> scheduled(StepperT stepper, ScheduleT schedule) {
  return Scheduled<StepperT, ScheduleT>(std::move(stepper), std::move(schedule));
}

}  // namespace saddle
