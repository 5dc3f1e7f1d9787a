// Validation that costs nothing when it passes: lazily named fields (formatted only on failure, with
// the same message as before), the per-element messages of every landscape, and the constructions
// made cheap for large d, each checked against a reference computed independently here.
#include <Eigen/Eigenvalues>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "support/catch.hpp"
#include "support/dense_reference.hpp"
#include "support/vectors.hpp"

#include <saddle/core/random.hpp>
#include <saddle/core/validation.hpp>
#include <saddle/landscapes/deep_linear.hpp>
#include <saddle/landscapes/matrix_factorization.hpp>
#include <saddle/landscapes/mgh.hpp>
#include <saddle/landscapes/orthogonal_quartic.hpp>
#include <saddle/landscapes/quadratic.hpp>
#include <saddle/landscapes/rosenbrock.hpp>
#include <saddle/landscapes/strict_saddle_quartic.hpp>
#include <saddle/landscapes/styblinski_tang.hpp>

using saddle::Index;
using saddle::Matrix;
using saddle::Vector;
using saddle_test::Approx;
namespace ls = saddle::landscapes;
namespace sd = saddle::detail;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

using saddle_test::vec;

// How many representable values of S lie strictly between a and b, plus one (0 when equal).
template <class S>
long ulps_apart(S a, S b) {
  long n = 0;
  while (a < b) {
    a = std::nextafter(a, b);
    ++n;
  }
  while (b < a) {
    b = std::nextafter(b, a);
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("validation: a lazily named field is formatted only when its check fails, same message") {
  int names = 0;
  const auto name = [&names] {
    ++names;
    return std::string("field[3]");
  };
  sd::require("Owner", name, 1.0, sd::greater_than(0));
  sd::require("Owner", sd::element("field", 3), 1.0, sd::greater_than(0));
  CHECK(names == 0);
  const std::string message = "saddle::Owner: field[3] = -1 violates field[3] > 0";
  REQUIRE_THROWS_WITH(sd::require("Owner", name, -1.0, sd::greater_than(0)), message);
  CHECK(names == 1);
  REQUIRE_THROWS_WITH(sd::require("Owner", sd::element("field", 3), -1.0, sd::greater_than(0)), message);
  REQUIRE_THROWS_WITH(sd::require("Owner", "field[3]", -1.0, sd::greater_than(0)), message);  // the eager form
  REQUIRE_THROWS_WITH(sd::require("Owner", sd::element("m", 2, 5), inf, sd::finite(), "n > 1"),
                      "saddle::Owner: m(2, 5) = inf violates -inf < m(2, 5) < inf (required when n > 1)");
  CHECK(sd::element("widths", std::size_t{7})() == "widths[7]");
  CHECK(sd::element("target", 0, Index{12})() == "target(0, 12)");

  int texts = 0;
  const auto lazy = [&texts](const char* text) {
    return [&texts, text] {
      ++texts;
      return std::string(text);
    };
  };
  sd::require_that(true, "Owner", lazy("x"), lazy("1"), lazy("x > 2"));
  sd::require_that(true, "Owner", "x", lazy("1"), "x > 2");
  CHECK(texts == 0);
  REQUIRE_THROWS_WITH(sd::require_that(false, "Owner", lazy("x"), lazy("1"), lazy("x > 2")),
                      "saddle::Owner: x = 1 violates x > 2");
  CHECK(texts == 3);
  REQUIRE_THROWS_WITH(sd::require_that(false, "Owner", "x", lazy("1"), "x > 2"), "saddle::Owner: x = 1 violates x > 2");
  REQUIRE_THROWS_WITH(sd::require_that(false, "Owner", "x", "1", "x > 2"), "saddle::Owner: x = 1 violates x > 2");
}

TEST_CASE("validation: every landscape's per-element message names the element, value and rule") {
  REQUIRE_THROWS_WITH(ls::Quadratic<double>(vec({1.0, 2.0, inf})),
                      "saddle::landscapes::Quadratic: eigenvalues[2] = inf violates -inf < eigenvalues[2] < inf");
  REQUIRE_THROWS_WITH(ls::Quadratic<double>(vec({1.0, 0.0})),
                      "saddle::landscapes::Quadratic: eigenvalues[1] = 0 violates eigenvalues[i] != 0");
  REQUIRE_THROWS_WITH(
      ls::StrictSaddleQuartic<double>(vec({-1.0, -inf})),
      "saddle::landscapes::StrictSaddleQuartic: eigenvalues[1] = -inf violates -inf < eigenvalues[1] < inf");
  REQUIRE_THROWS_WITH(ls::StrictSaddleQuartic<double>(vec({-2.0, 1.0, -0.5, 3.0, -2.0})),
                      "saddle::landscapes::StrictSaddleQuartic: eigenvalues[4] = -2 violates eigenvalues[i] != "
                      "eigenvalues[j] for negative eigenvalues (eigenvalues[0] = -2 too)");

  Matrix<double> target = Matrix<double>::Identity(3, 3);
  target(2, 1) = inf;
  REQUIRE_THROWS_WITH(ls::MatrixFactorization<double>(target, 1),
                      "saddle::landscapes::MatrixFactorization: target(2, 1) = inf violates -inf < target(2, 1) < inf");
  target(2, 1) = 0.25;
  REQUIRE_THROWS_WITH(ls::MatrixFactorization<double>(target, 1),
                      "saddle::landscapes::MatrixFactorization: target(2, 1) = 0.25 violates target(i, j) == "
                      "target(j, i) (target(1, 2) = 0)");

  const Matrix<double> teacher = Matrix<double>::Ones(2, 3);
  REQUIRE_THROWS_WITH(ls::DeepLinearNetwork<double>({3, 2, 0, 2}, teacher),
                      "saddle::landscapes::DeepLinearNetwork: widths[2] = 0 violates widths[2] >= 1");
  Matrix<double> bad_teacher = teacher;
  bad_teacher(1, 2) = -inf;
  REQUIRE_THROWS_WITH(ls::DeepLinearNetwork<double>({3, 2, 2}, bad_teacher),
                      "saddle::landscapes::DeepLinearNetwork: target(1, 2) = -inf violates -inf < target(1, 2) < inf");
  Matrix<double> covariance = Matrix<double>::Identity(3, 3);
  covariance(0, 2) = inf;
  REQUIRE_THROWS_WITH(ls::DeepLinearNetwork<double>({3, 2, 2}, teacher, covariance),
                      "saddle::landscapes::DeepLinearNetwork: input_covariance(0, 2) = inf violates -inf < "
                      "input_covariance(0, 2) < inf");
  covariance(0, 2) = 0.0;
  covariance(2, 0) = 0.5;
  REQUIRE_THROWS_WITH(ls::DeepLinearNetwork<double>({3, 2, 2}, teacher, covariance),
                      "saddle::landscapes::DeepLinearNetwork: input_covariance(2, 0) = 0.5 violates "
                      "input_covariance(i, j) == input_covariance(j, i) (input_covariance(0, 2) = 0)");
  REQUIRE_THROWS_WITH(ls::ScalarDeepLinear<double>(3, 0.0),
                      "saddle::landscapes::ScalarDeepLinear: s = 0 violates s != 0");
  REQUIRE_THROWS_WITH(ls::ExtendedPowellSingular<double>(10),
                      "saddle::landscapes::ExtendedPowellSingular: n = 10 violates n % 4 == 0");
  REQUIRE_THROWS_WITH(ls::StrictSaddleQuartic<double>(vec({-1.0, 2.0})).critical_point(0, 2),
                      "saddle::landscapes::StrictSaddleQuartic::critical_point: sign = 2 violates sign == 1 or "
                      "sign == -1");
}

TEST_CASE("ill-conditioned quadratic: every eigenvalue within an ulp of condition^(i / (n - 1))") {
  for (const Index n : {1, 2, 3, 1000, 12345}) {
    for (const double condition : {1.0, 1e6, 1e12}) {
      const auto q = ls::ill_conditioned_quadratic<double>(n, condition);
      const auto qf = ls::ill_conditioned_quadratic<float>(n, condition);
      INFO("n = " << n << ", condition = " << condition);
      CHECK(q.eigenvalues()[0] == 1.0);
      long worst = 0;
      long worst_float = 0;
      for (Index i = 0; i < n; ++i) {
        // One power in long double per eigenvalue, rounded once.
        const long double t = n == 1 ? 0.0L : static_cast<long double>(i) / static_cast<long double>(n - 1);
        const long double exact = std::pow(static_cast<long double>(condition), t);
        worst = std::max(worst, ulps_apart(q.eigenvalues()[i], static_cast<double>(exact)));
        worst_float = std::max(worst_float, ulps_apart(qf.eigenvalues()[i], static_cast<float>(exact)));
      }
      CHECK(worst <= 1);
      CHECK(worst_float <= 1);
      CHECK(q.eigenvalues()[n - 1] == (n == 1 ? 1.0 : condition));
    }
  }
}

TEST_CASE("rosenbrock: lambda_min at the minimum for large n, against a dense solver and the limit 400/802") {
  // Checked against a dense eigensolver just above the size (64) from which only the trailing block
  // of the tridiagonal Hessian is bisected.
  for (const Index n : {63, 64, 65, 130, 300}) {
    ls::Rosenbrock<double> r(n);
    Matrix<double> h = Matrix<double>::Zero(n, n);
    for (Index i = 0; i + 1 < n; ++i) {  // the pair (i, i + 1) adds [[802, -400], [-400, 200]] at x = 1
      h(i, i) += 802.0;
      h(i, i + 1) -= 400.0;
      h(i + 1, i) -= 400.0;
      h(i + 1, i + 1) += 200.0;
    }
    const saddle_test::SymmetricEigen<double> eig(h, Eigen::EigenvaluesOnly);
    INFO("n = " << n);
    CHECK(r.critical_points()[0].lambda_min == Approx(eig.eigenvalues()[0]).epsilon(1e-12));
  }
  // For large n the eigenvector of lambda_min is the bound state of the last row: v_i = t^(n - i)
  // solves the interior rows when 1002 - 400 (t + 1/t) = lambda and the last row when
  // 200 - 400 t = lambda, so t = 400/802 and lambda = 400/802, up to terms of order t^(2n).
  const ls::Rosenbrock<double> big(1000000);
  CHECK(big.critical_points()[0].lambda_min == Approx(400.0 / 802.0).epsilon(1e-15));
}

TEST_CASE("high-dimensional landscapes keep their labels within the label budget, with valid labels") {
  const Index d = 300000;
  Vector<double> lambda = Vector<double>::LinSpaced(d, 1.0, 2.0);
  lambda[5] = -3.0;
  lambda[70] = -2.0;
  const ls::StrictSaddleQuartic<double> quartic(lambda);
  const ls::StyblinskiTang<double> tang(d);
  const ls::OrthogonalQuartic<double> orthogonal(d);
  const ls::ScalarDeepLinear<double> chain(d, -1.0);
  const auto budget = static_cast<std::size_t>(ls::detail::label_budget);
  CHECK(quartic.critical_points().size() * static_cast<std::size_t>(d) <= budget);
  CHECK(tang.critical_points().size() * static_cast<std::size_t>(d) <= budget);
  CHECK(orthogonal.critical_points().size() * static_cast<std::size_t>(d) <= budget);
  CHECK(chain.critical_points().size() * static_cast<std::size_t>(d) <= budget);
  // The chain keeps the origin and at least one minimizer: with s = -1, |w_i| = 1 and an odd number
  // of negative signs, so the product is -1 = s and the gradient vanishes.
  REQUIRE(chain.critical_points().size() >= 2);
  Vector<double> g;
  for (std::size_t k = 1; k < chain.critical_points().size(); ++k) {
    const auto& p = chain.critical_points()[k];
    CHECK(p.point.cwiseAbs().isOnes(0.0));
    CHECK((p.point.array() < 0.0).count() % 2 == 1);
    CHECK(chain(p.point, g) == 0.0);
    CHECK(g.isZero(0.0));
  }
  // Styblinski-Tang at d = 300000: the global minimum, the worst minimum and the maximum, with values
  // d times those of one coordinate's double well at its roots (computed here by Newton's method).
  REQUIRE(tang.critical_points().size() == 3);
  const auto root = [](long double x) {
    for (int step = 0; step < 60; ++step) {
      x -= (4 * x * x * x - 32 * x + 5) / (12 * x * x - 32);
    }
    return x;
  };
  const auto well = [](long double x) { return 0.5L * (x * x * x * x - 16 * x * x + 5 * x); };
  const long double a = root(-3.0L);
  CHECK(tang.minimum_value() ==
        Approx(static_cast<double>(static_cast<long double>(d) * well(a))).epsilon(1e-15));
  CHECK(tang.critical_points()[2].value ==
        Approx(static_cast<double>(static_cast<long double>(d) * well(root(0.2L)))).epsilon(1e-15));
  CHECK(tang.critical_points()[2].index == d);
}

TEST_CASE("labels of 3^d landscapes come grouped by index, in base-3 order within a group") {
  std::vector<std::vector<int>> visited;
  ls::detail::for_each_ternary(
      2, [](const std::vector<int>& digits) { return std::count(digits.begin(), digits.end(), 2); },
      [&](const std::vector<int>& digits) { visited.push_back(digits); });
  // Index 0 (no digit 2): 00, 10, 01, 11 (digits[0] least significant); index 1: 20, 21, 02, 12; index 2: 22.
  const std::vector<std::vector<int>> expected{{0, 0}, {1, 0}, {0, 1}, {1, 1}, {2, 0},
                                               {2, 1}, {0, 2}, {1, 2}, {2, 2}};
  CHECK(visited == expected);
}

TEST_CASE("deep linear network beyond 16 columns (divide-and-conquer SVD): labels against Jacobi in double") {
  // Two layers, so that the origin is a strict saddle whose index and lambda_min are in closed form.
  saddle::Random random(21);
  Matrix<double> teacher(18, 40);
  for (Index j = 0; j < teacher.cols(); ++j) {
    for (Index i = 0; i < teacher.rows(); ++i) {
      teacher(i, j) = random.normal();
    }
  }
  Matrix<double> c(40, 40);
  for (Index j = 0; j < c.cols(); ++j) {
    for (Index i = 0; i < c.rows(); ++i) {
      c(i, j) = random.normal();
    }
  }
  const Matrix<double> white = Matrix<double>::Identity(40, 40);
  const Matrix<double> colored = c * c.transpose() / 40.0 + 0.5 * white;
  for (const bool whitened : {true, false}) {
    const Matrix<double>& sigma = whitened ? white : colored;
    const ls::DeepLinearNetwork<double> net({40, 20, 18}, teacher, whitened ? Matrix<double>() : sigma);
    INFO((whitened ? "whitened" : "colored") << " inputs");
    // References: Jacobi SVDs in double of T Sigma (the origin) and T Sigma^(1/2) (the minimum).
    const Eigen::JacobiSVD<Matrix<double>> origin(teacher * sigma);
    const saddle_test::SymmetricEigen<double> eig(sigma);
    const Matrix<double> half = eig.operatorSqrt();
    const Eigen::JacobiSVD<Matrix<double>> best(teacher * half);
    REQUIRE(net.critical_points().size() == 2);
    const auto& saddle_point = net.critical_points()[0];
    CHECK(saddle_point.index == 20 * 18);  // widths[1] rank(T)
    CHECK(saddle_point.lambda_min == Approx(-origin.singularValues()[0]).epsilon(1e-12));
    CHECK(saddle_point.value == Approx(0.5 * (teacher * sigma * teacher.transpose()).trace()).epsilon(1e-12));
    const auto& minimum = net.critical_points()[1];
    // q = 18 = rank: the teacher is realizable, f* = 0 up to rounding.
    CHECK(minimum.value == Approx(0.0).margin(1e-20));
    Vector<double> g;
    const double f = net(minimum.point, g);
    CHECK(f < 1e-20 * teacher.squaredNorm());
    CHECK(g.norm() < 1e-12 * teacher.norm());
    // The product of the layers is T itself.
    const Matrix<double> product = net.layer(minimum.point, 1) * net.layer(minimum.point, 0);
    CHECK((product - teacher).norm() < 1e-12 * teacher.norm());
    CHECK(best.singularValues().size() == 18);
  }
  // A narrower hidden layer (q = 10 < rank 18): f* = 1/2 sum of the 8 smallest squared singular values.
  const ls::DeepLinearNetwork<double> narrow({40, 10, 18}, teacher);
  const Eigen::JacobiSVD<Matrix<double>> svd(teacher);
  const double expected = 0.5 * svd.singularValues().tail(8).squaredNorm();
  CHECK(narrow.minimum_value() == Approx(expected).epsilon(1e-12));
  Vector<double> g;
  CHECK(narrow(narrow.critical_points()[1].point, g) == Approx(expected).epsilon(1e-12));
  CHECK(g.norm() < 1e-11 * teacher.norm());
}
