// Tests of the one minimizer contract: every method of the library, held the same way by one
// generic function; first_order(); the Minimizer concept; what every minimizer does with an empty
// x, a gradient the objective did not fully write, and gradient_tolerance = 0.
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>

#include "support/catch.hpp"

#include <saddle/saddle.hpp>

using saddle::Status;
using saddle::Vector;
using saddle_test::contains;
namespace ls = saddle::landscapes;

namespace {

// f(x) = 1/2 sum_i lambda_i x_i^2 with lambda = 1, 2, ..., 10: the minimum is x* = 0, and since
// lambda_min = 1, |x - x*| <= |g| at any x — the bound the generic check holds every method to.
ls::Quadratic<double> bowl() { return ls::Quadratic<double>(Vector<double>::LinSpaced(10, 1.0, 10.0)); }

// The one generic function: knows nothing of the method but that it is a Minimizer.
template <class M>
void solves_the_bowl(M method, const std::string& name) {
  static_assert(saddle::Minimizer<M, double>);
  INFO(name);
  auto f = bowl();
  Vector<double> x = f.start_point();
  saddle::History<double> history;
  const saddle::Result<double> result = saddle::minimize(f, x, method, history);
  INFO(result.brief() << ": " << result.message);
  const double tolerance = method.options().stop.gradient_tolerance;
  REQUIRE(saddle::is_converged(result.status));
  REQUIRE((result.status == Status::converged_gradient || result.status == Status::converged_second_order));
  CHECK(result.gradient_norm <= tolerance);
  CHECK(x.norm() <= tolerance * (1 + 1e-9));  // |x - x*| <= |g| / lambda_min
  Vector<double> g;
  CHECK(f(x, g) == result.value);  // the Result describes the returned x
  CHECK(g.norm() == result.gradient_norm);
  CHECK(result.function_evaluations >= result.iterations);
  CHECK(result.gradient_evaluations >= result.iterations);
  CHECK(history.size() == static_cast<std::size_t>(result.iterations) + 1);
  CHECK(result.saddles_escaped == 0);  // a convex bowl has no saddle
  if (result.kind) {  // a method that certifies must certify a minimum with lambda_min = 1
    CHECK(*result.kind == saddle::CriticalPointKind::minimum);
    CHECK(*result.lambda_min == saddle_test::Approx(1.0).epsilon(1e-5));
  }
  // Running the same object again from the same start does the same (no state carried over).
  Vector<double> again = f.start_point();
  const auto second = saddle::minimize(f, again, method);
  CHECK(second.iterations == result.iterations);
  CHECK(again == x);
}

}  // namespace

TEST_CASE("one generic function runs every method of the library") {
  const saddle::StoppingOptions stop{.gradient_tolerance = 1e-6, .max_iterations = 20000};
  solves_the_bowl(saddle::LBFGS<double>({.stop = stop}), "LBFGS (More-Thuente)");
  solves_the_bowl(saddle::LBFGS<double, saddle::Armijo>({.stop = stop, .memory = 3}, saddle::Armijo({.c1 = 1e-3})),
                  "LBFGS (Armijo)");
  solves_the_bowl(saddle::NewtonCG<double>({.stop = stop}), "NewtonCG");
  solves_the_bowl(saddle::TrustRegionNewtonCG<double>({.stop = stop}), "TrustRegionNewtonCG");
  solves_the_bowl(saddle::first_order(saddle::SGD<double>({.lr = 0.1}), stop), "SGD");
  solves_the_bowl(saddle::first_order(saddle::SGD<double>({.lr = 0.05, .momentum = 0.9, .nesterov = true}), stop),
                  "SGD Nesterov");
  solves_the_bowl(saddle::first_order(saddle::RMSprop<double>({.lr = 1e-3}), {.gradient_tolerance = 1e-4,
                                                                              .max_iterations = 50000}),
                  "RMSprop");
  solves_the_bowl(saddle::first_order(saddle::Adam<double>({.lr = 1e-2}), {.gradient_tolerance = 1e-4,
                                                                          .max_iterations = 50000}),
                  "Adam");
  solves_the_bowl(saddle::first_order(saddle::AdamW<double>({.lr = 1e-2, .weight_decay = 0.0}),
                                      {.gradient_tolerance = 1e-4, .max_iterations = 50000}),
                  "AdamW");
  solves_the_bowl(
      saddle::first_order(saddle::chain(saddle::ClipGradNorm<double>({.max_norm = 1.0}), saddle::SGD<double>({.lr = 0.1})),
                          stop),
      "chain(ClipGradNorm, SGD)");
  solves_the_bowl(saddle::first_order(saddle::scheduled(saddle::SGD<double>({.lr = 0.15}),
                                                        saddle::StepLR{.step_size = 50, .gamma = 0.5}),
                                      stop),
                  "scheduled(SGD, StepLR)");
  solves_the_bowl(saddle::first_order(saddle::perturbed(saddle::SGD<double>({.lr = 0.1})), stop), "perturbed(SGD)");
  solves_the_bowl(saddle::PerturbedGradientDescent<double>({.stop = stop, .lr = 0.1}), "PerturbedGradientDescent");
  solves_the_bowl(saddle::PerturbedAcceleratedGradientDescent<double>({.stop = stop, .lr = 0.05}),
                  "PerturbedAcceleratedGradientDescent");
  solves_the_bowl(saddle::guarded(saddle::LBFGS<double>({.stop = stop})), "guarded(LBFGS)");
  solves_the_bowl(saddle::NegativeCurvatureDescent<double>({.stop = stop, .lr = 0.1}), "NegativeCurvatureDescent");
  solves_the_bowl(saddle::SaddleFreeNewton<double>({.stop = stop}), "SaddleFreeNewton");
  solves_the_bowl(saddle::CubicRegularization<double>({.stop = stop}), "CubicRegularization");
  solves_the_bowl(saddle::guarded(saddle::first_order(saddle::Adam<double>({.lr = 1e-2}),
                                                      {.gradient_tolerance = 1e-4, .max_iterations = 50000})),
                  "guarded(first_order(Adam))");
}

TEST_CASE("Minimizer: the concept, first_order and the two minimize overloads") {
  STATIC_REQUIRE(saddle::Minimizer<saddle::LBFGS<double>, double>);
  STATIC_REQUIRE(saddle::Minimizer<saddle::NewtonCG<float>, float>);
  STATIC_REQUIRE(saddle::Minimizer<saddle::TrustRegionNewtonCG<double>, double>);
  STATIC_REQUIRE(saddle::Minimizer<saddle::FirstOrder<saddle::Adam<double>>, double>);
  STATIC_REQUIRE_FALSE(saddle::Minimizer<saddle::Adam<double>, double>);       // a stepper is not one
  STATIC_REQUIRE_FALSE(saddle::Minimizer<saddle::LBFGS<double>, float>);       // scalar types must agree

  // first_order starts every run from the stepper as given; the stepper overload continues.
  auto f = bowl();
  auto adam = saddle::first_order(saddle::Adam<double>({.lr = 0.01}), {.gradient_tolerance = 0, .max_iterations = 5});
  Vector<double> x = f.start_point();
  const auto first = adam.minimize(f, x);
  CHECK(first.status == Status::max_iterations);
  CHECK(adam.last_stepper().steps() == 5);
  CHECK(adam.stepper().steps() == 0);  // the prototype is untouched
  Vector<double> y = f.start_point();
  saddle::Adam<double> bare({.lr = 0.01});
  (void)saddle::minimize(f, y, bare, {.gradient_tolerance = 0, .max_iterations = 5});
  CHECK(y == x);  // the same 5 steps, bit for bit
  (void)saddle::minimize(f, y, bare, {.gradient_tolerance = 0, .max_iterations = 5});
  CHECK(bare.steps() == 10);  // continued
  x = f.start_point();
  (void)adam.minimize(f, x);
  CHECK(adam.last_stepper().steps() == 5);  // started afresh
  REQUIRE_THROWS_WITH(saddle::first_order(saddle::SGD<double>(), {.max_iterations = -1}),
                      "saddle::StoppingOptions: max_iterations = -1 violates max_iterations >= 0");
}

TEST_CASE("every minimizer: an empty x is a clear std::invalid_argument") {
  auto f = [](const Vector<double>& x, Vector<double>& g) {
    g = x;
    return 0.5 * x.squaredNorm();
  };
  Vector<double> empty;
  const auto rejects = [&](auto method, const std::string& name) {
    INFO(name);
    Vector<double> x = empty;
    REQUIRE_THROWS_AS(saddle::minimize(f, x, method), std::invalid_argument);
    REQUIRE_THROWS_WITH(saddle::minimize(f, x, method), contains("x is empty (size 0)"));
  };
  rejects(saddle::LBFGS<double>(), "LBFGS");
  rejects(saddle::NewtonCG<double>(), "NewtonCG");
  rejects(saddle::TrustRegionNewtonCG<double>(), "TrustRegionNewtonCG");
  rejects(saddle::first_order(saddle::SGD<double>()), "first_order");
  Vector<double> x;
  saddle::SGD<double> sgd;
  REQUIRE_THROWS_WITH(saddle::minimize(f, x, sgd), "saddle::minimize::minimize: x is empty (size 0); a problem "
                                                    "needs at least one variable");
}

TEST_CASE("every minimizer: a gradient entry the objective did not write ends the run as non_finite") {
  // A size bug in user code: the gradient's last entry is never written. Buffers start as NaN, so
  // the run stops at the start point naming the entry, instead of driving x with stale memory.
  auto forgetful = [](const Vector<double>& x, Vector<double>& g) {
    g.head(x.size() - 1) = x.head(x.size() - 1);
    return 0.5 * x.squaredNorm();
  };
  const auto names_the_entry = [&](auto method, const std::string& name) {
    INFO(name);
    Vector<double> x = Vector<double>::Ones(3);
    const auto result = saddle::minimize(forgetful, x, method);
    REQUIRE(result.status == Status::non_finite);
    CHECK_THAT(result.message, contains("gradient[2] = nan"));
    CHECK_THAT(result.message, contains("did the objective write every entry?"));
    CHECK(x == Vector<double>::Ones(3));
  };
  names_the_entry(saddle::LBFGS<double>(), "LBFGS");
  names_the_entry(saddle::NewtonCG<double>(), "NewtonCG");
  names_the_entry(saddle::TrustRegionNewtonCG<double>(), "TrustRegionNewtonCG");
  names_the_entry(saddle::first_order(saddle::SGD<double>()), "first_order");
}

TEST_CASE("gradient_tolerance = 0 is off: a noisy stepper leaves an exact critical point") {
  // x^2 - y^2 at its saddle (0, 0): g = 0 exactly. With the test on, every method stops at once;
  // with 0 (off), gradient noise moves x and the run spends its budget.
  ls::Quadratic<double> saddle_xy(Vector<double>::LinSpaced(2, 1.0, -1.0));
  Vector<double> x = Vector<double>::Zero(2);
  auto noisy = saddle::chain(saddle::GradientNoise<double>({.eta = 0.01, .seed = 7}), saddle::SGD<double>({.lr = 0.1}));
  const auto stopped = saddle::minimize(saddle_xy, x, noisy, {.gradient_tolerance = 1e-12});
  CHECK(stopped.status == Status::converged_gradient);
  CHECK(stopped.iterations == 0);
  const auto moved = saddle::minimize(saddle_xy, x, noisy, {.gradient_tolerance = 0, .max_iterations = 100});
  CHECK(moved.status == Status::max_iterations);
  CHECK(moved.iterations == 100);
  CHECK(std::abs(x[1]) > 1e-3);  // pushed off the ridge and growing along -y^2
}
