// Cosine annealing (torch.optim.lr_scheduler.CosineAnnealingLR) and cosine annealing with warm
// restarts, SGDR (Loshchilov & Hutter 2017, arXiv:1608.03983; CosineAnnealingWarmRestarts).
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

#include "saddle/core/validation.hpp"

namespace saddle {

// lr = eta_min + (base_lr - eta_min) (1 + cos(pi step / T_max)) / 2. Past T_max it keeps
// following the cosine back up (period 2 T_max), as torch's does; eta_min is an absolute lr.
struct CosineAnnealingLR {
  std::int64_t T_max = 1;  // half period: steps from base_lr down to eta_min; >= 1
  double eta_min = 0.0;    // the lowest lr (absolute, not a factor); 0 <= eta_min < inf

  [[nodiscard]] double operator()(std::int64_t step, double base_lr) const {
    return eta_min + (base_lr - eta_min) *
                         (1.0 + std::cos(std::numbers::pi * static_cast<double>(step) / static_cast<double>(T_max))) /
                         2.0;
  }
  void validate() const {
    detail::require("CosineAnnealingLR", "T_max", T_max, detail::at_least(1));
    detail::require("CosineAnnealingLR", "eta_min", eta_min, detail::closed_open(0, detail::infinity));
  }
};

// SGDR: the cosine from base_lr to eta_min over T_i steps, then a restart at base_lr with
// T_{i+1} = T_mult T_i (T_0 first). Cycle boundaries are found in integer arithmetic, exactly as
// torch's step() counts them (its epoch-argument path uses a floating-point logarithm instead).
struct CosineAnnealingWarmRestarts {
  std::int64_t T_0 = 1;     // length of the first cycle; >= 1
  std::int64_t T_mult = 1;  // growth of the cycle length after each restart; >= 1
  double eta_min = 0.0;     // the lowest lr (absolute); 0 <= eta_min < inf

  [[nodiscard]] double operator()(std::int64_t step, double base_lr) const {
    std::int64_t t_cur = step;
    std::int64_t t_i = T_0;
    if (T_mult == 1) {
      t_cur = step % T_0;
    } else {
      while (t_cur >= t_i) {  // O(log step) cycles
        t_cur -= t_i;
        t_i *= T_mult;
      }
    }
    return eta_min + (base_lr - eta_min) *
                         (1.0 + std::cos(std::numbers::pi * static_cast<double>(t_cur) / static_cast<double>(t_i))) /
                         2.0;
  }
  void validate() const {
    detail::require("CosineAnnealingWarmRestarts", "T_0", T_0, detail::at_least(1));
    detail::require("CosineAnnealingWarmRestarts", "T_mult", T_mult, detail::at_least(1));
    detail::require("CosineAnnealingWarmRestarts", "eta_min", eta_min, detail::closed_open(0, detail::infinity));
  }
};

}  // namespace saddle
