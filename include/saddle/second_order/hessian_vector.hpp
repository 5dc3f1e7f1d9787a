// Hessian-vector products H(x) v for any objective: its own hessian_vector_product when it has
// one; exact forward mode (Dual numbers) when it is written generically over its scalar type;
// central differences of gradients otherwise.
//
// Cost, in gradient-evaluation equivalents:
//   analytic            whatever the objective's own product costs (the landscapes: about 1)
//   forward_mode        1 gradient evaluation in Dual<S> arithmetic, about 2-4x a plain one; exact
//   central_difference  2 gradient evaluations; error O(h^2 |D^3 f|) + O(eps |g| / h), which with
//                       h = cbrt(eps) max(1, |x|) / |v| is about eps^(2/3) relative (1e-10 to
//                       1e-7 in double, 1e-4 in float, depending on the third derivatives)
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <utility>
#include <string_view>
#include <type_traits>

#include "saddle/core/dual.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/status.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

enum class HvpMethod {
  automatic,           // analytic if the objective has one, else forward mode if generic, else central differences
  analytic,            // the objective's hessian_vector_product
  forward_mode,        // Dual numbers through an objective written generically over its scalar type
  central_difference,  // (g(x + h v) - g(x - h v)) / 2h
};

[[nodiscard]] constexpr std::string_view to_string(HvpMethod method) {
  switch (method) {
    case HvpMethod::automatic: return "automatic";
    case HvpMethod::analytic: return "analytic";
    case HvpMethod::forward_mode: return "forward_mode";
    case HvpMethod::central_difference: return "central_difference";
  }
  return "unknown";
}

namespace detail {

// An HvpMethod option is one of the four (an enum cast from an integer can hold any value).
inline void require_hvp_method(std::string_view owner, std::string_view field, HvpMethod method) {
  require_one_of(owner, field, method,
                 {{HvpMethod::automatic, "automatic"},
                  {HvpMethod::analytic, "analytic"},
                  {HvpMethod::forward_mode, "forward_mode"},
                  {HvpMethod::central_difference, "central_difference"}});
}

}  // namespace detail

// An objective that can also be evaluated on Dual<S> numbers (a template operator()), so that
// forward mode gives exact Hessian-vector products.
template <class F, class S>
concept GenericObjective =
    Objective<F, S> && requires(F& f, const Vector<Dual<S>>& x, Vector<Dual<S>>& g) {
      { f(x, g) } -> std::convertible_to<Dual<S>>;
    };

// Computes Hessian-vector products of an objective (held by reference) by one method, with the
// work space it needs allocated once, and counts what it spends.
template <class F, Scalar S>
class HessianVectorProduct {
 public:
  explicit HessianVectorProduct(F& f, HvpMethod method = HvpMethod::automatic) : f_(f), method_(resolve(method)) {}

  // hv = H(x) v.
  void operator()(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) {
    ++products_;
    hv.resize(x.size());
    switch (method_) {
      case HvpMethod::analytic:
        if constexpr (HessianVectorObjective<F, S>) {
          f_.hessian_vector_product(x, v, hv);
        }
        return;
      case HvpMethod::forward_mode:
        if constexpr (GenericObjective<F, S>) {
          forward_mode(x, v, hv);
        }
        return;
      default: central_difference(x, v, hv); return;
    }
  }

  [[nodiscard]] HvpMethod method() const { return method_; }
  [[nodiscard]] std::int64_t products() const { return products_; }
  // Gradient evaluations spent by central differences (2 per product); 0 for the other methods.
  [[nodiscard]] std::int64_t gradient_evaluations() const { return gradient_evaluations_; }

  // Adds to `result` what was spent since the last report: the products (hvp_evaluations) and the
  // gradients central differences took (each also an f evaluation, since f(x, g) computes both).
  // Every method that owns a product reports through this, whenever its Result must be current.
  void report(Result<S>& result) {
    result.hvp_evaluations += products_ - reported_products_;
    const std::int64_t gradients = gradient_evaluations_ - reported_gradients_;
    result.gradient_evaluations += gradients;
    result.function_evaluations += gradients;
    reported_products_ = products_;
    reported_gradients_ = gradient_evaluations_;
  }

 private:
  static HvpMethod resolve(HvpMethod method) {
    constexpr bool has_analytic = HessianVectorObjective<F, S>;
    constexpr bool is_generic = GenericObjective<F, S>;
    detail::require_hvp_method("HessianVectorProduct", "method", method);
    switch (method) {
      case HvpMethod::automatic:
        return has_analytic ? HvpMethod::analytic
                            : (is_generic ? HvpMethod::forward_mode : HvpMethod::central_difference);
      case HvpMethod::analytic:
        if (!has_analytic) {
          throw std::invalid_argument(
              "saddle::HessianVectorProduct: method = analytic, but the objective has no "
              "hessian_vector_product(x, v, hv)");
        }
        return method;
      case HvpMethod::forward_mode:
        if (!is_generic) {
          throw std::invalid_argument(
              "saddle::HessianVectorProduct: method = forward_mode, but the objective cannot be called on "
              "Vector<Dual<S>> (write its operator() as a template over the scalar type)");
        }
        return method;
      default: return method;
    }
  }

  void forward_mode(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) {
    const Index n = x.size();
    dual_x_.resize(n);
    dual_g_.resize(n);
    for (Index i = 0; i < n; ++i) {
      dual_x_[i] = Dual<S>(x[i], v[i]);
    }
    (void)f_(dual_x_, dual_g_);
    for (Index i = 0; i < n; ++i) {
      hv[i] = dual_g_[i].derivative;
    }
  }

  void central_difference(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) {
    const S v_norm = v.norm();
    if (v_norm == S(0)) {
      hv.setZero();
      return;
    }
    const S h = std::cbrt(std::numeric_limits<S>::epsilon()) * std::max(S(1), x.norm()) / v_norm;
    shifted_.resize(x.size());
    gradient_minus_.resize(x.size());
    shifted_ = x - h * v;
    (void)detail::evaluate(f_, shifted_, gradient_minus_);
    shifted_ = x + h * v;
    (void)detail::evaluate(f_, shifted_, hv);
    hv = (hv - gradient_minus_) / (S(2) * h);
    gradient_evaluations_ += 2;
  }

  F& f_;
  HvpMethod method_;
  std::int64_t products_ = 0;
  std::int64_t gradient_evaluations_ = 0;
  std::int64_t reported_products_ = 0;
  std::int64_t reported_gradients_ = 0;
  Vector<S> shifted_;
  Vector<S> gradient_minus_;
  Vector<Dual<S>> dual_x_;
  Vector<Dual<S>> dual_g_;
};

// An objective with a hessian_vector_product added by `method` (for code that wants a
// HessianVectorObjective, e.g. to hand to diagnostics). Holds the objective by value.
template <class F, Scalar S>
class WithHessianVector {
 public:
  WithHessianVector(F f, HvpMethod method) : f_(std::move(f)), product_(f_, method) {}
  WithHessianVector(const WithHessianVector&) = delete;  // product_ refers to f_
  WithHessianVector& operator=(const WithHessianVector&) = delete;

  S operator()(const Vector<S>& x, Vector<S>& g) { return static_cast<S>(f_(x, g)); }
  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) { product_(x, v, hv); }
  [[nodiscard]] const HessianVectorProduct<F, S>& product() const { return product_; }

 private:
  F f_;
  HessianVectorProduct<F, S> product_;
};

}  // namespace saddle
