// Lanczos on Hessian-vector products, with full reorthogonalization: extreme eigenpairs of a
// symmetric operator seen only through v -> H v, each with its residual |H y - theta y|, which
// bounds the distance to a true eigenvalue (so theta + residual < 0 *certifies* a negative one).
#pragma once

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "saddle/core/random.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

enum class Spectrum { smallest, largest, both_ends };

struct LanczosOptions {
  std::int64_t max_iterations = 100;  // Krylov dimension at most (one product each); >= 1 (capped at n)
  double tolerance = 1e-8;            // stop when every wanted Ritz residual <= tolerance * max(|theta|, 1); >= 0
  std::int64_t wanted = 1;            // eigenpairs wanted at each end; >= 1
  Spectrum which = Spectrum::smallest;
  std::uint64_t seed = 0;             // the random start vector (when none is given)

  void validate() const {
    detail::require("LanczosOptions", "max_iterations", max_iterations, detail::at_least(1));
    detail::require("LanczosOptions", "tolerance", tolerance, detail::closed_open(0, detail::infinity));
    detail::require("LanczosOptions", "wanted", wanted, detail::at_least(1));
  }
};

template <Scalar S>
struct LanczosResult {
  Vector<S> values;        // Ritz values, ascending (all of the final Krylov space)
  Matrix<S> vectors;       // unit Ritz vectors, one column per value
  Vector<S> residuals;     // |H y - theta y| per value: an eigenvalue of H lies within it
  std::int64_t iterations = 0;  // Krylov dimension reached = Hessian-vector products spent
  bool converged = false;       // every wanted pair met the tolerance (or the space became invariant)
  bool invariant = false;       // the Krylov space is invariant: the values are exact eigenvalues

  [[nodiscard]] S smallest() const { return values[0]; }
  [[nodiscard]] S largest() const { return values[values.size() - 1]; }
};

// Runs Lanczos with the operator `hvp(v, hv)` (hv = H v) of dimension n from `start` (random
// if empty). Reorthogonalizes fully (twice) against all previous vectors: O(n k) memory, and
// no spurious copies of converged eigenvalues.
template <Scalar S, class Operator>
LanczosResult<S> lanczos(Operator&& hvp, Index n, const LanczosOptions& options = {}, const Vector<S>& start = {}) {
  options.validate();
  const Index k_max = std::min<Index>(n, options.max_iterations);
  // The Krylov basis grows as needed (doubling), so a generous max_iterations costs no memory
  // unless the iterations are actually run: n (k + 1) scalars for k iterations.
  Matrix<S> q(n, std::min<Index>(k_max + 1, 32));
  Vector<S> alpha(k_max);
  Vector<S> beta(k_max);
  if (start.size() == n && start.norm() > S(0)) {
    q.col(0) = start / start.norm();
  } else {
    Random random(options.seed);
    for (Index i = 0; i < n; ++i) {
      q(i, 0) = static_cast<S>(random.normal());
    }
    q.col(0).normalize();
  }
  Vector<S> w(n);
  Vector<S> column(n);
  LanczosResult<S> result;
  Eigen::SelfAdjointEigenSolver<Matrix<S>> eig;
  const S tiny = std::numeric_limits<S>::epsilon();
  Index k = 0;
  for (; k < k_max; ++k) {
    column = q.col(k);
    hvp(column, w);
    alpha[k] = column.dot(w);
    w -= alpha[k] * column;
    if (k > 0) {
      w -= beta[k - 1] * q.col(k - 1);
    }
    for (int pass = 0; pass < 2; ++pass) {  // full reorthogonalization, twice ("twice is enough")
      w -= q.leftCols(k + 1) * (q.leftCols(k + 1).transpose() * w);
    }
    beta[k] = w.norm();
    // Ritz values of T_{k+1} and their residuals |beta_k s_last|.
    Matrix<S> t = Matrix<S>::Zero(k + 1, k + 1);
    for (Index i = 0; i <= k; ++i) {
      t(i, i) = alpha[i];
      if (i < k) {
        t(i, i + 1) = t(i + 1, i) = beta[i];
      }
    }
    eig.compute(t);
    const Index m = k + 1;
    const Index wanted = std::min<Index>(options.wanted, m);
    bool done = true;
    auto check = [&](Index i) {
      const S residual = std::abs(beta[k] * eig.eigenvectors()(k, i));
      const S scale = std::max(std::abs(eig.eigenvalues()[i]), S(1));
      done = done && residual <= static_cast<S>(options.tolerance) * scale;
    };
    for (Index i = 0; i < wanted; ++i) {
      if (options.which != Spectrum::largest) {
        check(i);
      }
      if (options.which != Spectrum::smallest) {
        check(m - 1 - i);
      }
    }
    const bool invariant = beta[k] <= tiny * std::max(std::abs(alpha[k]), S(1));
    if (invariant || (done && m >= wanted) || k + 1 == k_max) {
      result.invariant = invariant;
      result.converged = invariant || done;
      result.iterations = m;
      result.values = eig.eigenvalues();
      result.vectors = q.leftCols(m) * eig.eigenvectors();
      result.residuals.resize(m);
      for (Index i = 0; i < m; ++i) {
        result.residuals[i] = invariant ? S(0) : std::abs(beta[k] * eig.eigenvectors()(k, i));
      }
      return result;
    }
    if (k + 1 >= q.cols()) {
      q.conservativeResize(Eigen::NoChange, std::min<Index>(k_max + 1, 2 * q.cols()));
    }
    q.col(k + 1) = w / beta[k];
  }
  return result;  // unreachable: the loop returns at k + 1 == k_max
}

}  // namespace saddle
