// GradientNoise: annealed Gaussian noise added to the gradient (Neelakantan et al. 2015).
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "saddle/core/checkpointable.hpp"
#include "saddle/core/random.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

struct GradientNoiseOptions {
  double eta = 0.01;        // noise variance at t = 0; 0 <= eta < inf (0: no noise)
  double gamma = 0.55;      // annealing exponent of sigma_t^2 = eta / (1 + t)^gamma; 0 <= gamma < inf
  std::uint64_t seed = 0;   // the noise stream: same seed, same noise on every platform

  static constexpr std::string_view checkpoint_tag() { return "GradientNoiseOptions"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& o, Archive& ar) {
    ar("eta", o.eta);
    ar("gamma", o.gamma);
    ar("seed", o.seed);
  }

  void validate() const {
    constexpr auto owner = "GradientNoiseOptions";
    detail::require(owner, "eta", eta, detail::closed_open(0, detail::infinity));
    detail::require(owner, "gamma", gamma, detail::closed_open(0, detail::infinity));
  }
};

// g <- g + N(0, sigma_t^2) with sigma_t^2 = eta / (1 + t)^gamma, t = 0, 1, ... the number of times
// it has been applied. Added to the raw gradient, before any scaling by the learning rate; with
// eta = 0 it leaves g bit for bit as it was. Each value is g_i + sigma_t z_i with z_i from
// Random::normal(), rounded once (fma in double; in float, sigma_t z_i is rounded to float first).
// Reference: A. Neelakantan et al., "Adding gradient noise improves learning for very deep
// networks", arXiv:1511.06807 (2015).
template <Scalar S>
class GradientNoise {
 public:
  using scalar_type = S;
  using options_type = GradientNoiseOptions;

  GradientNoise() : random_(options_.seed) { options_.validate(); }
  explicit GradientNoise(const GradientNoiseOptions& options) : options_(options), random_(options.seed) {
    options_.validate();
  }

  // The standard deviation sigma_t the next apply() will use.
  [[nodiscard]] double sigma() const {
    return std::sqrt(options_.eta / std::pow(1.0 + static_cast<double>(t_), options_.gamma));
  }

  // Adds the noise for step t in place and advances t; returns sigma_t.
  double apply(Eigen::Ref<Vector<S>> g) {
    const double s = sigma();
    if (s > 0.0) {
      S* p = g.data();
      for (Index i = 0; i < g.size(); ++i) {
        const double z = random_.normal();
        if constexpr (std::is_same_v<S, double>) {
          p[i] = std::fma(s, z, p[i]);
        } else {
          p[i] = p[i] + static_cast<S>(s * z);
        }
      }
    }
    ++t_;
    return s;
  }

  [[nodiscard]] std::int64_t t() const { return t_; }
  [[nodiscard]] const GradientNoiseOptions& options() const { return options_; }
  [[nodiscard]] const Random& random() const { return random_; }
  // Restores a saved position in the noise stream (checkpoints).
  void restore(std::int64_t t, const Random::Snapshot& snapshot) {
    t_ = t;
    random_.restore(snapshot);
  }
  // Back to t = 0 and the start of the seed's stream.
  void reset() {
    t_ = 0;
    random_.reseed(options_.seed);
  }

  // Checkpoints (saddle/io/checkpoint.hpp): options, t and the position in the noise stream.
  static constexpr std::string_view checkpoint_tag() { return "GradientNoise"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    ar("options", self.options_);
    ar("t", self.t_);
    ar("random", self.random_);
    ar.require(self.t_ >= 0, CheckpointReason::corrupted, "t", "t >= 0");
  }

 private:
  GradientNoiseOptions options_{};
  Random random_;
  std::int64_t t_ = 0;
};

}  // namespace saddle
