// HessianOperator: the Hessian of an objective at a point as an operator v -> H v (counting its
// products), the form every spectral tool takes; hessian_at(f, x) builds one.
#pragma once

#include <cstdint>

#include "saddle/core/types.hpp"
#include "saddle/diagnostics/detail/input.hpp"
#include "saddle/second_order/hessian_vector.hpp"

namespace saddle {

// The Hessian of f at x as an operator v -> H v. f and x are held by reference: both must outlive
// the operator. x must be non-empty and finite (std::invalid_argument otherwise).
template <class F, Scalar S>
class HessianOperator {
 public:
  HessianOperator(F& f, const Vector<S>& x, HvpMethod method = HvpMethod::automatic) : product_(f, method), x_(x) {
    detail::require_point("hessian_at", x);
  }
  void operator()(const Vector<S>& v, Vector<S>& hv) { product_(x_, v, hv); }
  [[nodiscard]] Index size() const { return x_.size(); }
  [[nodiscard]] std::int64_t products() const { return product_.products(); }

 private:
  HessianVectorProduct<F, S> product_;
  const Vector<S>& x_;
};

template <class F, Scalar S>
HessianOperator<F, S> hessian_at(F& f, const Vector<S>& x, HvpMethod method = HvpMethod::automatic) {
  return HessianOperator<F, S>(f, x, method);
}

}  // namespace saddle
