// The schedule contract: a learning-rate policy is a value with lr = s(step, base_lr), the lr for
// the update with 0-based index `step` (torch's lr after `step` calls of scheduler.step()).
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>

namespace saddle {

// A closed-form schedule: `s(step, base_lr)` is the lr of update `step` for a stepper whose
// initial lr is base_lr. Pure: the same arguments give the same lr. A lambda
// `double(std::int64_t step, double base_lr)` is one; the library's schedules also have validate().
template <class T>
concept Schedule = requires(const T& s, std::int64_t step, double base_lr) {
  { s(step, base_lr) } -> std::convertible_to<double>;
};

// A schedule that also learns from a metric (reduce-on-plateau and composites holding one):
// observe(metric, step, base_lr) is called once per observed metric with the step about to run.
template <class T>
concept ObservingSchedule = Schedule<T> && requires(T& s, double metric, std::int64_t step, double base_lr) {
  s.observe(metric, step, base_lr);
};

// A schedule that also sets the momentum coefficient (one-cycle): momentum(step), or nullopt when
// it leaves momentum alone.
template <class T>
concept MomentumSchedule = Schedule<T> && requires(const T& s, std::int64_t step) {
  { s.momentum(step) } -> std::convertible_to<std::optional<double>>;
};

// torch.optim.lr_scheduler.LambdaLR: lr = base_lr * lr_lambda(step). (A lambda of (step, base_lr)
// is a schedule by itself; this is the factor form torch users write.)
template <class F>
struct LambdaLR {
  F lr_lambda;  // double(std::int64_t step): the factor on the base lr

  [[nodiscard]] double operator()(std::int64_t step, double base_lr) const {
    return base_lr * static_cast<double>(lr_lambda(step));
  }
  void validate() const {}
};
template <class F>
LambdaLR(F) -> LambdaLR<F>;

namespace detail {

// Validates a schedule that can validate itself (a bare lambda has nothing to check).
template <class T>
void validate_schedule(const T& schedule) {
  if constexpr (requires { schedule.validate(); }) {
    schedule.validate();
  }
}

}  // namespace detail

}  // namespace saddle
