// Evaluations of every landscape class, in float and double: after one warm-up call, f and the
// Hessian-vector product allocate nothing (Eigen's malloc guard, which checks in the Debug build),
// and the work space some of them keep holds no state from one call to the next. The list of
// classes is checked against the headers, so a new landscape cannot be left out.
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "support/catch.hpp"

#include <saddle/core/random.hpp>
#include <saddle/landscapes/deep_linear.hpp>
#include <saddle/landscapes/himmelblau.hpp>
#include <saddle/landscapes/matrix_factorization.hpp>
#include <saddle/landscapes/mgh.hpp>
#include <saddle/landscapes/monkey_saddle.hpp>
#include <saddle/landscapes/orthogonal_quartic.hpp>
#include <saddle/landscapes/quadratic.hpp>
#include <saddle/landscapes/rosenbrock.hpp>
#include <saddle/landscapes/rotation.hpp>
#include <saddle/landscapes/strict_saddle_quartic.hpp>
#include <saddle/landscapes/styblinski_tang.hpp>
#include <saddle/landscapes/three_hump_camel.hpp>

using saddle::Index;
using saddle::Matrix;
using saddle::Vector;
namespace ls = saddle::landscapes;

namespace {

// The landscape classes the checks below have run (the name of each class template).
std::set<std::string>& covered() {
  static std::set<std::string> names;
  return names;
}

// Two points near the start (in general position, so no product is trivially zero) and a direction.
template <class S>
Vector<S> near_start(const Vector<S>& start, double shift) {
  const Index n = start.size();
  return start + static_cast<S>(shift) * Vector<S>::LinSpaced(n, S(-1), S(1)) + Vector<S>::Constant(n, S(0.05));
}

template <class L>
void check_evaluations(const std::string& class_name, const L& landscape) {
  using S = std::remove_cvref_t<decltype(landscape.minimum_value())>;
  covered().insert(class_name);
  INFO(class_name << ": " << landscape.name());
  const Index n = landscape.dimension();
  const Vector<S> x = near_start(landscape.start_point(), 0.1);
  const Vector<S> y = near_start(landscape.start_point(), -0.2);
  const Vector<S> v = Vector<S>::LinSpaced(n, S(1), S(-0.5));
  Vector<S> g;
  Vector<S> hv;
  // Warm-up: sizes g and hv (the only allocations an evaluation may make).
  const S f_first = landscape(x, g);
  const Vector<S> g_first = g;
  landscape.hessian_vector_product(x, v, hv);
  const Vector<S> hv_first = hv;

  Vector<S> g_other(n);
  Vector<S> hv_other(n);
  Eigen::internal::set_is_malloc_allowed(false);
  const S f_other = landscape(y, g_other);
  landscape.hessian_vector_product(y, v, hv_other);
  const S f_again = landscape(x, g);
  landscape.hessian_vector_product(x, v, hv);
  Eigen::internal::set_is_malloc_allowed(true);

  // Bit for bit what the first call gave: nothing carried over through the work space.
  CHECK(std::isfinite(f_first));
  CHECK(f_again == f_first);
  CHECK(g == g_first);
  CHECK(hv == hv_first);
  // And a fresh copy agrees at the other point.
  const L copy = landscape;
  Vector<S> g_copy;
  Vector<S> hv_copy;
  CHECK(copy(y, g_copy) == f_other);
  copy.hessian_vector_product(y, v, hv_copy);
  CHECK(g_copy == g_other);
  CHECK(hv_copy == hv_other);
}

Matrix<double> seeded_matrix(Index rows, Index cols, std::uint64_t seed) {
  saddle::Random random(seed);
  Matrix<double> a(rows, cols);
  for (Index j = 0; j < cols; ++j) {
    for (Index i = 0; i < rows; ++i) {
      a(i, j) = random.normal();
    }
  }
  return a;
}

template <class S>
void check_every_landscape() {
  Vector<S> lambda(4);
  lambda << S(3), S(-1), S(0.5), S(-2);
  check_evaluations("Quadratic", ls::Quadratic<S>(lambda));
  check_evaluations("Quadratic", ls::ill_conditioned_quadratic<S>(50, 1e3));
  check_evaluations("StrictSaddleQuartic", ls::StrictSaddleQuartic<S>(lambda));
  check_evaluations("Rosenbrock", ls::Rosenbrock<S>(7));
  check_evaluations("Rosenbrock", ls::Rosenbrock<S>(8, ls::RosenbrockForm::pairs));
  check_evaluations("Himmelblau", ls::Himmelblau<S>());
  check_evaluations("MonkeySaddle", ls::MonkeySaddle<S>());
  check_evaluations("ConfinedMonkeySaddle", ls::ConfinedMonkeySaddle<S>());
  check_evaluations("ThreeHumpCamel", ls::ThreeHumpCamel<S>());
  check_evaluations("StyblinskiTang", ls::StyblinskiTang<S>(5));
  check_evaluations("OrthogonalQuartic", ls::OrthogonalQuartic<S>(6, S(2), 3));
  check_evaluations("Beale", ls::Beale<S>());
  check_evaluations("HelicalValley", ls::HelicalValley<S>());
  check_evaluations("Wood", ls::Wood<S>());
  check_evaluations("ExtendedPowellSingular", ls::ExtendedPowellSingular<S>(8));
  check_evaluations("ScalarDeepLinear", ls::ScalarDeepLinear<S>(2));
  check_evaluations("ScalarDeepLinear", ls::ScalarDeepLinear<S>(6, S(-1.5)));
  // Matrix factorization: small, and large enough for Eigen's blocked matrix-vector kernels.
  check_evaluations("MatrixFactorization", ls::random_matrix_factorization<S>(6, 3, 1));
  check_evaluations("MatrixFactorization", ls::random_matrix_factorization<S>(40, 4, 2));
  // Deep linear networks: tiny layers (coefficient-wise products), layers that take Eigen's blocked
  // products (packing buffers on the stack), and non-whitened inputs.
  check_evaluations("DeepLinearNetwork", ls::DeepLinearNetwork<S>({3, 2, 2}, seeded_matrix(2, 3, 3).cast<S>()));
  check_evaluations("DeepLinearNetwork",
                    ls::random_deep_linear_network<S>({24, 20, 16, 12}, {3.0, 2.0, 1.0}, 4, 0.1));
  const Matrix<double> c = seeded_matrix(4, 4, 5);
  const Matrix<double> covariance = c * c.transpose() + Matrix<double>::Identity(4, 4);
  check_evaluations("DeepLinearNetwork", ls::DeepLinearNetwork<S>({4, 3, 3, 2}, seeded_matrix(2, 4, 6).cast<S>(),
                                                                  covariance.cast<S>(), 7, 0.1));
  // Rotated around landscapes with and without work space of their own, and twice.
  check_evaluations("Rotated", ls::Rotated(ls::StrictSaddleQuartic<S>(lambda), 3, 8));
  check_evaluations("Rotated", ls::Rotated(ls::random_matrix_factorization<S>(5, 2, 9)));
  check_evaluations("Rotated", ls::Rotated(ls::Rotated(ls::OrthogonalQuartic<S>(4), 2, 10), 3, 11));
}

// The classes that derive from LandscapeInfo in the landscape headers, read off the sources:
// each "class Name : public LandscapeInfo<".
std::set<std::string> declared_landscapes() {
  const auto folder = std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "include" / "saddle" / "landscapes";
  const std::string base = ": public LandscapeInfo<";
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (entry.path().extension() != ".hpp") {
      continue;
    }
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto at = text.find(base); at != std::string::npos; at = text.find(base, at + 1)) {
      const auto start = text.rfind("class ", at);
      if (start != std::string::npos) {
        std::string name = text.substr(start + 6, at - start - 6);
        name.erase(name.find_last_not_of(' ') + 1);
        names.insert(name);
      }
    }
  }
  return names;
}

}  // namespace

TEST_CASE("every landscape evaluates f and Hv without allocating, in double") { check_every_landscape<double>(); }

TEST_CASE("every landscape evaluates f and Hv without allocating, in float") { check_every_landscape<float>(); }

TEST_CASE("the evaluation checks cover every landscape class in the headers") {
  check_every_landscape<double>();
  const std::set<std::string> declared = declared_landscapes();
  REQUIRE(declared.size() >= 17);  // the headers were found and read
  for (const auto& name : declared) {
    INFO(name << " derives from LandscapeInfo but is not in check_every_landscape()");
    CHECK(covered().count(name) == 1);
  }
}

TEST_CASE("householder products apply in place without allocating") {
  const ls::Householder<double> q(100, 5, 12);
  Vector<double> x = Vector<double>::LinSpaced(100, -1.0, 1.0);
  const Vector<double> original = x;
  Eigen::internal::set_is_malloc_allowed(false);
  q.apply_in_place(x);
  q.apply_transpose_in_place(x);
  Eigen::internal::set_is_malloc_allowed(true);
  CHECK((x - original).norm() < 1e-13);
}
