// The deep linear network 1/2 E|T x - W_L ... W_1 x|^2 of Saxe, McClelland & Ganguli: a saddle at
// the origin (strict for two layers, degenerate for three or more), one labelled global minimizer,
// and the plateaus that small initializations spend near saddles, one singular value at a time.
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
//
// f and Hv work in matrices held by the object and allocate nothing of their own; Eigen's matrix
// products take their packing buffers from the stack up to EIGEN_STACK_ALLOCATION_LIMIT (128 KiB),
// which layers up to about 128 x 128 stay within, and from the heap beyond.
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
      saddle::detail::require(owner, saddle::detail::element("widths", l), widths_[l], saddle::detail::at_least(1));
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
        saddle::detail::require(owner, saddle::detail::element("target", i, j), target_(i, j),
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
        saddle::detail::require(owner, saddle::detail::element("input_covariance", i, j), input_covariance(i, j),
                                saddle::detail::finite());
      }
    }
    const S tolerance = S(16) * std::numeric_limits<S>::epsilon() * input_covariance.cwiseAbs().maxCoeff();
    for (Index j = 0; j < inputs; ++j) {
      for (Index i = j + 1; i < inputs; ++i) {
        saddle::detail::require_that(
            std::abs(input_covariance(i, j) - input_covariance(j, i)) <= tolerance, owner,
            saddle::detail::element("input_covariance", i, j),
            [&] { return saddle::detail::concat(saddle::detail::exact(input_covariance(i, j))); },
            [&] {
              return saddle::detail::concat("input_covariance(i, j) == input_covariance(j, i) (input_covariance(", j,
                                            ", ", i, ") = ", saddle::detail::exact(input_covariance(j, i)), ")");
            });
      }
    }
    Matrix<long double> sigma = input_covariance.template cast<long double>();
    sigma = (0.5L * (sigma + sigma.transpose())).eval();
    // Whitened inputs (Sigma = I, the default) need no eigendecomposition: Sigma^(1/2) = I.
    whitened_ = sigma.isIdentity(0);
    saddle::detail::SymmetricEigen<long double> eig;
    if (!whitened_) {
      eig = saddle::detail::symmetric_eigen<long double>(sigma, true);
      saddle::detail::require(owner, "lambda_min(input_covariance)", static_cast<double>(eig.values[0]),
                              saddle::detail::greater_than(0));
    }
    covariance_ = sigma.cast<S>();
    allocate_work();

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
    prefix(1) = layer(x, 0);
    for (Index l = 2; l <= layers; ++l) {
      prefix(l).noalias() = layer(x, l - 1) * prefix(l - 1);
    }
    difference_ = prefix(layers) - target_;
    const Matrix<S>& e = times_covariance(difference_, e_);
    g.resize(x.size());
    // grad_l = A_l^T E B_l^T, from the top (A_L = I) down (A_{l-1} = A_l W_l).
    for (Index l = layers; l >= 1; --l) {
      auto gl = block(g, l);
      if (l == layers) {
        times_prefix_transpose(e, l, gl, false);
      } else {
        t(l).noalias() = a(l).transpose() * e;
        times_prefix_transpose(t(l), l, gl, false);
      }
      if (l == layers) {
        a(l - 1) = layer(x, l - 1);
      } else if (l > 1) {
        a(l - 1).noalias() = a(l) * layer(x, l - 1);
      }
    }
    return S(0.5) * difference_.cwiseProduct(e).sum();
  }

  // Forward mode through the same products: Hv_l = dA_l^T E B_l^T + A_l^T dE B_l^T + A_l^T E dB_l^T.
  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("DeepLinearNetwork", this->dimension_, x.size(), "x");
    detail::require_dimension("DeepLinearNetwork", this->dimension_, v.size(), "v");
    const Index layers = this->layers();
    for (Index l = 1; l <= layers; ++l) {
      if (l == 1) {
        prefix(1) = layer(x, 0);
        dprefix(1) = layer(v, 0);
      } else {
        prefix(l).noalias() = layer(x, l - 1) * prefix(l - 1);
        dprefix(l).noalias() = layer(v, l - 1) * prefix(l - 1);
        dprefix(l).noalias() += layer(x, l - 1) * dprefix(l - 1);
      }
    }
    difference_ = prefix(layers) - target_;
    const Matrix<S>& e = times_covariance(difference_, e_);
    const Matrix<S>& de = times_covariance(dprefix(layers), de_);
    hv.resize(v.size());
    for (Index l = layers; l >= 1; --l) {
      auto hl = block(hv, l);
      if (l == layers) {  // A_L = I, dA_L = 0
        times_prefix_transpose(de, l, hl, false);
      } else {
        t(l).noalias() = da(l).transpose() * e;
        times_prefix_transpose(t(l), l, hl, false);
        t(l).noalias() = a(l).transpose() * de;
        times_prefix_transpose(t(l), l, hl, true);
      }
      if (l > 1) {  // dB_1 = 0
        if (l == layers) {
          hl.noalias() += e * dprefix(l - 1).transpose();
        } else {
          t(l).noalias() = a(l).transpose() * e;
          hl.noalias() += t(l) * dprefix(l - 1).transpose();
        }
        if (l == layers) {
          da(l - 1) = layer(v, l - 1);
          a(l - 1) = layer(x, l - 1);
        } else {
          da(l - 1).noalias() = da(l) * layer(x, l - 1);
          da(l - 1).noalias() += a(l) * layer(v, l - 1);
          a(l - 1).noalias() = a(l) * layer(x, l - 1);
        }
      }
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
  // The work space of f and Hv, sized once so that evaluations allocate nothing of their own.
  void allocate_work() {
    const Index layers = this->layers();
    const Index inputs = widths_.front();
    const Index outputs = widths_.back();
    const auto count = static_cast<std::size_t>(layers) + 1;
    prefix_.resize(count);
    dprefix_.resize(count);
    a_.resize(count);
    da_.resize(count);
    t_.resize(count);
    for (Index l = 1; l <= layers; ++l) {
      const Index width = widths_[static_cast<std::size_t>(l)];
      prefix(l).resize(width, inputs);
      dprefix(l).resize(width, inputs);
      a(l).resize(outputs, width);
      da(l).resize(outputs, width);
      t(l).resize(width, inputs);
    }
    difference_.resize(outputs, inputs);
    e_.resize(outputs, inputs);
    de_.resize(outputs, inputs);
  }

  Matrix<S>& prefix(Index l) const { return prefix_[static_cast<std::size_t>(l)]; }
  Matrix<S>& dprefix(Index l) const { return dprefix_[static_cast<std::size_t>(l)]; }
  Matrix<S>& a(Index l) const { return a_[static_cast<std::size_t>(l)]; }
  Matrix<S>& da(Index l) const { return da_[static_cast<std::size_t>(l)]; }
  Matrix<S>& t(Index l) const { return t_[static_cast<std::size_t>(l)]; }

  // The block of W_l (or of its gradient, or Hv) inside a vector of parameters.
  Eigen::Map<Matrix<S>> block(Vector<S>& y, Index l) const {
    const auto at = static_cast<std::size_t>(l - 1);
    return Eigen::Map<Matrix<S>>(y.data() + offsets_[at], widths_[at + 1], widths_[at]);
  }

  // m Sigma into out, or m itself for whitened inputs (where the product with I is exact anyway).
  const Matrix<S>& times_covariance(const Matrix<S>& m, Matrix<S>& out) const {
    if (whitened_) {
      return m;
    }
    out.noalias() = m * covariance_;
    return out;
  }

  // out = m B_l^T (or out += m B_l^T), with B_l = W_{l-1} ... W_1 = prefix(l - 1) and B_1 = I.
  void times_prefix_transpose(const Matrix<S>& m, Index l, Eigen::Map<Matrix<S>>& out, bool accumulate) const {
    if (l == 1) {
      if (accumulate) {
        out += m;
      } else {
        out = m;
      }
    } else if (accumulate) {
      out.noalias() += m * prefix(l - 1).transpose();
    } else {
      out.noalias() = m * prefix(l - 1).transpose();
    }
  }

  // eig: the eigendecomposition of sigma, unused for whitened inputs. The SVDs are Eigen's
  // divide-and-conquer BDCSVD (thin_svd), which is JacobiSVD below 16 columns and O(n^3) with a far
  // smaller constant than Jacobi sweeps above.
  void label(const Matrix<long double>& sigma, const saddle::detail::SymmetricEigen<long double>& eig) {
    const Index layers = this->layers();
    const Matrix<long double> t = target_.template cast<long double>();
    const Index inputs = widths_.front();
    const Index outputs = widths_.back();

    // T Sigma^(1/2) = A diag(s) B^T, and for the origin the singular values of T Sigma (the same for Sigma = I).
    Matrix<long double> inverse_half;
    saddle::detail::ThinSVD<long double> svd;
    Vector<long double> sv;
    if (whitened_) {
      svd = saddle::detail::thin_svd<long double>(t, true);
      sv = svd.values;
    } else {
      const Vector<long double> root = eig.values.cwiseSqrt();
      const Matrix<long double> half = eig.vectors * root.asDiagonal() * eig.vectors.transpose();
      inverse_half = eig.vectors * root.cwiseInverse().asDiagonal() * eig.vectors.transpose();
      svd = saddle::detail::thin_svd<long double>(t * half, true);
      sv = saddle::detail::thin_svd<long double>(t * sigma, false).values;
    }

    // The origin.
    const long double zero = 8.0L * static_cast<long double>(std::max(inputs, outputs)) *
                             static_cast<long double>(std::numeric_limits<S>::epsilon()) * sv[0];
    const Index rank = (sv.array() > zero).count();
    // f(0) = 1/2 tr(T Sigma T^T) = 1/2 sum_ij (T Sigma)_ij T_ij.
    const long double origin_value =
        0.5L * (whitened_ ? t.squaredNorm() : static_cast<long double>((t * sigma).cwiseProduct(t).sum()));
    if (layers == 2) {
      this->critical_points_.push_back(detail::labelled<S>(Vector<S>::Zero(this->dimension_), origin_value,
                                                           CriticalPointKind::strict_saddle,
                                                           static_cast<int>(widths_[1] * rank), -sv[0]));
    } else {
      this->critical_points_.push_back(
          detail::labelled<S>(Vector<S>::Zero(this->dimension_), origin_value, CriticalPointKind::degenerate, 0, 0.0L));
    }

    // A balanced global minimizer.
    const auto& s = svd.values;
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
      if (l == 1 && whitened_) {
        w.topRows(q) = d.asDiagonal() * svd.v.leftCols(q).transpose();
      } else if (l == 1) {
        w.topRows(q) = d.asDiagonal() * svd.v.leftCols(q).transpose() * inverse_half;
      } else if (l == layers) {
        w.leftCols(q) = svd.u.leftCols(q) * d.asDiagonal();
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
  bool whitened_ = false;  // covariance_ is exactly I
  // Work space of f and Hv, index l = 1..L (so one object must not be evaluated from two threads at once).
  mutable std::vector<Matrix<S>> prefix_;   // W_l ... W_1 (n_l x n_0)
  mutable std::vector<Matrix<S>> dprefix_;  // its derivative along v
  mutable std::vector<Matrix<S>> a_;        // W_L ... W_{l+1} (n_L x n_l)
  mutable std::vector<Matrix<S>> da_;       // its derivative along v
  mutable std::vector<Matrix<S>> t_;        // n_l x n_0 products A_l^T E and the like
  mutable Matrix<S> difference_;            // W - T
  mutable Matrix<S> e_;                     // (W - T) Sigma
  mutable Matrix<S> de_;                    // its derivative along v
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
