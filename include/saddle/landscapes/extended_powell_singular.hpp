// The extended Powell singular function (Moré, Garbow & Hillstrom 1981, problem 22): minimum 0
// at the origin, where the Hessian is singular.
#pragma once

#include <utility>

#include "saddle/core/validation.hpp"
#include "saddle/landscapes/detail/labels.hpp"
#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes {

// Extended Powell singular function (MGH #22), n a multiple of 4: for each block (a, b, c, d) of four
// coordinates, (a + 10 b)^2 + 5 (c - d)^2 + (b - 2 c)^4 + 10 (a - d)^4. Start (3, -1, 0, 1, 3, -1, 0, 1, ...),
// f = 215 per block; minimum 0 at 0.
//
// The Hessian at the minimizer is singular: each block is [[2, 20, 0, 0], [20, 200, 0, 0], [0, 0, 10, -10],
// [0, 0, -10, 10]], of rank 2, so lambda_min = 0 with multiplicity n / 2 and Newton-type methods converge
// only linearly. The point is still labelled `minimum` (index 0, lambda_min = 0), not `degenerate`: f >= 0
// with f = 0 only at 0 makes it the unique global minimizer, CriticalPointKind documents `minimum` as
// covering "a known minimum of a degenerate Hessian", and `degenerate` would list it among saddles()
// and leave minimizers() empty.
template <Scalar S>
class ExtendedPowellSingular : public LandscapeInfo<S> {
 public:
  explicit ExtendedPowellSingular(Index n = 4)
      : LandscapeInfo<S>(saddle::detail::concat("extended powell singular (n = ", n, ")"), n) {
    constexpr auto owner = "landscapes::ExtendedPowellSingular";
    saddle::detail::require(owner, "n", n, saddle::detail::at_least(4));
    saddle::detail::require_that(n % 4 == 0, owner, "n", [n] { return saddle::detail::concat(n); }, "n % 4 == 0");
    Vector<S> start(n);
    for (Index i = 0; i < n; i += 4) {
      start.template segment<4>(i) << S(3), S(-1), S(0), S(1);
    }
    this->start_points_.push_back(std::move(start));
    // Block diagonal Hessian, every block singular (see above): lambda_min = 0 in closed form.
    this->critical_points_.push_back(
        detail::labelled<S>(Vector<S>::Zero(n), 0.0L, CriticalPointKind::minimum, 0, 0.0L));
    this->minimum_value_ = S(0);
  }

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("ExtendedPowellSingular", this->dimension_, x.size(), "x");
    const Index n = x.size();
    g.resize(n);
    S f = S(0);
    for (Index i = 0; i < n; i += 4) {
      const S p = x[i] + S(10) * x[i + 1];
      const S q = x[i + 2] - x[i + 3];
      const S s = x[i + 1] - S(2) * x[i + 2];
      const S t = x[i] - x[i + 3];
      const S s2 = s * s;
      const S t2 = t * t;
      f += p * p + S(5) * q * q + s2 * s2 + S(10) * t2 * t2;
      g[i] = S(2) * p + S(40) * t2 * t;
      g[i + 1] = S(20) * p + S(4) * s2 * s;
      g[i + 2] = S(10) * q - S(8) * s2 * s;
      g[i + 3] = S(-10) * q - S(40) * t2 * t;
    }
    return f;
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("ExtendedPowellSingular", this->dimension_, x.size(), "x");
    detail::require_dimension("ExtendedPowellSingular", this->dimension_, v.size(), "v");
    const Index n = x.size();
    hv.resize(n);
    for (Index i = 0; i < n; i += 4) {
      // Block: [[2 + 120 t^2, 20, 0, -120 t^2], [20, 200 + 12 s^2, -24 s^2, 0],
      //         [0, -24 s^2, 10 + 48 s^2, -10], [-120 t^2, 0, -10, 10 + 120 t^2]].
      const S s = x[i + 1] - S(2) * x[i + 2];
      const S t = x[i] - x[i + 3];
      const S ts = S(120) * t * t;
      const S ss = S(12) * s * s;
      const S va = v[i];
      const S vb = v[i + 1];
      const S vc = v[i + 2];
      const S vd = v[i + 3];
      hv[i] = (S(2) + ts) * va + S(20) * vb - ts * vd;
      hv[i + 1] = S(20) * va + (S(200) + ss) * vb - S(2) * ss * vc;
      hv[i + 2] = S(-2) * ss * vb + (S(10) + S(4) * ss) * vc - S(10) * vd;
      hv[i + 3] = -ts * va - S(10) * vc + (S(10) + ts) * vd;
    }
  }
};

}  // namespace saddle::landscapes
