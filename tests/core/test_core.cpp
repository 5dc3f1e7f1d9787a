// Tests of the core contract: validation messages, Status/Result, minimize() and every way it
// stops, observers and History, the objective adapter, GradientDescent and check_gradient.
#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/catch.hpp"
#include "support/vectors.hpp"

#include <saddle/saddle.hpp>

using saddle::Status;
using saddle::Vector;
using saddle_test::Approx;
using saddle_test::contains;

namespace {

// f(x) = 1/2 x^2 in one dimension. Gradient descent with lr = 0.5 halves x each step, so every
// stopping point below is derived by hand: x_k = 0.5^k, g_k = 0.5^k, f_k = 0.5^(2k+1).
using saddle_test::half_square;

Vector<double> one() { return Vector<double>::Ones(1); }

saddle::GradientDescent<double> halving() { return saddle::GradientDescent<double>({.lr = 0.5}); }

}  // namespace

TEST_CASE("Status names and convergence classes") {
  CHECK(saddle::to_string(Status::converged_gradient) == "converged_gradient");
  CHECK(saddle::to_string(Status::converged_function) == "converged_function");
  CHECK(saddle::to_string(Status::converged_step) == "converged_step");
  CHECK(saddle::to_string(Status::max_iterations) == "max_iterations");
  CHECK(saddle::to_string(Status::max_evaluations) == "max_evaluations");
  CHECK(saddle::to_string(Status::time_limit) == "time_limit");
  CHECK(saddle::to_string(Status::stopped_by_observer) == "stopped_by_observer");
  CHECK(saddle::to_string(Status::non_finite) == "non_finite");
  CHECK(saddle::to_string(Status::line_search_failed) == "line_search_failed");
  CHECK(saddle::is_converged(Status::converged_step));
  CHECK_FALSE(saddle::is_converged(Status::max_iterations));
  CHECK_FALSE(saddle::is_converged(Status::non_finite));
}

TEST_CASE("validation messages name the field, the value and the rule") {
  REQUIRE_THROWS_WITH(saddle::GradientDescent<double>({.lr = -0.5}),
                      "saddle::SGDOptions: lr = -0.5 violates 0 <= lr < inf");
  REQUIRE_THROWS_WITH(saddle::GradientDescent<double>({.lr = std::numeric_limits<double>::infinity()}),
                      "saddle::SGDOptions: lr = inf violates 0 <= lr < inf");
  REQUIRE_THROWS_WITH(saddle::GradientDescent<double>({.lr = std::numeric_limits<double>::quiet_NaN()}),
                      "saddle::SGDOptions: lr = nan violates 0 <= lr < inf");
  // The shortest round-trip form of the value, as the user wrote it.
  REQUIRE_THROWS_WITH(saddle::GradientDescent<double>({.lr = -0.1}),
                      "saddle::SGDOptions: lr = -0.1 violates 0 <= lr < inf");

  auto message = [](const saddle::StoppingOptions& options) {
    try {
      options.validate();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  CHECK(message({.gradient_tolerance = -1}) ==
        "saddle::StoppingOptions: gradient_tolerance = -1 violates 0 <= gradient_tolerance < inf");
  CHECK(message({.function_tolerance = -1e-9}) ==
        "saddle::StoppingOptions: function_tolerance = -1e-09 violates 0 <= function_tolerance < inf");
  CHECK(message({.step_tolerance = std::numeric_limits<double>::quiet_NaN()}) ==
        "saddle::StoppingOptions: step_tolerance = nan violates 0 <= step_tolerance < inf");
  CHECK(message({.max_iterations = -3}) == "saddle::StoppingOptions: max_iterations = -3 violates max_iterations >= 0");
  CHECK(message({.max_evaluations = 0}) ==
        "saddle::StoppingOptions: max_evaluations = 0 violates max_evaluations >= 1");
  CHECK(message({.time_limit = 0}) == "saddle::StoppingOptions: time_limit = 0 violates time_limit > 0");
  CHECK(message({}) == "no exception");
  CHECK(message({.time_limit = std::numeric_limits<double>::infinity()}) == "no exception");

  REQUIRE_THROWS_WITH(saddle::History<double>({.every = 0}),
                      "saddle::HistoryOptions: every = 0 violates every >= 1");
  saddle::GradientCheckOptions check_options{.tolerance = -1.0};
  REQUIRE_THROWS_WITH(check_options.validate(),
                      "saddle::GradientCheckOptions: tolerance = -1 violates 0 <= tolerance < inf");
  check_options = {.step = 0.0};
  REQUIRE_THROWS_WITH(check_options.validate(), "saddle::GradientCheckOptions: step = 0 violates 0 < step < inf");
  check_options = {.worst_count = -1};
  REQUIRE_THROWS_WITH(check_options.validate(),
                      "saddle::GradientCheckOptions: worst_count = -1 violates worst_count >= 0");
}

TEST_CASE("interval rules describe themselves and reject NaN") {
  using namespace saddle::detail;
  CHECK(closed(0, 1).describe("beta") == "0 <= beta <= 1");
  CHECK(open(0, 1).describe("beta") == "0 < beta < 1");
  CHECK(closed_open(0, 1).describe("beta") == "0 <= beta < 1");
  CHECK(greater_than(0).describe("eps") == "eps > 0");
  CHECK(at_most(2).describe("x") == "x <= 2");
  CHECK(less_than(2).describe("x") == "x < 2");
  CHECK(equal_to(0).describe("dampening") == "dampening == 0");
  CHECK(finite().describe("x") == "-inf < x < inf");
  CHECK(closed(0, 1).holds(0.0));
  CHECK(closed(0, 1).holds(1.0));
  CHECK_FALSE(open(0, 1).holds(1.0));
  CHECK_FALSE(closed(0, 1).holds(std::nan("")));
  CHECK(greater_than(0).holds(std::numeric_limits<double>::infinity()));
  CHECK_FALSE(finite().holds(-std::numeric_limits<double>::infinity()));
  REQUIRE_THROWS_WITH(require("Demo", "momentum", 0.0, greater_than(0), "nesterov = true"),
                      "saddle::Demo: momentum = 0 violates momentum > 0 (required when nesterov = true)");
  REQUIRE_THROWS_WITH(require("Demo", "nesterov", true, equal_to(0)), "saddle::Demo: nesterov = true violates nesterov == 0");
}

TEST_CASE("GradientDescent steps x <- x - lr g and validates its input") {
  saddle::GradientDescent<double> gd({.lr = 0.25});
  Vector<double> x(3);
  x << 1.0, -2.0, 4.0;
  Vector<double> g(3);
  g << 4.0, 8.0, -2.0;
  gd.step(x, g);
  CHECK(x[0] == 0.0);
  CHECK(x[1] == -4.0);
  CHECK(x[2] == 4.5);
  CHECK(gd.steps() == 1);

  // A Map over a user's buffer is stepped in place.
  std::vector<float> buffer = {1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f};
  saddle::GradientDescent<float> gdf({.lr = 0.5});
  Eigen::Map<Vector<float>> mapped(buffer.data(), 8);
  Vector<float> gf = Vector<float>::Constant(8, 2.0f);
  gdf.step(mapped, gf);
  CHECK(buffer == std::vector<float>(8, 0.0f));

  Vector<double> short_g = Vector<double>::Ones(2);
  REQUIRE_THROWS_WITH(gd.step(x, short_g), "saddle::SGD::step: x has size 3 but g has size 2");
  CHECK(x[2] == 4.5);  // untouched

  REQUIRE_THROWS_WITH(gd.set_lr(-1.0), "saddle::SGDOptions: lr = -1 violates 0 <= lr < inf");
  CHECK(gd.lr() == 0.25);  // the rejected value did not stick
  gd.set_lr(0.125);
  CHECK(gd.lr() == 0.125);
  gd.reset();
  CHECK(gd.steps() == 0);
  CHECK(saddle::GradientDescent<double>().lr() == 1e-3);  // documented default (torch.optim.SGD's)
}

TEST_CASE("minimize: converged_gradient at the hand-derived iteration") {
  Vector<double> x = one();
  const auto result = saddle::minimize(half_square, x, halving(), {.gradient_tolerance = 1e-6});
  REQUIRE(result.status == Status::converged_gradient);
  // |g_k| = 0.5^k <= 1e-6 first at k = 20 (0.5^19 = 1.9e-6, 0.5^20 = 9.5e-7).
  CHECK(result.iterations == 20);
  CHECK(result.function_evaluations == 21);
  CHECK(result.gradient_evaluations == 21);
  CHECK(result.hvp_evaluations == 0);
  CHECK(x[0] == std::ldexp(1.0, -20));
  CHECK(result.value == std::ldexp(1.0, -41));
  CHECK(result.gradient_norm == std::ldexp(1.0, -20));
  CHECK(result.converged());
  CHECK_THAT(result.message, contains("gradient_tolerance = 1e-06"));
  CHECK_THAT(result.message, contains("may be a saddle"));
  CHECK_THAT(result.brief(), contains("converged_gradient after 20 iterations"));
  CHECK(result.seconds >= 0.0);
}

TEST_CASE("minimize: converged_function when the relative decrease is small") {
  Vector<double> x = one();
  // f_{k-1} - f_k = 0.375 * 0.25^(k-1) <= 1e-3 (scale 1) first at k = 6.
  const auto result =
      saddle::minimize(half_square, x, halving(), {.gradient_tolerance = 0, .function_tolerance = 1e-3});
  REQUIRE(result.status == Status::converged_function);
  CHECK(result.iterations == 6);
  CHECK(x[0] == std::ldexp(1.0, -6));
}

TEST_CASE("minimize: converged_step when the step is small") {
  Vector<double> x = one();
  // |x_k - x_{k-1}| = 0.5^k <= 0.01 (0.5^k + 0.01) iff 0.5^k <= 1.0101e-4: first at k = 14.
  const auto result = saddle::minimize(half_square, x, halving(), {.gradient_tolerance = 0, .step_tolerance = 1e-2});
  REQUIRE(result.status == Status::converged_step);
  CHECK(result.iterations == 14);
  CHECK(x[0] == std::ldexp(1.0, -14));
}

TEST_CASE("minimize: max_iterations and max_evaluations budgets") {
  Vector<double> x = one();
  auto result = saddle::minimize(half_square, x, halving(), {.max_iterations = 3});
  REQUIRE(result.status == Status::max_iterations);
  CHECK(result.iterations == 3);
  CHECK(x[0] == 0.125);
  CHECK(result.value == 0.5 * 0.125 * 0.125);
  CHECK_THAT(result.message, contains("max_iterations = 3"));

  x = one();
  result = saddle::minimize(half_square, x, halving(), {.max_evaluations = 4});
  REQUIRE(result.status == Status::max_evaluations);
  CHECK(result.function_evaluations == 4);
  CHECK(result.iterations == 3);
  CHECK(x[0] == 0.125);

  x = one();
  result = saddle::minimize(half_square, x, halving(), {.max_iterations = 0});
  REQUIRE(result.status == Status::max_iterations);
  CHECK(result.iterations == 0);
  CHECK(result.function_evaluations == 1);
  CHECK(x[0] == 1.0);
}

TEST_CASE("minimize: time_limit") {
  auto slow = [](const Vector<double>& x, Vector<double>& g) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(2);
    while (std::chrono::steady_clock::now() < until) {
    }
    return half_square(x, g);
  };
  Vector<double> x = one();
  const auto result = saddle::minimize(slow, x, halving(), {.gradient_tolerance = 0, .time_limit = 5e-3});
  REQUIRE(result.status == Status::time_limit);
  // Each evaluation takes >= 2 ms: the limit is seen after 3 evaluations at the latest (sooner
  // on a loaded machine, where one evaluation may already take 5 ms of wall clock).
  CHECK(result.iterations <= 2);
  CHECK(result.seconds >= 5e-3);
  CHECK(x[0] == std::ldexp(1.0, -static_cast<int>(result.iterations)));
}

TEST_CASE("minimize: an observer stops the run and History records it") {
  saddle::History<double> history({.record_x = true});
  int calls = 0;
  auto stop_at_two = [&calls](const saddle::IterationInfo<double>& info) {
    ++calls;
    return info.iteration == 2 ? saddle::ObserverAction::stop : saddle::ObserverAction::proceed;
  };
  auto silent = [](const saddle::IterationInfo<double>&) {};
  Vector<double> x = one();
  const auto result = saddle::minimize(half_square, x, halving(), {}, history, stop_at_two, silent);
  REQUIRE(result.status == Status::stopped_by_observer);
  CHECK(result.iterations == 2);
  CHECK(x[0] == 0.25);
  CHECK(calls == 3);
  CHECK_THAT(result.message, contains("observer 1 asked to stop at iteration 2"));
  REQUIRE(history.size() == 3);
  CHECK(history.values()[0] == 0.5);
  CHECK(history.values()[1] == 0.125);
  CHECK(history.values()[2] == 0.5 * 0.0625);
  CHECK(history.gradient_norms()[1] == 0.5);
  CHECK(history.learning_rates()[2] == 0.5);
  CHECK(history.iterates()[1][0] == 0.5);
  std::ostringstream csv;
  history.write_csv(csv);
  CHECK(csv.str().rfind("iteration,value,gradient_norm,lr,step_length,damping,radius,x0\n0,0.5,1,0.5,nan,nan,nan,1\n", 0) == 0);

  saddle::History<double> sparse({.every = 5});
  x = one();
  (void)saddle::minimize(half_square, x, halving(), {.max_iterations = 12}, sparse);
  REQUIRE(sparse.iterations() == std::vector<std::int64_t>{0, 5, 10});
  CHECK(sparse.iterates().empty());
}

TEST_CASE("minimize: a non-finite value at the start leaves x unchanged") {
  auto nan_everywhere = [](const Vector<double>& x, Vector<double>& g) {
    g = x;
    return std::numeric_limits<double>::quiet_NaN();
  };
  Vector<double> x = one();
  const auto result = saddle::minimize(nan_everywhere, x, halving());
  REQUIRE(result.status == Status::non_finite);
  CHECK(result.iterations == 0);
  CHECK(x[0] == 1.0);
  CHECK_THAT(result.message, contains("f = nan at the start point"));
}

TEST_CASE("minimize: a non-finite gradient restores the last finite iterate") {
  int evaluations = 0;
  auto breaks_at_fourth = [&evaluations](const Vector<double>& x, Vector<double>& g) {
    ++evaluations;
    g = x;
    if (evaluations == 4) {  // the evaluation at x_3
      g[1] = std::numeric_limits<double>::infinity();
    }
    return 0.5 * x.squaredNorm();
  };
  Vector<double> x = Vector<double>::Ones(2);
  const auto result = saddle::minimize(breaks_at_fourth, x, halving());
  REQUIRE(result.status == Status::non_finite);
  CHECK(result.iterations == 2);
  CHECK(x[0] == 0.25);
  CHECK(x[1] == 0.25);
  CHECK(result.value == 0.0625);                       // f(x_2) = 1/2 * 2 * 0.25^2
  CHECK(result.gradient_norm == std::sqrt(2.0) * 0.25);  // |g(x_2)|
  CHECK_THAT(result.message, contains("gradient[1] = inf at iteration 3; x restored to iteration 2"));
}

TEST_CASE("minimize: a step that overflows x is undone") {
  auto steep = [](const Vector<double>& x, Vector<double>& g) {
    g = 1e300 * x;
    return 0.5e300 * x.squaredNorm();
  };
  Vector<double> x = one();
  saddle::GradientDescent<double> gd({.lr = 1e10});
  const auto result = saddle::minimize(steep, x, gd);
  REQUIRE(result.status == Status::non_finite);
  CHECK(result.iterations == 0);
  CHECK(x[0] == 1.0);
  CHECK_THAT(result.message, contains("made x[0] = -inf"));
}

TEST_CASE("minimize: a gradient of the wrong size is named, and x kept") {
  int evaluations = 0;
  auto resizes = [&evaluations](const Vector<double>& x, Vector<double>& g) {
    g = x;
    if (++evaluations == 2) {
      g.resize(3);
      g.setZero();
    }
    return 0.5 * x.squaredNorm();
  };
  Vector<double> x = Vector<double>::Ones(2);
  REQUIRE_THROWS_WITH(saddle::minimize(resizes, x, halving()),
                      "saddle: the objective wrote a gradient of size 3, expected 2 (the size of x)");
  CHECK(x[0] == 1.0);  // the step that led to the bad evaluation is undone
  CHECK(x[1] == 1.0);
  REQUIRE_THROWS_AS(saddle::minimize(half_square, x, halving(), {.max_iterations = -1}), std::invalid_argument);
}

TEST_CASE("make_objective adapts separate value and gradient functions") {
  auto objective = saddle::make_objective(
      [](const Vector<double>& x) { return (x.array() - 2.0).square().sum(); },
      [](const Vector<double>& x, Vector<double>& g) { g = 2.0 * (x.array() - 2.0).matrix(); });
  static_assert(saddle::Objective<decltype(objective), double>);
  static_assert(!saddle::HessianVectorObjective<decltype(objective), double>);
  Vector<double> x = Vector<double>::Zero(3);
  const auto result = saddle::minimize(objective, x, saddle::GradientDescent<double>({.lr = 0.25}),
                                       {.gradient_tolerance = 1e-12});
  REQUIRE(result.status == Status::converged_gradient);
  CHECK(x.isApprox(Vector<double>::Constant(3, 2.0), 1e-12));

  auto with_hvp = saddle::make_objective(
      [](const Vector<double>& x) { return x.squaredNorm(); },
      [](const Vector<double>& x, Vector<double>& g) { g = 2.0 * x; },
      [](const Vector<double>&, const Vector<double>& v, Vector<double>& hv) { hv = 2.0 * v; });
  static_assert(saddle::HessianVectorObjective<decltype(with_hvp), double>);
  Vector<double> v = Vector<double>::Ones(3);
  Vector<double> hv;
  with_hvp.hessian_vector_product(x, v, hv);
  CHECK(hv == Vector<double>::Constant(3, 2.0));
}

TEST_CASE("minimize works in float") {
  auto f = [](const Vector<float>& x, Vector<float>& g) {
    g = x;
    return 0.5f * x.squaredNorm();
  };
  Vector<float> x = Vector<float>::Ones(4);
  saddle::GradientDescent<float> gd({.lr = 0.5});
  const auto result = saddle::minimize(f, x, gd, {.gradient_tolerance = 1e-6});
  REQUIRE(result.status == Status::converged_gradient);
  CHECK(result.iterations == 21);  // |g_k| = 2 * 0.5^k <= 1e-6 first at k = 21
}

TEST_CASE("check_gradient passes a correct gradient and names the wrong coordinate") {
  // f = sum_i (i+1) x_i^3, gradient 3 (i+1) x_i^2.
  auto correct = [](const Vector<double>& x, Vector<double>& g) {
    double f = 0;
    for (saddle::Index i = 0; i < x.size(); ++i) {
      f += static_cast<double>(i + 1) * x[i] * x[i] * x[i];
      g[i] = 3.0 * static_cast<double>(i + 1) * x[i] * x[i];
    }
    return f;
  };
  auto wrong = [&correct](const Vector<double>& x, Vector<double>& g) {
    const double f = correct(x, g);
    g[2] *= 1.01;  // a 1% error in one coordinate
    return f;
  };
  Vector<double> x(4);
  x << 0.5, -1.5, 2.0, 3.0;
  const auto ok = saddle::check_gradient(correct, x);
  CHECK(ok.passed);
  CHECK(ok.checked == 4);
  CHECK(ok.failed == 0);
  CHECK(ok.max_error < 1e-8);
  CHECK(ok.function_evaluations == 9);

  const auto bad = saddle::check_gradient(wrong, x);
  CHECK_FALSE(bad.passed);
  CHECK(bad.failed == 1);
  REQUIRE(!bad.worst.empty());
  CHECK(bad.worst.front().index == 2);
  CHECK(bad.worst.front().analytic == Approx(36.36).epsilon(1e-12));
  CHECK(bad.worst.front().numeric == Approx(36.0).epsilon(1e-8));
  CHECK(bad.worst.front().error == Approx(0.36 / 36.36).epsilon(1e-6));
  CHECK_THAT(bad.brief(), contains("gradient check failed: 1 of 4 coordinates"));
  CHECK_THAT(bad.brief(), contains("worst: [2]"));

  const auto subset = saddle::check_gradient(wrong, x, {.worst_count = 1, .coordinates = {0, 1}});
  CHECK(subset.passed);
  CHECK(subset.checked == 2);
  CHECK(subset.worst.size() == 1);
  REQUIRE_THROWS_WITH(saddle::check_gradient(correct, x, {.coordinates = {4}}),
                      "saddle::GradientCheckOptions: coordinates contains 4, outside [0, 4) for x of size 4");

  // Float objectives are checked with float's looser default tolerance.
  auto cube_float = [](const Vector<float>& y, Vector<float>& g) {
    g = 3.0f * y.array().square().matrix();
    return y.array().cube().sum();
  };
  Vector<float> y = Vector<float>::Constant(3, 1.5f);
  const auto float_check = saddle::check_gradient(cube_float, y);
  CHECK(float_check.passed);
  CHECK(float_check.tolerance == 1e-2);
}
