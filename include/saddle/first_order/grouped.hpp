// Grouped<Stepper>: torch's parameter groups — one stepper per group of a Parameters layout,
// each with its own options (no weight decay on biases, another lr for one layer), stepped
// together by one call on the flat vectors.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "saddle/core/checkpointable.hpp"
#include "saddle/core/format.hpp"
#include "saddle/core/simd.hpp"
#include "saddle/core/stepper.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/wrapper.hpp"
#include "saddle/first_order/parameters.hpp"

namespace saddle {

// Changes a group's options relative to the base options: {"bias", [](auto& o) { o.weight_decay = 0; }}.
template <class Options>
struct GroupOverride {
  std::string group;
  std::function<void(Options&)> change;
};

template <class StepperT>
class Grouped : public detail::StepperWrapper<Grouped<StepperT>, StepperT> {
 public:
  using scalar_type = typename StepperT::scalar_type;
  using options_type = typename StepperT::options_type;
  using S = scalar_type;

  // One stepper per group, with `base` options changed by that group's overrides (validated).
  Grouped(std::vector<ParameterGroup> groups, const options_type& base,
          const std::vector<GroupOverride<options_type>>& overrides = {})
      : groups_(std::move(groups)) {
    for (const auto& o : overrides) {
      bool known = false;
      for (const auto& g : groups_) {
        known = known || g.name == o.group;
      }
      if (!known) {
        throw std::invalid_argument(detail::concat("saddle::Grouped: an override names group '", o.group,
                                                   "', which the parameters do not have"));
      }
    }
    for (const auto& g : groups_) {
      options_type options = base;
      for (const auto& o : overrides) {
        if (o.group == g.name) {
          o.change(options);
        }
      }
      steppers_.emplace_back(options);
      base_lrs_.push_back(options.lr);
      total_ = std::max(total_, g.offset + g.size);
    }
  }

  StepStatus step(Eigen::Ref<Vector<S>> x, const Eigen::Ref<const Vector<S>>& g) { return step_scaled(x, g, S(1)); }

  // Checks g once for the whole vector (so a refused step leaves every group untouched), then
  // steps each group on its range.
  StepStatus step_scaled(Eigen::Ref<Vector<S>> x, const Eigen::Ref<const Vector<S>>& g, S scale,
                         bool finite_checked = false) {
    detail::check_step_sizes("Grouped", x.size(), g.size(), total_);
    const bool check = !finite_checked && checks_finite();
    if (check && !(std::isfinite(scale) && detail::simd::all_finite(g.data(), g.size()))) {
      ++skipped_steps_;
      return StepStatus::non_finite_gradient;
    }
    for (std::size_t i = 0; i < steppers_.size(); ++i) {
      const auto& range = groups_[i];
      if (range.size == 0) {
        continue;
      }
      auto xs = x.segment(range.offset, range.size);
      const auto gs = g.segment(range.offset, range.size);
      if constexpr (requires { steppers_[i].step_scaled(xs, gs, scale, true); }) {
        (void)steppers_[i].step_scaled(xs, gs, scale, true);
      } else {
        (void)steppers_[i].step(xs, gs);
      }
    }
    ++steps_;
    return StepStatus::applied;
  }

  [[nodiscard]] std::size_t group_count() const { return steppers_.size(); }
  [[nodiscard]] const ParameterGroup& group(std::size_t i) const { return groups_.at(i); }
  [[nodiscard]] StepperT& stepper(std::size_t i) { return steppers_.at(i); }
  [[nodiscard]] const StepperT& stepper(std::size_t i) const { return steppers_.at(i); }
  // The lr group i started with (schedules compute each group's lr from it, as torch does).
  [[nodiscard]] double base_lr(std::size_t i) const { return base_lrs_.at(i); }

  // lr() is the first group's (forwarded); set_lr(lr) gives group i the lr  lr * base_lr(i) / base_lr(0),
  // so a driver that knows nothing of groups keeps their ratios (schedules that know groups set
  // each group from its own base lr instead).
  using detail::StepperWrapper<Grouped<StepperT>, StepperT>::lr;
  void set_lr(double lr) {
    const double base = base_lrs_.front();
    for (std::size_t i = 0; i < steppers_.size(); ++i) {
      steppers_[i].set_lr(base > 0.0 ? lr * (base_lrs_[i] / base) : lr);
    }
  }
  // momentum, beta1 (read from the first group, set on all), observe and reset reach every group's
  // stepper (StepperWrapper).

  [[nodiscard]] std::int64_t steps() const { return steps_; }
  [[nodiscard]] std::int64_t skipped_steps() const { return skipped_steps_; }

  // Checkpoints (saddle/io/checkpoint.hpp): one stepper per group, the groups' base lrs and the
  // counts; the groups' names and sizes must equal those of the Grouped being loaded.
  static constexpr std::string_view checkpoint_tag() { return "Grouped"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    static_assert(Checkpointable<StepperT>, "saddle::Grouped: to checkpoint it, its stepper must be checkpointable "
                                            "(see saddle/core/checkpointable.hpp)");
    std::vector<std::string> names;
    std::vector<std::int64_t> sizes;
    for (const auto& g : self.groups_) {
      names.push_back(g.name);
      sizes.push_back(g.size);
    }
    ar.match("group_names", names, CheckpointReason::type);
    ar.match("group_sizes", sizes, CheckpointReason::size);
    ar("steppers", self.steppers_);
    ar("base_lrs", self.base_lrs_);
    ar("steps", self.steps_);
    ar("skipped_steps", self.skipped_steps_);
    ar.require(self.steppers_.size() == self.groups_.size() && self.base_lrs_.size() == self.groups_.size(),
               CheckpointReason::size, "steppers", "one stepper and one base lr per group");
  }

 private:
  friend class detail::StepperWrapper<Grouped, StepperT>;
  template <class Fn>
  void for_each_part(Fn&& fn) {
    for (auto& s : steppers_) {
      fn(s);
    }
  }
  [[nodiscard]] const StepperT& front_part() const { return steppers_.front(); }
  void reset_own() {
    steps_ = 0;
    skipped_steps_ = 0;
  }

  [[nodiscard]] bool checks_finite() const {
    for (const auto& s : steppers_) {
      if constexpr (requires { s.options().check_finite; }) {
        if (s.options().check_finite) {
          return true;
        }
      } else {
        return true;
      }
    }
    return false;
  }

  std::vector<ParameterGroup> groups_;
  std::vector<StepperT> steppers_;
  std::vector<double> base_lrs_;
  Index total_ = 0;
  std::int64_t steps_ = 0;
  std::int64_t skipped_steps_ = 0;
};

}  // namespace saddle
