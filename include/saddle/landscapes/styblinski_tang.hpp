// The Styblinski–Tang function: a separable sum of double wells with 3^d critical points — 2^d
// minima, one maximum and saddles of every index — all located in closed form.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <utility>
#include <vector>

#include "saddle/core/validation.hpp"
#include "saddle/landscapes/detail/labels.hpp"
#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes {

// f(x) = 1/2 sum_i (x_i^4 - 16 x_i^2 + 5 x_i) (Styblinski & Tang 1990, "Experiments in nonconvex
// optimization: stochastic approximation with function smoothing and simulated annealing", Neural
// Networks 3(4)). Each coordinate's derivative (4 x^3 - 32 x + 5) / 2 has three real roots,
//   a = -2.903534..., b = 0.156731..., c = 2.746802...,
// computed by the trigonometric formula for x^3 - 8x + 5/4 = 0 and two Newton steps in long double.
// The Hessian is diag(6 x_i^2 - 16): positive at a and c, negative at b. So the 3^d critical points
// are all combinations of roots, of index #{i : x_i = b}: 2^d minima (the global one at (a, ..., a),
// f* = -39.16616570377... d; the worst at (c, ..., c)), C(d, j) 2^(d-j) saddles of index j, and the
// maximum at (b, ..., b).
//
// Labels: all 3^d for d <= 8, by increasing index (the global minimum first); for d > 8 the global
// minimum, the worst local minimum, the d index-1 saddles around the global minimum (one coordinate
// at b) while they fit in detail::label_budget coordinates, and the maximum. Starts: (0, ..., 0),
// from where gradient descent reaches the global minimum, and (1, ..., 1), which it takes to the
// worst local minimum.
template <Scalar S>
class StyblinskiTang : public LandscapeInfo<S> {
 public:
  explicit StyblinskiTang(Index d = 2) : LandscapeInfo<S>(saddle::detail::concat("styblinski-tang (d = ", d, ")"), d) {
    saddle::detail::require("landscapes::StyblinskiTang", "d", d, saddle::detail::at_least(1));
    this->start_points_.push_back(Vector<S>::Zero(d));
    this->start_points_.push_back(Vector<S>::Ones(d));
    const std::array<long double, 3> root = roots();  // digit 0: a, 1: c, 2: b (the unstable root)
    std::array<long double, 3> value_at{};                 // each coordinate's term of f at the root
    std::array<long double, 3> curvature{};                // and its second derivative 6 x^2 - 16
    std::array<S, 3> coordinate{};
    for (std::size_t r = 0; r < 3; ++r) {
      const long double x = root[r];
      value_at[r] = 0.5L * (x * x * x * x - 16 * x * x + 5 * x);
      curvature[r] = 6 * x * x - 16;
      coordinate[r] = static_cast<S>(x);
    }
    // f and lambda_min of a combination of roots follow from how often each root occurs.
    const auto add = [&](const std::vector<int>& digits) {
      Vector<S> point(d);
      std::array<Index, 3> count{};
      for (Index i = 0; i < d; ++i) {
        const auto digit = static_cast<std::size_t>(digits[static_cast<std::size_t>(i)]);
        point[i] = coordinate[digit];
        ++count[digit];
      }
      long double value = 0.0L;
      long double lambda_min = std::numeric_limits<long double>::infinity();
      for (std::size_t r = 0; r < 3; ++r) {
        if (count[r] > 0) {
          value += static_cast<long double>(count[r]) * value_at[r];
          lambda_min = std::min(lambda_min, curvature[r]);
        }
      }
      const auto index = static_cast<int>(count[2]);
      this->critical_points_.push_back(
          detail::labelled<S>(std::move(point), value, detail::kind_from_index(index, d), index, lambda_min));
    };
    if (d <= 8) {
      detail::for_each_ternary(
          d, [](const std::vector<int>& digits) { return std::count(digits.begin(), digits.end(), 2); }, add);
    } else {
      const auto all = [&](int digit) { return std::vector<int>(static_cast<std::size_t>(d), digit); };
      add(all(0));
      add(all(1));
      if ((d + 3) * d <= detail::label_budget) {
        std::vector<int> digits = all(0);
        for (Index i = 0; i < d; ++i) {
          digits[static_cast<std::size_t>(i)] = 2;
          add(digits);
          digits[static_cast<std::size_t>(i)] = 0;
        }
      }
      add(all(2));
    }
    this->minimum_value_ = this->critical_points_.front().value;
  }

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("StyblinskiTang", this->dimension_, x.size(), "x");
    g.resize(x.size());
    const auto a = x.array();
    g.array() = S(2) * a * a * a - S(16) * a + S(2.5);
    return S(0.5) * (a.square().square() - S(16) * a.square() + S(5) * a).sum();
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("StyblinskiTang", this->dimension_, x.size(), "x");
    detail::require_dimension("StyblinskiTang", this->dimension_, v.size(), "v");
    hv.resize(v.size());
    hv.array() = (S(6) * x.array().square() - S(16)) * v.array();
  }

  // The three roots of 4x^3 - 32x + 5 in long double: {a, c, b} (the two minima, then the maximum
  // of each coordinate's double well).
  [[nodiscard]] static std::array<long double, 3> roots() {
    // x^3 + p x + q = 0 with p = -8, q = 5/4: x = 2 sqrt(-p/3) cos(theta/3 - 2 pi j/3),
    // cos theta = (3q / 2p) sqrt(-3/p).
    const long double p = -8.0L;
    const long double q = 1.25L;
    const long double amplitude = 2 * std::sqrt(-p / 3);
    const long double theta = std::acos(3 * q / (2 * p) * std::sqrt(-3 / p));
    std::array<long double, 3> x{};
    for (int j = 0; j < 3; ++j) {
      long double t = amplitude * std::cos(theta / 3 - 2 * std::numbers::pi_v<long double> * j / 3);
      for (int step = 0; step < 2; ++step) {
        t -= (t * t * t + p * t + q) / (3 * t * t + p);
      }
      x[static_cast<std::size_t>(j)] = t;
    }
    std::sort(x.begin(), x.end());
    return {x[0], x[2], x[1]};
  }
};

}  // namespace saddle::landscapes
