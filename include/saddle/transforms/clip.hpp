// Gradient clipping: by global norm (torch.nn.utils.clip_grad_norm_) and by value
// (torch.nn.utils.clip_grad_value_), as transforms that compose with any stepper.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "saddle/core/checkpointable.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

struct ClipGradNormOptions {
  double max_norm = 1.0;  // the largest gradient norm let through; 0 <= max_norm < inf

  static constexpr std::string_view checkpoint_tag() { return "ClipGradNormOptions"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& o, Archive& ar) {
    ar("max_norm", o.max_norm);
  }

  void validate() const {
    detail::require("ClipGradNormOptions", "max_norm", max_norm, detail::closed_open(0, detail::infinity));
  }
};

// g <- g * min(1, max_norm / (|g|_2 + 1e-6)), torch.nn.utils.clip_grad_norm_'s rule (norm_type 2;
// the 1e-6 guards the division). The norm is accumulated in double (torch sums in the tensor's
// type), so in float the scale can differ from torch's in the last bit.
// Reference: R. Pascanu, T. Mikolov, Y. Bengio, "On the difficulty of training recurrent neural
// networks", ICML 2013, arXiv:1211.5063.
template <Scalar S>
class ClipGradNorm {
 public:
  using scalar_type = S;
  using options_type = ClipGradNormOptions;

  ClipGradNorm() { options_.validate(); }
  explicit ClipGradNorm(const ClipGradNormOptions& options) : options_(options) { options_.validate(); }

  // The factor g is multiplied by, computed in S as torch does; records the norm before clipping.
  S scale_for(const Eigen::Ref<const Vector<S>>& g) {
    if constexpr (std::is_same_v<S, float>) {
      last_norm_ = std::sqrt(g.template cast<double>().squaredNorm());
    } else {
      last_norm_ = static_cast<double>(std::sqrt(g.squaredNorm()));
    }
    if (std::isinf(last_norm_) && g.allFinite()) {  // the sum of squares overflowed: rescale
      last_norm_ = static_cast<double>(g.stableNorm());
    }
    const S norm = static_cast<S>(last_norm_);
    // torch: clip_coef = max_norm / (total_norm + 1e-6); clamp(clip_coef, max=1.0)
    const S coefficient = static_cast<S>(options_.max_norm) / (norm + static_cast<S>(1e-6));
    return std::isnan(coefficient) ? coefficient : std::min(coefficient, S(1));
  }

  // Clips g in place; returns the norm before clipping (as clip_grad_norm_ does).
  double apply(Eigen::Ref<Vector<S>> g) {
    const S scale = scale_for(g);
    g *= scale;
    return last_norm_;
  }

  [[nodiscard]] double last_norm() const { return last_norm_; }  // NaN before the first use
  [[nodiscard]] const ClipGradNormOptions& options() const { return options_; }
  void reset() { last_norm_ = std::numeric_limits<double>::quiet_NaN(); }

  // Checkpoints (saddle/io/checkpoint.hpp): options and the last norm seen. (ClipGradValue holds
  // no state: construct it again.)
  static constexpr std::string_view checkpoint_tag() { return "ClipGradNorm"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    ar("options", self.options_);
    ar("last_norm", self.last_norm_);
  }

 private:
  ClipGradNormOptions options_{};
  double last_norm_ = std::numeric_limits<double>::quiet_NaN();
};

struct ClipGradValueOptions {
  double clip_value = 1.0;  // g_i is clamped to [-clip_value, clip_value]; 0 <= clip_value < inf

  void validate() const {
    detail::require("ClipGradValueOptions", "clip_value", clip_value, detail::closed_open(0, detail::infinity));
  }
};

// g_i <- clamp(g_i, -clip_value, clip_value), torch.nn.utils.clip_grad_value_'s rule (NaN stays NaN).
template <Scalar S>
class ClipGradValue {
 public:
  using scalar_type = S;
  using options_type = ClipGradValueOptions;

  ClipGradValue() { options_.validate(); }
  explicit ClipGradValue(const ClipGradValueOptions& options) : options_(options) { options_.validate(); }

  // Clips g in place; returns how many entries were clipped.
  Index apply(Eigen::Ref<Vector<S>> g) {
    const S bound = static_cast<S>(options_.clip_value);
    Index clipped = 0;
    S* p = g.data();
    for (Index i = 0; i < g.size(); ++i) {
      if (p[i] > bound) {
        p[i] = bound;
        ++clipped;
      } else if (p[i] < -bound) {
        p[i] = -bound;
        ++clipped;
      }
    }
    return clipped;
  }

  [[nodiscard]] const ClipGradValueOptions& options() const { return options_; }
  void reset() {}

 private:
  ClipGradValueOptions options_{};
};

}  // namespace saddle
