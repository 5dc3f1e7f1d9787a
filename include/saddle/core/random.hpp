// Random: a seeded generator whose numbers are the same on every platform and compiler —
// xoshiro256** (Blackman & Vigna 2018) seeded by SplitMix64, and normal samples by Marsaglia's
// polar method with a logarithm built only from IEEE-exact operations and explicit fma.
// (std::normal_distribution differs between standard libraries; libm's log may differ too.)
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "saddle/core/checkpointable.hpp"

namespace saddle {

namespace detail {

// Natural logarithm of a finite s > 0 from frexp, IEEE division and a fixed fma Horner scheme,
// so every platform computes the same bits. Accurate to a few ulps (it need not be exact, only
// reproducible): log s = e ln 2 + 2 atanh(z), z = (m - 1)/(m + 1), m in [sqrt(1/2), sqrt(2)).
inline double reproducible_log(double s) {
  int e = 0;
  double m = std::frexp(s, &e);  // s = m 2^e, m in [1/2, 1)
  if (m < 0.70710678118654752440) {
    m *= 2.0;
    e -= 1;
  }
  const double z = (m - 1.0) / (m + 1.0);  // |z| <= 0.1716
  const double w = z * z;                  // <= 0.02944: 12 terms reach 1e-18
  double p = 1.0 / 23.0;
  for (int k = 10; k >= 0; --k) {
    p = std::fma(p, w, 1.0 / static_cast<double>(2 * k + 1));
  }
  constexpr double ln2_hi = 6.93147180369123816490e-01;  // ln 2 with its last 32 bits zero
  constexpr double ln2_lo = 1.90821492927058770002e-10;  // ln 2 - ln2_hi
  const double fe = static_cast<double>(e);
  return std::fma(fe, ln2_hi, std::fma(fe, ln2_lo, 2.0 * z * p));
}

}  // namespace detail

// A reproducible random number generator: same seed, same numbers, on every platform.
class Random {
 public:
  using State = std::array<std::uint64_t, 4>;

  explicit Random(std::uint64_t seed = 0) { reseed(seed); }

  void reseed(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& word : state_) {  // SplitMix64 (Steele, Lea & Flood 2014) fills the state
      x += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = x;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      word = z ^ (z >> 31);
    }
    has_spare_ = false;
    spare_ = 0.0;
  }

  // xoshiro256**: the next 64 random bits.
  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform on [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  // Standard normal N(0, 1) by Marsaglia's polar method (two per accepted pair; the second is kept).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u = 0.0;
    double v = 0.0;
    double s = 0.0;
    do {
      u = 2.0 * uniform() - 1.0;
      v = 2.0 * uniform() - 1.0;
      s = std::fma(u, u, v * v);
    } while (s >= 1.0 || s == 0.0);
    const double factor = std::sqrt(-2.0 * detail::reproducible_log(s) / s);
    spare_ = v * factor;
    has_spare_ = true;
    return u * factor;
  }

  // The complete state, for checkpoints: restoring it continues the exact same sequence.
  struct Snapshot {
    State state;
    bool has_spare;
    double spare;
  };
  [[nodiscard]] Snapshot snapshot() const { return {state_, has_spare_, spare_}; }
  void restore(const Snapshot& snapshot) {
    state_ = snapshot.state;
    has_spare_ = snapshot.has_spare;
    spare_ = snapshot.spare;
  }

  // Checkpoints (saddle/io/checkpoint.hpp): the complete state, as snapshot() holds it.
  static constexpr std::string_view checkpoint_tag() { return "Random"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    ar("state", self.state_);
    ar("has_spare", self.has_spare_);
    ar("spare", self.spare_);
    ar.require(self.state_ != State{}, CheckpointReason::corrupted, "state", "a nonzero word (xoshiro's all-zero state never leaves zero)");
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  State state_{};
  bool has_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace saddle
