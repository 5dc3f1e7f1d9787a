// PlateauMonitor: tells a plateau from progress by the windowed relative improvement of the loss
// and the trend of the gradient norm, and — when asked — classifies the point where a run stalls:
// "stuck near a saddle of index k" or "converged to a minimum". An observer for minimize() and the
// curvature methods, and usable by hand in a training loop.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "saddle/core/format.hpp"
#include "saddle/core/observer.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/diagnostics/critical_point.hpp"

namespace saddle {

struct PlateauMonitorOptions {
  std::int64_t window = 50;            // observations compared: f_k against f_{k - window}; >= 1
  double relative_improvement = 1e-4;  // a plateau: f_{k-w} - f_k <= this * max(|f_{k-w}|, |f_k|, scale); >= 0
  double scale = 1e-12;                // floor of the relative test's denominator (losses near 0); > 0
  double gradient_growth = 2.0;        // not a plateau while |g| grows by more than this over the window; >= 1
  bool classify = false;               // classify the point when a plateau starts (costs Hessian-vector products)
  ClassifyOptions classify_options{};  // used when classify is true
  bool stop_on_plateau = false;        // as an observer: ask the run to stop at the first plateau

  void validate() const {
    constexpr auto owner = "PlateauMonitorOptions";
    detail::require(owner, "window", window, detail::at_least(1));
    detail::require(owner, "relative_improvement", relative_improvement, detail::closed_open(0, detail::infinity));
    detail::require(owner, "scale", scale, detail::open(0, detail::infinity));
    detail::require(owner, "gradient_growth", gradient_growth, detail::closed_open(1, detail::infinity));
    classify_options.validate();
  }
};

// One stretch of iterations on a plateau.
template <Scalar S>
struct PlateauEpisode {
  std::int64_t start = 0;        // first iteration flagged
  std::int64_t end = -1;         // last iteration flagged (-1 while ongoing)
  S value = S(0);                // f when it started
  S gradient_norm = S(0);        // |g| when it started
  std::optional<CriticalPoint<S>> point;  // the classification, when asked for
  std::string diagnosis;         // e.g. "stuck near a strict saddle of index 1 (f = 67.7, |g| = 3e-9)"
};

// Sign-aware: the improvement is f_{k-w} - f_k (a decrease is positive whatever the sign of f),
// compared with relative_improvement * max(|f_{k-w}|, |f_k|, scale). F is the objective (used
// only when classify is on).
template <class F, Scalar S>
class PlateauMonitor {
 public:
  explicit PlateauMonitor(F& f, const PlateauMonitorOptions& options = {}) : f_(f), options_(options) {
    options_.validate();
  }

  // By hand in a training loop: feed each iteration's loss and gradient norm (and x, needed to
  // classify). Returns true while on a plateau.
  bool update(std::int64_t iteration, S value, S gradient_norm, const Vector<S>* x = nullptr) {
    values_.push_back(value);
    gradient_norms_.push_back(gradient_norm);
    const auto window = static_cast<std::size_t>(options_.window);
    if (values_.size() > window + 1) {
      values_.pop_front();
      gradient_norms_.pop_front();
    }
    bool flat = false;
    if (values_.size() == window + 1) {
      const S before = values_.front();
      const S improvement = before - value;
      const S reference =
          std::max({std::abs(before), std::abs(value), static_cast<S>(options_.scale)});
      const bool loss_flat = improvement <= static_cast<S>(options_.relative_improvement) * reference;
      const bool gradient_rising =
          gradient_norm > static_cast<S>(options_.gradient_growth) * gradient_norms_.front();
      flat = loss_flat && !gradient_rising;
    }
    if (flat && !on_plateau_) {
      PlateauEpisode<S> episode;
      episode.start = iteration;
      episode.value = value;
      episode.gradient_norm = gradient_norm;
      if (options_.classify && x != nullptr) {
        episode.point = classify_critical_point(f_, *x, options_.classify_options);
        episode.diagnosis = describe(*episode.point);
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
    values_.clear();
    gradient_norms_.clear();
    episodes_.clear();
    on_plateau_ = false;
  }

 private:
  static std::string describe(const CriticalPoint<S>& p) {
    const std::string where = detail::concat(" (f = ", p.value, ", |g| = ", p.gradient_norm, ", lambda_min = ",
                                             p.lambda_min, ")");
    switch (p.kind) {
      case CriticalPointKind::minimum: return detail::concat("converged to a minimum", where);
      case CriticalPointKind::strict_saddle:
        return detail::concat("stuck near a strict saddle of index ", p.index_exact ? "" : "~", p.index, where);
      case CriticalPointKind::maximum: return detail::concat("stuck at a maximum", where);
      case CriticalPointKind::degenerate:
        return detail::concat("stalled at a degenerate critical point (no certified negative curvature)", where);
      case CriticalPointKind::not_critical:
        if (p.index > 0 && p.lambda_min + p.lambda_min_error < S(0)) {
          return detail::concat("stuck near a strict saddle of index ", p.index_exact ? "" : "~", p.index,
                                " (not yet critical, but with certified negative curvature)", where);
        }
        return detail::concat("on a plateau away from any critical point (the gradient is not small)", where);
    }
    return where;
  }

  F& f_;
  PlateauMonitorOptions options_;
  std::deque<S> values_;
  std::deque<S> gradient_norms_;
  std::vector<PlateauEpisode<S>> episodes_;
  bool on_plateau_ = false;
};

}  // namespace saddle
