// Himmelblau's function (Himmelblau 1972): four global minima, four saddles and one maximum, all
// located to double precision and labelled — the smallest landscape where a start decides the outcome.
#pragma once

#include <array>
#include <cmath>
#include <utility>

#include "saddle/landscapes/detail/labels.hpp"
#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes {

// f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2.
template <Scalar S>
class Himmelblau : public LandscapeInfo<S> {
 public:
  Himmelblau() : LandscapeInfo<S>("himmelblau", 2) {
    Vector<S> start(2);
    start << S(0), S(0);
    this->start_points_.push_back(std::move(start));
    // Located by Newton's method in 50-digit arithmetic (mpmath.findroot); every digit printed
    // here is correct, so the points are exact to the precision of double.
    struct Known {
      double x;
      double y;
      double value;
      CriticalPointKind kind;
      int index;
    };
    constexpr std::array<Known, 9> known{{
        {3.0, 2.0, 0.0, CriticalPointKind::minimum, 0},
        {-2.8051180869527448531, 3.1313125182505729658, 0.0, CriticalPointKind::minimum, 0},
        {-3.7793102533777468919, -3.2831859912861694123, 0.0, CriticalPointKind::minimum, 0},
        {3.5844283403304917449, -1.8481265269644035535, 0.0, CriticalPointKind::minimum, 0},
        {0.086677504555396351823, 2.8842547011747761131, 67.719150087526140226, CriticalPointKind::strict_saddle, 1},
        {-3.0730257507643896105, -0.081353044287967511553, 104.01516291755810586, CriticalPointKind::strict_saddle,
         1},
        {3.3851541836070209380, 0.073851879837749287719, 13.311926270405589889, CriticalPointKind::strict_saddle, 1},
        {-0.12796134673068006631, -1.9537149802445764261, 178.33723920192745998, CriticalPointKind::strict_saddle,
         1},
        {-0.27084459066734761304, -0.92303855647998146313, 181.61652152258270404, CriticalPointKind::maximum, 2},
    }};
    for (const auto& k : known) {
      Vector<S> point(2);
      point << static_cast<S>(k.x), static_cast<S>(k.y);
      this->critical_points_.push_back(
          detail::labelled<S>(std::move(point), k.value, k.kind, k.index, lambda_min(k.x, k.y)));
    }
    this->minimum_value_ = S(0);
  }

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("Himmelblau", 2, x.size(), "x");
    g.resize(2);
    const S a = x[0] * x[0] + x[1] - S(11);
    const S b = x[0] + x[1] * x[1] - S(7);
    g[0] = S(4) * x[0] * a + S(2) * b;
    g[1] = S(2) * a + S(4) * x[1] * b;
    return a * a + b * b;
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("Himmelblau", 2, x.size(), "x");
    detail::require_dimension("Himmelblau", 2, v.size(), "v");
    hv.resize(2);
    const S h11 = S(12) * x[0] * x[0] + S(4) * x[1] - S(42);
    const S h12 = S(4) * (x[0] + x[1]);
    const S h22 = S(12) * x[1] * x[1] + S(4) * x[0] - S(26);
    hv[0] = h11 * v[0] + h12 * v[1];
    hv[1] = h12 * v[0] + h22 * v[1];
  }

 private:
  // Smallest eigenvalue of the 2x2 Hessian at (x, y), in closed form.
  static double lambda_min(double x, double y) {
    const double h11 = 12 * x * x + 4 * y - 42;
    const double h12 = 4 * (x + y);
    const double h22 = 12 * y * y + 4 * x - 26;
    return 0.5 * (h11 + h22) - std::hypot(0.5 * (h11 - h22), h12);
  }
};

}  // namespace saddle::landscapes
