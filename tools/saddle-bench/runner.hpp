// saddle-bench's runner: expands a configuration into the matrix methods x landscapes x dimensions x
// start kinds x start points x seeds, runs it (in parallel threads if asked, with results identical to
// one thread), and summarizes it per (method, landscape, dimension, start kind).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "landscapes.hpp"
#include "methods.hpp"
#include "spec.hpp"

namespace saddle::bench {

// Everything that decides the numbers of a run (--jobs and the output options do not).
struct Config {
  std::string title;                    // a heading for summary.md (optional)
  std::vector<std::string> methods;     // method specs
  std::vector<std::string> landscapes;  // landscape specs
  std::vector<Index> dimensions;        // for the scalable landscapes; empty: each one's default
  std::vector<std::string> starts{"saddle"};  // start-kind specs
  std::int64_t seeds = 5;                     // seeds per start point: first_seed, first_seed + 1, ...
  std::uint64_t first_seed = 0;
  std::int64_t max_iterations = 10000;  // per run (a method spec may override it)
  double gradient_tolerance = 1e-6;     // per run (a method spec may override it)
  double time_limit = std::numeric_limits<double>::infinity();  // seconds per run
  double solve_tolerance = 1e-6;  // solved: f - f* <= solve_tolerance max(1, f(x0) - f*)
  bool classify = true;  // classify_critical_point at the end of a run that certifies nothing (false: kind "")
  std::int64_t classify_lanczos_iterations = 200;  // its Lanczos budget (ClassifyOptions::lanczos_iterations)
  double classify_gradient_tolerance = 1e-4;   // its tolerances
  double classify_curvature_tolerance = 1e-3;  // (relative, as in ClassifyOptions)
  double label_tolerance = 1e-2;  // a run ended at a labelled point p when |x - p| <= this max(1, |p|)

  // Throws UsageError for values out of range and for specs that do not parse or build.
  void validate() const;
};

// Start kinds, as specs: standard, saddle[:limit=k], near[:offset=1e-3,limit=k],
// near_stable[:offset=1e-3,limit=k], box[:count=1,lower=..,upper=..].
std::vector<CatalogEntry> start_catalog();

// One run of the matrix.
struct RunRecord {
  // What was run.
  std::string method;     // the method spec as written
  std::string landscape;  // the landscape spec as written
  std::string landscape_name;  // the library's name
  Index dimension = 0;
  std::string start;     // the start-kind spec
  std::string point;     // the start point: "S2" (a labelled saddle), "start 1" (a standard start), "box 3"
  std::uint64_t seed = 0;
  double f_start = 0.0;   // f(x0)
  double f_saddle = std::numeric_limits<double>::quiet_NaN();  // the saddle's value for saddle-based starts
  double f_star = 0.0;    // the landscape's minimum value (-inf: unbounded below)

  // How it ended.
  std::string status;   // the method's Status, or "error" when it threw
  std::string message;  // the method's message (or the exception's)
  bool failed = false;  // threw, or ended non_finite
  double f_final = std::numeric_limits<double>::quiet_NaN();
  double gradient_norm = std::numeric_limits<double>::quiet_NaN();
  std::string kind;       // minimum, strict_saddle, degenerate, maximum, not_critical, or "" (failed)
  std::string kind_by;    // "method" (its certificate) or "classify_critical_point"
  Index index = -1;       // number of negative eigenvalues (classified runs; -1 when unknown)
  double lambda_min = std::numeric_limits<double>::quiet_NaN();
  std::string end_label;  // the labelled critical point within label distance of the end ("" if none)
  std::int64_t iterations = 0;
  std::int64_t function_evaluations = 0;
  std::int64_t gradient_evaluations = 0;
  std::int64_t hvp_evaluations = 0;
  std::int64_t saddles_escaped = 0;  // as the method counts them (the guard, SFN, ARC, ...)
  double seconds = 0.0;

  // Escape: the first iterate with f <= f_s - (f_s - f*) / 2 (f_s - 1 max(1, |f_s|) when f* = -inf);
  // saddle-based starts only. Never reached: censored.
  bool escape_applies = false;
  bool escaped = false;
  std::int64_t escape_iteration = -1;
  std::int64_t escape_function_evaluations = -1;
  std::int64_t escape_gradient_evaluations = -1;
  std::int64_t escape_hvp_evaluations = -1;
  double escape_seconds = std::numeric_limits<double>::quiet_NaN();

  // Solved: the first iterate with f - f* <= solve_tolerance max(1, f(x0) - f*) (never when f* = -inf).
  bool solved = false;
  std::int64_t solve_iteration = -1;
  std::int64_t solve_function_evaluations = -1;
  std::int64_t solve_gradient_evaluations = -1;
  std::int64_t solve_hvp_evaluations = -1;
  double solve_seconds = std::numeric_limits<double>::quiet_NaN();

  // Two-dimensional landscapes, first seed only: the iterates (each 1e-3 or more from the last kept).
  std::vector<std::array<double, 2>> path;
};

// Quartiles of the runs that succeeded (type 7, as numpy's default).
struct Quartiles {
  std::size_t count = 0;
  double q1 = std::numeric_limits<double>::quiet_NaN();
  double median = std::numeric_limits<double>::quiet_NaN();
  double q3 = std::numeric_limits<double>::quiet_NaN();
};

// A success rate with Wilson's 95 % score interval.
struct Rate {
  std::size_t successes = 0;
  std::size_t trials = 0;
  double low = std::numeric_limits<double>::quiet_NaN();
  double high = std::numeric_limits<double>::quiet_NaN();
  [[nodiscard]] double value() const {
    return trials == 0 ? std::numeric_limits<double>::quiet_NaN()
                       : static_cast<double>(successes) / static_cast<double>(trials);
  }
};

// One line of the summary: a (method, landscape, dimension, start kind) cell over its runs.
struct CellSummary {
  std::string method;
  std::string landscape;
  Index dimension = 0;
  std::string start;
  std::size_t runs = 0;
  std::size_t failures = 0;
  Rate escaped;  // over the runs where escape applies; the others are censored
  Quartiles escape_iterations, escape_function_evaluations, escape_gradient_evaluations, escape_hvp_evaluations,
      escape_seconds;
  Rate solved;
  Quartiles solve_iterations, solve_function_evaluations, solve_gradient_evaluations, solve_hvp_evaluations,
      solve_seconds;
  std::string ends;  // how the runs ended: "minimum 18, strict_saddle 2" (kinds, most frequent first)
};

Rate wilson(std::size_t successes, std::size_t trials);
Quartiles quartiles(std::vector<double> values);

// The matrix of a configuration, ready to run: validated, landscapes built.
class Bench {
 public:
  explicit Bench(Config config);  // throws UsageError

  [[nodiscard]] const Config& config() const { return config_; }
  [[nodiscard]] std::size_t run_count() const { return plans_.size(); }
  [[nodiscard]] std::size_t cell_count() const { return cells_.size(); }
  // What the matrix leaves out and why ("rosenbrock (d = 2) has no labelled saddle: ...").
  [[nodiscard]] const std::vector<std::string>& notes() const { return notes_; }

  // Progress: called (from the thread that finished it, under a lock) once per finished run with
  // (runs done, runs in all, the cell's label when this run completed its cell, else "").
  using Progress = std::function<void(std::size_t done, std::size_t total, const std::string& finished_cell)>;

  // Runs every run with `jobs` threads; the records come back in the matrix's order whatever jobs is.
  std::vector<RunRecord> run(int jobs, const Progress& progress = {}) const;

  std::vector<CellSummary> summarize(const std::vector<RunRecord>& runs) const;

  // Every landscape instance (a landscape spec at one dimension): its spec text and the landscape
  // (clone it to evaluate).
  [[nodiscard]] std::vector<std::pair<std::string, const Landscape*>> instances() const;

 private:
  struct Instance;  // a landscape at one dimension, with its start points per start kind
  struct Plan {
    std::size_t cell = 0;
    std::size_t method = 0;
    std::size_t instance = 0;
    std::size_t start = 0;  // start kind
    std::size_t point = 0;  // within the instance's points for that start kind
    std::uint64_t seed = 0;
  };
  struct Cell {
    std::size_t method = 0;
    std::size_t instance = 0;
    std::size_t start = 0;
    std::size_t runs = 0;
  };

  RunRecord identify(const Plan& plan) const;  // what a run is (method, landscape, start, seed, f_s, f*)
  RunRecord run_one(const Plan& plan, Landscape& landscape) const;

  Config config_;
  std::vector<Spec> methods_;
  std::vector<Spec> starts_;
  std::vector<std::shared_ptr<Instance>> instances_;
  std::vector<Cell> cells_;
  std::vector<Plan> plans_;
  std::vector<std::string> notes_;
};

}  // namespace saddle::bench
