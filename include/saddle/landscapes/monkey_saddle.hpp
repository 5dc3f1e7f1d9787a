// The monkey saddle x^3 - 3xy^2 (three valleys, a degenerate saddle whose Hessian is zero) and its
// confined version x^3 - 3xy^2 + (x^2 + y^2)^2, bounded below with three minima around the saddle.
#pragma once

#include <cmath>
#include <utility>
#include <vector>

#include "saddle/landscapes/detail/labels.hpp"
#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes {

namespace detail {

// The monkey saddles' starts: (1, 0.1), just off the ridge y = 0, from where gradient descent heads
// towards the origin and then turns into the valley at angle pi/3 (down to -inf, or to the minimum
// (3/8, 3 sqrt(3)/8) of the confined saddle); and (1, 0), exactly on the ridge, from where it
// converges to the degenerate saddle — only sublinearly (x_k ~ 1/k), since the gradient vanishes
// quadratically there: a plateau that no Hessian test can see.
template <Scalar S>
void monkey_starts(std::vector<Vector<S>>& starts) {
  Vector<S> near(2);
  near << S(1), S(0.1);
  Vector<S> on(2);
  on << S(1), S(0);
  starts.push_back(std::move(near));
  starts.push_back(std::move(on));
}

// The origin of both monkey saddles: the Hessian is zero there, so no second-order test can tell
// it from a minimum — kind degenerate, index 0, lambda_min 0, although f takes both signs nearby.
template <Scalar S>
LabelledPoint<S> monkey_origin() {
  return labelled<S>(Vector<S>::Zero(2), 0.0L, CriticalPointKind::degenerate, 0, 0.0L);
}

}  // namespace detail

// f(x, y) = x^3 - 3 x y^2 = Re (x + iy)^3 = r^3 cos 3 theta: three descending valleys (theta = pi/3,
// pi, 5 pi/3) and three ridges, meeting at the origin. Its only critical point is the origin,
// where the Hessian [[6x, -6y], [-6y, -6x]] vanishes: a degenerate saddle. Unbounded below.
template <Scalar S>
class MonkeySaddle : public LandscapeInfo<S> {
 public:
  MonkeySaddle() : LandscapeInfo<S>("monkey saddle", 2) {
    detail::monkey_starts(this->start_points_);
    this->critical_points_.push_back(detail::monkey_origin<S>());
  }

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("MonkeySaddle", 2, x.size(), "x");
    g.resize(2);
    const S a = x[0];
    const S b = x[1];
    g[0] = S(3) * (a * a - b * b);
    g[1] = S(-6) * a * b;
    return a * (a * a - S(3) * b * b);
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("MonkeySaddle", 2, x.size(), "x");
    detail::require_dimension("MonkeySaddle", 2, v.size(), "v");
    hv.resize(2);
    hv[0] = S(6) * (x[0] * v[0] - x[1] * v[1]);
    hv[1] = S(-6) * (x[1] * v[0] + x[0] * v[1]);
  }
};

// f(x, y) = x^3 - 3 x y^2 + (x^2 + y^2)^2 = r^3 cos 3 theta + r^4: the monkey saddle confined by a
// quartic, so bounded below. Its critical points, in polar coordinates: df/dtheta = -3 r^3 sin 3 theta
// and df/dr = r^2 (3 cos 3 theta + 4 r) vanish at r = 0, or at sin 3 theta = 0 with
// r = -3 cos 3 theta / 4 > 0, i.e. cos 3 theta = -1 and r = 3/4. So there are exactly four:
// - the origin, a degenerate saddle (Hessian zero, f = r^3 cos 3 theta + O(r^4) takes both signs);
// - three global minima at r = 3/4 on the rays theta = pi, +-pi/3 (where (x + iy)^3 is negative
//   real): (-3/4, 0) and (3/8, +-3 sqrt(3)/8), with f = -(3/4)^3 + (3/4)^4 = -27/256. By the
//   threefold symmetry all three have the Hessian eigenvalues of (-3/4, 0), where the Hessian
//   [[6x + 12x^2 + 4y^2, 8xy - 6y], [8xy - 6y, 4x^2 + 12y^2 - 6x]] is diag(9/4, 27/4): 9/4 radially
//   (6 r cos 3 theta + 12 r^2) and 27/4 along the circle (9 r^3 / r^2).
template <Scalar S>
class ConfinedMonkeySaddle : public LandscapeInfo<S> {
 public:
  ConfinedMonkeySaddle() : LandscapeInfo<S>("confined monkey saddle", 2) {
    detail::monkey_starts(this->start_points_);
    const long double r = 0.75L;
    const long double value = -27.0L / 256.0L;
    const long double lambda_min = 2.25L;
    const long double half_sqrt3 = std::sqrt(3.0L) / 2;
    for (const auto& [c, s] : {std::pair{-1.0L, 0.0L}, std::pair{0.5L, half_sqrt3}, std::pair{0.5L, -half_sqrt3}}) {
      Vector<S> point(2);
      point << static_cast<S>(r * c), static_cast<S>(r * s);
      this->critical_points_.push_back(
          detail::labelled<S>(std::move(point), value, CriticalPointKind::minimum, 0, lambda_min));
    }
    this->critical_points_.push_back(detail::monkey_origin<S>());
    this->minimum_value_ = static_cast<S>(value);
  }

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("ConfinedMonkeySaddle", 2, x.size(), "x");
    g.resize(2);
    const S a = x[0];
    const S b = x[1];
    const S r2 = a * a + b * b;
    g[0] = S(3) * (a * a - b * b) + S(4) * a * r2;
    g[1] = S(-6) * a * b + S(4) * b * r2;
    return a * (a * a - S(3) * b * b) + r2 * r2;
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("ConfinedMonkeySaddle", 2, x.size(), "x");
    detail::require_dimension("ConfinedMonkeySaddle", 2, v.size(), "v");
    const S a = x[0];
    const S b = x[1];
    const S h11 = S(6) * a + S(12) * a * a + S(4) * b * b;
    const S h12 = S(8) * a * b - S(6) * b;
    const S h22 = S(-6) * a + S(4) * a * a + S(12) * b * b;
    hv.resize(2);
    hv[0] = h11 * v[0] + h12 * v[1];
    hv[1] = h12 * v[0] + h22 * v[1];
  }
};

}  // namespace saddle::landscapes
