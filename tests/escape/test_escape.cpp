// Tests of the escape methods: perturbed gradient descent's rule, presets and perturbations, and
// the closed-form escape dynamics of gradient descent and heavy ball at a quadratic saddle.
#include <Eigen/Eigenvalues>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "support/catch.hpp"
#include "support/dense_reference.hpp"
#include "support/hessian_checks.hpp"

#include <saddle/saddle.hpp>

using saddle::Index;
using saddle::Status;
using saddle::Vector;
using saddle_test::Approx;
using saddle_test::contains;
namespace ls = saddle::landscapes;

namespace {

// f = 1/2 (a x^2 - gamma y^2): a strict saddle at 0, unbounded below along y.
ls::Quadratic<double> saddle_2d(double a, double gamma) {
  Vector<double> lambda(2);
  lambda << a, -gamma;
  return ls::Quadratic<double>(lambda);
}

bool at_a_labelled_minimum(const ls::LandscapeInfo<double>& landscape, const Vector<double>& x, double tolerance) {
  for (const auto& m : landscape.minima()) {
    if ((x - m.point).norm() <= tolerance) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("gradient descent at a quadratic saddle: escape time and heavy ball's growth factor in closed form") {
  // f = 1/2 (x^2 - gamma y^2) from (0, y0): y_k = (1 + eta gamma)^k y0 exactly, so |y| first reaches
  // R after ceil(ln(R / y0) / ln(1 + eta gamma)) steps (+-1 for rounding at the boundary).
  const double eta = 0.05;
  const double gamma = 2.0;
  auto f = saddle_2d(1.0, gamma);
  for (const double y0 : {1e-3, 1e-6, 1e-9}) {
    const double R = 1.0;
    Vector<double> x(2);
    x << 0.0, y0;
    std::int64_t reached = -1;
    auto watch = [&](const saddle::IterationInfo<double>& info) {
      if (reached < 0 && std::abs(info.x[1]) >= R) {
        reached = info.iteration;
        return saddle::ObserverAction::stop;
      }
      return saddle::ObserverAction::proceed;
    };
    saddle::GradientDescent<double> gd({.lr = eta});
    (void)saddle::minimize(f, x, gd, {.gradient_tolerance = 0, .max_iterations = 10000}, watch);
    const auto predicted = static_cast<std::int64_t>(std::ceil(std::log(R / y0) / std::log(1.0 + eta * gamma)));
    INFO("y0 = " << y0);
    CHECK(std::abs(reached - predicted) <= 1);
  }
  // Heavy ball (torch's SGD momentum: v <- beta v + g, x <- x - eta v): along y the iterates obey
  // y_{k+1} = (1 + beta + eta gamma) y_k - beta y_{k-1}, so y_{k+1} / y_k tends to the larger root of
  // z^2 - (1 + beta + eta gamma) z + beta.
  const double beta = 0.9;
  const double b = 1.0 + beta + eta * gamma;
  const double root = (b + std::sqrt(b * b - 4.0 * beta)) / 2.0;
  saddle::SGD<double> heavy({.lr = eta, .momentum = beta});
  Vector<double> x(2);
  x << 0.0, 1e-12;
  saddle::History<double> history({.record_x = true});
  (void)saddle::minimize(f, x, heavy, {.gradient_tolerance = 0, .max_iterations = 120}, history);
  const auto& path = history.iterates();
  const double factor = path[120][1] / path[119][1];
  CHECK(factor == Approx(root).epsilon(1e-10));
  CHECK(factor > 1.0 + eta * gamma);  // momentum escapes faster than plain gradient descent
}

TEST_CASE("PGD: the theory preset reproduces the paper's constants") {
  // ell = rho = delta_f = c = 1, epsilon = 1e-3, d = 100, delta = 0.1:
  // chi = 3 ln(100 / (1e-6 * 0.1)) = 3 ln(1e9) = 27 ln 10 = 62.1697975...
  const double chi = 62.16979751083923;
  CHECK(saddle::PerturbedGradientDescentOptions::theory_chi(1, 1e-3, 0.1, 1, 100) == Approx(chi).epsilon(1e-13));
  const auto o = saddle::PerturbedGradientDescentOptions::theory(1, 1, 1e-3, 0.1, 1, 100);
  CHECK(o.escape_steps == 1966);  // ceil(chi / sqrt(1e-3)) = ceil(1965.97...)
  CHECK(o.lr == 1.0);             // c / ell
  CHECK(o.radius == Approx(1e-3 / (chi * chi)).epsilon(1e-13));
  CHECK(o.gradient_threshold == Approx(1e-3 / (chi * chi)).epsilon(1e-13));
  CHECK(o.function_threshold == Approx(std::sqrt(1e-9) / (chi * chi * chi)).epsilon(1e-13));
  CHECK(o.certify);
  CHECK(o.shape == saddle::PerturbationShape::ball);
  // Below the floor of 4: chi = 12.
  CHECK(saddle::PerturbedGradientDescentOptions::theory_chi(1, 1, 0.5, 1, 1) == 12.0);
  REQUIRE_THROWS_WITH(saddle::PerturbedGradientDescentOptions::theory(1, 1, 1e-3, 1.5, 1, 100),
                      "saddle::PerturbedGradientDescentOptions::theory: delta = 1.5 violates 0 < delta < 1");
  REQUIRE_THROWS_WITH(saddle::PerturbedGradientDescent<double>({.radius = 0.0}),
                      "saddle::PerturbedGradientDescentOptions: radius = 0 violates 0 < radius < inf");
  REQUIRE_THROWS_WITH(saddle::PerturbedGradientDescent<double>({.escape_steps = 0}),
                      "saddle::PerturbedGradientDescentOptions: escape_steps = 0 violates escape_steps >= 1");
}

TEST_CASE("PGD: perturbations are uniform in the ball (radius r U^(1/d)) or N(0, r^2/d I)") {
  // On a constant f the gradient is 0, so x moves only by perturbations: with escape_steps = 1 one at
  // every other iteration (none in the step after one), x_{k+1} - x_k = xi for even k.
  auto flat = [](const Vector<double>& x, Vector<double>& g) {
    g.setZero(x.size());
    return 0.0;
  };
  const Index d = 3;
  const double r = 0.5;
  const int samples = 6000;  // perturbations; twice as many iterations
  for (const auto shape : {saddle::PerturbationShape::ball, saddle::PerturbationShape::gaussian}) {
    INFO(saddle::to_string(shape));
    saddle::PerturbedGradientDescent<double> pgd({.stop = {.gradient_tolerance = 0, .max_iterations = 2 * samples},
                                                  .radius = r,
                                                  .escape_steps = 1,
                                                  .certify = false,
                                                  .shape = shape,
                                                  .seed = 11});
    Vector<double> x = Vector<double>::Zero(d);
    saddle::History<double> history({.record_x = true});
    const auto result = pgd.minimize(flat, x, history);
    REQUIRE(result.status == Status::max_iterations);
    const auto& path = history.iterates();
    double inside_half = 0;
    double mean_length = 0;
    double mean_square = 0;
    Vector<double> mean = Vector<double>::Zero(d);
    double largest = 0;
    for (int k = 0; k < samples; ++k) {
      const auto at = static_cast<std::size_t>(2 * k);
      CHECK(path[at + 2] == path[at + 1]);  // no perturbation in the step after one
      const Vector<double> xi = path[at + 1] - path[at];
      const double length = xi.norm();
      inside_half += length <= r / 2 ? 1.0 : 0.0;
      mean_length += length;
      mean_square += length * length;
      mean += xi;
      largest = std::max(largest, length);
    }
    inside_half /= samples;
    mean_length /= samples;
    mean_square /= samples;
    mean /= samples;
    CHECK(mean.norm() < 0.03);  // centred (4 standard errors)
    if (shape == saddle::PerturbationShape::ball) {
      // Uniform in the ball: P(|xi| <= r/2) = (1/2)^d = 1/8, E|xi| = r d / (d + 1), never beyond r.
      CHECK(inside_half == Approx(0.125).margin(0.02));
      CHECK(mean_length == Approx(r * 3.0 / 4.0).margin(0.01));
      CHECK(largest <= r);
    } else {
      CHECK(mean_square == Approx(r * r).margin(0.02));  // E|xi|^2 = r^2
    }
  }
}

TEST_CASE("PGD leaves exact saddles: x^2 - y^2, 5x^2 - y^2, Himmelblau's four, the strict-saddle quartic") {
  // Unbounded below along y: from the exact saddle it perturbs, then |y| grows geometrically and x
  // shrinks; gradient descent started there never moves.
  for (const double a : {1.0, 5.0}) {
    auto f = saddle_2d(a, 1.0);
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
      saddle::PerturbedGradientDescent<double> pgd(
          {.stop = {.gradient_tolerance = 0, .max_iterations = 1500}, .lr = 0.05, .seed = seed});
      Vector<double> x = Vector<double>::Zero(2);
      const auto result = pgd.minimize(f, x);
      INFO("a = " << a << ", seed " << seed << ": " << result.brief());
      REQUIRE(result.status == Status::max_iterations);
      CHECK(std::abs(x[1]) > 10.0);  // (1.05)^1500 r: far down the y-axis
      CHECK(std::abs(x[0]) < 1e-10);  // (1 - 0.05 a)^1500 r
      CHECK(result.saddles_escaped >= 1);
    }
    saddle::GradientDescent<double> gd({.lr = 0.05});
    Vector<double> x = Vector<double>::Zero(2);
    CHECK(saddle::minimize(f, x, gd).status == Status::converged_gradient);  // it certifies nothing
    CHECK(x == Vector<double>::Zero(2));
  }

  // Bounded landscapes: from every exact saddle, for 20 seeds, to a labelled minimum, certified by
  // the f_thres exit (converged_second_order).
  ls::Himmelblau<double> himmelblau;
  Vector<double> lambda(10);
  lambda << -2.0, -1.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0;
  ls::StrictSaddleQuartic<double> quartic(lambda);
  const auto leaves = [](const ls::LandscapeInfo<double>& info, auto& f, double lr) {
    for (const auto& s : info.saddles()) {
      for (std::uint64_t seed = 0; seed < 20; ++seed) {
        saddle::PerturbedGradientDescent<double> pgd(
            {.stop = {.gradient_tolerance = 0, .max_iterations = 20000}, .lr = lr, .seed = seed});
        Vector<double> x = s.point;
        const auto result = pgd.minimize(f, x);
        INFO(info.name() << " from the saddle at " << s.point.transpose() << ", seed " << seed << ": "
                         << result.brief() << " " << result.message);
        REQUIRE(result.status == Status::converged_second_order);
        CHECK(at_a_labelled_minimum(info, x, 1e-3));
        CHECK(result.saddles_escaped >= 1);
        CHECK(result.gradient_norm <= pgd.options().gradient_threshold);
      }
    }
  };
  leaves(himmelblau, himmelblau, 0.01);
  leaves(quartic, quartic, 0.05);
}

TEST_CASE("PGD at a minimum returns the point before its perturbation, and the 2021 variant has no exit") {
  ls::Himmelblau<double> h;
  const Vector<double> minimum = h.minima()[0].point;
  saddle::PerturbedGradientDescent<double> pgd({.lr = 0.01, .seed = 3});
  Vector<double> x = minimum;
  const auto result = pgd.minimize(h, x);
  REQUIRE(result.status == Status::converged_second_order);
  CHECK(x == minimum);  // x~, exactly
  CHECK(result.iterations == pgd.options().escape_steps);
  CHECK(result.saddles_escaped == 0);
  CHECK_THAT(result.message, contains("the point before the perturbation"));
  CHECK(result.converged());

  saddle::PerturbedGradientDescent<double> simplified(
      {.stop = {.gradient_tolerance = 0, .max_iterations = 1000}, .lr = 0.01, .certify = false, .seed = 3});
  x = minimum;
  const auto ran = simplified.minimize(h, x);
  CHECK(ran.status == Status::max_iterations);
  CHECK((x - minimum).norm() < 1e-2);  // perturbed every 200 steps, pulled back each time
  CHECK_THAT(ran.message, contains("5 perturbation(s)"));
}

TEST_CASE("PGD: NaN is non_finite with x restored, and runs are reproducible from the seed") {
  auto cliff = [](const Vector<double>& x, Vector<double>& g) {
    g = -x;
    return x.norm() > 0.5 ? std::numeric_limits<double>::quiet_NaN() : -0.5 * x.squaredNorm();
  };
  saddle::PerturbedGradientDescent<double> pgd({.stop = {.gradient_tolerance = 0, .max_iterations = 10000}, .lr = 0.1});
  Vector<double> x = Vector<double>::Zero(4);
  const auto result = pgd.minimize(cliff, x);
  REQUIRE(result.status == Status::non_finite);
  CHECK(x.norm() <= 0.5);
  Vector<double> g;
  CHECK(std::isfinite(cliff(x, g)));
  ls::Himmelblau<double> h;
  Vector<double> a = h.saddles()[0].point;
  Vector<double> b = a;
  saddle::PerturbedGradientDescent<double> first({.seed = 42});
  saddle::PerturbedGradientDescent<double> second({.seed = 42});
  const auto ra = first.minimize(h, a);
  const auto rb = second.minimize(h, b);
  CHECK(a == b);
  CHECK(ra.iterations == rb.iterations);
}

TEST_CASE("perturbed(stepper): Adam and SGD in a training loop leave an exact saddle") {
  // At the saddle of x^2 - y^2 the gradient is exactly 0: Adam's and SGD's steps are 0 forever.
  auto f = saddle_2d(1.0, 1.0);
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    auto adam = saddle::perturbed(saddle::Adam<double>({.lr = 1e-2}), {.seed = seed});
    auto sgd = saddle::perturbed(saddle::SGD<double>({.lr = 0.05, .momentum = 0.9}), {.seed = seed});
    Vector<double> xa = Vector<double>::Zero(2);
    Vector<double> xs = Vector<double>::Zero(2);
    Vector<double> g(2);
    for (int k = 0; k < 600; ++k) {  // the user's loop: gradient, step
      (void)f(xa, g);
      (void)adam.step(xa, g);
      (void)f(xs, g);
      (void)sgd.step(xs, g);
    }
    INFO("seed " << seed);
    CHECK(std::abs(xa[1]) > 1.0);
    CHECK(std::abs(xs[1]) > 1.0);
    CHECK(adam.perturbations() == 1);  // once off the ridge the gradient is never small again
    CHECK(sgd.perturbations() == 1);
  }
  saddle::Adam<double> plain({.lr = 1e-2});
  Vector<double> x = Vector<double>::Zero(2);
  Vector<double> g(2);
  for (int k = 0; k < 600; ++k) {
    (void)f(x, g);
    (void)plain.step(x, g);
  }
  CHECK(x == Vector<double>::Zero(2));

  // Through minimize (gradient_tolerance 0: the small gradient must not stop the run), and reset()
  // restarts the stream: the same perturbation again.
  auto kicked = saddle::perturbed(saddle::SGD<double>({.lr = 0.05}), {.radius = 0.1, .seed = 9});
  Vector<double> first = Vector<double>::Zero(2);
  (void)saddle::minimize(f, first, kicked, {.gradient_tolerance = 0, .max_iterations = 1});
  kicked.reset();
  CHECK(kicked.perturbations() == 0);
  Vector<double> again = Vector<double>::Zero(2);
  (void)saddle::minimize(f, again, kicked, {.gradient_tolerance = 0, .max_iterations = 1});
  CHECK(first == again);
  CHECK(first.norm() > 0.0);
  CHECK(first.norm() <= 0.1);
  REQUIRE_THROWS_WITH(saddle::perturbed(saddle::SGD<double>(), {.gradient_threshold = -1.0}),
                      "saddle::PerturbationOptions: gradient_threshold = -1 violates 0 < gradient_threshold < inf");
}

TEST_CASE("guarded(method): L-BFGS and first_order(Adam) leave Himmelblau's saddles, certified") {
  ls::Himmelblau<double> h;
  for (const auto& s : h.saddles()) {
    // Unguarded: a zero gradient is the end, and nothing is certified.
    saddle::LBFGS<double> lbfgs({.stop = {.gradient_tolerance = 1e-8}});
    Vector<double> x = s.point;
    const auto stuck = saddle::minimize(h, x, lbfgs);
    REQUIRE(stuck.status == Status::converged_gradient);
    CHECK(stuck.iterations == 0);
    CHECK_FALSE(stuck.kind.has_value());
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
      auto guarded_lbfgs = saddle::guarded(lbfgs, {.curvature = {.seed = seed}});
      auto guarded_adam = saddle::guarded(
          saddle::first_order(saddle::Adam<double>({.lr = 1e-2}), {.gradient_tolerance = 1e-4, .max_iterations = 50000}),
          {.curvature = {.seed = seed}});
      STATIC_REQUIRE(saddle::Minimizer<decltype(guarded_adam), double>);
      for (int which = 0; which < 2; ++which) {
        x = s.point;
        saddle::History<double> history;
        const auto result = which == 0 ? saddle::minimize(h, x, guarded_lbfgs, history)
                                       : saddle::minimize(h, x, guarded_adam, history);
        INFO((which == 0 ? "guarded(LBFGS)" : "guarded(first_order(Adam))") << " from " << s.point.transpose()
                                                                            << ", seed " << seed << ": "
                                                                            << result.brief() << " " << result.message);
        REQUIRE(result.status == Status::converged_second_order);
        REQUIRE(result.kind == saddle::CriticalPointKind::minimum);
        CHECK(at_a_labelled_minimum(h, x, which == 0 ? 1e-6 : 1e-4));
        CHECK(result.saddles_escaped == 1);
        CHECK(result.hvp_evaluations > 0);
        // The observers saw one run: iterations 0, 1, ..., with the escape step among them.
        REQUIRE(history.size() == static_cast<std::size_t>(result.iterations) + 1);
        for (std::size_t i = 0; i < history.size(); ++i) {
          CHECK(history.iterations()[i] == static_cast<std::int64_t>(i));
        }
      }
    }
  }
}

TEST_CASE("guarded: out of escapes at a saddle is saddle_point, never a convergence") {
  ls::Himmelblau<double> h;
  const auto s = h.saddles()[2];
  auto guard = saddle::guarded(saddle::LBFGS<double>({.stop = {.gradient_tolerance = 1e-8}}), {.max_escapes = 0});
  Vector<double> x = s.point;
  const auto result = saddle::minimize(h, x, guard);
  REQUIRE(result.status == Status::saddle_point);
  CHECK_FALSE(result.converged());
  CHECK(result.kind == saddle::CriticalPointKind::strict_saddle);
  REQUIRE(result.lambda_min.has_value());
  CHECK(*result.lambda_min == Approx(s.lambda_min).epsilon(1e-6));
  CHECK(x == s.point);
  CHECK_THAT(result.message, contains("not a convergence"));
  CHECK_THAT(result.brief(), contains("certified strict_saddle"));
  REQUIRE_THROWS_WITH(saddle::guarded(saddle::LBFGS<double>(), {.max_escapes = -1}),
                      "saddle::SaddleGuardOptions: max_escapes = -1 violates max_escapes >= 0");
}

TEST_CASE("guarded: the strict-saddle quartic in 10 and 1000 dimensions, and the 2|lambda|/rho step") {
  for (const Index d : {10, 1000}) {
    // lambda = (-2, -1, 1, 2, ...): the origin is a saddle of index 2; the minima are +-sqrt(2) e_0.
    Vector<double> lambda = Vector<double>::LinSpaced(d, 1.0, 5.0);
    lambda[0] = -2.0;
    lambda[1] = -1.0;
    ls::StrictSaddleQuartic<double> quartic(lambda);
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
      auto guard =
          saddle::guarded(saddle::LBFGS<double>({.stop = {.gradient_tolerance = 1e-9}}), {.curvature = {.seed = seed}});
      Vector<double> x = Vector<double>::Zero(d);
      const auto result = saddle::minimize(quartic, x, guard);
      INFO("d = " << d << ", seed " << seed << ": " << result.brief() << " " << result.message);
      REQUIRE(result.status == Status::converged_second_order);
      CHECK(result.kind == saddle::CriticalPointKind::minimum);
      CHECK(at_a_labelled_minimum(quartic, x, 1e-6));
      CHECK(result.saddles_escaped >= 1);
    }
  }
  // With the Hessian's Lipschitz constant rho known, the escape step is 2 |lambda_min| / rho: from the
  // origin (lambda_min = -2) with rho = 4, a unit step along +-e_0.
  Vector<double> lambda = Vector<double>::LinSpaced(10, 1.0, 5.0);
  lambda[0] = -2.0;
  ls::StrictSaddleQuartic<double> quartic(lambda);
  // (A converged probe, so that the direction is the eigenvector and lambda = -2 exactly.)
  auto guard = saddle::guarded(saddle::LBFGS<double>({.stop = {.gradient_tolerance = 1e-9}}),
                               {.curvature = {.hessian_lipschitz = 4.0, .early_stop = false}});
  Vector<double> x = Vector<double>::Zero(10);
  saddle::History<double> history({.record_x = true});
  const auto result = saddle::minimize(quartic, x, guard, history);
  REQUIRE(result.status == Status::converged_second_order);
  REQUIRE(history.size() > 1);
  CHECK(history.iterates()[1].norm() == Approx(1.0).epsilon(1e-9));
  CHECK(std::abs(history.iterates()[1][0]) == Approx(1.0).epsilon(1e-9));
}

TEST_CASE("negative-curvature descent stops only where lambda_min >= -eps_H, from every exact saddle") {
  // The end point's smallest Hessian eigenvalue, by a dense eigensolver: never below -eps_H.
  const auto lambda_min_at = [](auto& landscape, const Vector<double>& x) {
    const saddle::Matrix<double> h = saddle_test::dense_hessian(landscape, x);
    return saddle_test::SymmetricEigen<double>(h, Eigen::EigenvaluesOnly).eigenvalues()[0];
  };
  ls::Himmelblau<double> himmelblau;
  Vector<double> lambda = Vector<double>::LinSpaced(10, 1.0, 5.0);
  lambda[0] = -2.0;
  lambda[1] = -1.0;
  ls::StrictSaddleQuartic<double> quartic(lambda);
  const auto run_from_saddles = [&](const ls::LandscapeInfo<double>& info, auto& f, double lr) {
    for (const auto& s : info.saddles()) {
      for (std::uint64_t seed = 0; seed < 20; ++seed) {
        saddle::NegativeCurvatureDescent<double> ncd(
            {.stop = {.gradient_tolerance = 1e-8, .max_iterations = 100000}, .lr = lr, .curvature = {.seed = seed}});
        Vector<double> x = s.point;
        const auto result = ncd.minimize(f, x);
        INFO(info.name() << " from " << s.point.transpose() << ", seed " << seed << ": " << result.brief() << " "
                         << result.message);
        REQUIRE(result.status == Status::converged_second_order);
        CHECK(result.kind == saddle::CriticalPointKind::minimum);
        CHECK(lambda_min_at(f, x) >= -ncd.options().curvature.curvature_tolerance);
        CHECK(at_a_labelled_minimum(info, x, 1e-6));
        CHECK(result.saddles_escaped >= 1);
        CHECK(result.hvp_evaluations > 0);
      }
    }
  };
  run_from_saddles(himmelblau, himmelblau, 0.01);
  run_from_saddles(quartic, quartic, 0.05);

  // x^2 - y^2 (unbounded below): the curvature step of a converged probe goes along +-y and f keeps
  // falling; a probe stopped at its proof (the default) steps along a direction with v^T H v < -eps_H,
  // and the gradient steps then take x to 0.
  auto f = saddle_2d(1.0, 1.0);
  {
    saddle::NegativeCurvatureDescent<double> early({.stop = {.gradient_tolerance = 1e-8, .max_iterations = 2000}});
    Vector<double> z = Vector<double>::Zero(2);
    const auto r = early.minimize(f, z);
    CHECK(r.saddles_escaped == 1);
    CHECK(std::abs(z[1]) >= 1.0);
    CHECK(std::abs(z[0]) < 1e-6);
  }
  saddle::NegativeCurvatureDescent<double> ncd(
      {.stop = {.gradient_tolerance = 1e-8, .max_iterations = 50}, .curvature = {.early_stop = false}});
  Vector<double> x = Vector<double>::Zero(2);
  const auto result = ncd.minimize(f, x);
  CHECK(result.status == Status::max_iterations);
  CHECK(result.saddles_escaped == 1);
  CHECK(std::abs(x[1]) >= 1.0);
  CHECK(std::abs(x[0]) < 1e-12);  // the step is along the eigenvector +-y (to rounding), and x only shrinks

  // The monkey saddle x^3 - 3 x y^2 is degenerate (Hessian 0 at the origin): no negative curvature
  // can be certified, so the method stops there with the degenerate certificate, not a minimum.
  ls::MonkeySaddle<double> monkey;
  Vector<double> origin = Vector<double>::Zero(2);
  const auto degenerate = ncd.minimize(monkey, origin);
  CHECK(degenerate.status == Status::converged_second_order);
  CHECK(degenerate.kind == saddle::CriticalPointKind::degenerate);
  CHECK(origin == Vector<double>::Zero(2));
  REQUIRE_THROWS_WITH(saddle::NegativeCurvatureDescent<double>({.curvature = {.initial_step = 0.0}}),
                      "saddle::NegativeCurvatureDescentOptions::curvature: initial_step = 0 violates 0 < initial_step < inf");
}

TEST_CASE("saddle-free Newton: Dauphin's figure 2, the floor, and exact saddles left") {
  // f = 5x^2 - y^2 (Hessian diag(10, -2)). Newton's step -H^-1 g lands on the saddle from anywhere;
  // the saddle-free step -|H|^-1 g = (-x, +y) is repelled by it.
  Vector<double> lambda(2);
  lambda << 10.0, -2.0;
  ls::Quadratic<double> f(lambda);
  Vector<double> start(2);
  start << 1.0, 0.5;
  Vector<double> g(2);
  (void)f(start, g);
  const Vector<double> newton = start - lambda.cwiseInverse().cwiseProduct(g);
  CHECK(newton.norm() < 1e-15);  // Newton: straight to the saddle
  saddle::SaddleFreeNewton<double> sfn({.stop = {.gradient_tolerance = 1e-10, .max_iterations = 1}});
  Vector<double> x = start;
  (void)sfn.minimize(f, x);
  CHECK(std::abs(x[0]) < 1e-4);                     // x(1 - 10 / (10 + mu))
  CHECK(x[1] == Approx(1.0).epsilon(1e-3));          // y(1 + 2 / (2 + mu)): away from the saddle
  saddle::SaddleFreeNewton<double> longer({.stop = {.gradient_tolerance = 1e-10, .max_iterations = 20}});
  x = start;
  const auto result = longer.minimize(f, x);
  CHECK(result.status == Status::max_iterations);
  CHECK(std::abs(x[1]) > 1e3);  // doubling |y| each step (unbounded below)

  // The floor (Paternain et al.): with |lambda| floored at m = 1 a flat direction is not blown up.
  Vector<double> flat(2);
  flat << 1.0, 1e-8;
  ls::Quadratic<double> nearly_flat(flat);
  Vector<double> y = Vector<double>::Ones(2);
  saddle::SaddleFreeNewton<double> floored(
      {.stop = {.gradient_tolerance = 1e-12, .max_iterations = 1}, .damping = 1e-12, .eigenvalue_floor = 1.0});
  (void)floored.minimize(nearly_flat, y);
  CHECK(y[1] == Approx(1.0 - 1e-8).epsilon(1e-12));  // step -1e-8 / max(1e-8, 1)
  CHECK(std::abs(y[0]) < 1e-10);

  // From Himmelblau's exact saddles (g = 0: the saddle-free step is 0, so the certificate leaves
  // along negative curvature) and the strict-saddle quartic's origin, in 10 (exact |H|) and 1000
  // (Krylov, k = 30) dimensions: to a labelled minimum, certified.
  ls::Himmelblau<double> h;
  for (const auto& s : h.saddles()) {
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
      saddle::SaddleFreeNewton<double> method({.stop = {.gradient_tolerance = 1e-9}, .curvature = {.seed = seed}});
      Vector<double> z = s.point;
      const auto r = method.minimize(h, z);
      INFO("from " << s.point.transpose() << ", seed " << seed << ": " << r.brief() << " " << r.message);
      REQUIRE(r.status == Status::converged_second_order);
      CHECK(r.kind == saddle::CriticalPointKind::minimum);
      CHECK(at_a_labelled_minimum(h, z, 1e-8));
      CHECK(r.saddles_escaped == 1);
    }
  }
  for (const Index d : {10, 1000}) {
    Vector<double> eigenvalues = Vector<double>::LinSpaced(d, 1.0, 5.0);
    eigenvalues[0] = -2.0;
    eigenvalues[1] = -1.0;
    ls::StrictSaddleQuartic<double> quartic(eigenvalues);
    saddle::SaddleFreeNewton<double> method({.stop = {.gradient_tolerance = 1e-9, .max_iterations = 500},
                                             .krylov_dimension = d == 10 ? 10 : 30});
    Vector<double> z = Vector<double>::Zero(d);
    const auto r = method.minimize(quartic, z);
    INFO("d = " << d << ": " << r.brief() << " " << r.message);
    REQUIRE(r.status == Status::converged_second_order);
    CHECK(at_a_labelled_minimum(quartic, z, 1e-6));
  }
}

TEST_CASE("adaptive cubic regularization stops only where lambda_min >= -eps_H, from every exact saddle") {
  const auto lambda_min_at = [](auto& landscape, const Vector<double>& x) {
    const saddle::Matrix<double> h = saddle_test::dense_hessian(landscape, x);
    return saddle_test::SymmetricEigen<double>(h, Eigen::EigenvaluesOnly).eigenvalues()[0];
  };
  ls::Himmelblau<double> h;
  Vector<double> lambda = Vector<double>::LinSpaced(10, 1.0, 5.0);
  lambda[0] = -2.0;
  lambda[1] = -1.0;
  ls::StrictSaddleQuartic<double> quartic(lambda);
  const auto from_saddles = [&](const ls::LandscapeInfo<double>& info, auto& f) {
    for (const auto& s : info.saddles()) {
      for (std::uint64_t seed = 0; seed < 20; ++seed) {
        saddle::CubicRegularization<double> arc({.stop = {.gradient_tolerance = 1e-9}, .curvature = {.seed = seed}});
        Vector<double> x = s.point;
        const auto r = arc.minimize(f, x);
        INFO(info.name() << " from " << s.point.transpose() << ", seed " << seed << ": " << r.brief() << " "
                         << r.message);
        REQUIRE(r.status == Status::converged_second_order);
        CHECK(r.kind == saddle::CriticalPointKind::minimum);
        CHECK(lambda_min_at(f, x) >= -arc.options().curvature.curvature_tolerance);
        CHECK(at_a_labelled_minimum(info, x, 1e-7));
        CHECK(r.saddles_escaped >= 1);
      }
    }
  };
  from_saddles(h, h);
  from_saddles(quartic, quartic);
  // 1000 dimensions, Krylov subproblems of dimension 30.
  Vector<double> big = Vector<double>::LinSpaced(1000, 1.0, 5.0);
  big[0] = -2.0;
  big[1] = -1.0;
  ls::StrictSaddleQuartic<double> quartic_1000(big);
  saddle::CubicRegularization<double> arc({.stop = {.gradient_tolerance = 1e-9}, .krylov_dimension = 30});
  Vector<double> x = Vector<double>::Zero(1000);
  const auto r = arc.minimize(quartic_1000, x);
  REQUIRE(r.status == Status::converged_second_order);
  CHECK(at_a_labelled_minimum(quartic_1000, x, 1e-7));

  // From near the saddle of 5x^2 - y^2 (unbounded below) it goes down along y.
  auto f = saddle_2d(10.0, 2.0);
  Vector<double> z(2);
  z << 0.5, 1e-3;
  saddle::CubicRegularization<double> runner({.stop = {.gradient_tolerance = 1e-10, .max_iterations = 30}});
  const auto ran = runner.minimize(f, z);
  CHECK(ran.status == Status::max_iterations);
  CHECK(std::abs(z[1]) > 10.0);
  CHECK(std::abs(z[0]) < 1e-3);
  // The degenerate monkey saddle: nothing negative to certify, stopped with the degenerate verdict.
  ls::MonkeySaddle<double> monkey;
  Vector<double> origin = Vector<double>::Zero(2);
  const auto degenerate = runner.minimize(monkey, origin);
  CHECK(degenerate.status == Status::converged_second_order);
  CHECK(degenerate.kind == saddle::CriticalPointKind::degenerate);
  REQUIRE_THROWS_WITH(saddle::CubicRegularization<double>({.gamma = 1.0}),
                      "saddle::CubicRegularizationOptions: gamma = 1 violates 1 < gamma < inf");
}

TEST_CASE("perturbed accelerated gradient descent: the preset, and escapes from exact saddles") {
  // ell = rho = delta_f = c = 1, epsilon = 1e-2, d = 100, delta = 0.1: kappa = 1 / sqrt(1e-2) = 10,
  // chi = ln(100 / (1e-2 * 0.1)) = ln(1e5), theta = 1 / (4 sqrt(10)).
  const auto o = saddle::PerturbedAcceleratedGradientDescentOptions::theory(1, 1, 1e-2, 0.1, 1, 100);
  const double chi = std::log(1e5);
  const double theta = 1.0 / (4.0 * std::sqrt(10.0));
  CHECK(o.lr == 0.25);
  CHECK(o.momentum == Approx(1.0 - theta).epsilon(1e-15));
  CHECK(o.nonconvexity == Approx(theta * theta / 0.25).epsilon(1e-14));
  CHECK(o.exploitation_step == Approx(theta * theta / 0.25 / 4.0).epsilon(1e-14));
  CHECK(o.radius == Approx(0.25 * 1e-2 / std::pow(chi, 5.0)).epsilon(1e-13));
  CHECK(o.escape_steps == static_cast<std::int64_t>(std::ceil(std::sqrt(10.0) * chi)));  // 37
  CHECK(o.escape_steps == 37);
  CHECK(o.function_threshold == Approx(std::sqrt(1e-6) / std::pow(chi, 5.0)).epsilon(1e-13));

  ls::Himmelblau<double> h;
  Vector<double> lambda = Vector<double>::LinSpaced(10, 1.0, 5.0);
  lambda[0] = -2.0;
  lambda[1] = -1.0;
  ls::StrictSaddleQuartic<double> quartic(lambda);
  const auto from_saddles = [&](const ls::LandscapeInfo<double>& info, auto& f, double lr) {
    for (const auto& s : info.saddles()) {
      for (std::uint64_t seed = 0; seed < 20; ++seed) {
        saddle::PerturbedAcceleratedGradientDescent<double> pagd(
            {.stop = {.gradient_tolerance = 0, .max_iterations = 20000}, .lr = lr, .seed = seed});
        Vector<double> x = s.point;
        const auto r = pagd.minimize(f, x);
        INFO(info.name() << " from " << s.point.transpose() << ", seed " << seed << ": " << r.brief() << " "
                         << r.message);
        REQUIRE(r.status == Status::converged_second_order);
        CHECK(at_a_labelled_minimum(info, x, 1e-3));
        CHECK(r.saddles_escaped >= 1);
      }
    }
  };
  from_saddles(h, h, 0.01);
  from_saddles(quartic, quartic, 0.05);
  // x^2 - y^2: away along y (with exploitation steps where f is concave along the momentum).
  auto f = saddle_2d(1.0, 1.0);
  saddle::PerturbedAcceleratedGradientDescent<double> pagd(
      {.stop = {.gradient_tolerance = 0, .max_iterations = 300}, .lr = 0.05, .seed = 1});
  saddle::PerturbedGradientDescent<double> pgd({.stop = {.gradient_tolerance = 0, .max_iterations = 300}, .lr = 0.05, .seed = 1});
  Vector<double> a = Vector<double>::Zero(2);
  Vector<double> b = Vector<double>::Zero(2);
  (void)pagd.minimize(f, a);
  (void)pgd.minimize(f, b);
  CHECK(std::abs(a[1]) > 1e3);
  CHECK(std::abs(a[0]) < 1e-6);
  CHECK(std::abs(b[1]) > 1e3);
  REQUIRE_THROWS_WITH(saddle::PerturbedAcceleratedGradientDescent<double>({.momentum = 1.0}),
                      "saddle::PerturbedAcceleratedGradientDescentOptions: momentum = 1 violates 0 <= momentum < 1");
}

TEST_CASE("a NaN Hessian-vector product is non_finite, not an exception, in every curvature-using method") {
  // Finite f and g everywhere, but a Hessian that is NaN: the analytic product says so.
  struct Poisoned {
    double operator()(const Vector<double>& x, Vector<double>& g) const {
      g = x;
      g[1] = -x[1];
      return 0.5 * (x[0] * x[0] - x[1] * x[1]);
    }
    void hessian_vector_product(const Vector<double>&, const Vector<double>& v, Vector<double>& hv) const {
      hv = v;
      hv[0] = std::numeric_limits<double>::quiet_NaN();
    }
  };
  Poisoned f;
  const auto reports = [&](auto method, const std::string& name) {
    INFO(name);
    Vector<double> x = Vector<double>::Zero(2);  // an exact saddle: every method probes here
    saddle::Result<double> result;
    REQUIRE_NOTHROW(result = saddle::minimize(f, x, method));
    CHECK(result.status == Status::non_finite);
    CHECK(x == Vector<double>::Zero(2));
  };
  const saddle::StoppingOptions stop{.gradient_tolerance = 1e-8};
  reports(saddle::TrustRegionNewtonCG<double>({.stop = stop}), "TrustRegionNewtonCG");
  reports(saddle::NegativeCurvatureDescent<double>({.stop = stop}), "NegativeCurvatureDescent");
  reports(saddle::SaddleFreeNewton<double>({.stop = stop}), "SaddleFreeNewton");
  reports(saddle::CubicRegularization<double>({.stop = stop}), "CubicRegularization");
  reports(saddle::guarded(saddle::LBFGS<double>({.stop = stop})), "guarded(LBFGS)");
}

namespace {

// Every escape method from `start` (an exact saddle of `f`, whose global minimum value is f_star):
// each leaves it in 20 of 20 seeds and ends at the minimum value (matrix factorization's and the deep
// linear network's minima are manifolds: U -> U R, W_2 W_1 -> W_2 G^-1 G W_1 keep f, so the value, not
// a point, is what a labelled minimum pins down); the certifying methods certify a minimum (or a
// degenerate second-order point where the minimum's Hessian is singular).
template <class F>
void escapes_to_the_minimum(const std::string& name, F& f, const Vector<double>& start, double f_star, double lr) {
  const double tolerance = 1e-6 * std::max(1.0, std::abs(f_star));
  const auto value_at = [&f](const Vector<double>& x) {
    Vector<double> g(x.size());
    return f(x, g);
  };
  // PGD and PAGD certify by their f_thres exit (no kind); the others by a Lanczos probe.
  const auto second_order = [](const saddle::Result<double>& r) {
    return r.status == Status::converged_second_order &&
           (!r.kind || r.kind == saddle::CriticalPointKind::minimum || r.kind == saddle::CriticalPointKind::degenerate);
  };
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const auto check = [&](const char* method, const saddle::Result<double>& r, const Vector<double>& x,
                           bool certifies) {
      INFO(name << ", " << method << ", seed " << seed << ": " << r.brief() << " " << r.message);
      if (certifies) {
        CHECK(second_order(r));
        CHECK(r.saddles_escaped >= 1);
      }
      CHECK(value_at(x) - f_star <= tolerance);
    };
    Vector<double> x = start;
    saddle::PerturbedGradientDescent<double> pgd(
        {.stop = {.gradient_tolerance = 0, .max_iterations = 200000}, .lr = lr, .seed = seed});
    check("PGD", pgd.minimize(f, x), x, true);
    x = start;
    saddle::PerturbedAcceleratedGradientDescent<double> pagd(
        {.stop = {.gradient_tolerance = 0, .max_iterations = 200000}, .lr = lr, .seed = seed});
    check("PAGD", pagd.minimize(f, x), x, true);
    x = start;
    // (Its gradient test is off, so it runs its whole budget: every one of the 120 runs here comes within
    // the tolerance of f* in under 200 steps, and 5000 leave it 25 times that. The budget was 50 000, 90 %
    // of this test's time and 140 s of the suite's under the sanitizers, spent kicking at the minimum.)
    auto heavy_ball = saddle::perturbed(saddle::SGD<double>({.lr = lr, .momentum = 0.9}), {.seed = seed});
    const auto kicked = saddle::minimize(f, x, heavy_ball, {.gradient_tolerance = 0, .max_iterations = 5000});
    check("perturbed(SGD with momentum)", kicked, x, false);
    CHECK(heavy_ball.perturbations() >= 1);
    x = start;
    saddle::NegativeCurvatureDescent<double> ncd(
        {.stop = {.gradient_tolerance = 1e-8, .max_iterations = 200000}, .lr = lr, .curvature = {.seed = seed}});
    check("NC descent", ncd.minimize(f, x), x, true);
    x = start;
    // (|g| <= 1e-7, as for L-BFGS: f ~ 1 here, and a line search or a ratio of actual to predicted decrease
    // cannot see the decrease a smaller gradient promises, |g|^2 / L, below f's rounding.)
    saddle::SaddleFreeNewton<double> sfn({.stop = {.gradient_tolerance = 1e-7}, .curvature = {.seed = seed}});
    check("SFN", sfn.minimize(f, x), x, true);
    x = start;
    saddle::CubicRegularization<double> arc({.stop = {.gradient_tolerance = 1e-7}, .curvature = {.seed = seed}});
    check("ARC", arc.minimize(f, x), x, true);
    x = start;
    auto guarded_lbfgs =
        saddle::guarded(saddle::LBFGS<double>({.stop = {.gradient_tolerance = 1e-7}}), {.curvature = {.seed = seed}});
    check("guarded(LBFGS)", guarded_lbfgs.minimize(f, x), x, true);
    x = start;
    auto guarded_adam = saddle::guarded(
        saddle::first_order(saddle::Adam<double>({.lr = 1e-3}), {.gradient_tolerance = 1e-5, .max_iterations = 100000}),
        {.curvature = {.seed = seed}});
    check("guarded(first_order(Adam))", guarded_adam.minimize(f, x), x, true);
  }
  // Unguarded, the same start is the end: the gradient is exactly 0, and nothing is certified.
  saddle::GradientDescent<double> gd({.lr = lr});
  saddle::Adam<double> adam({.lr = 1e-3});
  saddle::LBFGS<double> lbfgs({.stop = {.gradient_tolerance = 1e-9}});
  for (int which = 0; which < 3; ++which) {
    Vector<double> x = start;
    const auto r = which == 0   ? saddle::minimize(f, x, gd)
                   : which == 1 ? saddle::minimize(f, x, adam)
                                : lbfgs.minimize(f, x);
    INFO(name << ", unguarded method " << which << ": " << r.brief());
    CHECK(r.status == Status::converged_gradient);
    CHECK(r.iterations == 0);
    CHECK_FALSE(r.kind.has_value());
    CHECK(x == start);
  }
}

}  // namespace

TEST_CASE("the escape matrix: matrix factorization's saddles and a deep linear network's zero point") {
  // M with eigenvalues 3 - sqrt 2, 3, 3 + sqrt 2 and rank r = 2: five labelled saddles (the singletons
  // and the pairs other than the top two; the origin is a maximum, M being positive definite).
  saddle::Matrix<double> m(3, 3);
  m << 3, 1, 0, 1, 3, 1, 0, 1, 3;
  ls::MatrixFactorization<double> factorization(m, 2);
  const auto saddles = factorization.saddles();
  REQUIRE(saddles.size() == 5);
  const double f_star = factorization.minimum_value();
  CHECK(f_star == Approx(0.25 * (3 - std::sqrt(2.0)) * (3 - std::sqrt(2.0))).epsilon(1e-12));
  for (const auto& s : saddles) {
    std::ostringstream name;
    name << "matrix factorization from the saddle of index " << s.index << " at f = " << s.value;
    escapes_to_the_minimum(name.str(), factorization, s.point, f_star, 0.02);
  }
  // Two layers 3 -> 2 -> 3 and a full-rank teacher: the origin is a strict saddle of index
  // widths[1] rank(T) = 6; the best rank-2 fit leaves f* = sigma_3^2 / 2.
  saddle::Matrix<double> teacher(3, 3);
  teacher << 2.0, 0.5, 0.0, 0.0, 1.5, 0.3, 0.2, 0.0, 1.0;
  ls::DeepLinearNetwork<double> network({3, 2, 3}, teacher);
  const Vector<double> sigma = Eigen::JacobiSVD<saddle::Matrix<double>>(teacher).singularValues();
  CHECK(network.minimum_value() == Approx(0.5 * sigma[2] * sigma[2]).epsilon(1e-12));
  const auto zero = network.saddles();
  REQUIRE(zero.size() == 1);
  CHECK(zero[0].index == 6);
  CHECK(zero[0].point == Vector<double>::Zero(network.dimension()));
  escapes_to_the_minimum("deep linear network 3-2-3 from the origin", network, zero[0].point,
                         network.minimum_value(), 0.02);
}

TEST_CASE("the monkey saddle x^3 - 3xy^2: what every method does at a degenerate saddle") {
  // At the origin g = 0 and H = 0: no second-order information sees the way down (it is third order;
  // Anandkumar & Ge 2016). The curvature methods stop there with the degenerate verdict, never
  // `minimum`; noise needs no curvature, so the perturbed methods leave down a valley (f < 0).
  ls::MonkeySaddle<double> monkey;
  const Vector<double> origin = Vector<double>::Zero(2);
  const auto value_at = [&monkey](const Vector<double>& x) {
    Vector<double> g(2);
    return monkey(x, g);
  };
  const auto degenerate = [&](const char* method, const saddle::Result<double>& r, const Vector<double>& x) {
    INFO(method << ": " << r.brief() << " " << r.message);
    CHECK(r.status == Status::converged_second_order);
    CHECK(r.kind == saddle::CriticalPointKind::degenerate);
    REQUIRE(r.lambda_min.has_value());
    CHECK(std::abs(*r.lambda_min) <= 1e-12);
    CHECK(r.saddles_escaped == 0);
    CHECK(x == origin);
  };
  Vector<double> x = origin;
  saddle::NegativeCurvatureDescent<double> ncd;
  degenerate("NC descent", ncd.minimize(monkey, x), x);
  saddle::SaddleFreeNewton<double> sfn;
  degenerate("SFN", sfn.minimize(monkey, x), x);
  saddle::CubicRegularization<double> arc;
  degenerate("ARC", arc.minimize(monkey, x), x);
  auto guard = saddle::guarded(saddle::LBFGS<double>());
  degenerate("guarded(LBFGS)", guard.minimize(monkey, x), x);
  saddle::TrustRegionNewtonCG<double> tr;
  degenerate("trust region", tr.minimize(monkey, x), x);

  // Unguarded first-order methods and L-BFGS stop at once, certifying nothing.
  saddle::LBFGS<double> lbfgs;
  const auto stuck = lbfgs.minimize(monkey, x);
  CHECK(stuck.status == Status::converged_gradient);
  CHECK_FALSE(stuck.kind.has_value());
  CHECK(x == origin);

  // The perturbed methods. Noise needs no curvature, but leaving a third-order saddle is slow: from
  // radius r0 gradient descent's distance grows like r0 / (1 - 3 r0 lr t) (|g| = 3 r^2), so whether f
  // falls by f_thres within t_thres = 200 steps of a kick depends on the kick. Algorithm 2's exit then
  // either returns a point with f <= f(0) = 0 and |g| <= g_thres as second order — the monkey saddle *is*
  // an epsilon-second-order point in the paper's sense (g = 0, lambda_min = 0 >= -sqrt(rho epsilon)) — or
  // the run has left down a valley, where f falls without bound (until it overflows: non_finite, x the
  // last finite iterate). Both happen among 20 seeds. Without the exit (the 2021 variant, PAGD's paper
  // loop, the perturbed stepper) every run leaves.
  int certified = 0;
  int left = 0;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    INFO("seed " << seed);
    for (const bool certify : {true, false}) {
      Vector<double> p = origin;
      saddle::PerturbedGradientDescent<double> pgd(
          {.stop = {.gradient_tolerance = 0, .max_iterations = 20000}, .lr = 0.01, .certify = certify, .seed = seed});
      const auto r = pgd.minimize(monkey, p);
      INFO("PGD, certify = " << certify << ": " << r.brief() << " " << r.message);
      Vector<double> z = origin;
      saddle::PerturbedAcceleratedGradientDescent<double> pagd(
          {.stop = {.gradient_tolerance = 0, .max_iterations = 20000}, .lr = 0.01, .certify = certify, .seed = seed});
      const auto a = pagd.minimize(monkey, z);
      INFO("PAGD, certify = " << certify << ": " << a.brief() << " " << a.message);
      const auto certified_or_left = [&](const saddle::Result<double>& run, const Vector<double>& at) {
        if (run.status == Status::converged_second_order) {
          ++certified;
          return value_at(at) <= 0.0 && run.gradient_norm <= 1e-4;
        }
        ++left;
        return value_at(at) < -1.0;
      };
      if (certify) {
        CHECK(certified_or_left(r, p));
        CHECK(certified_or_left(a, z));
      } else {
        CHECK(r.status != Status::converged_second_order);
        CHECK(value_at(p) < -1.0);
        CHECK(a.status != Status::converged_second_order);
        CHECK(value_at(z) < -1.0);
      }
    }
    x = origin;
    auto sgd = saddle::perturbed(saddle::SGD<double>({.lr = 0.01}), {.seed = seed});
    (void)saddle::minimize(monkey, x, sgd, {.gradient_tolerance = 0, .max_iterations = 20000});
    CHECK(sgd.perturbations() >= 1);
    CHECK(value_at(x) < -1.0);
  }
  CHECK(certified > 0);
  CHECK(left > 0);
}

TEST_CASE("every escape method in float: Himmelblau's four saddles to a labelled minimum") {
  ls::Himmelblau<float> h;
  const auto near_a_minimum = [&h](const Vector<float>& x, float tolerance) {
    for (const auto& m : h.minima()) {
      if ((x - m.point).norm() <= tolerance) {
        return true;
      }
    }
    return false;
  };
  for (const auto& s : h.saddles()) {
    for (std::uint64_t seed = 0; seed < 5; ++seed) {
      const auto check = [&](const char* method, const saddle::Result<float>& r, const Vector<float>& x,
                             bool certifies, float tolerance) {
        INFO("float " << method << " from " << s.point.transpose() << ", seed " << seed << ": " << r.brief() << " "
                      << r.message);
        if (certifies) {  // PGD's certificate is its f_thres exit; the others' a Lanczos probe
          CHECK(r.status == Status::converged_second_order);
          CHECK((r.kind == saddle::CriticalPointKind::minimum || std::string(method) == "PGD"));
        }
        CHECK(r.saddles_escaped >= 1);
        CHECK(near_a_minimum(x, tolerance));
      };
      const saddle::CurvatureStepOptions curvature{.curvature_tolerance = 1e-3, .seed = seed};
      Vector<float> x = s.point;
      saddle::PerturbedGradientDescent<float> pgd(
          {.stop = {.gradient_tolerance = 0, .max_iterations = 20000}, .lr = 0.01, .function_threshold = 1e-5,
           .seed = seed});
      check("PGD", pgd.minimize(h, x), x, true, 1e-2f);
      x = s.point;
      saddle::PerturbedAcceleratedGradientDescent<float> pagd(
          {.stop = {.gradient_tolerance = 0, .max_iterations = 20000}, .lr = 0.01, .seed = seed});
      check("PAGD", pagd.minimize(h, x), x, false, 1e-2f);
      x = s.point;
      saddle::NegativeCurvatureDescent<float> ncd(
          {.stop = {.gradient_tolerance = 1e-3, .max_iterations = 100000}, .lr = 0.01, .curvature = curvature});
      check("NC descent", ncd.minimize(h, x), x, true, 1e-3f);
      x = s.point;
      saddle::SaddleFreeNewton<float> sfn({.stop = {.gradient_tolerance = 1e-3}, .curvature = curvature});
      check("SFN", sfn.minimize(h, x), x, true, 1e-3f);
      x = s.point;
      saddle::CubicRegularization<float> arc({.stop = {.gradient_tolerance = 1e-3}, .curvature = curvature});
      check("ARC", arc.minimize(h, x), x, true, 1e-3f);
      x = s.point;
      auto guard = saddle::guarded(saddle::LBFGS<float>({.stop = {.gradient_tolerance = 1e-3}}), {.curvature = curvature});
      check("guarded(LBFGS)", guard.minimize(h, x), x, true, 1e-3f);
    }
  }
}

TEST_CASE("no heap allocation per iteration in the escape methods, probes and Krylov steps included") {
  // The observer forbids Eigen allocations from iteration 1 on: each run below probes at iteration 0
  // (an exact saddle), then takes gradient or Krylov steps, and probes again at the minimum. (The
  // guard is an eigen_assert: it checks in the Debug/sanitizer build of the suite.)
  const auto forbid_after_the_first = [](const saddle::IterationInfo<double>& info) {
    Eigen::internal::set_is_malloc_allowed(info.iteration < 1);
  };
  Vector<double> lambda = Vector<double>::LinSpaced(200, 1.0, 5.0);
  lambda[0] = -2.0;
  ls::StrictSaddleQuartic<double> quartic(lambda);
  const Vector<double> origin = Vector<double>::Zero(200);
  const auto check = [&](const char* method, auto&& minimizer) {
    Vector<double> x = origin;
    const auto r = minimizer.minimize(quartic, x, forbid_after_the_first);
    Eigen::internal::set_is_malloc_allowed(true);
    INFO(method << ": " << r.brief() << " " << r.message);
    CHECK(r.status == Status::converged_second_order);
    CHECK(r.iterations > 1);
    CHECK(at_a_labelled_minimum(quartic, x, 1e-3));
  };
  check("NC descent", saddle::NegativeCurvatureDescent<double>({.stop = {.gradient_tolerance = 1e-8}, .lr = 0.05}));
  check("SFN", saddle::SaddleFreeNewton<double>({.stop = {.gradient_tolerance = 1e-8}, .krylov_dimension = 20}));
  check("ARC", saddle::CubicRegularization<double>({.stop = {.gradient_tolerance = 1e-8}, .krylov_dimension = 20}));
  check("PGD", saddle::PerturbedGradientDescent<double>({.lr = 0.05}));
  check("PAGD", saddle::PerturbedAcceleratedGradientDescent<double>({.lr = 0.05}));
}

TEST_CASE("a probe that runs out of products certifies nothing, and one that proves negative curvature stops") {
  // The origin of a quartic with Hessian diag(-1, 1 .. 1.0005 (999 times), then up to 1000): a strict
  // saddle whose negative eigenvalue a 10-product Lanczos run cannot see; its smallest Ritz value is
  // about 1 with a residual that bounds the distance to *some* eigenvalue, not to the smallest.
  const Index d = 2000;
  Vector<double> lambda(d);
  lambda[0] = -1.0;
  lambda.segment(1, 999) = Vector<double>::LinSpaced(999, 1.0, 1.0005);
  lambda.tail(d - 1000) = Vector<double>::LinSpaced(d - 1000, 2.0, 1000.0);
  ls::StrictSaddleQuartic<double> quartic(lambda);
  const Vector<double> origin = Vector<double>::Zero(d);
  const saddle::CurvatureStepOptions short_probe{.lanczos_iterations = 10};
  const auto inconclusive = [&](const char* method, const saddle::Result<double>& r, const Vector<double>& x) {
    INFO(method << ": " << r.brief() << " " << r.message);
    CHECK(r.status == Status::converged_gradient);  // first order only: never converged_second_order
    CHECK_FALSE(r.kind.has_value());
    CHECK_THAT(r.message, contains("could not bound lambda_min"));
    CHECK(x == origin);
  };
  Vector<double> x = origin;
  saddle::NegativeCurvatureDescent<double> ncd({.curvature = short_probe});
  inconclusive("NC descent", ncd.minimize(quartic, x), x);
  saddle::SaddleFreeNewton<double> sfn({.curvature = short_probe});
  inconclusive("SFN", sfn.minimize(quartic, x), x);
  saddle::CubicRegularization<double> arc({.curvature = short_probe});
  inconclusive("ARC", arc.minimize(quartic, x), x);
  auto guard = saddle::guarded(saddle::LBFGS<double>(), {.curvature = short_probe});
  inconclusive("guarded(LBFGS)", guard.minimize(quartic, x), x);
  saddle::TrustRegionNewtonCG<double> tr({.lanczos_iterations = 10});
  inconclusive("trust region", tr.minimize(quartic, x), x);
  // The diagnostics say the same: not a minimum.
  const auto point = saddle::classify_critical_point(quartic, origin, {.dense_dimension = 0, .lanczos_iterations = 10});
  CHECK(point.kind != saddle::CriticalPointKind::minimum);

  // With the default budget the probe proves lambda < -eps_H and stops there, well before its Ritz
  // value converges (to about 1e-6): fewer products than a run to convergence needs.
  auto product = [&quartic, &origin](const Vector<double>& v, Vector<double>& out) {
    quartic.hessian_vector_product(origin, v, out);
  };
  const auto proved = saddle::lanczos<double>(product, d, {.max_iterations = 500, .tolerance = 1e-6, .stop_below = -1e-6});
  const auto converged = saddle::lanczos<double>(product, d, {.max_iterations = 500, .tolerance = 1e-6});
  INFO("proved in " << proved.iterations << ", converged in " << converged.iterations);
  CHECK(proved.smallest() + proved.residuals[0] < -1e-6);
  CHECK(proved.iterations < converged.iterations);
  CHECK(converged.converged);
  CHECK(converged.smallest() == Approx(-1.0).epsilon(1e-8));
  x = origin;
  saddle::NegativeCurvatureDescent<double> ncd_default({.lr = 1e-3});
  const auto left = ncd_default.minimize(quartic, x, [](const saddle::IterationInfo<double>& info) {
    return info.iteration < 1 ? saddle::ObserverAction::proceed : saddle::ObserverAction::stop;  // after the escape
  });
  INFO(left.brief() << " " << left.message);
  CHECK(left.saddles_escaped == 1);
  CHECK(left.hvp_evaluations == proved.iterations);  // the same probe (seed 0), stopped at the proof
  // Kuczynski & Wozniakowski's bound by hand: k = 10, n = 100, failure 1e-3 give
  // delta = (ln(3.296 * 10 / 1e-3) / 19)^2 = 0.299788, the spread (1 - 0) / (1 - 2 delta) = 2.497352 and
  // lambda_min >= 0.5 - delta * spread = -0.248676 for Ritz values 0.5 .. 1.5; with k = 3, delta >= 1/2: none.
  const auto bound = saddle::detail::lanczos_lower_bound<double>(0.5, 1.5, 10, 100, 1e-3);
  REQUIRE(bound.has_value());
  CHECK(*bound == Approx(-0.248676074245).epsilon(1e-10));
  CHECK_FALSE(saddle::detail::lanczos_lower_bound<double>(0.5, 1.5, 3, 100, 1e-3).has_value());
  REQUIRE_THROWS_WITH(saddle::lanczos<double>(product, d, {.stop_below = std::numeric_limits<double>::quiet_NaN()}),
                      "saddle::LanczosOptions: stop_below = nan violates stop_below is not NaN");
}
