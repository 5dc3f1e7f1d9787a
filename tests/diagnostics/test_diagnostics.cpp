// Tests of the diagnostics: spectra against dense eigensolvers, the critical-point classifier on
// every labelled critical point (2 to 10 000 dimensions), certification of a negative eigenvalue
// at d = 100 000 with few products, the plateau monitor, landscape slices and check_hvp.
#include <Eigen/Eigenvalues>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <string>

#include "support/catch.hpp"
#include "support/dense_reference.hpp"
#include "support/hessian_checks.hpp"

#include <saddle/saddle.hpp>

using saddle::CriticalPointKind;
using saddle::Index;
using saddle::Matrix;
using saddle::Vector;
using saddle_test::Approx;
using saddle_test::contains;
using saddle_test::random_symmetric;
namespace ls = saddle::landscapes;

namespace {

// The classifier must agree with every labelled critical point. A labelled minimum or saddle
// whose Hessian is singular (lambda_min = 0) cannot be told apart by second-order information:
// it must come out degenerate.
template <class L>
void classify_all(L& landscape, const saddle::ClassifyOptions& options = {}) {
  REQUIRE(!landscape.critical_points().empty());
  for (const auto& p : landscape.critical_points()) {
    const auto c = saddle::classify_critical_point(landscape, p.point, options);
    INFO(landscape.name() << ": labelled " << saddle::to_string(p.kind) << " (index " << p.index << ", lambda_min "
                          << p.lambda_min << "): " << c.brief());
    const bool singular = std::abs(static_cast<double>(p.lambda_min)) <= 1e-9;
    if (singular || p.kind == CriticalPointKind::degenerate) {
      CHECK(c.kind == CriticalPointKind::degenerate);
      continue;
    }
    CHECK(c.kind == p.kind);
    CHECK(c.index == p.index);
    CHECK(c.lambda_min == Approx(p.lambda_min).epsilon(1e-8).margin(1e-9));
  }
}

}  // namespace

TEST_CASE("top eigenvalues, power iteration and the exact path against a dense solver") {
  const Matrix<double> a = random_symmetric(80, 11);
  const saddle_test::SymmetricEigen<double> dense(a);
  auto product = [&a](const Vector<double>& v, Vector<double>& hv) { hv = a * v; };
  const auto top = saddle::top_eigenvalues<double>(product, 80, 3, {.max_iterations = 80, .tolerance = 1e-12});
  for (Index i = 0; i < 3; ++i) {
    CHECK(top.values[i] == Approx(dense.eigenvalues()[79 - i]).epsilon(1e-8));
    CHECK(top.residuals[i] < 1e-6);
  }
  // A positive definite matrix with a clear top eigenvalue: power iteration converges, but needs
  // several times the products Lanczos needs.
  Vector<double> d = Vector<double>::LinSpaced(400, 1.0, 10.0);
  d[399] = 12.0;
  auto diagonal = [&d](const Vector<double>& v, Vector<double>& hv) { hv = d.cwiseProduct(v); };
  const auto power = saddle::power_iteration<double>(diagonal, 400, {.max_iterations = 5000, .tolerance = 1e-8});
  const auto lanczos = saddle::top_eigenvalues<double>(diagonal, 400, 1, {.max_iterations = 200, .tolerance = 1e-8});
  CHECK(power.values[0] == Approx(12.0).epsilon(1e-8));
  CHECK(lanczos.values[0] == Approx(12.0).epsilon(1e-10));
  CHECK(lanczos.products * 3 < power.products);
  REQUIRE_THROWS_WITH(saddle::power_iteration<double>(diagonal, 400, {.max_iterations = 0}),
                      "saddle::PowerIterationOptions: max_iterations = 0 violates max_iterations >= 1");
}

TEST_CASE("Hutchinson trace and the stochastic-Lanczos spectral density") {
  const Matrix<double> a = random_symmetric(200, 3);
  auto product = [&a](const Vector<double>& v, Vector<double>& hv) { hv = a * v; };
  const auto trace = saddle::hutchinson_trace<double>(product, 200, {.probes = 400, .seed = 1});
  CHECK(std::abs(trace.trace - a.trace()) <= 5.0 * trace.standard_error);
  CHECK(trace.standard_error > 0.0);
  // Rademacher probes are exact on a diagonal matrix (z_i^2 = 1).
  Vector<double> d = Vector<double>::LinSpaced(1000, -2.0, 8.0);
  auto diagonal = [&d](const Vector<double>& v, Vector<double>& hv) { hv = d.cwiseProduct(v); };
  CHECK(saddle::hutchinson_trace<double>(diagonal, 1000, {.probes = 3}).trace == Approx(d.sum()).epsilon(1e-12));
  const auto density = saddle::spectral_density<double>(diagonal, 1000, {.probes = 20, .iterations = 60});
  double mass = 0.0;
  for (const double w : density.weights) {
    mass += w;
  }
  CHECK(mass == Approx(1.0).epsilon(1e-10));
  CHECK(density.count_below(0.0) == Approx(200.0).margin(40.0));  // 20 % of the spectrum is below 0
  CHECK(density.products == 20 * 60);
  std::ostringstream csv;
  density.write_csv(csv, 10);
  CHECK(csv.str().rfind("lambda,density\n", 0) == 0);
}

TEST_CASE("negative eigenvalues counted by deflation, repeated ones included") {
  Vector<double> d = Vector<double>::LinSpaced(600, 1.0, 3.0);
  d[5] = -1.0;
  d[17] = -1.0;  // repeated: a single Lanczos run would see it once
  d[300] = -1.0;
  d[42] = -2.5;
  auto diagonal = [&d](const Vector<double>& v, Vector<double>& hv) { hv = d.cwiseProduct(v); };
  const auto count = saddle::count_negative_eigenvalues<double>(
      diagonal, 600, {.tolerance = 1e-6, .max_count = 32, .lanczos_iterations = 80});
  REQUIRE(count.complete);
  CHECK(count.count == 4);
  CHECK(count.values[0] == Approx(-2.5).epsilon(1e-9));
  CHECK(count.values[3] == Approx(-1.0).epsilon(1e-9));
}

TEST_CASE("classify_critical_point labels every labelled critical point in 2 dimensions") {
  ls::Himmelblau<double> h;
  classify_all(h);
  auto xy = ls::x2_minus_y2<double>();
  classify_all(xy);
  ls::MonkeySaddle<double> monkey;
  classify_all(monkey);
  ls::ConfinedMonkeySaddle<double> confined;
  classify_all(confined);
  ls::Rosenbrock<double> r(2);
  classify_all(r);
  // A point that is not critical.
  Vector<double> p(2);
  p << 0.5, 0.5;
  const auto c = saddle::classify_critical_point(h, p);
  CHECK(c.kind == CriticalPointKind::not_critical);
  CHECK_THAT(c.brief(), contains("not_critical (dense)"));
  // In float.
  ls::Himmelblau<float> hf;
  for (const auto& q : hf.critical_points()) {
    const auto cf = saddle::classify_critical_point(hf, q.point, {.gradient_tolerance = 1e-2});
    INFO(cf.brief());
    CHECK(cf.kind == q.kind);
  }
  REQUIRE_THROWS_WITH(saddle::classify_critical_point(h, p, {.curvature_tolerance = 0.0}),
                      "saddle::ClassifyOptions: curvature_tolerance = 0 violates 0 < curvature_tolerance < inf");
}

TEST_CASE("classify_critical_point in 10 000 dimensions, rotated and axis-aligned") {
  Vector<double> eigenvalues = Vector<double>::LinSpaced(10000, 1.0, 4.0);
  eigenvalues[10] = -3.0;
  eigenvalues[2000] = -2.0;
  eigenvalues[7000] = -0.5;
  ls::StrictSaddleQuartic<double> quartic(eigenvalues);
  classify_all(quartic, {.lanczos_iterations = 40});
  // Rotated (no axis-aligned Hessian): the saddle at the origin and a global minimum.
  ls::Rotated<ls::StrictSaddleQuartic<double>> rotated(quartic, 3, 7);
  for (const auto& p : {rotated.saddles().front(), rotated.minima().front()}) {
    const auto c = saddle::classify_critical_point(rotated, p.point, {.lanczos_iterations = 40});
    INFO("rotated " << saddle::to_string(p.kind) << ": " << c.brief());
    CHECK(c.kind == p.kind);
    CHECK(c.index == p.index);
    CHECK(c.lambda_min == Approx(p.lambda_min).epsilon(1e-8));
  }
  // The origin in detail: index 3 counted exactly by deflation, lambda_min certified.
  const auto origin = saddle::classify_critical_point(quartic, Vector<double>(Vector<double>::Zero(10000)),
                                                      {.lanczos_iterations = 40});
  CHECK(origin.kind == CriticalPointKind::strict_saddle);
  CHECK(origin.index == 3);
  CHECK(origin.index_method == saddle::IndexMethod::deflation);
  CHECK(origin.index_exact);
  CHECK(origin.lambda_min + origin.lambda_min_error < 0.0);
}

TEST_CASE("Lanczos certifies the negative eigenvalue of a 100 000-dimensional strict saddle with few products") {
  Vector<double> eigenvalues = Vector<double>::LinSpaced(100000, 1.0, 2.0);
  eigenvalues[31415] = -1.0;
  ls::StrictSaddleQuartic<double> quartic(eigenvalues);
  const Vector<double> origin = Vector<double>::Zero(100000);
  auto hessian = saddle::hessian_at(quartic, origin);
  const auto r = saddle::lanczos<double>(hessian, 100000, {.max_iterations = 60, .tolerance = 1e-8});
  INFO("lambda_min " << r.smallest() << " +- " << r.residuals[0] << " after " << r.iterations << " products");
  CHECK(r.smallest() + r.residuals[0] < 0.0);  // certified negative
  CHECK(r.smallest() == Approx(-1.0).epsilon(1e-6));
  CHECK(r.iterations <= 40);
  CHECK(hessian.products() == r.iterations);
}

TEST_CASE("the orthogonal quartic: every one of its 3^d critical points classified") {
  ls::OrthogonalQuartic<double> q(3);
  REQUIRE(q.critical_points().size() == 27);
  classify_all(q);
  const auto census = q.census();
  CHECK(census.dimension == 3);
}

TEST_CASE("the plateau monitor tells a saddle plateau from convergence") {
  // Gradient descent started near the stable manifold of a Himmelblau saddle slides toward it
  // and lingers at f ~ 67.7 for a dozen steps before leaving: against the 0.09 the loss fell on
  // the way in, 10 steps that move it by less than 1 % of that are a plateau.
  ls::Himmelblau<double> h;
  const auto s1 = h.saddles()[0];
  const saddle_test::SymmetricEigen<double> eig(saddle_test::dense_hessian(h, s1.point));
  Vector<double> x = s1.point + 0.05 * eig.eigenvectors().col(1) + 1e-9 * eig.eigenvectors().col(0);
  saddle::PlateauMonitor<decltype(h), double> saddle_monitor(
      h, {.window = 10, .relative_improvement = 1e-2, .classify = true});
  (void)saddle::minimize(h, x, saddle::GradientDescent<double>({.lr = 0.005}), {.max_iterations = 2000},
                         saddle_monitor);
  REQUIRE(!saddle_monitor.episodes().empty());
  const auto& first = saddle_monitor.episodes().front();
  REQUIRE(first.point.has_value());
  REQUIRE(first.located.has_value());
  CHECK(first.located->converged);
  CHECK((first.located->x - s1.point).norm() < 1e-10);  // Newton's method found the labelled saddle
  CHECK(first.point->kind == CriticalPointKind::strict_saddle);
  CHECK(first.point->index == 1);
  CHECK(first.point->lambda_min == Approx(s1.lambda_min).epsilon(1e-10));
  CHECK_THAT(first.diagnosis, contains("stuck near a strict saddle of index 1"));
  CHECK(first.end > first.start);  // it left the plateau again

  // On a convex bowl it is convergence, stopped at the first plateau.
  Vector<double> eigenvalues(2);
  eigenvalues << 1.0, 2.0;
  ls::Quadratic<double> bowl(eigenvalues);
  saddle::PlateauMonitor<decltype(bowl), double> bowl_monitor(
      bowl, {.window = 20, .relative_improvement = 1e-3, .classify = true, .stop_on_plateau = true});
  Vector<double> z = Vector<double>::Ones(2);
  const auto result =
      saddle::minimize(bowl, z, saddle::GradientDescent<double>({.lr = 0.3}), {.gradient_tolerance = 0}, bowl_monitor);
  REQUIRE(result.status == saddle::Status::stopped_by_observer);
  REQUIRE(bowl_monitor.episodes().size() == 1);
  CHECK(bowl_monitor.episodes().front().point->kind == CriticalPointKind::minimum);
  CHECK(bowl_monitor.episodes().front().located->x.norm() < 1e-12);
  CHECK_THAT(bowl_monitor.episodes().front().diagnosis, contains("converging to a minimum at distance"));

  // By hand: the loss's range so far is the yardstick, whatever its sign or scale.
  saddle::PlateauMonitor<decltype(bowl), double> manual(bowl, {.window = 2, .relative_improvement = 0.01});
  CHECK_FALSE(manual.update(0, 10.0, 1.0));
  CHECK_FALSE(manual.update(1, 0.0, 1.0));
  CHECK_FALSE(manual.update(2, -10.0, 1.0));   // 20 below two steps ago
  CHECK_FALSE(manual.update(3, -10.05, 1.0));  // 10.05 below -0.0 (range 20.05)
  CHECK(manual.update(4, -10.1, 1.0));         // 0.1 below -10: 0.5 % of the range 20.1 <= 1 %
  CHECK(manual.on_plateau());
  CHECK(manual.update(5, -10.12, 1.0));
  CHECK_FALSE(manual.update(6, -30.0, 1.0));   // progress again: the episode ends at 5
  CHECK_FALSE(manual.update(7, -30.0, 1.0));
  CHECK_FALSE(manual.update(8, -30.0, 4.0));   // flat, but the gradient quadrupled: not a plateau
  CHECK_FALSE(manual.update(9, 10.0, 1.0));    // a rise of 40 is no plateau either
  CHECK_FALSE(manual.update(10, 10.0, 1.0));
  REQUIRE(manual.episodes().size() == 1);
  CHECK(manual.episodes()[0].start == 4);
  CHECK(manual.episodes()[0].end == 5);
  CHECK_THAT(manual.episodes()[0].diagnosis, contains("(not classified)"));
  // A non-finite observation is no plateau: it ends the episode and leaves the range alone.
  CHECK(manual.update(11, 10.0, 1.0));
  CHECK_FALSE(manual.update(12, std::numeric_limits<double>::quiet_NaN(), 1.0));
  REQUIRE(manual.episodes().size() == 2);
  CHECK(manual.episodes()[1].start == 11);
  CHECK(manual.episodes()[1].end == 11);
  REQUIRE_THROWS_WITH((saddle::PlateauMonitor<decltype(bowl), double>(bowl, {.window = 0})),
                      "saddle::PlateauMonitorOptions: window = 0 violates 1 <= window <= 16777216");
}

TEST_CASE("landscape slices") {
  Vector<double> eigenvalues(3);
  eigenvalues << 2.0, -4.0, 6.0;
  ls::Quadratic<double> q(eigenvalues);
  const Vector<double> origin = Vector<double>::Zero(3);
  const Vector<double> e0 = Vector<double>::Unit(3, 0);
  const Vector<double> e1 = Vector<double>::Unit(3, 1);
  const auto line = saddle::slice_1d(q, origin, e0, {-2.0, 2.0, 5});
  REQUIRE(line.values.size() == 5);
  CHECK(line.values[0] == 4.0);  // 1/2 * 2 * (-2)^2
  CHECK(line.values[2] == 0.0);
  const auto plane = saddle::slice_2d(q, origin, e0, e1, {-1.0, 1.0, 3}, {-1.0, 1.0, 3});
  CHECK(plane.values(0, 0) == 1.0 - 2.0);  // x = -1, y = -1
  CHECK(plane.values(2, 1) == 1.0);        // x = 1, y = 0
  Vector<double> b(3);
  b << 1.0, 1.0, 1.0;
  const auto between = saddle::slice_between(q, origin, b, 11, 0.5);
  CHECK(between.alphas[0] == -0.5);
  CHECK(between.alphas[10] == 1.5);
  Vector<double> g;
  CHECK(between.values[3] == Approx(q(Vector<double>(origin + 0.1 * b), g)).epsilon(1e-12));  // alpha = 0.1
  std::ostringstream csv;
  plane.write_csv(csv);
  CHECK(csv.str().rfind("alpha,beta,value\n-1,-1,-1\n", 0) == 0);

  // Filter normalization: each block of the direction has the norm of the same block of x.
  Vector<double> x(6);
  x << 1.0, 2.0, 2.0, 0.1, 0.0, 0.0;
  const Vector<double> d = saddle::random_direction(x, 3, {3, 1, 2});
  CHECK(d.head(3).norm() == Approx(3.0).epsilon(1e-12));
  CHECK(std::abs(d[3]) == Approx(0.1).epsilon(1e-12));
  CHECK(d.tail(2).norm() > 0.0);  // a zero block keeps its random direction
  REQUIRE_THROWS_WITH(saddle::random_direction(x, 3, {3, 2}),
                      "saddle::random_direction: sum of block sizes = 5 violates sum of block sizes == dimension = 6");
  REQUIRE_THROWS_WITH(saddle::slice_1d(q, origin, e0, {1.0, 1.0, 5}),
                      "saddle::SliceRange: to = 1 violates 1 < to < inf (required when from = 1)");
}

TEST_CASE("check_hvp passes the landscapes and catches a wrong product") {
  ls::Rosenbrock<double> r(5);
  const auto ok = saddle::check_hvp(r, r.start_point());
  CHECK(ok.passed);
  CHECK(ok.checked == 5);
  struct Wrong {
    ls::Rosenbrock<double> inner{4};
    double operator()(const Vector<double>& x, Vector<double>& g) const { return inner(x, g); }
    void hessian_vector_product(const Vector<double>& x, const Vector<double>& v, Vector<double>& hv) const {
      inner.hessian_vector_product(x, v, hv);
      hv[2] *= 1.1;  // a 10 % error in one row
    }
  } wrong;
  const auto bad = saddle::check_hvp(wrong, wrong.inner.start_point());
  CHECK_FALSE(bad.passed);
  CHECK(bad.failed == 5);
  CHECK_THAT(bad.brief(), contains("Hessian-vector check failed: 5 of 5 directions"));
}
