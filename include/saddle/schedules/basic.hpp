// The factor schedules of torch.optim.lr_scheduler in closed form: StepLR, MultiStepLR,
// ExponentialLR, ConstantLR, LinearLR (the usual warmup) and PolynomialLR.
//
// torch's scheduler.step() computes these recursively from the previous lr ("chainable" form);
// saddle computes torch's closed form (_get_closed_form_lr), with the same operations in the
// same order. The two differ by rounding only: over the 321-step fixtures the largest relative
// difference is 1e-14 (LinearLR decaying to 0), far below the 1e-12 the tests require.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "saddle/core/format.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

// lr = base_lr * gamma^floor(step / step_size) (torch.optim.lr_scheduler.StepLR).
struct StepLR {
  std::int64_t step_size = 1;  // steps between decays; >= 1
  double gamma = 0.1;          // decay factor; 0 < gamma < inf

  [[nodiscard]] double operator()(std::int64_t step, double base_lr) const {
    return base_lr * std::pow(gamma, static_cast<double>(step / step_size));
  }
  void validate() const {
    detail::require("StepLR", "step_size", step_size, detail::at_least(1));
    detail::require("StepLR", "gamma", gamma, detail::open(0, detail::infinity));
  }
};

// lr = base_lr * gamma^(number of milestones <= step); a repeated milestone counts twice
// (torch.optim.lr_scheduler.MultiStepLR).
struct MultiStepLR {
  std::vector<std::int64_t> milestones;  // steps at which lr is multiplied by gamma; non-empty, non-decreasing, >= 0
  double gamma = 0.1;                    // decay factor; 0 < gamma < inf

  [[nodiscard]] double operator()(std::int64_t step, double base_lr) const {
    const auto passed = std::upper_bound(milestones.begin(), milestones.end(), step) - milestones.begin();
    return base_lr * std::pow(gamma, static_cast<double>(passed));
  }
  void validate() const {
    detail::require_that(!milestones.empty(), "MultiStepLR", "milestones", "{}", "milestones is not empty");
    for (std::size_t i = 0; i < milestones.size(); ++i) {  // names are formatted only when a check fails
      detail::require("MultiStepLR", detail::element("milestones", i), milestones[i], detail::at_least(0));
      if (i > 0 && milestones[i] < milestones[i - 1]) {
        detail::require_that(false, "MultiStepLR", detail::concat("milestones[", i, "]"), detail::concat(milestones[i]),
                             detail::concat("milestones[", i, "] >= milestones[", i - 1, "] = ", milestones[i - 1],
                                            " (sorted)"));
      }
    }
    detail::require("MultiStepLR", "gamma", gamma, detail::open(0, detail::infinity));
  }
};

// lr = base_lr * gamma^step (torch.optim.lr_scheduler.ExponentialLR).
struct ExponentialLR {
  double gamma = 0.99;  // decay factor per step (torch requires a value); 0 < gamma < inf

  [[nodiscard]] double operator()(std::int64_t step, double base_lr) const {
    return base_lr * std::pow(gamma, static_cast<double>(step));
  }
  void validate() const { detail::require("ExponentialLR", "gamma", gamma, detail::open(0, detail::infinity)); }
};

// lr = base_lr * factor for step < total_iters, base_lr after (torch.optim.lr_scheduler.ConstantLR).
struct ConstantLR {
  double factor = 1.0 / 3.0;     // the multiplier until total_iters; 0 <= factor <= 1
  std::int64_t total_iters = 5;  // steps at the reduced lr; >= 0

  [[nodiscard]] double operator()(std::int64_t step, double base_lr) const {
    return base_lr * (factor + static_cast<double>(step >= total_iters) * (1.0 - factor));
  }
  void validate() const {
    detail::require("ConstantLR", "factor", factor, detail::closed(0, 1));
    detail::require("ConstantLR", "total_iters", total_iters, detail::at_least(0));
  }
};

// lr = base_lr * (start_factor + (end_factor - start_factor) * min(step, total_iters) / total_iters):
// the linear warmup (start_factor < end_factor) or linear decay (torch.optim.lr_scheduler.LinearLR).
struct LinearLR {
  double start_factor = 1.0 / 3.0;  // multiplier at step 0; 0 <= start_factor <= 1
  double end_factor = 1.0;          // multiplier from step total_iters on; 0 <= end_factor <= 1
  std::int64_t total_iters = 5;     // steps of the ramp; >= 1

  [[nodiscard]] double operator()(std::int64_t step, double base_lr) const {
    const double ramp = static_cast<double>(std::min(total_iters, step));
    return base_lr * (start_factor + (end_factor - start_factor) * ramp / static_cast<double>(total_iters));
  }
  void validate() const {
    detail::require("LinearLR", "start_factor", start_factor, detail::closed(0, 1));
    detail::require("LinearLR", "end_factor", end_factor, detail::closed(0, 1));
    detail::require("LinearLR", "total_iters", total_iters, detail::at_least(1));
  }
};

// lr = base_lr * (1 - min(step, total_iters) / total_iters)^power (torch.optim.lr_scheduler.PolynomialLR).
struct PolynomialLR {
  std::int64_t total_iters = 5;  // steps until lr reaches 0; >= 1
  double power = 1.0;            // exponent of the decay; 0 <= power < inf

  [[nodiscard]] double operator()(std::int64_t step, double base_lr) const {
    const double done = static_cast<double>(std::min(total_iters, step)) / static_cast<double>(total_iters);
    return base_lr * std::pow(1.0 - done, power);
  }
  void validate() const {
    detail::require("PolynomialLR", "total_iters", total_iters, detail::at_least(1));
    detail::require("PolynomialLR", "power", power, detail::closed_open(0, detail::infinity));
  }
};

}  // namespace saddle
