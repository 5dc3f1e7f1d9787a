// The implementation shared by Adam and AdamW: state, bias corrections and the fused update.
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

#include "saddle/core/checkpointable.hpp"
#include "saddle/core/stepper.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/core/simd.hpp"
#include "saddle/first_order/detail/stepper_base.hpp"

namespace saddle::detail {

// Options is AdamOptions (L2 weight decay added to the gradient) or AdamWOptions (decoupled
// decay x <- x (1 - lr wd) before the step); both have the same fields.
template <Scalar S, class Options, bool Decoupled>
class AdamImpl : public StepperBase<Options, S> {
  using Base = StepperBase<Options, S>;
  using Base::options_;
  using Base::steps_;
  using Base::update;

 public:
  using scalar_type = S;

  AdamImpl() = default;
  explicit AdamImpl(const Options& options) : Base(options) {}

  StepStatus step(Eigen::Ref<Vector<S>> x, const Eigen::Ref<const Vector<S>>& g) { return step_scaled(x, g, S(1)); }

  // step() with the gradient multiplied by `scale` as it is read (see SGD::step_scaled).
  StepStatus step_scaled(Eigen::Ref<Vector<S>> x, const Eigen::Ref<const Vector<S>>& g, S scale,
                         bool finite_checked = false) {
    check_step_sizes(Decoupled ? "AdamW" : "Adam", x.size(), g.size(), exp_avg_.size() > 0 ? exp_avg_.size() : -1);
    if (this->refuse_non_finite(g, scale, finite_checked)) {
      return StepStatus::non_finite_gradient;
    }
    const Index n = x.size();
    if (exp_avg_.size() != n) {
      exp_avg_.setZero(n);
      exp_avg_sq_.setZero(n);
    }
    const bool amsgrad = options_.amsgrad;
    if (amsgrad && max_exp_avg_sq_.size() != n) {
      max_exp_avg_sq_.setZero(n);
    }
    // Scalars as torch computes them: in double (Python floats), then cast to the tensor's type.
    const double step = static_cast<double>(steps_ + 1);
    const double bias_correction1 = 1.0 - std::pow(options_.beta1, step);
    const double bias_correction2 = 1.0 - std::pow(options_.beta2, step);
    const S neg_step_size = static_cast<S>(-(options_.lr / bias_correction1));
    const S bias_correction2_sqrt = static_cast<S>(std::sqrt(bias_correction2));
    const bool unit_correction = bias_correction2_sqrt == S(1);
    const S signed_scale = options_.maximize ? -scale : scale;
    const bool l2 = !Decoupled && options_.weight_decay != 0.0;
    const bool decoupled = Decoupled && options_.weight_decay != 0.0;
    const S weight_decay = static_cast<S>(options_.weight_decay);
    const S decay = static_cast<S>(1.0 - simd::rounded(options_.lr * options_.weight_decay));
    const S beta1 = static_cast<S>(options_.beta1);
    const S one_minus_beta1 = static_cast<S>(1.0 - options_.beta1);
    const S beta2 = static_cast<S>(options_.beta2);
    const S one_minus_beta2 = static_cast<S>(1.0 - options_.beta2);
    const S eps = static_cast<S>(options_.eps);
    S* xp = x.data();
    const S* gp = g.data();
    S* mp = exp_avg_.data();
    S* vp = exp_avg_sq_.data();
    S* wp = max_exp_avg_sq_.data();
    namespace v = simd;
    v::for_each<S>(n, [&]<class P>(Index i) {
      P xi = v::load<P>(xp + i);
      P d = v::mul(v::load<P>(gp + i), v::set1<P>(signed_scale));
      if (l2) {  // torch Adam: grad = grad.add(param, alpha=weight_decay)
        d = v::fmadd(v::set1<P>(weight_decay), xi, d);
      }
      if (decoupled) {  // torch AdamW: param.mul_(1 - lr * weight_decay)
        xi = v::rounded(v::mul(xi, v::set1<P>(decay)));
      }
      // exp_avg.mul_(beta1).add_(d, alpha=1-beta1); exp_avg_sq.mul_(beta2).addcmul_(d, d, value=1-beta2)
      const P m = v::fmadd(v::set1<P>(one_minus_beta1), d, v::mul(v::load<P>(mp + i), v::set1<P>(beta1)));
      const P s = v::fmadd(v::mul(v::set1<P>(one_minus_beta2), d), d, v::mul(v::load<P>(vp + i), v::set1<P>(beta2)));
      v::store(mp + i, m);
      v::store(vp + i, s);
      P second = s;
      if (amsgrad) {  // torch.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)
        second = v::max(v::load<P>(wp + i), s);
        v::store(wp + i, second);
      }
      // denom = (sqrt(second) / sqrt(bias_correction2)).add_(eps); param.addcdiv_(m, denom, value=-step_size)
      // Once sqrt(1 - beta2^t) rounds to exactly 1 (t beyond ~17 000 in float, ~36 000 in double
      // for beta2 = 0.999), dividing by it is the identity, so skipping it changes no bit.
      const P root = v::sqrt(second);
      const P denom =
          v::add(unit_correction ? root : v::div(root, v::set1<P>(bias_correction2_sqrt)), v::set1<P>(eps));
      v::store(xp + i, v::add(xi, v::div(v::mul(v::set1<P>(neg_step_size), m), denom)));
    });
    ++steps_;
    return StepStatus::applied;
  }

  // lr(), set_lr(), options(), set_options(), steps() and skipped_steps() come from StepperBase.
  // The first-moment coefficient, the "momentum" of Adam (one-cycle schedules cycle it).
  [[nodiscard]] double beta1() const { return options_.beta1; }
  void set_beta1(double beta1) { update([&](Options& o) { o.beta1 = beta1; }); }
  [[nodiscard]] const Vector<S>& exp_avg() const { return exp_avg_; }                // m
  [[nodiscard]] const Vector<S>& exp_avg_sq() const { return exp_avg_sq_; }          // v
  [[nodiscard]] const Vector<S>& max_exp_avg_sq() const { return max_exp_avg_sq_; }  // max of v (amsgrad)

  void reset() {
    exp_avg_.resize(0);
    exp_avg_sq_.resize(0);
    max_exp_avg_sq_.resize(0);
    this->reset_counts();
  }

  // Checkpoints (saddle/io/checkpoint.hpp): options, step counts and the moments.
  static constexpr std::string_view checkpoint_tag() { return Decoupled ? "AdamW" : "Adam"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    Base::base_checkpoint_fields(self, ar);
    ar("exp_avg", self.exp_avg_);
    ar("exp_avg_sq", self.exp_avg_sq_);
    ar("max_exp_avg_sq", self.max_exp_avg_sq_);
    const Index n = self.exp_avg_.size();
    ar.require(self.exp_avg_sq_.size() == n, CheckpointReason::size, "exp_avg_sq", "as many entries as exp_avg");
    ar.require(self.max_exp_avg_sq_.size() == 0 || self.max_exp_avg_sq_.size() == n, CheckpointReason::size,
               "max_exp_avg_sq", "no entries or as many as exp_avg");
  }

 private:
  Vector<S> exp_avg_;
  Vector<S> exp_avg_sq_;
  Vector<S> max_exp_avg_sq_;
};

// The checkpoint fields both option structs share (saddle/io/checkpoint.hpp).
template <class Self, class Archive>
void adam_option_fields(Self& o, Archive& ar) {
  ar("lr", o.lr);
  ar("beta1", o.beta1);
  ar("beta2", o.beta2);
  ar("eps", o.eps);
  ar("weight_decay", o.weight_decay);
  ar("amsgrad", o.amsgrad);
  ar("maximize", o.maximize);
  ar("check_finite", o.check_finite);
}

// The validation both option structs share; `owner` names the struct in messages.
template <class Options>
void validate_adam_options(const Options& o, std::string_view owner) {
  require(owner, "lr", o.lr, closed_open(0, infinity));
  require(owner, "beta1", o.beta1, closed_open(0, 1));
  require(owner, "beta2", o.beta2, closed_open(0, 1));
  require(owner, "eps", o.eps, closed_open(0, infinity));
  require(owner, "weight_decay", o.weight_decay, closed_open(0, infinity));
}

}  // namespace saddle::detail
