// RMSprop: per-coordinate step sizes from a running average of squared gradients (Tieleman &
// Hinton 2012), optionally centered (Graves 2013) and with momentum, as torch.optim.RMSprop.
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

struct RMSpropOptions {
  double lr = 1e-2;           // learning rate; 0 <= lr < inf
  double alpha = 0.99;        // smoothing of the squared-gradient average s <- alpha s + (1 - alpha) d^2; 0 <= alpha <= 1
  double eps = 1e-8;          // added to sqrt(s) in the denominator; 0 <= eps < inf
  double weight_decay = 0.0;  // L2 penalty, d <- g + weight_decay x; 0 <= weight_decay < inf
  double momentum = 0.0;      // b <- momentum b + d / (sqrt(s) + eps); 0 <= momentum < 1
  bool centered = false;      // divide by the standard deviation estimate sqrt(s - m^2), m the mean gradient
  bool maximize = false;      // ascend: use -g
  bool check_finite = true;   // skip (and report) a step whose gradient has a NaN/Inf; costs one read of g

  static constexpr std::string_view checkpoint_tag() { return "RMSpropOptions"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& o, Archive& ar) {
    ar("lr", o.lr);
    ar("alpha", o.alpha);
    ar("eps", o.eps);
    ar("weight_decay", o.weight_decay);
    ar("momentum", o.momentum);
    ar("centered", o.centered);
    ar("maximize", o.maximize);
    ar("check_finite", o.check_finite);
  }

  void validate() const {
    constexpr auto owner = "RMSpropOptions";
    detail::require(owner, "lr", lr, detail::closed_open(0, detail::infinity));
    detail::require(owner, "alpha", alpha, detail::closed(0, 1));
    detail::require(owner, "eps", eps, detail::closed_open(0, detail::infinity));
    detail::require(owner, "weight_decay", weight_decay, detail::closed_open(0, detail::infinity));
    detail::require(owner, "momentum", momentum, detail::closed_open(0, 1));
  }
};

// RMSprop as torch.optim.RMSprop computes it, per element, with d the gradient:
//   d <- -d if maximize;  d <- d + wd x;  s <- alpha s + (1 - alpha) d^2;
//   centered: m <- alpha m + (1 - alpha) d,  a <- sqrt(s - m^2) + eps;  else a <- sqrt(s) + eps;
//   momentum > 0: b <- momentum b + d / a,  x <- x - lr b;  else x <- x - lr d / a.
// References: T. Tieleman, G. Hinton, Lecture 6.5 of "Neural Networks for Machine Learning" (2012);
// A. Graves, "Generating sequences with recurrent neural networks", arXiv:1308.0850 (centered form).
template <Scalar S>
class RMSprop : public detail::StepperBase<RMSpropOptions, S> {
  using Base = detail::StepperBase<RMSpropOptions, S>;
  using Base::base_checkpoint_fields;
  using Base::options_;
  using Base::refuse_non_finite;
  using Base::reset_counts;
  using Base::steps_;
  using Base::update;

 public:
  using scalar_type = S;

  RMSprop() = default;
  explicit RMSprop(const RMSpropOptions& options) : Base(options) {}

  StepStatus step(Eigen::Ref<Vector<S>> x, const Eigen::Ref<const Vector<S>>& g) { return step_scaled(x, g, S(1)); }

  // step() with the gradient multiplied by `scale` as it is read (see SGD::step_scaled).
  StepStatus step_scaled(Eigen::Ref<Vector<S>> x, const Eigen::Ref<const Vector<S>>& g, S scale,
                         bool finite_checked = false) {
    detail::check_step_sizes("RMSprop", x.size(), g.size(), square_avg_.size() > 0 ? square_avg_.size() : -1);
    if (refuse_non_finite(g, scale, finite_checked)) {
      return StepStatus::non_finite_gradient;
    }
    const Index n = x.size();
    const bool centered = options_.centered;
    const bool use_momentum = options_.momentum > 0.0;
    // State is created lazily, zero-filled like torch's, the first time it is needed.
    if (square_avg_.size() != n) {
      square_avg_.setZero(n);
    }
    if (centered && grad_avg_.size() != n) {
      grad_avg_.setZero(n);
    }
    if (use_momentum && buffer_.size() != n) {
      buffer_.setZero(n);
    }
    const S signed_scale = options_.maximize ? -scale : scale;
    const bool decay = options_.weight_decay != 0.0;
    const S weight_decay = static_cast<S>(options_.weight_decay);
    const S alpha = static_cast<S>(options_.alpha);
    const S one_minus_alpha = static_cast<S>(1.0 - options_.alpha);
    const S eps = static_cast<S>(options_.eps);
    const S mu = static_cast<S>(options_.momentum);
    const S neg_lr = static_cast<S>(-options_.lr);
    S* xp = x.data();
    const S* gp = g.data();
    S* sp = square_avg_.data();
    S* mp = grad_avg_.data();
    S* bp = buffer_.data();
    namespace v = detail::simd;
    v::for_each<S>(n, [&]<class P>(Index i) {
      P xi = v::load<P>(xp + i);
      P d = v::mul(v::load<P>(gp + i), v::set1<P>(signed_scale));
      if (decay) {
        d = v::fmadd(v::set1<P>(weight_decay), xi, d);
      }
      // torch: square_avg.mul_(alpha).addcmul_(d, d, value=1-alpha)
      const P s = v::fmadd(v::mul(v::set1<P>(one_minus_alpha), d), d, v::mul(v::load<P>(sp + i), v::set1<P>(alpha)));
      v::store(sp + i, s);
      P a;
      if (centered) {
        // torch: grad_avg.mul_(alpha).add_(d, alpha=1-alpha); square_avg.addcmul(m, m, value=-1).sqrt_()
        const P m = v::fmadd(v::set1<P>(one_minus_alpha), d, v::mul(v::load<P>(mp + i), v::set1<P>(alpha)));
        v::store(mp + i, m);
        a = v::sqrt(v::fmadd(v::negate(m), m, s));
      } else {
        a = v::sqrt(s);
      }
      a = v::add(a, v::set1<P>(eps));
      if (use_momentum) {
        // torch: buf.mul_(momentum).addcdiv_(d, a); param.add_(buf, alpha=-lr)
        const P b = v::add(v::rounded(v::mul(v::load<P>(bp + i), v::set1<P>(mu))), v::div(d, a));
        v::store(bp + i, b);
        v::store(xp + i, v::fmadd(v::set1<P>(neg_lr), b, xi));
      } else {
        // torch: param.addcdiv_(d, a, value=-lr)
        v::store(xp + i, v::add(xi, v::div(v::mul(v::set1<P>(neg_lr), d), a)));
      }
    });
    ++steps_;
    return StepStatus::applied;
  }

  // lr(), set_lr(), options(), set_options(), steps() and skipped_steps() come from StepperBase.
  [[nodiscard]] double momentum() const { return options_.momentum; }
  void set_momentum(double momentum) { update([&](RMSpropOptions& o) { o.momentum = momentum; }); }
  [[nodiscard]] const Vector<S>& square_avg() const { return square_avg_; }  // s
  [[nodiscard]] const Vector<S>& grad_avg() const { return grad_avg_; }      // m (centered only)
  [[nodiscard]] const Vector<S>& momentum_buffer() const { return buffer_; }  // b (momentum > 0 only)

  void reset() {
    square_avg_.resize(0);
    grad_avg_.resize(0);
    buffer_.resize(0);
    reset_counts();
  }

  // Checkpoints (saddle/io/checkpoint.hpp): options, step counts, the averages and the momentum buffer.
  static constexpr std::string_view checkpoint_tag() { return "RMSprop"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    base_checkpoint_fields(self, ar);
    ar("square_avg", self.square_avg_);
    ar("grad_avg", self.grad_avg_);
    ar("momentum_buffer", self.buffer_);
    const Index n = self.square_avg_.size();
    ar.require(self.grad_avg_.size() == 0 || self.grad_avg_.size() == n, CheckpointReason::size, "grad_avg",
               "no entries or as many as square_avg");
    ar.require(self.buffer_.size() == 0 || self.buffer_.size() == n, CheckpointReason::size, "momentum_buffer",
               "no entries or as many as square_avg");
  }

 private:
  Vector<S> square_avg_;
  Vector<S> grad_avg_;
  Vector<S> buffer_;
};

}  // namespace saddle
