// AdamW: Adam with decoupled weight decay (Loshchilov & Hutter 2019), as torch.optim.AdamW.
#pragma once

#include <string_view>

#include "saddle/core/validation.hpp"
#include "saddle/first_order/detail/adam_impl.hpp"

namespace saddle {

struct AdamWOptions {
  double lr = 1e-3;            // learning rate; 0 <= lr < inf
  double beta1 = 0.9;          // first-moment decay; 0 <= beta1 < 1
  double beta2 = 0.999;        // second-moment decay; 0 <= beta2 < 1
  double eps = 1e-8;           // added to sqrt(v_hat) in the denominator; 0 <= eps < inf
  double weight_decay = 1e-2;  // decoupled decay x <- x (1 - lr weight_decay) before the step; 0 <= weight_decay < inf
  bool amsgrad = false;        // divide by the running maximum of v
  bool maximize = false;       // ascend: use -g
  bool check_finite = true;    // skip (and report) a step whose gradient has a NaN/Inf; costs one read of g

  static constexpr std::string_view checkpoint_tag() { return "AdamWOptions"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& o, Archive& ar) {
    detail::adam_option_fields(o, ar);
  }

  void validate() const { detail::validate_adam_options(*this, "AdamWOptions"); }
};

// AdamW as torch.optim.AdamW computes it: x <- x (1 - lr wd), then Adam's update without L2 decay.
// Reference: I. Loshchilov, F. Hutter, "Decoupled weight decay regularization", ICLR 2019, arXiv:1711.05101.
template <Scalar S>
class AdamW : public detail::AdamImpl<S, AdamWOptions, true> {
 public:
  using detail::AdamImpl<S, AdamWOptions, true>::AdamImpl;
};

}  // namespace saddle
