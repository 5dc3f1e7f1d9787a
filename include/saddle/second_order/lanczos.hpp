// Lanczos on Hessian-vector products, with full reorthogonalization: extreme eigenpairs of a
// symmetric operator seen only through v -> H v, each with its residual |H y - theta y|, which
// bounds the distance to a true eigenvalue (so theta + residual < 0 *certifies* a negative one).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <utility>

#include "saddle/core/format.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/random.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

enum class Spectrum { smallest, largest, both_ends };

struct LanczosOptions {
  std::int64_t max_iterations = 100;  // Krylov dimension at most (one product each); >= 1 (capped at n)
  double tolerance = 1e-8;            // stop when every wanted Ritz residual <= tolerance * max(|theta|, 1);
                                      // 0 <= tolerance < inf
  std::int64_t wanted = 1;            // eigenpairs wanted at each end; >= 1
  Spectrum which = Spectrum::smallest;  // the end converged: smallest, largest or both_ends
  std::uint64_t seed = 0;             // the random start vector (when none is given)
  // Stop as soon as an eigenvalue is proved below this: theta_1 + |residual_1| < stop_below (a curvature
  // probe needs negative curvature proved, not converged). -inf: off.
  double stop_below = -std::numeric_limits<double>::infinity();
  // Stop as soon as lambda_min is bounded above this with probability 1 - stop_above_failure
  // (detail::lanczos_lower_bound, from a random start): a curvature probe at a second-order point.
  // +inf: off.
  double stop_above = std::numeric_limits<double>::infinity();
  double stop_above_failure = 1e-3;  // 0 < it < 1

  void validate() const {
    detail::require("LanczosOptions", "max_iterations", max_iterations, detail::at_least(1));
    detail::require_that(!std::isnan(stop_below), "LanczosOptions", "stop_below", "nan", "stop_below is not NaN");
    detail::require_that(!std::isnan(stop_above), "LanczosOptions", "stop_above", "nan", "stop_above is not NaN");
    detail::require("LanczosOptions", "stop_above_failure", stop_above_failure, detail::open(0, 1));
    detail::require("LanczosOptions", "tolerance", tolerance, detail::closed_open(0, detail::infinity));
    detail::require("LanczosOptions", "wanted", wanted, detail::at_least(1));
    detail::require_one_of(
        "LanczosOptions", "which", which,
        {{Spectrum::smallest, "smallest"}, {Spectrum::largest, "largest"}, {Spectrum::both_ends, "both_ends"}});
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

namespace detail {

// The symmetric tridiagonal T with diagonal a[0..m) and off-diagonal b[0..m-1), by the pivots of
// T - theta I = L D L^T: d_0 = a_0 - theta, d_j = a_j - theta - b_{j-1}^2 / d_{j-1}. A pivot that
// vanishes is replaced by -pivmin (LAPACK's dstebz does the same), so the recurrence never divides by 0.
// A lower bound on lambda_min from k Lanczos steps from a random start, holding with probability at
// least 1 - failure: Kuczynski & Wozniakowski (1992, Theorem 4.2) bound the chance that
// theta_1 - lambda_min >= delta (lambda_max - lambda_min) by 1.648 sqrt(n) exp(-sqrt(delta) (2k - 1)),
// and the same for lambda_max - theta_max. Asking both of probability failure / 2 gives
// delta = (ln(3.296 sqrt(n) / failure) / (2k - 1))^2, the spread s = lambda_max - lambda_min <=
// (theta_max - theta_1) / (1 - 2 delta), and lambda_min >= theta_1 - delta s. None when delta >= 1/2 (too
// few steps for the dimension).
template <Scalar S>
std::optional<S> lanczos_lower_bound(S theta_min, S theta_max, std::int64_t k, Index n, double failure) {
  const double steps = 2.0 * static_cast<double>(k) - 1.0;
  const double root = std::log(3.296 * std::sqrt(static_cast<double>(n)) / failure) / steps;
  const double delta = root * root;
  if (!(delta < 0.5)) {
    return std::nullopt;
  }
  const double spread = static_cast<double>(theta_max - theta_min) / (1.0 - 2.0 * delta);
  return static_cast<S>(static_cast<double>(theta_min) - delta * spread);
}

template <Scalar S>
struct TridiagonalView {
  const Vector<S>& a;
  const Vector<S>& b;
  Index m;

  [[nodiscard]] S pivot_floor() const {
    S largest = S(1);
    for (Index j = 0; j + 1 < m; ++j) {
      largest = std::max(largest, b[j] * b[j]);
    }
    return std::numeric_limits<S>::min() * largest;
  }

  // Sturm count: the number of eigenvalues below theta (= negative pivots).
  [[nodiscard]] Index count_below(S theta, S pivmin) const {
    Index count = 0;
    S d = S(1);
    for (Index j = 0; j < m; ++j) {
      d = a[j] - theta - (j > 0 ? b[j - 1] * b[j - 1] / d : S(0));
      if (std::abs(d) < pivmin) {
        d = -pivmin;
      }
      count += d < S(0) ? 1 : 0;
    }
    return count;
  }

  // The i-th smallest eigenvalue (0-based) by bisection on Sturm counts: O(m) per halving, about 50
  // halvings, no storage. Accurate to a few ulps of the Gershgorin interval.
  [[nodiscard]] S eigenvalue(Index i) const {
    S lo = std::numeric_limits<S>::infinity();
    S hi = -lo;
    for (Index j = 0; j < m; ++j) {
      const S r = (j > 0 ? std::abs(b[j - 1]) : S(0)) + (j + 1 < m ? std::abs(b[j]) : S(0));
      lo = std::min(lo, a[j] - r);
      hi = std::max(hi, a[j] + r);
    }
    const S eps = std::numeric_limits<S>::epsilon();
    const S pivmin = pivot_floor();
    const S floor = eps * std::max(hi - lo, pivmin);
    lo -= floor;
    hi += floor;
    for (int step = 0; step < 128 && hi - lo > std::max(S(4) * eps * std::max(std::abs(lo), std::abs(hi)), floor);
         ++step) {
      const S mid = lo + (hi - lo) / S(2);
      if (count_below(mid, pivmin) > i) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return lo + (hi - lo) / S(2);
  }

  // |last component| of the unit eigenvector of T for its eigenvalue theta, in O(m): two steps of
  // inverse iteration on T - theta I, LU-factored with partial pivoting (LAPACK's dgttrf/dgtts2,
  // dstein's method). Accurate to rounding in absolute terms, also when the eigenvector is
  // localized at the top — exactly when a Ritz value has converged and the component is tiny.
  // `work` is m x 6 scratch.
  [[nodiscard]] S last_component(S theta, Eigen::Ref<Matrix<S>> work) const {
    if (m == 1) {
      return S(1);
    }
    auto dl = work.col(0);   // multipliers
    auto dd = work.col(1);   // U's diagonal
    auto du = work.col(2);   // U's first superdiagonal
    auto du2 = work.col(3);  // U's second superdiagonal (fill-in from the interchanges)
    auto z = work.col(4);
    auto swapped = work.col(5);
    S norm = S(0);
    for (Index j = 0; j < m; ++j) {
      dd[j] = a[j] - theta;
      norm = std::max(norm, std::abs(a[j]) + (j + 1 < m ? std::abs(b[j]) : S(0)) + (j > 0 ? std::abs(b[j - 1]) : S(0)));
      if (j + 1 < m) {
        dl[j] = b[j];
        du[j] = b[j];
      }
      du2[j] = S(0);
      swapped[j] = S(0);
    }
    for (Index i = 0; i + 1 < m; ++i) {
      if (std::abs(dd[i]) >= std::abs(dl[i])) {
        if (dd[i] != S(0)) {
          const S factor = dl[i] / dd[i];
          dl[i] = factor;
          dd[i + 1] -= factor * du[i];
        }
      } else {  // interchange rows i and i + 1
        const S factor = dd[i] / dl[i];
        dd[i] = dl[i];
        dl[i] = factor;
        const S upper = du[i];
        du[i] = dd[i + 1];
        dd[i + 1] = upper - factor * dd[i + 1];
        if (i + 2 < m) {
          du2[i] = du[i + 1];
          du[i + 1] = -factor * du[i + 1];
        }
        swapped[i] = S(1);
      }
    }
    // A zero pivot is the exact singularity inverse iteration wants; a tiny one keeps it finite.
    const S tiny = std::numeric_limits<S>::epsilon() * std::max(norm, std::numeric_limits<S>::min());
    for (Index j = 0; j < m; ++j) {
      if (std::abs(dd[j]) < tiny) {
        dd[j] = std::copysign(tiny, dd[j]);
      }
    }
    z.setOnes();
    for (int step = 0; step < 2; ++step) {
      for (Index i = 0; i + 1 < m; ++i) {  // L (with the interchanges)
        if (swapped[i] == S(0)) {
          z[i + 1] -= dl[i] * z[i];
        } else {
          const S top = z[i];
          z[i] = z[i + 1];
          z[i + 1] = top - dl[i] * z[i];
        }
      }
      z[m - 1] /= dd[m - 1];
      z[m - 2] = (z[m - 2] - du[m - 2] * z[m - 1]) / dd[m - 2];
      for (Index i = m - 3; i >= 0; --i) {
        z[i] = (z[i] - du[i] * z[i + 1] - du2[i] * z[i + 2]) / dd[i];
      }
      z /= z.norm();
    }
    return std::abs(z[m - 1]);
  }
};

// Eigenvalues of the symmetric tridiagonal matrix (diagonal d, off-diagonal e[0..m-1)) by the
// implicit QL method with Wilkinson shifts (EISPACK tql2; Press et al., Numerical Recipes, tqli),
// in place: d receives the eigenvalues in ascending order, e is destroyed, and every row of z is
// multiplied by the eigenvector matrix (z = I gives the eigenvectors, z = two rows of I the first
// and last components only, at O(m) instead of O(m^2) per sweep). No allocation. Returns false
// if some eigenvalue needs more than 60 sweeps (not seen for finite input).
template <Scalar S>
bool tridiagonal_ql(Eigen::Ref<Vector<S>> d, Eigen::Ref<Vector<S>> e, Eigen::Ref<Matrix<S>> z) {
  const Index m = d.size();
  if (m == 0) {
    return true;
  }
  e[m - 1] = S(0);
  const S eps = std::numeric_limits<S>::epsilon();
  const S tiny = std::numeric_limits<S>::min();
  for (Index l = 0; l < m; ++l) {
    int sweeps = 0;
    for (;;) {
      Index split = l;
      for (; split < m - 1; ++split) {
        const S scale = std::abs(d[split]) + std::abs(d[split + 1]);
        if (std::abs(e[split]) <= eps * scale || std::abs(e[split]) <= tiny) {
          break;
        }
      }
      if (split == l) {
        break;
      }
      if (++sweeps > 60) {
        return false;
      }
      S g = (d[l + 1] - d[l]) / (S(2) * e[l]);
      S r = std::hypot(g, S(1));
      g = d[split] - d[l] + e[l] / (g + std::copysign(r, g));
      S s = S(1);
      S c = S(1);
      S p = S(0);
      bool underflow = false;
      for (Index i = split - 1; i >= l; --i) {
        S f = s * e[i];
        const S b = c * e[i];
        r = std::hypot(f, g);
        e[i + 1] = r;
        if (r == S(0)) {  // recover from underflow: the split is at i + 1
          d[i + 1] -= p;
          e[split] = S(0);
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + S(2) * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        for (Index k = 0; k < z.rows(); ++k) {
          f = z(k, i + 1);
          z(k, i + 1) = s * z(k, i) + c * f;
          z(k, i) = c * z(k, i) - s * f;
        }
      }
      if (underflow) {
        continue;
      }
      d[l] -= p;
      e[l] = g;
      e[split] = S(0);
    }
  }
  for (Index i = 0; i + 1 < m; ++i) {  // selection sort: O(m^2) comparisons, at most m column swaps
    Index smallest = i;
    for (Index j = i + 1; j < m; ++j) {
      if (d[j] < d[smallest]) {
        smallest = j;
      }
    }
    if (smallest != i) {
      std::swap(d[i], d[smallest]);
      z.col(i).swap(z.col(smallest));
    }
  }
  return true;
}

}  // namespace detail

// A reusable Lanczos workspace for operators of dimension n: the Krylov basis, the tridiagonal
// matrix and its eigen-decomposition live in members that only grow, so a second run() of the same
// size allocates nothing (the operator's own allocations aside). Per iteration: one product, two
// passes of full reorthogonalization (O(n k)), and the convergence test on the wanted Ritz pairs
// in O(k) by bisection and inverse iteration — instead of diagonalizing T_k anew, O(k^3). At
// the end the values, residuals and first components come from one QL pass in O(k^2); the Ritz
// vectors, when asked for, from one O(k^3) decomposition and an O(n k^2) product.
//
// The basis starts with room for min(max_iterations, max(32, 2^20 / n)) vectors (at most 8 MiB of
// doubles beyond 32 vectors) and doubles when a run needs more: a generous max_iterations costs no
// memory unless the iterations are run. reserve() makes the room up front.
template <Scalar S>
class Lanczos {
 public:
  explicit Lanczos(Index n, const LanczosOptions& options = {}) : n_(n) {
    detail::require("Lanczos", "n", n, detail::at_least(1));
    set_options(options);
    v_.resize(n_);
    w_.resize(n_);
    grow(std::min<Index>(k_max_, std::max<Index>(32, (Index{1} << 20) / n_)));
  }

  // Validates and installs new options; the storage is kept.
  void set_options(const LanczosOptions& options) {
    options.validate();
    options_ = options;
    k_max_ = static_cast<Index>(std::min<std::int64_t>(n_, options_.max_iterations));
  }

  // Room for `iterations` Lanczos vectors without allocating (capped at min(n, max_iterations)).
  void reserve(Index iterations) { grow(std::min(iterations, k_max_)); }

  // Runs from a random start vector (options().seed).
  template <class Operator>
  void run(Operator&& hvp) {
    Random random(options_.seed);
    for (Index i = 0; i < n_; ++i) {
      q_(i, 0) = static_cast<S>(random.normal());
    }
    q_.col(0).normalize();
    iterate(hvp);
  }

  // Runs from `start` (nonzero, finite, of size n).
  template <class Operator>
  void run(Operator&& hvp, const Vector<S>& start) {
    if (start.size() != n_) {  // messages are built only on failure
      detail::require_that(false, "Lanczos", "start.size()", detail::concat(start.size()),
                           detail::concat("start.size() == n = ", n_));
    }
    if (const Index bad = detail::first_non_finite(start); bad >= 0) {
      detail::require("Lanczos", detail::concat("start[", bad, "]"), start[bad], detail::finite());
    }
    const S norm = start.norm();
    detail::require_that(norm > S(0), "Lanczos", "|start|", "0", "|start| > 0");
    q_.col(0) = start / norm;
    iterate(hvp);
  }

  [[nodiscard]] Index dimension() const { return n_; }
  [[nodiscard]] const LanczosOptions& options() const { return options_; }
  // After run(): the Krylov dimension reached (= products spent), and whether the wanted pairs
  // converged or the space became invariant.
  [[nodiscard]] Index iterations() const { return m_; }
  [[nodiscard]] bool converged() const { return converged_; }
  [[nodiscard]] bool invariant() const { return invariant_; }
  // Ritz values (ascending), their residual bounds, and the first component of each eigenvector
  // of T (the weight of its Ritz vector in the start vector: the Gauss quadrature weight is its
  // square).
  [[nodiscard]] auto values() const { return d_.head(m_); }
  [[nodiscard]] auto residuals() const { return residuals_.head(m_); }
  [[nodiscard]] auto first_components() const { return rows_.row(0).head(m_); }

  // y = the unit Ritz vector of values()[j].
  void ritz_vector(Index j, Eigen::Ref<Vector<S>> y) {
    decompose_vectors();
    y.noalias() = q_.leftCols(m_) * z_.col(j).head(m_);
  }

  // y = sum_j weights[j] (Ritz vector j): for example a pseudo-inverse applied to the start vector.
  void ritz_combination(const Eigen::Ref<const Vector<S>>& weights, Eigen::Ref<Vector<S>> y) {
    decompose_vectors();
    coefficients_.head(m_).noalias() = z_.topLeftCorner(m_, m_) * weights.head(m_);
    y.noalias() = q_.leftCols(m_) * coefficients_.head(m_);
  }

  // Everything, as the free function lanczos() returns it (the Ritz vectors cost O(n k^2); the
  // result's storage is reused when the size repeats).
  const LanczosResult<S>& result() & {
    fill_result();
    return result_;
  }
  LanczosResult<S> result() && {
    fill_result();
    return std::move(result_);
  }

 private:
  void grow(Index columns) {
    if (columns <= q_.cols()) {
      return;
    }
    q_.conservativeResize(n_, columns);
    alpha_.conservativeResize(columns);
    beta_.conservativeResize(columns);
    coefficients_.resize(columns);
    d_.resize(columns);
    e_.resize(columns);
    residuals_.resize(columns);
    rows_.resize(2, columns);
    z_.resize(columns, columns);  // no larger than the basis: columns <= k_max <= n
    work_.resize(columns, 6);
  }

  // The wanted Ritz pairs of T_m (bisection for the value, inverse iteration for the last component
  // of its eigenvector) all have |beta_m s_last| <= tolerance * max(|theta|, 1).
  [[nodiscard]] bool wanted_converged(Index m, S beta) {
    if (options_.tolerance == 0.0) {
      return false;  // only an invariant space stops the run
    }
    const detail::TridiagonalView<S> t{alpha_, beta_, m};
    const Index wanted = std::min<Index>(options_.wanted, m);
    const auto converged_at = [&](Index i) {
      const S theta = t.eigenvalue(i);
      return std::abs(beta) * t.last_component(theta, work_.topRows(m)) <=
             static_cast<S>(options_.tolerance) * std::max(std::abs(theta), S(1));
    };
    for (Index i = wanted - 1; i >= 0; --i) {  // the innermost wanted pair converges last: test it first
      if (options_.which != Spectrum::largest && !converged_at(i)) {
        return false;
      }
      if (options_.which != Spectrum::smallest && !converged_at(m - 1 - i)) {
        return false;
      }
    }
    return true;
  }

  // The probes' early stops, from theta_1 of T_m (computed once): theta_1 + |beta s_last| < stop_below (an
  // eigenvalue of H lies below it), or lambda_min > stop_above with probability 1 - stop_above_failure.
  [[nodiscard]] bool proved(Index m, S beta) {
    const bool below = options_.stop_below > -std::numeric_limits<double>::infinity();
    const bool above = options_.stop_above < std::numeric_limits<double>::infinity() && m >= 2;
    if (!below && !above) {
      return false;
    }
    const detail::TridiagonalView<S> t{alpha_, beta_, m};
    const S theta = t.eigenvalue(0);
    if (below &&
        theta + std::abs(beta) * t.last_component(theta, work_.topRows(m)) < static_cast<S>(options_.stop_below)) {
      return true;
    }
    if (above) {
      const auto lower =
          detail::lanczos_lower_bound<S>(theta, t.eigenvalue(m - 1), m, n_, options_.stop_above_failure);
      return lower && *lower > static_cast<S>(options_.stop_above);
    }
    return false;
  }

  template <class Operator>
  void iterate(Operator& hvp) {
    const S eps = std::numeric_limits<S>::epsilon();
    const Index enough = std::min<Index>(options_.wanted, k_max_);
    m_ = 0;
    invariant_ = false;
    vectors_ready_ = false;
    for (Index k = 0; k < k_max_; ++k) {
      v_ = q_.col(k);
      hvp(v_, w_);
      if (w_.size() != n_) {
        throw std::invalid_argument(detail::concat("saddle::Lanczos: the operator wrote a product of size ",
                                                   w_.size(), ", expected n = ", n_));
      }
      const S alpha = v_.dot(w_);
      w_ -= alpha * v_;
      if (k > 0) {
        w_ -= beta_[k - 1] * q_.col(k - 1);
      }
      for (int pass = 0; pass < 2; ++pass) {  // full reorthogonalization, twice ("twice is enough")
        auto c = coefficients_.head(k + 1);
        c.noalias() = q_.leftCols(k + 1).transpose() * w_;
        w_.noalias() -= q_.leftCols(k + 1) * c;
      }
      const S beta = w_.norm();
      if (!std::isfinite(alpha) || !std::isfinite(beta)) {
        throw std::invalid_argument(detail::concat("saddle::Lanczos: the operator returned a non-finite product at "
                                                   "iteration ", k, " (v^T H v = ", alpha, ", |H v| residual = ",
                                                   beta, ")"));
      }
      alpha_[k] = alpha;
      beta_[k] = beta;
      m_ = k + 1;
      invariant_ = beta <= eps * std::max(std::abs(alpha), S(1));
      if (invariant_ || m_ == k_max_ || (m_ >= enough && wanted_converged(m_, beta)) || proved(m_, beta)) {
        break;
      }
      if (k + 1 >= q_.cols()) {
        grow(std::min<Index>(k_max_, 2 * q_.cols()));
      }
      q_.col(k + 1) = w_ / beta;
    }
    decompose_rows();
  }

  // Values, residuals and first components of T_m: QL carrying two rows of the eigenvector matrix.
  void decompose_rows() {
    const Index m = m_;
    d_.head(m) = alpha_.head(m);
    e_.head(m) = beta_.head(m);
    rows_.leftCols(m).setZero();
    rows_(0, 0) = S(1);
    rows_(1, m - 1) = S(1);
    if (!detail::tridiagonal_ql<S>(d_.head(m), e_.head(m), rows_.leftCols(m))) {
      throw std::runtime_error("saddle::Lanczos: the tridiagonal QL iteration did not converge");
    }
    const S beta = beta_[m - 1];
    for (Index i = 0; i < m; ++i) {
      residuals_[i] = invariant_ ? S(0) : std::abs(beta * rows_(1, i));
    }
    converged_ = invariant_;
    if (!converged_) {
      converged_ = true;
      const auto meets = [&](Index i) {
        return residuals_[i] <= static_cast<S>(options_.tolerance) * std::max(std::abs(d_[i]), S(1));
      };
      for (Index i = 0; i < std::min<Index>(options_.wanted, m); ++i) {
        if ((options_.which != Spectrum::largest && !meets(i)) ||
            (options_.which != Spectrum::smallest && !meets(m - 1 - i))) {
          converged_ = false;
        }
      }
    }
  }

  // The full eigenvector matrix of T_m (the same rotations, so the same values and order).
  void decompose_vectors() {
    if (vectors_ready_) {
      return;
    }
    const Index m = m_;
    d_.head(m) = alpha_.head(m);
    e_.head(m) = beta_.head(m);
    z_.topLeftCorner(m, m).setIdentity();
    if (!detail::tridiagonal_ql<S>(d_.head(m), e_.head(m), z_.topLeftCorner(m, m))) {
      throw std::runtime_error("saddle::Lanczos: the tridiagonal QL iteration did not converge");
    }
    vectors_ready_ = true;
  }

  void fill_result() {
    decompose_vectors();
    result_.values = d_.head(m_);
    result_.residuals = residuals_.head(m_);
    result_.vectors.resize(n_, m_);
    result_.vectors.noalias() = q_.leftCols(m_) * z_.topLeftCorner(m_, m_);
    result_.iterations = m_;
    result_.converged = converged_;
    result_.invariant = invariant_;
  }

  Index n_;
  LanczosOptions options_;
  Index k_max_ = 0;
  Matrix<S> q_;             // Lanczos vectors, one per column
  Vector<S> alpha_;         // diagonal of T
  Vector<S> beta_;          // off-diagonal of T (beta_[m-1]: the residual norm of the last step)
  Vector<S> coefficients_;  // reorthogonalization coefficients
  Vector<S> v_;             // the current Lanczos vector (the operator's argument)
  Vector<S> w_;             // H v, then the next residual
  Vector<S> d_;             // eigenvalues of T (ascending)
  Vector<S> e_;             // QL scratch
  Vector<S> residuals_;
  Matrix<S> rows_;          // first and last rows of T's eigenvector matrix
  Matrix<S> z_;             // T's eigenvector matrix, when Ritz vectors are asked for
  Matrix<S> work_;          // scratch of the convergence test (inverse iteration on T)
  LanczosResult<S> result_;
  Index m_ = 0;
  bool converged_ = false;
  bool invariant_ = false;
  bool vectors_ready_ = false;
};

// Runs Lanczos with the operator `hvp(v, hv)` (hv = H v) of dimension n from `start` (random
// if empty; otherwise nonzero, finite, of size n). Reorthogonalizes fully (twice) against all
// previous vectors: O(n k) memory, and no spurious copies of converged eigenvalues. Throws
// std::invalid_argument for n < 1 or a non-finite product.
template <Scalar S, class Operator>
LanczosResult<S> lanczos(Operator&& hvp, Index n, const LanczosOptions& options = {}, const Vector<S>& start = {}) {
  Lanczos<S> workspace(n, options);
  if (start.size() == 0) {
    workspace.run(hvp);
  } else {
    workspace.run(hvp, start);
  }
  return std::move(workspace).result();
}

// The same from a given start vector, whose type carries the scalar and the dimension.
template <class Operator, Scalar S>
LanczosResult<S> lanczos(Operator&& hvp, const Vector<S>& start, const LanczosOptions& options = {}) {
  detail::require("lanczos", "start.size()", start.size(), detail::at_least(1));
  Lanczos<S> workspace(start.size(), options);
  workspace.run(hvp, start);
  return std::move(workspace).result();
}

}  // namespace saddle
