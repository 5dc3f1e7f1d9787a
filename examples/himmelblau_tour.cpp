// The main demo: gradient descent on Himmelblau's function from a grid of starts, from exactly
// on each saddle and from a hair's breadth off it. Prints where every run ended, with
// classify_critical_point's verdict on the end point (minimum, or a strict saddle of index 1),
// then lets the trust-region Newton method — which probes curvature at first-order points —
// start on the same saddles. Writes the trajectories as CSV for scripts/plot_demo.py.
//
//   himmelblau_tour [output-directory]
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <saddle/saddle.hpp>

namespace {

using saddle::Vector;
namespace ls = saddle::landscapes;

struct Run {
  std::string label;
  Vector<double> start;
  Vector<double> end;
  saddle::Result<double> result;
  std::vector<Vector<double>> path;
};

// Names of the labelled critical points: M1..M4, S1..S4, X (the maximum).
std::string point_name(const ls::Himmelblau<double>& h, std::size_t i) {
  int minima = 0;
  int saddles = 0;
  for (std::size_t j = 0; j <= i; ++j) {
    const auto kind = h.critical_points()[j].kind;
    minima += kind == saddle::CriticalPointKind::minimum ? 1 : 0;
    saddles += kind == saddle::CriticalPointKind::strict_saddle ? 1 : 0;
  }
  char name[16];
  switch (h.critical_points()[i].kind) {
    case saddle::CriticalPointKind::minimum: std::snprintf(name, sizeof name, "M%d", minima); break;
    case saddle::CriticalPointKind::strict_saddle: std::snprintf(name, sizeof name, "S%d", saddles); break;
    default: std::snprintf(name, sizeof name, "X"); break;
  }
  return name;
}

// Where a run ended, in words: the labelled critical point it reached, if any.
std::string outcome(const ls::Himmelblau<double>& h, const Vector<double>& end) {
  for (std::size_t i = 0; i < h.critical_points().size(); ++i) {
    const auto& p = h.critical_points()[i];
    if ((end - p.point).norm() < 1e-4) {
      char text[96];
      switch (p.kind) {
        case saddle::CriticalPointKind::minimum:
          std::snprintf(text, sizeof text, "minimum %s", point_name(h, i).c_str());
          break;
        case saddle::CriticalPointKind::strict_saddle:
          std::snprintf(text, sizeof text, "STUCK at saddle %s (f = %.2f)", point_name(h, i).c_str(), p.value);
          break;
        default: std::snprintf(text, sizeof text, "STUCK at the maximum (f = %.2f)", p.value); break;
      }
      return text;
    }
  }
  return "no critical point";
}

std::string format_point(const Vector<double>& p) {
  char text[64];
  std::snprintf(text, sizeof text, "(%8.4f, %8.4f)", p[0], p[1]);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path output = argc > 1 ? argv[1] : "demo-output";
  std::filesystem::create_directories(output);

  ls::Himmelblau<double> h;
  const double lr = 0.01;
  const saddle::StoppingOptions stop{.gradient_tolerance = 1e-8, .max_iterations = 20000};

  std::vector<Run> runs;
  for (double x0 : {-4.0, 0.0, 4.0}) {
    for (double y0 : {-4.0, 0.0, 4.0}) {
      Vector<double> start(2);
      start << x0, y0;
      runs.push_back({"grid", start, {}, {}, {}});
    }
  }
  int saddle_number = 0;
  for (const auto& p : h.saddles()) {
    ++saddle_number;
    char on[16];
    char off[24];
    std::snprintf(on, sizeof on, "on S%d", saddle_number);
    std::snprintf(off, sizeof off, "S%d + 1e-6", saddle_number);
    runs.push_back({on, p.point, {}, {}, {}});
    Vector<double> nudged = p.point;
    nudged[0] += 1e-6;
    runs.push_back({off, nudged, {}, {}, {}});
  }
  runs.push_back({"on X", h.maxima().front().point, {}, {}, {}});

  for (auto& run : runs) {
    saddle::History<double> history({.record_x = true});
    saddle::GradientDescent<double> gd({.lr = lr});
    Vector<double> x = run.start;
    run.result = saddle::minimize(h, x, gd, stop, history);
    run.end = x;
    run.path = history.iterates();
  }

  std::cout << "saddle " << saddle::version_string
            << ": gradient descent (lr = " << lr << ") on Himmelblau's function\n"
            << "f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2 has 4 minima (M1-M4, f = 0), "
               "4 saddles (S1-S4) and 1 maximum (X)\n\n";
  std::printf("%-12s %-22s %-22s %-32s %10s  %-19s %s\n", "start", "x0", "end", "outcome", "iterations", "status",
              "classify_critical_point(end)");
  for (const auto& run : runs) {
    const auto verdict = saddle::classify_critical_point(h, run.end, {.gradient_tolerance = 1e-6});
    char kind[48];
    std::snprintf(kind, sizeof kind, "%s", std::string(saddle::to_string(verdict.kind)).c_str());
    if (verdict.kind == saddle::CriticalPointKind::strict_saddle) {
      std::snprintf(kind, sizeof kind, "strict_saddle (index %lld)", static_cast<long long>(verdict.index));
    }
    std::printf("%-12s %-22s %-22s %-32s %10lld  %-19s %s\n", run.label.c_str(), format_point(run.start).c_str(),
                format_point(run.end).c_str(), outcome(h, run.end).c_str(),
                static_cast<long long>(run.result.iterations), std::string(saddle::to_string(run.result.status)).c_str(),
                kind);
  }
  std::cout << "\nA run started exactly on a saddle sees a zero gradient and reports converged_gradient:\n"
               "gradient descent cannot tell a saddle from a minimum — the classifier can. Nudged by 1e-6 it\n"
               "escapes, but only after a plateau whose length grows like log(1/nudge) / (lr |lambda_min|).\n\n";

  // The trust region probes the curvature where the gradient vanishes and steps along a
  // certified negative eigenvector: started exactly on each saddle (and on the maximum), it leaves.
  std::printf("TrustRegionNewtonCG started exactly on each saddle and on the maximum:\n\n");
  std::printf("%-12s %-22s %-32s %10s %6s %6s %8s  %-24s %s\n", "start", "end", "outcome", "iterations", "f", "Hv",
              "escaped", "status", "certified");
  saddle::TrustRegionNewtonCG<double> tr({.stop = {.gradient_tolerance = 1e-10}});
  for (const auto& run : runs) {
    if (run.label.rfind("on ", 0) != 0) {
      continue;
    }
    Vector<double> x = run.start;
    const auto result = tr.minimize(h, x);
    char certified[64] = "-";
    if (result.kind && result.lambda_min) {
      std::snprintf(certified, sizeof certified, "%s (lambda_min %.4g)",
                    std::string(saddle::to_string(*result.kind)).c_str(), *result.lambda_min);
    }
    std::printf("%-12s %-22s %-32s %10lld %6lld %6lld %8lld  %-24s %s\n", run.label.c_str(), format_point(x).c_str(),
                outcome(h, x).c_str(), static_cast<long long>(result.iterations),
                static_cast<long long>(result.function_evaluations), static_cast<long long>(result.hvp_evaluations),
                static_cast<long long>(result.saddles_escaped), std::string(saddle::to_string(result.status)).c_str(),
                certified);
  }

  std::ofstream paths(output / "himmelblau_paths.csv");
  paths.precision(17);
  paths << "run,label,iteration,x,y\n";
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (std::size_t k = 0; k < runs[r].path.size(); ++k) {
      paths << r << ',' << runs[r].label << ',' << k << ',' << runs[r].path[k][0] << ',' << runs[r].path[k][1]
            << '\n';
    }
  }
  std::ofstream points(output / "himmelblau_points.csv");
  points.precision(17);
  points << "name,kind,x,y,value,index\n";
  for (std::size_t i = 0; i < h.critical_points().size(); ++i) {
    const auto& p = h.critical_points()[i];
    points << point_name(h, i) << ',' << saddle::to_string(p.kind) << ',' << p.point[0] << ',' << p.point[1] << ','
           << p.value << ',' << p.index << '\n';
  }
  std::cout << "\nTrajectories written to " << (output / "himmelblau_paths.csv").string() << '\n';
  return 0;
}
