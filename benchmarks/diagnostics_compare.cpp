// Hessian-vector products needed to find (and certify) the smallest eigenvalue of a strict
// saddle's Hessian: Lanczos with full reorthogonalization against power iteration on the shifted
// operator sigma I - H, on strict-saddle quartics of growing dimension. Prints a markdown table.
//   bench_diagnostics
#include <chrono>
#include <cstdio>

#include <saddle/saddle.hpp>

namespace ls = saddle::landscapes;
using saddle::Vector;

int main() {
  std::printf("| d | gap | method | products | lambda_min | residual | certified negative | time |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (const saddle::Index d : {1000, 10000, 100000, 1000000}) {
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
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double lambda = sigma - r.values[0];
        std::printf("| %lld | %g | power iteration | %lld | %.10f | %.1e | %s | %.3f s |\n", static_cast<long long>(d),
                    gap, static_cast<long long>(hessian.products()), lambda, r.residuals[0],
                    lambda + r.residuals[0] < 0 ? "yes" : "no", seconds);
      }
    }
  }
  return 0;
}
