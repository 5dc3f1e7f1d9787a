// Deep linear networks: the scalar chain 1/2 (s - w_1 ... w_k)^2 and the matrix network
// 1/2 E|T x - W_L ... W_1 x|^2 of Saxe, McClelland & Ganguli — saddles at the origin (strict for two
// layers, degenerate for three or more) and the plateaus that small initializations spend near them.
#pragma once

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "saddle/core/random.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/landscapes/detail/labels.hpp"
#include "saddle/landscapes/landscape.hpp"
#include "saddle/landscapes/rotation.hpp"

namespace saddle::landscapes {

// f(w) = 1/2 (s - w_1 w_2 ... w_k)^2, k >= 2 scalar "layers", target s != 0. With p = prod w and
// P_i = prod_{j != i} w_j: grad_i = -(s - p) P_i and Hess = P P^T - (s - p) [P_ij]_{i != j} with
// P_ij = prod_{l != i, j} w_l; both in O(k) by prefix and suffix products.
//
// Critical points: p = s (the global minima, a (k-1)-dimensional manifold) or P = 0, i.e. at least
// two w_i = 0 (a set of saddles through the origin). At the origin the Hessian is [[0, -s], [-s, 0]]
// for k = 2 — a strict saddle of index 1, lambda_min = -|s| — and zero for k >= 3: a degenerate
// saddle (index 0, lambda_min 0) that gradient descent leaves only at the polynomial pace the
// plateau of a deep network is made of (Saxe et al. 2014; Kawaguchi 2016, "Deep learning without poor
// local minima", arXiv:1605.07110). The minima's Hessian P P^T has rank 1 (the manifold's k - 1
// flat directions), so they are labelled kind minimum, index 0, lambda_min 0 (as in mgh.hpp).
//
// Labels: the origin, then the balanced minimizers |w_i| = |s|^(1/k) with an even (s > 0) or odd
// (s < 0) number of negative signs, the signs flipping among the first min(k, 6) layers: all
// 2^(k-1) of them for k <= 6, 32 otherwise. Start: w_i = 0.1 (gradient ~ 0.1^(k-1): a plateau).
template <Scalar S>
class ScalarDeepLinear : public LandscapeInfo<S> {
 public:
  explicit ScalarDeepLinear(Index k = 2, S s = S(1))
      : LandscapeInfo<S>(saddle::detail::concat("scalar deep linear (k = ", k, ", s = ", s, ")"), k), s_(s) {
    constexpr auto owner = "landscapes::ScalarDeepLinear";
    saddle::detail::require(owner, "k", k, saddle::detail::at_least(2));
    saddle::detail::require(owner, "s", s, saddle::detail::finite());
    saddle::detail::require_that(s != S(0), owner, "s", "0", "s != 0");
    this->start_points_.push_back(Vector<S>::Constant(k, S(0.1)));

    const long double target = s;
    this->critical_points_.push_back(
        detail::labelled<S>(Vector<S>::Zero(k), target * target / 2,
                            k == 2 ? CriticalPointKind::strict_saddle : CriticalPointKind::degenerate, k == 2 ? 1 : 0,
                            k == 2 ? -std::abs(target) : 0.0L));
    const long double c = std::pow(std::abs(target), 1.0L / static_cast<long double>(k));
    const Index flipping = std::min<Index>(k, 6);
    const int wanted_parity = s < S(0) ? 1 : 0;
    for (unsigned mask = 0; mask < (1U << flipping); ++mask) {
      int negatives = 0;
      for (Index i = 0; i < flipping; ++i) {
        negatives += static_cast<int>((mask >> i) & 1U);
      }
      if (negatives % 2 != wanted_parity) {
        continue;
      }
      Vector<S> point = Vector<S>::Constant(k, static_cast<S>(c));
      for (Index i = 0; i < flipping; ++i) {
        if (((mask >> i) & 1U) != 0) {
          point[i] = -point[i];
        }
      }
      this->critical_points_.push_back(
          detail::labelled<S>(std::move(point), 0.0L, CriticalPointKind::minimum, 0, 0.0L));
    }
    this->minimum_value_ = S(0);
  }

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("ScalarDeepLinear", this->dimension_, x.size(), "x");
    const Index k = x.size();
    g.resize(k);
    S prefix = S(1);  // g_i = prod_{j < i} w_j, then times prod_{j > i} w_j on the way back
    for (Index i = 0; i < k; ++i) {
      g[i] = prefix;
      prefix *= x[i];
    }
    const S residual = s_ - prefix;
    S suffix = -residual;
    for (Index i = k - 1; i >= 0; --i) {
      g[i] *= suffix;
      suffix *= x[i];
    }
    return S(0.5) * residual * residual;
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("ScalarDeepLinear", this->dimension_, x.size(), "x");
    detail::require_dimension("ScalarDeepLinear", this->dimension_, v.size(), "v");
    const Index k = x.size();
    // Forward mode through the prefix and suffix products: (value, derivative along v).
    Vector<S> prefix(k);
    Vector<S> dprefix(k);
    S p = S(1);
    S dp = S(0);
    for (Index i = 0; i < k; ++i) {
      prefix[i] = p;
      dprefix[i] = dp;
      dp = dp * x[i] + p * v[i];
      p *= x[i];
    }
    const S residual = s_ - p;
    hv.resize(k);
    S suffix = S(1);
    S dsuffix = S(0);
    for (Index i = k - 1; i >= 0; --i) {
      const S others = prefix[i] * suffix;                          // P_i
      const S dothers = dprefix[i] * suffix + prefix[i] * dsuffix;  // sum_{j != i} P_ij v_j
      hv[i] = others * dp - residual * dothers;
      dsuffix = dsuffix * x[i] + suffix * v[i];
      suffix *= x[i];
    }
  }

  [[nodiscard]] S target() const { return s_; }

 private:
  S s_;
};

// f(W_1, ..., W_L) = 1/2 E |T x - W_L ... W_1 x|^2 = 1/2 tr((W - T) Sigma (W - T)^T), W = W_L ... W_1,
// for inputs x with covariance Sigma (E x x^T) and a linear teacher y = T x: Saxe, McClelland &
// Ganguli (2014), "Exact solutions to the nonlinear dynamics of learning in deep linear neural
// networks", arXiv:1312.6120. With whitened inputs (Sigma = I, the default) this is their
// 1/2 |Sigma31 - W_L ... W_1|_F^2 with the input-output correlation Sigma31 = T (up to the constant
// variance of the outputs, which f leaves out so that a realizable teacher has f* = 0).
// W_l is widths[l] x widths[l-1]; x stacks vec(W_1), ..., vec(W_L), each column-major.
// grad_l = A_l^T (W - T) Sigma B_l^T with A_l = W_L ... W_{l+1}, B_l = W_{l-1} ... W_1; Hv by forward
// mode through the same products.
//
// Labels:
// - the origin, f = 1/2 tr(T Sigma T^T). For two layers its Hessian is the bilinear form
//   -2 <V_2 V_1, T Sigma>, whose eigenvalues are +-sigma_a(T Sigma), each widths[1] times, and zeros: a strict
//   saddle of index widths[1] rank(T), lambda_min = -sigma_max(T Sigma). For three or more layers the
//   Hessian at the origin is zero: a degenerate saddle (index 0, lambda_min 0).
// - a global minimizer: with T Sigma^(1/2) = A diag(sigma) B^T and q the narrowest width, the balanced
//   factorization of its best rank-q approximation (Eckart-Young), W_L = A_q D, W_l = D (hidden),
//   W_1 = D B_q^T Sigma^(-1/2), D = diag(sigma_q)^(1/L), padded with zeros; f* = 1/2 sum_{a > q} sigma_a^2.
//   Its Hessian is singular (W_{l+1} G^-1, G W_l keeps W), so: kind minimum, index 0, lambda_min 0.
// Start: init_scale times seeded standard normal weights — small, so learning proceeds in stages,
// one singular value of T at a time, each after a plateau near a saddle.
template <Scalar S>
class DeepLinearNetwork : public LandscapeInfo<S> {
 public:
  // widths: n_0 (inputs), n_1, ..., n_L (outputs), L >= 2; target: T, n_L x n_0, nonzero;
  // input_covariance: Sigma, n_0 x n_0 symmetric positive definite, empty for the identity.
  DeepLinearNetwork(std::vector<Index> widths, Matrix<S> target, Matrix<S> input_covariance = {},
                    std::uint64_t seed = 0, double init_scale = 1e-3)
      : LandscapeInfo<S>("deep linear network", 0), widths_(std::move(widths)), target_(std::move(target)) {
    constexpr auto owner = "landscapes::DeepLinearNetwork";
    saddle::detail::require(owner, "widths.size()", widths_.size(), saddle::detail::at_least(3));
    std::string shape;
    Index n = 0;
    offsets_.push_back(0);
    for (std::size_t l = 0; l < widths_.size(); ++l) {
      saddle::detail::require(owner, saddle::detail::concat("widths[", l, "]"), widths_[l],
                              saddle::detail::at_least(1));
      shape += saddle::detail::concat(l == 0 ? "" : "-", widths_[l]);
      if (l > 0) {
        n += widths_[l] * widths_[l - 1];
        offsets_.push_back(n);
      }
    }
    this->dimension_ = n;
    this->name_ = saddle::detail::concat("deep linear network (", shape, ")");
    const Index inputs = widths_.front();
    const Index outputs = widths_.back();
    saddle::detail::require_that(
        target_.rows() == outputs && target_.cols() == inputs, owner, "target",
        saddle::detail::concat(target_.rows(), " x ", target_.cols()),
        saddle::detail::concat("target is widths.back() x widths.front() = ", outputs, " x ", inputs));
    for (Index j = 0; j < inputs; ++j) {
      for (Index i = 0; i < outputs; ++i) {
        saddle::detail::require(owner, saddle::detail::concat("target(", i, ", ", j, ")"), target_(i, j),
                                saddle::detail::finite());
      }
    }
    saddle::detail::require_that(!target_.isZero(0), owner, "target", "0", "target != 0");
    saddle::detail::require(owner, "init_scale", init_scale, saddle::detail::closed_open(0, saddle::detail::infinity));
    if (input_covariance.size() == 0) {
      input_covariance = Matrix<S>::Identity(inputs, inputs);
    }
    saddle::detail::require_that(
        input_covariance.rows() == inputs && input_covariance.cols() == inputs, owner, "input_covariance",
        saddle::detail::concat(input_covariance.rows(), " x ", input_covariance.cols()),
        saddle::detail::concat("input_covariance is widths.front() x widths.front() = ", inputs, " x ", inputs,
                               " (or empty)"));
    for (Index j = 0; j < inputs; ++j) {
      for (Index i = 0; i < inputs; ++i) {
        saddle::detail::require(owner, saddle::detail::concat("input_covariance(", i, ", ", j, ")"),
                                input_covariance(i, j), saddle::detail::finite());
      }
    }
    const S tolerance = S(16) * std::numeric_limits<S>::epsilon() * input_covariance.cwiseAbs().maxCoeff();
    for (Index j = 0; j < inputs; ++j) {
      for (Index i = j + 1; i < inputs; ++i) {
        saddle::detail::require_that(
            std::abs(input_covariance(i, j) - input_covariance(j, i)) <= tolerance, owner,
            saddle::detail::concat("input_covariance(", i, ", ", j, ")"),
            saddle::detail::concat(saddle::detail::exact(input_covariance(i, j))),
            saddle::detail::concat("input_covariance(i, j) == input_covariance(j, i) (input_covariance(", j, ", ", i,
                                   ") = ", saddle::detail::exact(input_covariance(j, i)), ")"));
      }
    }
    Matrix<long double> sigma = input_covariance.template cast<long double>();
    sigma = (0.5L * (sigma + sigma.transpose())).eval();
    const Eigen::SelfAdjointEigenSolver<Matrix<long double>> eig(sigma);
    saddle::detail::require(owner, "lambda_min(input_covariance)", static_cast<double>(eig.eigenvalues()[0]),
                            saddle::detail::greater_than(0));
    covariance_ = sigma.cast<S>();

    Random random(seed);
    Vector<S> start(n);
    for (Index i = 0; i < n; ++i) {
      start[i] = static_cast<S>(init_scale * random.normal());
    }
    this->start_points_.push_back(std::move(start));
    label(sigma, eig);
  }

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("DeepLinearNetwork", this->dimension_, x.size(), "x");
    const Index layers = this->layers();
    std::vector<Matrix<S>> prefix(static_cast<std::size_t>(layers) + 1);  // prefix[l] = W_l ... W_1
    prefix[0] = Matrix<S>::Identity(widths_[0], widths_[0]);
    for (Index l = 1; l <= layers; ++l) {
      prefix[static_cast<std::size_t>(l)].noalias() = layer(x, l - 1) * prefix[static_cast<std::size_t>(l - 1)];
    }
    const Matrix<S> difference = prefix.back() - target_;
    const Matrix<S> e = difference * covariance_;
    g.resize(x.size());
    Matrix<S> a = Matrix<S>::Identity(widths_.back(), widths_.back());  // A_l = W_L ... W_{l+1}
    for (Index l = layers; l >= 1; --l) {
      Eigen::Map<Matrix<S>> gl(g.data() + offsets_[static_cast<std::size_t>(l - 1)],
                               widths_[static_cast<std::size_t>(l)], widths_[static_cast<std::size_t>(l - 1)]);
      gl.noalias() = a.transpose() * e * prefix[static_cast<std::size_t>(l - 1)].transpose();
      a = (a * layer(x, l - 1)).eval();
    }
    return S(0.5) * difference.cwiseProduct(e).sum();
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("DeepLinearNetwork", this->dimension_, x.size(), "x");
    detail::require_dimension("DeepLinearNetwork", this->dimension_, v.size(), "v");
    const Index layers = this->layers();
    const auto at = [](Index l) { return static_cast<std::size_t>(l); };
    std::vector<Matrix<S>> prefix(at(layers) + 1);
    std::vector<Matrix<S>> dprefix(at(layers) + 1);
    prefix[0] = Matrix<S>::Identity(widths_[0], widths_[0]);
    dprefix[0] = Matrix<S>::Zero(widths_[0], widths_[0]);
    for (Index l = 1; l <= layers; ++l) {
      prefix[at(l)].noalias() = layer(x, l - 1) * prefix[at(l - 1)];
      dprefix[at(l)].noalias() = layer(v, l - 1) * prefix[at(l - 1)];
      dprefix[at(l)].noalias() += layer(x, l - 1) * dprefix[at(l - 1)];
    }
    const Matrix<S> e = (prefix.back() - target_) * covariance_;
    const Matrix<S> de = dprefix.back() * covariance_;
    hv.resize(v.size());
    Matrix<S> a = Matrix<S>::Identity(widths_.back(), widths_.back());
    Matrix<S> da = Matrix<S>::Zero(widths_.back(), widths_.back());
    for (Index l = layers; l >= 1; --l) {
      Eigen::Map<Matrix<S>> hl(hv.data() + offsets_[at(l - 1)], widths_[at(l)], widths_[at(l - 1)]);
      hl.noalias() = da.transpose() * e * prefix[at(l - 1)].transpose();
      hl.noalias() += a.transpose() * de * prefix[at(l - 1)].transpose();
      hl.noalias() += a.transpose() * e * dprefix[at(l - 1)].transpose();
      da = (da * layer(x, l - 1) + a * layer(v, l - 1)).eval();
      a = (a * layer(x, l - 1)).eval();
    }
  }

  [[nodiscard]] const std::vector<Index>& widths() const { return widths_; }
  [[nodiscard]] Index layers() const { return static_cast<Index>(widths_.size()) - 1; }
  [[nodiscard]] const Matrix<S>& target() const { return target_; }
  [[nodiscard]] const Matrix<S>& input_covariance() const { return covariance_; }
  // W_{l+1} (l = 0 is the first layer, W_1) inside a parameter vector x.
  [[nodiscard]] Eigen::Map<const Matrix<S>> layer(const Vector<S>& x, Index l) const {
    const auto at = static_cast<std::size_t>(l);
    return Eigen::Map<const Matrix<S>>(x.data() + offsets_[at], widths_[at + 1], widths_[at]);
  }

 private:
  void label(const Matrix<long double>& sigma, const Eigen::SelfAdjointEigenSolver<Matrix<long double>>& eig) {
    const Index layers = this->layers();
    const Matrix<long double> t = target_.template cast<long double>();
    const Index inputs = widths_.front();
    const Index outputs = widths_.back();

    // The origin.
    const Eigen::JacobiSVD<Matrix<long double>> c(t * sigma);
    const auto& sv = c.singularValues();
    const long double zero = 8.0L * static_cast<long double>(std::max(inputs, outputs)) *
                             static_cast<long double>(std::numeric_limits<S>::epsilon()) * sv[0];
    const Index rank = (sv.array() > zero).count();
    const long double origin_value = 0.5L * (t * sigma * t.transpose()).trace();
    if (layers == 2) {
      this->critical_points_.push_back(detail::labelled<S>(Vector<S>::Zero(this->dimension_), origin_value,
                                                           CriticalPointKind::strict_saddle,
                                                           static_cast<int>(widths_[1] * rank), -sv[0]));
    } else {
      this->critical_points_.push_back(
          detail::labelled<S>(Vector<S>::Zero(this->dimension_), origin_value, CriticalPointKind::degenerate, 0, 0.0L));
    }

    // A balanced global minimizer.
    const Vector<long double> root = eig.eigenvalues().cwiseSqrt();
    const Matrix<long double> half = eig.eigenvectors() * root.asDiagonal() * eig.eigenvectors().transpose();
    const Matrix<long double> inverse_half =
        eig.eigenvectors() * root.cwiseInverse().asDiagonal() * eig.eigenvectors().transpose();
    const Eigen::JacobiSVD<Matrix<long double>> svd(t * half, Eigen::ComputeThinU | Eigen::ComputeThinV);
    const auto& s = svd.singularValues();
    Index q = s.size();
    for (Index l = 1; l < layers; ++l) {
      q = std::min(q, widths_[static_cast<std::size_t>(l)]);
    }
    long double value = 0.0L;
    for (Index a = q; a < s.size(); ++a) {
      value += 0.5L * s[a] * s[a];
    }
    const Vector<long double> d = s.head(q).array().pow(1.0L / static_cast<long double>(layers)).matrix();
    Vector<S> point = Vector<S>::Zero(this->dimension_);
    for (Index l = 1; l <= layers; ++l) {
      Matrix<long double> w =
          Matrix<long double>::Zero(widths_[static_cast<std::size_t>(l)], widths_[static_cast<std::size_t>(l - 1)]);
      if (l == 1) {
        w.topRows(q) = d.asDiagonal() * svd.matrixV().leftCols(q).transpose() * inverse_half;
      } else if (l == layers) {
        w.leftCols(q) = svd.matrixU().leftCols(q) * d.asDiagonal();
      } else {
        w.topLeftCorner(q, q) = d.asDiagonal();
      }
      point.segment(offsets_[static_cast<std::size_t>(l - 1)], w.size()) =
          Eigen::Map<const Vector<long double>>(w.data(), w.size()).template cast<S>();
    }
    this->critical_points_.push_back(detail::labelled<S>(std::move(point), value, CriticalPointKind::minimum, 0, 0.0L));
    this->minimum_value_ = this->critical_points_.back().value;
  }

  std::vector<Index> widths_;
  std::vector<Index> offsets_;  // where each W_l starts in x
  Matrix<S> target_;
  Matrix<S> covariance_;
};

// Saxe et al.'s experiment with a teacher of chosen strengths: whitened inputs and
// T = A diag(singular_values) B^T, with A (n_L x n_L) and B (n_0 x n_0) products of n_L and n_0 seeded
// Householder reflections (seeds seed + 1 and seed + 2), so the modes lie in no special basis.
// singular_values: at most min(n_0, n_L) of them, each >= 0 and not all zero; seed and init_scale
// as for DeepLinearNetwork. The modes are learned in order of decreasing singular value.
template <Scalar S>
DeepLinearNetwork<S> random_deep_linear_network(std::vector<Index> widths, const std::vector<double>& singular_values,
                                                std::uint64_t seed = 0, double init_scale = 1e-3) {
  constexpr auto owner = "landscapes::random_deep_linear_network";
  saddle::detail::require(owner, "widths.size()", widths.size(), saddle::detail::at_least(3));
  const Index inputs = widths.front();
  const Index outputs = widths.back();
  saddle::detail::require(owner, "widths.front()", inputs, saddle::detail::at_least(1));
  saddle::detail::require(owner, "widths.back()", outputs, saddle::detail::at_least(1));
  saddle::detail::require(owner, "singular_values.size()", singular_values.size(),
                          saddle::detail::closed(1, static_cast<double>(std::min(inputs, outputs))));
  double largest = 0.0;
  for (const double sigma : singular_values) {
    saddle::detail::require(owner, "singular value", sigma, saddle::detail::closed_open(0, saddle::detail::infinity));
    largest = std::max(largest, sigma);
  }
  saddle::detail::require(owner, "largest singular value", largest, saddle::detail::greater_than(0));
  const Matrix<long double> a =
      Householder<long double>(outputs, static_cast<int>(outputs), seed + 1).matrix();
  const Matrix<long double> b = Householder<long double>(inputs, static_cast<int>(inputs), seed + 2).matrix();
  Matrix<long double> teacher = Matrix<long double>::Zero(outputs, inputs);
  for (std::size_t k = 0; k < singular_values.size(); ++k) {
    const auto col = static_cast<Index>(k);
    teacher += static_cast<long double>(singular_values[k]) * a.col(col) * b.col(col).transpose();
  }
  return DeepLinearNetwork<S>(std::move(widths), teacher.cast<S>(), {}, seed, init_scale);
}

}  // namespace saddle::landscapes
