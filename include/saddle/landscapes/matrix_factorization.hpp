// Symmetric low-rank matrix factorization f(U) = 1/4 |U U^T - M|_F^2: no spurious local minima, but
// a saddle for every other choice of eigenpairs of M — all of them labelled in closed form.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "saddle/core/detail/dense_solvers.hpp"
#include "saddle/core/random.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/landscapes/detail/labels.hpp"
#include "saddle/landscapes/householder.hpp"
#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes {

// f(U) = 1/4 |U U^T - M|_F^2 for a symmetric positive semidefinite d x d target M and U in R^{d x r},
// flattened column-major into x (x[i + d c] = U(i, c)). With E = U U^T - M:
//   grad f = E U,   Hess f [V] = E V + V (U^T U) + U (V^T U)            (O(d^2 r) each).
// Ge, Jin & Zheng (2017), "No spurious local minima in nonconvex low rank problems: a unified
// geometric analysis", arXiv:1704.00708: every local minimum is global, every other critical
// point is a strict saddle.
//
// Critical points. With M = sum_i s_i v_i v_i^T (s_1 >= s_2 >= ...), they are U = V_S diag(sqrt s_S) R for
// any set S of at most r eigenpairs with s > 0 (zero columns filling U up to r) and any orthogonal R.
// The labels are the R = I representatives: column c holds sqrt(s_a) v_a for the c-th member a of S
// (in order of decreasing s), the remaining r - |S| columns are zero. Writing V in the eigenbasis,
// W = P^T V, the Hessian's quadratic form 1/2 |U V^T + V U^T|^2 + <U U^T - M, V V^T> separates, and
// its eigenvalues are, with k = |S|:
//   s_a - s_j   for a in S, j not in S               (the column of a leaning towards v_j)
//   2 s_a       for a in S                           (the column of a stretching)
//   s_a + s_b and 0   for each pair a != b in S      (0: the rotation U -> U R mixing a and b)
//   -s_j and 0  for each of the r - k zero columns, j not in S / j in S
// so index = #{(a, j) : a in S, j not in S, s_j > s_a} + (r - k) #{j not in S : s_j > 0}, and
// f = 1/4 sum_{j not in S} s_j^2. Index 0 happens only for the top-r eigenpairs (the global minima,
// f* = 1/4 sum_{j > r} s_j^2); the origin is a maximum when M is positive definite (Hessian
// -I_r (x) M), a strict saddle otherwise; everything else is a strict saddle.
//
// The global minimum's Hessian is singular whenever r >= 2 (the rotations U -> U R keep f), so it
// is labelled like the extended Powell singular minimum (mgh.hpp): kind minimum, index 0,
// lambda_min 0 — f there is the global minimum value, and `degenerate` would list it among the
// saddles. Zero eigenvalues of M (|s| <= 8 d eps |M|, after a long double eigendecomposition) are
// taken as exactly 0 and add zero Hessian eigenvalues the same way.
//
// Labels: every subset while there are at most 4096 of them (sum_{k <= r} C(p, k), p = rank M);
// beyond, only the global minimum and the origin. Largest subsets first; the first label is the
// global minimum.
template <Scalar S>
class MatrixFactorization : public LandscapeInfo<S> {
 public:
  // target: M, symmetric (to rounding; it is symmetrized) and positive semidefinite; rank: r, 1 <= r <= d;
  // the start is init_scale times a seeded standard normal U (small: the saddle at the origin first).
  MatrixFactorization(Matrix<S> target, Index rank, std::uint64_t seed = 0, double init_scale = 1e-3)
      : LandscapeInfo<S>(saddle::detail::concat("matrix factorization (d = ", target.rows(), ", r = ", rank, ")"),
                         target.rows() * rank),
        d_(target.rows()),
        r_(rank) {
    constexpr auto owner = "landscapes::MatrixFactorization";
    saddle::detail::require(owner, "target.rows()", d_, saddle::detail::at_least(1));
    saddle::detail::require_that(target.cols() == d_, owner, "target.cols()", saddle::detail::concat(target.cols()),
                                 saddle::detail::concat("target.cols() == target.rows() = ", d_));
    saddle::detail::require(owner, "rank", r_, saddle::detail::closed(1, static_cast<double>(d_)));
    saddle::detail::require(owner, "init_scale", init_scale, saddle::detail::closed_open(0, saddle::detail::infinity));
    const S largest = target.cwiseAbs().maxCoeff();
    for (Index j = 0; j < d_; ++j) {
      for (Index i = 0; i < d_; ++i) {
        saddle::detail::require(owner, saddle::detail::element("target", i, j), target(i, j),
                                saddle::detail::finite());
      }
    }
    const S asymmetry_tolerance = S(16) * std::numeric_limits<S>::epsilon() * largest;
    for (Index j = 0; j < d_; ++j) {
      for (Index i = j + 1; i < d_; ++i) {
        saddle::detail::require_that(
            std::abs(target(i, j) - target(j, i)) <= asymmetry_tolerance, owner, saddle::detail::element("target", i, j),
            [&] { return saddle::detail::concat(saddle::detail::exact(target(i, j))); },
            [&] {
              return saddle::detail::concat("target(i, j) == target(j, i) (target(", j, ", ", i,
                                            ") = ", saddle::detail::exact(target(j, i)), ")");
            });
      }
    }

    // The eigendecomposition in long double, eigenvalues in decreasing order.
    Matrix<long double> m = target.template cast<long double>();
    m = (0.5L * (m + m.transpose())).eval();
    const auto eig = saddle::detail::symmetric_eigen<long double>(m, true);
    Vector<long double> s = eig.values.reverse();
    Matrix<long double> v = eig.vectors.rowwise().reverse();
    const long double zero = 8.0L * static_cast<long double>(d_) *
                             static_cast<long double>(std::numeric_limits<S>::epsilon()) * s.cwiseAbs().maxCoeff();
    saddle::detail::require_that(
        s[d_ - 1] >= -zero, owner, "lambda_min(target)", saddle::detail::concat(static_cast<double>(s[d_ - 1])),
        saddle::detail::concat("lambda_min(target) >= 0 (to rounding: >= ", static_cast<double>(-zero), ")"));
    Index positive = 0;
    for (Index i = 0; i < d_; ++i) {
      if (s[i] <= zero) {
        s[i] = 0.0L;
      } else {
        ++positive;
      }
    }
    target_ = m.cast<S>();
    eigenvalues_ = s.cast<S>();
    eigenvectors_ = v.cast<S>();
    column_.resize(d_);
    utu_.resize(r_, r_);
    wtu_.resize(r_, r_);

    Random random(seed);
    Vector<S> start(d_ * r_);
    for (Index i = 0; i < start.size(); ++i) {
      start[i] = static_cast<S>(init_scale * random.normal());
    }
    this->start_points_.push_back(std::move(start));

    // Every subset of the positive eigenpairs with at most r members, largest first, or only the
    // top-r subset and the empty one when there are too many.
    const Index most = std::min(r_, positive);
    long double subsets = 0.0L;
    for (Index k = 0; k <= most; ++k) {
      subsets += binomial(positive, k);
    }
    for (Index k = most; k >= 0; --k) {
      if (subsets > 4096.0L && k != most && k != 0) {
        continue;
      }
      std::vector<Index> set(static_cast<std::size_t>(k));
      for (Index c = 0; c < k; ++c) {
        set[static_cast<std::size_t>(c)] = c;
      }
      do {
        this->critical_points_.push_back(label(set, s, v));
      } while (subsets <= 4096.0L && next_combination(set, positive));
    }
    this->minimum_value_ = this->critical_points_.front().value;
  }

  // E = U U^T - M is never stored: column j of it is e = U U(j, :)^T - M(:, j), and as E is symmetric,
  // row j of E U is e^T U. So f and grad f take one pass over M and a vector of d as work space,
  // instead of writing and twice reading a d x d matrix.
  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("MatrixFactorization", this->dimension_, x.size(), "x");
    const Eigen::Map<const Matrix<S>> u(x.data(), d_, r_);
    g.resize(x.size());
    Eigen::Map<Matrix<S>> gu(g.data(), d_, r_);
    S sum = S(0);
    for (Index j = 0; j < d_; ++j) {
      error_column(u, j);
      sum += column_.squaredNorm();
      gu.row(j).noalias() = column_.transpose() * u;
    }
    return S(0.25) * sum;
  }

  // Hess f [V] = E V + V (U^T U) + U (V^T U), E V row by row as in f; the r x r factors by dot
  // products and the rest column by column, so that no product needs a packing buffer.
  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("MatrixFactorization", this->dimension_, x.size(), "x");
    detail::require_dimension("MatrixFactorization", this->dimension_, v.size(), "v");
    const Eigen::Map<const Matrix<S>> u(x.data(), d_, r_);
    const Eigen::Map<const Matrix<S>> w(v.data(), d_, r_);
    for (Index b = 0; b < r_; ++b) {
      for (Index a = 0; a < r_; ++a) {
        utu_(a, b) = u.col(a).dot(u.col(b));
        wtu_(a, b) = w.col(a).dot(u.col(b));
      }
    }
    hv.resize(v.size());
    Eigen::Map<Matrix<S>> h(hv.data(), d_, r_);
    for (Index j = 0; j < d_; ++j) {
      error_column(u, j);
      h.row(j).noalias() = column_.transpose() * w;
    }
    for (Index c = 0; c < r_; ++c) {
      h.col(c).noalias() += w * utu_.col(c);
      h.col(c).noalias() += u * wtu_.col(c);
    }
  }

  [[nodiscard]] Index rows() const { return d_; }
  [[nodiscard]] Index rank() const { return r_; }
  [[nodiscard]] const Matrix<S>& target() const { return target_; }
  // The eigenvalues of M in decreasing order (the ones within rounding of zero set to 0) and the
  // matching eigenvectors as columns.
  [[nodiscard]] const Vector<S>& target_eigenvalues() const { return eigenvalues_; }
  [[nodiscard]] const Matrix<S>& target_eigenvectors() const { return eigenvectors_; }

 private:
  static long double binomial(Index n, Index k) {
    long double b = 1.0L;
    for (Index i = 1; i <= k; ++i) {
      b = b * static_cast<long double>(n - k + i) / static_cast<long double>(i);
    }
    return b;
  }

  // The next k-subset of {0, ..., n-1} in lexicographic order; false after the last.
  static bool next_combination(std::vector<Index>& set, Index n) {
    const Index k = static_cast<Index>(set.size());
    for (Index c = k - 1; c >= 0; --c) {
      auto& slot = set[static_cast<std::size_t>(c)];
      if (slot < n - k + c) {
        ++slot;
        for (Index e = c + 1; e < k; ++e) {
          set[static_cast<std::size_t>(e)] = set[static_cast<std::size_t>(e - 1)] + 1;
        }
        return true;
      }
    }
    return false;
  }

  // The label of U = V_S diag(sqrt s_S) (zero columns after |S|), from the closed forms above.
  LabelledPoint<S> label(const std::vector<Index>& set, const Vector<long double>& s,
                         const Matrix<long double>& v) const {
    const Index k = static_cast<Index>(set.size());
    std::vector<bool> in(static_cast<std::size_t>(d_), false);
    Vector<S> point = Vector<S>::Zero(d_ * r_);
    for (Index c = 0; c < k; ++c) {
      const Index a = set[static_cast<std::size_t>(c)];
      in[static_cast<std::size_t>(a)] = true;
      point.segment(c * d_, d_) = (std::sqrt(s[a]) * v.col(a)).template cast<S>();
    }
    long double value = 0.0L;
    long double lambda_min = std::numeric_limits<long double>::infinity();
    int index = 0;
    int outside_positive = 0;
    for (Index j = 0; j < d_; ++j) {
      if (!in[static_cast<std::size_t>(j)]) {
        value += s[j] * s[j] / 4;
        outside_positive += s[j] > 0 ? 1 : 0;
      }
    }
    for (Index c = 0; c < k; ++c) {
      const long double sa = s[set[static_cast<std::size_t>(c)]];
      lambda_min = std::min(lambda_min, 2 * sa);
      for (Index j = 0; j < d_; ++j) {
        if (!in[static_cast<std::size_t>(j)]) {
          lambda_min = std::min(lambda_min, sa - s[j]);
          index += s[j] > sa ? 1 : 0;
        }
      }
    }
    if (k >= 2) {
      lambda_min = std::min(lambda_min, 0.0L);  // rotations within the occupied columns
    }
    if (r_ > k) {
      index += static_cast<int>(r_ - k) * outside_positive;
      if (k > 0) {
        lambda_min = std::min(lambda_min, 0.0L);  // rotations mixing occupied and zero columns
      }
      for (Index j = 0; j < d_; ++j) {
        if (!in[static_cast<std::size_t>(j)]) {
          lambda_min = std::min(lambda_min, -s[j]);
        }
      }
    }
    return detail::labelled<S>(std::move(point), value, detail::kind_from_index(index, this->dimension_), index,
                               lambda_min);
  }

  // column_ = column j of U U^T - M.
  void error_column(const Eigen::Map<const Matrix<S>>& u, Index j) const {
    column_ = -target_.col(j);
    column_.noalias() += u * u.row(j).transpose();
  }

  Index d_ = 0;
  Index r_ = 0;
  Matrix<S> target_;
  Vector<S> eigenvalues_;
  Matrix<S> eigenvectors_;
  // Work space of f and Hv (so one object must not be evaluated from two threads at once).
  mutable Vector<S> column_;
  mutable Matrix<S> utu_;  // U^T U
  mutable Matrix<S> wtu_;  // V^T U
};

// M = Q diag(eigenvalues) Q^T with Q a generic orthogonal matrix (d = eigenvalues.size() Householder
// reflections seeded with seed + 1), so the eigenvectors lie in no special basis; the eigenvalues
// must be >= 0 (M positive semidefinite). Start: 1e-3 times a standard normal U from seed.
template <Scalar S>
MatrixFactorization<S> random_matrix_factorization(const std::vector<double>& eigenvalues, Index r,
                                                   std::uint64_t seed = 0) {
  constexpr auto owner = "landscapes::random_matrix_factorization";
  const auto d = static_cast<Index>(eigenvalues.size());
  saddle::detail::require(owner, "eigenvalues.size()", d, saddle::detail::at_least(1));
  Vector<long double> s(d);
  for (Index i = 0; i < d; ++i) {
    const double lambda = eigenvalues[static_cast<std::size_t>(i)];
    saddle::detail::require(owner, "eigenvalue", lambda, saddle::detail::closed_open(0, saddle::detail::infinity));
    s[i] = static_cast<long double>(lambda);
  }
  const Matrix<long double> q = Householder<long double>(d, static_cast<int>(d), seed + 1).matrix();
  Matrix<long double> m = q * s.asDiagonal() * q.transpose();
  m = (0.5L * (m + m.transpose())).eval();
  return MatrixFactorization<S>(m.cast<S>(), r, seed);
}

// The eigenvalues d, d - 1, ..., 1: positive definite and distinct, so all sum_{k <= r} C(d, k)
// critical points are isolated up to the rotations R.
template <Scalar S>
MatrixFactorization<S> random_matrix_factorization(Index d, Index r, std::uint64_t seed = 0) {
  saddle::detail::require("landscapes::random_matrix_factorization", "d", d, saddle::detail::at_least(1));
  std::vector<double> eigenvalues(static_cast<std::size_t>(d));
  for (Index i = 0; i < d; ++i) {
    eigenvalues[static_cast<std::size_t>(i)] = static_cast<double>(d - i);
  }
  return random_matrix_factorization<S>(eigenvalues, r, seed);
}

}  // namespace saddle::landscapes
