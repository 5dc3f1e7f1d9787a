// The cost of constructing each landscape (validation, starts, labels) next to one evaluation of its
// f(x, g) at the same dimension, and the options with per-element validation next to one pass over
// as many elements; prints the ratios as the markdown table of docs/benchmarks.md.
// benchmarks/run_landscapes.sh builds and runs it.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

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
#include <saddle/schedules/basic.hpp>

namespace {

namespace ls = saddle::landscapes;
using saddle::Index;
using saddle::Matrix;
using saddle::Vector;

const std::vector<Index> scalable{1000, 10000, 100000, 1000000};

// Page faults so far (the kernel's first touch of fresh memory) and the bytes malloc has handed out.
long minor_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}
double heap_bytes() {
#if defined(__GLIBC__)
  const auto info = mallinfo2();
  return static_cast<double>(info.uordblks + info.hblkhd);
#else
  return 0.0;
#endif
}

// The strict-saddle quartic's spectrum: 1..2 with two escape directions.
Vector<double> quartic_eigenvalues(Index d) {
  Vector<double> lambda = Vector<double>::LinSpaced(d, 1.0, 2.0);
  lambda[0] = -1.0;
  lambda[d - 1] = -0.5;
  return lambda;
}

Matrix<double> normal_matrix(Index rows, Index cols, std::uint64_t seed) {
  saddle::Random random(seed);
  Matrix<double> a(rows, cols);
  for (Index j = 0; j < cols; ++j) {
    for (Index i = 0; i < rows; ++i) {
      a(i, j) = random.normal();
    }
  }
  return a;
}

// One row of the table: a construction and the evaluation it is measured against, both timed.
struct Row {
  std::string landscape;
  Index dimension;
  std::string construct;
  std::string evaluate;
  std::string yardstick;  // what "evaluate" times
};
std::vector<Row>& rows() {
  static std::vector<Row> table;
  return table;
}

// setup(d) prepares the inputs (untimed) and returns make(), which constructs the landscape from
// copies of them (a user constructing from const references pays the same copies).
template <class Setup>
void add(const std::string& name, const std::vector<Index>& sizes, Setup setup, const std::string& yardstick = "f") {
  for (const Index d : sizes) {
    const std::string suffix = name + "/" + std::to_string(d);
    benchmark::RegisterBenchmark(("construct/" + suffix).c_str(),
                                 [setup, d](benchmark::State& state) {
                                   const auto make = setup(d);
                                   const long faults = minor_faults();
                                   for (auto _ : state) {
                                     auto landscape = make();
                                     benchmark::DoNotOptimize(landscape);
                                   }
                                   state.counters["faults"] = benchmark::Counter(
                                       static_cast<double>(minor_faults() - faults), benchmark::Counter::kAvgIterations);
                                   const double before = heap_bytes();
                                   const auto kept = make();
                                   state.counters["MB_held"] = (heap_bytes() - before) / 1e6;
                                 })
        ->Unit(benchmark::kMicrosecond)
        ->MinTime(0.2);
    benchmark::RegisterBenchmark(("evaluate/" + suffix).c_str(),
                                 [setup, d](benchmark::State& state) {
                                   const auto make = setup(d);
                                   const auto landscape = make();
                                   using S = std::remove_cvref_t<decltype(landscape.minimum_value())>;
                                   const Vector<S> x = landscape.start_point();
                                   Vector<S> g(x.size());
                                   benchmark::DoNotOptimize(landscape(x, g));  // warm-up: g sized, work space touched
                                   for (auto _ : state) {
                                     benchmark::DoNotOptimize(landscape(x, g));
                                     benchmark::ClobberMemory();
                                   }
                                 })
        ->Unit(benchmark::kMicrosecond)
        ->MinTime(0.2);
    rows().push_back({name, d, "construct/" + suffix, "evaluate/" + suffix, yardstick});
  }
}

// Options with per-element validation, timed against one evaluation of a quadratic of the same
// size (one pass over d elements: the least any use of d values costs).
template <class Setup>
void add_options(const std::string& name, const std::vector<Index>& sizes, Setup setup) {
  for (const Index d : sizes) {
    const std::string suffix = name + "/" + std::to_string(d);
    benchmark::RegisterBenchmark(("construct/" + suffix).c_str(),
                                 [setup, d](benchmark::State& state) {
                                   const auto options = setup(d);
                                   for (auto _ : state) {
                                     options.validate();
                                     benchmark::ClobberMemory();
                                   }
                                 })
        ->Unit(benchmark::kMicrosecond)
        ->MinTime(0.2);
    rows().push_back({name, d, "construct/" + suffix, "evaluate/quadratic/" + std::to_string(d),
                      "quadratic f"});
  }
}

void register_all() {
  add("quadratic", scalable, [](Index d) {
    return [lambda = quartic_eigenvalues(d)] { return ls::Quadratic<double>(lambda); };
  });
  add("ill_conditioned_quadratic", scalable,
      [](Index d) { return [d] { return ls::ill_conditioned_quadratic<double>(d, 1e6); }; });
  add("strict_saddle_quartic", scalable, [](Index d) {
    return [lambda = quartic_eigenvalues(d)] { return ls::StrictSaddleQuartic<double>(lambda); };
  });
  add("rosenbrock_chained", scalable, [](Index d) { return [d] { return ls::Rosenbrock<double>(d); }; });
  add("rosenbrock_pairs", scalable,
      [](Index d) { return [d] { return ls::Rosenbrock<double>(d, ls::RosenbrockForm::pairs); }; });
  add("extended_powell_singular", scalable,
      [](Index d) { return [d] { return ls::ExtendedPowellSingular<double>(d); }; });
  add("styblinski_tang", scalable, [](Index d) { return [d] { return ls::StyblinskiTang<double>(d); }; });
  add("scalar_deep_linear", scalable, [](Index d) { return [d] { return ls::ScalarDeepLinear<double>(d); }; });
  add("orthogonal_quartic", scalable, [](Index d) { return [d] { return ls::OrthogonalQuartic<double>(d); }; });
  add("rotated_strict_saddle_quartic", scalable, [](Index d) {
    return [base = ls::StrictSaddleQuartic<double>(quartic_eigenvalues(d))] { return ls::Rotated(base); };
  });
  // Three layers of w x w: d = 3 w^2 parameters.
  const std::vector<Index> widths{18, 58, 183, 577};
  std::vector<Index> network_sizes;
  for (const Index w : widths) {
    network_sizes.push_back(3 * w * w);
  }
  const auto width_of = [widths](Index d) {
    return *std::find_if(widths.begin(), widths.end(), [d](Index w) { return 3 * w * w == d; });
  };
  add("deep_linear_network", network_sizes, [width_of](Index d) {
    const Index w = width_of(d);
    return [w, target = normal_matrix(w, w, 1)] {
      return ls::DeepLinearNetwork<double>({w, w, w, w}, target);
    };
  });
  add("random_deep_linear_network", network_sizes, [width_of](Index d) {
    const Index w = width_of(d);
    return [w] { return ls::random_deep_linear_network<double>({w, w, w, w}, {4.0, 2.0, 1.0, 0.5}); };
  });
  // d x d targets of rank r = 4: d^2 entries, 4 d parameters.
  const Index r = 4;
  add("matrix_factorization", {32, 100, 316, 1000}, [](Index d) {
    const Matrix<double> b = normal_matrix(d, d, 2);
    return [target = Matrix<double>(b * b.transpose() / static_cast<double>(d))] {
      return ls::MatrixFactorization<double>(target, r);
    };
  });
  // (Its d = 1000 construction adds a dense long double Householder product to the eigendecomposition:
  // about a minute, left out to keep the run short.)
  add("random_matrix_factorization", {32, 100, 316},
      [](Index d) { return [d] { return ls::random_matrix_factorization<double>(d, r); }; });
  add("householder", scalable, [](Index d) {
    // Householder has no f; its product is what a rotated landscape adds to every evaluation.
    struct Timed {
      ls::Householder<double> q;
      Vector<double> x;
      [[nodiscard]] double minimum_value() const { return 0.0; }
      [[nodiscard]] const Vector<double>& start_point() const { return x; }
      double operator()(const Vector<double>& y, Vector<double>& g) const {
        g = y;
        q.apply_in_place(g);
        return g[0];
      }
    };
    return [d] { return Timed{ls::Householder<double>(d), Vector<double>::Ones(d)}; };
  }, "Q x");
  add("himmelblau", {2}, [](Index) { return [] { return ls::Himmelblau<double>(); }; });
  add("three_hump_camel", {2}, [](Index) { return [] { return ls::ThreeHumpCamel<double>(); }; });
  add("monkey_saddle", {2}, [](Index) { return [] { return ls::MonkeySaddle<double>(); }; });
  add("confined_monkey_saddle", {2}, [](Index) { return [] { return ls::ConfinedMonkeySaddle<double>(); }; });
  add("x2_minus_y2", {2}, [](Index) { return [] { return ls::x2_minus_y2<double>(); }; });
  add("beale", {2}, [](Index) { return [] { return ls::Beale<double>(); }; });
  add("helical_valley", {3}, [](Index) { return [] { return ls::HelicalValley<double>(); }; });
  add("wood", {4}, [](Index) { return [] { return ls::Wood<double>(); }; });

  add_options("MultiStepLR::validate", scalable, [](Index d) {
    saddle::MultiStepLR options;
    for (Index i = 0; i < d; ++i) {
      options.milestones.push_back(i);
    }
    return options;
  });
}

// Keeps every run's CPU time per iteration (the median when repeated) for the table: on a shared
// machine, time spent waiting for a core would blur the ratios.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& run : runs) {
      if (run.error_occurred || (run.run_type == Run::RT_Aggregate && run.aggregate_name != "median")) {
        continue;
      }
      seconds[run.run_name.function_name] = run.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(run.time_unit);
      const auto held = run.counters.find("MB_held");
      if (held != run.counters.end()) {
        megabytes[run.run_name.function_name] = held->second.value;
      }
    }
  }
  std::map<std::string, double> seconds;
  std::map<std::string, double> megabytes;
};

std::string pretty(double seconds) {
  char buffer[32];
  if (seconds >= 1.0) {
    std::snprintf(buffer, sizeof buffer, "%.2f s", seconds);
  } else if (seconds >= 1e-3) {
    std::snprintf(buffer, sizeof buffer, "%.2f ms", seconds * 1e3);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.2f µs", seconds * 1e6);
  }
  return buffer;
}

}  // namespace

int main(int argc, char** argv) {
#if defined(__GLIBC__)
  // glibc hands blocks of 128 KiB and more back to the kernel when they are freed, so every
  // construction at large d would pay the page faults of first touching all of its memory again
  // (1-15 us per 4 KiB page on a virtual machine). Keeping freed memory in the heap measures
  // saddle's own work; the MB held column says how much memory a first construction touches.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
    return 1;
  }
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\n| landscape | d | construct | MB held | evaluate | evaluation timed | construct / evaluate |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (const auto& row : rows()) {
    const auto c = reporter.seconds.find(row.construct);
    const auto e = reporter.seconds.find(row.evaluate);
    if (c == reporter.seconds.end() || e == reporter.seconds.end()) {
      continue;  // filtered out
    }
    std::printf("| %s | %lld | %s | %.1f | %s | %s | %.1f |\n", row.landscape.c_str(),
                static_cast<long long>(row.dimension), pretty(c->second).c_str(), reporter.megabytes[row.construct],
                pretty(e->second).c_str(), row.yardstick.c_str(), c->second / e->second);
  }
  benchmark::Shutdown();
  return 0;
}
