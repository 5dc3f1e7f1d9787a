// chain(transforms..., stepper): gradient transforms applied in the order written, then a
// stepper — one object with the stepper's interface (step, lr, momentum, observe, reset), so
// schedules and minimize() drive it like a bare stepper. The parts are taken by value: the chain
// owns copies (reach them with stepper() and transform<I>()).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "saddle/core/checkpointable.hpp"
#include "saddle/core/format.hpp"
#include "saddle/core/simd.hpp"
#include "saddle/core/stepper.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/wrapper.hpp"
#include "saddle/transforms/clip.hpp"

namespace saddle {

// A gradient transform rewrites g in place (clipping, noise).
template <class T, class S>
concept GradientTransform = requires(T& transform, Eigen::Ref<Vector<S>> g) {
  transform.apply(g);
  transform.reset();
};

// A stepper that can fold a scale factor into its read of g, and skip its own finite check.
template <class T, class S>
concept ScaledStepper =
    Stepper<T, S> && requires(T& stepper, Eigen::Ref<Vector<S>> x, const Eigen::Ref<const Vector<S>>& g, S scale) {
      { stepper.step_scaled(x, g, scale, true) } -> std::same_as<StepStatus>;
    };

template <class StepperT, class... Transforms>
class Chain : public detail::StepperWrapper<Chain<StepperT, Transforms...>, StepperT> {
 public:
  using scalar_type = typename StepperT::scalar_type;
  using S = scalar_type;
  static_assert((GradientTransform<Transforms, S> && ...),
                "saddle::chain: every argument but the last must be a gradient transform with apply(g) and reset()");
  static_assert(Stepper<StepperT, S>, "saddle::chain: the last argument must be a stepper with step(x, g)");

  Chain(StepperT stepper, Transforms... transforms)
      : stepper_(std::move(stepper)), transforms_(std::move(transforms)...) {}

  // Applies the transforms to (a copy of) g in order, then steps. When the stepper checks for
  // non-finite gradients, g is checked once, before any transform runs, so a refused step leaves
  // the transforms' state (noise counters) untouched too. A chain that is just ClipGradNorm and a
  // stepper costs no copy: the clipping scale is folded into the step, and the norm doubles as
  // the finite check.
  StepStatus step(Eigen::Ref<Vector<S>> x, const Eigen::Ref<const Vector<S>>& g) {
    detail::check_step_sizes("Chain", x.size(), g.size(), -1);
    const bool check = checks_finite();
    if constexpr (fused_clip) {
      auto& clip = std::get<0>(transforms_);
      const S scale = clip.scale_for(g);
      if (check && !(std::isfinite(clip.last_norm()) && std::isfinite(scale))) {
        ++skipped_steps_;
        return StepStatus::non_finite_gradient;
      }
      return count(stepper_.step_scaled(x, g, scale, true));
    } else {
      if (check && !detail::simd::all_finite(g.data(), g.size())) {
        ++skipped_steps_;
        return StepStatus::non_finite_gradient;
      }
      scratch_ = g;
      std::apply([this](auto&... transform) { (transform.apply(scratch_), ...); }, transforms_);
      if constexpr (ScaledStepper<StepperT, S>) {
        return count(stepper_.step_scaled(x, scratch_, S(1), check));
      } else {
        return count(stepper_.step(x, scratch_));
      }
    }
  }

  [[nodiscard]] StepperT& stepper() { return stepper_; }
  [[nodiscard]] const StepperT& stepper() const { return stepper_; }
  template <std::size_t I>
  [[nodiscard]] auto& transform() {
    return std::get<I>(transforms_);
  }
  template <std::size_t I>
  [[nodiscard]] const auto& transform() const {
    return std::get<I>(transforms_);
  }

  // lr, set_lr, momentum, beta1, observe and reset reach the stepper (StepperWrapper); reset also
  // resets the transforms (noise counters) and the counts.
  [[nodiscard]] std::int64_t steps() const { return steps_; }
  [[nodiscard]] std::int64_t skipped_steps() const { return skipped_steps_; }

  // Checkpoints (saddle/io/checkpoint.hpp): the stepper, every transform ("transform0", ...; a
  // stateless one as an empty record) and the counts.
  static constexpr std::string_view checkpoint_tag() { return "Chain"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    static_assert(Checkpointable<StepperT>, "saddle::Chain: to checkpoint a chain, its stepper must be checkpointable "
                                            "(see saddle/core/checkpointable.hpp)");
    ar("stepper", self.stepper_);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (detail::checkpoint_part(ar, detail::concat("transform", I), std::get<I>(self.transforms_)), ...);
    }(std::index_sequence_for<Transforms...>{});
    ar("steps", self.steps_);
    ar("skipped_steps", self.skipped_steps_);
  }

 private:
  friend class detail::StepperWrapper<Chain, StepperT>;
  template <class Fn>
  void for_each_part(Fn&& fn) {
    fn(stepper_);
  }
  [[nodiscard]] const StepperT& front_part() const { return stepper_; }
  void reset_own() {
    std::apply([](auto&... transform) { (transform.reset(), ...); }, transforms_);
    steps_ = 0;
    skipped_steps_ = 0;
  }

  static constexpr bool fused_clip =
      sizeof...(Transforms) == 1 && (std::is_same_v<Transforms, ClipGradNorm<S>> && ...) && ScaledStepper<StepperT, S>;

  [[nodiscard]] bool checks_finite() const {
    if constexpr (requires(const StepperT& s) { s.options().check_finite; }) {
      return stepper_.options().check_finite;
    } else {
      return true;
    }
  }

  StepStatus count(StepStatus status) {
    if (status == StepStatus::applied) {
      ++steps_;
    } else {
      ++skipped_steps_;
    }
    return status;
  }

  StepperT stepper_;
  std::tuple<Transforms...> transforms_;
  Vector<S> scratch_;
  std::int64_t steps_ = 0;
  std::int64_t skipped_steps_ = 0;
};

// chain(t1, t2, ..., stepper): g -> t1 -> t2 -> ... -> stepper, in the order written (optax.chain
// with the stepper last). Every part is taken by value: stepping the original stepper afterwards
// does nothing to the chain's copy — use chain.stepper().
template <class... Parts>
auto chain(Parts... parts) {
  static_assert(sizeof...(Parts) >= 1, "saddle::chain needs at least a stepper");
  constexpr std::size_t n = sizeof...(Parts);
  using All = std::tuple<Parts...>;
  All all(std::move(parts)...);
  return [&all]<std::size_t... I>(std::index_sequence<I...>) {
    return Chain<std::tuple_element_t<n - 1, All>, std::tuple_element_t<I, All>...>(
        std::move(std::get<n - 1>(all)), std::move(std::get<I>(all))...);
  }(std::make_index_sequence<n - 1>{});
}

}  // namespace saddle
