// count_negative_eigenvalues(): the exact number of eigenvalues below -tolerance of a symmetric
// operator, by Lanczos with deflation (repeated eigenvalues included), with the eigenpairs found.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

#include "saddle/core/random.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/second_order/lanczos.hpp"

namespace saddle {

struct CountNegativeEigenvaluesOptions {
  double tolerance = 1e-6;               // eigenvalues below -tolerance are counted (absolute); 0 <= it < inf
  std::int64_t max_count = 32;           // stop, incomplete, once more than this many are found; >= 0
                                         // (INT64_MAX: no limit)
  std::int64_t lanczos_iterations = 200; // Krylov dimension of each Lanczos run; >= 2
  double shift = 0.0;                    // sigma in H + sigma Y Y^T: must exceed lambda_max - lambda_min;
                                         // 0: twice the spectral span seen by a first run over both ends;
                                         // 0 <= shift < inf
  std::uint64_t seed = 0;                // run r starts from a random vector of seed + r

  void validate() const {
    constexpr auto owner = "CountNegativeEigenvaluesOptions";
    detail::require(owner, "tolerance", tolerance, detail::closed_open(0, detail::infinity));
    detail::require(owner, "max_count", max_count, detail::at_least(0));
    detail::require(owner, "lanczos_iterations", lanczos_iterations, detail::at_least(2));
    detail::require(owner, "shift", shift, detail::closed_open(0, detail::infinity));
  }
};

template <Scalar S>
struct NegativeCount {
  Index count = 0;         // certified negative eigenvalues found (below -tolerance)
  bool complete = false;   // the deflated operator has no eigenvalue below -tolerance left (certified)
  Vector<S> values;        // the negative eigenvalues found, ascending
  Matrix<S> vectors;       // their eigenvectors, in the same order
  std::int64_t products = 0;
};

// Finds the eigenvalues below -tolerance one group at a time: Lanczos on H, then on the deflated
// operator H + shift Y Y^T (found eigenvectors Y moved far up), until the smallest remaining
// eigenvalue is certified >= -tolerance (complete) or more than max_count were found (incomplete).
// Deflation makes repeated eigenvalues countable, which a single Lanczos run cannot do. One Lanczos
// workspace serves every run, Y is allocated once for max_count + 1 vectors, and the deflated
// product works in preallocated storage: after the setup only the final result allocates.
template <Scalar S, class Operator>
NegativeCount<S> count_negative_eigenvalues(Operator&& product, Index n,
                                            const CountNegativeEigenvaluesOptions& options = {}) {
  options.validate();
  detail::require("count_negative_eigenvalues", "n", n, detail::at_least(1));
  const S tolerance = static_cast<S>(options.tolerance);
  // min(n, max_count + 1), without forming max_count + 1 (max_count may be INT64_MAX).
  const Index capacity = options.max_count >= n ? n : static_cast<Index>(options.max_count + 1);
  Matrix<S> y(n, capacity);  // orthonormal eigenvectors found so far
  Vector<S> found_values(capacity);
  Vector<S> coefficients(capacity);
  Vector<S> ritz(n);
  Index found = 0;
  S shift = static_cast<S>(options.shift);
  auto deflated = [&](const Vector<S>& v, Vector<S>& hv) {
    product(v, hv);
    if (found > 0) {
      auto c = coefficients.head(found);
      c.noalias() = y.leftCols(found).transpose() * v;
      c *= shift;
      hv.noalias() += y.leftCols(found) * c;
    }
  };
  NegativeCount<S> out;
  LanczosOptions lanczos_options{.max_iterations = options.lanczos_iterations, .tolerance = 1e-10, .wanted = 1};
  Lanczos<S> lanczos(n, lanczos_options);
  for (int round = 0; round < 1000; ++round) {
    lanczos_options.which = shift > S(0) ? Spectrum::smallest : Spectrum::both_ends;
    lanczos_options.seed = options.seed + static_cast<std::uint64_t>(round);
    lanczos.set_options(lanczos_options);
    lanczos.run(deflated);
    out.products += lanczos.iterations();
    const Index m = lanczos.iterations();
    const auto values = lanczos.values();
    const auto residuals = lanczos.residuals();
    if (!(shift > S(0))) {
      shift = S(2) * (std::abs(values[m - 1]) + residuals[m - 1] + std::abs(values[0]) + S(1));
    }
    // Certified negative Ritz values with accurate vectors, not sharing an eigenvalue interval.
    Index taken = 0;
    S last = -std::numeric_limits<S>::infinity();
    S last_residual = S(0);
    for (Index j = 0; j < m && found < capacity; ++j) {
      const S theta = values[j];
      const S residual = residuals[j];
      if (!(theta + residual < -tolerance)) {
        break;
      }
      const bool accurate = residual <= S(1e-6) * std::max(std::abs(theta), S(1));
      const bool separate = theta - residual > last + last_residual;
      if (!(accurate && separate)) {
        continue;
      }
      lanczos.ritz_vector(j, ritz);
      for (int pass = 0; pass < 2; ++pass) {  // keep Y orthonormal
        auto c = coefficients.head(found);
        c.noalias() = y.leftCols(found).transpose() * ritz;
        ritz.noalias() -= y.leftCols(found) * c;
      }
      y.col(found) = ritz / ritz.norm();
      found_values[found] = theta;
      ++found;
      ++taken;
      last = theta;
      last_residual = residual;
    }
    if (taken == 0) {
      out.complete = values[0] - residuals[0] >= -tolerance;
      break;
    }
    if (found > options.max_count) {
      break;
    }
  }
  // Ascending values, vectors alongside (selection sort: found is small).
  for (Index i = 0; i + 1 < found; ++i) {
    Index smallest = i;
    for (Index j = i + 1; j < found; ++j) {
      if (found_values[j] < found_values[smallest]) {
        smallest = j;
      }
    }
    if (smallest != i) {
      std::swap(found_values[i], found_values[smallest]);
      y.col(i).swap(y.col(smallest));
    }
  }
  out.count = found;
  out.values = found_values.head(found);
  out.vectors = y.leftCols(found);
  return out;
}

}  // namespace saddle
