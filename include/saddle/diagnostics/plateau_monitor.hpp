// PlateauMonitor: flags a plateau when the loss has stopped moving relative to how far it has
// moved in the run (a scale-free test) and — when asked — says what the run is stalling at: it
// locates the nearby critical point by Newton's method and classifies *that* point by certified
// curvature: "stuck near a strict saddle of index k", "converging to a minimum", ... An observer for
// minimize() and the curvature methods, and usable by hand in a training loop.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "saddle/core/checkpointable.hpp"
#include "saddle/core/format.hpp"
#include "saddle/core/observer.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/diagnostics/critical_point.hpp"
#include "saddle/diagnostics/locate_critical_point.hpp"

namespace saddle {

struct PlateauMonitorOptions {
  // The largest window (2^24): the monitor keeps two rings of window + 1 scalars, 256 MiB in double
  // at this bound; a larger window is refused by validate() rather than failing in the allocation.
  static constexpr std::int64_t max_window = std::int64_t{1} << 24;

  std::int64_t window = 50;            // observations compared: f_k against f_{k - window}; 1 <= it <= max_window
  double relative_improvement = 1e-4;  // a plateau: |f_{k-w} - f_k| <= this * (max f - min f seen so far);
                                       // 0 <= it < inf
  double gradient_growth = 2.0;        // not a plateau while |g| grows by more than this over the window;
                                       // 1 <= it < inf
  bool classify = false;               // locate and classify the critical point when a plateau starts
                                       // (costs Hessian-vector products and evaluations)
  ClassifyOptions classify_options{};  // the classification of the located point (its gradient_tolerance and
                                       // curvature_scale are set by the monitor, see below)
  LocateCriticalPointOptions locate_options{};  // Newton's method from x (its gradient_tolerance is set by the
                                                // monitor)
  bool stop_on_plateau = false;        // as an observer: ask the run to stop at the first plateau

  void validate() const {
    constexpr auto owner = "PlateauMonitorOptions";
    detail::require(owner, "window", window, detail::closed(1, static_cast<double>(max_window)));
    detail::require(owner, "relative_improvement", relative_improvement, detail::closed_open(0, detail::infinity));
    detail::require(owner, "gradient_growth", gradient_growth, detail::closed_open(1, detail::infinity));
    classify_options.validate();
    locate_options.validate();
  }
};

// One stretch of iterations on a plateau.
template <Scalar S>
struct PlateauEpisode {
  std::int64_t start = 0;        // first iteration flagged
  std::int64_t end = -1;         // last iteration flagged (-1 while ongoing)
  S value = S(0);                // f when it started
  S gradient_norm = S(0);        // |g| when it started
  std::optional<LocatedCriticalPoint<S>> located;  // Newton's method from x, when classifying
  std::optional<CriticalPoint<S>> point;  // the classification of the located point (of x if none was located)
  std::string diagnosis;         // e.g. "stuck near a strict saddle of index 1 at distance 3e-05 (there: ...)"

  // Checkpoints (saddle/io/checkpoint.hpp): located and point are not stored (the diagnosis is).
  using scalar_type = S;
  static constexpr std::string_view checkpoint_tag() { return "PlateauEpisode"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    ar("start", self.start);
    ar("end", self.end);
    ar("value", self.value);
    ar("gradient_norm", self.gradient_norm);
    ar("diagnosis", self.diagnosis);
  }
};

// The plateau test is scale-free: invariant under f -> a f + b (a > 0), so a saddle at f = 0, at
// f = 1e6 or of a loss measured in other units reads the same. The improvement over the window is
// compared with the range of the loss seen since the start (or reset()):
//   plateau at k  <=>  |f_{k-w} - f_k| <= relative_improvement * (max_{j<=k} f_j - min_{j<=k} f_j)
// and |g_k| <= gradient_growth |g_{k-w}| (a rising gradient is a run gathering speed). A loss that
// moves either way by more than that share of its range is not on a plateau (progress, or
// divergence). The range is the whole run's: a run whose first steps dropped the loss by orders of
// magnitude judges its later progress against that drop (call reset() to forget it).
//
// The classification, when a plateau starts: Newton's method from x locates the critical point the
// run is approaching (locate_critical_point), "located" when |g| <= sqrt(eps) * the largest |g|
// seen in the run (scale-free too); that point is classified with certified curvature, the exact
// index (dense, or Lanczos with deflation) and the Hessian scale where the run stalled as the
// curvature scale (so a Hessian that vanishes at the point reads as degenerate). The diagnosis:
//   minimum        "converging to a minimum at distance r" (or "converged to a minimum" when x is one)
//   strict_saddle  "stuck near a strict saddle of index k at distance r"
//   maximum        "stuck near a maximum at distance r"
//   degenerate     "stalled near a degenerate critical point at distance r": no certified negative
//                  curvature, but a singular Hessian (a minimum with flat directions, or a higher-order
//                  saddle such as the monkey saddle: second-order information cannot tell them apart)
//   none located   "on a plateau away from any critical point"
// F is the objective (used only when classify is on).
template <class F, Scalar S>
class PlateauMonitor {
 public:
  explicit PlateauMonitor(F& f, const PlateauMonitorOptions& options = {}) : f_(f), options_(options) {
    options_.validate();
    values_.resize(static_cast<std::size_t>(options_.window) + 1);
    gradient_norms_.resize(values_.size());
  }

  // By hand in a training loop: feed each iteration's loss and gradient norm (and x, needed to
  // classify). Returns true while on a plateau. A NaN or Inf value or gradient norm (a diverging
  // run; the norm of a finite gradient can overflow) is no plateau: it ends an ongoing episode and
  // is left out of the window and the range.
  bool update(std::int64_t iteration, S value, S gradient_norm, const Vector<S>* x = nullptr) {
    if (!std::isfinite(value) || !std::isfinite(gradient_norm)) {
      if (on_plateau_) {
        episodes_.back().end = iteration - 1;
      }
      on_plateau_ = false;
      return false;
    }
    // A ring buffer of the last window + 1 observations: no allocation per update.
    const std::size_t slots = values_.size();
    values_[next_] = value;
    gradient_norms_[next_] = gradient_norm;
    next_ = (next_ + 1) % slots;
    seen_ = std::min(seen_ + 1, slots);
    highest_ = std::max(highest_, value);
    lowest_ = std::min(lowest_, value);
    largest_gradient_ = std::max(largest_gradient_, gradient_norm);
    bool flat = false;
    if (seen_ == slots) {
      const S before = values_[next_];  // the oldest: f_{k - window}
      const S moved = std::abs(before - value);
      const bool loss_flat = moved <= static_cast<S>(options_.relative_improvement) * (highest_ - lowest_);
      const bool gradient_rising =
          gradient_norm > static_cast<S>(options_.gradient_growth) * gradient_norms_[next_];
      flat = loss_flat && !gradient_rising;
    }
    if (flat && !on_plateau_) {
      PlateauEpisode<S> episode;
      episode.start = iteration;
      episode.value = value;
      episode.gradient_norm = gradient_norm;
      if (options_.classify && x != nullptr) {
        classify(*x, episode);
      } else {
        episode.diagnosis = detail::concat("plateau: f = ", value, ", |g| = ", gradient_norm, " (not classified)");
      }
      episodes_.push_back(std::move(episode));
    }
    if (!flat && on_plateau_) {
      episodes_.back().end = iteration - 1;
    }
    on_plateau_ = flat;
    return flat;
  }

  // As an observer.
  ObserverAction operator()(const IterationInfo<S>& info) {
    const bool flat = update(info.iteration, info.value, info.gradient_norm, &info.x);
    return flat && options_.stop_on_plateau ? ObserverAction::stop : ObserverAction::proceed;
  }

  [[nodiscard]] bool on_plateau() const { return on_plateau_; }
  [[nodiscard]] const std::vector<PlateauEpisode<S>>& episodes() const { return episodes_; }
  [[nodiscard]] const PlateauMonitorOptions& options() const { return options_; }
  void reset() {
    next_ = 0;
    seen_ = 0;
    highest_ = -std::numeric_limits<S>::infinity();
    lowest_ = std::numeric_limits<S>::infinity();
    largest_gradient_ = S(0);
    episodes_.clear();
    on_plateau_ = false;
  }

  // Checkpoints (saddle/io/checkpoint.hpp): the window of recent observations, the range seen and
  // the episodes (without their located points and classifications). The options are not stored;
  // the window must equal that of the monitor being loaded.
  using scalar_type = S;
  static constexpr std::string_view checkpoint_tag() { return "PlateauMonitor"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    ar.match("window", self.options_.window, CheckpointReason::size);
    ar("values", self.values_);
    ar("gradient_norms", self.gradient_norms_);
    ar("next", self.next_);
    ar("seen", self.seen_);
    ar("highest", self.highest_);
    ar("lowest", self.lowest_);
    ar("largest_gradient", self.largest_gradient_);
    ar("on_plateau", self.on_plateau_);
    ar("episodes", self.episodes_);
    const auto slots = static_cast<std::size_t>(self.options_.window) + 1;
    ar.require(self.values_.size() == slots && self.gradient_norms_.size() == slots, CheckpointReason::size, "values",
               "window + 1 entries");
    ar.require(self.next_ < slots && self.seen_ <= slots, CheckpointReason::corrupted, "next", "next < window + 1");
    ar.require(!self.on_plateau_ || !self.episodes_.empty(), CheckpointReason::corrupted, "episodes",
               "an episode while on a plateau");
  }

 private:
  void classify(const Vector<S>& x, PlateauEpisode<S>& episode) {
    LocateCriticalPointOptions locate = options_.locate_options;
    locate.gradient_tolerance = static_cast<double>(std::sqrt(std::numeric_limits<S>::epsilon()) * largest_gradient_);
    episode.located = locate_critical_point(f_, x, locate);
    const LocatedCriticalPoint<S>& located = *episode.located;
    ClassifyOptions options = options_.classify_options;
    options.gradient_tolerance = static_cast<double>(std::max(located.tolerance, located.gradient_norm));
    options.curvature_scale = static_cast<double>(located.start_curvature);
    episode.point = classify_critical_point(f_, located.converged ? located.x : x, options);
    episode.diagnosis = describe(located, *episode.point);
  }

  static std::string describe(const LocatedCriticalPoint<S>& located, const CriticalPoint<S>& p) {
    if (!located.converged) {
      return detail::concat("on a plateau away from any critical point (Newton's method ", located.message,
                            "; here f = ", p.value, ", |g| = ", p.gradient_norm, ")");
    }
    const std::string where =
        detail::concat(" (there: f = ", p.value, ", |g| = ", p.gradient_norm, ", lambda in [", p.lambda_min, ", ",
                       p.lambda_max, "], ", to_string(p.index_method), ")");
    const std::string distance = detail::concat(" at distance ", located.distance);
    const std::string index = detail::concat(p.index_exact ? "" : "~", p.index);
    switch (p.kind) {
      case CriticalPointKind::minimum:
        return located.iterations == 0 ? detail::concat("converged to a minimum", where)
                                       : detail::concat("converging to a minimum", distance, where);
      case CriticalPointKind::strict_saddle:
        return detail::concat("stuck near a strict saddle of index ", index, distance, where);
      case CriticalPointKind::maximum: return detail::concat("stuck near a maximum", distance, where);
      case CriticalPointKind::degenerate:
        return detail::concat("stalled near a degenerate critical point", distance,
                              " (no certified negative curvature, singular Hessian: a minimum with flat directions "
                              "or a higher-order saddle)",
                              where);
      case CriticalPointKind::not_critical: break;  // not reached: the located point is critical
    }
    return detail::concat("on a plateau away from any critical point", where);
  }

  F& f_;
  PlateauMonitorOptions options_;
  std::vector<S> values_;          // ring buffer of the last window + 1 losses
  std::vector<S> gradient_norms_;  // and gradient norms
  std::size_t next_ = 0;           // the slot written next (= the oldest once full)
  std::size_t seen_ = 0;
  S highest_ = -std::numeric_limits<S>::infinity();
  S lowest_ = std::numeric_limits<S>::infinity();
  S largest_gradient_ = S(0);
  std::vector<PlateauEpisode<S>> episodes_;
  bool on_plateau_ = false;
};

}  // namespace saddle
