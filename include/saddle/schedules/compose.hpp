// Composing schedules by value: SequentialLR (pieces at milestones, each seeing the step since
// its milestone, as torch's SequentialLR and optax.join_schedules), ChainedScheduler (each
// schedule applied to the lr of the ones before it, b(k, a(k, base)), as torch's
// ChainedScheduler), and the ready-made warmups of language-model fine-tuning.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "saddle/core/checkpointable.hpp"
#include "saddle/core/format.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/schedules/basic.hpp"
#include "saddle/schedules/cosine.hpp"
#include "saddle/schedules/schedule.hpp"

namespace saddle {

template <Schedule... Pieces>
struct SequentialLR {
  static_assert(sizeof...(Pieces) >= 1, "saddle::SequentialLR needs at least one schedule");

  std::vector<std::int64_t> milestones;  // where each next piece starts; one fewer than pieces, increasing, >= 1
  std::tuple<Pieces...> schedules;       // piece i runs from milestone i-1 (or 0) on

  [[nodiscard]] double operator()(std::int64_t step, double base_lr) const {
    double lr = 0.0;
    const auto [index, begin] = active(step);
    const std::int64_t start = begin;  // a plain variable: clang 14 cannot capture structured bindings
    visit(index, [&](const auto& piece) { lr = piece(step - start, base_lr); });
    return lr;
  }

  // Observing pieces see the metric while they are active.
  void observe(double metric, std::int64_t step, double base_lr) {
    const auto [index, begin] = active(step);
    const std::int64_t start = begin;  // a plain variable: clang 14 cannot capture structured bindings
    visit(index, [&](auto& piece) {
      if constexpr (ObservingSchedule<std::remove_cvref_t<decltype(piece)>>) {
        piece.observe(metric, step - start, base_lr);
      }
    });
  }

  // The momentum of the active piece when it sets one (one-cycle), else nullopt.
  [[nodiscard]] std::optional<double> momentum(std::int64_t step) const {
    std::optional<double> m;
    const auto [index, begin] = active(step);
    const std::int64_t start = begin;  // a plain variable: clang 14 cannot capture structured bindings
    visit(index, [&](const auto& piece) {
      if constexpr (MomentumSchedule<std::remove_cvref_t<decltype(piece)>>) {
        m = piece.momentum(step - start);
      }
    });
    return m;
  }

  // Piece I, by name rather than std::get<I>(schedules).
  template <std::size_t I>
  [[nodiscard]] auto& piece() {
    return std::get<I>(schedules);
  }
  template <std::size_t I>
  [[nodiscard]] const auto& piece() const {
    return std::get<I>(schedules);
  }

  // Resets the pieces that keep state (reduce-on-plateau), as Scheduled::reset() asks.
  void reset() {
    std::apply(
        [](auto&... piece) {
          (
              [&] {
                if constexpr (requires { piece.reset(); }) {
                  piece.reset();
                }
              }(),
              ...);
        },
        schedules);
  }

  // Checkpoints (saddle/io/checkpoint.hpp), when a piece keeps state (reduce-on-plateau): the
  // milestones and every piece ("schedule0", ...; a closed-form one as an empty record).
  static constexpr std::string_view checkpoint_tag()
    requires(Checkpointable<Pieces> || ...)
  {
    return "SequentialLR";
  }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    ar("milestones", self.milestones);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (detail::checkpoint_part(ar, detail::concat("schedule", I), std::get<I>(self.schedules)), ...);
    }(std::index_sequence_for<Pieces...>{});
  }

  void validate() const {
    const std::size_t expected = sizeof...(Pieces) - 1;
    detail::require_that(milestones.size() == expected, "SequentialLR", "milestones.size()",
                         detail::concat(milestones.size()),
                         detail::concat("milestones.size() == number of schedules - 1 = ", expected));
    for (std::size_t i = 0; i < milestones.size(); ++i) {
      const bool increasing = i == 0 || milestones[i] > milestones[i - 1];
      if (milestones[i] >= 1 && increasing) {
        continue;  // names are formatted only for a rule that fails
      }
      const std::string name = detail::concat("milestones[", i, "]");
      detail::require("SequentialLR", name, milestones[i], detail::at_least(1));
      detail::require_that(increasing, "SequentialLR", name, detail::concat(milestones[i]),
                           detail::concat(name, " > milestones[", i - 1, "] = ", milestones[i - 1]));
    }
    std::apply([](const auto&... piece) { (detail::validate_schedule(piece), ...); }, schedules);
  }

 private:
  // (index of the active piece, the step it started at)
  [[nodiscard]] std::pair<std::size_t, std::int64_t> active(std::int64_t step) const {
    std::size_t index = 0;
    while (index < milestones.size() && milestones[index] <= step) {
      ++index;
    }
    return {index, index == 0 ? 0 : milestones[index - 1]};
  }

  template <class Self, class F>
  static void visit_impl(Self& self, std::size_t index, F&& f) {
    std::size_t i = 0;
    std::apply([&](auto&... piece) { ((i++ == index ? f(piece) : void()), ...); }, self.schedules);
  }
  template <class F>
  void visit(std::size_t index, F&& f) const {
    visit_impl(*this, index, std::forward<F>(f));
  }
  template <class F>
  void visit(std::size_t index, F&& f) {
    visit_impl(*this, index, std::forward<F>(f));
  }
};

template <Schedule... Pieces>
struct ChainedScheduler {
  static_assert(sizeof...(Pieces) >= 1, "saddle::ChainedScheduler needs at least one schedule");

  std::tuple<Pieces...> schedules;  // applied in order, each to the lr of the ones before

  [[nodiscard]] double operator()(std::int64_t step, double base_lr) const {
    double lr = base_lr;
    std::apply([&](const auto&... piece) { ((lr = piece(step, lr)), ...); }, schedules);
    return lr;
  }

  // Each observing schedule sees the metric with, as its base, the lr of the schedules before it.
  void observe(double metric, std::int64_t step, double base_lr) {
    double lr = base_lr;
    std::apply(
        [&](auto&... piece) {
          (
              [&] {
                if constexpr (ObservingSchedule<std::remove_cvref_t<decltype(piece)>>) {
                  piece.observe(metric, step, lr);
                }
                lr = piece(step, lr);
              }(),
              ...);
        },
        schedules);
  }

  // The momentum of the last schedule that sets one, else nullopt.
  [[nodiscard]] std::optional<double> momentum(std::int64_t step) const {
    std::optional<double> m;
    std::apply(
        [&](const auto&... piece) {
          (
              [&] {
                if constexpr (MomentumSchedule<std::remove_cvref_t<decltype(piece)>>) {
                  if (const std::optional<double> candidate = piece.momentum(step)) {
                    m = candidate;
                  }
                }
              }(),
              ...);
        },
        schedules);
    return m;
  }

  // Piece I, by name rather than std::get<I>(schedules).
  template <std::size_t I>
  [[nodiscard]] auto& piece() {
    return std::get<I>(schedules);
  }
  template <std::size_t I>
  [[nodiscard]] const auto& piece() const {
    return std::get<I>(schedules);
  }

  // Resets the pieces that keep state (reduce-on-plateau), as Scheduled::reset() asks.
  void reset() {
    std::apply(
        [](auto&... piece) {
          (
              [&] {
                if constexpr (requires { piece.reset(); }) {
                  piece.reset();
                }
              }(),
              ...);
        },
        schedules);
  }

  // Checkpoints (saddle/io/checkpoint.hpp), when a piece keeps state (reduce-on-plateau): the
  // milestones and every piece ("schedule0", ...; a closed-form one as an empty record).
  static constexpr std::string_view checkpoint_tag()
    requires(Checkpointable<Pieces> || ...)
  {
    return "ChainedScheduler";
  }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (detail::checkpoint_part(ar, detail::concat("schedule", I), std::get<I>(self.schedules)), ...);
    }(std::index_sequence_for<Pieces...>{});
  }

  void validate() const {
    std::apply([](const auto&... piece) { (detail::validate_schedule(piece), ...); }, schedules);
  }
};

// sequential({m1, m2, ...}, s0, s1, s2, ...): s0 until m1, s1 (from its step 0) until m2, ...
template <Schedule... Pieces>
SequentialLR<Pieces...> sequential(std::vector<std::int64_t> milestones, Pieces... pieces) {
  SequentialLR<Pieces...> s{std::move(milestones), std::tuple<Pieces...>(std::move(pieces)...)};
  s.validate();
  return s;
}

// chained(a, b, ...): lr = ...b(k, a(k, base)).
template <Schedule... Pieces>
ChainedScheduler<Pieces...> chained(Pieces... pieces) {
  ChainedScheduler<Pieces...> s{std::tuple<Pieces...>(std::move(pieces)...)};
  s.validate();
  return s;
}

struct WarmupCosineOptions {
  std::int64_t warmup_steps = 0;  // linear warmup over these updates; >= 1
  std::int64_t total_steps = 0;   // the cosine reaches eta_min here; total_steps - warmup_steps >= 1
  double eta_min = 0.0;           // the final lr (absolute); 0 <= eta_min < inf
  double start_factor = 0.0;      // the warmup starts at start_factor * base_lr; 0 <= start_factor <= 1

  void validate() const {
    constexpr auto owner = "WarmupCosineOptions";
    detail::require(owner, "warmup_steps", warmup_steps, detail::at_least(1));
    detail::require(owner, "total_steps - warmup_steps", total_steps - warmup_steps, detail::at_least(1));
    detail::require(owner, "eta_min", eta_min, detail::closed_open(0, detail::infinity));
    detail::require(owner, "start_factor", start_factor, detail::closed(0, 1));
  }
};

// Linear warmup from start_factor base_lr to base_lr over warmup_steps, then cosine annealing to
// eta_min at total_steps (the usual transformer schedule): warmup_cosine({.warmup_steps = 500,
// .total_steps = 10000}).
inline SequentialLR<LinearLR, CosineAnnealingLR> warmup_cosine(const WarmupCosineOptions& o) {
  o.validate();
  return sequential({o.warmup_steps}, LinearLR{o.start_factor, 1.0, o.warmup_steps},
                    CosineAnnealingLR{o.total_steps - o.warmup_steps, o.eta_min});
}

struct WarmupLinearOptions {
  std::int64_t warmup_steps = 0;  // linear warmup over these updates; >= 1
  std::int64_t total_steps = 0;   // the decay reaches end_factor * base_lr here; total_steps - warmup_steps >= 1
  double start_factor = 0.0;      // the warmup starts at start_factor * base_lr; 0 <= start_factor <= 1
  double end_factor = 0.0;        // the decay ends at end_factor * base_lr; 0 <= end_factor <= 1

  void validate() const {
    constexpr auto owner = "WarmupLinearOptions";
    detail::require(owner, "warmup_steps", warmup_steps, detail::at_least(1));
    detail::require(owner, "total_steps - warmup_steps", total_steps - warmup_steps, detail::at_least(1));
    detail::require(owner, "start_factor", start_factor, detail::closed(0, 1));
    detail::require(owner, "end_factor", end_factor, detail::closed(0, 1));
  }
};

// Linear warmup over warmup_steps, then linear decay to end_factor base_lr at total_steps: the
// language-model fine-tuning schedule (Devlin et al. 2019; Hugging Face's
// get_linear_schedule_with_warmup with the defaults start_factor = end_factor = 0).
inline SequentialLR<LinearLR, LinearLR> warmup_linear(const WarmupLinearOptions& o) {
  o.validate();
  return sequential({o.warmup_steps}, LinearLR{o.start_factor, 1.0, o.warmup_steps},
                    LinearLR{1.0, o.end_factor, o.total_steps - o.warmup_steps});
}

}  // namespace saddle
