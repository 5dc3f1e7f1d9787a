// The schedule contract: a learning-rate policy is a value with lr = s(step, base_lr), the lr for
// the update with 0-based index `step` (torch's lr after `step` calls of scheduler.step()).
#pragma once

#include <concepts>
#include <cstdint>

namespace saddle {

// A closed-form schedule: `s(step, base_lr)` is the lr of update `step` for a stepper whose
// initial lr is base_lr. Pure: the same arguments give the same lr.
template <class T>
concept Schedule = requires(const T& s, std::int64_t step, double base_lr) {
  { s(step, base_lr) } -> std::convertible_to<double>;
  s.validate();
};

// A schedule that also learns from a metric (reduce-on-plateau and composites holding one):
// observe(metric, step, base_lr) is called once per observed metric with the step about to run.
template <class T>
concept ObservingSchedule = Schedule<T> && requires(T& s, double metric, std::int64_t step, double base_lr) {
  s.observe(metric, step, base_lr);
};

// A schedule that also sets the momentum coefficient (one-cycle): momentum(step), or a negative
// value when it leaves momentum alone.
template <class T>
concept MomentumSchedule = Schedule<T> && requires(const T& s, std::int64_t step) {
  { s.momentum(step) } -> std::convertible_to<double>;
};

}  // namespace saddle
