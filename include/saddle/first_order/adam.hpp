// Adam (Kingma & Ba 2015) with L2 weight decay and AMSGrad, as torch.optim.Adam computes it.
#pragma once

#include <string_view>

#include "saddle/core/validation.hpp"
#include "saddle/first_order/detail/adam_impl.hpp"

namespace saddle {

struct AdamOptions {
  double lr = 1e-3;           // learning rate; 0 <= lr < inf
  double beta1 = 0.9;         // first-moment decay m <- beta1 m + (1 - beta1) d; 0 <= beta1 < 1
  double beta2 = 0.999;       // second-moment decay v <- beta2 v + (1 - beta2) d^2; 0 <= beta2 < 1
  double eps = 1e-8;          // added to sqrt(v_hat) in the denominator; 0 <= eps < inf
  double weight_decay = 0.0;  // L2 penalty added to the gradient, d <- g + weight_decay x; 0 <= weight_decay < inf
  bool amsgrad = false;       // divide by the running maximum of v (Reddi, Kale & Kumar 2018)
  bool maximize = false;      // ascend: use -g
  bool check_finite = true;   // skip (and report) a step whose gradient has a NaN/Inf; costs one read of g

  static constexpr std::string_view checkpoint_tag() { return "AdamOptions"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& o, Archive& ar) {
    detail::adam_option_fields(o, ar);
  }

  void validate() const { detail::validate_adam_options(*this, "AdamOptions"); }
};

// Adam as torch.optim.Adam computes it, per element, at step t = 1, 2, ... with d the gradient:
//   d <- -d if maximize;  d <- d + wd x;  m <- beta1 m + (1 - beta1) d;  v <- beta2 v + (1 - beta2) d^2;
//   v' <- max(v', v) if amsgrad;  x <- x - (lr / (1 - beta1^t)) m / (sqrt(v or v') / sqrt(1 - beta2^t) + eps).
// Reference: D. P. Kingma, J. Ba, "Adam: A method for stochastic optimization", ICLR 2015, arXiv:1412.6980.
template <Scalar S>
class Adam : public detail::AdamImpl<S, AdamOptions, false> {
 public:
  using detail::AdamImpl<S, AdamOptions, false>::AdamImpl;
};

}  // namespace saddle
