// ReduceLROnPlateau: the one stateful schedule — it observes a metric and multiplies the lr by
// `factor` when the metric has not improved for more than `patience` observations
// (torch.optim.lr_scheduler.ReduceLROnPlateau), composable with the closed-form schedules.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

#include "saddle/core/checkpointable.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

enum class PlateauMode { min, max };        // is a smaller or a larger metric better
enum class ThresholdMode { rel, abs };      // is the improvement threshold relative or absolute

// What the plateau has learned; public so checkpoints can save and restore it exactly.
struct PlateauState {
  double best = std::numeric_limits<double>::quiet_NaN();  // best metric so far (NaN: none observed yet)
  std::int64_t num_bad_epochs = 0;                         // observations since the last improvement
  std::int64_t cooldown_counter = 0;                       // observations left in the cooldown
  std::int64_t observations = 0;                           // metrics observed (torch's last_epoch)
  std::int64_t reductions = 0;                             // times the lr was reduced
  double scale = 1.0;                                      // product of the applied factors

  // Checkpoints (saddle/io/checkpoint.hpp).
  static constexpr std::string_view checkpoint_tag() { return "PlateauState"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& s, Archive& ar) {
    ar("best", s.best);
    ar("num_bad_epochs", s.num_bad_epochs);
    ar("cooldown_counter", s.cooldown_counter);
    ar("observations", s.observations);
    ar("reductions", s.reductions);
    ar("scale", s.scale);
    ar.require(s.num_bad_epochs >= 0 && s.cooldown_counter >= 0 && s.observations >= 0 && s.reductions >= 0,
               CheckpointReason::corrupted, "num_bad_epochs", "non-negative counters");
    ar.require(s.scale >= 0.0 && s.scale <= 1.0, CheckpointReason::corrupted, "scale", "0 <= scale <= 1");
  }
};

// torch's rules exactly: an equal metric is not an improvement; the lr is reduced when
// num_bad_epochs > patience (strictly); during the cooldown bad observations are not counted; a
// reduction from old to new = max(old factor, min_lr) happens only if old - new > eps, and the
// cooldown restarts either way. One deliberate difference: torch's relative threshold compares
// with best (1 -+ threshold), which for a negative best accepts worse metrics as improvements;
// saddle compares with best -+ threshold |best|, which is the same rule for best >= 0 (the same
// operations, so the same bits) and the intended one for best < 0.
//
// As a schedule, lr(step, base_lr) = base_lr until the first reduction, then
// max(base_lr scale, min_lr): the reductions are a factor on whatever base it is given, so
// it composes — after a warmup in a sequence, or on top of a cosine in a chain. For a constant
// base this equals torch's lr up to the rounding of multiplying the factors first (1e-16).
struct ReduceLROnPlateau {
  PlateauMode mode = PlateauMode::min;          // min (a lower metric is better) or max
  double factor = 0.1;                          // lr <- lr factor on a plateau; 0 <= factor < 1
  std::int64_t patience = 10;                   // bad observations tolerated; >= 0
  double threshold = 1e-4;                      // how much better counts as better; 0 <= threshold < inf
  ThresholdMode threshold_mode = ThresholdMode::rel;  // rel (threshold |best|) or abs (threshold)
  std::int64_t cooldown = 0;                    // observations to wait after a reduction; >= 0
  double min_lr = 0.0;                          // lower bound of the lr (absolute); 0 <= min_lr < inf
  double eps = 1e-8;                            // reductions smaller than eps are skipped; 0 <= eps < inf
  PlateauState state{};                         // what it has learned (see PlateauState)

  [[nodiscard]] double operator()(std::int64_t /*step*/, double base_lr) const {
    return state.reductions == 0 ? base_lr : std::max(base_lr * state.scale, min_lr);
  }

  // Observes a metric; base_lr is the lr the plateau scales (the stepper's base lr when it
  // stands alone, the output of the schedules before it in a chain).
  void observe(double metric, std::int64_t step, double base_lr) {
    ++state.observations;
    if (better(metric)) {
      state.best = metric;
      state.num_bad_epochs = 0;
    } else {
      ++state.num_bad_epochs;
    }
    if (state.cooldown_counter > 0) {
      --state.cooldown_counter;
      state.num_bad_epochs = 0;  // bad observations in the cooldown are ignored
    }
    if (state.num_bad_epochs > patience) {
      const double old_lr = (*this)(step, base_lr);
      const double new_lr = std::max(old_lr * factor, min_lr);
      if (old_lr - new_lr > eps) {
        state.scale *= factor;
        ++state.reductions;
      }
      state.cooldown_counter = cooldown;
      state.num_bad_epochs = 0;
    }
  }

  // Whether `metric` improves on the best so far.
  [[nodiscard]] bool better(double metric) const {
    // Before the first observation torch's best is the worst value of the mode (+-inf).
    constexpr double infinity = std::numeric_limits<double>::infinity();
    const double best = std::isnan(state.best) ? (mode == PlateauMode::min ? infinity : -infinity) : state.best;
    if (threshold_mode == ThresholdMode::abs) {
      return mode == PlateauMode::min ? metric < best - threshold : metric > best + threshold;
    }
    if (mode == PlateauMode::min) {
      return best >= 0 ? metric < best * (1.0 - threshold) : metric < best * (1.0 + threshold);
    }
    return best >= 0 ? metric > best * (threshold + 1.0) : metric > best * (1.0 - threshold);
  }

  void reset() { state = PlateauState{}; }

  // Checkpoints (saddle/io/checkpoint.hpp): every setting and the state, as torch's state_dict().
  static constexpr std::string_view checkpoint_tag() { return "ReduceLROnPlateau"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& s, Archive& ar) {
    ar("mode", s.mode);
    ar("factor", s.factor);
    ar("patience", s.patience);
    ar("threshold", s.threshold);
    ar("threshold_mode", s.threshold_mode);
    ar("cooldown", s.cooldown);
    ar("min_lr", s.min_lr);
    ar("eps", s.eps);
    ar("state", s.state);
    ar.require(s.mode == PlateauMode::min || s.mode == PlateauMode::max, CheckpointReason::corrupted, "mode",
               "min or max");
    ar.require(s.threshold_mode == ThresholdMode::rel || s.threshold_mode == ThresholdMode::abs,
               CheckpointReason::corrupted, "threshold_mode", "rel or abs");
  }

  void validate() const {
    constexpr auto owner = "ReduceLROnPlateau";
    detail::require_one_of(owner, "mode", mode, {{PlateauMode::min, "min"}, {PlateauMode::max, "max"}});
    detail::require(owner, "factor", factor, detail::closed_open(0, 1));
    detail::require(owner, "patience", patience, detail::at_least(0));
    detail::require(owner, "threshold", threshold, detail::closed_open(0, detail::infinity));
    detail::require_one_of(owner, "threshold_mode", threshold_mode,
                           {{ThresholdMode::rel, "rel"}, {ThresholdMode::abs, "abs"}});
    detail::require(owner, "cooldown", cooldown, detail::at_least(0));
    detail::require(owner, "min_lr", min_lr, detail::closed_open(0, detail::infinity));
    detail::require(owner, "eps", eps, detail::closed_open(0, detail::infinity));
  }
};

}  // namespace saddle
