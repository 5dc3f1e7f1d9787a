// SGD: stochastic gradient descent with momentum, dampening, Nesterov momentum, L2 weight decay and
// maximize, with torch.optim.SGD's exact semantics.
#pragma once

#include <cstdint>
#include <string_view>

#include "saddle/core/checkpointable.hpp"
#include "saddle/core/stepper.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/core/simd.hpp"
#include "saddle/first_order/detail/stepper_base.hpp"

namespace saddle {

struct SGDOptions {
  double lr = 1e-3;           // learning rate (torch 2.x's default; torch 1.13 requires one); 0 <= lr < inf
  double momentum = 0.0;      // mu in b <- mu b + (1 - dampening) d; 0 <= momentum < 1
  double dampening = 0.0;     // share of the new gradient withheld from the buffer; 0 <= dampening <= 1
  double weight_decay = 0.0;  // L2 penalty, d <- g + weight_decay x; 0 <= weight_decay < inf
  bool nesterov = false;      // d <- d + mu b (Sutskever et al. 2013); requires momentum > 0, dampening = 0
  bool maximize = false;      // ascend: use -g
  bool check_finite = true;   // skip (and report) a step whose gradient has a NaN/Inf; costs one read of g

  static constexpr std::string_view checkpoint_tag() { return "SGDOptions"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& o, Archive& ar) {
    ar("lr", o.lr);
    ar("momentum", o.momentum);
    ar("dampening", o.dampening);
    ar("weight_decay", o.weight_decay);
    ar("nesterov", o.nesterov);
    ar("maximize", o.maximize);
    ar("check_finite", o.check_finite);
  }

  void validate() const {
    constexpr auto owner = "SGDOptions";
    detail::require(owner, "lr", lr, detail::closed_open(0, detail::infinity));
    detail::require(owner, "momentum", momentum, detail::closed_open(0, 1));
    detail::require(owner, "dampening", dampening, detail::closed(0, 1));
    detail::require(owner, "weight_decay", weight_decay, detail::closed_open(0, detail::infinity));
    if (nesterov) {
      detail::require(owner, "momentum", momentum, detail::greater_than(0), "nesterov = true");
      detail::require(owner, "dampening", dampening, detail::equal_to(0), "nesterov = true");
    }
  }
};

// SGD as torch.optim.SGD computes it, per element, with d the gradient:
//   d <- -d if maximize;  d <- d + wd x;
//   b <- d at the first step, else b <- mu b + (1 - dampening) d;   d <- d + mu b if nesterov, else d <- b;
//   x <- x - lr d.
// Momentum after Polyak (1964); Nesterov's form as in Sutskever, Martens, Dahl & Hinton (2013).
template <Scalar S>
class SGD : public detail::StepperBase<SGDOptions> {
 public:
  using scalar_type = S;

  SGD() = default;
  explicit SGD(const SGDOptions& options) : StepperBase(options) {}

  StepStatus step(Eigen::Ref<Vector<S>> x, const Eigen::Ref<const Vector<S>>& g) { return step_scaled(x, g, S(1)); }

  // step() with the gradient multiplied by `scale` as it is read (one rounding, as torch's
  // in-place g.mul_(scale) would): gradient clipping fuses its rescaling into the step this way.
  // finite_checked: the caller has already verified that g and scale are finite (the clipping
  // norm does), so the stepper's own check_finite pass is skipped.
  StepStatus step_scaled(Eigen::Ref<Vector<S>> x, const Eigen::Ref<const Vector<S>>& g, S scale,
                         bool finite_checked = false) {
    const bool use_momentum = options_.momentum != 0.0;
    detail::check_step_sizes("SGD", x.size(), g.size(), use_momentum && has_buffer_ ? buffer_.size() : -1);
    if (refuse_non_finite(g, scale, finite_checked)) {
      return StepStatus::non_finite_gradient;
    }
    const Index n = x.size();
    const bool first = use_momentum && !has_buffer_;
    if (first) {
      buffer_.resize(n);
    }
    const S signed_scale = options_.maximize ? -scale : scale;
    const S weight_decay = static_cast<S>(options_.weight_decay);
    const S mu = static_cast<S>(options_.momentum);
    const S keep = static_cast<S>(1.0 - options_.dampening);
    const S neg_lr = static_cast<S>(-options_.lr);
    const bool decay = options_.weight_decay != 0.0;
    const bool nesterov = options_.nesterov;
    S* xp = x.data();
    const S* gp = g.data();
    S* bp = buffer_.data();
    namespace v = detail::simd;
    v::for_each<S>(n, [&]<class P>(Index i) {
      P xi = v::load<P>(xp + i);
      P d = v::mul(v::load<P>(gp + i), v::set1<P>(signed_scale));
      if (decay) {
        d = v::fmadd(v::set1<P>(weight_decay), xi, d);
      }
      if (use_momentum) {
        P b = first ? d : v::fmadd(v::set1<P>(keep), d, v::mul(v::load<P>(bp + i), v::set1<P>(mu)));
        v::store(bp + i, b);
        d = nesterov ? v::fmadd(v::set1<P>(mu), b, d) : b;
      }
      v::store(xp + i, v::fmadd(v::set1<P>(neg_lr), d, xi));
    });
    has_buffer_ = has_buffer_ || use_momentum;
    ++steps_;
    return StepStatus::applied;
  }

  // lr(), set_lr(), options(), set_options(), steps() and skipped_steps() come from StepperBase.
  [[nodiscard]] double momentum() const { return options_.momentum; }
  void set_momentum(double momentum) { update([&](SGDOptions& o) { o.momentum = momentum; }); }
  // The momentum buffer b (empty until the first step with momentum > 0).
  [[nodiscard]] const Vector<S>& momentum_buffer() const { return buffer_; }
  [[nodiscard]] bool has_momentum_buffer() const { return has_buffer_; }

  // Forgets all state (the momentum buffer and the step counts); options stay.
  void reset() {
    buffer_.resize(0);
    has_buffer_ = false;
    reset_counts();
  }

  // Checkpoints (saddle/io/checkpoint.hpp): options, step counts and the momentum buffer.
  static constexpr std::string_view checkpoint_tag() { return "SGD"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    base_checkpoint_fields(self, ar);
    ar("has_momentum_buffer", self.has_buffer_);
    ar("momentum_buffer", self.buffer_);
    ar.require(self.has_buffer_ || self.buffer_.size() == 0, CheckpointReason::size, "momentum_buffer",
               "no entries while has_momentum_buffer is false");
  }

 private:
  Vector<S> buffer_;
  bool has_buffer_ = false;
};

}  // namespace saddle
