// Tests of the curvature machinery: Dual numbers, Hessian-vector products (analytic, forward
// mode, central differences), Lanczos, truncated CG, L-BFGS, Hessian-free Newton-CG and the
// trust-region method — statuses first, then points, against dense references and known optima.
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "support/catch.hpp"
#include "support/dense_reference.hpp"
#include "support/hessian_checks.hpp"

#include <saddle/saddle.hpp>
#include <saddle/second_order/lbfgs.hpp>
#include <saddle/second_order/lanczos.hpp>
#include <saddle/second_order/newton_cg.hpp>
#include <saddle/second_order/trust_region.hpp>
#include <saddle/second_order/truncated_cg.hpp>

using saddle::Index;
using saddle::Matrix;
using saddle::Status;
using saddle::Vector;
using saddle_test::Approx;
using saddle_test::contains;
using saddle_test::random_symmetric;
namespace ls = saddle::landscapes;

namespace {

// Chained Rosenbrock written once over its scalar type, so forward mode can differentiate it.
struct GenericRosenbrock {
  template <class T>
  T operator()(const Vector<T>& x, Vector<T>& g) const {
    const Index n = x.size();
    g.resize(n);
    g.setZero();
    T f(0.0);
    for (Index i = 0; i + 1 < n; ++i) {
      const T t = x[i + 1] - x[i] * x[i];
      const T u = T(1.0) - x[i];
      f += T(100.0) * t * t + u * u;
      g[i] += T(-400.0) * x[i] * t - T(2.0) * u;
      g[i + 1] += T(200.0) * t;
    }
    return f;
  }
};

// A least-squares objective f = 1/2 |r(x)|^2 with r_i = x_i^2 - c_i (i < n) and r_n = sum x - 1,
// offering Gauss–Newton products J^T J v.
struct LeastSquares {
  Vector<double> c;
  double operator()(const Vector<double>& x, Vector<double>& g) const {
    const Index n = x.size();
    Vector<double> r(n + 1);
    r.head(n) = x.array().square().matrix() - c;
    r[n] = x.sum() - 1.0;
    g = 2.0 * x.cwiseProduct(r.head(n)) + Vector<double>::Constant(n, r[n]);
    return 0.5 * r.squaredNorm();
  }
  void gauss_newton_vector_product(const Vector<double>& x, const Vector<double>& v, Vector<double>& gv) const {
    // J = [diag(2x); 1^T]: J^T J v = 4 x .* x .* v + 1 (1^T v)
    gv = 4.0 * x.cwiseProduct(x).cwiseProduct(v) + Vector<double>::Constant(x.size(), v.sum());
  }
};

}  // namespace

TEST_CASE("Dual numbers carry exact derivatives") {
  using D = saddle::Dual<double>;
  const D x(0.7, 1.0);
  CHECK(sin(x).derivative == std::cos(0.7));
  CHECK(exp(x).derivative == std::exp(0.7));
  CHECK(log(x).derivative == 1.0 / 0.7);
  CHECK(sqrt(x).derivative == Approx(0.5 / std::sqrt(0.7)).epsilon(1e-15));
  CHECK(tanh(x).derivative == Approx(1.0 - std::tanh(0.7) * std::tanh(0.7)).epsilon(1e-15));
  CHECK(pow(x, 3.0).derivative == Approx(3.0 * 0.49).epsilon(1e-15));
  const D y = (x * x + 2.0 * x) / (x - 3.0);  // d/dx = ((2x + 2)(x - 3) - (x^2 + 2x)) / (x - 3)^2
  CHECK(y.derivative == Approx(((2 * 0.7 + 2) * (0.7 - 3) - (0.49 + 1.4)) / ((0.7 - 3) * (0.7 - 3))).epsilon(1e-14));
}

TEST_CASE("Hessian-vector products: forward mode exact, central differences to ~1e-7") {
  GenericRosenbrock generic;
  ls::Rosenbrock<double> analytic(6);
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> uniform(-1.5, 1.5);
  for (int trial = 0; trial < 5; ++trial) {
    Vector<double> x(6);
    Vector<double> v(6);
    for (Index i = 0; i < 6; ++i) {
      x[i] = uniform(rng);
      v[i] = uniform(rng);
    }
    Vector<double> exact;
    analytic.hessian_vector_product(x, v, exact);
    saddle::HessianVectorProduct<GenericRosenbrock, double> forward(generic);
    saddle::HessianVectorProduct<GenericRosenbrock, double> central(generic, saddle::HvpMethod::central_difference);
    REQUIRE(forward.method() == saddle::HvpMethod::forward_mode);
    Vector<double> hv_forward;
    Vector<double> hv_central;
    forward(x, v, hv_forward);
    central(x, v, hv_central);
    CHECK((hv_forward - exact).norm() <= 1e-12 * exact.norm());
    CHECK((hv_central - exact).norm() <= 1e-7 * exact.norm());
    CHECK(central.gradient_evaluations() == 2);
    CHECK(forward.gradient_evaluations() == 0);
  }
  saddle::HessianVectorProduct<ls::Rosenbrock<double>, double> automatic(analytic);
  CHECK(automatic.method() == saddle::HvpMethod::analytic);
  auto plain = [](const Vector<double>& x, Vector<double>& g) {
    g = x;
    return 0.5 * x.squaredNorm();
  };
  REQUIRE_THROWS_WITH((saddle::HessianVectorProduct<decltype(plain), double>(plain, saddle::HvpMethod::analytic)),
                      contains("method = analytic, but the objective has no hessian_vector_product"));
  REQUIRE_THROWS_WITH((saddle::HessianVectorProduct<decltype(plain), double>(plain, saddle::HvpMethod::forward_mode)),
                      contains("method = forward_mode, but the objective cannot be called on Vector<Dual<S>>"));
  // WithHessianVector turns a plain objective into a HessianVectorObjective.
  saddle::WithHessianVector<decltype(plain), double> wrapped(plain, saddle::HvpMethod::central_difference);
  static_assert(saddle::HessianVectorObjective<decltype(wrapped), double>);
  Vector<double> x = Vector<double>::Ones(3);
  Vector<double> v = Vector<double>::LinSpaced(3, 1.0, 3.0);
  Vector<double> hv;
  wrapped.hessian_vector_product(x, v, hv);
  CHECK((hv - v).norm() < 1e-9);
}

TEST_CASE("Lanczos: extreme eigenvalues against a dense solver, with honest residuals") {
  for (unsigned seed : {1u, 2u, 3u}) {
    const Matrix<double> a = random_symmetric(60, seed);
    const saddle_test::SymmetricEigen<double> dense(a);
    auto product = [&a](const Vector<double>& v, Vector<double>& hv) { hv = a * v; };
    const auto r = saddle::lanczos<double>(product, 60, {.max_iterations = 60, .tolerance = 1e-12,
                                                          .which = saddle::Spectrum::both_ends});
    REQUIRE(r.converged);
    CHECK(r.smallest() == Approx(dense.eigenvalues()[0]).epsilon(1e-8));
    CHECK(r.largest() == Approx(dense.eigenvalues()[59]).epsilon(1e-8));
    // Every Ritz value has a true eigenvalue within its residual.
    for (Index i = 0; i < r.values.size(); ++i) {
      const double distance = (dense.eigenvalues().array() - r.values[i]).abs().minCoeff();
      CHECK(distance <= r.residuals[i] + 1e-10);
    }
    const Vector<double> y = r.vectors.col(0);
    CHECK((a * y - r.smallest() * y).norm() == Approx(r.residuals[0]).margin(1e-8));
  }
  // A diagonal operator with one negative eigenvalue: certified negative.
  Vector<double> d = Vector<double>::LinSpaced(500, 1.0, 100.0);
  d[123] = -0.5;
  auto diagonal = [&d](const Vector<double>& v, Vector<double>& hv) { hv = d.cwiseProduct(v); };
  const auto r = saddle::lanczos<double>(diagonal, 500, {.max_iterations = 80, .tolerance = 1e-10});
  CHECK(r.smallest() + r.residuals[0] < 0.0);
  CHECK(r.smallest() == Approx(-0.5).epsilon(1e-8));
  CHECK(std::abs(r.vectors(123, 0)) == Approx(1.0).epsilon(1e-6));
  REQUIRE_THROWS_WITH(saddle::lanczos<double>(diagonal, 500, {.max_iterations = 0}),
                      "saddle::LanczosOptions: max_iterations = 0 violates max_iterations >= 1");
}

TEST_CASE("truncated CG: converged, boundary and negative-curvature exits") {
  Vector<double> diag(4);
  diag << 1.0, 2.0, 4.0, 8.0;
  auto spd = [&diag](const Vector<double>& v, Vector<double>& hv) { hv = diag.cwiseProduct(v); };
  Vector<double> g(4);
  g << 1.0, -1.0, 2.0, 0.5;
  saddle::TruncatedCG<double> cg;
  Vector<double> p;
  auto r = cg.solve(spd, g, p, {.tolerance = 1e-12});
  REQUIRE(r.status == saddle::CGStatus::converged);
  CHECK((p + g.cwiseQuotient(diag)).norm() < 1e-12);  // p = -H^{-1} g
  CHECK(r.iterations <= 4);
  CHECK(r.model_value == Approx(g.dot(p) + 0.5 * p.dot(diag.cwiseProduct(p))).epsilon(1e-13));

  r = cg.solve(spd, g, p, {.tolerance = 1e-12, .radius = 0.5});
  REQUIRE(r.status == saddle::CGStatus::boundary);
  CHECK(p.norm() == Approx(0.5).epsilon(1e-12));
  CHECK(r.model_value == Approx(g.dot(p) + 0.5 * p.dot(diag.cwiseProduct(p))).epsilon(1e-12));

  diag[2] = -3.0;  // indefinite
  r = cg.solve(spd, g, p, {.tolerance = 1e-12, .radius = 2.0});
  REQUIRE(r.status == saddle::CGStatus::negative_curvature);
  CHECK(p.norm() == Approx(2.0).epsilon(1e-12));
  REQUIRE(cg.negative_curvature_direction().size() == 4);
  const Vector<double> dir = cg.negative_curvature_direction();
  CHECK(dir.norm() == Approx(1.0).epsilon(1e-12));
  CHECK(dir.dot(diag.cwiseProduct(dir)) == Approx(r.curvature).epsilon(1e-12));
  CHECK(r.curvature < 0.0);
  CHECK(r.model_value == Approx(g.dot(p) + 0.5 * p.dot(diag.cwiseProduct(p))).epsilon(1e-12));
  // Damping makes it positive definite again.
  r = cg.solve(spd, g, p, {.tolerance = 1e-12, .damping = 4.0});
  REQUIRE(r.status == saddle::CGStatus::converged);
  CHECK((p + g.cwiseQuotient((diag.array() + 4.0).matrix())).norm() < 1e-12);
  REQUIRE_THROWS_WITH(cg.solve(spd, g, p, {.radius = 0.0}),
                      "saddle::TruncatedCGOptions: radius = 0 violates radius > 0");
}

TEST_CASE("truncated CG: warm start and Martens' progress rule") {
  // A 200-dimensional SPD diagonal with condition 1e4: plain CG needs many iterations.
  const Vector<double> diag = Vector<double>::LinSpaced(200, 1.0, 1e4);
  auto spd = [&diag](const Vector<double>& v, Vector<double>& hv) { hv = diag.cwiseProduct(v); };
  const Vector<double> g = Vector<double>::Ones(200);
  const Vector<double> solution = -g.cwiseQuotient(diag);
  const double optimum = 0.5 * g.dot(solution);  // m(p*) = -g^T H^{-1} g / 2
  saddle::TruncatedCG<double> cg;

  // Warm-started at the solution: one product, p kept, m(p) = m(p*).
  Vector<double> p = solution;
  auto r = cg.solve(spd, g, p, {.tolerance = 1e-9, .warm_start = true});
  REQUIRE(r.status == saddle::CGStatus::converged);
  CHECK(r.iterations == 1);
  CHECK((p - solution).norm() < 1e-12);
  CHECK(r.model_value == Approx(optimum).epsilon(1e-12));
  // Warm-started where m >= 0 it starts from 0 instead: m(-p*) = g^T H^{-1} g + g^T H^{-1} g / 2 > 0.
  p = -solution;
  r = cg.solve(spd, g, p, {.tolerance = 1e-9, .warm_start = true});
  REQUIRE(r.status == saddle::CGStatus::converged);
  CHECK((p - solution).norm() < 1e-6);

  // The progress rule, checked against the model values the hook sees: CG stops at the first i
  // with i > k = max(10, floor(i / 10)) and (m_i - m_{i-k}) / m_i < k eps, and not before.
  std::vector<double> models{0.0};
  auto record = [&models](std::int64_t i, const Vector<double>&, double m) {
    REQUIRE(static_cast<std::size_t>(i) == models.size());
    models.push_back(m);
  };
  const double eps = 5e-4;
  r = cg.solve(spd, g, p, {.max_iterations = 500, .progress_tolerance = eps}, record);
  REQUIRE(r.status == saddle::CGStatus::progress);
  const auto stop = static_cast<std::int64_t>(models.size()) - 1;
  CHECK(stop == r.iterations);
  auto rule_holds = [&](std::int64_t i) {
    const std::int64_t k = std::max<std::int64_t>(10, i / 10);
    const double mi = models[static_cast<std::size_t>(i)];
    return i > k && mi < 0 && (mi - models[static_cast<std::size_t>(i - k)]) / mi < static_cast<double>(k) * eps;
  };
  CHECK(rule_holds(stop));
  for (std::int64_t i = 1; i < stop; ++i) {
    CHECK_FALSE(rule_holds(i));
  }
  CHECK(stop < 200);  // it saved iterations: plain CG on this system runs far longer to 1e-12
  CHECK(r.model_value <= 0.99 * optimum * (1 - 1e-2));  // and still got most of the decrease
  REQUIRE_THROWS_WITH(cg.solve(spd, g, p, {.progress_tolerance = -1.0}),
                      "saddle::TruncatedCGOptions: progress_tolerance = -1 violates 0 <= progress_tolerance < inf");
}

TEST_CASE("L-BFGS converges on the spine's landscapes, in double and float") {
  saddle::LBFGS<double> lbfgs({.stop = {.gradient_tolerance = 1e-9}, .memory = 10});
  for (Index n : {2, 10, 100}) {
    ls::Rosenbrock<double> r(n);
    Vector<double> x = r.start_point();
    const auto result = lbfgs.minimize(r, x);
    INFO(result.brief() << " " << result.message);
    REQUIRE(result.status == Status::converged_gradient);
    CHECK((x - Vector<double>::Ones(n)).norm() < 1e-8);
  }
  ls::Himmelblau<double> h;
  Vector<double> x = h.start_point();
  auto result = lbfgs.minimize(h, x);
  REQUIRE(result.status == Status::converged_gradient);
  CHECK((x - h.minima()[0].point).norm() < 1e-9);  // (0, 0) leads to (3, 2)
  auto q = ls::ill_conditioned_quadratic<double>(50, 1e3);
  x = q.start_point();
  result = lbfgs.minimize(q, x);
  REQUIRE(result.status == Status::converged_gradient);
  CHECK(x.norm() < 1e-9);

  saddle::LBFGS<float> lbfgs_float({.stop = {.gradient_tolerance = 1e-3}});
  ls::Rosenbrock<float> rf(10);
  Vector<float> xf = rf.start_point();
  const auto rf_result = lbfgs_float.minimize(rf, xf);
  REQUIRE(rf_result.status == Status::converged_gradient);
  CHECK((xf - Vector<float>::Ones(10)).norm() < 1e-3f);

  // Armijo backtracking as the line-search policy.
  saddle::LBFGS<double, saddle::Armijo> armijo({.stop = {.gradient_tolerance = 1e-8}});
  ls::Rosenbrock<double> r2(2);
  x = r2.start_point();
  result = armijo.minimize(r2, x);
  REQUIRE(result.status == Status::converged_gradient);
  CHECK((x - Vector<double>::Ones(2)).norm() < 1e-7);
}

TEST_CASE("L-BFGS outcomes: line_search_failed after one restart, non_finite, observers, validation") {
  // An objective that is NaN everywhere but at the start: the line search meets only NaN, which is
  // non_finite (not a line-search failure), at once, within one search's budget.
  const Vector<double> origin = Vector<double>::Ones(3);
  auto only_here = [&origin](const Vector<double>& x, Vector<double>& g) {
    g = x;
    return (x - origin).norm() == 0.0 ? 0.5 * x.squaredNorm() : std::numeric_limits<double>::quiet_NaN();
  };
  saddle::LBFGS<double> lbfgs;
  Vector<double> x = origin;
  auto result = lbfgs.minimize(only_here, x);
  REQUIRE(result.status == Status::non_finite);
  CHECK(x == origin);  // the last good iterate
  CHECK_THAT(result.message, contains("NaN/Inf at every trial of the line search from iteration 0"));
  CHECK(result.function_evaluations <= 1 + saddle::MoreThuenteOptions{}.max_evaluations);
  // A finite f with a NaN gradient away from the start: non_finite too, not line_search_failed.
  auto nan_gradient = [&origin](const Vector<double>& x, Vector<double>& g) {
    g = x;
    if ((x - origin).norm() != 0.0) {
      g[1] = std::numeric_limits<double>::quiet_NaN();
    }
    return 0.5 * x.squaredNorm();
  };
  x = origin;
  result = lbfgs.minimize(nan_gradient, x);
  REQUIRE(result.status == Status::non_finite);
  CHECK(x == origin);
  CHECK(result.function_evaluations <= 1 + saddle::MoreThuenteOptions{}.max_evaluations);

  auto nan_start = [](const Vector<double>& x, Vector<double>& g) {
    g = x;
    return std::numeric_limits<double>::quiet_NaN();
  };
  result = lbfgs.minimize(nan_start, x);
  REQUIRE(result.status == Status::non_finite);

  saddle::History<double> history;
  auto stop_at_3 = [](const saddle::IterationInfo<double>& info) {
    return info.iteration == 3 ? saddle::ObserverAction::stop : saddle::ObserverAction::proceed;
  };
  ls::Rosenbrock<double> r(2);
  x = r.start_point();
  result = lbfgs.minimize(r, x, history, stop_at_3);
  REQUIRE(result.status == Status::stopped_by_observer);
  CHECK(result.iterations == 3);
  CHECK(history.size() == 4);

  REQUIRE_THROWS_WITH(saddle::LBFGS<double>({.memory = 0}), "saddle::LBFGSOptions: memory = 0 violates memory >= 1");
  REQUIRE_THROWS_WITH(saddle::LBFGS<double>({.curvature_epsilon = 1.0}),
                      "saddle::LBFGSOptions: curvature_epsilon = 1 violates 0 <= curvature_epsilon < 1");
}

namespace {

bool same_bits(const Vector<double>& a, const Vector<double>& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

// Reads an LBFGS<double>'s correction pairs through its checkpoint fields.
struct PairPeek {
  Matrix<double> s;
  Matrix<double> y;
  Vector<double> rho;
  Index count = 0;
  Index newest = -1;
  template <class T>
  void operator()(std::string_view name, const T& value) {
    if constexpr (std::is_same_v<T, Matrix<double>>) {
      (name == "s" ? s : y) = value;
    } else if constexpr (std::is_same_v<T, Vector<double>>) {
      rho = value;
    } else if constexpr (std::is_same_v<T, Index>) {
      (name == "count" ? count : newest) = value;
    }
  }
  template <class T>
  void match(std::string_view /*name*/, const T& /*value*/) {}
  void require(bool /*ok*/, saddle::CheckpointReason /*reason*/, std::string_view /*field*/,
               std::string_view /*rule*/) {}
};

}  // namespace

TEST_CASE("L-BFGS warm_start: a second call continues the first; without it, every call starts fresh") {
  constexpr int n = 7;
  ls::Rosenbrock<double> r(6);
  const saddle::LBFGSOptions cold{.stop = {.gradient_tolerance = 0.0, .max_iterations = n}, .memory = 4};
  saddle::LBFGSOptions warm = cold;
  warm.warm_start = true;
  saddle::LBFGSOptions twice = warm;
  twice.stop.max_iterations = 2 * n;

  // Without warm_start: two calls of n iterations are two independent runs.
  saddle::LBFGS<double> lbfgs(cold);
  Vector<double> x = r.start_point();
  auto result = lbfgs.minimize(r, x);
  REQUIRE(result.status == Status::max_iterations);
  const Vector<double> halfway = x;
  CHECK(lbfgs.pair_count() == 4);  // the pairs stay in the object (a checkpoint holds them)
  result = lbfgs.minimize(r, x);
  REQUIRE(result.status == Status::max_iterations);
  saddle::LBFGS<double> fresh(cold);
  Vector<double> y = halfway;
  (void)fresh.minimize(r, y);
  CHECK(same_bits(x, y));
  const Vector<double> cold_end = x;

  // With warm_start: the second call continues the first exactly, as one run of 2n iterations.
  saddle::LBFGS<double> warm_lbfgs(warm);
  x = r.start_point();
  result = warm_lbfgs.minimize(r, x);
  REQUIRE(result.status == Status::max_iterations);
  CHECK(same_bits(x, halfway));  // the first call of a fresh object starts along -g as before
  result = warm_lbfgs.minimize(r, x);  // first trial step 1, not 1/|g|, as in the straight run
  REQUIRE(result.status == Status::max_iterations);
  saddle::LBFGS<double> straight(twice);
  y = r.start_point();
  result = straight.minimize(r, y);
  REQUIRE(result.iterations == 2 * n);
  CHECK(same_bits(x, y));
  CHECK_FALSE(same_bits(x, cold_end));  // the pairs matter

  // A third warm call of the same size allocates nothing (pairs and work space are kept).
  Eigen::internal::set_is_malloc_allowed(false);
  result = warm_lbfgs.minimize(r, x);
  Eigen::internal::set_is_malloc_allowed(true);
  CHECK(result.status == Status::max_iterations);

  // x of another size: a fresh start, no error.
  ls::Rosenbrock<double> r4(4);
  Vector<double> x4 = r4.start_point();
  result = warm_lbfgs.minimize(r4, x4);
  REQUIRE(result.status == Status::max_iterations);
  saddle::LBFGS<double> fresh4(cold);
  Vector<double> y4 = r4.start_point();
  (void)fresh4.minimize(r4, y4);
  CHECK(same_bits(x4, y4));

  // reset() drops the pairs: the next warm call starts along -g.
  warm_lbfgs.reset();
  CHECK(warm_lbfgs.pair_count() == 0);
  x4 = r4.start_point();
  (void)warm_lbfgs.minimize(r4, x4);
  CHECK(same_bits(x4, y4));
}

TEST_CASE("L-BFGS keeps only consistent pairs when a skipped pair lands in a full ring") {
  // A strict curvature test skips many pairs; with memory 2 the ring is often full when it does.
  // Every pair in use must still satisfy rho = 1 / s^T y (a skipped pair overwrites the oldest
  // slot, which then leaves the ring).
  ls::Rosenbrock<double> r(6);
  Vector<double> x = r.start_point();
  saddle::LBFGS<double> lbfgs({.stop = {.gradient_tolerance = 0.0, .max_iterations = 1},
                               .memory = 2,
                               .curvature_epsilon = 0.3,
                               .warm_start = true});
  std::int64_t skipped_when_full = 0;
  for (int k = 0; k < 100; ++k) {
    const bool full = lbfgs.pair_count() == 2;
    const auto result = lbfgs.minimize(r, x);
    REQUIRE(result.status == Status::max_iterations);
    skipped_when_full += full ? result.skipped_updates : 0;
    PairPeek peek;
    saddle::LBFGS<double>::checkpoint_fields(std::as_const(lbfgs), peek);
    Index i = peek.newest;
    for (Index j = 0; j < peek.count; ++j) {
      INFO("call " << k << ", pair " << i);
      CHECK(peek.rho[i] * peek.s.col(i).dot(peek.y.col(i)) == Approx(1.0).epsilon(1e-12));
      i = i == 0 ? 1 : i - 1;
    }
  }
  CHECK(skipped_when_full > 0);
}

TEST_CASE("Newton-CG (Hessian-free) converges, uses Gauss-Newton products, reports negative curvature") {
  saddle::NewtonCG<double> newton({.stop = {.gradient_tolerance = 1e-8, .max_iterations = 1000}});
  for (Index n : {2, 20}) {
    // The pairs form: the chained one has a second, local minimum for n >= 4 (Kok & Sandrock
    // 2009), which Newton-CG may rightly find.
    ls::Rosenbrock<double> r(n, ls::RosenbrockForm::pairs);
    Vector<double> x = r.start_point();
    const auto result = newton.minimize(r, x);
    INFO(result.brief() << " " << result.message);
    REQUIRE(result.status == Status::converged_gradient);
    CHECK((x - Vector<double>::Ones(n)).norm() < 1e-7);
    CHECK(result.hvp_evaluations > 0);
  }
  // The ill-conditioned quadratic (n = 1000, condition 1e6) that L-BFGS with m = 6 cannot finish.
  auto q = ls::ill_conditioned_quadratic<double>(1000, 1e6);
  Vector<double> x = q.start_point();
  saddle::NewtonCG<double> patient({.stop = {.gradient_tolerance = 1e-5, .max_iterations = 1000}});
  auto result = patient.minimize(q, x);
  INFO(result.brief() << " " << result.message);
  REQUIRE(result.status == Status::converged_gradient);

  // Gauss-Newton products when the objective offers them.
  LeastSquares lsq{Vector<double>::LinSpaced(4, 0.5, 2.0)};
  x = Vector<double>::Ones(4);
  result = newton.minimize(lsq, x);
  REQUIRE(result.status == Status::converged_gradient);
  CHECK_THAT(result.message, contains("Gauss-Newton products"));

  // Near a saddle of Himmelblau the Hessian is indefinite: CG meets negative curvature and
  // the method follows it down to a minimum instead of stalling.
  ls::Himmelblau<double> h;
  x = h.saddles()[0].point;
  x[0] += 1e-3;
  result = newton.minimize(h, x);
  REQUIRE(result.status == Status::converged_gradient);
  bool at_minimum = false;
  for (const auto& m : h.minima()) {
    at_minimum = at_minimum || (x - m.point).norm() < 1e-7;
  }
  CHECK(at_minimum);
  CHECK_THAT(result.message, !contains(" 0 negative-curvature"));
  CHECK(result.negative_curvature_found > 0);
  CHECK_FALSE(result.kind.has_value());  // Newton-CG certifies nothing

  saddle::NewtonCG<float> newton_float({.stop = {.gradient_tolerance = 1e-3}});
  ls::Rosenbrock<float> rf(4);
  Vector<float> xf = rf.start_point();
  REQUIRE(newton_float.minimize(rf, xf).status == Status::converged_gradient);
  CHECK((xf - Vector<float>::Ones(4)).norm() < 1e-3f);

  REQUIRE_THROWS_WITH(saddle::NewtonCG<double>({.damping_increase = 1.0}),
                      "saddle::NewtonCGOptions: damping_increase = 1 violates 1 < damping_increase < inf");
  REQUIRE_THROWS_WITH(saddle::NewtonCG<double>({.warm_start = 1.5}),
                      "saddle::NewtonCGOptions: warm_start = 1.5 violates 0 <= warm_start <= 1");
}

TEST_CASE("trust region leaves exact saddles and maxima of Himmelblau and converges to a minimum") {
  ls::Himmelblau<double> h;
  saddle::TrustRegionNewtonCG<double> tr({.stop = {.gradient_tolerance = 1e-10}});
  for (const auto& start : h.critical_points()) {
    Vector<double> x = start.point;
    const auto result = tr.minimize(h, x);
    INFO(saddle::to_string(start.kind) << " at " << start.point.transpose() << ": " << result.brief() << " "
                                       << result.message);
    REQUIRE(result.status == Status::converged_second_order);
    std::optional<saddle::landscapes::LabelledPoint<double>> reached;
    for (const auto& m : h.minima()) {
      if ((x - m.point).norm() < 1e-9) {
        reached = m;
      }
    }
    REQUIRE(reached.has_value());
    CHECK_THAT(result.message, contains("a second-order point"));
    // The certificate: a minimum, with lambda_min the labelled one (Lanczos to 1e-6 relative).
    REQUIRE(result.kind == saddle::CriticalPointKind::minimum);
    REQUIRE(result.lambda_min.has_value());
    CHECK(*result.lambda_min == Approx(reached->lambda_min).epsilon(1e-5));
    if (start.kind == saddle::CriticalPointKind::minimum) {
      CHECK(result.saddles_escaped == 0);
    } else {
      // From a saddle or a maximum (g = 0 exactly) the only way out is negative curvature.
      CHECK_THAT(result.message, contains("escaped"));
      CHECK(result.saddles_escaped >= 1);
      CHECK(result.negative_curvature_found >= result.saddles_escaped);
      CHECK(result.iterations > 0);
    }
  }
  // A first escape step far too long (radius 1000) is rejected and retried along the same certified
  // direction with a quarter of the radius, until one is accepted: one saddle, escaped once.
  {
    saddle::TrustRegionNewtonCG<double> eager({.stop = {.gradient_tolerance = 1e-10}, .initial_radius = 1000.0});
    saddle::History<double> history;
    Vector<double> x = h.saddles()[0].point;
    const auto result = eager.minimize(h, x, history);
    REQUIRE(result.status == Status::converged_second_order);
    REQUIRE(history.size() > 3);
    CHECK(history.radii()[1] == 250.0);  // rejected: Delta / 4
    CHECK(history.radii()[2] == 62.5);   // rejected again, at the same point
    CHECK(history.values()[2] == history.values()[0]);
    CHECK(result.saddles_escaped == 1);
    CHECK_THAT(result.message, contains("escaped 1 saddle(s)"));
  }
  // Plain Newton at a saddle with g = 0 cannot move; with second_order = false neither can this.
  saddle::TrustRegionNewtonCG<double> first_order({.stop = {.gradient_tolerance = 1e-10}, .second_order = false});
  Vector<double> x = h.saddles()[0].point;
  const auto stuck = first_order.minimize(h, x);
  REQUIRE(stuck.status == Status::converged_gradient);
  CHECK(stuck.iterations == 0);
  CHECK_FALSE(stuck.kind.has_value());  // second_order off: nothing certified, so nothing claimed

  // The textbook saddle in 1000 dimensions: x -> 0 along the positive directions is not enough.
  Vector<double> eigenvalues = Vector<double>::LinSpaced(1000, 1.0, 10.0);
  eigenvalues[500] = -2.0;
  ls::Quadratic<double> saddle_1000(eigenvalues);
  Vector<double> z = Vector<double>::Zero(1000);
  saddle::TrustRegionNewtonCG<double> escaper({.stop = {.gradient_tolerance = 1e-10, .max_iterations = 3}});
  const auto escaped = escaper.minimize(saddle_1000, z);
  Vector<double> gz;
  CHECK(saddle_1000(z, gz) < -1.0);  // unbounded below along the negative direction: it went down
  CHECK(std::abs(z[500]) > 1.0);
  CHECK(escaped.hvp_evaluations > 0);
  CHECK(escaped.saddles_escaped == 1);
}

TEST_CASE("every curvature method converges on Rosenbrock and the quadratic, in float too") {
  saddle::TrustRegionNewtonCG<double> tr({.stop = {.gradient_tolerance = 1e-8, .max_iterations = 2000}});
  ls::Rosenbrock<double> r(10);
  Vector<double> x = r.start_point();
  auto result = tr.minimize(r, x);
  REQUIRE(result.status == Status::converged_second_order);
  CHECK(result.kind == saddle::CriticalPointKind::minimum);
  CHECK((x - Vector<double>::Ones(10)).norm() < 1e-7);
  // Condition 1e6 in 1000 dimensions: the minimum is reached, but 200 Lanczos products cannot converge
  // the smallest Ritz value to 1e-6 under a spectrum that wide, and an unconverged probe proves nothing
  // about lambda_min: first order only, said so.
  auto q = ls::ill_conditioned_quadratic<double>(1000, 1e6);
  x = q.start_point();
  result = tr.minimize(q, x);
  REQUIRE(result.status == Status::converged_gradient);
  CHECK_FALSE(result.kind.has_value());
  CHECK_THAT(result.message, saddle_test::contains("the curvature probe could not bound lambda_min"));
  CHECK(x.norm() < 1e-4);
  saddle::TrustRegionNewtonCG<float> tr_float({.stop = {.gradient_tolerance = 1e-3}, .curvature_tolerance = 1e-3});
  ls::Himmelblau<float> hf;
  Vector<float> xf = hf.saddles()[1].point;
  const auto rf = tr_float.minimize(hf, xf);
  REQUIRE(rf.status == Status::converged_second_order);
  CHECK(rf.saddles_escaped == 1);
  Vector<float> gf;
  CHECK(hf(xf, gf) < 1e-5f);
  REQUIRE_THROWS_WITH(saddle::TrustRegionNewtonCG<double>({.eta = 0.3}),
                      "saddle::TrustRegionNewtonCGOptions: eta = 0.3 violates 0 <= eta < 0.25");
  REQUIRE_THROWS_WITH(saddle::TrustRegionNewtonCG<double>({.initial_radius = 0.0}),
                      "saddle::TrustRegionNewtonCGOptions: initial_radius = 0 violates 0 < initial_radius <= 1e+10");
}

TEST_CASE("no heap allocation per iteration after the first ones") {
  // An observer forbids Eigen allocations from iteration 3 on (the guard is an eigen_assert: it
  // checks in the Debug/sanitizer build of the suite).
  auto forbid_after = [](std::int64_t start) {
    return [start](const saddle::IterationInfo<double>& info) {
      Eigen::internal::set_is_malloc_allowed(info.iteration < start);
    };
  };
  ls::Rosenbrock<double> r(50);
  Vector<double> x = r.start_point();
  saddle::LBFGS<double> lbfgs({.stop = {.gradient_tolerance = 1e-8}});
  auto result = lbfgs.minimize(r, x, forbid_after(1));
  Eigen::internal::set_is_malloc_allowed(true);
  CHECK(result.status == Status::converged_gradient);
  x = r.start_point();
  saddle::NewtonCG<double> newton({.stop = {.gradient_tolerance = 1e-8}});
  result = newton.minimize(r, x, forbid_after(1));
  Eigen::internal::set_is_malloc_allowed(true);
  CHECK(result.status == Status::converged_gradient);
  x = r.start_point();
  saddle::TrustRegionNewtonCG<double> tr({.stop = {.gradient_tolerance = 1e-8}, .second_order = false});
  result = tr.minimize(r, x, forbid_after(1));
  Eigen::internal::set_is_malloc_allowed(true);
  CHECK(result.status == Status::converged_gradient);
  // A second L-BFGS run of the same size allocates nothing at all before its message (work space kept).
  x = r.start_point();
  Eigen::internal::set_is_malloc_allowed(false);
  result = lbfgs.minimize(r, x);
  Eigen::internal::set_is_malloc_allowed(true);
  CHECK(result.status == Status::converged_gradient);

  // Truncated CG, with the warm start, the progress rule and an iterate hook: a second solve of the
  // same size allocates nothing.
  const Vector<double> diag = Vector<double>::LinSpaced(300, 1.0, 1e3);
  auto spd = [&diag](const Vector<double>& v, Vector<double>& hv) { hv.noalias() = diag.cwiseProduct(v); };
  const Vector<double> g = Vector<double>::Ones(300);
  Vector<double> p = Vector<double>::Zero(300);
  saddle::TruncatedCG<double> cg;
  const saddle::TruncatedCGOptions options{.max_iterations = 100, .progress_tolerance = 1e-4, .warm_start = true};
  double seen = 0.0;
  auto hook = [&seen](std::int64_t, const Vector<double>&, double m) { seen = m; };
  (void)cg.solve(spd, g, p, options, hook);
  p *= 0.5;
  Eigen::internal::set_is_malloc_allowed(false);
  const auto solved = cg.solve(spd, g, p, options, hook);
  Eigen::internal::set_is_malloc_allowed(true);
  CHECK(solved.iterations > 1);
  CHECK(seen == solved.model_value);
}
