// GradientDescent: plain x <- x - lr * g, the simplest stepper.
#pragma once

#include <cstdint>
#include <stdexcept>

#include "saddle/core/format.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

struct GradientDescentOptions {
  double lr = 1e-3;  // learning rate (torch.optim.SGD's default); 0 <= lr < inf

  void validate() const { detail::require("GradientDescentOptions", "lr", lr, detail::closed_open(0, detail::infinity)); }
};

// Gradient descent, x_{k+1} = x_k - lr * g_k (Cauchy 1847).
template <Scalar S>
class GradientDescent {
 public:
  using scalar_type = S;
  using Options = GradientDescentOptions;

  GradientDescent() { options_.validate(); }
  explicit GradientDescent(const GradientDescentOptions& options) : options_(options) { options_.validate(); }

  void step(Eigen::Ref<Vector<S>> x, const Eigen::Ref<const Vector<S>>& g) {
    if (x.size() != g.size()) {
      throw std::invalid_argument(
          detail::concat("saddle::GradientDescent::step: x has size ", x.size(), " but g has size ", g.size()));
    }
    x.noalias() -= static_cast<S>(options_.lr) * g;
    ++steps_;
  }

  [[nodiscard]] double lr() const { return options_.lr; }
  void set_lr(double lr) {
    GradientDescentOptions candidate = options_;
    candidate.lr = lr;
    candidate.validate();
    options_ = candidate;
  }
  [[nodiscard]] const GradientDescentOptions& options() const { return options_; }
  [[nodiscard]] std::int64_t steps() const { return steps_; }
  void reset() { steps_ = 0; }

 private:
  GradientDescentOptions options_{};
  std::int64_t steps_ = 0;
};

}  // namespace saddle
