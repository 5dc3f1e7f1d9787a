// The one-cycle policy (Smith & Topin 2019, arXiv:1708.07120) as torch.optim.lr_scheduler.OneCycleLR:
// lr rises from max_lr/div_factor to max_lr, then anneals to max_lr/(div_factor final_div_factor),
// while the momentum (SGD's momentum, Adam's beta1) moves the opposite way.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <optional>
#include <stdexcept>

#include "saddle/core/format.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

enum class AnnealStrategy { cos, linear };

struct OneCycleLR {
  double max_lr = 0.0;                               // the peak lr (absolute; the stepper's own lr is ignored); 0 < max_lr < inf
  std::int64_t total_steps = 0;                      // steps in the cycle; >= 1 (steps up to total_steps are defined)
  double pct_start = 0.3;                            // share of the cycle spent rising; 0 < pct_start < 1, pct_start total_steps > 1
  AnnealStrategy anneal_strategy = AnnealStrategy::cos;  // shape of every phase: cos or linear
  double div_factor = 25.0;                          // initial lr = max_lr / div_factor; 0 < div_factor < inf
  double final_div_factor = 1e4;                     // final lr = initial lr / final_div_factor; 0 < final_div_factor < inf
  bool three_phase = false;                          // rise, fall back to the initial lr, then anneal (fast.ai's variant)
  bool cycle_momentum = true;                        // also drive momentum between max_momentum and base_momentum
  double base_momentum = 0.85;                       // momentum at the lr peak; 0 <= base_momentum <= max_momentum
  double max_momentum = 0.95;                        // momentum at the start and the end; max_momentum < 1

  // The lr is absolute (base_lr is ignored); on param groups, group i gets it times
  // base_lr(i) / base_lr(0), torch's per-group max_lr expressed as the groups' ratio.
  static constexpr bool absolute_lr = true;

  [[nodiscard]] double operator()(std::int64_t step, double /*base_lr*/) const { return evaluate(step, false); }

  // The momentum for update `step`, or nullopt when cycle_momentum is false (momentum left alone).
  [[nodiscard]] std::optional<double> momentum(std::int64_t step) const {
    if (!cycle_momentum) {
      return std::nullopt;
    }
    return evaluate(step, true);
  }

  [[nodiscard]] double initial_lr() const { return max_lr / div_factor; }
  [[nodiscard]] double min_lr() const { return initial_lr() / final_div_factor; }

  void validate() const {
    constexpr auto owner = "OneCycleLR";
    detail::require(owner, "max_lr", max_lr, detail::open(0, detail::infinity));
    detail::require(owner, "total_steps", total_steps, detail::at_least(1));
    detail::require(owner, "pct_start", pct_start, detail::open(0, 1));
    detail::require_one_of(owner, "anneal_strategy", anneal_strategy,
                           {{AnnealStrategy::cos, "cos"}, {AnnealStrategy::linear, "linear"}});
    detail::require(owner, "pct_start * total_steps", pct_start * static_cast<double>(total_steps),
                    detail::greater_than(1));
    if (three_phase) {
      detail::require(owner, "pct_start", pct_start, detail::open(0, 0.5), "three_phase = true");
    }
    detail::require(owner, "div_factor", div_factor, detail::open(0, detail::infinity));
    detail::require(owner, "final_div_factor", final_div_factor, detail::open(0, detail::infinity));
    if (cycle_momentum) {
      detail::require(owner, "max_momentum", max_momentum, detail::closed_open(0, 1), "cycle_momentum = true");
      detail::require(owner, "base_momentum", base_momentum, detail::closed(0, max_momentum), "cycle_momentum = true");
    }
  }

 private:
  [[nodiscard]] double anneal(double start, double end, double pct) const {
    if (anneal_strategy == AnnealStrategy::cos) {
      const double cos_out = std::cos(std::numbers::pi * pct) + 1.0;
      return end + (start - end) / 2.0 * cos_out;
    }
    return (end - start) * pct + start;
  }

  // torch's phases: (end_step, start, end) for lr and momentum, with fractional end steps.
  [[nodiscard]] double evaluate(std::int64_t step, bool want_momentum) const {
    if (step < 0 || step > total_steps) {
      throw std::out_of_range(detail::concat("saddle::OneCycleLR: step ", step, " is outside [0, total_steps = ",
                                             total_steps, "]; make total_steps cover the run"));
    }
    const double total = static_cast<double>(total_steps);
    const double initial = initial_lr();
    const double minimum = min_lr();
    struct Phase {
      double end_step;
      double start_lr;
      double end_lr;
      double start_momentum;
      double end_momentum;
    };
    Phase phases[3];
    int count = 0;
    phases[count++] = {pct_start * total - 1.0, initial, max_lr, max_momentum, base_momentum};
    if (three_phase) {
      phases[count++] = {2.0 * pct_start * total - 2.0, max_lr, initial, base_momentum, max_momentum};
      phases[count++] = {total - 1.0, initial, minimum, max_momentum, max_momentum};
    } else {
      phases[count++] = {total - 1.0, max_lr, minimum, base_momentum, max_momentum};
    }
    const double s = static_cast<double>(step);
    double start_step = 0.0;
    for (int i = 0; i < count; ++i) {
      const Phase& p = phases[i];
      if (s <= p.end_step || i == count - 1) {
        const double pct = (s - start_step) / (p.end_step - start_step);
        return want_momentum ? anneal(p.start_momentum, p.end_momentum, pct) : anneal(p.start_lr, p.end_lr, pct);
      }
      start_step = p.end_step;
    }
    return 0.0;  // unreachable: the last phase always answers
  }
};

}  // namespace saddle
