// The escape race: every method of saddle started exactly on the labelled saddles of five
// landscapes — Himmelblau's function, a 100-dimensional strict-saddle quartic, symmetric matrix
// factorization, a two-layer deep linear network and 5x^2 - y^2 — for 20 seeds each. At an exact
// saddle the gradient is 0: the methods that watch only the gradient stop at once and call it
// convergence; the escape methods leave, and the curvature methods certify where they end.
//
// Prints one run of each method from a saddle of Himmelblau's function, then a table per landscape
// (how many runs escaped and reached a minimum, median counts, how the runs ended) and one for
// starts 1e-3 off Himmelblau's saddles, and writes CSV files for scripts/plot_escape_race.py:
//   escape_race_paths.csv    method,saddle,iteration,x,y,value  Himmelblau, seed 0, from each saddle
//                            (the iterates 1e-3 or more apart)
//   escape_race_points.csv   name,kind,x,y,value               Himmelblau's labelled points
//   escape_race_runs.csv     one line per run: landscape, start, seed, method, outcome and counts
//   escape_race_summary.csv  one line per landscape and method: rates and medians
//
//   escape_race [output-directory]      (default escape-race-output)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <saddle/saddle.hpp>

namespace {

namespace ls = saddle::landscapes;
using saddle::CriticalPointKind;
using saddle::Matrix;
using saddle::Vector;

constexpr std::uint64_t seeds = 20;
constexpr double gradient_tolerance = 1e-6;  // of every method that stops at a small gradient
constexpr double lr = 1e-2;                  // of every gradient, Adam and PGD step
constexpr std::int64_t budget = 10000;       // iterations per run

// Calls visit(name, method) for every contestant, built for one seed (the seed drives the
// perturbations and the Lanczos start vectors; the other methods are deterministic). Options not
// named here are the library's defaults.
template <class Visit>
void for_each_method(std::uint64_t seed, Visit&& visit) {
  const saddle::StoppingOptions stop{.gradient_tolerance = gradient_tolerance, .max_iterations = budget};
  // For the perturbed methods a small gradient is the signal to perturb, not to stop: their gradient
  // test is off, and they end at their own exit (PGD, PAGD) or at the budget (perturbed(Adam)).
  const saddle::StoppingOptions perturb{.gradient_tolerance = 0.0, .max_iterations = budget};
  const saddle::CurvatureStepOptions curvature{.seed = seed};

  // Blind to saddles: a zero gradient is the end.
  auto gd = saddle::first_order(saddle::GradientDescent<double>({.lr = lr}), stop);
  visit("gradient descent", gd);
  auto adam = saddle::first_order(saddle::Adam<double>({.lr = lr}), stop);
  visit("Adam", adam);
  saddle::LBFGS<double> lbfgs({.stop = stop});
  visit("L-BFGS", lbfgs);
  saddle::NewtonCG<double> newton({.stop = stop});
  visit("Newton-CG", newton);
  // Randomness: a kick where the gradient is small.
  saddle::PerturbedGradientDescent<double> pgd({.stop = perturb, .lr = lr, .seed = seed});
  visit("PGD", pgd);
  auto kicked_adam = saddle::first_order(saddle::perturbed(saddle::Adam<double>({.lr = lr}), {.seed = seed}), perturb);
  visit("perturbed(Adam)", kicked_adam);
  saddle::PerturbedAcceleratedGradientDescent<double> pagd({.stop = perturb, .lr = lr, .seed = seed});
  visit("PAGD", pagd);
  // Curvature: Hessian-vector products see the saddle, and the method leaves along negative curvature.
  saddle::NegativeCurvatureDescent<double> ncd({.stop = stop, .lr = lr, .curvature = curvature});
  visit("NC descent", ncd);
  saddle::SaddleFreeNewton<double> sfn({.stop = stop, .curvature = curvature});
  visit("saddle-free Newton", sfn);
  saddle::CubicRegularization<double> arc({.stop = stop, .curvature = curvature});
  visit("cubic reg. (ARC)", arc);
  saddle::TrustRegionNewtonCG<double> tr({.stop = stop, .seed = seed});
  visit("trust region", tr);
  // The guard: the blind methods above, certified at every stop and sent off certified saddles.
  auto guarded_lbfgs = saddle::guarded(saddle::LBFGS<double>({.stop = stop}), {.curvature = curvature});
  visit("guarded(L-BFGS)", guarded_lbfgs);
  auto guarded_adam =
      saddle::guarded(saddle::first_order(saddle::Adam<double>({.lr = lr}), stop), {.curvature = curvature});
  visit("guarded(Adam)", guarded_adam);
}

// Watches a run: records the iterates (for the pictures) and stops the run once f is far below the
// saddle — on 5x^2 - y^2, which is unbounded below, the only way to end besides the budget.
struct Watch {
  double floor = -std::numeric_limits<double>::infinity();
  std::vector<Vector<double>>* path = nullptr;

  saddle::ObserverAction operator()(const saddle::IterationInfo<double>& info) const {
    if (path != nullptr) {
      path->push_back(info.x);
    }
    return info.value < floor ? saddle::ObserverAction::stop : saddle::ObserverAction::proceed;
  }
};

// What one run achieved, and what it cost.
struct Run {
  std::string landscape;
  std::string start;  // "S2 (index 1)"
  std::uint64_t seed = 0;
  std::string method;
  saddle::Result<double> result;
  bool escaped = false;     // f fell below the saddle's value
  bool at_minimum = false;  // f came down to a labelled minimum's value
  std::string kind;         // the end point: the method's certificate, else classify_critical_point's verdict
  int index = 0;            // of a classified saddle
  bool certified = false;   // kind is the method's own (Lanczos) certificate
};

// Every landscape behind one objective type, so that the thirteen methods are compiled once instead of
// once per landscape (this program's build took 62 s of g++ -O2 with five landscape types). A call
// through std::function costs nanoseconds, next to evaluations that take microseconds.
struct AnyLandscape {
  std::function<double(const Vector<double>&, Vector<double>&)> evaluate;
  std::function<void(const Vector<double>&, const Vector<double>&, Vector<double>&)> product;

  double operator()(const Vector<double>& x, Vector<double>& g) const { return evaluate(x, g); }
  void hessian_vector_product(const Vector<double>& x, const Vector<double>& v, Vector<double>& hv) const {
    product(x, v, hv);
  }
};

template <class L>
AnyLandscape erase(const L& f) {
  return {[&f](const Vector<double>& x, Vector<double>& g) { return f(x, g); },
          [&f](const Vector<double>& x, const Vector<double>& v, Vector<double>& hv) {
            f.hessian_vector_product(x, v, hv);
          }};
}

// A landscape in the race.
template <class L>
struct Entry {
  std::string name;
  L f;
  double floor = -std::numeric_limits<double>::infinity();  // stop a run below this f (unbounded f)
};

// Races every method from every labelled saddle of the landscape, once per seed, and appends the
// runs. With offset > 0 each run starts that far from the saddle, in a random direction per seed.
// `paths` (optional) receives the iterates of seed 0's runs, by method and saddle.
template <class L>
void race(const Entry<L>& entry, std::vector<Run>& runs, double offset = 0.0, const char* suffix = "",
          std::map<std::pair<std::string, std::size_t>, std::vector<Vector<double>>>* paths = nullptr) {
  const auto minima = entry.f.minima();
  const auto saddles = entry.f.saddles();
  const AnyLandscape f = erase(entry.f);
  for (std::size_t s = 0; s < saddles.size(); ++s) {
    const double f_saddle = saddles[s].value;
    for (std::uint64_t seed = 0; seed < seeds; ++seed) {
      Vector<double> x0 = saddles[s].point;
      if (offset > 0.0) {
        saddle::Random random(1000 + seed);
        Vector<double> direction(x0.size());
        for (auto& u : direction) {
          u = random.normal();
        }
        x0 += offset / direction.norm() * direction;
      }
      for_each_method(seed, [&](const char* name, auto& method) {
        Run run;
        run.landscape = entry.name + suffix;
        run.start = "S" + std::to_string(s + 1) + " (index " + std::to_string(saddles[s].index) + ")";
        run.seed = seed;
        run.method = name;
        Watch watch{.floor = entry.floor};
        if (paths != nullptr && seed == 0) {
          watch.path = &(*paths)[{name, s}];
        }
        Vector<double> x = x0;
        run.result = saddle::minimize(f, x, method, watch);
        const double value = run.result.value;
        run.escaped = value < f_saddle - 1e-6 * std::max(1.0, std::abs(f_saddle));
        for (const auto& m : minima) {  // within 1e-4 of the way down from the saddle to the minimum
          run.at_minimum = run.at_minimum || value - m.value <= 1e-4 * (f_saddle - m.value);
        }
        if (run.result.kind) {
          run.kind = saddle::to_string(*run.result.kind);
          run.certified = true;
        } else {
          // The methods that certify nothing: classified here, to the accuracy they stop at (PGD's exit:
          // |g| <= 1e-4; near a degenerate minimum such a point has eigenvalues of that order, either sign).
          const auto verdict =
              saddle::classify_critical_point(f, x, {.gradient_tolerance = 1e-4, .curvature_tolerance = 1e-3});
          run.kind = saddle::to_string(verdict.kind);
          run.index = static_cast<int>(verdict.index);
        }
        runs.push_back(std::move(run));
      });
    }
  }
}

std::string short_kind(const std::string& kind) { return kind == "strict_saddle" ? "saddle" : kind; }

double median(std::vector<double> v) {
  if (v.empty()) {
    return 0.0;
  }
  std::sort(v.begin(), v.end());
  const std::size_t h = v.size() / 2;
  return v.size() % 2 == 1 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

// The most frequent entry with its share: "converged_second_order 100%", or "... 85% (+2)" when 2
// other values occurred.
std::string mode(const std::vector<std::string>& items) {
  std::map<std::string, int> counts;
  for (const auto& s : items) {
    ++counts[s];
  }
  const auto best =
      std::max_element(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  char text[96];
  const int others = static_cast<int>(counts.size()) - 1;
  std::snprintf(text, sizeof text, others > 0 ? "%s %.0f%% (+%d)" : "%s %.0f%%", best->first.c_str(),
                100.0 * best->second / static_cast<double>(items.size()), others);
  return text;
}

struct Summary {
  std::string method;
  int runs = 0;
  double escaped = 0.0;  // shares in %
  double minimum = 0.0;
  double iterations = 0.0;  // medians
  double f = 0.0;
  double g = 0.0;
  double hv = 0.0;
  std::string status;  // the most frequent, with its share
  std::string kind;
};

Summary summarize(const std::vector<Run>& runs, const std::string& landscape, const std::string& method) {
  Summary out;
  out.method = method;
  std::vector<std::string> statuses;
  std::vector<std::string> kinds;
  std::vector<double> iterations;
  std::vector<double> fs;
  std::vector<double> gs;
  std::vector<double> hvs;
  for (const auto& run : runs) {
    if (run.landscape != landscape || run.method != method) {
      continue;
    }
    const auto& r = run.result;
    ++out.runs;
    out.escaped += run.escaped ? 1.0 : 0.0;
    out.minimum += run.at_minimum ? 1.0 : 0.0;
    statuses.emplace_back(saddle::to_string(r.status));
    kinds.push_back(short_kind(run.kind) + (run.certified ? "*" : ""));
    iterations.push_back(static_cast<double>(r.iterations));
    fs.push_back(static_cast<double>(r.function_evaluations));
    gs.push_back(static_cast<double>(r.gradient_evaluations));
    hvs.push_back(static_cast<double>(r.hvp_evaluations));
  }
  out.escaped *= 100.0 / out.runs;
  out.minimum *= 100.0 / out.runs;
  out.iterations = median(iterations);
  out.f = median(fs);
  out.g = median(gs);
  out.hv = median(hvs);
  out.status = mode(statuses);
  out.kind = mode(kinds);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path output = argc > 1 ? argv[1] : "escape-race-output";
  std::filesystem::create_directories(output);
  const auto started = std::chrono::steady_clock::now();

  const Entry<ls::Himmelblau<double>> himmelblau{.name = "Himmelblau", .f = {}};

  // f = 1/2 sum lambda_i x_i^2 + |x|^4 / 4 in d = 100, lambda = (-3, -2, -1, 1.12, ..., 5): the origin
  // (index 3) and four saddles of index 1 and 2; the global minima at +-sqrt(3) e_0, f = -2.25.
  Vector<double> lambda = Vector<double>::LinSpaced(100, 1.0, 5.0);
  lambda.head(3) << -3.0, -2.0, -1.0;
  const Entry<ls::StrictSaddleQuartic<double>> quartic{.name = "quartic d=100",
                                                       .f = ls::StrictSaddleQuartic<double>(lambda)};

  // 1/4 |U U^T - M|_F^2 with U 4 x 2 and M = B B^T (eigenvalues 11.2, 3, 1.8, 0): every choice of at
  // most two of the three positive eigenpairs but the top two is a saddle, the origin among them (6
  // labelled, index 1 to 6); the minima are degenerate (U -> U R keeps f).
  Matrix<double> b(4, 4);
  b << 2, 1, 0, 0,  //
      1, 2, 1, 0,   //
      0, 1, 1, 1,   //
      1, 0, 0, 1;
  const Entry<ls::MatrixFactorization<double>> factorization{
      .name = "matrix fact. 4x2", .f = ls::MatrixFactorization<double>(b * b.transpose(), 2)};

  // Saxe et al.'s 1/2 |T - W_2 W_1|_F^2 (whitened inputs), widths 3-2-3: the origin is a strict saddle
  // of index 6; the minima (the best rank-2 W) are degenerate (W_2 G^-1, G W_1 keeps f).
  Matrix<double> teacher(3, 3);
  teacher << 2.0, 1.0, 0.0,  //
      0.0, 1.5, 0.5,         //
      0.5, 0.0, 1.0;
  const Entry<ls::DeepLinearNetwork<double>> network{.name = "deep linear 3-2-3",
                                                     .f = ls::DeepLinearNetwork<double>({3, 2, 3}, teacher)};

  // 5x^2 - y^2, i.e. 1/2 x^T diag(10, -2) x: unbounded below, so a run that reaches f < -1e4 has
  // left for good and is stopped by the observer.
  Vector<double> curvatures(2);
  curvatures << 10.0, -2.0;
  const Entry<ls::Quadratic<double>> quadratic{
      .name = "5x^2 - y^2", .f = ls::Quadratic<double>(curvatures), .floor = -1e4};

  std::vector<Run> runs;
  std::map<std::pair<std::string, std::size_t>, std::vector<Vector<double>>> paths;
  race(himmelblau, runs, 0.0, "", &paths);
  race(quartic, runs);
  race(factorization, runs);
  race(network, runs);
  race(quadratic, runs);
  race(himmelblau, runs, 1e-3, ", 1e-3 off");
  std::vector<std::string> methods;
  for_each_method(0, [&](const char* name, auto&) { methods.emplace_back(name); });

  std::printf(
      "saddle %s: the escape race. Every method starts exactly on a labelled saddle, where the\n"
      "gradient is 0; %llu seeds (perturbations, Lanczos start vectors) per saddle.\n\n",
      saddle::version_string, static_cast<unsigned long long>(seeds));

  // 1. One run of each method from Himmelblau's first saddle.
  const auto s1 = himmelblau.f.saddles().front();  // saddles() returns a copy: keep this one
  std::printf("Himmelblau's function from S1 = (%.4f, %.4f), f = %.2f, seed 0:\n\n", s1.point[0], s1.point[1],
              s1.value);
  std::printf("%-19s %-7s %-23s %6s %6s %6s %5s  %-29s %9s %s\n", "method", "escaped", "status", "iter", "f", "g", "Hv",
              "end point", "f", "minimum");
  for (const auto& run : runs) {
    if (run.landscape != himmelblau.name || run.seed != 0 || run.start.rfind("S1 ", 0) != 0) {
      continue;
    }
    const auto& r = run.result;
    std::string kind = short_kind(run.kind);
    if (run.kind == "strict_saddle" && !run.certified) {
      kind += " (index " + std::to_string(run.index) + ")";
    }
    kind += run.certified ? ", certified" : ", classified";
    std::printf("%-19s %-7s %-23s %6lld %6lld %6lld %5lld  %-29s %9.3g %s\n", run.method.c_str(),
                run.escaped ? "yes" : "NO", std::string(saddle::to_string(r.status)).c_str(),
                static_cast<long long>(r.iterations), static_cast<long long>(r.function_evaluations),
                static_cast<long long>(r.gradient_evaluations), static_cast<long long>(r.hvp_evaluations), kind.c_str(),
                r.value, run.at_minimum ? "yes" : "no");
  }
  std::printf(
      "\nThe first four stop at iteration 0 and report converged_gradient: on a saddle. The rest leave;\n"
      "the curvature methods and the guard end with a Lanczos certificate of the point they return.\n");

  // 2. Every landscape, every saddle, every seed: one line per method.
  std::printf(
      "\nEvery saddle x %llu seeds: escaped = f fell below the saddle's value; minimum = f reached a\n"
      "labelled minimum's value; medians of iterations, f and g evaluations and Hessian-vector products;\n"
      "the most frequent status and end point (* = certified by the method, else classified; (+k) = k\n"
      "other outcomes, listed in escape_race_runs.csv). The minima of matrix factorization and the deep\n"
      "linear network are degenerate: a singular Hessian with no negative eigenvalue.\n",
      static_cast<unsigned long long>(seeds));
  const std::vector<std::pair<std::string, std::string>> tables = {
      {himmelblau.name, "4 saddles of index 1"},
      {quartic.name, "5 saddles of index 1-3"},
      {factorization.name, "6 saddles of index 1-6"},
      {network.name, "the origin, index 6"},
      {quadratic.name, "unbounded below: stopped at f < -1e4"},
      {himmelblau.name + ", 1e-3 off", "starts 1e-3 from each saddle: a nudge is all the blind methods need"},
  };
  std::ofstream summary_csv(output / "escape_race_summary.csv");
  summary_csv << "landscape,method,runs,escaped_percent,minimum_percent,median_iterations,"
                 "median_function_evaluations,median_gradient_evaluations,median_hvp_evaluations,status,end_point\n";
  for (const auto& [landscape, note] : tables) {
    std::printf("\n%s (%s)\n", landscape.c_str(), note.c_str());
    std::printf("%-19s %7s %7s %6s %6s %6s %5s  %-31s %s\n", "method", "escaped", "minimum", "iter", "f", "g", "Hv",
                "status", "end point");
    for (const auto& method : methods) {
      const Summary s = summarize(runs, landscape, method);
      std::printf("%-19s %6.0f%% %6.0f%% %6.0f %6.0f %6.0f %5.0f  %-31s %s\n", method.c_str(), s.escaped, s.minimum,
                  s.iterations, s.f, s.g, s.hv, s.status.c_str(), s.kind.c_str());
      summary_csv << landscape << ',' << method << ',' << s.runs << ',' << s.escaped << ',' << s.minimum << ','
                  << s.iterations << ',' << s.f << ',' << s.g << ',' << s.hv << ',' << s.status << ',' << s.kind
                  << '\n';
    }
  }

  std::ofstream runs_csv(output / "escape_race_runs.csv");
  runs_csv.precision(10);
  runs_csv << "landscape,start,seed,method,escaped,at_minimum,status,iterations,function_evaluations,"
              "gradient_evaluations,hvp_evaluations,value,gradient_norm,end_point,certified,lambda_min,"
              "saddles_escaped\n";
  for (const auto& run : runs) {
    const auto& r = run.result;
    runs_csv << run.landscape << ',' << run.start << ',' << run.seed << ',' << run.method << ',' << run.escaped << ','
             << run.at_minimum << ',' << saddle::to_string(r.status) << ',' << r.iterations << ','
             << r.function_evaluations << ',' << r.gradient_evaluations << ',' << r.hvp_evaluations << ',' << r.value
             << ',' << r.gradient_norm << ',' << run.kind << ',' << run.certified << ','
             << (r.lambda_min ? *r.lambda_min : std::numeric_limits<double>::quiet_NaN()) << ',' << r.saddles_escaped
             << '\n';
  }

  std::ofstream paths_csv(output / "escape_race_paths.csv");
  paths_csv.precision(17);
  paths_csv << "method,saddle,iteration,x,y,value\n";
  for (const auto& method : methods) {
    for (std::size_t s = 0; s < 4; ++s) {
      // Every iterate that moved 1e-3 or more from the last one written (and the last): the picture
      // loses nothing, and perturbed(Adam)'s 10 000 iterations near a minimum shrink to a few.
      const auto& path = paths[{method, s}];
      Vector<double> g(2);
      std::size_t written = 0;
      for (std::size_t k = 0; k < path.size(); ++k) {
        if (k > 0 && k + 1 < path.size() && (path[k] - path[written]).norm() < 1e-3) {
          continue;
        }
        written = k;
        paths_csv << method << ",S" << s + 1 << ',' << k << ',' << path[k][0] << ',' << path[k][1] << ','
                  << himmelblau.f(path[k], g) << '\n';
      }
    }
  }
  std::ofstream points_csv(output / "escape_race_points.csv");
  points_csv.precision(17);
  points_csv << "name,kind,x,y,value\n";
  int minima = 0;
  int saddles = 0;
  for (const auto& p : himmelblau.f.critical_points()) {
    std::string name = "X";
    if (p.kind == CriticalPointKind::minimum) {
      name = "M" + std::to_string(++minima);
    } else if (p.kind == CriticalPointKind::strict_saddle) {
      name = "S" + std::to_string(++saddles);
    }
    points_csv << name << ',' << saddle::to_string(p.kind) << ',' << p.point[0] << ',' << p.point[1] << ',' << p.value
               << '\n';
  }

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("\n%zu runs in %.1f s. Tables and trajectories written to %s\n", runs.size(), seconds,
              output.string().c_str());
  return 0;
}
