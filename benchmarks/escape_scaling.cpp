// The escape methods' scaling, three tables for docs/benchmarks.md, in one run (PGD's escape time
// against the dimension is measured by saddle-bench: benchmarks/escape_suite.json, part pgd_scaling):
//
// (1) Hessian-vector products to find and to certify negative curvature on a Hessian with spectrum
//     {-gamma} u (0, L], d = 10^4, L / gamma = 10 ... 10^4: Lanczos (saddle's probe, as negative-
//     curvature descent and the saddle guard run it) against power iteration on L I - H (written
//     here), the same random start vectors; counts divided by sqrt(L / gamma) and L / gamma.
// (2) SaddleFreeNewton (Krylov) and CubicRegularization (ARC), with PGD and negative-curvature
//     descent for reference, from the saddle of the d = 10^5 quartic: iterations, evaluations,
//     products, time, status and certificate.
// (3) The plateau of Saxe et al.'s deep linear network: gradient descent from a small balanced start
//     on one mode, iterations to learn it against the closed form of the learning dynamics.
// Prints markdown (the tables and the definitions they need).
//   bench_escape [--quick]      (--quick: fewer seeds, a smoke test)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <saddle/core/minimize.hpp>
#include <saddle/core/observer.hpp>
#include <saddle/core/random.hpp>
#include <saddle/escape/cubic_regularization.hpp>
#include <saddle/escape/curvature_step.hpp>
#include <saddle/escape/negative_curvature_descent.hpp>
#include <saddle/escape/perturbed_gradient_descent.hpp>
#include <saddle/escape/saddle_free_newton.hpp>
#include <saddle/first_order/gradient_descent.hpp>
#include <saddle/landscapes/deep_linear_network.hpp>
#include <saddle/landscapes/strict_saddle_quartic.hpp>
#include <saddle/second_order/hessian_vector.hpp>
#include <saddle/second_order/lanczos.hpp>

namespace ls = saddle::landscapes;
using saddle::Index;
using saddle::Vector;
using Quartic = ls::StrictSaddleQuartic<double>;
using Product = saddle::HessianVectorProduct<Quartic, double>;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Median and quartiles of a sample (linear interpolation between order statistics).
double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double position = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(position));
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (position - static_cast<double>(lo)) * (v[hi] - v[lo]);
}
double median(const std::vector<double>& v) { return quantile(v, 0.5); }

// Least squares y = a + b t: {a, b, RMS residual}.
struct Fit {
  double a;
  double b;
  double rms;
};
Fit fit_line(const std::vector<double>& t, const std::vector<double>& y) {
  const auto n = static_cast<double>(t.size());
  double tm = 0;
  double ym = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    tm += t[i] / n;
    ym += y[i] / n;
  }
  double stt = 0;
  double sty = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    stt += (t[i] - tm) * (t[i] - tm);
    sty += (t[i] - tm) * (y[i] - ym);
  }
  const double b = sty / stt;
  const double a = ym - b * tm;
  double ss = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double r = y[i] - a - b * t[i];
    ss += r * r;
  }
  return {a, b, std::sqrt(ss / n)};
}

// lambda_0 = -gamma, lambda_1 ... lambda_{d-1} evenly spaced over [lo, hi].
Vector<double> spectrum(Index d, double gamma, double lo, double hi) {
  Vector<double> lambda(d);
  lambda[0] = -gamma;
  for (Index i = 1; i < d; ++i) {
    lambda[i] = d == 2 ? hi : lo + (hi - lo) * static_cast<double>(i - 1) / static_cast<double>(d - 2);
  }
  return lambda;
}

// ---------------------------------------------------------------------------------------------
// (1) Products to find and to certify negative curvature: Lanczos against power iteration.

// Wraps the library's product and follows the Lanczos run it serves: the k-th call's argument is the
// Lanczos vector q_k, so alpha_k = q_k . H q_k and beta_{k-1} = q_k . H q_{k-1} rebuild T. After k
// products the smallest Ritz value theta(T_k) is y^T H y of the Ritz vector y: a *direction* with
// y^T H y < -eps once theta < -eps. The *certificate* (theta + residual < -eps, an eigenvalue of H
// provably below -eps) is the library probe's own early stop, read from its products.
class TracedProduct {
 public:
  TracedProduct(Product& inner, Index cap, double eps)
      : inner_(inner), eps_(eps), alpha_(cap + 1), beta_(cap + 1) {}

  void operator()(const Vector<double>& x, const Vector<double>& u, Vector<double>& hu) {
    inner_(x, u, hu);
    const Index k = calls_++;
    alpha_[k] = u.dot(hu);
    if (k > 0) {
      beta_[k - 1] = u.dot(previous_);
    }
    if (direction_ < 0) {
      const saddle::detail::TridiagonalView<double> t{alpha_, beta_, k + 1};
      if (t.eigenvalue(0) < -eps_) {
        direction_ = k + 1;
      }
    }
    previous_ = hu;
  }

  [[nodiscard]] Index direction() const { return direction_; }

 private:
  Product& inner_;
  double eps_;
  Vector<double> alpha_;
  Vector<double> beta_;
  Vector<double> previous_;
  Index calls_ = 0;
  Index direction_ = -1;
};

struct PowerCounts {
  Index direction = -1;
  Index certified = -1;
};

// Power iteration on L I - H from the start vector Lanczos uses for `seed` (normal deviates of
// saddle::Random(seed), normalized): u <- (L u - H u) / |.|, one product per iteration, the Rayleigh
// quotient rho = u . H u and residual |H u - rho u| of every iterate. *direction*: rho < -eps;
// *certified*: rho + residual < -eps.
PowerCounts power_iteration(Product& hvp, const Vector<double>& x, double shift, double eps, std::uint64_t seed,
                            Index cap) {
  const Index n = x.size();
  Vector<double> u(n);
  Vector<double> hu(n);
  saddle::Random random(seed);
  for (Index i = 0; i < n; ++i) {
    u[i] = random.normal();
  }
  u.normalize();
  PowerCounts counts;
  for (Index k = 1; k <= cap; ++k) {
    hvp(x, u, hu);
    const double rayleigh = u.dot(hu);
    if (counts.direction < 0 && rayleigh < -eps) {
      counts.direction = k;
    }
    if (rayleigh + (hu - rayleigh * u).norm() < -eps) {
      counts.certified = k;
      break;
    }
    u = shift * u - hu;
    u.normalize();
  }
  return counts;
}

// The positive part of the spectrum of (2): `even` — lambda_1..d-1 evenly over [L/(d-1), L], so
// that (0, gamma] holds d gamma / L of them (fewer as L grows); `bulk` — half of them evenly over
// (0, gamma] and half over (gamma, L], a fixed share near zero whatever L is (like a network's
// Hessian: a bulk near zero, the rest spread up to L).
enum class Shape { even, bulk };

Vector<double> probe_spectrum(Shape shape, Index d, double gamma, double top) {
  if (shape == Shape::even) {
    return spectrum(d, gamma, top / static_cast<double>(d - 1), top);
  }
  Vector<double> lambda(d);
  lambda[0] = -gamma;
  const Index half = (d - 1) / 2;
  for (Index i = 1; i <= half; ++i) {
    lambda[i] = gamma * static_cast<double>(i) / static_cast<double>(half);
  }
  const Index rest = d - 1 - half;
  for (Index j = 1; j <= rest; ++j) {
    lambda[half + j] = gamma + (top - gamma) * static_cast<double>(j) / static_cast<double>(rest);
  }
  return lambda;
}

void part_probe(int seeds) {
  const Index d = 10000;
  const double gamma = 1.0;
  const double eps = gamma / 2;
  const std::vector<double> ratios{10, 100, 1000, 10000};
  std::printf("### (1) Finding and certifying negative curvature: Lanczos against power iteration\n\n");
  std::printf(
      "H = diag(-gamma, lambda_1..d-1), the Hessian of a strict-saddle quartic at its saddle (its analytic "
      "product), d = %ld, gamma = 1, eps = gamma/2, L/gamma = 10 ... 1e4. Two shapes of the positive part: "
      "*even*, lambda_i evenly over [L/(d-1), L], so that only d gamma/L of them lie in (0, gamma] (1000 "
      "at L/gamma = 10, one at 1e4: the problem gets relatively easier as L grows, at fixed d); *bulk*, half "
      "of them evenly over (0, gamma] and half over (gamma, L] (a fixed share near zero, as in a network's "
      "Hessian). %d seeds; each seed's start vector (saddle::Random(seed) normal deviates) is shared by "
      "both methods. *direction*: products until a unit v with v^T H v < -eps is in hand (Lanczos: the "
      "smallest Ritz value of T_k; power iteration: the Rayleigh quotient); *certified*: until an "
      "eigenvalue below -eps is proved, theta + |H v - theta v| < -eps (the rule of saddle's probe, "
      "detail::certify). Lanczos is saddle's probe, detail::probe_curvature (full reorthogonalization), "
      "followed product by product and cut at the certificate; power iteration (written in the benchmark) "
      "runs on L I - H. Medians over seeds.\n\n",
      static_cast<long>(d), seeds);
  std::printf(
      "| spectrum | L/gamma | Lanczos direction | / sqrt(L/gamma) | Lanczos certified | / sqrt(L/gamma) | "
      "power direction | / (L/gamma) | power certified | / (L/gamma) | power / Lanczos (certified) | library "
      "check | default probe certifies |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  const Vector<double> x0 = Vector<double>::Zero(d);
  const Index cap = 2000;  // products at most
  std::string slopes;
  for (const Shape shape : {Shape::even, Shape::bulk}) {
    const char* shape_name = shape == Shape::even ? "even" : "bulk";
    std::vector<double> log_ratio;
    std::vector<double> log_lanczos;
    std::vector<double> log_power;
    for (const double ratio : ratios) {
      const double top = ratio * gamma;
      Quartic f(probe_spectrum(shape, d, gamma, top));
      Product hvp(f, saddle::HvpMethod::analytic);
      std::vector<double> lanczos_direction;
      std::vector<double> lanczos_certified;
      std::vector<double> power_direction;
      std::vector<double> power_certified;
      int checked = 0;
      int default_negative = 0;
      std::string default_kinds;
      Vector<double> v(d);
      Vector<double> hv(d);
      for (int seed = 0; seed < seeds; ++seed) {
        TracedProduct traced(hvp, cap, eps);
        const saddle::CurvatureStepOptions probe_options{.curvature_tolerance = eps,
                                                         .lanczos_iterations = cap,
                                                         .seed = static_cast<std::uint64_t>(seed)};
        const auto certificate = saddle::detail::probe_curvature<double>(traced, x0, probe_options, v);
        if (!certificate.negative() || traced.direction() < 0) {
          std::fprintf(stderr, "%s L/gamma = %g seed %d: Lanczos did not certify within %ld products\n", shape_name,
                       ratio, seed, static_cast<long>(cap));
          continue;
        }
        lanczos_direction.push_back(static_cast<double>(traced.direction()));
        lanczos_certified.push_back(static_cast<double>(certificate.products));
        // For seed 0, saddle's own probe cut at the counts found (lanczos_iterations = k): certified with k
        // products and not with k - 1, and a Ritz vector with v^T H v < -eps with the direction count and
        // not with one fewer.
        if (seed == 0) {
          auto probe = [&](Index products) {
            auto o = probe_options;
            o.lanczos_iterations = products;
            return saddle::detail::probe_curvature<double>(hvp, x0, o, v);
          };
          auto curvature_of_v = [&] {
            f.hessian_vector_product(x0, v, hv);
            return v.dot(hv);
          };
          bool ok = probe(certificate.products).negative();
          ok = ok && (certificate.products == 1 || !probe(certificate.products - 1).negative());
          (void)probe(traced.direction());
          ok = ok && curvature_of_v() < -eps;
          if (traced.direction() > 1) {
            (void)probe(traced.direction() - 1);
            ok = ok && curvature_of_v() >= -eps;
          }
          checked += ok ? 1 : 0;
        }
        // The probe as the escape methods run it by default (CurvatureStepOptions{}: at most 200 products,
        // eps_H = 1e-6, relative residual 1e-6), from the same start.
        saddle::CurvatureStepOptions defaults;
        defaults.seed = static_cast<std::uint64_t>(seed);
        const auto c = saddle::detail::probe_curvature<double>(hvp, x0, defaults, v);
        if (c.negative()) {
          ++default_negative;
        } else {
          const std::string verdict = c.inconclusive ? "no verdict" : std::string(saddle::to_string(c.kind));
          if (default_kinds.find(verdict) == std::string::npos) {
            default_kinds += std::string(default_kinds.empty() ? " (else " : ", ") + verdict;
          }
        }

        const PowerCounts power =
            power_iteration(hvp, x0, top, eps, static_cast<std::uint64_t>(seed), static_cast<Index>(1000 * ratio));
        if (power.certified < 0) {
          std::fprintf(stderr, "%s L/gamma = %g seed %d: power iteration did not certify\n", shape_name, ratio, seed);
          continue;
        }
        power_direction.push_back(static_cast<double>(power.direction));
        power_certified.push_back(static_cast<double>(power.certified));
      }
      if (!default_kinds.empty()) {
        default_kinds += ")";
      }
      const double root = std::sqrt(ratio);
      std::printf("| %s | %g | %.0f | %.2f | %.0f | %.2f | %.0f | %.3f | %.0f | %.3f | %.1f | %d/1 | %d/%d%s |\n",
                  shape_name, ratio, median(lanczos_direction), median(lanczos_direction) / root,
                  median(lanczos_certified), median(lanczos_certified) / root, median(power_direction),
                  median(power_direction) / ratio, median(power_certified), median(power_certified) / ratio,
                  median(power_certified) / median(lanczos_certified), checked, default_negative, seeds,
                  default_kinds.c_str());
      std::fflush(stdout);
      log_ratio.push_back(std::log(ratio));
      log_lanczos.push_back(std::log(median(lanczos_certified)));
      log_power.push_back(std::log(median(power_certified)));
    }
    char line[256];
    std::snprintf(line, sizeof line,
                  "- %s: Lanczos certified ~ (L/gamma)^%.3f, power iteration certified ~ (L/gamma)^%.3f\n", shape_name,
                  fit_line(log_ratio, log_lanczos).b, fit_line(log_ratio, log_power).b);
    slopes += line;
  }
  std::printf(
      "\nLeast-squares exponents of the median *certified* counts against L/gamma (log-log; 0.5 and 1 "
      "expected):\n\n%s\n",
      slopes.c_str());
  std::printf(
      "*library check*: seed 0 confirmed with saddle's probe itself, as described above (1/1: all four "
      "comparisons hold). *default probe certifies*: seeds for which the probe with CurvatureStepOptions{} "
      "(at most 200 products, eps_H = 1e-6) proves negative curvature at all; else the verdict it "
      "returns.\n\n");
}

// ---------------------------------------------------------------------------------------------
// (2) The curvature methods at d = 10^5.

// One row: `method` from x = 0 for `seeds` seeds (the Lanczos probes' seed; PGD: the perturbations'),
// seed 0 in full, the products and times as ranges over the seeds.
template <class Method>
void run_method(const char* landscape, const char* name, const char* settings, const Method& method, const Quartic& f,
                int seeds) {
  std::vector<double> products;
  std::vector<double> times;
  saddle::Result<double> first;
  Vector<double> x_first;
  int at_minimum = 0;
  for (int seed = 0; seed < seeds; ++seed) {
    Vector<double> x = Vector<double>::Zero(f.dimension());
    auto options = method.options();
    if constexpr (requires { options.curvature.seed; }) {
      options.curvature.seed = static_cast<std::uint64_t>(seed);
    } else {
      options.seed = static_cast<std::uint64_t>(seed);
    }
    Method seeded(options);
    const auto result = seeded.minimize(f, x);
    products.push_back(static_cast<double>(result.hvp_evaluations));
    times.push_back(result.seconds);
    // PGD certifies nothing itself (no kind): its exit counts when it is at the minimum.
    const bool minimum = result.status == saddle::Status::converged_second_order &&
                         (!result.kind || *result.kind == saddle::CriticalPointKind::minimum) &&
                         std::abs(result.value + 0.25) <= 1e-6;
    at_minimum += minimum ? 1 : 0;
    if (seed == 0) {
      first = result;
      x_first = x;
    }
  }
  Vector<double> minimum = Vector<double>::Zero(f.dimension());
  minimum[0] = x_first[0] >= 0 ? 1.0 : -1.0;
  const auto& r = first;
  char lambda_min[32] = "—";
  if (r.lambda_min) {
    std::snprintf(lambda_min, sizeof lambda_min, "%.4g", *r.lambda_min);
  }
  const auto [p_lo, p_hi] = std::minmax_element(products.begin(), products.end());
  const auto [t_lo, t_hi] = std::minmax_element(times.begin(), times.end());
  std::printf(
      "| %s | %s | %s | %s | %s | %s | %ld | %ld | **%ld** | %.0f-%.0f | %.3g s | %.3g-%.3g s | %.6f | %.1e | "
      "%d/%d |\n",
      landscape, name, settings, std::string(saddle::to_string(r.status)).c_str(),
      r.kind ? std::string(saddle::to_string(*r.kind)).c_str() : "—", lambda_min, static_cast<long>(r.iterations),
      static_cast<long>(r.function_evaluations), static_cast<long>(r.hvp_evaluations), *p_lo, *p_hi, r.seconds, *t_lo,
      *t_hi, r.value, (x_first - minimum).norm(), at_minimum, seeds);
  std::fflush(stdout);
}

void part_methods(int seeds) {
  const Index d = 100000;
  const Quartic easy(spectrum(d, 1.0, 1.0, 10.0));
  const Quartic hard(spectrum(d, 1.0, 1.0, 1000.0));
  std::printf("### (2) The curvature methods at d = 10^5\n\n");
  std::printf(
      "Two quartics at d = 1e5, lambda_0 = -1 and the rest evenly over [1, 10] (*L = 10*, the landscape of (1)) "
      "or over [1, 1000] (*L = 1000*), from x = 0 exactly; analytic Hessian-vector products; stop at "
      "|g| <= 1e-6 (the default) with the certificate of the end point. One row per method and settings: "
      "seed 0 in full (the seed of the Lanczos probes; PGD: of the perturbations), then the range of "
      "products and times over the seeds run (0-%d; only seed 0 in the rows with probes of up to 500 "
      "products), and how many of them ended *at the minimum*: "
      "converged_second_order with f = f* = -0.25 to 1e-6 (and kind minimum where the method certifies). "
      "|x - x*|: distance to the nearer minimum +-e_0. *f+g*: evaluations of f and its gradient together.\n\n",
      seeds - 1);
  std::printf(
      "| landscape | method | settings | status | kind | lambda_min | iterations | f+g | Hv products | "
      "Hv, all seeds | time | time, all seeds | f | abs(x - x*) | at the minimum |\n"
      "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  saddle::SaddleFreeNewtonOptions sfn;     // defaults: k = 50 products per step, mu = 1e-4, probes of <= 200
  saddle::CubicRegularizationOptions arc;  // defaults: sigma_0 = 1, k = 50, probes of <= 200
  run_method("L = 10", "SaddleFreeNewton", "defaults", saddle::SaddleFreeNewton<double>(sfn), easy, seeds);
  run_method("L = 10", "CubicRegularization", "defaults", saddle::CubicRegularization<double>(arc), easy, seeds);
  run_method("L = 10", "NegativeCurvatureDescent", "lr 0.05", saddle::NegativeCurvatureDescent<double>({.lr = 0.05}),
             easy, seeds);
  saddle::PerturbedGradientDescentOptions pgd{.lr = 0.05, .radius = 1e-2};
  pgd.stop.max_iterations = 100000;
  run_method("L = 10", "PerturbedGradientDescent", "lr 0.05 (stops at the f_thres exit)",
             saddle::PerturbedGradientDescent<double>(pgd), easy, seeds);
  run_method("L = 1000", "SaddleFreeNewton", "defaults", saddle::SaddleFreeNewton<double>(sfn), hard, seeds);
  run_method("L = 1000", "CubicRegularization", "defaults", saddle::CubicRegularization<double>(arc), hard, seeds);
  run_method("L = 1000", "NegativeCurvatureDescent", "lr 1/1003",
             saddle::NegativeCurvatureDescent<double>({.lr = 1.0 / 1003}), hard, seeds);
  // The same with probes of up to 500 products (they stop at the relative residual 1e-6 first).
  sfn.curvature.lanczos_iterations = 500;
  arc.curvature.lanczos_iterations = 500;
  saddle::NegativeCurvatureDescentOptions ncd{.lr = 1.0 / 1003};
  ncd.curvature.lanczos_iterations = 500;
  run_method("L = 1000", "SaddleFreeNewton", "probes <= 500", saddle::SaddleFreeNewton<double>(sfn), hard, 1);
  run_method("L = 1000", "CubicRegularization", "probes <= 500", saddle::CubicRegularization<double>(arc), hard, 1);
  run_method("L = 1000", "NegativeCurvatureDescent", "lr 1/1003, probes <= 500",
             saddle::NegativeCurvatureDescent<double>(ncd), hard, 1);
  std::printf("\n");
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// (3) Saxe, McClelland & Ganguli's plateau: f = 1/2 |T - W_2 W_1|_F^2 (widths 3-2-3, whitened inputs),
// T = s e_0 e_0^T, from the balanced start W_1 = sqrt(u0) e_0 e_0^T, W_2 = sqrt(u0) e_0 e_0^T. The run
// stays on the mode: with a = W_1(0,0), b = W_2(0,0), u = ab, gradient descent's a' = a + eta b (s - u),
// b' = b + eta a (s - u) is, to first order in eta, the flow du/dt = 2 eta u (s - u) (their eq. 7 with
// tau = 1/eta), whose solution takes
//   t(u0 -> uf) = ln(uf (s - u0) / (u0 (s - uf))) / (2 eta s)
// steps. *Iterations*: gradient descent's steps until u >= uf = s/2 (the plateau and the drop: the
// time to learn the mode), seen by an observer that stops the run there.

void part_saxe() {
  const double eta = 1e-3;
  std::printf("### (3) The deep linear network's plateau against Saxe et al.'s closed form\n\n");
  std::printf(
      "Gradient descent (lr = %g) on 1/2 |T - W_2 W_1|_F^2, widths 3-2-3, T = s e_0 e_0^T, from W_1 = W_2 = "
      "sqrt(u0) e_0 e_0^T; *iterations* until u = (W_2 W_1)_00 >= s/2; *closed form* ln(uf (s - u0) / (u0 (s - "
      "uf))) / (2 eta s).\n\n",
      eta);
  std::printf("| s | u0 | iterations | closed form | ratio |\n|---|---|---|---|---|\n");
  for (const double s : {1.0, 3.0}) {
    saddle::Matrix<double> target = saddle::Matrix<double>::Zero(3, 3);
    target(0, 0) = s;
    const ls::DeepLinearNetwork<double> f({3, 2, 3}, target);
    std::vector<double> t;
    std::vector<double> measured;
    for (const double u0 : {1e-2, 1e-4, 1e-6, 1e-8}) {
      // x = vec(W_1) (2 x 3), vec(W_2) (3 x 2), column-major: W_1(0,0) = x[0], W_2(0,0) = x[6].
      Vector<double> x = Vector<double>::Zero(12);
      x[0] = std::sqrt(u0);
      x[6] = std::sqrt(u0);
      const double uf = s / 2.0;
      std::int64_t reached = -1;
      auto watch = [&](const saddle::IterationInfo<double>& info) {
        const double u = info.x[6] * info.x[0] + info.x[9] * info.x[1];
        if (u >= uf) {
          reached = info.iteration;
          return saddle::ObserverAction::stop;
        }
        return saddle::ObserverAction::proceed;
      };
      auto gd = saddle::first_order(saddle::GradientDescent<double>({.lr = eta}),
                                    {.gradient_tolerance = 0.0, .max_iterations = 10000000});
      auto objective = f;
      (void)saddle::minimize(objective, x, gd, watch);
      const double closed = std::log(uf * (s - u0) / (u0 * (s - uf))) / (2.0 * eta * s);
      std::printf("| %g | %.0e | %lld | %.1f | %.4f |\n", s, u0, static_cast<long long>(reached), closed,
                  static_cast<double>(reached) / closed);
      t.push_back(std::log(1.0 / u0));
      measured.push_back(static_cast<double>(reached));
    }
    const Fit fit = fit_line(t, measured);
    std::printf("| %g | fit | %.1f + **%.2f ln(1/u0)** | slope 1/(2 eta s) = %.2f | %.4f |\n", s, fit.a, fit.b,
                1.0 / (2.0 * eta * s), fit.b * 2.0 * eta * s);
  }
  std::printf("\n");
}

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const auto start = std::chrono::steady_clock::now();
  part_probe(quick ? 2 : 10);
  part_methods(quick ? 1 : 5);
  part_saxe();
  std::printf("Total run time: %.1f s.\n", seconds_since(start));
  return 0;
}
