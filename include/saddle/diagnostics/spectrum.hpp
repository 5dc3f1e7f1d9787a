// Spectral tools on Hessian-vector products, in the spirit of PyHessian (Yao et al. 2020): the
// Hessian at a point as an operator, its top eigenvalues, power iteration, Hutchinson's trace
// estimate, the spectral density by stochastic Lanczos quadrature, and an exact count of the
// negative eigenvalues by Lanczos with deflation.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <ostream>
#include <type_traits>
#include <vector>

#include "saddle/core/random.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/second_order/hessian_vector.hpp"
#include "saddle/second_order/lanczos.hpp"

namespace saddle {

// The Hessian of f at x as an operator v -> H v (x and f are held by reference).
template <class F, Scalar S>
class HessianOperator {
 public:
  HessianOperator(F& f, const Vector<S>& x, HvpMethod method = HvpMethod::automatic) : product_(f, method), x_(x) {}
  void operator()(const Vector<S>& v, Vector<S>& hv) { product_(x_, v, hv); }
  [[nodiscard]] Index size() const { return x_.size(); }
  [[nodiscard]] std::int64_t products() const { return product_.products(); }

 private:
  HessianVectorProduct<F, S> product_;
  const Vector<S>& x_;
};

template <Scalar S, class F>
HessianOperator<F, S> hessian_at(F& f, const Vector<S>& x, HvpMethod method = HvpMethod::automatic) {
  return HessianOperator<F, S>(f, x, method);
}

// ---------------------------------------------------------------------------------------------
// Top eigenvalues and power iteration.

template <Scalar S>
struct Eigenpairs {
  Vector<S> values;     // descending for top_eigenvalues
  Matrix<S> vectors;    // unit eigenvector estimates, one column each
  Vector<S> residuals;  // |H y - theta y|: an eigenvalue lies within it
  std::int64_t products = 0;
};

// The k largest eigenvalues (Lanczos, full reorthogonalization), with residual bounds.
template <Scalar S, class Operator>
Eigenpairs<S> top_eigenvalues(Operator&& product, Index n, Index k, const LanczosOptions& options = {}) {
  detail::require("top_eigenvalues", "k", k, detail::closed(1, static_cast<double>(n)));
  LanczosOptions o = options;
  o.which = Spectrum::largest;
  o.wanted = k;
  o.max_iterations = std::max<std::int64_t>(o.max_iterations, 2 * k);
  const auto r = lanczos<S>(product, n, o);
  const Index m = r.values.size();
  const Index count = std::min(k, m);
  Eigenpairs<S> out;
  out.values.resize(count);
  out.vectors.resize(n, count);
  out.residuals.resize(count);
  for (Index i = 0; i < count; ++i) {
    out.values[i] = r.values[m - 1 - i];
    out.vectors.col(i) = r.vectors.col(m - 1 - i);
    out.residuals[i] = r.residuals[m - 1 - i];
  }
  out.products = r.iterations;
  return out;
}

struct PowerIterationOptions {
  std::int64_t max_iterations = 1000;  // products at most; >= 1
  double tolerance = 1e-8;             // stop when |H y - theta y| <= tolerance |theta|; >= 0
  std::uint64_t seed = 0;

  void validate() const {
    detail::require("PowerIterationOptions", "max_iterations", max_iterations, detail::at_least(1));
    detail::require("PowerIterationOptions", "tolerance", tolerance, detail::closed_open(0, detail::infinity));
  }
};

// The eigenvalue of largest magnitude by power iteration (Rayleigh quotient and residual per
// step): the textbook method, for comparison — Lanczos needs far fewer products (see the tests).
template <Scalar S, class Operator>
Eigenpairs<S> power_iteration(Operator&& product, Index n, const PowerIterationOptions& options = {}) {
  options.validate();
  Random random(options.seed);
  Vector<S> y(n);
  for (Index i = 0; i < n; ++i) {
    y[i] = static_cast<S>(random.normal());
  }
  y.normalize();
  Vector<S> hy(n);
  S theta = S(0);
  S residual = std::numeric_limits<S>::infinity();
  std::int64_t k = 0;
  while (k < options.max_iterations) {
    product(y, hy);
    ++k;
    theta = y.dot(hy);
    residual = (hy - theta * y).norm();
    if (residual <= static_cast<S>(options.tolerance) * std::abs(theta)) {
      break;
    }
    const S norm = hy.norm();
    if (norm == S(0)) {
      break;
    }
    y = hy / norm;
  }
  Eigenpairs<S> out;
  out.values = Vector<S>::Constant(1, theta);
  out.vectors = y;
  out.residuals = Vector<S>::Constant(1, residual);
  out.products = k;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hutchinson's trace estimate.

template <Scalar S>
struct TraceEstimate {
  double trace = 0.0;           // mean of z^T H z over the probes
  double standard_error = 0.0;  // sample standard deviation / sqrt(probes)
  std::int64_t probes = 0;      // = products
};

// tr(H) ~ mean of z^T H z over Rademacher vectors z (Hutchinson 1989), with its standard error.
template <Scalar S, class Operator>
TraceEstimate<S> hutchinson_trace(Operator&& product, Index n, std::int64_t probes, std::uint64_t seed = 0) {
  detail::require("hutchinson_trace", "probes", probes, detail::at_least(2));
  Random random(seed);
  Vector<S> z(n);
  Vector<S> hz(n);
  double sum = 0.0;
  double sum_squares = 0.0;
  for (std::int64_t p = 0; p < probes; ++p) {
    for (Index i = 0; i < n; ++i) {
      z[i] = (random.next_u64() >> 63) != 0 ? S(1) : S(-1);
    }
    product(z, hz);
    const double sample = static_cast<double>(z.dot(hz));
    sum += sample;
    sum_squares += sample * sample;
  }
  TraceEstimate<S> out;
  const double count = static_cast<double>(probes);
  out.trace = sum / count;
  const double variance = std::max(0.0, (sum_squares - count * out.trace * out.trace) / (count - 1.0));
  out.standard_error = std::sqrt(variance / count);
  out.probes = probes;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Spectral density by stochastic Lanczos quadrature (Lin, Saad & Yang 2016; Ubaru, Chen & Saad
// 2017; Ghorbani, Krishnan & Xiao 2019).

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

template <Scalar S, class Operator>
SpectralDensity spectral_density(Operator&& product, Index n, const SpectralDensityOptions& options = {}) {
  options.validate();
  SpectralDensity density;
  density.dimension = n;
  Random random(options.seed);
  Vector<S> start(n);
  for (std::int64_t p = 0; p < options.probes; ++p) {
    for (Index i = 0; i < n; ++i) {
      start[i] = (random.next_u64() >> 63) != 0 ? S(1) : S(-1);
    }
    const auto r = lanczos<S>(product, n, {.max_iterations = options.iterations, .tolerance = 0.0}, start);
    density.products += r.iterations;
    const Vector<S> q0 = start / start.norm();
    for (Index j = 0; j < r.values.size(); ++j) {
      const double tau = static_cast<double>(q0.dot(r.vectors.col(j)));  // first component of T's eigenvector
      density.nodes.push_back(static_cast<double>(r.values[j]));
      density.weights.push_back(tau * tau / static_cast<double>(options.probes));
    }
  }
  return density;
}

// ---------------------------------------------------------------------------------------------
// Counting negative eigenvalues.

template <Scalar S>
struct NegativeCount {
  Index count = 0;         // certified negative eigenvalues found (below -tolerance)
  bool complete = false;   // the deflated operator has no eigenvalue below -tolerance left (certified)
  Vector<S> values;        // the negative eigenvalues found, ascending
  Matrix<S> vectors;       // their eigenvectors
  std::int64_t products = 0;
};

// Finds the eigenvalues below -tolerance one group at a time: Lanczos on H, then on the deflated
// operator H + shift Y Y^T (found eigenvectors Y moved far up), until the smallest remaining
// eigenvalue is certified >= -tolerance or more than max_count were found (then incomplete).
// Deflation makes repeated eigenvalues countable, which a single Lanczos run cannot do. `shift`
// must exceed lambda_max - lambda_min (0: estimated by a first Lanczos run over both ends).
template <Scalar S, class Operator>
NegativeCount<S> count_negative_eigenvalues(Operator&& product, Index n, S tolerance, std::int64_t max_count,
                                            std::int64_t iterations = 200, std::uint64_t seed = 0,
                                            S shift = S(0)) {
  NegativeCount<S> out;
  Matrix<S> y(n, 0);
  std::vector<S> found;
  auto deflated = [&](const Vector<S>& v, Vector<S>& hv) {
    product(v, hv);
    if (y.cols() > 0) {
      hv.noalias() += shift * (y * (y.transpose() * v));
    }
  };
  for (int round = 0; round < 1000; ++round) {
    const auto r = lanczos<S>(deflated, n,
                              {.max_iterations = iterations, .tolerance = 1e-10, .wanted = 1,
                               .which = shift > S(0) ? Spectrum::smallest : Spectrum::both_ends,
                               .seed = seed + static_cast<std::uint64_t>(round)});
    out.products += r.iterations;
    if (!(shift > S(0))) {
      shift = S(2) * (std::abs(r.largest()) + r.residuals[r.residuals.size() - 1] + std::abs(r.smallest()) + S(1));
    }
    // Certified negative Ritz values with accurate vectors, not sharing an eigenvalue interval.
    std::vector<Index> take;
    S last = -std::numeric_limits<S>::infinity();
    S last_residual = S(0);
    for (Index j = 0; j < r.values.size(); ++j) {
      const S theta = r.values[j];
      const S residual = r.residuals[j];
      if (!(theta + residual < -tolerance)) {
        break;
      }
      const bool accurate = residual <= S(1e-6) * std::max(std::abs(theta), S(1));
      const bool separate = theta - residual > last + last_residual;
      if (accurate && separate) {
        take.push_back(j);
        last = theta;
        last_residual = residual;
      }
    }
    if (take.empty()) {
      out.complete = r.smallest() - r.residuals[0] >= -tolerance;
      break;
    }
    const Index old = y.cols();
    y.conservativeResize(n, old + static_cast<Index>(take.size()));
    for (std::size_t t = 0; t < take.size(); ++t) {
      Vector<S> v = r.vectors.col(take[t]);
      for (int pass = 0; pass < 2; ++pass) {  // keep Y orthonormal
        v -= y.leftCols(old + static_cast<Index>(t)) * (y.leftCols(old + static_cast<Index>(t)).transpose() * v);
      }
      y.col(old + static_cast<Index>(t)) = v / v.norm();
      found.push_back(r.values[take[t]]);
    }
    if (static_cast<std::int64_t>(found.size()) > max_count) {
      break;
    }
  }
  std::sort(found.begin(), found.end());
  out.count = static_cast<Index>(found.size());
  out.values.resize(out.count);
  for (Index i = 0; i < out.count; ++i) {
    out.values[i] = found[static_cast<std::size_t>(i)];
  }
  out.vectors = y;
  return out;
}

}  // namespace saddle
