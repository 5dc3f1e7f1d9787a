// Curvature methods side by side on the classic test problems (Moré, Garbow & Hillstrom 1981, plus an
// ill-conditioned quadratic): saddle's L-BFGS, Newton-CG and trust region against LBFGSpp's L-BFGS,
// all from the same start points with the same analytic gradients, memory 6 and the same absolute
// stopping rule |g|_2 <= 1e-5. Prints one CSV row per (problem, solver) to stdout, which
// benchmarks/report_curvature.py merges with benchmarks/scipy_compare.py's rows into the table of
// docs/benchmarks.md. A plain main, not Google Benchmark: each row is a whole run, not a hot loop.
//   bench_curvature [--min-time SECONDS] > saddle_curvature.csv
#include <LBFGS.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

#include <saddle/saddle.hpp>

#include <saddle/second_order/lbfgs.hpp>
#include <saddle/second_order/newton_cg.hpp>
#include <saddle/second_order/trust_region.hpp>

namespace {

using saddle::Vector;
using VectorXd = Vector<double>;
namespace ls = saddle::landscapes;

constexpr double gradient_tolerance = 1e-5;
constexpr std::int64_t max_iterations = 10000;
constexpr int memory = 6;

// Counts what every solver spends, by the same rule for all of them: one call of f(x, g) is one
// function+gradient evaluation, one product is one Hessian-vector product.
template <class L>
struct Counted {
  const L* landscape;
  std::int64_t evaluations = 0;
  std::int64_t products = 0;

  double operator()(const VectorXd& x, VectorXd& g) {
    ++evaluations;
    return (*landscape)(x, g);
  }
  void hessian_vector_product(const VectorXd& x, const VectorXd& v, VectorXd& hv) {
    ++products;
    landscape->hessian_vector_product(x, v, hv);
  }
};

// What a solver reports about its own run (its counts are cross-checked against Counted's).
struct Outcome {
  std::string status;
  std::int64_t iterations = -1;            // -1: the solver does not say (LBFGSpp after an exception)
  std::int64_t reported_evaluations = -1;  // -1: the solver does not count
  std::int64_t reported_products = -1;     // likewise
};

struct Row {
  std::string problem;
  saddle::Index n = 0;
  std::string solver;
  Outcome outcome;
  std::int64_t evaluations = 0;
  std::int64_t products = 0;
  double value = 0;
  double gradient_norm = 0;
  double minimum_value = 0;
  double seconds = 0;  // median of three timed runs
  double start_value = 0;
  double start_gradient_norm = 0;
};

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string out = "\"";
  for (const char c : text) {
    out += c == '"' ? std::string("\"\"") : std::string(1, c == '\n' ? ' ' : c);
  }
  return out + "\"";
}

void print_header() {
  std::cout << "problem,n,solver,status,iterations,fg_evaluations,hvp_evaluations,f,gradient_norm,f_star,"
               "seconds,f0,g0_norm\n";
}

void print_row(const Row& r) {
  std::ostringstream out;
  out.precision(17);
  out << r.problem << ',' << r.n << ',' << csv_field(r.solver) << ',' << csv_field(r.outcome.status) << ','
      << r.outcome.iterations << ',' << r.evaluations << ',' << r.products << ',' << r.value << ','
      << r.gradient_norm << ',' << r.minimum_value << ',' << r.seconds << ',' << r.start_value << ','
      << r.start_gradient_norm << '\n';
  std::cout << out.str() << std::flush;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// One row: a first run for the counts and the outcome, then three timed runs, each repeating the
// whole solve until it has taken min_time (tiny problems finish in microseconds), reported by
// the median time per solve.
template <class L, class Solve>
Row measure(std::string_view problem, const L& landscape, std::string_view solver, Solve&& solve, double min_time) {
  Row row;
  row.problem = problem;
  row.n = landscape.dimension();
  row.solver = solver;
  row.minimum_value = static_cast<double>(landscape.minimum_value());
  VectorXd g(row.n);
  row.start_value = landscape(landscape.start_point(), g);
  row.start_gradient_norm = g.norm();

  Counted<L> counted{&landscape};
  VectorXd x = landscape.start_point();
  auto start = std::chrono::steady_clock::now();
  row.outcome = solve(counted, x);
  const double first = seconds_since(start);
  row.evaluations = counted.evaluations;
  row.products = counted.products;
  row.value = landscape(x, g);
  row.gradient_norm = g.norm();
  if ((row.outcome.reported_evaluations >= 0 && row.outcome.reported_evaluations != counted.evaluations) ||
      (row.outcome.reported_products >= 0 && row.outcome.reported_products != counted.products)) {
    std::cerr << "bench_curvature: " << problem << " n = " << row.n << ", " << solver << " reports "
              << row.outcome.reported_evaluations << " f and " << row.outcome.reported_products
              << " Hv but was called " << counted.evaluations << " and " << counted.products << " times\n";
  }

  const auto repetitions =
      static_cast<std::int64_t>(std::clamp(std::ceil(min_time / std::max(first, 1e-9)), 1.0, 1e6));
  std::array<double, 3> times{};
  for (double& t : times) {
    start = std::chrono::steady_clock::now();
    for (std::int64_t k = 0; k < repetitions; ++k) {
      Counted<L> again{&landscape};
      x = landscape.start_point();
      solve(again, x);
    }
    t = seconds_since(start) / static_cast<double>(repetitions);
  }
  std::sort(times.begin(), times.end());
  row.seconds = times[1];
  return row;
}

saddle::StoppingOptions stopping() {
  return saddle::StoppingOptions{.gradient_tolerance = gradient_tolerance, .max_iterations = max_iterations};
}

Outcome from_result(const saddle::Result<double>& r) {
  return {std::string(saddle::to_string(r.status)), r.iterations, r.function_evaluations, r.hvp_evaluations};
}

// LBFGSpp 0.1.0 (Debian 12): LBFGSSolver<double, LineSearch> with m = 6, epsilon = 1e-5 and
// epsilon_rel = 0 (so its test is |g|_2 <= 1e-5 exactly like saddle's), at most 10000 iterations.
// It throws when a line search fails; that is recorded as the status.
template <template <class> class LineSearch, class F>
Outcome lbfgspp(F& f, VectorXd& x, int condition) {
  LBFGSpp::LBFGSParam<double> param;
  param.m = memory;
  param.epsilon = gradient_tolerance;
  param.epsilon_rel = 0.0;
  param.max_iterations = static_cast<int>(max_iterations);
  param.linesearch = condition;
  LBFGSpp::LBFGSSolver<double, LineSearch> solver(param);
  double fx = 0;
  try {
    const int k = solver.minimize(f, x, fx);
    VectorXd g(x.size());
    (*f.landscape)(x, g);
    return {g.norm() <= gradient_tolerance ? "converged_gradient" : "max_iterations", k, -1, -1};
  } catch (const std::exception& e) {
    return {std::string("exception: ") + e.what(), -1, -1, -1};
  }
}

template <class L>
void run_all(std::string_view problem, const L& landscape, double min_time) {
  std::cerr << "bench_curvature: " << landscape.name() << '\n';
  print_row(measure(problem, landscape, "saddle LBFGS", [](auto& f, VectorXd& x) {
    saddle::LBFGS<double> solver(saddle::LBFGSOptions{.stop = stopping(), .memory = memory});
    return from_result(solver.minimize(f, x));
  }, min_time));
  print_row(measure(problem, landscape, "saddle NewtonCG", [](auto& f, VectorXd& x) {
    saddle::NewtonCG<double> solver(saddle::NewtonCGOptions{.stop = stopping(), .hvp = saddle::HvpMethod::analytic});
    return from_result(solver.minimize(f, x));
  }, min_time));
  print_row(measure(problem, landscape, "saddle TrustRegionNewtonCG", [](auto& f, VectorXd& x) {
    saddle::TrustRegionNewtonCG<double> solver(
        saddle::TrustRegionNewtonCGOptions{.stop = stopping(), .hvp = saddle::HvpMethod::analytic});
    return from_result(solver.minimize(f, x));
  }, min_time));
  // LBFGSpp 0.1.0's default: backtracking to the Armijo condition. Its Moré–Thuente search takes
  // LBFGSBParam and serves only LBFGSBSolver in this version; Nocedal–Wright (bracketing and zoom
  // to the strong Wolfe conditions, the default of later LBFGSpp releases) is the closest it offers.
  print_row(measure(problem, landscape, "LBFGSpp (backtracking, Armijo)", [](auto& f, VectorXd& x) {
    return lbfgspp<LBFGSpp::LineSearchBacktracking>(f, x, LBFGSpp::LBFGS_LINESEARCH_BACKTRACKING_ARMIJO);
  }, min_time));
  print_row(measure(problem, landscape, "LBFGSpp (Nocedal-Wright, strong Wolfe)", [](auto& f, VectorXd& x) {
    return lbfgspp<LBFGSpp::LineSearchNocedalWright>(f, x, LBFGSpp::LBFGS_LINESEARCH_BACKTRACKING_STRONG_WOLFE);
  }, min_time));
}

}  // namespace

int main(int argc, char** argv) {
  double min_time = 0.05;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--min-time" && i + 1 < argc) {
      min_time = std::strtod(argv[++i], nullptr);
    } else {
      std::cerr << "usage: bench_curvature [--min-time SECONDS] > saddle_curvature.csv\n";
      return 2;
    }
  }
  print_header();
  for (const saddle::Index n : {2, 10, 100, 1000, 10000}) {
    run_all("extended_rosenbrock", ls::Rosenbrock<double>(n, ls::RosenbrockForm::pairs), min_time);
  }
  for (const saddle::Index n : {4, 100, 1000}) {
    run_all("extended_powell_singular", ls::ExtendedPowellSingular<double>(n), min_time);
  }
  run_all("beale", ls::Beale<double>(), min_time);
  run_all("wood", ls::Wood<double>(), min_time);
  run_all("helical_valley", ls::HelicalValley<double>(), min_time);
  run_all("ill_conditioned_quadratic", ls::ill_conditioned_quadratic<double>(1000, 1e6), min_time);
  return 0;
}
