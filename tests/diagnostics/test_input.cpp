// Bad input to the diagnostics: every public entry point answers an empty or non-finite point, a
// NaN/Inf value, gradient or Hessian there, and mismatched sizes with a std::invalid_argument that
// names the function and the rule — never a classification. Also the new options' validation.
#include <cmath>
#include <limits>
#include <utility>

#include "support/catch.hpp"

#include <saddle/saddle.hpp>

using saddle::Vector;
namespace ls = saddle::landscapes;

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

// f(x) = sum log(x_i), NaN where a coordinate is not positive.
struct LogSum {
  double operator()(const Vector<double>& x, Vector<double>& g) const {
    g = x.cwiseInverse();
    return x.minCoeff() > 0.0 ? x.array().log().sum() : not_a_number;
  }
  void hessian_vector_product(const Vector<double>& x, const Vector<double>& v, Vector<double>& hv) const {
    hv = -v.cwiseQuotient(x.cwiseAbs2());
  }
};

// A finite value with an infinite gradient entry, and a Hessian that is NaN.
struct BadGradient {
  double operator()(const Vector<double>& x, Vector<double>& g) const {
    g = x;
    g[0] = infinity;
    return 1.0;
  }
  void hessian_vector_product(const Vector<double>& x, const Vector<double>& v, Vector<double>& hv) const {
    hv = v;
    (void)x;
  }
};

struct BadHessian {
  double operator()(const Vector<double>& x, Vector<double>& g) const {
    g = x;
    return 0.5 * x.squaredNorm();
  }
  void hessian_vector_product(const Vector<double>& x, const Vector<double>& v, Vector<double>& hv) const {
    hv = v;
    hv[1] = x[0] > 10.0 ? 0.0 : not_a_number;
  }
};

}  // namespace

TEST_CASE("an empty point is refused by every entry point, with the function and the rule") {
  ls::Himmelblau<double> h;
  const Vector<double> empty;
  const Vector<double> x = Vector<double>::Ones(2);
  REQUIRE_THROWS_WITH(saddle::classify_critical_point(h, empty),
                      "saddle::classify_critical_point: x.size() = 0 violates x.size() >= 1");
  REQUIRE_THROWS_WITH(saddle::locate_critical_point(h, empty),
                      "saddle::locate_critical_point: x.size() = 0 violates x.size() >= 1");
  REQUIRE_THROWS_WITH(saddle::check_hvp(h, empty), "saddle::check_hvp: x.size() = 0 violates x.size() >= 1");
  REQUIRE_THROWS_WITH(saddle::hessian_at(h, empty), "saddle::hessian_at: x.size() = 0 violates x.size() >= 1");
  REQUIRE_THROWS_WITH(saddle::top_eigenvalues(h, empty, 1),
                      "saddle::top_eigenvalues: x.size() = 0 violates x.size() >= 1");
  REQUIRE_THROWS_WITH(saddle::slice_1d(h, empty, empty),
                      "saddle::slice_1d: origin.size() = 0 violates origin.size() >= 1");
  REQUIRE_THROWS_WITH(saddle::slice_1d(h, x, Vector<double>(Vector<double>::Ones(3))),
                      "saddle::slice_1d: direction.size() = 3 violates direction.size() == origin.size() = 2");
  REQUIRE_THROWS_WITH(saddle::slice_2d(h, x, x, empty), "saddle::slice_2d: d2.size() = 0 violates d2.size() >= 1");
  REQUIRE_THROWS_WITH(saddle::slice_between(h, empty, x), "saddle::slice_between: a.size() = 0 violates a.size() >= 1");
  REQUIRE_THROWS_WITH(saddle::random_direction(empty, 1),
                      "saddle::random_direction: origin.size() = 0 violates origin.size() >= 1");
  REQUIRE_THROWS_WITH(saddle::project_onto_plane(x, empty, x, x),
                      "saddle::project_onto_plane: origin.size() = 0 violates origin.size() == x.size() = 2");
  // The trivial answer where one exists: the projection of nothing onto nothing.
  CHECK(saddle::project_onto_plane(empty, empty, empty, empty) == std::pair{0.0, 0.0});
  // The plateau monitor classifies the x it is given: an empty one is refused there.
  saddle::PlateauMonitor<decltype(h), double> monitor(h, {.window = 1, .classify = true});
  CHECK_FALSE(monitor.update(0, 1.0, 1.0, &empty));
  REQUIRE_THROWS_WITH(monitor.update(1, 1.0, 1.0, &empty),
                      "saddle::locate_critical_point: x.size() = 0 violates x.size() >= 1");
}

TEST_CASE("a NaN or Inf at the point is an error, not a classification") {
  LogSum log_sum;
  Vector<double> negative(2);
  negative << -1.0, 1.0;
  REQUIRE_THROWS_WITH(saddle::classify_critical_point(log_sum, negative),
                      "saddle::classify_critical_point: f(x) = nan violates -inf < f(x) < inf");
  REQUIRE_THROWS_WITH(saddle::locate_critical_point(log_sum, negative),
                      "saddle::locate_critical_point: f(x) = nan violates -inf < f(x) < inf");
  REQUIRE_THROWS_WITH(saddle::check_hvp(log_sum, negative),
                      "saddle::check_hvp: f(x) = nan violates -inf < f(x) < inf");
  Vector<double> with_nan(2);
  with_nan << 1.0, not_a_number;
  ls::Himmelblau<double> h;
  REQUIRE_THROWS_WITH(saddle::classify_critical_point(h, with_nan),
                      "saddle::classify_critical_point: x[1] = nan violates -inf < x[1] < inf");
  REQUIRE_THROWS_WITH(saddle::hessian_at(h, with_nan), "saddle::hessian_at: x[1] = nan violates -inf < x[1] < inf");
  REQUIRE_THROWS_WITH(saddle::slice_1d(h, with_nan, with_nan),
                      "saddle::slice_1d: origin[1] = nan violates -inf < origin[1] < inf");
  BadGradient bad_gradient;
  const Vector<double> ones = Vector<double>::Ones(3);
  REQUIRE_THROWS_WITH(saddle::classify_critical_point(bad_gradient, ones),
                      "saddle::classify_critical_point: gradient[0] = inf violates -inf < gradient[0] < inf");
  BadHessian bad_hessian;
  REQUIRE_THROWS_WITH(saddle::classify_critical_point(bad_hessian, ones),
                      "saddle::classify_critical_point: Hessian(1, 0) = nan violates -inf < Hessian(1, 0) < inf");
  // Above dense_dimension the products go through Lanczos, which refuses them as well.
  REQUIRE_THROWS_WITH(saddle::classify_critical_point(bad_hessian, ones, {.dense_dimension = 0}),
                      Catch::Matchers::StartsWith("saddle::Lanczos: the operator returned a non-finite product"));
}

TEST_CASE("the options of the diagnostics validate with generated messages") {
  ls::Himmelblau<double> h;
  const Vector<double> x = Vector<double>::Ones(2);
  REQUIRE_THROWS_WITH(saddle::classify_critical_point(h, x, {.curvature_scale = -1.0}),
                      "saddle::ClassifyOptions: curvature_scale = -1 violates 0 <= curvature_scale < inf");
  REQUIRE_THROWS_WITH(saddle::locate_critical_point(h, x, {.gradient_reduction = 1.0}),
                      "saddle::LocateCriticalPointOptions: gradient_reduction = 1 violates 0 <= gradient_reduction < 1");
  REQUIRE_THROWS_WITH(saddle::locate_critical_point(h, x, {.max_iterations = 0}),
                      "saddle::LocateCriticalPointOptions: max_iterations = 0 violates max_iterations >= 1");
  REQUIRE_THROWS_WITH((saddle::PlateauMonitor<decltype(h), double>(h, {.locate_options = {.lanczos_iterations = 1}})),
                      "saddle::LocateCriticalPointOptions: lanczos_iterations = 1 violates lanczos_iterations >= 2");
  auto identity = [](const Vector<double>& v, Vector<double>& hv) { hv = v; };
  REQUIRE_THROWS_WITH(saddle::count_negative_eigenvalues<double>(identity, 3, {.tolerance = -1.0}),
                      "saddle::CountNegativeEigenvaluesOptions: tolerance = -1 violates 0 <= tolerance < inf");
  REQUIRE_THROWS_WITH(saddle::count_negative_eigenvalues<double>(identity, 3, {.max_count = -1}),
                      "saddle::CountNegativeEigenvaluesOptions: max_count = -1 violates max_count >= 0");
  REQUIRE_THROWS_WITH(saddle::count_negative_eigenvalues<double>(identity, 3, {.shift = not_a_number}),
                      "saddle::CountNegativeEigenvaluesOptions: shift = nan violates 0 <= shift < inf");
}

TEST_CASE("locate_critical_point: Newton's method finds minima, saddles and maxima alike") {
  // Himmelblau's nine critical points, each from 1e-3 away: Newton's method on grad f = 0 converges
  // to the one it starts near, whatever its kind (the labels are closed-form).
  ls::Himmelblau<double> h;
  for (const auto& p : h.critical_points()) {
    const Vector<double> x = p.point + Vector<double>::Constant(2, 1e-3);
    const auto located = saddle::locate_critical_point(h, x);
    INFO(saddle::to_string(p.kind) << " at f = " << p.value << ": " << located.message);
    CHECK(located.converged);
    CHECK((located.x - p.point).norm() < 1e-10);
    CHECK(located.distance == Approx(std::sqrt(2.0) * 1e-3).epsilon(1e-6));
    CHECK(located.iterations <= 6);  // quadratic convergence
  }
  // The monkey saddle: Newton halves the distance per step (linear convergence at a degenerate
  // point) and keeps going while |g| falls, to within 2^-50 of the origin.
  ls::MonkeySaddle<double> monkey;
  Vector<double> ridge(2);
  ridge << 1e-2, 0.0;
  const auto degenerate = saddle::locate_critical_point(monkey, ridge);
  CHECK(degenerate.converged);
  CHECK(degenerate.x.norm() <= 1e-2 * std::pow(2.0, -45));
  // No critical point in reach: f = x (a constant gradient, a zero Hessian).
  auto linear = [](const Vector<double>& x, Vector<double>& g) {
    g = Vector<double>::Ones(x.size());
    return x.sum();
  };
  const auto nowhere = saddle::locate_critical_point(linear, Vector<double>(Vector<double>::Zero(3)));
  CHECK_FALSE(nowhere.converged);
  CHECK(nowhere.distance == 0.0);
  CHECK_THAT(nowhere.message, saddle_test::contains("the Newton step vanishes"));
}
