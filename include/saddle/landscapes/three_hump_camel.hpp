// The three-hump camel function: a global minimum at the origin, two local minima and two saddles
// between them, all in closed form.
#pragma once

#include <cmath>
#include <utility>

#include "saddle/landscapes/detail/labels.hpp"
#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes {

// f(x, y) = 2 x^2 - 1.05 x^4 + x^6 / 6 + x y + y^2 (as in Jamil & Yang 2013, "A literature survey of
// benchmark functions for global optimization problems", arXiv:1308.4008). df/dy = x + 2y = 0 gives
// y = -x/2, and then df/dx = x (x^4 - 4.2 x^2 + 3.5):
// x = 0 or x^2 = 2.1 +- sqrt(0.91). With the Hessian [[4 - 12.6 x^2 + 5 x^4, 1], [1, 2]]:
// - (0, 0): the global minimum, f = 0, lambda_min = 3 - sqrt(2);
// - x = +-sqrt(2.1 + sqrt(0.91)) = +-1.7475...: two local minima, f = 0.2986...;
// - x = +-sqrt(2.1 - sqrt(0.91)) = +-1.0705...: two strict saddles (index 1), f = 0.8773..., between
//   the global minimum and each local one.
// Starts: (-1.5, 1.5), which gradient descent takes to the local minimum (-1.7476, 0.8738), and
// (1, 1), which it takes to the global one.
template <Scalar S>
class ThreeHumpCamel : public LandscapeInfo<S> {
 public:
  ThreeHumpCamel() : LandscapeInfo<S>("three-hump camel", 2) {
    Vector<S> trapped(2);
    trapped << S(-1.5), S(1.5);
    Vector<S> global(2);
    global << S(1), S(1);
    this->start_points_.push_back(std::move(trapped));
    this->start_points_.push_back(std::move(global));
    const auto add = [&](long double x, CriticalPointKind kind, int index) {
      const long double x2 = x * x;
      const long double value = 1.75L * x2 - 1.05L * x2 * x2 + x2 * x2 * x2 / 6;  // f(x, -x/2)
      const long double h11 = 4 - 12.6L * x2 + 5 * x2 * x2;
      const long double lambda_min = (h11 + 2) / 2 - std::hypot((h11 - 2) / 2, 1.0L);
      Vector<S> point(2);
      point << static_cast<S>(x), static_cast<S>(0.0L - x / 2);  // +0, not -0, at the origin
      this->critical_points_.push_back(detail::labelled<S>(std::move(point), value, kind, index, lambda_min));
    };
    const long double outer = std::sqrt(2.1L + std::sqrt(0.91L));
    const long double inner = std::sqrt(2.1L - std::sqrt(0.91L));
    add(0.0L, CriticalPointKind::minimum, 0);
    add(outer, CriticalPointKind::minimum, 0);
    add(-outer, CriticalPointKind::minimum, 0);
    add(inner, CriticalPointKind::strict_saddle, 1);
    add(-inner, CriticalPointKind::strict_saddle, 1);
    this->minimum_value_ = S(0);
  }

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("ThreeHumpCamel", 2, x.size(), "x");
    g.resize(2);
    const S a = x[0];
    const S b = x[1];
    const S a2 = a * a;
    g[0] = a * (S(4) - S(4.2) * a2 + a2 * a2) + b;
    g[1] = a + S(2) * b;
    return a2 * (S(2) - S(1.05) * a2 + a2 * a2 / S(6)) + a * b + b * b;
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("ThreeHumpCamel", 2, x.size(), "x");
    detail::require_dimension("ThreeHumpCamel", 2, v.size(), "v");
    const S a2 = x[0] * x[0];
    const S h11 = S(4) - S(12.6) * a2 + S(5) * a2 * a2;
    hv.resize(2);
    hv[0] = h11 * v[0] + v[1];
    hv[1] = v[0] + S(2) * v[1];
  }
};

}  // namespace saddle::landscapes
