// The plateau monitor on every labelled landscape: gradient descent started a hair off each labelled
// saddle (on its stable side) and near each labelled minimum (along its flattest direction) must
// be diagnosed by the label's kind and index — the labels are closed-form, independent of the
// monitor. Also: the diagnosis does not depend on the loss's scale or offset, in 2 and 2000
// dimensions (the Lanczos path) and in float.
#include <Eigen/Eigenvalues>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

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
namespace ls = saddle::landscapes;

namespace {

// 10 observations that move the loss by less than 1 % of its range so far make a plateau; the run
// stops at the first one, which is what gets diagnosed.
const saddle::PlateauMonitorOptions monitor_options{
    .window = 10, .relative_improvement = 1e-2, .classify = true, .stop_on_plateau = true};

// Gradient descent from near the labelled point p; returns the first plateau episode. A strict
// saddle is approached along the eigenvector of its largest eigenvalue (1e-5 away, learning rate
// 0.5 / |lambda|_max) with 1e-14 along its most negative one; a minimum from 1e-5 along its smallest
// nonzero curvature (learning rate 1 / |lambda|_max: slow convergence when ill-conditioned); a
// degenerate point (Hessian zero: the monkey saddles) along the ridge x > 0, y = 0.
template <class L>
saddle::PlateauEpisode<double> first_plateau(L& landscape, const ls::LabelledPoint<double>& p) {
  const saddle_test::SymmetricEigen<double> eig(saddle_test::dense_hessian(landscape, p.point));
  const auto& lambda = eig.eigenvalues();
  const Index n = lambda.size();
  const double largest = std::max(std::abs(lambda[0]), std::abs(lambda[n - 1]));
  Vector<double> x = p.point;
  double lr = 0.1;
  if (largest == 0.0) {
    x[0] += 1e-5;
  } else if (p.kind == CriticalPointKind::minimum) {
    Index flattest = 0;
    while (lambda[flattest] <= 1e-9 * largest) {
      ++flattest;
    }
    x += 1e-5 * eig.eigenvectors().col(flattest);
    lr = 1.0 / largest;
  } else {
    x += 1e-5 * eig.eigenvectors().col(n - 1) + 1e-14 * eig.eigenvectors().col(0);
    lr = 0.5 / largest;
  }
  saddle::PlateauMonitor<L, double> monitor(landscape, monitor_options);
  (void)saddle::minimize(landscape, x, saddle::GradientDescent<double>({.lr = lr}),
                         {.gradient_tolerance = 0, .max_iterations = 20000}, monitor);
  REQUIRE(!monitor.episodes().empty());
  return monitor.episodes().front();
}

// The diagnosis names the label's kind and index; a minimum or saddle with a singular Hessian must
// come out degenerate (second-order information cannot tell them apart), as in classify_all.
template <class L>
void diagnose_all(L& landscape) {
  REQUIRE(!landscape.critical_points().empty());
  for (const auto& p : landscape.critical_points()) {
    if (p.kind == CriticalPointKind::maximum) {
      continue;  // gradient descent leaves a maximum at once: no plateau there
    }
    const auto episode = first_plateau(landscape, p);
    INFO(landscape.name() << ": labelled " << saddle::to_string(p.kind) << " of index " << p.index << " at f = "
                          << p.value << "; plateau at iteration " << episode.start << ": " << episode.diagnosis);
    REQUIRE(episode.located.has_value());
    REQUIRE(episode.point.has_value());
    CHECK(episode.located->converged);
    CHECK((episode.located->x - p.point).norm() <= 1e-3);
    CHECK(episode.point->value == Approx(p.value).epsilon(1e-9).margin(1e-12));
    const bool singular = std::abs(p.lambda_min) <= 1e-9;
    if (singular || p.kind == CriticalPointKind::degenerate) {
      CHECK(episode.point->kind == CriticalPointKind::degenerate);
      CHECK_THAT(episode.diagnosis, contains("stalled near a degenerate critical point"));
      continue;
    }
    CHECK(episode.point->kind == p.kind);
    CHECK(episode.point->index == p.index);
    CHECK(episode.point->lambda_min == Approx(p.lambda_min).epsilon(1e-8).margin(1e-9));
    if (p.kind == CriticalPointKind::minimum) {
      CHECK_THAT(episode.diagnosis, contains("to a minimum"));
    } else {
      CHECK_THAT(episode.diagnosis, contains(saddle::detail::concat("stuck near a strict saddle of index ", p.index)));
    }
  }
}

// a f + b with its gradient and Hessian-vector products scaled alike.
template <class L>
struct Affine {
  L& inner;
  double a;
  double b;
  double operator()(const Vector<double>& x, Vector<double>& g) {
    const double value = inner(x, g);
    g *= a;
    return a * value + b;
  }
  void hessian_vector_product(const Vector<double>& x, const Vector<double>& v, Vector<double>& hv) {
    inner.hessian_vector_product(x, v, hv);
    hv *= a;
  }
};

}  // namespace

TEST_CASE("plateau diagnosis on the quadratic saddle, the quartics and the monkey saddles") {
  auto xy = ls::x2_minus_y2<double>();
  diagnose_all(xy);
  Vector<double> eigenvalues(4);
  eigenvalues << 1.0, -1.0, -2.0, 3.0;
  ls::StrictSaddleQuartic<double> quartic(eigenvalues);
  diagnose_all(quartic);
  ls::OrthogonalQuartic<double> orthogonal(3);
  diagnose_all(orthogonal);
  ls::MonkeySaddle<double> monkey;
  diagnose_all(monkey);
  ls::ConfinedMonkeySaddle<double> confined;
  diagnose_all(confined);
}

TEST_CASE("plateau diagnosis on matrix factorization and deep linear networks") {
  // Every saddle of the factorization has zero eigenvalues (rotations of U) next to its negative
  // ones; the index counts only the negative ones, from 1 to 6.
  auto factorization = ls::random_matrix_factorization<double>({4.0, 3.0, 2.0, 1.0}, 2, 1);
  diagnose_all(factorization);
  ls::ScalarDeepLinear<double> scalar(2);
  diagnose_all(scalar);
  Matrix<double> t(2, 3);
  t << 1.0, 0.5, -0.3, 0.2, -0.8, 0.6;
  ls::DeepLinearNetwork<double> network({3, 4, 2}, t);  // the origin: index 8, with 4 zero eigenvalues
  diagnose_all(network);
}

TEST_CASE("plateau diagnosis on Himmelblau, Rosenbrock's hidden saddle, Styblinski-Tang and the camel") {
  ls::Himmelblau<double> himmelblau;
  diagnose_all(himmelblau);
  // n = 5: the saddle of index 1 between the global and the local minimum; near either minimum the
  // run converges slowly (condition number ~3000), which must read as convergence, not as a saddle.
  ls::Rosenbrock<double> rosenbrock(5);
  diagnose_all(rosenbrock);
  ls::StyblinskiTang<double> styblinski(2);
  diagnose_all(styblinski);
  ls::ThreeHumpCamel<double> camel;
  diagnose_all(camel);
}

TEST_CASE("plateau diagnosis in 2000 dimensions: Newton steps and index by Lanczos") {
  // Above dense_dimension both the location (Lanczos from g) and the index (deflation) use
  // Hessian-vector products only. The Hessian at every label is diagonal: the stable direction of
  // each is the last coordinate (eigenvalue 4 + |x|^2), the unstable one coordinate 10.
  const Index d = 2000;
  Vector<double> eigenvalues = Vector<double>::LinSpaced(d, 1.0, 4.0);
  eigenvalues[10] = -3.0;
  eigenvalues[500] = -2.0;
  eigenvalues[1500] = -0.5;
  ls::StrictSaddleQuartic<double> quartic(eigenvalues);
  for (const auto& p : quartic.critical_points()) {
    Vector<double> x = p.point;
    x[d - 1] += 1e-5;
    x[10] += 1e-14;
    saddle::PlateauMonitorOptions options = monitor_options;
    options.classify_options.lanczos_iterations = 60;
    options.locate_options.lanczos_iterations = 60;
    saddle::PlateauMonitor<decltype(quartic), double> monitor(quartic, options);
    (void)saddle::minimize(quartic, x, saddle::GradientDescent<double>({.lr = 0.1}),
                           {.gradient_tolerance = 0, .max_iterations = 5000}, monitor);
    REQUIRE(!monitor.episodes().empty());
    const auto& episode = monitor.episodes().front();
    INFO("labelled " << saddle::to_string(p.kind) << " of index " << p.index << ": " << episode.diagnosis);
    CHECK((episode.located->x - p.point).norm() <= 1e-6);
    CHECK(episode.point->kind == p.kind);
    CHECK(episode.point->index == p.index);
    CHECK(episode.point->index_method == saddle::IndexMethod::deflation);
  }
}

TEST_CASE("the plateau and its diagnosis do not depend on the loss's scale or offset") {
  // Himmelblau's first saddle as f, 2^20 f, 2^-20 f and f - 67.7 (the saddle at f = 0), each run
  // with the learning rate scaled back: the same trajectory, so the same plateau and verdict.
  ls::Himmelblau<double> himmelblau;
  const auto s1 = himmelblau.saddles()[0];
  const saddle_test::SymmetricEigen<double> eig(saddle_test::dense_hessian(himmelblau, s1.point));
  std::int64_t reference_start = -1;
  for (const auto& [a, b] : {std::pair{1.0, 0.0}, std::pair{1048576.0, 0.0}, std::pair{1.0 / 1048576.0, 0.0},
                             std::pair{1.0, -s1.value}}) {
    Affine<ls::Himmelblau<double>> f{himmelblau, a, b};
    Vector<double> x = s1.point + 1e-4 * eig.eigenvectors().col(1) + 1e-14 * eig.eigenvectors().col(0);
    saddle::PlateauMonitor<decltype(f), double> monitor(f, monitor_options);
    (void)saddle::minimize(f, x, saddle::GradientDescent<double>({.lr = 0.005 / a}),
                           {.gradient_tolerance = 0, .max_iterations = 5000}, monitor);
    REQUIRE(!monitor.episodes().empty());
    const auto& episode = monitor.episodes().front();
    INFO("a = " << a << ", b = " << b << ": plateau at " << episode.start << ": " << episode.diagnosis);
    if (reference_start < 0) {
      reference_start = episode.start;
    }
    CHECK(episode.start == reference_start);
    CHECK(episode.point->kind == CriticalPointKind::strict_saddle);
    CHECK(episode.point->index == 1);
    CHECK(episode.point->value == Approx(a * s1.value + b).margin(1e-9 * a));
  }
  // With the defaults (window 50, 1e-4 of the range), x^2 - y^2's saddle at f = 0 is a plateau too.
  auto xy = ls::x2_minus_y2<double>();
  Vector<double> x(2);
  x << 1e-5, 1e-14;
  saddle::PlateauMonitor<decltype(xy), double> defaults(xy, {.classify = true, .stop_on_plateau = true});
  (void)saddle::minimize(xy, x, saddle::GradientDescent<double>({.lr = 0.05}),
                         {.gradient_tolerance = 0, .max_iterations = 5000}, defaults);
  REQUIRE(defaults.episodes().size() == 1);
  CHECK(defaults.episodes().front().point->kind == CriticalPointKind::strict_saddle);
  CHECK_THAT(defaults.episodes().front().diagnosis, contains("stuck near a strict saddle of index 1"));
}

TEST_CASE("plateau diagnosis in float") {
  ls::Himmelblau<float> himmelblau;
  for (const auto& p : himmelblau.critical_points()) {
    if (p.kind == CriticalPointKind::maximum) {
      continue;
    }
    Matrix<float> h = saddle_test::dense_hessian(himmelblau, p.point);
    const saddle_test::SymmetricEigen<float> eig(h);
    const float largest = std::max(std::abs(eig.eigenvalues()[0]), std::abs(eig.eigenvalues()[1]));
    Vector<float> x = p.point + 1e-3f * eig.eigenvectors().col(p.kind == CriticalPointKind::minimum ? 0 : 1);
    saddle::PlateauMonitor<decltype(himmelblau), float> monitor(himmelblau, monitor_options);
    (void)saddle::minimize(himmelblau, x, saddle::GradientDescent<float>({.lr = 0.5 / largest}),
                           {.gradient_tolerance = 0, .max_iterations = 5000}, monitor);
    REQUIRE(!monitor.episodes().empty());
    const auto& episode = monitor.episodes().front();
    INFO(saddle::to_string(p.kind) << " at f = " << p.value << ": " << episode.diagnosis);
    CHECK(episode.point->kind == p.kind);
    CHECK(episode.point->index == p.index);
  }
}
