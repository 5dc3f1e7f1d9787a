// Hardening: NaN and Inf injected into f, g or Hv at the k-th evaluation, for every minimizer, and
// into the gradient of every stepper and wrapper. What DESIGN.md promises: no exception and no crash; the Result
// describes the x it returns (its value and gradient norm are those of the clean objective there); x is finite; a start
// point where f is not finite is reported as non_finite with x unchanged; and every status other than non_finite was
// earned on finite numbers.
#include "support/catch.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include <saddle/core/minimize.hpp>
#include <saddle/escape/cubic_regularization.hpp>
#include <saddle/escape/negative_curvature_descent.hpp>
#include <saddle/escape/perturbed.hpp>
#include <saddle/escape/perturbed_accelerated_gradient_descent.hpp>
#include <saddle/escape/perturbed_gradient_descent.hpp>
#include <saddle/escape/saddle_free_newton.hpp>
#include <saddle/escape/saddle_guard.hpp>
#include <saddle/first_order/adam.hpp>
#include <saddle/first_order/adamw.hpp>
#include <saddle/first_order/grouped.hpp>
#include <saddle/first_order/rmsprop.hpp>
#include <saddle/first_order/sgd.hpp>
#include <saddle/landscapes/rosenbrock.hpp>
#include <saddle/schedules/compose.hpp>
#include <saddle/schedules/scheduled.hpp>
#include <saddle/second_order/armijo.hpp>
#include <saddle/second_order/lbfgs.hpp>
#include <saddle/second_order/newton_cg.hpp>
#include <saddle/second_order/trust_region.hpp>
#include <saddle/transforms/chain.hpp>
#include <saddle/transforms/clip.hpp>
#include <saddle/transforms/noise.hpp>

using saddle::Status;
using saddle::Vector;

namespace {

enum class Where { value, gradient, hvp };

// Rosenbrock (n = 4, the start (-1.2, 1, -1.2, 1)) with one poisoned evaluation: the `bad`-th call
// of f (value or gradient) or of the Hessian-vector product returns `poison` in one entry.
struct Faulty {
  saddle::landscapes::Rosenbrock<double> f{4};
  Where where = Where::value;
  int bad = 0;
  double poison = std::numeric_limits<double>::quiet_NaN();
  int calls = 0;
  int products = 0;

  double operator()(const Vector<double>& x, Vector<double>& g) {
    double v = f(x, g);
    if (where != Where::hvp && calls++ == bad) {
      (where == Where::value ? v : g[1]) = poison;
    }
    return v;
  }
  void hessian_vector_product(const Vector<double>& x, const Vector<double>& v, Vector<double>& hv) {
    f.hessian_vector_product(x, v, hv);
    if (where == Where::hvp && products++ == bad) {
      hv[2] = poison;
    }
  }
};

template <class M>
void check_poisoned(const std::string& name, M method) {
  for (const Where where : {Where::value, Where::gradient, Where::hvp}) {
    for (const double poison : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
      for (const int bad : {0, 1, 2, 5, 11}) {
        Faulty f{.where = where, .bad = bad, .poison = poison};
        const Vector<double> x0 = f.f.start_point();
        Vector<double> x = x0;
        INFO(name << ": "
                  << (where == Where::value      ? "f"
                      : where == Where::gradient ? "g"
                                                 : "Hv")
                  << " = " << poison << " at evaluation " << bad);
        M m = method;
        const saddle::Result<double> r = m.minimize(f, x);
        INFO("status " << to_string(r.status) << ": " << r.message);
        REQUIRE(x.allFinite());
        if (where != Where::hvp && bad == 0) {  // the start point itself: reported as what f returned there
          CHECK(r.status == Status::non_finite);
          CHECK(x == x0);
          CHECK_FALSE((std::isfinite(r.value) && std::isfinite(r.gradient_norm)));
          continue;
        }
        Vector<double> g(4);
        const double value = f.f(x, g);
        CHECK(r.value == value);
        CHECK(r.gradient_norm == g.norm());
        if (r.status == Status::non_finite) {
          CHECK_FALSE(r.message.empty());
        }
      }
    }
  }
}

}  // namespace

TEST_CASE("hardening: NaN or Inf in f, g or Hv at any evaluation never leaves x or the Result inconsistent") {
  const saddle::StoppingOptions stop{.gradient_tolerance = 1e-8, .max_iterations = 200};
  check_poisoned("first_order(SGD)", saddle::first_order(saddle::SGD<double>({.lr = 1e-3, .momentum = 0.9}), stop));
  check_poisoned("first_order(Adam)", saddle::first_order(saddle::Adam<double>({.lr = 1e-2}), stop));
  check_poisoned("LBFGS", saddle::LBFGS<double>({.stop = stop}));
  check_poisoned("LBFGS (Armijo)", saddle::LBFGS<double, saddle::Armijo>({.stop = stop}));
  check_poisoned("NewtonCG", saddle::NewtonCG<double>({.stop = stop}));
  check_poisoned("TrustRegionNewtonCG", saddle::TrustRegionNewtonCG<double>({.stop = stop}));
  check_poisoned("SaddleFreeNewton", saddle::SaddleFreeNewton<double>({.stop = stop}));
  check_poisoned("CubicRegularization", saddle::CubicRegularization<double>({.stop = stop}));
  check_poisoned("PerturbedGradientDescent", saddle::PerturbedGradientDescent<double>({.stop = stop, .lr = 1e-3}));
  check_poisoned("PerturbedAcceleratedGradientDescent",
                 saddle::PerturbedAcceleratedGradientDescent<double>({.stop = stop, .lr = 1e-3}));
  check_poisoned("NegativeCurvatureDescent", saddle::NegativeCurvatureDescent<double>({.stop = stop}));
  check_poisoned("guarded(LBFGS)", saddle::guarded(saddle::LBFGS<double>({.stop = stop})));
}

namespace {

// A step with a NaN, +Inf or -Inf in g is refused: x, every moment and buffer, the schedule and
// the noise stream stay as they were (the stepper then goes on exactly as a copy taken before the
// bad step), and only the count of skipped steps moves.
template <class StepperT>
void check_refused_step(const std::string& name, StepperT stepper) {
  using S = typename StepperT::scalar_type;
  Vector<S> x = Vector<S>::LinSpaced(6, S(-1), S(2));
  auto gradient = [](const Vector<S>& at, int k) {
    return Vector<S>((at.array() * S(2) + S(0.1) * static_cast<S>(k)).matrix());
  };
  for (int k = 0; k < 3; ++k) {
    REQUIRE(stepper.step(x, gradient(x, k)) == saddle::StepStatus::applied);
  }
  for (const S poison :
       {std::numeric_limits<S>::quiet_NaN(), std::numeric_limits<S>::infinity(), -std::numeric_limits<S>::infinity()}) {
    INFO(name << " with g[3] = " << poison);
    StepperT copy = stepper;
    const Vector<S> x_before = x;
    Vector<S> bad = gradient(x, 3);
    bad[3] = poison;
    CHECK(stepper.step(x, bad) == saddle::StepStatus::non_finite_gradient);
    CHECK(std::memcmp(x.data(), x_before.data(), sizeof(S) * 6) == 0);
    CHECK(stepper.skipped_steps() == copy.skipped_steps() + 1);
    CHECK(stepper.steps() == copy.steps());
    Vector<S> y = x_before;
    for (int k = 3; k < 6; ++k) {
      REQUIRE(stepper.step(x, gradient(x, k)) == saddle::StepStatus::applied);
      REQUIRE(copy.step(y, gradient(y, k)) == saddle::StepStatus::applied);
    }
    CHECK(std::memcmp(x.data(), y.data(), sizeof(S) * 6) == 0);
  }
}

template <class S>
void check_every_stepper() {
  check_refused_step("SGD", saddle::SGD<S>({.lr = 0.01, .momentum = 0.9, .nesterov = true}));
  check_refused_step("RMSprop", saddle::RMSprop<S>({.lr = 0.01, .momentum = 0.5, .centered = true}));
  check_refused_step("Adam", saddle::Adam<S>({.lr = 0.01, .amsgrad = true}));
  check_refused_step("AdamW", saddle::AdamW<S>({.lr = 0.01}));
  check_refused_step("Grouped", saddle::Grouped<saddle::Adam<S>>({{"a", 0, 4}, {"b", 4, 2}}, {.lr = 0.01}));
  check_refused_step("chain(noise, clip, Adam)",
                     saddle::chain(saddle::GradientNoise<S>({.eta = 0.1, .seed = 3}),
                                   saddle::ClipGradNorm<S>({.max_norm = 1.0}), saddle::Adam<S>({.lr = 0.01})));
  check_refused_step("chain(clip, SGD) fused", saddle::chain(saddle::ClipGradNorm<S>({.max_norm = 1.0}),
                                                             saddle::SGD<S>({.lr = 0.01, .momentum = 0.9})));
  check_refused_step("scheduled(RMSprop, warmup_cosine)",
                     saddle::scheduled(saddle::RMSprop<S>({.lr = 0.01}),
                                       saddle::warmup_cosine({.warmup_steps = 2, .total_steps = 10})));
  check_refused_step("perturbed(Adam)", saddle::perturbed(saddle::Adam<S>({.lr = 0.01}),
                                                          {.gradient_threshold = 1e3, .escape_steps = 1, .seed = 5}));
}

}  // namespace

TEST_CASE("hardening: a NaN or Inf gradient leaves x and all state of every stepper and wrapper as it was") {
  check_every_stepper<double>();
  check_every_stepper<float>();
}

TEST_CASE("hardening: an eps that rounds to 0 in the stepper's scalar type is refused") {
  // torch rounds such an eps to 0 silently; a gradient entry that is 0 from the start then puts
  // 0/0 into x. The smallest float is 1.4e-45; anything at or below half of it rounds to 0.
  const std::string rule = "eps == 0 or eps > 7.006492321624085e-46 (a smaller eps rounds to 0 in float)";
  REQUIRE_THROWS_WITH(saddle::Adam<float>({.eps = 1e-50}), "saddle::AdamOptions: eps = 1e-50 violates " + rule);
  REQUIRE_THROWS_WITH(saddle::AdamW<float>({.eps = 7e-46}), "saddle::AdamWOptions: eps = 7e-46 violates " + rule);
  REQUIRE_THROWS_WITH(saddle::RMSprop<float>({.eps = 1e-46}), "saddle::RMSpropOptions: eps = 1e-46 violates " + rule);
  saddle::Adam<float> adam;
  REQUIRE_THROWS_WITH(adam.set_options({.eps = 1e-50}), "saddle::AdamOptions: eps = 1e-50 violates " + rule);
  CHECK(adam.options().eps == 1e-8);                   // a rejected change is no change
  CHECK_NOTHROW(saddle::Adam<float>({.eps = 8e-46}));  // rounds up to the smallest float
  CHECK_NOTHROW(saddle::Adam<double>({.eps = 1e-50}));
  CHECK_NOTHROW(saddle::Adam<float>({.eps = 0.0}));  // asked for, as in torch
  // With the smallest representable eps, a zero gradient entry moves nothing and makes no NaN.
  saddle::Adam<float> tiny({.lr = 0.1, .eps = 8e-46});
  Vector<float> x = Vector<float>::Ones(3);
  const Vector<float> g = Vector<float>::Unit(3, 1);
  REQUIRE(tiny.step(x, g) == saddle::StepStatus::applied);
  CHECK(x.allFinite());
  CHECK(x[0] == 1.0F);
  CHECK(x[2] == 1.0F);
}

TEST_CASE("hardening: huge and denormal gradients in float keep x finite") {
  SECTION("Adam's second moment overflows to inf: that coordinate stops moving, the others go on") {
    saddle::Adam<float> adam({.lr = 0.1});
    Vector<float> x = Vector<float>::Ones(3);
    Vector<float> g(3);
    g << 1e30F, 1.0F, -1.0F;  // (1e30)^2 overflows float
    for (int k = 0; k < 3; ++k) {
      REQUIRE(adam.step(x, g) == saddle::StepStatus::applied);
    }
    CHECK(x.allFinite());
    CHECK(std::isinf(adam.exp_avg_sq()[0]));
    CHECK(x[0] == 1.0F);                       // m / inf = 0: as torch computes it
    CHECK(x[1] == Approx(0.7).epsilon(1e-5));  // three steps of lr against the gradient
    CHECK(x[2] == Approx(1.3).epsilon(1e-5));
  }
  SECTION("denormal gradients: moments underflow, no NaN") {
    for (const float tiny : {1e-40F, -1e-45F, std::numeric_limits<float>::denorm_min()}) {
      saddle::Adam<float> adam({.lr = 0.1});
      saddle::RMSprop<float> rmsprop({.lr = 0.1, .centered = true});
      saddle::SGD<float> sgd({.lr = 0.1, .momentum = 0.9});
      Vector<float> x1 = Vector<float>::Ones(2);
      Vector<float> x2 = x1;
      Vector<float> x3 = x1;
      const Vector<float> g = Vector<float>::Constant(2, tiny);
      for (int k = 0; k < 5; ++k) {
        (void)adam.step(x1, g);
        (void)rmsprop.step(x2, g);
        (void)sgd.step(x3, g);
      }
      CHECK(x1.allFinite());
      CHECK(x2.allFinite());
      CHECK(x3.allFinite());
    }
  }
}

TEST_CASE("hardening: dimensions 0 and 1") {
  SECTION("steppers step an empty x as a no-op and a scalar like any vector") {
    saddle::Adam<double> adam({.lr = 0.1});
    Vector<double> empty;
    const Vector<double> no_gradient;
    CHECK(adam.step(empty, no_gradient) == saddle::StepStatus::applied);
    CHECK(adam.exp_avg().size() == 0);
    saddle::Adam<double> one({.lr = 0.1});
    Vector<double> x = Vector<double>::Constant(1, 2.0);
    CHECK(one.step(x, Vector<double>::Constant(1, 4.0)) == saddle::StepStatus::applied);
    CHECK(x[0] == Approx(2.0 - 0.1 * 4.0 / (4.0 + 1e-8)).epsilon(1e-15));  // lr m / (sqrt(v) + eps)
  }
  SECTION("minimizers refuse an empty x and solve a one-dimensional problem") {
    auto f = [](const Vector<double>& x, Vector<double>& g) {
      g[0] = 2.0 * (x[0] - 3.0);
      return (x[0] - 3.0) * (x[0] - 3.0);
    };
    Vector<double> empty;
    saddle::LBFGS<double> lbfgs;
    REQUIRE_THROWS_AS(lbfgs.minimize(f, empty), std::invalid_argument);
    Vector<double> x = Vector<double>::Zero(1);
    const auto r = lbfgs.minimize(f, x);
    CHECK(r.status == Status::converged_gradient);
    CHECK(x[0] == Approx(3.0).epsilon(1e-12));
  }
}

TEST_CASE("hardening: every budget stops a run exactly where it says") {
  namespace ls = saddle::landscapes;
  auto check = [](const std::string& name, auto method, Status expected, auto count) {
    ls::Rosenbrock<double> f(6);
    Vector<double> x = f.start_point();
    const auto r = method.minimize(f, x);
    INFO(name << ": " << r.message);
    CHECK(r.status == expected);
    count(r);
    Vector<double> g(6);
    CHECK(r.value == f(x, g));  // the Result describes the x returned
  };
  auto seven_iterations = [](const saddle::Result<double>& r) { CHECK(r.iterations == 7); };
  const saddle::StoppingOptions iterations{.gradient_tolerance = 1e-12, .max_iterations = 7};
  check("first_order(Adam)", saddle::first_order(saddle::Adam<double>({.lr = 1e-3}), iterations),
        Status::max_iterations, seven_iterations);
  check("LBFGS", saddle::LBFGS<double>({.stop = iterations}), Status::max_iterations, seven_iterations);
  check("NewtonCG", saddle::NewtonCG<double>({.stop = iterations}), Status::max_iterations, seven_iterations);
  check("TrustRegionNewtonCG", saddle::TrustRegionNewtonCG<double>({.stop = iterations}), Status::max_iterations,
        seven_iterations);
  check("PerturbedGradientDescent", saddle::PerturbedGradientDescent<double>({.stop = iterations, .lr = 1e-3}),
        Status::max_iterations, seven_iterations);

  // The evaluation budget (every minimizer, every budget): see the next test case.
}

namespace {

// Rosenbrock (n = 4) with every call of f counted and, when throw_at >= 0, an exception in place of
// the throw_at-th call. With products = false it has no Hessian-vector product of its own, so the
// second-order methods take theirs by central differences (two calls of f each, within the budget).
template <bool products>
struct Counted {
  saddle::landscapes::Rosenbrock<double> f{4};
  std::int64_t calls = 0;
  std::int64_t throw_at = -1;

  double operator()(const Vector<double>& x, Vector<double>& g) {
    if (calls == throw_at) {
      throw std::runtime_error("the objective failed");
    }
    ++calls;
    return f(x, g);
  }
  void hessian_vector_product(const Vector<double>& x, const Vector<double>& v, Vector<double>& hv)
    requires products
  {
    f.hessian_vector_product(x, v, hv);
  }
};

// The iterate each observation showed: the last one is the last accepted iterate.
struct LastIterate {
  Vector<double> x;
  saddle::ObserverAction operator()(const saddle::IterationInfo<double>& info) {
    x = info.x;
    return saddle::ObserverAction::proceed;
  }
};

// For budgets 1..40: f is called at most max_evaluations times (counted by the objective itself,
// and equal to Result::function_evaluations); a run that stops on the budget has spent exactly all
// of it, returns the last iterate it accepted and describes it. Then an objective that throws at
// its k-th call: the exception reaches the caller and x is the last accepted iterate.
template <bool products, class Make>
void check_budget_and_throw(const std::string& name, Make make) {
  for (std::int64_t budget = 1; budget <= 40; ++budget) {
    Counted<products> f;
    Vector<double> x = f.f.start_point();
    LastIterate seen;
    auto method = make(saddle::StoppingOptions{.gradient_tolerance = 1e-10, .max_evaluations = budget});
    const saddle::Result<double> r = method.minimize(f, x, seen);
    INFO(name << " (" << (products ? "analytic" : "central-difference") << " products) with max_evaluations = "
              << budget << ": " << to_string(r.status) << ": " << r.message);
    CHECK(f.calls <= budget);
    CHECK(r.function_evaluations == f.calls);
    CHECK(r.gradient_evaluations == f.calls);
    if (r.status == Status::max_evaluations) {
      CHECK(f.calls == budget);
      CHECK(x == seen.x);
    }
    Vector<double> g(4);
    CHECK(r.value == f.f(x, g));
    CHECK(r.gradient_norm == g.norm());
  }
  Counted<products> clean;
  Vector<double> x_clean = clean.f.start_point();
  const saddle::Result<double> whole =
      make(saddle::StoppingOptions{.gradient_tolerance = 1e-10, .max_iterations = 1000}).minimize(clean, x_clean);
  INFO(name << " without a throw: " << to_string(whole.status) << " after " << clean.calls << " calls");
  REQUIRE(clean.calls > 8);
  for (std::int64_t throw_at = 0; throw_at < std::min<std::int64_t>(clean.calls, 30); ++throw_at) {
    Counted<products> f;
    f.throw_at = throw_at;
    const Vector<double> x0 = f.f.start_point();
    Vector<double> x = x0;
    LastIterate seen{x0};
    auto method = make(saddle::StoppingOptions{.gradient_tolerance = 1e-10, .max_iterations = 1000});
    INFO(name << " (" << (products ? "analytic" : "central-difference") << " products) with f throwing at call "
              << throw_at);
    CHECK_THROWS_WITH(method.minimize(f, x, seen), "the objective failed");
    CHECK(x == seen.x);
  }
}

template <bool products>
void check_every_minimizer_budget() {
  using saddle::StoppingOptions;
  check_budget_and_throw<products>("first_order(Adam)", [](const StoppingOptions& stop) {
    return saddle::first_order(saddle::Adam<double>({.lr = 1e-2}), stop);
  });
  check_budget_and_throw<products>("LBFGS", [](const StoppingOptions& stop) {
    return saddle::LBFGS<double>({.stop = stop});
  });
  check_budget_and_throw<products>("LBFGS (Armijo)", [](const StoppingOptions& stop) {
    return saddle::LBFGS<double, saddle::Armijo>({.stop = stop});
  });
  check_budget_and_throw<products>("NewtonCG", [](const StoppingOptions& stop) {
    return saddle::NewtonCG<double>({.stop = stop});
  });
  check_budget_and_throw<products>("TrustRegionNewtonCG", [](const StoppingOptions& stop) {
    return saddle::TrustRegionNewtonCG<double>({.stop = stop});
  });
  check_budget_and_throw<products>("SaddleFreeNewton", [](const StoppingOptions& stop) {
    return saddle::SaddleFreeNewton<double>({.stop = stop});
  });
  check_budget_and_throw<products>("CubicRegularization", [](const StoppingOptions& stop) {
    return saddle::CubicRegularization<double>({.stop = stop});
  });
  check_budget_and_throw<products>("PerturbedGradientDescent", [](const StoppingOptions& stop) {
    return saddle::PerturbedGradientDescent<double>({.stop = stop, .lr = 1e-3, .gradient_threshold = 10.0,
                                                     .escape_steps = 3});
  });
  check_budget_and_throw<products>("PerturbedAcceleratedGradientDescent", [](const StoppingOptions& stop) {
    return saddle::PerturbedAcceleratedGradientDescent<double>({.stop = stop, .lr = 1e-3, .gradient_threshold = 10.0,
                                                                .escape_steps = 3});
  });
  check_budget_and_throw<products>("NegativeCurvatureDescent", [](const StoppingOptions& stop) {
    return saddle::NegativeCurvatureDescent<double>({.stop = stop, .lr = 1e-3});
  });
  // The guard's budget is its legs': each leg (a run of the method) holds its own max_evaluations.
}

}  // namespace

TEST_CASE("hardening: max_evaluations is never exceeded, and an objective that throws leaves x at the last iterate") {
  check_every_minimizer_budget<true>();
  check_every_minimizer_budget<false>();
}
