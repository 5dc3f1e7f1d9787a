// saddle-bench: compares saddle's optimizers on its synthetic landscapes, from one command.
//
//   saddle-bench --method adam:lr=1e-2 --method 'guarded(lbfgs)' --landscape himmelblau
//                --start saddle --start near:offset=1e-6 --seeds 20 --out bench-output --plot
//   saddle-bench --config run.json --jobs 2 --out bench-output
//   saddle-bench --list
//
// Bad input (an unknown method, landscape, start kind or option, a value out of range, a malformed
// config, an output folder that cannot be written) prints one line and exits with status 2 before
// anything runs or is written. docs/bench.md is the manual.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <saddle/version.hpp>

#include "landscapes.hpp"
#include "methods.hpp"
#include "report.hpp"
#include "runner.hpp"

namespace {

namespace sb = saddle::bench;

void print_catalog(const std::string& title, const std::vector<sb::CatalogEntry>& entries) {
  std::cout << title << "\n";
  for (const auto& e : entries) {
    std::cout << "  " << e.name << (e.argument.empty() ? "" : "(" + e.argument + ")") << "\n      " << e.summary
              << "\n";
    for (const auto& o : e.options) {
      std::cout << "      " << o.key << " (" << o.type << ", default " << o.default_value << "): " << o.help << "\n";
    }
  }
  std::cout << "\n";
}

// The plotting script: next to the sources (a build tree), or installed under share/saddle.
std::filesystem::path plot_script(const char* argv0) {
  if (const char* path = std::getenv("SADDLE_BENCH_PLOT_SCRIPT")) {
    return path;
  }
  const std::filesystem::path source = SADDLE_BENCH_SOURCE_DIR "/scripts/plot_bench.py";
  if (std::filesystem::exists(source)) {
    return source;
  }
  std::error_code error;
  const auto exe = std::filesystem::canonical("/proc/self/exe", error);
  const std::filesystem::path base = error ? std::filesystem::path(argv0).parent_path() : exe.parent_path();
  return base / ".." / "share" / "saddle" / "plot_bench.py";
}

std::string python() { return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3"; }

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"saddle-bench: compare saddle's optimizers on synthetic landscapes with labelled saddles"};
  app.set_version_flag("--version", std::string("saddle-bench (saddle ") + saddle::version_string + ")");
  sb::Config config;
  std::string config_path;
  std::string part;
  std::string out;
  bool list = false;
  bool plot = false;
  bool quiet = false;
  int jobs = 1;
  std::vector<std::string> methods;
  std::vector<std::string> landscapes;
  std::vector<std::string> starts;
  std::vector<long long> dimensions;

  app.add_option("--config", config_path, "a JSON configuration (or a results.json to rerun); flags override it");
  app.add_option("--part", part, "the part of a config made of named parts (benchmarks/escape_suite.json)");
  app.add_option("-m,--method", methods, "a method spec, NAME[(ARG)][:KEY=VALUE,...]; repeatable");
  app.add_option("-l,--landscape", landscapes, "a landscape spec; repeatable");
  app.add_option("-d,--dims", dimensions, "dimensions for the scalable landscapes, e.g. 10,100,1000")->delimiter(',');
  app.add_option("-s,--start", starts, "a start kind spec (standard, saddle, near, near_stable, box); repeatable");
  auto* seeds = app.add_option("--seeds", config.seeds, "seeds per start point (default 5)");
  auto* first_seed = app.add_option("--first-seed", config.first_seed, "the first seed (default 0)");
  auto* max_iterations = app.add_option("--max-iterations", config.max_iterations, "per run (default 10000)");
  auto* gradient_tolerance =
      app.add_option("--gradient-tolerance", config.gradient_tolerance, "per run (default 1e-6)");
  auto* time_limit = app.add_option("--time-limit", config.time_limit, "seconds per run (default none)");
  auto* solve_tolerance = app.add_option("--solve-tolerance", config.solve_tolerance,
                                         "solved: f - f* <= this max(1, f(x0) - f*) (default 1e-6)");
  app.add_option("-j,--jobs", jobs, "threads (results identical to --jobs 1)")->check(CLI::Range(1, 1024));
  app.add_option("-o,--out", out, "write results.csv, results.json, summary.md (and plot inputs) here");
  app.add_flag("--plot", plot, "draw PNGs into --out with scripts/plot_bench.py (matplotlib)");
  app.add_flag("--list", list, "print every method, landscape and start kind with its options and defaults");
  app.add_flag("-q,--quiet", quiet, "no progress and no table on the terminal");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "saddle-bench: " << e.what() << " (see saddle-bench --help)\n";
    return 2;
  }

  try {
    if (list) {
      print_catalog("Methods (steppers run through first_order; wrappers take a spec in parentheses):",
                    sb::method_catalog());
      print_catalog("Landscapes:", sb::landscape_catalog());
      print_catalog("Start kinds:", sb::start_catalog());
      std::cout << "Spec syntax: NAME, NAME:KEY=VALUE,KEY=VALUE, WRAPPER(SPEC):KEY=VALUE; lists inside a value use "
                   "'/' (widths=3/2/3).\n";
      return 0;
    }
    if (config_path.empty() && !part.empty()) {
      throw sb::UsageError("--part needs --config FILE");
    }
    if (!config_path.empty()) {
      std::ifstream in(config_path);
      if (!in) {
        throw sb::UsageError("--config " + config_path + ": cannot open the file");
      }
      nlohmann::json document;
      try {
        document = nlohmann::json::parse(in);
      } catch (const nlohmann::json::parse_error& e) {
        std::string what = e.what();
        throw sb::UsageError("--config " + config_path + ": not valid JSON (" + what + ")");
      }
      // A suite holds several matrices under "parts": --part picks one.
      std::string source = "--config " + config_path;
      if (document.is_object() && document.contains("parts")) {
        const auto& parts = document.at("parts");
        std::vector<std::string> names;
        for (const auto& item : parts.items()) {
          names.push_back(item.key());
        }
        if (part.empty() || !parts.contains(part)) {
          throw sb::UsageError(source + (part.empty() ? " holds parts" : ": no part '" + part + "' among its parts") +
                               " (" + sb::join_alternatives(names) + "): choose one with --part NAME");
        }
        nlohmann::json chosen = parts.at(part);
        document = std::move(chosen);
        source += " --part " + part;
      } else if (!part.empty()) {
        throw sb::UsageError(source + ": --part " + part + " given, but the file has no \"parts\"");
      }
      const sb::Config base = sb::config_from_json(document, source);
      // Flags given on the command line override the file.
      const sb::Config flags = config;
      config = base;
      if (seeds->count() > 0) config.seeds = flags.seeds;
      if (first_seed->count() > 0) config.first_seed = flags.first_seed;
      if (max_iterations->count() > 0) config.max_iterations = flags.max_iterations;
      if (gradient_tolerance->count() > 0) config.gradient_tolerance = flags.gradient_tolerance;
      if (time_limit->count() > 0) config.time_limit = flags.time_limit;
      if (solve_tolerance->count() > 0) config.solve_tolerance = flags.solve_tolerance;
    }
    if (!methods.empty()) config.methods = methods;
    if (!landscapes.empty()) config.landscapes = landscapes;
    if (!starts.empty()) config.starts = starts;
    if (!dimensions.empty()) {
      config.dimensions.assign(dimensions.begin(), dimensions.end());
    }

    if (plot && out.empty()) {
      throw sb::UsageError("--plot needs --out DIR (the pictures are drawn from the files written there)");
    }
    const sb::Bench bench(config);  // validates everything and builds the landscapes
    if (!out.empty()) {
      sb::check_output_directory(out);
    }
    std::vector<std::string> command_line(argv, argv + argc);
    const auto environment = sb::environment_json(command_line);

    // Progress: a bar with an ETA on a terminal, a line per finished cell otherwise.
    const bool terminal = isatty(STDERR_FILENO) != 0;
    const auto started = std::chrono::steady_clock::now();
    auto last_draw = started - std::chrono::seconds(1);
    if (!quiet) {
      for (const auto& note : bench.notes()) {
        std::fprintf(stderr, "saddle-bench: note: %s\n", note.c_str());
      }
      std::fprintf(stderr, "saddle-bench: %zu runs in %zu cells on %d thread(s)\n", bench.run_count(),
                   bench.cell_count(), jobs);
    }
    const auto progress = [&](std::size_t done, std::size_t total, const std::string& finished) {
      if (quiet) {
        return;
      }
      const auto now = std::chrono::steady_clock::now();
      const double elapsed = std::chrono::duration<double>(now - started).count();
      if (terminal) {
        if (done == total || now - last_draw >= std::chrono::milliseconds(100)) {
          last_draw = now;
          const int width = 30;
          const int filled = static_cast<int>(width * done / std::max<std::size_t>(total, 1));
          const double eta = done > 0 ? elapsed * static_cast<double>(total - done) / static_cast<double>(done) : 0.0;
          std::fprintf(stderr, "\r[%s%s] %zu/%zu runs, %.1f s elapsed, ETA %.0f s   ",
                       std::string(static_cast<std::size_t>(filled), '#').c_str(),
                       std::string(static_cast<std::size_t>(width - filled), '.').c_str(), done, total, elapsed, eta);
          if (done == total) {
            std::fprintf(stderr, "\n");
          }
        }
      } else if (!finished.empty()) {
        std::fprintf(stderr, "[%zu/%zu runs, %.1f s] %s\n", done, total, elapsed, finished.c_str());
      }
    };
    const auto runs = bench.run(jobs, progress);
    const auto summary = bench.summarize(runs);
    if (!quiet) {
      std::cout << sb::summary_markdown(summary);
    }
    if (!out.empty()) {
      sb::write_outputs(out, bench, runs, summary, environment);
      if (!quiet) {
        std::cout << "\nresults.csv, results.json and summary.md written to " << out << "\n";
      }
      if (plot) {
        std::cout.flush();
        const std::string command =
            python() + " " + shell_quote(plot_script(argv[0]).string()) + " " + shell_quote(out);
        if (std::system(command.c_str()) != 0) {
          std::cerr << "saddle-bench: the plotting script failed: " << command << "\n";
          return 1;
        }
      }
    }
    return 0;
  } catch (const sb::UsageError& e) {
    std::cerr << "saddle-bench: " << e.what() << "\n";
    return 2;
  }
}
