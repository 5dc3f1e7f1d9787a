#include "report.hpp"

#include <sys/utsname.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <limits>
#include <sstream>
#include <thread>

#include <saddle/version.hpp>

namespace saddle::bench {

namespace {

using nlohmann::json;

// NaN and infinities have no JSON number: null (and "inf"/"-inf" where a value may be infinite).
json number(double value) {
  if (std::isnan(value)) {
    return nullptr;
  }
  if (std::isinf(value)) {
    return value > 0 ? "inf" : "-inf";
  }
  return value;
}

double read_number(const json& value, const std::string& key, const std::string& source) {
  if (value.is_number()) {
    return value.get<double>();
  }
  if (value.is_string() && (value == "inf" || value == "-inf")) {
    return value == "inf" ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  }
  throw UsageError(source + ": \"" + key + "\" must be a number (or \"inf\"), not " + value.dump());
}

std::int64_t read_integer(const json& value, const std::string& key, const std::string& source) {
  if (value.is_number_integer()) {
    return value.get<std::int64_t>();
  }
  if (value.is_number_float()) {
    const double v = value.get<double>();
    if (v == std::floor(v) && std::abs(v) < 9e18) {
      return static_cast<std::int64_t>(v);
    }
  }
  throw UsageError(source + ": \"" + key + "\" must be an integer, not " + value.dump());
}

std::vector<std::string> read_strings(const json& value, const std::string& key, const std::string& source) {
  std::vector<std::string> out;
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
    return out;
  }
  if (!value.is_array()) {
    throw UsageError(source + ": \"" + key + "\" must be a list of strings, not " + value.dump());
  }
  for (const auto& item : value) {
    if (!item.is_string()) {
      throw UsageError(source + ": \"" + key + "\" must be a list of strings; " + item.dump() + " is not a string");
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

// RFC 4180: quote a field holding a comma, a quote or a line break.
std::string csv(const std::string& field) {
  if (field.find_first_of(",\"\n\r") == std::string::npos) {
    return field;
  }
  std::string out = "\"";
  for (const char c : field) {
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return out + "\"";
}

std::string csv(double value) {
  if (std::isnan(value)) {
    return "";
  }
  return format_real(value);
}

std::string optional_count(std::int64_t value) { return value < 0 ? std::string() : std::to_string(value); }

// Writes `text` to directory/name through a temporary, registering both for the final rename.
struct Staged {
  std::filesystem::path temporary;
  std::filesystem::path final_path;
};

void stage(const std::filesystem::path& directory, const std::string& name, const std::string& text,
           std::vector<Staged>& staged) {
  const std::filesystem::path final_path = directory / name;
  const std::filesystem::path temporary = directory / ("." + name + ".partial");
  std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  staged.push_back({temporary, final_path});
  if (!out) {
    throw UsageError("cannot write " + temporary.string());
  }
}

std::string format_rate(const Rate& rate) {
  if (rate.trials == 0) {
    return "-";
  }
  char text[96];
  std::snprintf(text, sizeof text, "%zu/%zu = %.0f%% [%.0f, %.0f]", rate.successes, rate.trials, 100.0 * rate.value(),
                100.0 * rate.low, 100.0 * rate.high);
  return text;
}

std::string format_count(double value) {
  if (std::isnan(value)) {
    return "-";
  }
  char text[32];
  if (value == std::floor(value) && std::abs(value) < 1e7) {
    std::snprintf(text, sizeof text, "%.0f", value);
  } else if (std::abs(value) < 1e7) {
    std::snprintf(text, sizeof text, "%.1f", value);
  } else {
    std::snprintf(text, sizeof text, "%.3g", value);
  }
  return text;
}

std::string format_quartiles(const Quartiles& q) {
  if (q.count == 0) {
    return "-";
  }
  return format_count(q.median) + " [" + format_count(q.q1) + ", " + format_count(q.q3) + "]";
}

std::string format_costs(const Quartiles& f, const Quartiles& g, const Quartiles& hv) {
  if (f.count == 0) {
    return "-";
  }
  return format_count(f.median) + " / " + format_count(g.median) + " / " + format_count(hv.median);
}

std::string markdown_cell(std::string text) {
  std::string out;
  for (const char c : text) {
    out += c == '|' ? std::string("\\|") : std::string(1, c);
  }
  return out;
}

json quartiles_json(const Quartiles& q) {
  return {{"count", q.count}, {"q1", number(q.q1)}, {"median", number(q.median)}, {"q3", number(q.q3)}};
}

json rate_json(const Rate& r) {
  return {{"successes", r.successes},
          {"trials", r.trials},
          {"rate", number(r.value())},
          {"low", number(r.low)},
          {"high", number(r.high)}};
}

std::string read_cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) {
        return line.substr(colon + 2);
      }
    }
  }
  return "unknown";
}

}  // namespace

json config_to_json(const Config& c) {
  json out = {{"methods", c.methods},
          {"landscapes", c.landscapes},
          {"dimensions", c.dimensions},
          {"starts", c.starts},
          {"seeds", c.seeds},
          {"first_seed", c.first_seed},
          {"max_iterations", c.max_iterations},
          {"gradient_tolerance", c.gradient_tolerance},
          {"time_limit", number(c.time_limit)},
          {"solve_tolerance", c.solve_tolerance},
          {"classify", c.classify},
          {"classify_lanczos_iterations", c.classify_lanczos_iterations},
          {"classify_gradient_tolerance", c.classify_gradient_tolerance},
          {"classify_curvature_tolerance", c.classify_curvature_tolerance},
          {"label_tolerance", c.label_tolerance}};
  if (!c.title.empty()) {
    out["title"] = c.title;
  }
  return out;
}

Config config_from_json(const json& document, const std::string& source) {
  if (!document.is_object()) {
    throw UsageError(source + ": the configuration must be a JSON object");
  }
  // results.json holds the configuration under "config": feeding it back reruns the same matrix.
  const json& j = document.contains("config") && document.contains("runs") ? document.at("config") : document;
  if (!j.is_object()) {
    throw UsageError(source + ": \"config\" must be a JSON object");
  }
  Config c;
  const std::vector<std::string> keys = {"methods",
                                         "landscapes",
                                         "dimensions",
                                         "starts",
                                         "seeds",
                                         "first_seed",
                                         "max_iterations",
                                         "gradient_tolerance",
                                         "time_limit",
                                         "solve_tolerance",
                                         "classify",
                                         "classify_lanczos_iterations",
                                         "classify_gradient_tolerance",
                                         "classify_curvature_tolerance",
                                         "label_tolerance",
                                         "title"};
  for (const auto& [key, value] : j.items()) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      throw UsageError(source + ": unknown key \"" + key + "\" (allowed: " + join_alternatives(keys) + ")");
    }
    if (key == "methods") {
      c.methods = read_strings(value, key, source);
    } else if (key == "landscapes") {
      c.landscapes = read_strings(value, key, source);
    } else if (key == "starts") {
      c.starts = read_strings(value, key, source);
    } else if (key == "dimensions") {
      if (!value.is_array()) {
        throw UsageError(source + ": \"dimensions\" must be a list of integers, not " + value.dump());
      }
      c.dimensions.clear();
      for (const auto& item : value) {
        c.dimensions.push_back(read_integer(item, key, source));
      }
    } else if (key == "seeds") {
      c.seeds = read_integer(value, key, source);
    } else if (key == "first_seed") {
      const std::int64_t seed = read_integer(value, key, source);
      if (seed < 0) {
        throw UsageError(source + ": \"first_seed\" = " + std::to_string(seed) + ": first_seed >= 0");
      }
      c.first_seed = static_cast<std::uint64_t>(seed);
    } else if (key == "max_iterations") {
      c.max_iterations = read_integer(value, key, source);
    } else if (key == "gradient_tolerance") {
      c.gradient_tolerance = read_number(value, key, source);
    } else if (key == "time_limit") {
      c.time_limit = value.is_null() ? std::numeric_limits<double>::infinity() : read_number(value, key, source);
    } else if (key == "solve_tolerance") {
      c.solve_tolerance = read_number(value, key, source);
    } else if (key == "classify") {
      if (!value.is_boolean()) {
        throw UsageError(source + ": \"classify\" must be true or false, not " + value.dump());
      }
      c.classify = value.get<bool>();
    } else if (key == "classify_lanczos_iterations") {
      c.classify_lanczos_iterations = read_integer(value, key, source);
    } else if (key == "classify_gradient_tolerance") {
      c.classify_gradient_tolerance = read_number(value, key, source);
    } else if (key == "classify_curvature_tolerance") {
      c.classify_curvature_tolerance = read_number(value, key, source);
    } else if (key == "label_tolerance") {
      c.label_tolerance = read_number(value, key, source);
    } else if (key == "title") {
      if (!value.is_string()) {
        throw UsageError(source + ": \"title\" must be a string");
      }
      c.title = value.get<std::string>();
    }
  }
  return c;
}

json environment_json(const std::vector<std::string>& command_line) {
  utsname names{};
  std::string system = "unknown";
  if (uname(&names) == 0) {
    system = std::string(names.sysname) + " " + names.release + " " + names.machine;
  }
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &utc);
#if defined(__clang__)
  const std::string compiler = std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
  const std::string compiler = std::string("gcc ") + __VERSION__;
#else
  const std::string compiler = "unknown";
#endif
#ifdef NDEBUG
  const std::string build = "release (NDEBUG)";
#else
  const std::string build = "debug (assertions on)";
#endif
  return {{"saddle_version", saddle::version_string},
          {"results_format", 1},
          {"compiler", compiler},
          {"build", build},
          {"eigen", std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
                        std::to_string(EIGEN_MINOR_VERSION)},
          {"system", system},
          {"cpu", read_cpu_model()},
          {"hardware_threads", std::thread::hardware_concurrency()},
          {"date", date},
          {"command_line", command_line}};
}

std::string summary_markdown(const std::vector<CellSummary>& summary) {
  std::ostringstream out;
  out << "| method | landscape | d | start | runs | failed | escaped [95% CI] | iterations to escape, median [q1, q3] "
         "| f / g / Hv to escape | solved [95% CI] | iterations to solve, median [q1, q3] | f / g / Hv to solve | "
         "ended at |\n";
  out << "|---|---|--:|---|--:|--:|---|---|---|---|---|---|---|\n";
  for (const auto& s : summary) {
    out << "| " << markdown_cell(s.method) << " | " << markdown_cell(s.landscape) << " | " << s.dimension << " | "
        << markdown_cell(s.start) << " | " << s.runs << " | " << s.failures << " | " << format_rate(s.escaped) << " | "
        << format_quartiles(s.escape_iterations) << " | "
        << format_costs(s.escape_function_evaluations, s.escape_gradient_evaluations, s.escape_hvp_evaluations)
        << " | " << format_rate(s.solved) << " | " << format_quartiles(s.solve_iterations) << " | "
        << format_costs(s.solve_function_evaluations, s.solve_gradient_evaluations, s.solve_hvp_evaluations) << " | "
        << markdown_cell(s.ends) << " |\n";
  }
  return out.str();
}

void check_output_directory(const std::filesystem::path& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error || !std::filesystem::is_directory(directory)) {
    throw UsageError("--out " + directory.string() + ": cannot create the folder (" +
                     (error ? error.message() : std::string("a file of that name exists")) + ")");
  }
  const std::filesystem::path probe = directory / ".saddle-bench-write-test";
  {
    std::ofstream out(probe);
    out << "x";
    out.close();
    if (!out) {
      std::filesystem::remove(probe, error);
      throw UsageError("--out " + directory.string() + ": the folder is not writable");
    }
  }
  std::filesystem::remove(probe, error);
}

void write_outputs(const std::filesystem::path& directory, const Bench& bench, const std::vector<RunRecord>& runs,
                   const std::vector<CellSummary>& summary, const json& environment) {
  std::vector<Staged> staged;
  try {
    // results.csv: one line per run.
    std::ostringstream table;
    table << "method,landscape,landscape_name,dimension,start,point,seed,status,failed,f_start,f_saddle,f_star,"
             "f_final,gradient_norm,kind,kind_by,index,lambda_min,end_label,iterations,function_evaluations,"
             "gradient_evaluations,hvp_evaluations,saddles_escaped,seconds,escape_applies,escaped,escape_iteration,"
             "escape_function_evaluations,escape_gradient_evaluations,escape_hvp_evaluations,escape_seconds,solved,"
             "solve_iteration,solve_function_evaluations,solve_gradient_evaluations,solve_hvp_evaluations,"
             "solve_seconds,message\n";
    for (const auto& r : runs) {
      table << csv(r.method) << ',' << csv(r.landscape) << ',' << csv(r.landscape_name) << ',' << r.dimension << ','
            << csv(r.start) << ',' << csv(r.point) << ',' << r.seed << ',' << r.status << ',' << r.failed << ','
            << csv(r.f_start) << ',' << csv(r.f_saddle) << ',' << csv(r.f_star) << ',' << csv(r.f_final) << ','
            << csv(r.gradient_norm) << ',' << r.kind << ',' << r.kind_by << ','
            << (r.index < 0 ? std::string() : std::to_string(r.index)) << ',' << csv(r.lambda_min) << ','
            << r.end_label << ',' << r.iterations << ',' << r.function_evaluations << ',' << r.gradient_evaluations
            << ',' << r.hvp_evaluations << ',' << r.saddles_escaped << ',' << csv(r.seconds) << ','
            << r.escape_applies << ',' << r.escaped << ',' << optional_count(r.escape_iteration) << ','
            << optional_count(r.escape_function_evaluations) << ',' << optional_count(r.escape_gradient_evaluations)
            << ',' << optional_count(r.escape_hvp_evaluations) << ',' << csv(r.escape_seconds) << ',' << r.solved
            << ',' << optional_count(r.solve_iteration) << ',' << optional_count(r.solve_function_evaluations) << ','
            << optional_count(r.solve_gradient_evaluations) << ',' << optional_count(r.solve_hvp_evaluations) << ','
            << csv(r.solve_seconds) << ',' << csv(r.message) << '\n';
    }
    stage(directory, "results.csv", table.str(), staged);

    // results.json: the configuration, the environment, every run and the summary.
    json document;
    document["saddle_bench"] = {{"results_format", 1}, {"saddle_version", saddle::version_string}};
    document["config"] = config_to_json(bench.config());
    document["environment"] = environment;
    json& list = document["runs"] = json::array();
    for (const auto& r : runs) {
      const auto count = [](std::int64_t v) { return v < 0 ? json(nullptr) : json(v); };
      list.push_back({{"method", r.method},
                      {"landscape", r.landscape},
                      {"landscape_name", r.landscape_name},
                      {"dimension", r.dimension},
                      {"start", r.start},
                      {"point", r.point},
                      {"seed", r.seed},
                      {"status", r.status},
                      {"message", r.message},
                      {"failed", r.failed},
                      {"f_start", number(r.f_start)},
                      {"f_saddle", number(r.f_saddle)},
                      {"f_star", number(r.f_star)},
                      {"f_final", number(r.f_final)},
                      {"gradient_norm", number(r.gradient_norm)},
                      {"kind", r.kind},
                      {"kind_by", r.kind_by},
                      {"index", r.index < 0 ? json(nullptr) : json(r.index)},
                      {"lambda_min", number(r.lambda_min)},
                      {"end_label", r.end_label},
                      {"iterations", r.iterations},
                      {"function_evaluations", r.function_evaluations},
                      {"gradient_evaluations", r.gradient_evaluations},
                      {"hvp_evaluations", r.hvp_evaluations},
                      {"saddles_escaped", r.saddles_escaped},
                      {"seconds", number(r.seconds)},
                      {"escape",
                       {{"applies", r.escape_applies},
                        {"escaped", r.escaped},
                        {"iteration", count(r.escape_iteration)},
                        {"function_evaluations", count(r.escape_function_evaluations)},
                        {"gradient_evaluations", count(r.escape_gradient_evaluations)},
                        {"hvp_evaluations", count(r.escape_hvp_evaluations)},
                        {"seconds", number(r.escape_seconds)}}},
                      {"solve",
                       {{"solved", r.solved},
                        {"iteration", count(r.solve_iteration)},
                        {"function_evaluations", count(r.solve_function_evaluations)},
                        {"gradient_evaluations", count(r.solve_gradient_evaluations)},
                        {"hvp_evaluations", count(r.solve_hvp_evaluations)},
                        {"seconds", number(r.solve_seconds)}}}});
    }
    json& cells = document["summary"] = json::array();
    for (const auto& s : summary) {
      cells.push_back({{"method", s.method},
                       {"landscape", s.landscape},
                       {"dimension", s.dimension},
                       {"start", s.start},
                       {"runs", s.runs},
                       {"failures", s.failures},
                       {"escaped", rate_json(s.escaped)},
                       {"escape_iterations", quartiles_json(s.escape_iterations)},
                       {"escape_function_evaluations", quartiles_json(s.escape_function_evaluations)},
                       {"escape_gradient_evaluations", quartiles_json(s.escape_gradient_evaluations)},
                       {"escape_hvp_evaluations", quartiles_json(s.escape_hvp_evaluations)},
                       {"escape_seconds", quartiles_json(s.escape_seconds)},
                       {"solved", rate_json(s.solved)},
                       {"solve_iterations", quartiles_json(s.solve_iterations)},
                       {"solve_function_evaluations", quartiles_json(s.solve_function_evaluations)},
                       {"solve_gradient_evaluations", quartiles_json(s.solve_gradient_evaluations)},
                       {"solve_hvp_evaluations", quartiles_json(s.solve_hvp_evaluations)},
                       {"solve_seconds", quartiles_json(s.solve_seconds)},
                       {"ends", s.ends}});
    }
    stage(directory, "results.json", document.dump(1) + "\n", staged);

    // summary.md
    std::ostringstream md;
    md << "# " << (bench.config().title.empty() ? std::string("saddle-bench summary") : bench.config().title) << "\n\n"
       << "saddle " << saddle::version_string << ", " << environment.value("date", std::string()) << ", "
       << environment.value("cpu", std::string()) << " (" << environment.value("system", std::string()) << "), "
       << environment.value("compiler", std::string()) << ", " << environment.value("build", std::string())
       << ".\n\nEscaped: f fell to halfway between the start saddle's value and f* (saddle-based starts; the others "
          "are censored and never averaged in). Solved: f - f* <= "
       << format_real(bench.config().solve_tolerance)
       << " max(1, f(x0) - f*). Costs are over the runs that escaped (solved); rates carry Wilson's 95% interval. "
          "Ended at: the method's certificate where it gives one, else classify_critical_point.\n\n"
       << summary_markdown(summary);
    stage(directory, "summary.md", md.str(), staged);

    // Two-dimensional landscapes: trajectories, labelled points and a grid of f for the contours.
    std::ostringstream paths;
    paths << "method,landscape,start,point,seed,step,x,y\n";
    bool any_path = false;
    for (const auto& r : runs) {
      for (std::size_t k = 0; k < r.path.size(); ++k) {
        any_path = true;
        paths << csv(r.method) << ',' << csv(r.landscape) << ',' << csv(r.start) << ',' << csv(r.point) << ','
              << r.seed << ',' << k << ',' << format_real(r.path[k][0]) << ',' << format_real(r.path[k][1]) << '\n';
      }
    }
    if (any_path) {
      stage(directory, "trajectories.csv", paths.str(), staged);
      std::ostringstream points;
      std::ostringstream grid;
      points << "landscape,label,kind,x,y,value\n";
      grid << "landscape,x,y,value\n";
      for (const auto& [spec, prototype] : bench.instances()) {
        const LandscapeData& data = prototype->data();
        if (data.dimension != 2) {
          continue;
        }
        for (std::size_t p = 0; p < data.critical_points.size(); ++p) {
          const auto& c = data.critical_points[p];
          points << csv(spec) << ',' << data.labels[p] << ',' << saddle::to_string(c.kind) << ','
                 << format_real(c.point[0]) << ',' << format_real(c.point[1]) << ',' << format_real(c.value) << '\n';
        }
        // The grid covers the box and every trajectory on this landscape.
        double x0 = data.box_lower[0];
        double x1 = data.box_upper[0];
        double y0 = data.box_lower[1];
        double y1 = data.box_upper[1];
        for (const auto& r : runs) {
          if (r.landscape != spec) {
            continue;
          }
          for (const auto& q : r.path) {
            if (std::isfinite(q[0]) && std::isfinite(q[1]) && std::abs(q[0]) < 1e3 && std::abs(q[1]) < 1e3) {
              x0 = std::min(x0, q[0]);
              x1 = std::max(x1, q[0]);
              y0 = std::min(y0, q[1]);
              y1 = std::max(y1, q[1]);
            }
          }
        }
        auto f = prototype->clone();
        Vec x(2);
        Vec g(2);
        constexpr int n = 121;
        for (int i = 0; i < n; ++i) {
          for (int j = 0; j < n; ++j) {
            x << x0 + (x1 - x0) * i / (n - 1), y0 + (y1 - y0) * j / (n - 1);
            grid << csv(spec) << ',' << format_real(x[0]) << ',' << format_real(x[1]) << ','
                 << format_real(f->evaluate(x, g)) << '\n';
          }
        }
      }
      stage(directory, "points.csv", points.str(), staged);
      stage(directory, "contours.csv", grid.str(), staged);
    }
    for (const auto& s : staged) {
      std::filesystem::rename(s.temporary, s.final_path);
    }
  } catch (...) {
    std::error_code error;
    for (const auto& s : staged) {
      std::filesystem::remove(s.temporary, error);
    }
    throw;
  }
}

}  // namespace saddle::bench
