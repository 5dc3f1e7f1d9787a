// The stepper contract shared by every first-order method: step(x, g) updates x in place and
// says whether it did; helpers that every stepper uses to check its input.
#pragma once

#include <concepts>
#include <stdexcept>
#include <string_view>

#include "saddle/core/format.hpp"
#include "saddle/core/types.hpp"

namespace saddle {

// What step() did. A skipped step leaves x and every piece of optimizer state untouched.
enum class StepStatus {
  applied,              // x was updated
  non_finite_gradient,  // g had a NaN or Inf: nothing changed
};

[[nodiscard]] constexpr std::string_view to_string(StepStatus status) {
  switch (status) {
    case StepStatus::applied: return "applied";
    case StepStatus::non_finite_gradient: return "non_finite_gradient";
  }
  return "unknown";
}

// A first-order stepper updates x in place from the gradient g.
template <class T, class S>
concept Stepper = requires(T& stepper, Eigen::Ref<Vector<S>> x, const Eigen::Ref<const Vector<S>>& g) {
  stepper.step(x, g);
};

// A stepper whose learning rate can be read and set between steps (schedules drive it).
template <class T>
concept HasLearningRate = requires(const T& stepper) {
  { stepper.lr() } -> std::convertible_to<double>;
};

template <class T>
concept LearningRateSettable = HasLearningRate<T> && requires(T& stepper, double lr) { stepper.set_lr(lr); };

namespace detail {

// Throws std::invalid_argument unless x and g have the same size and match the size of any state
// the stepper already holds (state_size < 0: no state yet).
inline void check_step_sizes(std::string_view stepper, Index x_size, Index g_size, Index state_size) {
  if (x_size != g_size) {
    throw std::invalid_argument(concat("saddle::", stepper, "::step: x has size ", x_size, " but g has size ", g_size));
  }
  if (state_size >= 0 && state_size != x_size) {
    throw std::invalid_argument(concat("saddle::", stepper, "::step: x has size ", x_size,
                                       " but the optimizer state has size ", state_size,
                                       " from earlier steps (call reset() to start over with a new size)"));
  }
}

}  // namespace detail

}  // namespace saddle
