// Two tables for docs/benchmarks.md. (1) The cost of a Lanczos run of k iterations on a cheap
// operator, saddle's Lanczos against the previous implementation (kept below as `reference`: a new
// (k+1)x(k+1) matrix diagonalized densely at every iteration, O(k^4) per run) — the small-matrix
// work. (2) Hessian-vector products needed to find (and certify) the smallest eigenvalue of a
// strict saddle's Hessian: Lanczos against power iteration on sigma I - H, on strict-saddle quartics
// of growing dimension. Prints markdown.
//   bench_diagnostics [--lanczos-only]
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include <saddle/core/random.hpp>
#include <saddle/diagnostics/hessian_operator.hpp>
#include <saddle/diagnostics/power_iteration.hpp>
#include <saddle/landscapes/strict_saddle_quartic.hpp>
#include <saddle/second_order/lanczos.hpp>

namespace ls = saddle::landscapes;
using saddle::Index;
using saddle::Matrix;
using saddle::Vector;

namespace reference {

// saddle's Lanczos before the workspace (git history: second_order/lanczos.hpp), reduced to what
// the comparison needs: the same products, reorthogonalization and stopping rule, with T_{k+1}
// assembled and diagonalized densely (SelfAdjointEigenSolver) at every iteration.
template <class Operator>
saddle::LanczosResult<double> lanczos(Operator&& hvp, Index n, const saddle::LanczosOptions& options) {
  const Index k_max = std::min<Index>(n, options.max_iterations);
  Matrix<double> q(n, std::min<Index>(k_max + 1, 32));
  Vector<double> alpha(k_max);
  Vector<double> beta(k_max);
  saddle::Random random(options.seed);
  for (Index i = 0; i < n; ++i) {
    q(i, 0) = random.normal();
  }
  q.col(0).normalize();
  Vector<double> w(n);
  Vector<double> column(n);
  saddle::LanczosResult<double> result;
  Eigen::SelfAdjointEigenSolver<Matrix<double>> eig;
  for (Index k = 0; k < k_max; ++k) {
    column = q.col(k);
    hvp(column, w);
    alpha[k] = column.dot(w);
    w -= alpha[k] * column;
    if (k > 0) {
      w -= beta[k - 1] * q.col(k - 1);
    }
    for (int pass = 0; pass < 2; ++pass) {
      w -= q.leftCols(k + 1) * (q.leftCols(k + 1).transpose() * w);
    }
    beta[k] = w.norm();
    Matrix<double> t = Matrix<double>::Zero(k + 1, k + 1);
    for (Index i = 0; i <= k; ++i) {
      t(i, i) = alpha[i];
      if (i < k) {
        t(i, i + 1) = t(i + 1, i) = beta[i];
      }
    }
    eig.compute(t);
    const Index m = k + 1;
    const double residual = std::abs(beta[k] * eig.eigenvectors()(k, 0));
    const bool done = residual <= options.tolerance * std::max(std::abs(eig.eigenvalues()[0]), 1.0);
    if (done || k + 1 == k_max) {
      result.iterations = m;
      result.values = eig.eigenvalues();
      result.vectors = q.leftCols(m) * eig.eigenvectors();
      result.residuals.resize(m);
      for (Index i = 0; i < m; ++i) {
        result.residuals[i] = std::abs(beta[k] * eig.eigenvectors()(k, i));
      }
      return result;
    }
    if (k + 1 >= q.cols()) {
      q.conservativeResize(Eigen::NoChange, std::min<Index>(k_max + 1, 2 * q.cols()));
    }
    q.col(k + 1) = w / beta[k];
  }
  return result;
}

}  // namespace reference

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The fastest of `repeats` timings of f() (the machine is shared: the minimum is the least noisy).
template <class F>
double min_seconds(int repeats, F&& f) {
  double best = std::numeric_limits<double>::infinity();
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    f();
    best = std::min(best, seconds_since(start));
  }
  return best;
}

void lanczos_cost_table() {
  // The small-matrix work of k iterations on one tridiagonal T (random normal entries): before, a
  // dense eigendecomposition of T_m for m = 1..k; now, per iteration the wanted pair's value by
  // bisection and its last eigenvector component by inverse iteration (O(m)), at the end one QL pass
  // for all values, residuals and quadrature weights (O(k^2)), and — only when Ritz vectors are
  // asked for — one QL pass with the eigenvectors (O(k^3)).
  // Then whole runs on a diagonal operator (n = 1000, cheap O(n) products), both implementations
  // running all k iterations (tolerance 1e-300: the convergence test runs every iteration, never met).
  std::printf("| k | small-matrix work before | now: per-iteration tests | now: values at the end |"
              " now: eigenvectors at the end | whole run before | whole run now | speed-up |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  const Index n = 1000;
  const Vector<double> diagonal = Vector<double>::LinSpaced(n, -1.0, 3.0);
  auto product = [&diagonal](const Vector<double>& v, Vector<double>& hv) { hv = diagonal.cwiseProduct(v); };
  for (const Index k : {50, 100, 200, 400}) {
    const int repeats = k <= 100 ? 9 : 3;
    saddle::Random random(static_cast<std::uint64_t>(k));
    Vector<double> a(k);
    Vector<double> b(k);
    for (Index i = 0; i < k; ++i) {
      a[i] = random.normal();
      b[i] = random.normal();
    }
    const double dense = min_seconds(repeats, [&] {
      Eigen::SelfAdjointEigenSolver<Matrix<double>> eig;
      for (Index m = 1; m <= k; ++m) {
        Matrix<double> t = Matrix<double>::Zero(m, m);
        for (Index i = 0; i < m; ++i) {
          t(i, i) = a[i];
          if (i + 1 < m) {
            t(i, i + 1) = t(i + 1, i) = b[i];
          }
        }
        eig.compute(t);
      }
    });
    Matrix<double> work(k, 6);
    double sink = 0.0;
    const double tests = min_seconds(repeats, [&] {
      for (Index m = 1; m <= k; ++m) {
        const saddle::detail::TridiagonalView<double> t{a, b, m};
        sink += t.last_component(t.eigenvalue(0), work.topRows(m));
      }
    });
    Vector<double> d(k);
    Vector<double> e(k);
    Matrix<double> rows(2, k);
    const double values = min_seconds(repeats, [&] {
      d = a;
      e = b;
      rows.setZero();
      rows(0, 0) = 1.0;
      rows(1, k - 1) = 1.0;
      (void)saddle::detail::tridiagonal_ql<double>(d, e, rows);
    });
    Matrix<double> z(k, k);
    const double vectors = min_seconds(repeats, [&] {
      d = a;
      e = b;
      z.setIdentity();
      (void)saddle::detail::tridiagonal_ql<double>(d, e, z);
    });
    const saddle::LanczosOptions options{.max_iterations = k, .tolerance = 1e-300};
    double old_smallest = 0.0;
    const double before = min_seconds(repeats, [&] { old_smallest = reference::lanczos(product, n, options).smallest(); });
    double new_smallest = 0.0;
    const double after = min_seconds(repeats, [&] { new_smallest = saddle::lanczos<double>(product, n, options).smallest(); });
    if (std::abs(old_smallest - new_smallest) > 1e-9 || sink < 0.0) {
      std::fprintf(stderr, "the implementations disagree at k = %lld: %.12f against %.12f\n",
                   static_cast<long long>(k), old_smallest, new_smallest);
      return;
    }
    std::printf("| %lld | %.2f ms | %.3f ms | %.3f ms | %.2f ms | %.1f ms | %.1f ms | %.0fx |\n", static_cast<long long>(k),
                1e3 * dense, 1e3 * tests, 1e3 * values, 1e3 * vectors, 1e3 * before, 1e3 * after, before / after);
  }
}

void products_table() {
  std::printf("| d | gap | method | products | lambda_min | residual | certified negative | time |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (const Index d : {1000, 10000, 100000, 1000000}) {
    for (const double gap : {2.0, 0.1}) {
      // Eigenvalues: one at -1, the rest in [-1 + gap, 2] (a smaller gap is harder).
      Vector<double> eigenvalues = Vector<double>::LinSpaced(d, -1.0 + gap, 2.0);
      eigenvalues[d / 3] = -1.0;
      const ls::StrictSaddleQuartic<double> quartic(eigenvalues);
      const Vector<double> origin = Vector<double>::Zero(d);
      {
        auto hessian = saddle::hessian_at(quartic, origin);
        const auto start = std::chrono::steady_clock::now();
        const auto r = saddle::lanczos<double>(hessian, d, {.max_iterations = 500, .tolerance = 1e-8});
        const double seconds = seconds_since(start);
        std::printf("| %lld | %g | Lanczos | %lld | %.10f | %.1e | %s | %.3f s |\n", static_cast<long long>(d), gap,
                    static_cast<long long>(hessian.products()), r.smallest(), r.residuals[0],
                    r.smallest() + r.residuals[0] < 0 ? "yes" : "no", seconds);
      }
      {
        // Power iteration on sigma I - H, sigma >= lambda_max: its dominant eigenvalue is sigma - lambda_min.
        auto hessian = saddle::hessian_at(quartic, origin);
        const double sigma = 2.0;
        auto shifted = [&](const Vector<double>& v, Vector<double>& hv) {
          hessian(v, hv);
          hv = sigma * v - hv;
        };
        const auto start = std::chrono::steady_clock::now();
        const auto r = saddle::power_iteration<double>(shifted, d, {.max_iterations = 20000, .tolerance = 1e-8});
        const double seconds = seconds_since(start);
        const double lambda = sigma - r.values[0];
        std::printf("| %lld | %g | power iteration | %lld | %.10f | %.1e | %s | %.3f s |\n", static_cast<long long>(d),
                    gap, static_cast<long long>(hessian.products()), lambda, r.residuals[0],
                    lambda + r.residuals[0] < 0 ? "yes" : "no", seconds);
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  lanczos_cost_table();
  if (argc > 1 && std::strcmp(argv[1], "--lanczos-only") == 0) {
    return 0;
  }
  std::printf("\n");
  products_table();
  return 0;
}
