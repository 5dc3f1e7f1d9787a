// Tests of the Lanczos workspace and the Krylov methods built on it: the tridiagonal QL solver and
// the O(k) convergence test against dense eigendecompositions, Ritz pairs and quadrature weights
// against a dense solver, the call forms that deduce the scalar, no heap allocation between the
// first and the last product of every Krylov method (Eigen's malloc guard: it checks in the Debug
// and sanitizer builds), and the errors for an empty operator or a non-finite product.
#include <Eigen/Eigenvalues>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <type_traits>

#include "support/catch.hpp"
#include "support/dense_reference.hpp"
#include "support/hessian_checks.hpp"

#include <saddle/saddle.hpp>

using saddle::Index;
using saddle::Matrix;
using saddle::Vector;
using saddle_test::Approx;
using saddle_test::random_symmetric;
namespace ls = saddle::landscapes;

namespace {

// A random symmetric tridiagonal matrix: diagonal a, off-diagonal b (standard normal).
struct Tridiagonal {
  Vector<double> a;
  Vector<double> b;

  Tridiagonal(Index m, unsigned seed) : a(m), b(std::max<Index>(m, 1)) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    for (Index i = 0; i < m; ++i) {
      a[i] = normal(rng);
      b[i] = normal(rng);
    }
  }

  [[nodiscard]] Matrix<double> dense() const {
    const Index m = a.size();
    Matrix<double> t = Matrix<double>::Zero(m, m);
    for (Index i = 0; i < m; ++i) {
      t(i, i) = a[i];
      if (i + 1 < m) {
        t(i, i + 1) = t(i + 1, i) = b[i];
      }
    }
    return t;
  }
};

// Checks QL's eigen-decomposition of t (diagonal a, off-diagonal b) against Eigen's dense solver.
void check_ql(const Vector<double>& a, const Vector<double>& b, const Matrix<double>& t) {
  const Index m = a.size();
  const saddle_test::SymmetricEigen<double> dense(t);
  const double norm = std::max(1.0, t.norm());
  Vector<double> d = a;
  Vector<double> e = b.head(m);
  Matrix<double> z = Matrix<double>::Identity(m, m);
  REQUIRE(saddle::detail::tridiagonal_ql<double>(d, e, z));
  CHECK((d - dense.eigenvalues()).cwiseAbs().maxCoeff() <= 1e-13 * norm * static_cast<double>(m));
  CHECK((t * z - z * d.asDiagonal()).norm() <= 1e-13 * norm * static_cast<double>(m));
  CHECK((z.transpose() * z - Matrix<double>::Identity(m, m)).norm() <= 1e-13 * static_cast<double>(m));
  // Carrying only the first and last rows of the eigenvector matrix gives exactly those rows.
  Vector<double> d2 = a;
  Vector<double> e2 = b.head(m);
  Matrix<double> rows = Matrix<double>::Zero(2, m);
  rows(0, 0) = 1.0;
  rows(1, m - 1) = 1.0;
  REQUIRE(saddle::detail::tridiagonal_ql<double>(d2, e2, rows));
  CHECK(d2 == d);
  CHECK(rows.row(0) == z.row(0));
  CHECK(rows.row(1) == z.row(m - 1));
}

// Wraps an operator so that Eigen may allocate only before its first product returns and after its
// last (the `total`-th) product starts: the work in between must not allocate.
template <class Operator>
struct AllocationFence {
  Operator op;
  std::int64_t total;
  std::int64_t calls = 0;

  void operator()(const Vector<double>& v, Vector<double>& hv) {
    Eigen::internal::set_is_malloc_allowed(true);
    op(v, hv);
    ++calls;
    Eigen::internal::set_is_malloc_allowed(calls >= total);
  }
};

// Runs `method(op)` once counting the products, then again fenced; returns the fenced result.
template <class Operator, class Method>
auto fenced(Operator op, Method method) {
  std::int64_t total = 0;
  auto counting = [&](const Vector<double>& v, Vector<double>& hv) {
    op(v, hv);
    ++total;
  };
  const auto unfenced = method(counting);
  AllocationFence<Operator> fence{op, total};
  auto result = method(fence);
  Eigen::internal::set_is_malloc_allowed(true);
  CHECK(fence.calls == total);  // the same run, product for product
  (void)unfenced;
  return result;
}

}  // namespace

TEST_CASE("tridiagonal QL and the O(m) eigenvalue test against a dense eigensolver") {
  for (const Index m : {1, 2, 3, 10, 60, 200}) {
    for (const unsigned seed : {1u, 2u}) {
      INFO("m = " << m << ", seed " << seed);
      const Tridiagonal t(m, seed);
      const Matrix<double> dense_t = t.dense();
      check_ql(t.a, t.b, dense_t);
      // Bisection for any eigenvalue in O(m) per halving, and the last component of its eigenvector
      // (what Lanczos's convergence test needs) by inverse iteration in O(m) — also when it is tiny.
      const saddle_test::SymmetricEigen<double> dense(dense_t);
      const saddle::detail::TridiagonalView<double> view{t.a, t.b, m};
      Matrix<double> work(m, 6);
      for (Index i = 0; i < m; i += std::max<Index>(1, m / 7)) {
        const double theta = view.eigenvalue(i);
        CHECK(theta == Approx(dense.eigenvalues()[i]).margin(1e-13 * dense_t.norm()));
        CHECK(view.count_below(theta + 1e-9, view.pivot_floor()) == i + 1);
        CHECK(view.last_component(theta, work) == Approx(std::abs(dense.eigenvectors()(m - 1, i))).margin(1e-10));
      }
      const double last = view.eigenvalue(m - 1);
      CHECK(view.last_component(last, work) == Approx(std::abs(dense.eigenvectors()(m - 1, m - 1))).margin(1e-10));
    }
  }
  // Wilkinson's W21+: pairs of eigenvalues equal to 1e-14; a split (zero off-diagonal) and a zero
  // diagonal.
  Vector<double> a(21);
  Vector<double> b = Vector<double>::Ones(21);
  for (Index i = 0; i < 21; ++i) {
    a[i] = std::abs(10.0 - static_cast<double>(i));
  }
  Tridiagonal w(21, 3);
  w.a = a;
  w.b = b;
  check_ql(w.a, w.b, w.dense());
  Tridiagonal split(12, 4);
  split.b[5] = 0.0;
  split.a.setZero();
  check_ql(split.a, split.b, split.dense());
}

TEST_CASE("the Lanczos workspace: Ritz pairs and quadrature weights against a dense solver") {
  const Index n = 60;
  const Matrix<double> a = random_symmetric(n, 5);
  const saddle_test::SymmetricEigen<double> dense(a);
  auto product = [&a](const Vector<double>& v, Vector<double>& hv) { hv.noalias() = a * v; };
  Vector<double> start = Vector<double>::LinSpaced(n, -1.0, 2.0);
  saddle::Lanczos<double> lanczos(n, {.max_iterations = n, .tolerance = 0.0});
  lanczos.run(product, start);
  // n steps span everything: the Ritz values are the eigenvalues, and the quadrature weights are the
  // squared components of the (normalized) start vector along the eigenvectors.
  REQUIRE(lanczos.iterations() == n);
  const Vector<double> q0 = start.normalized();
  for (Index j = 0; j < n; ++j) {
    CHECK(lanczos.values()[j] == Approx(dense.eigenvalues()[j]).margin(1e-10));
    const double weight = q0.dot(dense.eigenvectors().col(j));
    CHECK(lanczos.first_components()[j] * lanczos.first_components()[j] == Approx(weight * weight).margin(1e-10));
  }
  Vector<double> y(n);
  lanczos.ritz_vector(0, y);
  CHECK((a * y - dense.eigenvalues()[0] * y).norm() < 1e-8);
  // A^-1 start from the Ritz pairs: sum_j y_j (y_j^T start) / theta_j, with y_j^T start = |start| s_0j.
  Vector<double> weights(n);
  for (Index j = 0; j < n; ++j) {
    weights[j] = start.norm() * lanczos.first_components()[j] / lanczos.values()[j];
  }
  Vector<double> solution(n);
  lanczos.ritz_combination(weights, solution);
  CHECK((a * solution - start).norm() <= 1e-8 * start.norm());

  // A second run of the same size allocates nothing, growth of the basis included (10 000 x 150
  // needs more than the first 104 columns).
  const Index big = 10000;
  Vector<double> diagonal = Vector<double>::LinSpaced(big, 1.0, 5.0);
  diagonal[0] = -1.0;
  auto cheap = [&diagonal](const Vector<double>& v, Vector<double>& hv) { hv = diagonal.cwiseProduct(v); };
  saddle::Lanczos<double> workspace(big, {.max_iterations = 150, .tolerance = 0.0, .which = saddle::Spectrum::both_ends});
  workspace.run(cheap);
  const double first_smallest = workspace.values()[0];
  Vector<double> ritz(big);
  workspace.ritz_vector(0, ritz);
  Eigen::internal::set_is_malloc_allowed(false);
  workspace.run(cheap);
  workspace.ritz_vector(0, ritz);
  Eigen::internal::set_is_malloc_allowed(true);
  CHECK(workspace.iterations() == 150);
  CHECK(workspace.values()[0] == first_smallest);
  CHECK(workspace.values()[0] == Approx(-1.0).margin(1e-6));
  CHECK(std::abs(ritz[0]) > 0.9);
}

TEST_CASE("lanczos deduces the scalar from a start vector, top_eigenvalues from the point") {
  const Matrix<double> a = random_symmetric(40, 7);
  const saddle_test::SymmetricEigen<double> dense(a);
  auto product = [&a](const Vector<double>& v, Vector<double>& hv) { hv.noalias() = a * v; };
  const Vector<double> start = Vector<double>::Ones(40);
  const auto deduced = saddle::lanczos(product, start, {.max_iterations = 40, .tolerance = 1e-12});
  const auto spelled = saddle::lanczos<double>(product, 40, {.max_iterations = 40, .tolerance = 1e-12}, start);
  CHECK(deduced.values == spelled.values);
  CHECK(deduced.smallest() == Approx(dense.eigenvalues()[0]).epsilon(1e-10));
  const Matrix<float> af = a.cast<float>();
  auto product_f = [&af](const Vector<float>& v, Vector<float>& hv) { hv.noalias() = af * v; };
  const auto in_float = saddle::lanczos(product_f, Vector<float>(Vector<float>::Ones(40)), {.max_iterations = 40});
  static_assert(std::is_same_v<std::remove_const_t<decltype(in_float)>, saddle::LanczosResult<float>>);
  CHECK(in_float.smallest() == Approx(dense.eigenvalues()[0]).epsilon(1e-4));

  // The Hessian of a quadratic at any point: its eigenvalues, largest first.
  Vector<double> eigenvalues(5);
  eigenvalues << 3.0, -1.0, 7.0, 0.5, 2.0;
  ls::Quadratic<double> q(eigenvalues);
  const Vector<double> x = Vector<double>::Constant(5, 0.3);
  const auto top = saddle::top_eigenvalues(q, x, 2, {.tolerance = 1e-12});
  CHECK(top.values[0] == Approx(7.0).epsilon(1e-12));
  CHECK(top.values[1] == Approx(3.0).epsilon(1e-12));
  CHECK(std::abs(top.vectors(2, 0)) == Approx(1.0).epsilon(1e-10));
  auto hessian = saddle::hessian_at(q, x);
  const auto via_operator = saddle::top_eigenvalues<double>(hessian, 5, 2, {.tolerance = 1e-12});
  CHECK(via_operator.values == top.values);
}

TEST_CASE("no allocation between the first and the last product of any Krylov method") {
  // Each method runs once to count its products, then again with Eigen's allocations forbidden from
  // the end of the first product to the start of the last (setup and result may allocate).
  const Index n = 600;
  Vector<double> d = Vector<double>::LinSpaced(n, 1.0, 3.0);
  d[5] = -1.0;
  d[17] = -1.0;
  d[300] = -1.0;
  d[42] = -2.5;
  auto diagonal = [&d](const Vector<double>& v, Vector<double>& hv) { hv = d.cwiseProduct(v); };
  const auto lanczos = fenced(diagonal, [&](auto& op) {
    return saddle::lanczos<double>(op, n, {.max_iterations = 80, .tolerance = 1e-10});
  });
  CHECK(lanczos.smallest() == Approx(-2.5).epsilon(1e-9));
  const auto top = fenced(diagonal, [&](auto& op) { return saddle::top_eigenvalues<double>(op, n, 3); });
  CHECK(top.values[0] == Approx(3.0).epsilon(1e-8));
  const auto count = fenced(diagonal, [&](auto& op) {
    return saddle::count_negative_eigenvalues<double>(op, n, {.lanczos_iterations = 30});
  });
  REQUIRE(count.complete);
  CHECK(count.count == 4);  // the repeated -1 three times, found by deflation
  const auto trace = fenced(diagonal, [&](auto& op) { return saddle::hutchinson_trace<double>(op, n, {.probes = 4}); });
  CHECK(trace.trace == Approx(d.sum()).epsilon(1e-12));
  const auto density = fenced(diagonal, [&](auto& op) {
    return saddle::spectral_density<double>(op, n, {.probes = 3, .iterations = 40});
  });
  double mass = 0.0;
  for (const double w : density.weights) {
    mass += w;
  }
  CHECK(mass == Approx(1.0).epsilon(1e-10));
  const auto power = fenced(diagonal, [&](auto& op) {
    return saddle::power_iteration<double>(op, n, {.max_iterations = 3000, .tolerance = 1e-6});
  });
  CHECK(power.values[0] == Approx(3.0).epsilon(1e-3));
}

TEST_CASE("Lanczos refuses an empty operator, a bad start and a non-finite product") {
  auto identity = [](const Vector<double>& v, Vector<double>& hv) { hv = v; };
  REQUIRE_THROWS_WITH(saddle::lanczos<double>(identity, 0), "saddle::Lanczos: n = 0 violates n >= 1");
  REQUIRE_THROWS_WITH(saddle::lanczos(identity, Vector<double>()), "saddle::lanczos: start.size() = 0 violates start.size() >= 1");
  REQUIRE_THROWS_WITH(saddle::lanczos<double>(identity, 3, {}, Vector<double>(Vector<double>::Ones(4))),
                      "saddle::Lanczos: start.size() = 4 violates start.size() == n = 3");
  REQUIRE_THROWS_WITH(saddle::lanczos(identity, Vector<double>(Vector<double>::Zero(3))),
                      "saddle::Lanczos: |start| = 0 violates |start| > 0");
  Vector<double> nan_start = Vector<double>::Ones(3);
  nan_start[1] = std::numeric_limits<double>::quiet_NaN();
  REQUIRE_THROWS_WITH(saddle::lanczos(identity, nan_start), "saddle::Lanczos: start[1] = nan violates -inf < start[1] < inf");
  auto broken = [](const Vector<double>& v, Vector<double>& hv) {
    hv = v;
    hv[0] = std::numeric_limits<double>::infinity();
  };
  REQUIRE_THROWS_WITH(saddle::lanczos<double>(broken, 5),
                      Catch::Matchers::StartsWith("saddle::Lanczos: the operator returned a non-finite product at iteration 0"));
  auto short_product = [](const Vector<double>& v, Vector<double>& hv) { hv = v.head(2); };
  REQUIRE_THROWS_WITH(saddle::lanczos<double>(short_product, 5),
                      "saddle::Lanczos: the operator wrote a product of size 2, expected n = 5");
  REQUIRE_THROWS_WITH(saddle::top_eigenvalues<double>(identity, 0, 1), "saddle::top_eigenvalues: n = 0 violates n >= 1");
  REQUIRE_THROWS_WITH(saddle::power_iteration<double>(broken, 5),
                      Catch::Matchers::StartsWith("saddle::power_iteration: the operator returned a non-finite product"));
  REQUIRE_THROWS_WITH(saddle::hutchinson_trace<double>(broken, 5),
                      Catch::Matchers::StartsWith("saddle::hutchinson_trace: the operator returned a non-finite product"));
  REQUIRE_THROWS_WITH(saddle::count_negative_eigenvalues<double>(identity, 0),
                      "saddle::count_negative_eigenvalues: n = 0 violates n >= 1");
  REQUIRE_THROWS_WITH(saddle::spectral_density<double>(identity, 0), "saddle::spectral_density: n = 0 violates n >= 1");
  REQUIRE_THROWS_WITH(saddle::hutchinson_trace<double>(identity, 4, {.probes = 1}),
                      "saddle::HutchinsonTraceOptions: probes = 1 violates probes >= 2");
  REQUIRE_THROWS_WITH(saddle::count_negative_eigenvalues<double>(identity, 4, {.lanczos_iterations = 1}),
                      "saddle::CountNegativeEigenvaluesOptions: lanczos_iterations = 1 violates lanczos_iterations >= 2");
}
