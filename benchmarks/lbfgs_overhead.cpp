// L-BFGS's cost beyond the objective, per run and per iteration, against LBFGSpp on the same
// problems (chained Rosenbrock, n = 2 ... 10^4): what a user pays for saddle's bookkeeping (Result,
// message, counts, NaN checks) when the objective is cheap. A plain main; one run, side by side.
//   benchmarks/run_overhead.sh
#include <LBFGS.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <stdexcept>
#include <vector>

#include <saddle/saddle.hpp>

namespace {

using Clock = std::chrono::steady_clock;
using saddle::Vector;

constexpr double gradient_tolerance = 1e-6;
constexpr int memory = 6;  // LBFGSpp's default m

// Counts the calls LBFGSpp makes (saddle counts its own).
struct Counted {
  saddle::landscapes::Rosenbrock<double>* f;
  long calls = 0;
  double operator()(const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    ++calls;
    return (*f)(x, g);
  }
};

// Median of `repeats` timings of `run` (seconds), after a warm-up.
template <class Run>
double median_seconds(int repeats, Run&& run) {
  run();
  std::vector<double> t;
  for (int i = 0; i < repeats; ++i) {
    const auto start = Clock::now();
    run();
    t.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::nth_element(t.begin(), t.begin() + repeats / 2, t.end());
  return t[static_cast<std::size_t>(repeats / 2)];
}

struct Row {
  std::string solver;
  long iterations = 0;
  long evaluations = 0;
  double seconds = 0;
};

void print(saddle::Index n, double eval_seconds, const Row& r) {
  const double in_f = static_cast<double>(r.evaluations) * eval_seconds;
  const double overhead = r.seconds - in_f;
  std::printf("| %6ld | %-28s | %5ld | %5ld | %10.2f | %10.2f | %10.2f | %9.1f |\n", static_cast<long>(n),
              r.solver.c_str(), r.iterations, r.evaluations, r.seconds * 1e6, in_f * 1e6, overhead * 1e6,
              overhead / static_cast<double>(std::max(1L, r.iterations)) * 1e9);
}

template <class Solver>
Row run_saddle(const char* name, Solver solver, saddle::landscapes::Rosenbrock<double>& f, int repeats) {
  Row row{name};
  saddle::Result<double> result;
  row.seconds = median_seconds(repeats, [&] {
    Vector<double> x = f.start_point();
    result = solver.minimize(f, x);
  });
  row.iterations = static_cast<long>(result.iterations);
  row.evaluations = static_cast<long>(result.function_evaluations);
  if (!result.converged()) {
    std::fprintf(stderr, "lbfgs_overhead: %s: %s\n", name, result.brief().c_str());
  }
  return row;
}

template <template <class> class LineSearch>
Row run_lbfgspp(const char* name, int condition, saddle::landscapes::Rosenbrock<double>& f, int repeats,
                long max_iterations) {
  Row row{name};
  LBFGSpp::LBFGSParam<double> param;
  param.m = memory;
  param.epsilon = gradient_tolerance;
  param.epsilon_rel = 0.0;
  param.max_iterations = static_cast<int>(max_iterations);
  param.linesearch = condition;
  Counted counted{&f};
  int k = 0;
  row.seconds = median_seconds(repeats, [&] {
    LBFGSpp::LBFGSSolver<double, LineSearch> solver(param);
    Eigen::VectorXd x = f.start_point();
    double fx = 0;
    counted.calls = 0;
    try {
      k = solver.minimize(counted, x, fx);
    } catch (const std::exception&) {
      k = -1;
    }
  });
  row.iterations = k;
  row.evaluations = counted.calls;
  return row;
}

}  // namespace

int main(int argc, char** argv) {
  const long largest = argc > 1 ? std::stol(argv[1]) : 10000;  // bench_lbfgs_overhead [largest n]
  std::printf("| n | solver | iterations | f evals | µs / run | µs in f | µs overhead / run | ns overhead / iteration |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (saddle::Index n : {2, 10, 100, 1000, 10000}) {
    if (n > largest) {
      break;
    }
    saddle::landscapes::Rosenbrock<double> f(n);
    const int repeats = n <= 100 ? 2001 : (n <= 1000 ? 201 : 21);
    // The objective alone, per call, at the start point.
    Vector<double> x = f.start_point();
    Vector<double> g(n);
    volatile double sink = 0;
    const int calls = 1000;
    const double eval_seconds = median_seconds(15, [&] {
                                  for (int i = 0; i < calls; ++i) {
                                    x[0] += 1e-300;  // defeat hoisting without changing the value
                                    sink = sink + f(x, g);
                                  }
                                }) /
                                calls;
    const saddle::StoppingOptions stop{.gradient_tolerance = gradient_tolerance, .max_iterations = 10000};
    print(n, eval_seconds, run_saddle("saddle LBFGS (More-Thuente)", saddle::LBFGS<double>({.stop = stop, .memory = memory}), f, repeats));
    print(n, eval_seconds,
          run_saddle("saddle LBFGS (Armijo)",
                     saddle::LBFGS<double, saddle::Armijo>({.stop = stop, .memory = memory}), f, repeats));
    print(n, eval_seconds,
          run_lbfgspp<LBFGSpp::LineSearchBacktracking>("LBFGSpp (backtracking, Armijo)",
                                                        LBFGSpp::LBFGS_LINESEARCH_BACKTRACKING_ARMIJO, f, repeats,
                                                        10000));
    print(n, eval_seconds,
          run_lbfgspp<LBFGSpp::LineSearchNocedalWright>("LBFGSpp (Nocedal-Wright)",
                                                         LBFGSpp::LBFGS_LINESEARCH_BACKTRACKING_STRONG_WOLFE, f,
                                                         repeats, 10000));
    // The fixed cost of a run: one iteration each.
    const saddle::StoppingOptions one{.gradient_tolerance = gradient_tolerance, .max_iterations = 1};
    print(n, eval_seconds,
          run_saddle("saddle LBFGS, 1 iteration", saddle::LBFGS<double, saddle::Armijo>({.stop = one, .memory = memory}),
                     f, repeats));
    print(n, eval_seconds,
          run_lbfgspp<LBFGSpp::LineSearchBacktracking>("LBFGSpp, 1 iteration",
                                                        LBFGSpp::LBFGS_LINESEARCH_BACKTRACKING_ARMIJO, f, repeats, 1));
  }
  return 0;
}
