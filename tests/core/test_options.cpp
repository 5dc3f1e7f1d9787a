// Every option of every options struct (and every validated constructor or function argument), one
// table per struct: each row sets one field just outside the range its comment documents (and to
// NaN, and to +inf where that is outside), and the exact message of validate() and of the class or
// function that owns the options is checked; the values at the ends the range admits must pass.
// Fields that validate() does not check, or checks against another range than documented, are left
// out with the comment "not validated yet: see docs/errors.md, "Known gaps"".
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "support/catch.hpp"
#include "support/vectors.hpp"

#include <saddle/core/gradient_check.hpp>
#include <saddle/core/minimize.hpp>
#include <saddle/core/observer.hpp>
#include <saddle/core/stopping.hpp>
#include <saddle/diagnostics/count_negative_eigenvalues.hpp>
#include <saddle/diagnostics/critical_point.hpp>
#include <saddle/diagnostics/hutchinson_trace.hpp>
#include <saddle/diagnostics/hvp_check.hpp>
#include <saddle/diagnostics/locate_critical_point.hpp>
#include <saddle/diagnostics/plateau_monitor.hpp>
#include <saddle/diagnostics/power_iteration.hpp>
#include <saddle/diagnostics/slices.hpp>
#include <saddle/diagnostics/spectral_density.hpp>
#include <saddle/diagnostics/top_eigenvalues.hpp>
#include <saddle/escape/cubic_regularization.hpp>
#include <saddle/escape/negative_curvature_descent.hpp>
#include <saddle/escape/perturbed.hpp>
#include <saddle/escape/perturbed_accelerated_gradient_descent.hpp>
#include <saddle/escape/perturbed_gradient_descent.hpp>
#include <saddle/escape/saddle_free_newton.hpp>
#include <saddle/escape/saddle_guard.hpp>
#include <saddle/first_order/adam.hpp>
#include <saddle/first_order/adamw.hpp>
#include <saddle/first_order/rmsprop.hpp>
#include <saddle/first_order/sgd.hpp>
#include <saddle/landscapes/deep_linear_network.hpp>
#include <saddle/landscapes/extended_powell_singular.hpp>
#include <saddle/landscapes/householder.hpp>
#include <saddle/landscapes/matrix_factorization.hpp>
#include <saddle/landscapes/orthogonal_quartic.hpp>
#include <saddle/landscapes/quadratic.hpp>
#include <saddle/landscapes/rosenbrock.hpp>
#include <saddle/landscapes/scalar_deep_linear.hpp>
#include <saddle/landscapes/strict_saddle_quartic.hpp>
#include <saddle/landscapes/styblinski_tang.hpp>
#include <saddle/recipes.hpp>
#include <saddle/schedules/basic.hpp>
#include <saddle/schedules/compose.hpp>
#include <saddle/schedules/cosine.hpp>
#include <saddle/schedules/one_cycle.hpp>
#include <saddle/schedules/plateau.hpp>
#include <saddle/schedules/scheduled.hpp>
#include <saddle/second_order/armijo.hpp>
#include <saddle/second_order/lanczos.hpp>
#include <saddle/second_order/lbfgs.hpp>
#include <saddle/second_order/more_thuente.hpp>
#include <saddle/second_order/newton_cg.hpp>
#include <saddle/second_order/truncated_cg.hpp>
#include <saddle/second_order/trust_region.hpp>
#include <saddle/transforms/clip.hpp>
#include <saddle/transforms/noise.hpp>

using saddle::Index;
using saddle::Matrix;
using saddle::Vector;
namespace ls = saddle::landscapes;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double tiny = std::numeric_limits<double>::denorm_min();  // prints as 5e-324

// A row that must be rejected: `field` as the message names it, `set` puts the bad value into a
// valid base, `message` is the complete text of the std::invalid_argument.
template <class Options>
struct Rejected {
  std::string field;
  void (*set)(Options&);  // a plain function: a std::function per row cost a minute of compile time
  std::string message;
};

// A row at an end of the documented range (or another admitted value) that must pass.
template <class Options>
struct Accepted {
  std::string what;
  void (*set)(Options&);
};

// REJECT(field, value, message): the row "o.field = value must throw message".
#define REJECT(field, value, message)                 \
  {                                                   \
#field, [](auto& o) { o.field = value; }, message \
  }
// ACCEPT(field, value): the row "o.field = value must pass".
#define ACCEPT(field, value)                              \
  {                                                       \
#field " = " #value, [](auto& o) { o.field = value; } \
  }

// Checks each row on o.validate() and on `construct(o)`, the class or function that owns the options.
template <class Options, class Construct>
void check_options(const Options& base, const std::vector<Rejected<Options>>& rejected,
                   const std::vector<Accepted<Options>>& accepted, Construct construct) {
  CHECK_NOTHROW(base.validate());
  CHECK_NOTHROW(construct(base));
  for (const auto& row : rejected) {
    Options o = base;
    row.set(o);
    INFO("rejected " << row.field << ": " << row.message);
    CHECK_THROWS_WITH(o.validate(), row.message);
    CHECK_THROWS_AS(o.validate(), std::invalid_argument);
    CHECK_THROWS_WITH(construct(o), row.message);
    CHECK_THROWS_AS(construct(o), std::invalid_argument);
  }
  for (const auto& row : accepted) {
    Options o = base;
    row.set(o);
    INFO("accepted " << row.what);
    CHECK_NOTHROW(o.validate());
    CHECK_NOTHROW(construct(o));
  }
}

// The same for a parameter set with no validate() of its own (constructor or function arguments,
// options validated only by their owner): `call(args)` is the owner.
template <class Arguments, class Call>
void check_arguments(const Arguments& base, const std::vector<Rejected<Arguments>>& rejected,
                     const std::vector<Accepted<Arguments>>& accepted, Call call) {
  CHECK_NOTHROW(call(base));
  for (const auto& row : rejected) {
    Arguments a = base;
    row.set(a);
    INFO("rejected " << row.field << ": " << row.message);
    CHECK_THROWS_WITH(call(a), row.message);
    CHECK_THROWS_AS(call(a), std::invalid_argument);
  }
  for (const auto& row : accepted) {
    Arguments a = base;
    row.set(a);
    INFO("accepted " << row.what);
    CHECK_NOTHROW(call(a));
  }
}

using saddle_test::vec;

using saddle_test::half_square;

// H = I: the operator of the spectral diagnostics.
void identity(const Vector<double>& v, Vector<double>& hv) { hv = v; }

// f = (x0^2 - 2 x1^2) / 2: a strict saddle at 0, with an analytic Hessian-vector product.
ls::Quadratic<double> saddle_2d() { return ls::Quadratic<double>(vec({1.0, -2.0})); }

saddle::SGD<double> sgd() { return saddle::SGD<double>({.lr = 0.1}); }

// The StoppingOptions rows every method that embeds `stop` must pass on (one per field kind).
template <class Options>
std::vector<Rejected<Options>> stop_rows() {
  return {
      REJECT(stop.gradient_tolerance, -tiny,
             "saddle::StoppingOptions: gradient_tolerance = -5e-324 violates 0 <= gradient_tolerance < inf"),
      REJECT(stop.max_evaluations, 0, "saddle::StoppingOptions: max_evaluations = 0 violates max_evaluations >= 1"),
      REJECT(stop.time_limit, NaN, "saddle::StoppingOptions: time_limit = nan violates time_limit > 0"),
  };
}

template <class Row>
std::vector<Row> operator+(std::vector<Row> a, const std::vector<Row>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// core

TEST_CASE("options: StoppingOptions, FirstOrderOptions, HistoryOptions and GradientCheckOptions") {
  SECTION("StoppingOptions (owner: first_order(stepper, stop), and every minimizer's stop)") {
    check_options<saddle::StoppingOptions>(
        {},
        {
            REJECT(gradient_tolerance, -tiny,
                   "saddle::StoppingOptions: gradient_tolerance = -5e-324 violates 0 <= gradient_tolerance < inf"),
            REJECT(gradient_tolerance, NaN,
                   "saddle::StoppingOptions: gradient_tolerance = nan violates 0 <= gradient_tolerance < inf"),
            REJECT(gradient_tolerance, inf,
                   "saddle::StoppingOptions: gradient_tolerance = inf violates 0 <= gradient_tolerance < inf"),
            REJECT(function_tolerance, -tiny,
                   "saddle::StoppingOptions: function_tolerance = -5e-324 violates 0 <= function_tolerance < inf"),
            REJECT(function_tolerance, NaN,
                   "saddle::StoppingOptions: function_tolerance = nan violates 0 <= function_tolerance < inf"),
            REJECT(function_tolerance, inf,
                   "saddle::StoppingOptions: function_tolerance = inf violates 0 <= function_tolerance < inf"),
            REJECT(step_tolerance, -tiny,
                   "saddle::StoppingOptions: step_tolerance = -5e-324 violates 0 <= step_tolerance < inf"),
            REJECT(step_tolerance, NaN,
                   "saddle::StoppingOptions: step_tolerance = nan violates 0 <= step_tolerance < inf"),
            REJECT(step_tolerance, inf,
                   "saddle::StoppingOptions: step_tolerance = inf violates 0 <= step_tolerance < inf"),
            REJECT(max_iterations, -1, "saddle::StoppingOptions: max_iterations = -1 violates max_iterations >= 0"),
            REJECT(max_evaluations, 0, "saddle::StoppingOptions: max_evaluations = 0 violates max_evaluations >= 1"),
            REJECT(time_limit, 0.0, "saddle::StoppingOptions: time_limit = 0 violates time_limit > 0"),
            REJECT(time_limit, -inf, "saddle::StoppingOptions: time_limit = -inf violates time_limit > 0"),
            REJECT(time_limit, NaN, "saddle::StoppingOptions: time_limit = nan violates time_limit > 0"),
        },
        {
            ACCEPT(gradient_tolerance, 0.0),
            ACCEPT(function_tolerance, 0.0),
            ACCEPT(step_tolerance, 0.0),
            ACCEPT(max_iterations, 0),
            ACCEPT(max_evaluations, 1),
            ACCEPT(time_limit, tiny),
            ACCEPT(time_limit, inf),
        },
        [](const saddle::StoppingOptions& o) { (void)saddle::first_order(sgd(), o); });
  }

  SECTION("FirstOrderOptions (owner: FirstOrder)") {
    check_options<saddle::FirstOrderOptions>(
        {}, stop_rows<saddle::FirstOrderOptions>(), {},
        [](const saddle::FirstOrderOptions& o) { (void)saddle::FirstOrder<saddle::SGD<double>>(sgd(), o); });
  }

  SECTION("HistoryOptions (owner: History)") {
    check_options<saddle::HistoryOptions>(
        {}, {REJECT(every, 0, "saddle::HistoryOptions: every = 0 violates every >= 1")}, {ACCEPT(every, 1)},
        [](const saddle::HistoryOptions& o) { (void)saddle::History<double>(o); });
  }

  SECTION("GradientCheckOptions (owner: check_gradient)") {
    const Vector<double> x = vec({1.0, 2.0, 3.0});
    auto check = [&x](const saddle::GradientCheckOptions& o) { (void)saddle::check_gradient(half_square, x, o); };
    check_options<saddle::GradientCheckOptions>(
        {},
        {
            REJECT(tolerance, -tiny, "saddle::GradientCheckOptions: tolerance = -5e-324 violates 0 <= tolerance < inf"),
            REJECT(tolerance, NaN, "saddle::GradientCheckOptions: tolerance = nan violates 0 <= tolerance < inf"),
            REJECT(tolerance, inf, "saddle::GradientCheckOptions: tolerance = inf violates 0 <= tolerance < inf"),
            REJECT(step, 0.0, "saddle::GradientCheckOptions: step = 0 violates 0 < step < inf"),
            REJECT(step, NaN, "saddle::GradientCheckOptions: step = nan violates 0 < step < inf"),
            REJECT(step, inf, "saddle::GradientCheckOptions: step = inf violates 0 < step < inf"),
            REJECT(worst_count, -1, "saddle::GradientCheckOptions: worst_count = -1 violates worst_count >= 0"),
        },
        {ACCEPT(tolerance, 0.0), ACCEPT(step, tiny), ACCEPT(worst_count, 0), ACCEPT(coordinates, {2})}, check);
    // coordinates is checked against x by check_gradient (validate() cannot know n), with its own message.
    REQUIRE_THROWS_WITH(check({.coordinates = {0, 3}}),
                        "saddle::GradientCheckOptions: coordinates contains 3, outside [0, 3) for x of size 3");
    REQUIRE_THROWS_WITH(check({.coordinates = {-1}}),
                        "saddle::GradientCheckOptions: coordinates contains -1, outside [0, 3) for x of size 3");
    // step is checked against the scalar type by check_gradient: in float, a step that rounds to 0 or to inf.
    const Vector<float> x_float = Vector<float>::Ones(3);
    auto check_float = [&x_float](const saddle::GradientCheckOptions& o) {
      auto f = [](const Vector<float>& y, Vector<float>& g) {
        g = y;
        return 0.5F * y.squaredNorm();
      };
      (void)saddle::check_gradient(f, x_float, o);
    };
    CHECK_THROWS_WITH(check_float({.step = 7e-46}),
                      "saddle::GradientCheckOptions: step = 7e-46 violates step > 7.006492321624085e-46 (a smaller "
                      "step rounds to 0 in float)");
    CHECK_THROWS_AS(check_float({.step = 7e-46}), std::invalid_argument);
    CHECK_THROWS_WITH(check_float({.step = 1e39}),
                      "saddle::GradientCheckOptions: step = 1e+39 violates step < 3.4028235677973366e+38 (a larger "
                      "step rounds to inf in float)");
    CHECK_THROWS_AS(check_float({.step = 1e39}), std::invalid_argument);
    CHECK_NOTHROW(check_float({.step = 8e-46}));  // rounds up to the smallest float
    CHECK_NOTHROW(check_float({.step = 3.4e38}));
    CHECK_NOTHROW(check({.step = 7e-46}));  // a double holds it
  }
}

// ---------------------------------------------------------------------------------------------
// first-order steppers and gradient transforms

TEST_CASE("options: SGDOptions, AdamOptions, AdamWOptions and RMSpropOptions") {
  SECTION("SGDOptions (owner: SGD, GradientDescent)") {
    check_options<saddle::SGDOptions>(
        {},
        {
            REJECT(lr, -tiny, "saddle::SGDOptions: lr = -5e-324 violates 0 <= lr < inf"),
            REJECT(lr, NaN, "saddle::SGDOptions: lr = nan violates 0 <= lr < inf"),
            REJECT(lr, inf, "saddle::SGDOptions: lr = inf violates 0 <= lr < inf"),
            REJECT(momentum, -tiny, "saddle::SGDOptions: momentum = -5e-324 violates 0 <= momentum < 1"),
            REJECT(momentum, 1.0, "saddle::SGDOptions: momentum = 1 violates 0 <= momentum < 1"),
            REJECT(momentum, NaN, "saddle::SGDOptions: momentum = nan violates 0 <= momentum < 1"),
            REJECT(momentum, inf, "saddle::SGDOptions: momentum = inf violates 0 <= momentum < 1"),
            REJECT(dampening, -tiny, "saddle::SGDOptions: dampening = -5e-324 violates 0 <= dampening <= 1"),
            REJECT(dampening, 1.0000000000000002,
                   "saddle::SGDOptions: dampening = 1.0000000000000002 violates 0 <= dampening <= 1"),
            REJECT(dampening, NaN, "saddle::SGDOptions: dampening = nan violates 0 <= dampening <= 1"),
            REJECT(dampening, inf, "saddle::SGDOptions: dampening = inf violates 0 <= dampening <= 1"),
            REJECT(weight_decay, -tiny, "saddle::SGDOptions: weight_decay = -5e-324 violates 0 <= weight_decay < inf"),
            REJECT(weight_decay, NaN, "saddle::SGDOptions: weight_decay = nan violates 0 <= weight_decay < inf"),
            REJECT(weight_decay, inf, "saddle::SGDOptions: weight_decay = inf violates 0 <= weight_decay < inf"),
            {"nesterov = true with momentum = 0", [](auto& o) { o.nesterov = true; },
             "saddle::SGDOptions: momentum = 0 violates momentum > 0 (required when nesterov = true)"},
            {"nesterov = true with dampening = 0.5",
             [](auto& o) {
               o.nesterov = true;
               o.momentum = 0.9;
               o.dampening = 0.5;
             },
             "saddle::SGDOptions: dampening = 0.5 violates dampening == 0 (required when nesterov = true)"},
        },
        {
            ACCEPT(lr, 0.0),
            ACCEPT(momentum, 0.0),
            ACCEPT(momentum, 0.9999999999999999),
            ACCEPT(dampening, 0.0),
            ACCEPT(dampening, 1.0),
            ACCEPT(weight_decay, 0.0),
            {"nesterov = true with momentum = 5e-324, dampening = 0",
             [](auto& o) {
               o.nesterov = true;
               o.momentum = tiny;
             }},
        },
        [](const saddle::SGDOptions& o) { (void)saddle::SGD<double>(o); });
  }

  SECTION("AdamOptions (owner: Adam)") {
    check_options<saddle::AdamOptions>(
        {},
        {
            REJECT(lr, -tiny, "saddle::AdamOptions: lr = -5e-324 violates 0 <= lr < inf"),
            REJECT(lr, NaN, "saddle::AdamOptions: lr = nan violates 0 <= lr < inf"),
            REJECT(lr, inf, "saddle::AdamOptions: lr = inf violates 0 <= lr < inf"),
            REJECT(beta1, -tiny, "saddle::AdamOptions: beta1 = -5e-324 violates 0 <= beta1 < 1"),
            REJECT(beta1, 1.0, "saddle::AdamOptions: beta1 = 1 violates 0 <= beta1 < 1"),
            REJECT(beta1, NaN, "saddle::AdamOptions: beta1 = nan violates 0 <= beta1 < 1"),
            REJECT(beta2, -tiny, "saddle::AdamOptions: beta2 = -5e-324 violates 0 <= beta2 < 1"),
            REJECT(beta2, 1.0, "saddle::AdamOptions: beta2 = 1 violates 0 <= beta2 < 1"),
            REJECT(beta2, NaN, "saddle::AdamOptions: beta2 = nan violates 0 <= beta2 < 1"),
            REJECT(eps, -tiny, "saddle::AdamOptions: eps = -5e-324 violates 0 <= eps < inf"),
            REJECT(eps, NaN, "saddle::AdamOptions: eps = nan violates 0 <= eps < inf"),
            REJECT(eps, inf, "saddle::AdamOptions: eps = inf violates 0 <= eps < inf"),
            REJECT(weight_decay, -tiny, "saddle::AdamOptions: weight_decay = -5e-324 violates 0 <= weight_decay < inf"),
            REJECT(weight_decay, NaN, "saddle::AdamOptions: weight_decay = nan violates 0 <= weight_decay < inf"),
            REJECT(weight_decay, inf, "saddle::AdamOptions: weight_decay = inf violates 0 <= weight_decay < inf"),
        },
        {
            ACCEPT(lr, 0.0),
            ACCEPT(beta1, 0.0),
            ACCEPT(beta1, 0.9999999999999999),
            ACCEPT(beta2, 0.0),
            ACCEPT(beta2, 0.9999999999999999),
            ACCEPT(eps, 0.0),
            ACCEPT(weight_decay, 0.0),
        },
        [](const saddle::AdamOptions& o) { (void)saddle::Adam<double>(o); });
  }

  SECTION("AdamWOptions (owner: AdamW)") {
    check_options<saddle::AdamWOptions>(
        {},
        {
            REJECT(lr, -tiny, "saddle::AdamWOptions: lr = -5e-324 violates 0 <= lr < inf"),
            REJECT(lr, NaN, "saddle::AdamWOptions: lr = nan violates 0 <= lr < inf"),
            REJECT(lr, inf, "saddle::AdamWOptions: lr = inf violates 0 <= lr < inf"),
            REJECT(beta1, -tiny, "saddle::AdamWOptions: beta1 = -5e-324 violates 0 <= beta1 < 1"),
            REJECT(beta1, 1.0, "saddle::AdamWOptions: beta1 = 1 violates 0 <= beta1 < 1"),
            REJECT(beta1, NaN, "saddle::AdamWOptions: beta1 = nan violates 0 <= beta1 < 1"),
            REJECT(beta2, -tiny, "saddle::AdamWOptions: beta2 = -5e-324 violates 0 <= beta2 < 1"),
            REJECT(beta2, 1.0, "saddle::AdamWOptions: beta2 = 1 violates 0 <= beta2 < 1"),
            REJECT(beta2, NaN, "saddle::AdamWOptions: beta2 = nan violates 0 <= beta2 < 1"),
            REJECT(eps, -tiny, "saddle::AdamWOptions: eps = -5e-324 violates 0 <= eps < inf"),
            REJECT(eps, NaN, "saddle::AdamWOptions: eps = nan violates 0 <= eps < inf"),
            REJECT(eps, inf, "saddle::AdamWOptions: eps = inf violates 0 <= eps < inf"),
            REJECT(weight_decay, -tiny,
                   "saddle::AdamWOptions: weight_decay = -5e-324 violates 0 <= weight_decay < inf"),
            REJECT(weight_decay, NaN, "saddle::AdamWOptions: weight_decay = nan violates 0 <= weight_decay < inf"),
            REJECT(weight_decay, inf, "saddle::AdamWOptions: weight_decay = inf violates 0 <= weight_decay < inf"),
        },
        {
            ACCEPT(lr, 0.0),
            ACCEPT(beta1, 0.0),
            ACCEPT(beta1, 0.9999999999999999),
            ACCEPT(beta2, 0.0),
            ACCEPT(beta2, 0.9999999999999999),
            ACCEPT(eps, 0.0),
            ACCEPT(weight_decay, 0.0),
        },
        [](const saddle::AdamWOptions& o) { (void)saddle::AdamW<double>(o); });
  }

  SECTION("RMSpropOptions (owner: RMSprop)") {
    check_options<saddle::RMSpropOptions>(
        {},
        {
            REJECT(lr, -tiny, "saddle::RMSpropOptions: lr = -5e-324 violates 0 <= lr < inf"),
            REJECT(lr, NaN, "saddle::RMSpropOptions: lr = nan violates 0 <= lr < inf"),
            REJECT(lr, inf, "saddle::RMSpropOptions: lr = inf violates 0 <= lr < inf"),
            REJECT(alpha, -tiny, "saddle::RMSpropOptions: alpha = -5e-324 violates 0 <= alpha <= 1"),
            REJECT(alpha, 1.0000000000000002,
                   "saddle::RMSpropOptions: alpha = 1.0000000000000002 violates 0 <= alpha <= 1"),
            REJECT(alpha, NaN, "saddle::RMSpropOptions: alpha = nan violates 0 <= alpha <= 1"),
            REJECT(alpha, inf, "saddle::RMSpropOptions: alpha = inf violates 0 <= alpha <= 1"),
            REJECT(eps, -tiny, "saddle::RMSpropOptions: eps = -5e-324 violates 0 <= eps < inf"),
            REJECT(eps, NaN, "saddle::RMSpropOptions: eps = nan violates 0 <= eps < inf"),
            REJECT(eps, inf, "saddle::RMSpropOptions: eps = inf violates 0 <= eps < inf"),
            REJECT(weight_decay, -tiny,
                   "saddle::RMSpropOptions: weight_decay = -5e-324 violates 0 <= weight_decay < inf"),
            REJECT(weight_decay, NaN, "saddle::RMSpropOptions: weight_decay = nan violates 0 <= weight_decay < inf"),
            REJECT(weight_decay, inf, "saddle::RMSpropOptions: weight_decay = inf violates 0 <= weight_decay < inf"),
            REJECT(momentum, -tiny, "saddle::RMSpropOptions: momentum = -5e-324 violates 0 <= momentum < 1"),
            REJECT(momentum, 1.0, "saddle::RMSpropOptions: momentum = 1 violates 0 <= momentum < 1"),
            REJECT(momentum, NaN, "saddle::RMSpropOptions: momentum = nan violates 0 <= momentum < 1"),
        },
        {
            ACCEPT(lr, 0.0),
            ACCEPT(alpha, 0.0),
            ACCEPT(alpha, 1.0),
            ACCEPT(eps, 0.0),
            ACCEPT(weight_decay, 0.0),
            ACCEPT(momentum, 0.0),
            ACCEPT(momentum, 0.9999999999999999),
        },
        [](const saddle::RMSpropOptions& o) { (void)saddle::RMSprop<double>(o); });
  }
}

TEST_CASE("options: ClipGradNormOptions, ClipGradValueOptions and GradientNoiseOptions") {
  SECTION("ClipGradNormOptions (owner: ClipGradNorm)") {
    check_options<saddle::ClipGradNormOptions>(
        {},
        {
            REJECT(max_norm, -tiny, "saddle::ClipGradNormOptions: max_norm = -5e-324 violates 0 <= max_norm < inf"),
            REJECT(max_norm, NaN, "saddle::ClipGradNormOptions: max_norm = nan violates 0 <= max_norm < inf"),
            REJECT(max_norm, inf, "saddle::ClipGradNormOptions: max_norm = inf violates 0 <= max_norm < inf"),
        },
        {ACCEPT(max_norm, 0.0)}, [](const saddle::ClipGradNormOptions& o) { (void)saddle::ClipGradNorm<double>(o); });
  }
  SECTION("ClipGradValueOptions (owner: ClipGradValue)") {
    check_options<saddle::ClipGradValueOptions>(
        {},
        {
            REJECT(clip_value, -tiny,
                   "saddle::ClipGradValueOptions: clip_value = -5e-324 violates 0 <= clip_value < inf"),
            REJECT(clip_value, NaN, "saddle::ClipGradValueOptions: clip_value = nan violates 0 <= clip_value < inf"),
            REJECT(clip_value, inf, "saddle::ClipGradValueOptions: clip_value = inf violates 0 <= clip_value < inf"),
        },
        {ACCEPT(clip_value, 0.0)},
        [](const saddle::ClipGradValueOptions& o) { (void)saddle::ClipGradValue<double>(o); });
  }
  SECTION("GradientNoiseOptions (owner: GradientNoise)") {
    check_options<saddle::GradientNoiseOptions>(
        {},
        {
            REJECT(eta, -tiny, "saddle::GradientNoiseOptions: eta = -5e-324 violates 0 <= eta < inf"),
            REJECT(eta, NaN, "saddle::GradientNoiseOptions: eta = nan violates 0 <= eta < inf"),
            REJECT(eta, inf, "saddle::GradientNoiseOptions: eta = inf violates 0 <= eta < inf"),
            REJECT(gamma, -tiny, "saddle::GradientNoiseOptions: gamma = -5e-324 violates 0 <= gamma < inf"),
            REJECT(gamma, NaN, "saddle::GradientNoiseOptions: gamma = nan violates 0 <= gamma < inf"),
            REJECT(gamma, inf, "saddle::GradientNoiseOptions: gamma = inf violates 0 <= gamma < inf"),
        },
        {ACCEPT(eta, 0.0), ACCEPT(gamma, 0.0)},
        [](const saddle::GradientNoiseOptions& o) { (void)saddle::GradientNoise<double>(o); });
  }
}

// ---------------------------------------------------------------------------------------------
// schedules: each validated by itself and by scheduled(stepper, schedule)

namespace {

template <class ScheduleT>
void attach(const ScheduleT& schedule) {
  (void)saddle::scheduled(sgd(), schedule);
}

}  // namespace

TEST_CASE("options: closed-form schedules (StepLR, MultiStepLR, ExponentialLR, ConstantLR, LinearLR, PolynomialLR)") {
  SECTION("StepLR") {
    check_options<saddle::StepLR>({},
                                  {
                                      REJECT(step_size, 0, "saddle::StepLR: step_size = 0 violates step_size >= 1"),
                                      REJECT(gamma, 0.0, "saddle::StepLR: gamma = 0 violates 0 < gamma < inf"),
                                      REJECT(gamma, NaN, "saddle::StepLR: gamma = nan violates 0 < gamma < inf"),
                                      REJECT(gamma, inf, "saddle::StepLR: gamma = inf violates 0 < gamma < inf"),
                                  },
                                  {ACCEPT(step_size, 1), ACCEPT(gamma, tiny)}, attach<saddle::StepLR>);
  }
  SECTION("MultiStepLR") {
    check_options<saddle::MultiStepLR>(
        {.milestones = {10, 20}},
        {
            REJECT(milestones, {}, "saddle::MultiStepLR: milestones = {} violates milestones is not empty"),
            REJECT(milestones, (std::vector<std::int64_t>{10, -1}),
                   "saddle::MultiStepLR: milestones[1] = -1 violates milestones[1] >= 0"),
            REJECT(milestones, (std::vector<std::int64_t>{30, 20}),
                   "saddle::MultiStepLR: milestones[1] = 20 violates milestones[1] >= milestones[0] = 30 (sorted)"),
            REJECT(gamma, 0.0, "saddle::MultiStepLR: gamma = 0 violates 0 < gamma < inf"),
            REJECT(gamma, NaN, "saddle::MultiStepLR: gamma = nan violates 0 < gamma < inf"),
            REJECT(gamma, inf, "saddle::MultiStepLR: gamma = inf violates 0 < gamma < inf"),
        },
        {ACCEPT(milestones, {0}), ACCEPT(milestones, (std::vector<std::int64_t>{5, 5})), ACCEPT(gamma, tiny)},
        attach<saddle::MultiStepLR>);
  }
  SECTION("ExponentialLR") {
    check_options<saddle::ExponentialLR>(
        {},
        {
            REJECT(gamma, 0.0, "saddle::ExponentialLR: gamma = 0 violates 0 < gamma < inf"),
            REJECT(gamma, NaN, "saddle::ExponentialLR: gamma = nan violates 0 < gamma < inf"),
            REJECT(gamma, inf, "saddle::ExponentialLR: gamma = inf violates 0 < gamma < inf"),
        },
        {ACCEPT(gamma, tiny), ACCEPT(gamma, 2.0)}, attach<saddle::ExponentialLR>);
  }
  SECTION("ConstantLR") {
    check_options<saddle::ConstantLR>(
        {},
        {
            REJECT(factor, -tiny, "saddle::ConstantLR: factor = -5e-324 violates 0 <= factor <= 1"),
            REJECT(factor, 1.0000000000000002,
                   "saddle::ConstantLR: factor = 1.0000000000000002 violates 0 <= factor <= 1"),
            REJECT(factor, NaN, "saddle::ConstantLR: factor = nan violates 0 <= factor <= 1"),
            REJECT(total_iters, -1, "saddle::ConstantLR: total_iters = -1 violates total_iters >= 0"),
        },
        {ACCEPT(factor, 0.0), ACCEPT(factor, 1.0), ACCEPT(total_iters, 0)}, attach<saddle::ConstantLR>);
  }
  SECTION("LinearLR") {
    check_options<saddle::LinearLR>(
        {},
        {
            REJECT(start_factor, -tiny, "saddle::LinearLR: start_factor = -5e-324 violates 0 <= start_factor <= 1"),
            REJECT(start_factor, 1.0000000000000002,
                   "saddle::LinearLR: start_factor = 1.0000000000000002 violates 0 <= start_factor <= 1"),
            REJECT(start_factor, NaN, "saddle::LinearLR: start_factor = nan violates 0 <= start_factor <= 1"),
            REJECT(end_factor, -tiny, "saddle::LinearLR: end_factor = -5e-324 violates 0 <= end_factor <= 1"),
            REJECT(end_factor, 1.0000000000000002,
                   "saddle::LinearLR: end_factor = 1.0000000000000002 violates 0 <= end_factor <= 1"),
            REJECT(end_factor, NaN, "saddle::LinearLR: end_factor = nan violates 0 <= end_factor <= 1"),
            REJECT(total_iters, 0, "saddle::LinearLR: total_iters = 0 violates total_iters >= 1"),
        },
        {ACCEPT(start_factor, 0.0), ACCEPT(start_factor, 1.0), ACCEPT(end_factor, 0.0), ACCEPT(end_factor, 1.0),
         ACCEPT(total_iters, 1)},
        attach<saddle::LinearLR>);
  }
  SECTION("PolynomialLR") {
    check_options<saddle::PolynomialLR>(
        {},
        {
            REJECT(total_iters, 0, "saddle::PolynomialLR: total_iters = 0 violates total_iters >= 1"),
            REJECT(power, -tiny, "saddle::PolynomialLR: power = -5e-324 violates 0 <= power < inf"),
            REJECT(power, NaN, "saddle::PolynomialLR: power = nan violates 0 <= power < inf"),
            REJECT(power, inf, "saddle::PolynomialLR: power = inf violates 0 <= power < inf"),
        },
        {ACCEPT(total_iters, 1), ACCEPT(power, 0.0)}, attach<saddle::PolynomialLR>);
  }
}

TEST_CASE("options: cosine, one-cycle and reduce-on-plateau schedules") {
  SECTION("CosineAnnealingLR") {
    check_options<saddle::CosineAnnealingLR>(
        {},
        {
            REJECT(T_max, 0, "saddle::CosineAnnealingLR: T_max = 0 violates T_max >= 1"),
            REJECT(eta_min, -tiny, "saddle::CosineAnnealingLR: eta_min = -5e-324 violates 0 <= eta_min < inf"),
            REJECT(eta_min, NaN, "saddle::CosineAnnealingLR: eta_min = nan violates 0 <= eta_min < inf"),
            REJECT(eta_min, inf, "saddle::CosineAnnealingLR: eta_min = inf violates 0 <= eta_min < inf"),
        },
        {ACCEPT(T_max, 1), ACCEPT(eta_min, 0.0)}, attach<saddle::CosineAnnealingLR>);
  }
  SECTION("CosineAnnealingWarmRestarts") {
    check_options<saddle::CosineAnnealingWarmRestarts>(
        {},
        {
            REJECT(T_0, 0, "saddle::CosineAnnealingWarmRestarts: T_0 = 0 violates T_0 >= 1"),
            REJECT(T_mult, 0, "saddle::CosineAnnealingWarmRestarts: T_mult = 0 violates T_mult >= 1"),
            REJECT(eta_min, -tiny,
                   "saddle::CosineAnnealingWarmRestarts: eta_min = -5e-324 violates 0 <= eta_min < inf"),
            REJECT(eta_min, NaN, "saddle::CosineAnnealingWarmRestarts: eta_min = nan violates 0 <= eta_min < inf"),
            REJECT(eta_min, inf, "saddle::CosineAnnealingWarmRestarts: eta_min = inf violates 0 <= eta_min < inf"),
        },
        {ACCEPT(T_0, 1), ACCEPT(T_mult, 1), ACCEPT(eta_min, 0.0)}, attach<saddle::CosineAnnealingWarmRestarts>);
  }
  SECTION("OneCycleLR") {
    check_options<saddle::OneCycleLR>(
        {.max_lr = 0.1, .total_steps = 100},
        {
            REJECT(max_lr, 0.0, "saddle::OneCycleLR: max_lr = 0 violates 0 < max_lr < inf"),
            REJECT(max_lr, NaN, "saddle::OneCycleLR: max_lr = nan violates 0 < max_lr < inf"),
            REJECT(max_lr, inf, "saddle::OneCycleLR: max_lr = inf violates 0 < max_lr < inf"),
            REJECT(total_steps, 0, "saddle::OneCycleLR: total_steps = 0 violates total_steps >= 1"),
            REJECT(pct_start, 0.0, "saddle::OneCycleLR: pct_start = 0 violates 0 < pct_start < 1"),
            REJECT(pct_start, 1.0, "saddle::OneCycleLR: pct_start = 1 violates 0 < pct_start < 1"),
            REJECT(pct_start, NaN, "saddle::OneCycleLR: pct_start = nan violates 0 < pct_start < 1"),
            {"pct_start * total_steps = 1",
             [](auto& o) {
               o.total_steps = 2;
               o.pct_start = 0.5;
             },
             "saddle::OneCycleLR: pct_start * total_steps = 1 violates pct_start * total_steps > 1"},
            {"pct_start = 0.5 with three_phase",
             [](auto& o) {
               o.three_phase = true;
               o.pct_start = 0.5;
             },
             "saddle::OneCycleLR: pct_start = 0.5 violates 0 < pct_start < 0.5 (required when three_phase = true)"},
            REJECT(anneal_strategy, static_cast<saddle::AnnealStrategy>(99),
                   "saddle::OneCycleLR: anneal_strategy = 99 violates anneal_strategy == cos or anneal_strategy == "
                   "linear"),
            REJECT(div_factor, 0.0, "saddle::OneCycleLR: div_factor = 0 violates 0 < div_factor < inf"),
            REJECT(div_factor, NaN, "saddle::OneCycleLR: div_factor = nan violates 0 < div_factor < inf"),
            REJECT(div_factor, inf, "saddle::OneCycleLR: div_factor = inf violates 0 < div_factor < inf"),
            REJECT(final_div_factor, 0.0,
                   "saddle::OneCycleLR: final_div_factor = 0 violates 0 < final_div_factor < inf"),
            REJECT(final_div_factor, NaN,
                   "saddle::OneCycleLR: final_div_factor = nan violates 0 < final_div_factor < inf"),
            REJECT(final_div_factor, inf,
                   "saddle::OneCycleLR: final_div_factor = inf violates 0 < final_div_factor < inf"),
            REJECT(max_momentum, 1.0,
                   "saddle::OneCycleLR: max_momentum = 1 violates 0 <= max_momentum < 1 (required when "
                   "cycle_momentum = true)"),
            REJECT(max_momentum, NaN,
                   "saddle::OneCycleLR: max_momentum = nan violates 0 <= max_momentum < 1 (required when "
                   "cycle_momentum = true)"),
            REJECT(base_momentum, -tiny,
                   "saddle::OneCycleLR: base_momentum = -5e-324 violates 0 <= base_momentum <= 0.95 (required when "
                   "cycle_momentum = true)"),
            REJECT(base_momentum, 0.9500000000000001,
                   "saddle::OneCycleLR: base_momentum = 0.9500000000000001 violates 0 <= base_momentum <= 0.95 "
                   "(required when cycle_momentum = true)"),
            REJECT(base_momentum, NaN,
                   "saddle::OneCycleLR: base_momentum = nan violates 0 <= base_momentum <= 0.95 (required when "
                   "cycle_momentum = true)"),
        },
        {
            {"pct_start * total_steps just above 1",
             [](auto& o) {
               o.total_steps = 2;
               o.pct_start = 0.5000000000000001;
             }},
            {"pct_start just below 0.5 with three_phase",
             [](auto& o) {
               o.three_phase = true;
               o.pct_start = 0.49999999999999994;
             }},
            ACCEPT(total_steps, 4),
            ACCEPT(anneal_strategy, saddle::AnnealStrategy::linear),
            ACCEPT(max_momentum, 0.9999999999999999),
            ACCEPT(base_momentum, 0.0),
            ACCEPT(base_momentum, 0.95),
        },
        attach<saddle::OneCycleLR>);
  }
  SECTION("ReduceLROnPlateau") {
    check_options<saddle::ReduceLROnPlateau>(
        {},
        {
            REJECT(mode, static_cast<saddle::PlateauMode>(2),
                   "saddle::ReduceLROnPlateau: mode = 2 violates mode == min or mode == max"),
            REJECT(mode, static_cast<saddle::PlateauMode>(-1),
                   "saddle::ReduceLROnPlateau: mode = -1 violates mode == min or mode == max"),
            REJECT(factor, -tiny, "saddle::ReduceLROnPlateau: factor = -5e-324 violates 0 <= factor < 1"),
            REJECT(factor, 1.0, "saddle::ReduceLROnPlateau: factor = 1 violates 0 <= factor < 1"),
            REJECT(factor, NaN, "saddle::ReduceLROnPlateau: factor = nan violates 0 <= factor < 1"),
            REJECT(patience, -1, "saddle::ReduceLROnPlateau: patience = -1 violates patience >= 0"),
            REJECT(threshold, -tiny, "saddle::ReduceLROnPlateau: threshold = -5e-324 violates 0 <= threshold < inf"),
            REJECT(threshold, NaN, "saddle::ReduceLROnPlateau: threshold = nan violates 0 <= threshold < inf"),
            REJECT(threshold, inf, "saddle::ReduceLROnPlateau: threshold = inf violates 0 <= threshold < inf"),
            REJECT(threshold_mode, static_cast<saddle::ThresholdMode>(2),
                   "saddle::ReduceLROnPlateau: threshold_mode = 2 violates threshold_mode == rel or threshold_mode "
                   "== abs"),
            REJECT(cooldown, -1, "saddle::ReduceLROnPlateau: cooldown = -1 violates cooldown >= 0"),
            REJECT(min_lr, -tiny, "saddle::ReduceLROnPlateau: min_lr = -5e-324 violates 0 <= min_lr < inf"),
            REJECT(min_lr, NaN, "saddle::ReduceLROnPlateau: min_lr = nan violates 0 <= min_lr < inf"),
            REJECT(min_lr, inf, "saddle::ReduceLROnPlateau: min_lr = inf violates 0 <= min_lr < inf"),
            REJECT(eps, -tiny, "saddle::ReduceLROnPlateau: eps = -5e-324 violates 0 <= eps < inf"),
            REJECT(eps, NaN, "saddle::ReduceLROnPlateau: eps = nan violates 0 <= eps < inf"),
            REJECT(eps, inf, "saddle::ReduceLROnPlateau: eps = inf violates 0 <= eps < inf"),
        },
        {
            ACCEPT(mode, saddle::PlateauMode::max),
            ACCEPT(factor, 0.0),
            ACCEPT(factor, 0.9999999999999999),
            ACCEPT(patience, 0),
            ACCEPT(threshold, 0.0),
            ACCEPT(threshold_mode, saddle::ThresholdMode::abs),
            ACCEPT(cooldown, 0),
            ACCEPT(min_lr, 0.0),
            ACCEPT(eps, 0.0),
        },
        attach<saddle::ReduceLROnPlateau>);
  }
}

TEST_CASE("options: SequentialLR, ChainedScheduler, WarmupCosineOptions and WarmupLinearOptions") {
  SECTION("SequentialLR of two pieces (owners: sequential(), scheduled())") {
    using Sequence = saddle::SequentialLR<saddle::StepLR, saddle::ReduceLROnPlateau>;
    check_options<Sequence>(
        Sequence{{5}, {saddle::StepLR{}, saddle::ReduceLROnPlateau{}}},
        {
            REJECT(milestones, {},
                   "saddle::SequentialLR: milestones.size() = 0 violates milestones.size() == number of schedules - "
                   "1 = 1"),
            REJECT(milestones, (std::vector<std::int64_t>{5, 10}),
                   "saddle::SequentialLR: milestones.size() = 2 violates milestones.size() == number of schedules - "
                   "1 = 1"),
            REJECT(milestones, {0}, "saddle::SequentialLR: milestones[0] = 0 violates milestones[0] >= 1"),
            {"schedules[0].step_size", [](auto& o) { std::get<0>(o.schedules).step_size = 0; },
             "saddle::StepLR: step_size = 0 violates step_size >= 1"},
            {"schedules[1].factor", [](auto& o) { std::get<1>(o.schedules).factor = 1.0; },
             "saddle::ReduceLROnPlateau: factor = 1 violates 0 <= factor < 1"},
        },
        {ACCEPT(milestones, {1})}, [](const Sequence& o) {
          std::apply([&o](const auto&... pieces) { (void)saddle::sequential(o.milestones, pieces...); }, o.schedules);
          attach(o);
        });
  }
  SECTION("SequentialLR of three pieces: increasing milestones") {
    using Sequence = saddle::SequentialLR<saddle::ConstantLR, saddle::ConstantLR, saddle::ConstantLR>;
    check_options<Sequence>(
        Sequence{{5, 10}, {}},
        {
            REJECT(milestones, (std::vector<std::int64_t>{5, 5}),
                   "saddle::SequentialLR: milestones[1] = 5 violates milestones[1] > milestones[0] = 5"),
            REJECT(milestones, (std::vector<std::int64_t>{5, 0}),
                   "saddle::SequentialLR: milestones[1] = 0 violates milestones[1] >= 1"),
        },
        {ACCEPT(milestones, (std::vector<std::int64_t>{1, 2}))}, [](const Sequence& o) {
          std::apply([&o](const auto&... pieces) { (void)saddle::sequential(o.milestones, pieces...); }, o.schedules);
        });
  }
  SECTION("ChainedScheduler (owners: chained(), scheduled())") {
    using Chain = saddle::ChainedScheduler<saddle::CosineAnnealingLR, saddle::ReduceLROnPlateau>;
    check_options<Chain>(Chain{{saddle::CosineAnnealingLR{}, saddle::ReduceLROnPlateau{}}},
                         {
                             {"schedules[0].T_max", [](auto& o) { std::get<0>(o.schedules).T_max = 0; },
                              "saddle::CosineAnnealingLR: T_max = 0 violates T_max >= 1"},
                             {"schedules[1].patience", [](auto& o) { std::get<1>(o.schedules).patience = -1; },
                              "saddle::ReduceLROnPlateau: patience = -1 violates patience >= 0"},
                         },
                         {}, [](const Chain& o) {
                           std::apply([](const auto&... pieces) { (void)saddle::chained(pieces...); }, o.schedules);
                           attach(o);
                         });
  }
  SECTION("WarmupCosineOptions (owner: warmup_cosine)") {
    check_options<saddle::WarmupCosineOptions>(
        {.warmup_steps = 10, .total_steps = 100},
        {
            REJECT(warmup_steps, 0, "saddle::WarmupCosineOptions: warmup_steps = 0 violates warmup_steps >= 1"),
            REJECT(total_steps, 10,
                   "saddle::WarmupCosineOptions: total_steps - warmup_steps = 0 violates total_steps - warmup_steps "
                   ">= 1"),
            REJECT(eta_min, -tiny, "saddle::WarmupCosineOptions: eta_min = -5e-324 violates 0 <= eta_min < inf"),
            REJECT(eta_min, NaN, "saddle::WarmupCosineOptions: eta_min = nan violates 0 <= eta_min < inf"),
            REJECT(eta_min, inf, "saddle::WarmupCosineOptions: eta_min = inf violates 0 <= eta_min < inf"),
            REJECT(start_factor, -tiny,
                   "saddle::WarmupCosineOptions: start_factor = -5e-324 violates 0 <= start_factor <= 1"),
            REJECT(start_factor, 1.0000000000000002,
                   "saddle::WarmupCosineOptions: start_factor = 1.0000000000000002 violates 0 <= start_factor <= 1"),
            REJECT(start_factor, NaN,
                   "saddle::WarmupCosineOptions: start_factor = nan violates 0 <= start_factor <= 1"),
        },
        {ACCEPT(warmup_steps, 1), ACCEPT(total_steps, 11), ACCEPT(eta_min, 0.0), ACCEPT(start_factor, 0.0),
         ACCEPT(start_factor, 1.0)},
        [](const saddle::WarmupCosineOptions& o) { (void)saddle::warmup_cosine(o); });
  }
  SECTION("WarmupLinearOptions (owner: warmup_linear)") {
    check_options<saddle::WarmupLinearOptions>(
        {.warmup_steps = 10, .total_steps = 100},
        {
            REJECT(warmup_steps, 0, "saddle::WarmupLinearOptions: warmup_steps = 0 violates warmup_steps >= 1"),
            REJECT(total_steps, 10,
                   "saddle::WarmupLinearOptions: total_steps - warmup_steps = 0 violates total_steps - warmup_steps "
                   ">= 1"),
            REJECT(start_factor, -tiny,
                   "saddle::WarmupLinearOptions: start_factor = -5e-324 violates 0 <= start_factor <= 1"),
            REJECT(start_factor, 1.0000000000000002,
                   "saddle::WarmupLinearOptions: start_factor = 1.0000000000000002 violates 0 <= start_factor <= 1"),
            REJECT(start_factor, NaN,
                   "saddle::WarmupLinearOptions: start_factor = nan violates 0 <= start_factor <= 1"),
            REJECT(end_factor, -tiny,
                   "saddle::WarmupLinearOptions: end_factor = -5e-324 violates 0 <= end_factor <= 1"),
            REJECT(end_factor, 1.0000000000000002,
                   "saddle::WarmupLinearOptions: end_factor = 1.0000000000000002 violates 0 <= end_factor <= 1"),
            REJECT(end_factor, NaN, "saddle::WarmupLinearOptions: end_factor = nan violates 0 <= end_factor <= 1"),
        },
        {ACCEPT(warmup_steps, 1), ACCEPT(total_steps, 11), ACCEPT(start_factor, 0.0), ACCEPT(start_factor, 1.0),
         ACCEPT(end_factor, 0.0), ACCEPT(end_factor, 1.0)},
        [](const saddle::WarmupLinearOptions& o) { (void)saddle::warmup_linear(o); });
  }
}

// ---------------------------------------------------------------------------------------------
// second order

TEST_CASE("options: LBFGSOptions, MoreThuenteOptions and ArmijoOptions") {
  SECTION("LBFGSOptions (owner: LBFGS)") {
    check_options<saddle::LBFGSOptions>(
        {},
        std::vector<Rejected<saddle::LBFGSOptions>>{
            REJECT(memory, 0, "saddle::LBFGSOptions: memory = 0 violates memory >= 1"),
            REJECT(curvature_epsilon, -tiny,
                   "saddle::LBFGSOptions: curvature_epsilon = -5e-324 violates 0 <= curvature_epsilon < 1"),
            REJECT(curvature_epsilon, 1.0,
                   "saddle::LBFGSOptions: curvature_epsilon = 1 violates 0 <= curvature_epsilon < 1"),
            REJECT(curvature_epsilon, NaN,
                   "saddle::LBFGSOptions: curvature_epsilon = nan violates 0 <= curvature_epsilon < 1"),
        } + stop_rows<saddle::LBFGSOptions>(),
        {ACCEPT(memory, 1), ACCEPT(curvature_epsilon, 0.0), ACCEPT(curvature_epsilon, 0.9999999999999999)},
        [](const saddle::LBFGSOptions& o) { (void)saddle::LBFGS<double>(o); });
  }
  SECTION("MoreThuenteOptions (owners: MoreThuente, LBFGS's line search)") {
    check_options<saddle::MoreThuenteOptions>(
        {},
        {
            REJECT(ftol, 0.0, "saddle::MoreThuenteOptions: ftol = 0 violates 0 < ftol < 1"),
            REJECT(ftol, 1.0, "saddle::MoreThuenteOptions: ftol = 1 violates 0 < ftol < 1"),
            REJECT(ftol, NaN, "saddle::MoreThuenteOptions: ftol = nan violates 0 < ftol < 1"),
            REJECT(gtol, 9.999999999999999e-05,
                   "saddle::MoreThuenteOptions: gtol = 9.999999999999999e-05 violates 1e-04 <= gtol < 1 (required "
                   "when ftol = 1e-04)"),
            REJECT(gtol, 1.0,
                   "saddle::MoreThuenteOptions: gtol = 1 violates 1e-04 <= gtol < 1 (required when ftol = 1e-04)"),
            REJECT(gtol, NaN,
                   "saddle::MoreThuenteOptions: gtol = nan violates 1e-04 <= gtol < 1 (required when ftol = 1e-04)"),
            REJECT(xtol, -tiny, "saddle::MoreThuenteOptions: xtol = -5e-324 violates 0 <= xtol < 1"),
            REJECT(xtol, 1.0, "saddle::MoreThuenteOptions: xtol = 1 violates 0 <= xtol < 1"),
            REJECT(xtol, NaN, "saddle::MoreThuenteOptions: xtol = nan violates 0 <= xtol < 1"),
            REJECT(min_step, -tiny, "saddle::MoreThuenteOptions: min_step = -5e-324 violates 0 <= min_step < inf"),
            REJECT(min_step, NaN, "saddle::MoreThuenteOptions: min_step = nan violates 0 <= min_step < inf"),
            REJECT(min_step, inf, "saddle::MoreThuenteOptions: min_step = inf violates 0 <= min_step < inf"),
            REJECT(max_step, 1e-20,
                   "saddle::MoreThuenteOptions: max_step = 1e-20 violates max_step > 1e-20 (required when min_step = "
                   "1e-20)"),
            REJECT(max_step, NaN,
                   "saddle::MoreThuenteOptions: max_step = nan violates max_step > 1e-20 (required when min_step = "
                   "1e-20)"),
            REJECT(max_evaluations, 0, "saddle::MoreThuenteOptions: max_evaluations = 0 violates max_evaluations >= 1"),
        },
        {
            ACCEPT(ftol, tiny),
            {"ftol = gtol = 0.9999999999999999",
             [](auto& o) {
               o.ftol = 0.9999999999999999;
               o.gtol = 0.9999999999999999;
             }},
            ACCEPT(gtol, 1e-4),
            ACCEPT(gtol, 0.9999999999999999),
            ACCEPT(xtol, 0.0),
            ACCEPT(min_step, 0.0),
            ACCEPT(max_step, inf),
            ACCEPT(max_step, std::nextafter(1e-20, 1.0)),
            ACCEPT(max_evaluations, 1),
        },
        [](const saddle::MoreThuenteOptions& o) {
          (void)saddle::MoreThuente(o);
          (void)saddle::LBFGS<double>({}, saddle::MoreThuente(o));
        });
  }
  SECTION("ArmijoOptions (owners: Armijo, LBFGS's line search)") {
    check_options<saddle::ArmijoOptions>(
        {},
        {
            REJECT(c1, 0.0, "saddle::ArmijoOptions: c1 = 0 violates 0 < c1 < 1"),
            REJECT(c1, 1.0, "saddle::ArmijoOptions: c1 = 1 violates 0 < c1 < 1"),
            REJECT(c1, NaN, "saddle::ArmijoOptions: c1 = nan violates 0 < c1 < 1"),
            REJECT(shrink, 0.0, "saddle::ArmijoOptions: shrink = 0 violates 0 < shrink < 1"),
            REJECT(shrink, 1.0, "saddle::ArmijoOptions: shrink = 1 violates 0 < shrink < 1"),
            REJECT(shrink, NaN, "saddle::ArmijoOptions: shrink = nan violates 0 < shrink < 1"),
            REJECT(min_step, -tiny, "saddle::ArmijoOptions: min_step = -5e-324 violates 0 <= min_step < inf"),
            REJECT(min_step, NaN, "saddle::ArmijoOptions: min_step = nan violates 0 <= min_step < inf"),
            REJECT(min_step, inf, "saddle::ArmijoOptions: min_step = inf violates 0 <= min_step < inf"),
            REJECT(max_evaluations, 0, "saddle::ArmijoOptions: max_evaluations = 0 violates max_evaluations >= 1"),
        },
        {
            ACCEPT(c1, tiny),
            ACCEPT(c1, 0.9999999999999999),
            ACCEPT(shrink, tiny),
            ACCEPT(shrink, 0.9999999999999999),
            ACCEPT(min_step, 0.0),
            ACCEPT(max_evaluations, 1),
        },
        [](const saddle::ArmijoOptions& o) {
          (void)saddle::Armijo(o);
          (void)saddle::LBFGS<double, saddle::Armijo>({}, saddle::Armijo(o));
        });
  }
}

TEST_CASE("options: LanczosOptions and TruncatedCGOptions") {
  SECTION("LanczosOptions (owners: Lanczos, lanczos(), top_eigenvalues())") {
    check_options<saddle::LanczosOptions>(
        {},
        {
            REJECT(max_iterations, 0, "saddle::LanczosOptions: max_iterations = 0 violates max_iterations >= 1"),
            REJECT(stop_below, NaN, "saddle::LanczosOptions: stop_below = nan violates stop_below is not NaN"),
            REJECT(stop_above, NaN, "saddle::LanczosOptions: stop_above = nan violates stop_above is not NaN"),
            REJECT(stop_above_failure, 0.0,
                   "saddle::LanczosOptions: stop_above_failure = 0 violates 0 < stop_above_failure < 1"),
            REJECT(stop_above_failure, 1.0,
                   "saddle::LanczosOptions: stop_above_failure = 1 violates 0 < stop_above_failure < 1"),
            REJECT(stop_above_failure, NaN,
                   "saddle::LanczosOptions: stop_above_failure = nan violates 0 < stop_above_failure < 1"),
            REJECT(tolerance, -tiny, "saddle::LanczosOptions: tolerance = -5e-324 violates 0 <= tolerance < inf"),
            REJECT(tolerance, NaN, "saddle::LanczosOptions: tolerance = nan violates 0 <= tolerance < inf"),
            REJECT(tolerance, inf, "saddle::LanczosOptions: tolerance = inf violates 0 <= tolerance < inf"),
            REJECT(wanted, 0, "saddle::LanczosOptions: wanted = 0 violates wanted >= 1"),
            REJECT(which, static_cast<saddle::Spectrum>(3),
                   "saddle::LanczosOptions: which = 3 violates which == smallest or which == largest or which == "
                   "both_ends"),
        },
        {
            ACCEPT(max_iterations, 1),
            ACCEPT(stop_below, inf),
            ACCEPT(stop_below, -inf),
            ACCEPT(stop_above, -inf),
            ACCEPT(stop_above, inf),
            ACCEPT(stop_above_failure, tiny),
            ACCEPT(stop_above_failure, 0.9999999999999999),
            ACCEPT(tolerance, 0.0),
            ACCEPT(wanted, 1),
            ACCEPT(which, saddle::Spectrum::largest),
            ACCEPT(which, saddle::Spectrum::both_ends),
        },
        [](const saddle::LanczosOptions& o) {
          (void)saddle::Lanczos<double>(3, o);
          (void)saddle::lanczos<double>(identity, 3, o);
        });
  }
  SECTION("TruncatedCGOptions (owner: TruncatedCG::solve)") {
    check_options<saddle::TruncatedCGOptions>(
        {},
        {
            REJECT(tolerance, -tiny, "saddle::TruncatedCGOptions: tolerance = -5e-324 violates 0 <= tolerance < inf"),
            REJECT(tolerance, NaN, "saddle::TruncatedCGOptions: tolerance = nan violates 0 <= tolerance < inf"),
            REJECT(tolerance, inf, "saddle::TruncatedCGOptions: tolerance = inf violates 0 <= tolerance < inf"),
            REJECT(max_iterations, -1, "saddle::TruncatedCGOptions: max_iterations = -1 violates max_iterations >= 0"),
            REJECT(radius, 0.0, "saddle::TruncatedCGOptions: radius = 0 violates radius > 0"),
            REJECT(radius, NaN, "saddle::TruncatedCGOptions: radius = nan violates radius > 0"),
            REJECT(damping, -tiny, "saddle::TruncatedCGOptions: damping = -5e-324 violates 0 <= damping < inf"),
            REJECT(damping, NaN, "saddle::TruncatedCGOptions: damping = nan violates 0 <= damping < inf"),
            REJECT(damping, inf, "saddle::TruncatedCGOptions: damping = inf violates 0 <= damping < inf"),
            REJECT(progress_tolerance, -tiny,
                   "saddle::TruncatedCGOptions: progress_tolerance = -5e-324 violates 0 <= progress_tolerance < inf"),
            REJECT(progress_tolerance, NaN,
                   "saddle::TruncatedCGOptions: progress_tolerance = nan violates 0 <= progress_tolerance < inf"),
            REJECT(progress_tolerance, inf,
                   "saddle::TruncatedCGOptions: progress_tolerance = inf violates 0 <= progress_tolerance < inf"),
        },
        {
            ACCEPT(tolerance, 0.0),
            ACCEPT(max_iterations, 0),
            ACCEPT(radius, tiny),
            ACCEPT(radius, inf),
            ACCEPT(damping, 0.0),
            ACCEPT(progress_tolerance, 0.0),
        },
        [](const saddle::TruncatedCGOptions& o) {
          saddle::TruncatedCG<double> cg;
          const Vector<double> g = vec({1.0, -1.0});
          Vector<double> p = Vector<double>::Zero(2);
          (void)cg.solve(identity, g, p, o);
        });
  }
}

TEST_CASE("options: NewtonCGOptions and TrustRegionNewtonCGOptions") {
  SECTION("NewtonCGOptions (owner: NewtonCG)") {
    check_options<saddle::NewtonCGOptions>(
        {},
        std::vector<Rejected<saddle::NewtonCGOptions>>{
            REJECT(initial_damping, -tiny,
                   "saddle::NewtonCGOptions: initial_damping = -5e-324 violates 0 <= initial_damping < inf"),
            REJECT(initial_damping, NaN,
                   "saddle::NewtonCGOptions: initial_damping = nan violates 0 <= initial_damping < inf"),
            REJECT(initial_damping, inf,
                   "saddle::NewtonCGOptions: initial_damping = inf violates 0 <= initial_damping < inf"),
            REJECT(damping_increase, 1.0,
                   "saddle::NewtonCGOptions: damping_increase = 1 violates 1 < damping_increase < inf"),
            REJECT(damping_increase, NaN,
                   "saddle::NewtonCGOptions: damping_increase = nan violates 1 < damping_increase < inf"),
            REJECT(damping_increase, inf,
                   "saddle::NewtonCGOptions: damping_increase = inf violates 1 < damping_increase < inf"),
            REJECT(damping_decrease, 0.0,
                   "saddle::NewtonCGOptions: damping_decrease = 0 violates 0 < damping_decrease < 1"),
            REJECT(damping_decrease, 1.0,
                   "saddle::NewtonCGOptions: damping_decrease = 1 violates 0 < damping_decrease < 1"),
            REJECT(damping_decrease, NaN,
                   "saddle::NewtonCGOptions: damping_decrease = nan violates 0 < damping_decrease < 1"),
            REJECT(min_damping, -tiny,
                   "saddle::NewtonCGOptions: min_damping = -5e-324 violates 0 <= min_damping < inf"),
            REJECT(min_damping, NaN, "saddle::NewtonCGOptions: min_damping = nan violates 0 <= min_damping < inf"),
            REJECT(min_damping, inf, "saddle::NewtonCGOptions: min_damping = inf violates 0 <= min_damping < inf"),
            REJECT(max_cg_iterations, 0,
                   "saddle::NewtonCGOptions: max_cg_iterations = 0 violates max_cg_iterations >= 1"),
            REJECT(cg_epsilon, 0.0, "saddle::NewtonCGOptions: cg_epsilon = 0 violates 0 < cg_epsilon < inf"),
            REJECT(cg_epsilon, NaN, "saddle::NewtonCGOptions: cg_epsilon = nan violates 0 < cg_epsilon < inf"),
            REJECT(cg_epsilon, inf, "saddle::NewtonCGOptions: cg_epsilon = inf violates 0 < cg_epsilon < inf"),
            REJECT(cg_backtrack_ratio, 1.0,
                   "saddle::NewtonCGOptions: cg_backtrack_ratio = 1 violates 1 < cg_backtrack_ratio < inf"),
            REJECT(cg_backtrack_ratio, NaN,
                   "saddle::NewtonCGOptions: cg_backtrack_ratio = nan violates 1 < cg_backtrack_ratio < inf"),
            REJECT(cg_backtrack_ratio, inf,
                   "saddle::NewtonCGOptions: cg_backtrack_ratio = inf violates 1 < cg_backtrack_ratio < inf"),
            REJECT(warm_start, -tiny, "saddle::NewtonCGOptions: warm_start = -5e-324 violates 0 <= warm_start <= 1"),
            REJECT(warm_start, 1.0000000000000002,
                   "saddle::NewtonCGOptions: warm_start = 1.0000000000000002 violates 0 <= warm_start <= 1"),
            REJECT(warm_start, NaN, "saddle::NewtonCGOptions: warm_start = nan violates 0 <= warm_start <= 1"),
            // the nested line search reports under its own struct's name
            REJECT(line_search.c1, 0.0, "saddle::ArmijoOptions: c1 = 0 violates 0 < c1 < 1"),
            REJECT(line_search.shrink, 1.0, "saddle::ArmijoOptions: shrink = 1 violates 0 < shrink < 1"),
            REJECT(line_search.min_step, NaN, "saddle::ArmijoOptions: min_step = nan violates 0 <= min_step < inf"),
            REJECT(line_search.max_evaluations, 0,
                   "saddle::ArmijoOptions: max_evaluations = 0 violates max_evaluations >= 1"),
            REJECT(hvp, static_cast<saddle::HvpMethod>(99),
                   "saddle::NewtonCGOptions: hvp = 99 violates hvp == automatic or hvp == analytic or hvp == "
                   "forward_mode or hvp == central_difference"),
        } + stop_rows<saddle::NewtonCGOptions>(),
        {
            ACCEPT(initial_damping, 0.0),
            ACCEPT(damping_increase, 1.0000000000000002),
            ACCEPT(damping_decrease, tiny),
            ACCEPT(damping_decrease, 0.9999999999999999),
            ACCEPT(min_damping, 0.0),
            ACCEPT(max_cg_iterations, 1),
            ACCEPT(cg_epsilon, tiny),
            ACCEPT(cg_backtrack_ratio, 1.0000000000000002),
            ACCEPT(warm_start, 0.0),
            ACCEPT(warm_start, 1.0),
            ACCEPT(hvp, saddle::HvpMethod::central_difference),
        },
        [](const saddle::NewtonCGOptions& o) { (void)saddle::NewtonCG<double>(o); });
  }
  SECTION("TrustRegionNewtonCGOptions (owner: TrustRegionNewtonCG)") {
    check_options<saddle::TrustRegionNewtonCGOptions>(
        {},
        std::vector<Rejected<saddle::TrustRegionNewtonCGOptions>>{
            REJECT(max_radius, 0.0, "saddle::TrustRegionNewtonCGOptions: max_radius = 0 violates 0 < max_radius < inf"),
            REJECT(max_radius, NaN,
                   "saddle::TrustRegionNewtonCGOptions: max_radius = nan violates 0 < max_radius < inf"),
            REJECT(max_radius, inf,
                   "saddle::TrustRegionNewtonCGOptions: max_radius = inf violates 0 < max_radius < inf"),
            REJECT(initial_radius, 0.0,
                   "saddle::TrustRegionNewtonCGOptions: initial_radius = 0 violates 0 < initial_radius <= 1e+10"),
            REJECT(initial_radius, 10000000000.000002,
                   "saddle::TrustRegionNewtonCGOptions: initial_radius = 10000000000.000002 violates 0 < "
                   "initial_radius <= 1e+10"),
            REJECT(initial_radius, NaN,
                   "saddle::TrustRegionNewtonCGOptions: initial_radius = nan violates 0 < initial_radius <= 1e+10"),
            REJECT(eta, -tiny, "saddle::TrustRegionNewtonCGOptions: eta = -5e-324 violates 0 <= eta < 0.25"),
            REJECT(eta, 0.25, "saddle::TrustRegionNewtonCGOptions: eta = 0.25 violates 0 <= eta < 0.25"),
            REJECT(eta, NaN, "saddle::TrustRegionNewtonCGOptions: eta = nan violates 0 <= eta < 0.25"),
            REJECT(forcing, 0.0, "saddle::TrustRegionNewtonCGOptions: forcing = 0 violates 0 < forcing < 1"),
            REJECT(forcing, 1.0, "saddle::TrustRegionNewtonCGOptions: forcing = 1 violates 0 < forcing < 1"),
            REJECT(forcing, NaN, "saddle::TrustRegionNewtonCGOptions: forcing = nan violates 0 < forcing < 1"),
            REJECT(max_cg_iterations, -1,
                   "saddle::TrustRegionNewtonCGOptions: max_cg_iterations = -1 violates max_cg_iterations >= 0"),
            REJECT(curvature_tolerance, -tiny,
                   "saddle::TrustRegionNewtonCGOptions: curvature_tolerance = -5e-324 violates 0 <= "
                   "curvature_tolerance < inf"),
            REJECT(curvature_tolerance, NaN,
                   "saddle::TrustRegionNewtonCGOptions: curvature_tolerance = nan violates 0 <= curvature_tolerance "
                   "< inf"),
            REJECT(curvature_tolerance, inf,
                   "saddle::TrustRegionNewtonCGOptions: curvature_tolerance = inf violates 0 <= curvature_tolerance "
                   "< inf"),
            REJECT(lanczos_iterations, 0,
                   "saddle::TrustRegionNewtonCGOptions: lanczos_iterations = 0 violates lanczos_iterations >= 1"),
            REJECT(failure_probability, 0.0,
                   "saddle::TrustRegionNewtonCGOptions: failure_probability = 0 violates 0 < failure_probability < 1"),
            REJECT(failure_probability, 1.0,
                   "saddle::TrustRegionNewtonCGOptions: failure_probability = 1 violates 0 < failure_probability < 1"),
            REJECT(failure_probability, NaN,
                   "saddle::TrustRegionNewtonCGOptions: failure_probability = nan violates 0 < failure_probability < "
                   "1"),
            REJECT(hvp, static_cast<saddle::HvpMethod>(-1),
                   "saddle::TrustRegionNewtonCGOptions: hvp = -1 violates hvp == automatic or hvp == analytic or hvp "
                   "== forward_mode or hvp == central_difference"),
        } + stop_rows<saddle::TrustRegionNewtonCGOptions>(),
        {
            ACCEPT(initial_radius, 1e10),
            ACCEPT(initial_radius, tiny),
            ACCEPT(eta, 0.0),
            ACCEPT(eta, 0.24999999999999997),
            ACCEPT(max_cg_iterations, 0),
            ACCEPT(curvature_tolerance, 0.0),
            ACCEPT(lanczos_iterations, 1),
            ACCEPT(failure_probability, tiny),
            ACCEPT(hvp, saddle::HvpMethod::forward_mode),
        },
        [](const saddle::TrustRegionNewtonCGOptions& o) { (void)saddle::TrustRegionNewtonCG<double>(o); });
  }
}

// ---------------------------------------------------------------------------------------------
// escape methods

namespace {

// The arguments of PerturbedGradientDescentOptions::theory and PerturbedAcceleratedGradientDescentOptions::theory.
struct TheoryArguments {
  double ell = 1.0;
  double rho = 1.0;
  double epsilon = 1e-2;
  double delta = 0.1;
  double delta_f = 1.0;
  Index dimension = 10;
  double c = 1.0;
};

}  // namespace

TEST_CASE(
    "options: PerturbedGradientDescentOptions, PerturbedAcceleratedGradientDescentOptions and PerturbationOptions") {
  SECTION("PerturbedGradientDescentOptions (owner: PerturbedGradientDescent)") {
    check_options<saddle::PerturbedGradientDescentOptions>(
        {},
        std::vector<Rejected<saddle::PerturbedGradientDescentOptions>>{
            REJECT(lr, 0.0, "saddle::PerturbedGradientDescentOptions: lr = 0 violates 0 < lr < inf"),
            REJECT(lr, NaN, "saddle::PerturbedGradientDescentOptions: lr = nan violates 0 < lr < inf"),
            REJECT(lr, inf, "saddle::PerturbedGradientDescentOptions: lr = inf violates 0 < lr < inf"),
            REJECT(radius, 0.0, "saddle::PerturbedGradientDescentOptions: radius = 0 violates 0 < radius < inf"),
            REJECT(radius, NaN, "saddle::PerturbedGradientDescentOptions: radius = nan violates 0 < radius < inf"),
            REJECT(radius, inf, "saddle::PerturbedGradientDescentOptions: radius = inf violates 0 < radius < inf"),
            REJECT(gradient_threshold, 0.0,
                   "saddle::PerturbedGradientDescentOptions: gradient_threshold = 0 violates 0 < gradient_threshold "
                   "< inf"),
            REJECT(gradient_threshold, NaN,
                   "saddle::PerturbedGradientDescentOptions: gradient_threshold = nan violates 0 < "
                   "gradient_threshold < inf"),
            REJECT(gradient_threshold, inf,
                   "saddle::PerturbedGradientDescentOptions: gradient_threshold = inf violates 0 < "
                   "gradient_threshold < inf"),
            REJECT(escape_steps, 0,
                   "saddle::PerturbedGradientDescentOptions: escape_steps = 0 violates escape_steps >= 1"),
            REJECT(function_threshold, -tiny,
                   "saddle::PerturbedGradientDescentOptions: function_threshold = -5e-324 violates 0 <= "
                   "function_threshold < inf"),
            REJECT(function_threshold, NaN,
                   "saddle::PerturbedGradientDescentOptions: function_threshold = nan violates 0 <= "
                   "function_threshold < inf"),
            REJECT(function_threshold, inf,
                   "saddle::PerturbedGradientDescentOptions: function_threshold = inf violates 0 <= "
                   "function_threshold < inf"),
            REJECT(shape, static_cast<saddle::PerturbationShape>(2),
                   "saddle::PerturbedGradientDescentOptions: shape = 2 violates shape == ball or shape == gaussian"),
        } + stop_rows<saddle::PerturbedGradientDescentOptions>(),
        {
            ACCEPT(lr, tiny),
            ACCEPT(radius, tiny),
            ACCEPT(gradient_threshold, tiny),
            ACCEPT(escape_steps, 1),
            ACCEPT(function_threshold, 0.0),
            ACCEPT(shape, saddle::PerturbationShape::gaussian),
        },
        [](const saddle::PerturbedGradientDescentOptions& o) { (void)saddle::PerturbedGradientDescent<double>(o); });
  }

  SECTION("PerturbedGradientDescentOptions::theory arguments") {
    constexpr auto owner = "saddle::PerturbedGradientDescentOptions::theory: ";
    const auto m = [&](const char* rest) { return std::string(owner) + rest; };
    check_arguments<TheoryArguments>({},
                                     {
                                         REJECT(ell, 0.0, m("ell = 0 violates 0 < ell < inf")),
                                         REJECT(ell, NaN, m("ell = nan violates 0 < ell < inf")),
                                         REJECT(ell, inf, m("ell = inf violates 0 < ell < inf")),
                                         REJECT(rho, 0.0, m("rho = 0 violates 0 < rho < inf")),
                                         REJECT(rho, NaN, m("rho = nan violates 0 < rho < inf")),
                                         REJECT(rho, inf, m("rho = inf violates 0 < rho < inf")),
                                         REJECT(epsilon, 0.0, m("epsilon = 0 violates 0 < epsilon < inf")),
                                         REJECT(epsilon, NaN, m("epsilon = nan violates 0 < epsilon < inf")),
                                         REJECT(epsilon, inf, m("epsilon = inf violates 0 < epsilon < inf")),
                                         REJECT(delta, 0.0, m("delta = 0 violates 0 < delta < 1")),
                                         REJECT(delta, 1.0, m("delta = 1 violates 0 < delta < 1")),
                                         REJECT(delta, NaN, m("delta = nan violates 0 < delta < 1")),
                                         REJECT(delta_f, 0.0, m("delta_f = 0 violates 0 < delta_f < inf")),
                                         REJECT(delta_f, NaN, m("delta_f = nan violates 0 < delta_f < inf")),
                                         REJECT(delta_f, inf, m("delta_f = inf violates 0 < delta_f < inf")),
                                         REJECT(dimension, 0, m("dimension = 0 violates dimension >= 1")),
                                         REJECT(c, 0.0, m("c = 0 violates 0 < c < inf")),
                                         REJECT(c, NaN, m("c = nan violates 0 < c < inf")),
                                         REJECT(c, inf, m("c = inf violates 0 < c < inf")),
                                         // in range, but a computed parameter is not: t_thres = chi / c^2 ... = inf,
                                         // r = sqrt(c) / chi^2 epsilon / ell = 0 (chi = inf)
                                         REJECT(c, 1e-200,
                                                m("escape_steps = inf violates 1 <= escape_steps < "
                                                  "9223372036854775808")),
                                         {"epsilon = 1e-300 with ell = 1e300",
                                          [](auto& a) {
                                            a.epsilon = 1e-300;
                                            a.ell = 1e300;
                                          },
                                          m("radius = 0 violates 0 < radius < inf")},
                                     },
                                     {ACCEPT(dimension, 1), ACCEPT(delta, 0.9999999999999999), ACCEPT(c, 0.5),
                                      ACCEPT(c, 1e-4)},
                                     [](const TheoryArguments& a) {
                                       const auto o = saddle::PerturbedGradientDescentOptions::theory(
                                           a.ell, a.rho, a.epsilon, a.delta, a.delta_f, a.dimension, a.c);
                                       (void)saddle::PerturbedGradientDescent<double>(o);
                                     });
  }

  SECTION("PerturbedAcceleratedGradientDescentOptions (owner: PerturbedAcceleratedGradientDescent)") {
    constexpr auto owner = "saddle::PerturbedAcceleratedGradientDescentOptions: ";
    const auto m = [&](const char* rest) { return std::string(owner) + rest; };
    check_options<saddle::PerturbedAcceleratedGradientDescentOptions>(
        {},
        std::vector<Rejected<saddle::PerturbedAcceleratedGradientDescentOptions>>{
            REJECT(lr, 0.0, m("lr = 0 violates 0 < lr < inf")),
            REJECT(lr, NaN, m("lr = nan violates 0 < lr < inf")),
            REJECT(lr, inf, m("lr = inf violates 0 < lr < inf")),
            REJECT(momentum, -tiny, m("momentum = -5e-324 violates 0 <= momentum < 1")),
            REJECT(momentum, 1.0, m("momentum = 1 violates 0 <= momentum < 1")),
            REJECT(momentum, NaN, m("momentum = nan violates 0 <= momentum < 1")),
            REJECT(nonconvexity, -tiny, m("nonconvexity = -5e-324 violates 0 <= nonconvexity < inf")),
            REJECT(nonconvexity, NaN, m("nonconvexity = nan violates 0 <= nonconvexity < inf")),
            REJECT(nonconvexity, inf, m("nonconvexity = inf violates 0 <= nonconvexity < inf")),
            REJECT(exploitation_step, 0.0, m("exploitation_step = 0 violates 0 < exploitation_step < inf")),
            REJECT(exploitation_step, NaN, m("exploitation_step = nan violates 0 < exploitation_step < inf")),
            REJECT(exploitation_step, inf, m("exploitation_step = inf violates 0 < exploitation_step < inf")),
            REJECT(radius, 0.0, m("radius = 0 violates 0 < radius < inf")),
            REJECT(radius, NaN, m("radius = nan violates 0 < radius < inf")),
            REJECT(radius, inf, m("radius = inf violates 0 < radius < inf")),
            REJECT(gradient_threshold, 0.0, m("gradient_threshold = 0 violates 0 < gradient_threshold < inf")),
            REJECT(gradient_threshold, NaN, m("gradient_threshold = nan violates 0 < gradient_threshold < inf")),
            REJECT(gradient_threshold, inf, m("gradient_threshold = inf violates 0 < gradient_threshold < inf")),
            REJECT(escape_steps, 0, m("escape_steps = 0 violates escape_steps >= 1")),
            REJECT(function_threshold, -tiny, m("function_threshold = -5e-324 violates 0 <= function_threshold < inf")),
            REJECT(function_threshold, NaN, m("function_threshold = nan violates 0 <= function_threshold < inf")),
            REJECT(function_threshold, inf, m("function_threshold = inf violates 0 <= function_threshold < inf")),
            REJECT(shape, static_cast<saddle::PerturbationShape>(-1),
                   m("shape = -1 violates shape == ball or shape == gaussian")),
        } + stop_rows<saddle::PerturbedAcceleratedGradientDescentOptions>(),
        {
            ACCEPT(lr, tiny),
            ACCEPT(momentum, 0.0),
            ACCEPT(momentum, 0.9999999999999999),
            ACCEPT(nonconvexity, 0.0),
            ACCEPT(exploitation_step, tiny),
            ACCEPT(radius, tiny),
            ACCEPT(gradient_threshold, tiny),
            ACCEPT(escape_steps, 1),
            ACCEPT(function_threshold, 0.0),
            ACCEPT(shape, saddle::PerturbationShape::gaussian),
        },
        [](const saddle::PerturbedAcceleratedGradientDescentOptions& o) {
          (void)saddle::PerturbedAcceleratedGradientDescent<double>(o);
        });
  }

  SECTION("PerturbedAcceleratedGradientDescentOptions::theory arguments") {
    constexpr auto owner = "saddle::PerturbedAcceleratedGradientDescentOptions::theory: ";
    const auto m = [&](const char* rest) { return std::string(owner) + rest; };
    check_arguments<TheoryArguments>(
        {},
        {
            REJECT(ell, 0.0, m("ell = 0 violates 0 < ell < inf")),
            REJECT(ell, NaN, m("ell = nan violates 0 < ell < inf")),
            REJECT(ell, inf, m("ell = inf violates 0 < ell < inf")),
            REJECT(rho, 0.0, m("rho = 0 violates 0 < rho < inf")),
            REJECT(rho, NaN, m("rho = nan violates 0 < rho < inf")),
            REJECT(rho, inf, m("rho = inf violates 0 < rho < inf")),
            REJECT(epsilon, 0.0, m("epsilon = 0 violates 0 < epsilon < inf")),
            REJECT(epsilon, NaN, m("epsilon = nan violates 0 < epsilon < inf")),
            REJECT(epsilon, inf, m("epsilon = inf violates 0 < epsilon < inf")),
            REJECT(delta, 0.0, m("delta = 0 violates 0 < delta < 1")),
            REJECT(delta, 1.0, m("delta = 1 violates 0 < delta < 1")),
            REJECT(delta, NaN, m("delta = nan violates 0 < delta < 1")),
            REJECT(delta_f, 0.0, m("delta_f = 0 violates 0 < delta_f < inf")),
            REJECT(delta_f, NaN, m("delta_f = nan violates 0 < delta_f < inf")),
            REJECT(delta_f, inf, m("delta_f = inf violates 0 < delta_f < inf")),
            REJECT(dimension, 0, m("dimension = 0 violates dimension >= 1")),
            REJECT(c, 0.9999999999999999, m("c = 0.9999999999999999 violates 1 <= c < inf")),
            REJECT(c, NaN, m("c = nan violates 1 <= c < inf")),
            REJECT(c, inf, m("c = inf violates 1 <= c < inf")),
            // in range, but a computed parameter is not: with chi = 1 and kappa = 1,
            // T = ceil(c) = 1e19 >= 2^63; with kappa = 1/100, theta = 2.5
            {"c = 1e19 with delta_f = delta = 0.1, d = 1",
             [](auto& a) {
               a.epsilon = 1.0;
               a.delta_f = 0.1;
               a.dimension = 1;
               a.c = 1e19;
             },
             m("escape_steps = 1e+19 violates 1 <= escape_steps < 9223372036854775808")},
            {"rho = 1e4 with epsilon = 1",
             [](auto& a) {
               a.rho = 1e4;
               a.epsilon = 1.0;
             },
             m("momentum = -1.5 violates 0 <= momentum < 1")},
        },
        {ACCEPT(dimension, 1), ACCEPT(c, 1.0), ACCEPT(c, 1e4)}, [](const TheoryArguments& a) {
          const auto o = saddle::PerturbedAcceleratedGradientDescentOptions::theory(a.ell, a.rho, a.epsilon, a.delta,
                                                                                    a.delta_f, a.dimension, a.c);
          (void)saddle::PerturbedAcceleratedGradientDescent<double>(o);
        });
  }

  SECTION("PerturbationOptions (owner: perturbed(stepper, options))") {
    check_options<saddle::PerturbationOptions>(
        {},
        {
            REJECT(shape, static_cast<saddle::PerturbationShape>(7),
                   "saddle::PerturbationOptions: shape = 7 violates shape == ball or shape == gaussian"),
            REJECT(radius, 0.0, "saddle::PerturbationOptions: radius = 0 violates 0 < radius < inf"),
            REJECT(radius, NaN, "saddle::PerturbationOptions: radius = nan violates 0 < radius < inf"),
            REJECT(radius, inf, "saddle::PerturbationOptions: radius = inf violates 0 < radius < inf"),
            REJECT(gradient_threshold, 0.0,
                   "saddle::PerturbationOptions: gradient_threshold = 0 violates 0 < gradient_threshold < inf"),
            REJECT(gradient_threshold, NaN,
                   "saddle::PerturbationOptions: gradient_threshold = nan violates 0 < gradient_threshold < inf"),
            REJECT(gradient_threshold, inf,
                   "saddle::PerturbationOptions: gradient_threshold = inf violates 0 < gradient_threshold < inf"),
            REJECT(escape_steps, 0, "saddle::PerturbationOptions: escape_steps = 0 violates escape_steps >= 1"),
        },
        {
            ACCEPT(shape, saddle::PerturbationShape::gaussian),
            ACCEPT(radius, tiny),
            ACCEPT(gradient_threshold, tiny),
            ACCEPT(escape_steps, 1),
        },
        [](const saddle::PerturbationOptions& o) { (void)saddle::perturbed(sgd(), o); });
  }
}

TEST_CASE(
    "options: CurvatureStepOptions in every method, SaddleGuardOptions, NegativeCurvatureDescentOptions, "
    "SaddleFreeNewtonOptions and CubicRegularizationOptions") {
  SECTION("CurvatureStepOptions, under the name of each struct that holds it") {
    // Each row's message without the "saddle::<owner>: " prefix, which names the holder.
    const std::vector<Rejected<saddle::CurvatureStepOptions>> rows = {
        REJECT(curvature_tolerance, -tiny, "curvature_tolerance = -5e-324 violates 0 <= curvature_tolerance < inf"),
        REJECT(curvature_tolerance, NaN, "curvature_tolerance = nan violates 0 <= curvature_tolerance < inf"),
        REJECT(curvature_tolerance, inf, "curvature_tolerance = inf violates 0 <= curvature_tolerance < inf"),
        REJECT(lanczos_iterations, 0, "lanczos_iterations = 0 violates lanczos_iterations >= 1"),
        REJECT(failure_probability, 0.0, "failure_probability = 0 violates 0 < failure_probability < 1"),
        REJECT(failure_probability, 1.0, "failure_probability = 1 violates 0 < failure_probability < 1"),
        REJECT(failure_probability, NaN, "failure_probability = nan violates 0 < failure_probability < 1"),
        REJECT(hessian_lipschitz, -tiny, "hessian_lipschitz = -5e-324 violates 0 <= hessian_lipschitz < inf"),
        REJECT(hessian_lipschitz, NaN, "hessian_lipschitz = nan violates 0 <= hessian_lipschitz < inf"),
        REJECT(hessian_lipschitz, inf, "hessian_lipschitz = inf violates 0 <= hessian_lipschitz < inf"),
        REJECT(initial_step, 0.0, "initial_step = 0 violates 0 < initial_step < inf"),
        REJECT(initial_step, NaN, "initial_step = nan violates 0 < initial_step < inf"),
        REJECT(initial_step, inf, "initial_step = inf violates 0 < initial_step < inf"),
        REJECT(max_step_trials, 0, "max_step_trials = 0 violates max_step_trials >= 1"),
        REJECT(hvp, static_cast<saddle::HvpMethod>(4),
               "hvp = 4 violates hvp == automatic or hvp == analytic or hvp == forward_mode or hvp == "
               "central_difference"),
    };
    const std::vector<Accepted<saddle::CurvatureStepOptions>> accepted = {
        ACCEPT(curvature_tolerance, 0.0),  ACCEPT(lanczos_iterations, 1),
        ACCEPT(failure_probability, tiny), ACCEPT(failure_probability, 0.9999999999999999),
        ACCEPT(hessian_lipschitz, 0.0),    ACCEPT(initial_step, tiny),
        ACCEPT(max_step_trials, 1),        ACCEPT(hvp, saddle::HvpMethod::analytic),
    };
    struct Holder {
      std::string name;
      std::function<void(const saddle::CurvatureStepOptions&)> construct;
    };
    const std::vector<Holder> holders = {
        {"CurvatureStepOptions", [](const saddle::CurvatureStepOptions& c) { c.validate(); }},
        {"SaddleGuardOptions::curvature",
         [](const saddle::CurvatureStepOptions& c) {
           const saddle::SaddleGuardOptions o{.curvature = c};
           o.validate();
           (void)saddle::guarded(saddle::LBFGS<double>{}, o);
         }},
        {"NegativeCurvatureDescentOptions::curvature",
         [](const saddle::CurvatureStepOptions& c) {
           const saddle::NegativeCurvatureDescentOptions o{.curvature = c};
           o.validate();
           (void)saddle::NegativeCurvatureDescent<double>(o);
         }},
        {"SaddleFreeNewtonOptions::curvature",
         [](const saddle::CurvatureStepOptions& c) {
           (void)saddle::SaddleFreeNewton<double>(saddle::SaddleFreeNewtonOptions{.curvature = c});
         }},
        {"CubicRegularizationOptions::curvature",
         [](const saddle::CurvatureStepOptions& c) {
           (void)saddle::CubicRegularization<double>(saddle::CubicRegularizationOptions{.curvature = c});
         }},
    };
    for (const auto& holder : holders) {
      INFO("held by " << holder.name);
      CHECK_NOTHROW(holder.construct({}));
      for (const auto& row : rows) {
        saddle::CurvatureStepOptions c;
        row.set(c);
        const std::string message = "saddle::" + holder.name + ": " + row.message;
        INFO("rejected " << row.field << ": " << message);
        CHECK_THROWS_WITH(holder.construct(c), message);
        CHECK_THROWS_AS(holder.construct(c), std::invalid_argument);
      }
      for (const auto& row : accepted) {
        saddle::CurvatureStepOptions c;
        row.set(c);
        INFO("accepted " << row.what);
        CHECK_NOTHROW(holder.construct(c));
      }
    }
  }

  SECTION("SaddleGuardOptions (owner: guarded(method, options))") {
    check_options<saddle::SaddleGuardOptions>(
        {}, {REJECT(max_escapes, -1, "saddle::SaddleGuardOptions: max_escapes = -1 violates max_escapes >= 0")},
        {ACCEPT(max_escapes, 0)},
        [](const saddle::SaddleGuardOptions& o) { (void)saddle::guarded(saddle::LBFGS<double>{}, o); });
  }

  SECTION("NegativeCurvatureDescentOptions (owner: NegativeCurvatureDescent)") {
    check_options<saddle::NegativeCurvatureDescentOptions>(
        {},
        std::vector<Rejected<saddle::NegativeCurvatureDescentOptions>>{
            REJECT(lr, 0.0, "saddle::NegativeCurvatureDescentOptions: lr = 0 violates 0 < lr < inf"),
            REJECT(lr, NaN, "saddle::NegativeCurvatureDescentOptions: lr = nan violates 0 < lr < inf"),
            REJECT(lr, inf, "saddle::NegativeCurvatureDescentOptions: lr = inf violates 0 < lr < inf"),
        } + stop_rows<saddle::NegativeCurvatureDescentOptions>(),
        {ACCEPT(lr, tiny)},
        [](const saddle::NegativeCurvatureDescentOptions& o) { (void)saddle::NegativeCurvatureDescent<double>(o); });
  }

  SECTION("SaddleFreeNewtonOptions (owner: SaddleFreeNewton, which validates them)") {
    check_arguments<saddle::SaddleFreeNewtonOptions>(
        {},
        std::vector<Rejected<saddle::SaddleFreeNewtonOptions>>{
            REJECT(krylov_dimension, 0,
                   "saddle::SaddleFreeNewtonOptions: krylov_dimension = 0 violates krylov_dimension >= 1"),
            REJECT(damping, 0.0, "saddle::SaddleFreeNewtonOptions: damping = 0 violates 0 < damping < inf"),
            REJECT(damping, NaN, "saddle::SaddleFreeNewtonOptions: damping = nan violates 0 < damping < inf"),
            REJECT(damping, inf, "saddle::SaddleFreeNewtonOptions: damping = inf violates 0 < damping < inf"),
            REJECT(eigenvalue_floor, -tiny,
                   "saddle::SaddleFreeNewtonOptions: eigenvalue_floor = -5e-324 violates 0 <= eigenvalue_floor < inf"),
            REJECT(eigenvalue_floor, NaN,
                   "saddle::SaddleFreeNewtonOptions: eigenvalue_floor = nan violates 0 <= eigenvalue_floor < inf"),
            REJECT(eigenvalue_floor, inf,
                   "saddle::SaddleFreeNewtonOptions: eigenvalue_floor = inf violates 0 <= eigenvalue_floor < inf"),
            // the nested line search reports under its own struct's name
            REJECT(line_search.c1, 1.0, "saddle::ArmijoOptions: c1 = 1 violates 0 < c1 < 1"),
            REJECT(line_search.max_evaluations, 0,
                   "saddle::ArmijoOptions: max_evaluations = 0 violates max_evaluations >= 1"),
        } + stop_rows<saddle::SaddleFreeNewtonOptions>(),
        {ACCEPT(krylov_dimension, 1), ACCEPT(damping, tiny), ACCEPT(eigenvalue_floor, 0.0)},
        [](const saddle::SaddleFreeNewtonOptions& o) { (void)saddle::SaddleFreeNewton<double>(o); });
  }

  SECTION("CubicRegularizationOptions (owner: CubicRegularization, which validates them)") {
    constexpr auto owner = "saddle::CubicRegularizationOptions: ";
    const auto m = [&](const char* rest) { return std::string(owner) + rest; };
    check_arguments<saddle::CubicRegularizationOptions>(
        {},
        std::vector<Rejected<saddle::CubicRegularizationOptions>>{
            REJECT(initial_sigma, 0.0, m("initial_sigma = 0 violates 0 < initial_sigma < inf")),
            REJECT(initial_sigma, NaN, m("initial_sigma = nan violates 0 < initial_sigma < inf")),
            REJECT(initial_sigma, inf, m("initial_sigma = inf violates 0 < initial_sigma < inf")),
            REJECT(min_sigma, 0.0, m("min_sigma = 0 violates 0 < min_sigma <= 1")),
            REJECT(min_sigma, 1.0000000000000002, m("min_sigma = 1.0000000000000002 violates 0 < min_sigma <= 1")),
            REJECT(min_sigma, NaN, m("min_sigma = nan violates 0 < min_sigma <= 1")),
            REJECT(eta2, 0.0, m("eta2 = 0 violates 0 < eta2 < 1")),
            REJECT(eta2, 1.0, m("eta2 = 1 violates 0 < eta2 < 1")),
            REJECT(eta2, NaN, m("eta2 = nan violates 0 < eta2 < 1")),
            REJECT(eta1, 0.0, m("eta1 = 0 violates 0 < eta1 <= 0.9")),
            REJECT(eta1, 0.9000000000000001, m("eta1 = 0.9000000000000001 violates 0 < eta1 <= 0.9")),
            REJECT(eta1, NaN, m("eta1 = nan violates 0 < eta1 <= 0.9")),
            REJECT(gamma, 1.0, m("gamma = 1 violates 1 < gamma < inf")),
            REJECT(gamma, NaN, m("gamma = nan violates 1 < gamma < inf")),
            REJECT(gamma, inf, m("gamma = inf violates 1 < gamma < inf")),
            REJECT(krylov_dimension, 0, m("krylov_dimension = 0 violates krylov_dimension >= 1")),
        } + stop_rows<saddle::CubicRegularizationOptions>(),
        {
            ACCEPT(min_sigma, 1.0),
            ACCEPT(min_sigma, tiny),
            ACCEPT(eta1, 0.9),
            ACCEPT(eta1, tiny),
            ACCEPT(eta2, 0.9999999999999999),
            ACCEPT(gamma, 1.0000000000000002),
            ACCEPT(krylov_dimension, 1),
        },
        [](const saddle::CubicRegularizationOptions& o) { (void)saddle::CubicRegularization<double>(o); });
  }
}

// ---------------------------------------------------------------------------------------------
// diagnostics

TEST_CASE("options: ClassifyOptions, LocateCriticalPointOptions and PlateauMonitorOptions") {
  auto f = saddle_2d();
  const Vector<double> x = vec({0.3, -0.2});

  SECTION("ClassifyOptions (owner: classify_critical_point)") {
    check_options<saddle::ClassifyOptions>(
        {},
        {
            REJECT(gradient_tolerance, -tiny,
                   "saddle::ClassifyOptions: gradient_tolerance = -5e-324 violates 0 <= gradient_tolerance < inf"),
            REJECT(gradient_tolerance, NaN,
                   "saddle::ClassifyOptions: gradient_tolerance = nan violates 0 <= gradient_tolerance < inf"),
            REJECT(gradient_tolerance, inf,
                   "saddle::ClassifyOptions: gradient_tolerance = inf violates 0 <= gradient_tolerance < inf"),
            REJECT(curvature_tolerance, 0.0,
                   "saddle::ClassifyOptions: curvature_tolerance = 0 violates 0 < curvature_tolerance < inf"),
            REJECT(curvature_tolerance, NaN,
                   "saddle::ClassifyOptions: curvature_tolerance = nan violates 0 < curvature_tolerance < inf"),
            REJECT(curvature_tolerance, inf,
                   "saddle::ClassifyOptions: curvature_tolerance = inf violates 0 < curvature_tolerance < inf"),
            REJECT(curvature_scale, -tiny,
                   "saddle::ClassifyOptions: curvature_scale = -5e-324 violates 0 <= curvature_scale < inf"),
            REJECT(curvature_scale, NaN,
                   "saddle::ClassifyOptions: curvature_scale = nan violates 0 <= curvature_scale < inf"),
            REJECT(curvature_scale, inf,
                   "saddle::ClassifyOptions: curvature_scale = inf violates 0 <= curvature_scale < inf"),
            REJECT(dense_dimension, -1, "saddle::ClassifyOptions: dense_dimension = -1 violates dense_dimension >= 0"),
            REJECT(lanczos_iterations, 1,
                   "saddle::ClassifyOptions: lanczos_iterations = 1 violates lanczos_iterations >= 2"),
            REJECT(max_deflated, 0, "saddle::ClassifyOptions: max_deflated = 0 violates max_deflated >= 1"),
            REJECT(probes, 0, "saddle::ClassifyOptions: probes = 0 violates probes >= 1"),
            REJECT(hvp, static_cast<saddle::HvpMethod>(99),
                   "saddle::ClassifyOptions: hvp = 99 violates hvp == automatic or hvp == analytic or hvp == "
                   "forward_mode or hvp == central_difference"),
        },
        {
            ACCEPT(gradient_tolerance, 0.0),
            ACCEPT(curvature_tolerance, tiny),
            ACCEPT(curvature_scale, 0.0),
            ACCEPT(dense_dimension, 0),
            ACCEPT(lanczos_iterations, 2),
            ACCEPT(max_deflated, 1),
            ACCEPT(probes, 1),
            ACCEPT(hvp, saddle::HvpMethod::central_difference),
        },
        [&](const saddle::ClassifyOptions& o) { (void)saddle::classify_critical_point(f, x, o); });
  }

  SECTION("LocateCriticalPointOptions (owner: locate_critical_point)") {
    constexpr auto owner = "saddle::LocateCriticalPointOptions: ";
    const auto m = [&](const char* rest) { return std::string(owner) + rest; };
    check_options<saddle::LocateCriticalPointOptions>(
        {},
        {
            REJECT(max_iterations, 0, m("max_iterations = 0 violates max_iterations >= 1")),
            REJECT(gradient_reduction, -tiny, m("gradient_reduction = -5e-324 violates 0 <= gradient_reduction < 1")),
            REJECT(gradient_reduction, 1.0, m("gradient_reduction = 1 violates 0 <= gradient_reduction < 1")),
            REJECT(gradient_reduction, NaN, m("gradient_reduction = nan violates 0 <= gradient_reduction < 1")),
            REJECT(gradient_tolerance, -tiny, m("gradient_tolerance = -5e-324 violates 0 <= gradient_tolerance < inf")),
            REJECT(gradient_tolerance, NaN, m("gradient_tolerance = nan violates 0 <= gradient_tolerance < inf")),
            REJECT(gradient_tolerance, inf, m("gradient_tolerance = inf violates 0 <= gradient_tolerance < inf")),
            REJECT(singular_tolerance, -tiny, m("singular_tolerance = -5e-324 violates 0 <= singular_tolerance < 1")),
            REJECT(singular_tolerance, 1.0, m("singular_tolerance = 1 violates 0 <= singular_tolerance < 1")),
            REJECT(singular_tolerance, NaN, m("singular_tolerance = nan violates 0 <= singular_tolerance < 1")),
            REJECT(dense_dimension, -1, m("dense_dimension = -1 violates dense_dimension >= 0")),
            REJECT(lanczos_iterations, 1, m("lanczos_iterations = 1 violates lanczos_iterations >= 2")),
            REJECT(hvp, static_cast<saddle::HvpMethod>(99),
                   m("hvp = 99 violates hvp == automatic or hvp == analytic or hvp == forward_mode or hvp == "
                     "central_difference")),
        },
        {
            ACCEPT(max_iterations, 1),
            ACCEPT(gradient_reduction, 0.0),
            ACCEPT(gradient_reduction, 0.9999999999999999),
            ACCEPT(gradient_tolerance, 0.0),
            ACCEPT(singular_tolerance, 0.0),
            ACCEPT(singular_tolerance, 0.9999999999999999),
            ACCEPT(dense_dimension, 0),
            ACCEPT(lanczos_iterations, 2),
            ACCEPT(hvp, saddle::HvpMethod::central_difference),
        },
        [&](const saddle::LocateCriticalPointOptions& o) { (void)saddle::locate_critical_point(f, x, o); });
  }

  SECTION("PlateauMonitorOptions (owner: PlateauMonitor)") {
    check_options<saddle::PlateauMonitorOptions>(
        {},
        {
            REJECT(window, 0, "saddle::PlateauMonitorOptions: window = 0 violates 1 <= window <= 16777216"),
            REJECT(window, 16777217,
                   "saddle::PlateauMonitorOptions: window = 16777217 violates 1 <= window <= 16777216"),
            REJECT(window, std::numeric_limits<std::int64_t>::max(),
                   "saddle::PlateauMonitorOptions: window = 9223372036854775807 violates 1 <= window <= 16777216"),
            REJECT(relative_improvement, -tiny,
                   "saddle::PlateauMonitorOptions: relative_improvement = -5e-324 violates 0 <= relative_improvement "
                   "< inf"),
            REJECT(relative_improvement, NaN,
                   "saddle::PlateauMonitorOptions: relative_improvement = nan violates 0 <= relative_improvement < "
                   "inf"),
            REJECT(relative_improvement, inf,
                   "saddle::PlateauMonitorOptions: relative_improvement = inf violates 0 <= relative_improvement < "
                   "inf"),
            REJECT(gradient_growth, 0.9999999999999999,
                   "saddle::PlateauMonitorOptions: gradient_growth = 0.9999999999999999 violates 1 <= "
                   "gradient_growth < inf"),
            REJECT(gradient_growth, NaN,
                   "saddle::PlateauMonitorOptions: gradient_growth = nan violates 1 <= gradient_growth < inf"),
            REJECT(gradient_growth, inf,
                   "saddle::PlateauMonitorOptions: gradient_growth = inf violates 1 <= gradient_growth < inf"),
            // the nested options report under their own struct's name
            REJECT(classify_options.probes, 0, "saddle::ClassifyOptions: probes = 0 violates probes >= 1"),
            REJECT(locate_options.max_iterations, 0,
                   "saddle::LocateCriticalPointOptions: max_iterations = 0 violates max_iterations >= 1"),
        },
        {ACCEPT(window, 1), ACCEPT(relative_improvement, 0.0), ACCEPT(gradient_growth, 1.0)},
        [&](const saddle::PlateauMonitorOptions& o) { (void)saddle::PlateauMonitor<decltype(f), double>(f, o); });
    // The largest window passes validate() (not constructed here: its rings would take 256 MiB).
    CHECK(saddle::PlateauMonitorOptions::max_window == 16777216);
    CHECK_NOTHROW(saddle::PlateauMonitorOptions{.window = saddle::PlateauMonitorOptions::max_window}.validate());
  }
}

TEST_CASE("options: spectral diagnostics, HvpCheckOptions and SliceRange") {
  SECTION("CountNegativeEigenvaluesOptions (owner: count_negative_eigenvalues)") {
    constexpr auto owner = "saddle::CountNegativeEigenvaluesOptions: ";
    const auto m = [&](const char* rest) { return std::string(owner) + rest; };
    check_options<saddle::CountNegativeEigenvaluesOptions>(
        {},
        {
            REJECT(tolerance, -tiny, m("tolerance = -5e-324 violates 0 <= tolerance < inf")),
            REJECT(tolerance, NaN, m("tolerance = nan violates 0 <= tolerance < inf")),
            REJECT(tolerance, inf, m("tolerance = inf violates 0 <= tolerance < inf")),
            REJECT(max_count, -1, m("max_count = -1 violates max_count >= 0")),
            REJECT(lanczos_iterations, 1, m("lanczos_iterations = 1 violates lanczos_iterations >= 2")),
            REJECT(shift, -tiny, m("shift = -5e-324 violates 0 <= shift < inf")),
            REJECT(shift, NaN, m("shift = nan violates 0 <= shift < inf")),
            REJECT(shift, inf, m("shift = inf violates 0 <= shift < inf")),
        },
        {ACCEPT(tolerance, 0.0), ACCEPT(max_count, 0), ACCEPT(max_count, std::numeric_limits<std::int64_t>::max()),
         ACCEPT(lanczos_iterations, 2), ACCEPT(shift, 0.0)},
        [](const saddle::CountNegativeEigenvaluesOptions& o) {
          (void)saddle::count_negative_eigenvalues<double>(identity, 3, o);
        });
    // max_count = INT64_MAX is no limit: every negative eigenvalue is found.
    const auto negated = [](const Vector<double>& v, Vector<double>& hv) { hv = -v; };
    const auto all =
        saddle::count_negative_eigenvalues<double>(negated, 3, {.max_count = std::numeric_limits<std::int64_t>::max()});
    CHECK(all.count == 3);
    CHECK(all.complete);
  }
  SECTION("HutchinsonTraceOptions (owner: hutchinson_trace)") {
    check_options<saddle::HutchinsonTraceOptions>(
        {}, {REJECT(probes, 1, "saddle::HutchinsonTraceOptions: probes = 1 violates probes >= 2")}, {ACCEPT(probes, 2)},
        [](const saddle::HutchinsonTraceOptions& o) { (void)saddle::hutchinson_trace<double>(identity, 3, o); });
  }
  SECTION("PowerIterationOptions (owner: power_iteration)") {
    check_options<saddle::PowerIterationOptions>(
        {},
        {
            REJECT(max_iterations, 0, "saddle::PowerIterationOptions: max_iterations = 0 violates max_iterations >= 1"),
            REJECT(tolerance, -tiny,
                   "saddle::PowerIterationOptions: tolerance = -5e-324 violates 0 <= tolerance < inf"),
            REJECT(tolerance, NaN, "saddle::PowerIterationOptions: tolerance = nan violates 0 <= tolerance < inf"),
            REJECT(tolerance, inf, "saddle::PowerIterationOptions: tolerance = inf violates 0 <= tolerance < inf"),
        },
        {ACCEPT(max_iterations, 1), ACCEPT(tolerance, 0.0)},
        [](const saddle::PowerIterationOptions& o) { (void)saddle::power_iteration<double>(identity, 3, o); });
  }
  SECTION("SpectralDensityOptions (owner: spectral_density)") {
    check_options<saddle::SpectralDensityOptions>(
        {},
        {
            REJECT(probes, 0, "saddle::SpectralDensityOptions: probes = 0 violates probes >= 1"),
            REJECT(iterations, 1, "saddle::SpectralDensityOptions: iterations = 1 violates iterations >= 2"),
        },
        {ACCEPT(probes, 1), ACCEPT(iterations, 2)},
        [](const saddle::SpectralDensityOptions& o) { (void)saddle::spectral_density<double>(identity, 3, o); });
  }
  SECTION("HvpCheckOptions (owner: check_hvp)") {
    auto f = saddle_2d();
    const Vector<double> x = vec({0.3, -0.2});
    check_options<saddle::HvpCheckOptions>(
        {},
        {
            REJECT(directions, 0, "saddle::HvpCheckOptions: directions = 0 violates directions >= 1"),
            REJECT(tolerance, -tiny, "saddle::HvpCheckOptions: tolerance = -5e-324 violates 0 <= tolerance < inf"),
            REJECT(tolerance, NaN, "saddle::HvpCheckOptions: tolerance = nan violates 0 <= tolerance < inf"),
            REJECT(tolerance, inf, "saddle::HvpCheckOptions: tolerance = inf violates 0 <= tolerance < inf"),
        },
        {ACCEPT(directions, 1), ACCEPT(tolerance, 0.0)},
        [&](const saddle::HvpCheckOptions& o) { (void)saddle::check_hvp(f, x, o); });
  }
  SECTION("SliceRange (owners: slice_1d, slice_2d)") {
    auto f = saddle_2d();
    const Vector<double> origin = vec({0.0, 0.0});
    const Vector<double> d1 = vec({1.0, 0.0});
    const Vector<double> d2 = vec({0.0, 1.0});
    check_options<saddle::SliceRange>(
        {},
        {
            REJECT(points, 1, "saddle::SliceRange: points = 1 violates points >= 2"),
            REJECT(from, NaN, "saddle::SliceRange: from = nan violates -inf < from < inf"),
            REJECT(from, -inf, "saddle::SliceRange: from = -inf violates -inf < from < inf"),
            REJECT(from, inf, "saddle::SliceRange: from = inf violates -inf < from < inf"),
            REJECT(to, -1.0, "saddle::SliceRange: to = -1 violates -1 < to < inf (required when from = -1)"),
            REJECT(to, NaN, "saddle::SliceRange: to = nan violates -1 < to < inf (required when from = -1)"),
            REJECT(to, inf, "saddle::SliceRange: to = inf violates -1 < to < inf (required when from = -1)"),
            {"from = 1 with to = 1", [](auto& o) { o.from = 1.0; },
             "saddle::SliceRange: to = 1 violates 1 < to < inf (required when from = 1)"},
        },
        {ACCEPT(points, 2), ACCEPT(to, -0.9999999999999999), ACCEPT(from, 0.9999999999999999)},
        [&](const saddle::SliceRange& o) {
          (void)saddle::slice_1d(f, origin, d1, o);
          (void)saddle::slice_2d(f, origin, d1, d2, o, saddle::SliceRange{});
          (void)saddle::slice_2d(f, origin, d1, d2, saddle::SliceRange{}, o);
        });
  }
}

TEST_CASE("options: dimensions and counts passed to the spectral functions") {
  // n of Lanczos and of the spectral diagnostics, k of top_eigenvalues.
  REQUIRE_THROWS_WITH(saddle::Lanczos<double>(0), "saddle::Lanczos: n = 0 violates n >= 1");
  REQUIRE_THROWS_WITH(saddle::lanczos<double>(identity, 0), "saddle::Lanczos: n = 0 violates n >= 1");
  REQUIRE_THROWS_WITH(saddle::lanczos(identity, Vector<double>()),
                      "saddle::lanczos: start.size() = 0 violates start.size() >= 1");
  REQUIRE_THROWS_WITH(saddle::top_eigenvalues<double>(identity, 0, 1),
                      "saddle::top_eigenvalues: n = 0 violates n >= 1");
  REQUIRE_THROWS_WITH(saddle::top_eigenvalues<double>(identity, 3, 0),
                      "saddle::top_eigenvalues: k = 0 violates 1 <= k <= 3");
  REQUIRE_THROWS_WITH(saddle::top_eigenvalues<double>(identity, 3, 4),
                      "saddle::top_eigenvalues: k = 4 violates 1 <= k <= 3");
  REQUIRE_THROWS_WITH(saddle::count_negative_eigenvalues<double>(identity, 0),
                      "saddle::count_negative_eigenvalues: n = 0 violates n >= 1");
  CHECK_NOTHROW(saddle::top_eigenvalues<double>(identity, 3, 3));
  CHECK_NOTHROW(saddle::top_eigenvalues<double>(identity, 1, 1));
  CHECK_NOTHROW(saddle::Lanczos<double>(1));
}

// ---------------------------------------------------------------------------------------------
// landscapes: their constructor arguments

namespace {

struct HouseholderArguments {
  Index dimension = 3;
  int reflections = 3;
};
struct OrthogonalQuarticArguments {
  Index d = 2;
  double mu = 2.0;
};
struct IllConditionedArguments {
  Index n = 3;
  double condition = 10.0;
};
struct RosenbrockArguments {
  Index n = 2;
  ls::RosenbrockForm form = ls::RosenbrockForm::chained;
};
struct ScalarDeepLinearArguments {
  Index k = 2;
  double s = 1.0;
};
struct MatrixFactorizationArguments {
  Matrix<double> target = Matrix<double>::Identity(2, 2);
  Index rank = 1;
  double init_scale = 1e-3;
};
struct RandomMatrixFactorizationArguments {
  std::vector<double> eigenvalues{2.0, 1.0};
  Index r = 1;
};
struct DeepLinearNetworkArguments {
  std::vector<Index> widths{2, 2, 2};
  Matrix<double> target = Matrix<double>::Identity(2, 2);
  double init_scale = 1e-3;
};
struct RandomDeepLinearNetworkArguments {
  std::vector<Index> widths{2, 3, 2};
  std::vector<double> singular_values{1.0};
  double init_scale = 1e-3;
};

}  // namespace

TEST_CASE("options: landscape constructor arguments") {
  SECTION("Householder(dimension, reflections)") {
    check_arguments<HouseholderArguments>(
        {},
        {
            REJECT(dimension, 0, "saddle::landscapes::Householder: dimension = 0 violates dimension >= 1"),
            REJECT(reflections, -1, "saddle::landscapes::Householder: reflections = -1 violates reflections >= 0"),
        },
        {ACCEPT(dimension, 1), ACCEPT(reflections, 0)},
        [](const HouseholderArguments& a) { (void)ls::Householder<double>(a.dimension, a.reflections); });
  }
  SECTION("ExtendedPowellSingular(n)") {
    check_arguments<Index>(
        4,
        {
            {"n", [](Index& n) { n = 0; }, "saddle::landscapes::ExtendedPowellSingular: n = 0 violates n >= 4"},
            {"n", [](Index& n) { n = 6; }, "saddle::landscapes::ExtendedPowellSingular: n = 6 violates n % 4 == 0"},
        },
        {{"n = 8", [](Index& n) { n = 8; }}}, [](Index n) { (void)ls::ExtendedPowellSingular<double>(n); });
  }
  SECTION("StyblinskiTang(d)") {
    check_arguments<Index>(
        2, {{"d", [](Index& d) { d = 0; }, "saddle::landscapes::StyblinskiTang: d = 0 violates d >= 1"}},
        {{"d = 1", [](Index& d) { d = 1; }}}, [](Index d) { (void)ls::StyblinskiTang<double>(d); });
  }
  SECTION("OrthogonalQuartic(d, mu) and its census(d)") {
    check_arguments<OrthogonalQuarticArguments>(
        {},
        {
            REJECT(d, 0, "saddle::landscapes::OrthogonalQuartic: d = 0 violates d >= 1"),
            REJECT(mu, 1.0, "saddle::landscapes::OrthogonalQuartic: mu = 1 violates 1 < mu < inf"),
            REJECT(mu, NaN, "saddle::landscapes::OrthogonalQuartic: mu = nan violates 1 < mu < inf"),
            REJECT(mu, inf, "saddle::landscapes::OrthogonalQuartic: mu = inf violates 1 < mu < inf"),
        },
        {ACCEPT(d, 1), ACCEPT(mu, 1.5)},
        [](const OrthogonalQuarticArguments& a) { (void)ls::OrthogonalQuartic<double>(a.d, a.mu); });
    REQUIRE_THROWS_WITH(ls::OrthogonalQuartic<double>::census(0),
                        "saddle::landscapes::OrthogonalQuartic::census: d = 0 violates d >= 1");
  }
  SECTION("Quadratic(eigenvalues, start_points) and ill_conditioned_quadratic(n, condition)") {
    check_arguments<Vector<double>>(
        vec({1.0, -2.0}),
        {
            {"eigenvalues.size()", [](Vector<double>& e) { e.resize(0); },
             "saddle::landscapes::Quadratic: eigenvalues.size() = 0 violates eigenvalues.size() >= 1"},
            {"eigenvalues[1]", [](Vector<double>& e) { e[1] = NaN; },
             "saddle::landscapes::Quadratic: eigenvalues[1] = nan violates -inf < eigenvalues[1] < inf"},
            {"eigenvalues[0]", [](Vector<double>& e) { e[0] = -inf; },
             "saddle::landscapes::Quadratic: eigenvalues[0] = -inf violates -inf < eigenvalues[0] < inf"},
            {"eigenvalues[1]", [](Vector<double>& e) { e[1] = 0.0; },
             "saddle::landscapes::Quadratic: eigenvalues[1] = 0 violates eigenvalues[i] != 0"},
        },
        {{"eigenvalues = {5e-324}", [](Vector<double>& e) { e = vec({tiny}); }}},
        [](const Vector<double>& e) { (void)ls::Quadratic<double>(e); });
    REQUIRE_THROWS_WITH(ls::Quadratic<double>(vec({1.0, 2.0}), {vec({1.0})}),
                        "saddle::landscapes::Quadratic: a start point has size 1, expected 2");
    check_arguments<IllConditionedArguments>(
        {},
        {
            REJECT(n, 0, "saddle::landscapes::ill_conditioned_quadratic: n = 0 violates n >= 1"),
            REJECT(condition, 0.9999999999999999,
                   "saddle::landscapes::ill_conditioned_quadratic: condition = 0.9999999999999999 violates 1 <= "
                   "condition < inf"),
            REJECT(condition, NaN,
                   "saddle::landscapes::ill_conditioned_quadratic: condition = nan violates 1 <= condition < inf"),
            REJECT(condition, inf,
                   "saddle::landscapes::ill_conditioned_quadratic: condition = inf violates 1 <= condition < inf"),
        },
        {ACCEPT(n, 1), ACCEPT(condition, 1.0)},
        [](const IllConditionedArguments& a) { (void)ls::ill_conditioned_quadratic<double>(a.n, a.condition); });
  }
  SECTION("Rosenbrock(n, form)") {
    check_arguments<RosenbrockArguments>(
        {},
        {
            REJECT(n, 1, "saddle::landscapes::Rosenbrock: n = 1 violates n >= 2"),
            REJECT(form, static_cast<ls::RosenbrockForm>(99),
                   "saddle::landscapes::Rosenbrock: form = 99 violates form == chained or form == pairs"),
            {"n with form = pairs",
             [](auto& a) {
               a.n = 3;
               a.form = ls::RosenbrockForm::pairs;
             },
             "saddle::landscapes::Rosenbrock: n = 3 violates n % 2 == 0 (required when form = pairs)"},
        },
        {ACCEPT(n, 3), ACCEPT(form, ls::RosenbrockForm::pairs)},
        [](const RosenbrockArguments& a) { (void)ls::Rosenbrock<double>(a.n, a.form); });
  }
  SECTION("ScalarDeepLinear(k, s)") {
    check_arguments<ScalarDeepLinearArguments>(
        {},
        {
            REJECT(k, 1, "saddle::landscapes::ScalarDeepLinear: k = 1 violates k >= 2"),
            REJECT(s, NaN, "saddle::landscapes::ScalarDeepLinear: s = nan violates -inf < s < inf"),
            REJECT(s, inf, "saddle::landscapes::ScalarDeepLinear: s = inf violates -inf < s < inf"),
            REJECT(s, 0.0, "saddle::landscapes::ScalarDeepLinear: s = 0 violates s != 0"),
        },
        {ACCEPT(k, 2), ACCEPT(s, -tiny), ACCEPT(s, -3.0)},
        [](const ScalarDeepLinearArguments& a) { (void)ls::ScalarDeepLinear<double>(a.k, a.s); });
  }
  SECTION("StrictSaddleQuartic(eigenvalues)") {
    check_arguments<Vector<double>>(
        vec({-1.0, 2.0}),
        {
            {"eigenvalues.size()", [](Vector<double>& e) { e.resize(0); },
             "saddle::landscapes::StrictSaddleQuartic: eigenvalues.size() = 0 violates eigenvalues.size() >= 1"},
            {"eigenvalues[1]", [](Vector<double>& e) { e[1] = inf; },
             "saddle::landscapes::StrictSaddleQuartic: eigenvalues[1] = inf violates -inf < eigenvalues[1] < inf"},
            {"eigenvalues[0]", [](Vector<double>& e) { e[0] = 0.0; },
             "saddle::landscapes::StrictSaddleQuartic: eigenvalues[0] = 0 violates eigenvalues[i] != 0"},
        },
        {{"eigenvalues = {-1, -2, 3}",
          [](Vector<double>& e) {
            e = vec({-1.0, -2.0, 3.0});
          }}},
        [](const Vector<double>& e) { (void)ls::StrictSaddleQuartic<double>(e); });
  }
  SECTION("MatrixFactorization(target, rank, seed, init_scale) and random_matrix_factorization") {
    check_arguments<MatrixFactorizationArguments>(
        {},
        {
            REJECT(rank, 0, "saddle::landscapes::MatrixFactorization: rank = 0 violates 1 <= rank <= 2"),
            REJECT(rank, 3, "saddle::landscapes::MatrixFactorization: rank = 3 violates 1 <= rank <= 2"),
            REJECT(init_scale, -tiny,
                   "saddle::landscapes::MatrixFactorization: init_scale = -5e-324 violates 0 <= init_scale < inf"),
            REJECT(init_scale, NaN,
                   "saddle::landscapes::MatrixFactorization: init_scale = nan violates 0 <= init_scale < inf"),
            REJECT(init_scale, inf,
                   "saddle::landscapes::MatrixFactorization: init_scale = inf violates 0 <= init_scale < inf"),
        },
        {ACCEPT(rank, 2), ACCEPT(init_scale, 0.0)}, [](const MatrixFactorizationArguments& a) {
          (void)ls::MatrixFactorization<double>(a.target, a.rank, 0, a.init_scale);
        });
    check_arguments<RandomMatrixFactorizationArguments>(
        {},
        {
            REJECT(eigenvalues, {},
                   "saddle::landscapes::random_matrix_factorization: eigenvalues.size() = 0 violates "
                   "eigenvalues.size() >= 1"),
            REJECT(eigenvalues, (std::vector<double>{2.0, -tiny}),
                   "saddle::landscapes::random_matrix_factorization: eigenvalue = -5e-324 violates 0 <= eigenvalue < "
                   "inf"),
            REJECT(eigenvalues, (std::vector<double>{NaN, 1.0}),
                   "saddle::landscapes::random_matrix_factorization: eigenvalue = nan violates 0 <= eigenvalue < inf"),
            REJECT(eigenvalues, (std::vector<double>{inf, 1.0}),
                   "saddle::landscapes::random_matrix_factorization: eigenvalue = inf violates 0 <= eigenvalue < inf"),
            REJECT(r, 0, "saddle::landscapes::MatrixFactorization: rank = 0 violates 1 <= rank <= 2"),
        },
        {ACCEPT(eigenvalues, (std::vector<double>{1.0, 0.0}))}, [](const RandomMatrixFactorizationArguments& a) {
          (void)ls::random_matrix_factorization<double>(a.eigenvalues, a.r);
        });
    REQUIRE_THROWS_WITH(ls::random_matrix_factorization<double>(Index{0}, 1),
                        "saddle::landscapes::random_matrix_factorization: d = 0 violates d >= 1");
  }
  SECTION("DeepLinearNetwork(widths, target, covariance, seed, init_scale) and random_deep_linear_network") {
    check_arguments<DeepLinearNetworkArguments>(
        {},
        {
            REJECT(widths, (std::vector<Index>{2, 2}),
                   "saddle::landscapes::DeepLinearNetwork: widths.size() = 2 violates widths.size() >= 3"),
            REJECT(widths, (std::vector<Index>{2, 0, 2}),
                   "saddle::landscapes::DeepLinearNetwork: widths[1] = 0 violates widths[1] >= 1"),
            REJECT(init_scale, -tiny,
                   "saddle::landscapes::DeepLinearNetwork: init_scale = -5e-324 violates 0 <= init_scale < inf"),
            REJECT(init_scale, NaN,
                   "saddle::landscapes::DeepLinearNetwork: init_scale = nan violates 0 <= init_scale < inf"),
            REJECT(init_scale, inf,
                   "saddle::landscapes::DeepLinearNetwork: init_scale = inf violates 0 <= init_scale < inf"),
        },
        {ACCEPT(init_scale, 0.0), ACCEPT(widths, (std::vector<Index>{2, 1, 2}))},
        [](const DeepLinearNetworkArguments& a) {
          (void)ls::DeepLinearNetwork<double>(a.widths, a.target, {}, 0, a.init_scale);
        });
    constexpr auto owner = "saddle::landscapes::random_deep_linear_network: ";
    const auto m = [&](const char* rest) { return std::string(owner) + rest; };
    check_arguments<RandomDeepLinearNetworkArguments>(
        {},
        {
            REJECT(widths, (std::vector<Index>{2, 2}), m("widths.size() = 2 violates widths.size() >= 3")),
            REJECT(widths, (std::vector<Index>{0, 2, 2}), m("widths.front() = 0 violates widths.front() >= 1")),
            REJECT(widths, (std::vector<Index>{2, 2, 0}), m("widths.back() = 0 violates widths.back() >= 1")),
            REJECT(singular_values, {}, m("singular_values.size() = 0 violates 1 <= singular_values.size() <= 2")),
            REJECT(singular_values, (std::vector<double>{1.0, 1.0, 1.0}),
                   m("singular_values.size() = 3 violates 1 <= singular_values.size() <= 2")),
            REJECT(singular_values, (std::vector<double>{1.0, -tiny}),
                   m("singular value = -5e-324 violates 0 <= singular value < inf")),
            REJECT(singular_values, (std::vector<double>{NaN}),
                   m("singular value = nan violates 0 <= singular value < inf")),
            REJECT(singular_values, (std::vector<double>{inf}),
                   m("singular value = inf violates 0 <= singular value < inf")),
            REJECT(singular_values, (std::vector<double>{0.0, 0.0}),
                   m("largest singular value = 0 violates largest singular value > 0")),
            REJECT(init_scale, -tiny,
                   "saddle::landscapes::DeepLinearNetwork: init_scale = -5e-324 violates 0 <= init_scale < inf"),
        },
        {ACCEPT(singular_values, (std::vector<double>{tiny, 0.0})), ACCEPT(init_scale, 0.0)},
        [](const RandomDeepLinearNetworkArguments& a) {
          (void)ls::random_deep_linear_network<double>(a.widths, a.singular_values, 0, a.init_scale);
        });
  }
}

// ---------------------------------------------------------------------------------------------
// recipes: their own arguments (the options they build are validated by the steppers and schedules)

TEST_CASE("options: recipe arguments") {
  REQUIRE_THROWS_WITH(saddle::recipes::image_sgd_step<double>(0),
                      "saddle::recipes::image_sgd_step: steps_per_epoch = 0 violates steps_per_epoch >= 1");
  REQUIRE_THROWS_WITH(saddle::recipes::image_sgd_step<double>(std::numeric_limits<std::int64_t>::max() / 30 + 1),
                      "saddle::recipes::image_sgd_step: steps_per_epoch = 307445734561825861 violates steps_per_epoch "
                      "<= 307445734561825860 (30 steps_per_epoch must fit in int64)");
  CHECK_NOTHROW(saddle::recipes::image_sgd_step<double>(1));
  CHECK_NOTHROW(saddle::recipes::image_sgd_step<double>(std::numeric_limits<std::int64_t>::max() / 30));
  REQUIRE_THROWS_WITH(saddle::recipes::image_sgd<double>(0),
                      "saddle::recipes::image_sgd: total_steps = 0 violates total_steps >= 1");
  CHECK_NOTHROW(saddle::recipes::image_sgd<double>(1));
  REQUIRE_THROWS_WITH(saddle::recipes::image_adam<double>(0),
                      "saddle::recipes::image_adam: total_steps = 0 violates total_steps >= 1");
  CHECK_NOTHROW(saddle::recipes::image_adam<double>(1));
  REQUIRE_THROWS_WITH(saddle::recipes::fine_tuning<double>(1),
                      "saddle::recipes::fine_tuning: total_steps = 1 violates total_steps >= 2");
  CHECK_NOTHROW(saddle::recipes::fine_tuning<double>(2));
  REQUIRE_THROWS_WITH(saddle::recipes::fine_tuning<double>(1000, 2e-5, 0.0),
                      "saddle::recipes::fine_tuning: warmup_fraction = 0 violates 0 < warmup_fraction < 1");
  REQUIRE_THROWS_WITH(saddle::recipes::fine_tuning<double>(1000, 2e-5, 1.0),
                      "saddle::recipes::fine_tuning: warmup_fraction = 1 violates 0 < warmup_fraction < 1");
  REQUIRE_THROWS_WITH(saddle::recipes::fine_tuning<double>(1000, 2e-5, NaN),
                      "saddle::recipes::fine_tuning: warmup_fraction = nan violates 0 < warmup_fraction < 1");
  CHECK_NOTHROW(saddle::recipes::fine_tuning<double>(1000, 2e-5, tiny));
  CHECK_NOTHROW(saddle::recipes::fine_tuning<double>(1000, 2e-5, 0.999));
  // The warmup is at least 1 step and at most total_steps - 1, however warmup_fraction rounds.
  CHECK_NOTHROW(saddle::recipes::fine_tuning<double>(1000, 2e-5, 0.9999));
  CHECK_NOTHROW(saddle::recipes::fine_tuning<double>(2, 2e-5, 0.9));
}
