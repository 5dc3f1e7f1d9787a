// spectral_density(): the eigenvalue density of a symmetric operator by stochastic Lanczos
// quadrature (Lin, Saad & Yang 2016; Ubaru, Chen & Saad 2017; Ghorbani, Krishnan & Xiao 2019).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <ostream>
#include <vector>

#include "saddle/core/random.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/second_order/lanczos.hpp"

namespace saddle {

struct SpectralDensityOptions {
  std::int64_t probes = 10;      // random starting vectors; >= 1
  std::int64_t iterations = 80;  // Lanczos steps per probe (quadrature nodes); >= 2
  std::uint64_t seed = 0;

  void validate() const {
    detail::require("SpectralDensityOptions", "probes", probes, detail::at_least(1));
    detail::require("SpectralDensityOptions", "iterations", iterations, detail::at_least(2));
  }
};

// The density as a weighted sum of point masses: sum_i weights[i] delta(lambda - nodes[i]); the
// weights sum to 1 (a probability density over the spectrum, times n eigenvalues).
struct SpectralDensity {
  std::vector<double> nodes;
  std::vector<double> weights;
  std::int64_t dimension = 0;
  std::int64_t products = 0;

  // Estimated number of eigenvalues below `threshold`: n times the mass below it.
  [[nodiscard]] double count_below(double threshold) const {
    double mass = 0.0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      mass += nodes[i] < threshold ? weights[i] : 0.0;
    }
    return mass * static_cast<double>(dimension);
  }

  // The density smoothed by a Gaussian of width sigma, at `lambda`.
  [[nodiscard]] double smoothed(double lambda, double sigma) const {
    constexpr double inv_sqrt_2pi = 0.39894228040143267794;
    double value = 0.0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const double t = (lambda - nodes[i]) / sigma;
      value += weights[i] * std::exp(-0.5 * t * t) * inv_sqrt_2pi / sigma;
    }
    return value;
  }

  // CSV "lambda,density" on `points` evenly spaced points covering the nodes (plus 5 sigma).
  void write_csv(std::ostream& out, std::int64_t points = 400, double sigma = 0.0) const {
    if (nodes.empty()) {
      return;
    }
    const auto [lo_it, hi_it] = std::minmax_element(nodes.begin(), nodes.end());
    const double span = std::max(*hi_it - *lo_it, 1e-12);
    const double s = sigma > 0.0 ? sigma : span / 100.0;
    const double lo = *lo_it - 5.0 * s;
    const double hi = *hi_it + 5.0 * s;
    const auto old = out.precision(10);
    out << "lambda,density\n";
    for (std::int64_t i = 0; i < points; ++i) {
      const double lambda = lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(points - 1);
      out << lambda << ',' << smoothed(lambda, s) << '\n';
    }
    out.precision(old);
  }
};

// Each probe: Lanczos from a Rademacher vector; the Ritz values are the quadrature nodes and the
// squared first components of T's eigenvectors their weights (Golub & Welsch). One Lanczos
// workspace serves every probe, and no Ritz vector is formed: O(k^2) small-matrix work per probe
// beyond the products and the reorthogonalization, and no allocation after the first probe.
template <Scalar S, class Operator>
SpectralDensity spectral_density(Operator&& product, Index n, const SpectralDensityOptions& options = {}) {
  options.validate();
  detail::require("spectral_density", "n", n, detail::at_least(1));
  SpectralDensity density;
  density.dimension = n;
  const Index steps = std::min<Index>(n, options.iterations);
  density.nodes.reserve(static_cast<std::size_t>(options.probes * steps));
  density.weights.reserve(static_cast<std::size_t>(options.probes * steps));
  Lanczos<S> lanczos(n, {.max_iterations = options.iterations, .tolerance = 0.0});
  lanczos.reserve(steps);
  Random random(options.seed);
  Vector<S> start(n);
  for (std::int64_t p = 0; p < options.probes; ++p) {
    for (Index i = 0; i < n; ++i) {
      start[i] = (random.next_u64() >> 63) != 0 ? S(1) : S(-1);
    }
    lanczos.run(product, start);
    density.products += lanczos.iterations();
    for (Index j = 0; j < lanczos.iterations(); ++j) {
      const double tau = static_cast<double>(lanczos.first_components()[j]);
      density.nodes.push_back(static_cast<double>(lanczos.values()[j]));
      density.weights.push_back(tau * tau / static_cast<double>(options.probes));
    }
  }
  return density;
}

}  // namespace saddle
