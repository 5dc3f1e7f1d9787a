#include "runner.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <saddle/core/random.hpp>
#include <saddle/diagnostics/critical_point.hpp>
#include <saddle/landscapes/detail/dense_hessian.hpp>

namespace saddle::bench {

namespace {

enum class StartType { standard, saddle, near, near_stable, box };

// A start kind, parsed.
struct StartKind {
  StartType type = StartType::saddle;
  double offset = 1e-3;     // near, near_stable
  std::int64_t limit = 0;   // saddle-based kinds: the first `limit` labelled saddles (0: all)
  std::int64_t count = 1;   // box: points per seed
  double lower = std::numeric_limits<double>::quiet_NaN();  // box: overrides of the landscape's box
  double upper = std::numeric_limits<double>::quiet_NaN();
};

// The registry of start kinds: one reader per kind, so --list and parsing share it.
StartKind read_start(const Spec& spec, std::vector<OptionInfo>* declared = nullptr) {
  OptionReader o("start '" + spec.text() + "'", spec.options);
  StartKind kind;
  if (!spec.arguments.empty()) {
    throw UsageError("start '" + spec.text() + "': a start kind takes no argument in parentheses");
  }
  const auto limit = [&] {
    kind.limit = o.integer("limit", 0, "use the first `limit` labelled saddles (degenerate ones included); 0: all; >= 0");
    if (kind.limit < 0) {
      o.fail("limit", std::to_string(kind.limit), "limit >= 0");
    }
  };
  const auto offset = [&] {
    kind.offset = o.real("offset", 1e-3, "distance from the saddle; > 0");
    if (!(kind.offset > 0.0) || !std::isfinite(kind.offset)) {
      o.fail("offset", format_real(kind.offset), "0 < offset < inf");
    }
  };
  if (spec.name == "standard") {
    kind.type = StartType::standard;
  } else if (spec.name == "saddle") {
    kind.type = StartType::saddle;
    limit();
  } else if (spec.name == "near") {
    kind.type = StartType::near;
    offset();
    limit();
  } else if (spec.name == "near_stable") {
    kind.type = StartType::near_stable;
    offset();
    limit();
  } else if (spec.name == "box") {
    kind.type = StartType::box;
    kind.count = o.integer("count", 1, "points per seed; >= 1");
    kind.lower = o.real("lower", kind.lower, "every coordinate's lower end (nan: the landscape's box)");
    kind.upper = o.real("upper", kind.upper, "every coordinate's upper end (nan: the landscape's box)");
    if (kind.count < 1) {
      o.fail("count", std::to_string(kind.count), "count >= 1");
    }
    if (std::isnan(kind.lower) != std::isnan(kind.upper) ||
        (!std::isnan(kind.lower) && !(kind.lower < kind.upper && std::isfinite(kind.upper - kind.lower)))) {
      o.fail("lower/upper", format_real(kind.lower) + "/" + format_real(kind.upper),
             "both given, finite, with lower < upper");
    }
  } else {
    throw UsageError("unknown start kind '" + spec.name +
                     "' (known: " + join_alternatives({"standard", "saddle", "near", "near_stable", "box"}) + ")");
  }
  o.finish();
  if (declared != nullptr) {
    *declared = o.declared();
  }
  return kind;
}

// SplitMix64: the seeds of a run's random start from (seed, point, stream), the same on every platform.
std::uint64_t mix(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
  std::uint64_t z = seed * 0x9E3779B97F4A7C15ULL + a * 0xBF58476D1CE4E5B9ULL + b * 0x94D049BB133111EBULL + 1;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::string kind_name(saddle::CriticalPointKind kind) { return std::string(saddle::to_string(kind)); }

}  // namespace

// A start point of an instance: a base point, and what to add to it per seed.
struct StartPoint {
  std::string name;
  Vec base;
  double f_saddle = std::numeric_limits<double>::quiet_NaN();
  Eigen::MatrixXd stable;  // near_stable: an orthonormal basis of the positive eigenspace at the saddle
};

struct Bench::Instance {
  std::size_t landscape = 0;
  std::unique_ptr<Landscape> prototype;
  std::vector<StartKind> kinds;               // parsed, per start kind
  std::vector<std::vector<StartPoint>> points;  // [start kind][point]
};

std::vector<CatalogEntry> start_catalog() {
  std::vector<CatalogEntry> out;
  const std::vector<std::pair<std::string, std::string>> kinds = {
      {"standard", "the landscape's standard start points"},
      {"saddle", "exactly at each labelled saddle (the gradient is 0 there)"},
      {"near", "each labelled saddle plus offset times a uniformly random unit vector (a new one per seed)"},
      {"near_stable",
       "each labelled saddle plus offset times a random unit vector of the Hessian's positive eigenspace: along the "
       "stable manifold, where gradient descent returns to the saddle first (d <= 2000)"},
      {"box", "uniform in the landscape's box (count points per seed)"},
  };
  for (const auto& [name, summary] : kinds) {
    Spec spec;
    spec.name = name;
    CatalogEntry entry{name, summary, "", {}};
    read_start(spec, &entry.options);  // the parser itself declares the options: the catalog cannot drift
    out.push_back(std::move(entry));
  }
  return out;
}

void Config::validate() const {
  const auto need = [](bool ok, const std::string& what) {
    if (!ok) {
      throw UsageError(what);
    }
  };
  need(!methods.empty(), "no method given (--method NAME[:OPTIONS], repeatable; --list shows them)");
  need(!landscapes.empty(), "no landscape given (--landscape NAME[:OPTIONS], repeatable; --list shows them)");
  need(!starts.empty(), "no start kind given (--start KIND[:OPTIONS]; --list shows them)");
  for (const Index d : dimensions) {
    need(d >= 1, "dimensions: d = " + std::to_string(d) + ": every dimension >= 1");
  }
  need(seeds >= 1, "seeds = " + std::to_string(seeds) + ": seeds >= 1");
  need(max_iterations >= 1, "max_iterations = " + std::to_string(max_iterations) + ": max_iterations >= 1");
  need(gradient_tolerance >= 0.0 && std::isfinite(gradient_tolerance),
       "gradient_tolerance = " + format_real(gradient_tolerance) + ": 0 <= gradient_tolerance < inf");
  need(time_limit > 0.0, "time_limit = " + format_real(time_limit) + ": 0 < time_limit <= inf");
  need(solve_tolerance > 0.0 && solve_tolerance < 1.0,
       "solve_tolerance = " + format_real(solve_tolerance) + ": 0 < solve_tolerance < 1");
  need(classify_lanczos_iterations >= 2,
       "classify_lanczos_iterations = " + std::to_string(classify_lanczos_iterations) +
           ": classify_lanczos_iterations >= 2");
  need(classify_gradient_tolerance >= 0.0 && std::isfinite(classify_gradient_tolerance),
       "classify_gradient_tolerance = " + format_real(classify_gradient_tolerance) +
           ": 0 <= classify_gradient_tolerance < inf");
  need(classify_curvature_tolerance > 0.0 && std::isfinite(classify_curvature_tolerance),
       "classify_curvature_tolerance = " + format_real(classify_curvature_tolerance) +
           ": 0 < classify_curvature_tolerance < inf");
  need(label_tolerance > 0.0 && std::isfinite(label_tolerance),
       "label_tolerance = " + format_real(label_tolerance) + ": 0 < label_tolerance < inf");
}

namespace {

// The Hessian's positive eigenspace at x, from d Hessian-vector products (dense: d <= 2000).
Eigen::MatrixXd positive_eigenspace(Landscape& landscape, const Vec& x) {
  const Index d = x.size();
  const Eigen::MatrixXd h = saddle::landscapes::detail::dense_hessian<double>(
      x, [&](const Vec& at, const Vec& v, Vec& hv) { landscape.hessian_vector_product(at, v, hv); });
  const Eigen::MatrixXd symmetric = 0.5 * (h + h.transpose());
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(symmetric);
  const double scale = std::max(1.0, eigen.eigenvalues().cwiseAbs().maxCoeff());
  std::vector<Index> columns;
  for (Index i = 0; i < d; ++i) {
    if (eigen.eigenvalues()[i] > 1e-8 * scale) {
      columns.push_back(i);
    }
  }
  Eigen::MatrixXd basis(d, static_cast<Index>(columns.size()));
  for (std::size_t k = 0; k < columns.size(); ++k) {
    basis.col(static_cast<Index>(k)) = eigen.eigenvectors().col(columns[k]);
  }
  return basis;
}

}  // namespace

Bench::Bench(Config config) : config_(std::move(config)) {
  config_.validate();
  for (const auto& text : config_.starts) {
    starts_.push_back(parse_spec(text, "start"));
  }
  std::vector<StartKind> kinds;
  for (const auto& spec : starts_) {
    kinds.push_back(read_start(spec));
  }
  // Every method must build (its options validated by the library) before anything runs.
  for (const auto& text : config_.methods) {
    methods_.push_back(parse_spec(text, "method"));
    MethodContext context;
    context.stop.max_iterations = config_.max_iterations;
    context.stop.gradient_tolerance = config_.gradient_tolerance;
    context.stop.time_limit = config_.time_limit;
    (void)make_method(methods_.back(), context);
  }
  for (std::size_t l = 0; l < config_.landscapes.size(); ++l) {
    const Spec spec = parse_spec(config_.landscapes[l], "landscape");
    std::vector<Index> sizes{0};
    if (landscape_scalable(spec) && !config_.dimensions.empty()) {
      sizes = config_.dimensions;
    }
    for (const Index size : sizes) {
      auto instance = std::make_shared<Instance>();
      instance->landscape = l;
      instance->prototype = make_landscape(spec, size);
      instance->kinds = kinds;
      Landscape& f = *instance->prototype;
      const LandscapeData& data = f.data();
      for (std::size_t k = 0; k < kinds.size(); ++k) {
        std::vector<StartPoint> points;
        const StartKind& kind = kinds[k];
        if (kind.type == StartType::standard) {
          for (std::size_t s = 0; s < data.starts.size(); ++s) {
            points.push_back({"start " + std::to_string(s + 1), data.starts[s], std::numeric_limits<double>::quiet_NaN(), {}});
          }
        } else if (kind.type == StartType::box) {
          for (std::int64_t c = 0; c < kind.count; ++c) {
            points.push_back({"box " + std::to_string(c + 1), Vec(), std::numeric_limits<double>::quiet_NaN(), {}});
          }
        } else {
          for (std::size_t p = 0; p < data.critical_points.size(); ++p) {
            const auto& point = data.critical_points[p];
            if (point.kind != saddle::CriticalPointKind::strict_saddle &&
                point.kind != saddle::CriticalPointKind::degenerate) {
              continue;
            }
            if (kind.limit > 0 && static_cast<std::int64_t>(points.size()) >= kind.limit) {
              break;
            }
            StartPoint start{data.labels[p], point.point, static_cast<double>(point.value), {}};
            if (kind.type == StartType::near_stable) {
              if (data.dimension > 2000) {
                throw UsageError("start '" + starts_[k].text() + "' on landscape '" + config_.landscapes[l] +
                                 "' in d = " + std::to_string(data.dimension) +
                                 ": near_stable needs the dense Hessian, d <= 2000");
              }
              start.stable = positive_eigenspace(f, point.point);
              if (start.stable.cols() == 0) {
                continue;  // no positive curvature: no stable manifold to start on
              }
            }
            points.push_back(std::move(start));
          }
        }
        if (points.empty()) {
          notes_.push_back("landscape '" + config_.landscapes[l] + "' (d = " + std::to_string(data.dimension) +
                           ") has no " +
                           (kind.type == StartType::near_stable ? "labelled saddle with positive curvature"
                                                                : "labelled saddle") +
                           ": start '" + config_.starts[k] + "' gives it no runs");
        }
        instance->points.push_back(std::move(points));
      }
      instances_.push_back(std::move(instance));
    }
  }
  // The matrix, cell by cell: method, then landscape and dimension, then start kind; within a cell,
  // start point, then seed.
  for (std::size_t m = 0; m < methods_.size(); ++m) {
    for (std::size_t i = 0; i < instances_.size(); ++i) {
      for (std::size_t k = 0; k < starts_.size(); ++k) {
        const std::size_t cell = cells_.size();
        Cell c{m, i, k, 0};
        for (std::size_t p = 0; p < instances_[i]->points[k].size(); ++p) {
          for (std::int64_t s = 0; s < config_.seeds; ++s) {
            plans_.push_back({cell, m, i, k, p, config_.first_seed + static_cast<std::uint64_t>(s)});
            ++c.runs;
          }
        }
        cells_.push_back(c);
      }
    }
  }
}

RunRecord Bench::identify(const Plan& plan) const {
  const Instance& instance = *instances_[plan.instance];
  const LandscapeData& data = instance.prototype->data();
  const StartPoint& start = instance.points[plan.start][plan.point];
  RunRecord r;
  r.method = config_.methods[plan.method];
  r.landscape = config_.landscapes[instance.landscape];
  r.landscape_name = data.name;
  r.dimension = data.dimension;
  r.start = config_.starts[plan.start];
  r.point = start.name;
  r.seed = plan.seed;
  r.f_saddle = start.f_saddle;
  r.f_star = data.minimum_value;
  return r;
}

RunRecord Bench::run_one(const Plan& plan, Landscape& f) const {
  const Instance& instance = *instances_[plan.instance];
  const LandscapeData& data = f.data();
  const StartKind& kind = instance.kinds[plan.start];
  const StartPoint& start = instance.points[plan.start][plan.point];
  const Index d = data.dimension;
  RunRecord r = identify(plan);

  // x0: the same for every method, from (seed, point) alone.
  Vec x;
  saddle::Random random(mix(plan.seed, plan.point, static_cast<std::uint64_t>(kind.type)));
  if (kind.type == StartType::box) {
    x.resize(d);
    for (Index i = 0; i < d; ++i) {
      const double lo = std::isnan(kind.lower) ? data.box_lower[i] : kind.lower;
      const double hi = std::isnan(kind.upper) ? data.box_upper[i] : kind.upper;
      x[i] = lo + (hi - lo) * random.uniform();
    }
  } else if (kind.type == StartType::near) {
    Vec u(d);
    for (auto& ui : u) {
      ui = random.normal();
    }
    x = start.base + kind.offset / u.norm() * u;
  } else if (kind.type == StartType::near_stable) {
    Vec c(start.stable.cols());
    for (auto& ci : c) {
      ci = random.normal();
    }
    const Vec u = start.stable * c;
    x = start.base + kind.offset / u.norm() * u;
  } else {
    x = start.base;
  }

  Objective objective{&f};
  Vec g(d);
  r.f_start = f.evaluate(x, g);
  r.escape_applies = !std::isnan(start.f_saddle);
  const double f_star = data.minimum_value;
  double escape_level = -std::numeric_limits<double>::infinity();
  if (r.escape_applies) {
    const double fs = start.f_saddle;
    escape_level = std::isfinite(f_star) && f_star < fs ? fs - 0.5 * (fs - f_star) : fs - std::max(1.0, std::abs(fs));
  }
  const double solve_level = std::isfinite(f_star)
                                 ? f_star + config_.solve_tolerance * std::max(1.0, r.f_start - f_star)
                                 : -std::numeric_limits<double>::infinity();
  // Unbounded below: a run far below where it started has left for good.
  const double floor = std::isfinite(f_star) ? -std::numeric_limits<double>::infinity()
                                             : r.f_start - 1e4 * std::max(1.0, std::abs(r.f_start));
  const bool record_path = d == 2 && plan.seed == config_.first_seed;

  Callback watch = [&](const saddle::IterationInfo<double>& info) {
    if (r.escape_applies && !r.escaped && info.value <= escape_level) {
      r.escaped = true;
      r.escape_iteration = info.iteration;
      r.escape_function_evaluations = info.function_evaluations;
      r.escape_gradient_evaluations = info.gradient_evaluations;
      r.escape_hvp_evaluations = info.hvp_evaluations;
      r.escape_seconds = info.seconds;
    }
    if (!r.solved && info.value <= solve_level) {
      r.solved = true;
      r.solve_iteration = info.iteration;
      r.solve_function_evaluations = info.function_evaluations;
      r.solve_gradient_evaluations = info.gradient_evaluations;
      r.solve_hvp_evaluations = info.hvp_evaluations;
      r.solve_seconds = info.seconds;
    }
    if (record_path && (r.path.empty() || std::hypot(info.x[0] - r.path.back()[0], info.x[1] - r.path.back()[1]) >= 1e-3)) {
      r.path.push_back({info.x[0], info.x[1]});
    }
    return info.value <= floor ? saddle::ObserverAction::stop : saddle::ObserverAction::proceed;
  };

  MethodContext context;
  context.seed = plan.seed;
  context.dimension = d;
  context.stop.max_iterations = config_.max_iterations;
  context.stop.gradient_tolerance = config_.gradient_tolerance;
  context.stop.time_limit = config_.time_limit;
  saddle::Result<double> result;
  try {
    auto method = make_method(methods_[plan.method], context);
    result = method->minimize(objective, x, watch);
  } catch (const std::exception& e) {
    r.status = "error";
    r.message = e.what();
    r.failed = true;
    return r;
  }
  r.status = std::string(saddle::to_string(result.status));
  r.message = result.message;
  r.failed = result.status == saddle::Status::non_finite;
  r.f_final = result.value;
  r.gradient_norm = result.gradient_norm;
  r.iterations = result.iterations;
  r.function_evaluations = result.function_evaluations;
  r.gradient_evaluations = result.gradient_evaluations;
  r.hvp_evaluations = result.hvp_evaluations;
  r.saddles_escaped = result.saddles_escaped;
  r.seconds = result.seconds;
  if (record_path && x.size() == 2 &&
      (r.path.empty() || r.path.back()[0] != x[0] || r.path.back()[1] != x[1])) {
    r.path.push_back({x[0], x[1]});
  }
  if (r.failed) {
    return r;
  }

  // Where it ended: the method's certificate, else classify_critical_point's verdict.
  if (result.kind) {
    r.kind = kind_name(*result.kind);
    r.kind_by = "method";
    r.lambda_min = result.lambda_min ? *result.lambda_min : std::numeric_limits<double>::quiet_NaN();
    r.index = *result.kind == saddle::CriticalPointKind::minimum ? 0 : -1;
  } else if (config_.classify) {
    try {
      saddle::ClassifyOptions options;
      options.lanczos_iterations = config_.classify_lanczos_iterations;
      options.gradient_tolerance = config_.classify_gradient_tolerance;
      options.curvature_tolerance = config_.classify_curvature_tolerance;
      options.seed = plan.seed;
      const auto verdict = saddle::classify_critical_point(objective, x, options);
      r.kind = kind_name(verdict.kind);
      r.kind_by = "classify_critical_point";
      r.index = verdict.index_exact ? verdict.index : -1;
      r.lambda_min = verdict.lambda_min;
    } catch (const std::exception& e) {
      r.kind_by = "classify_critical_point";
      r.message += std::string("; classify_critical_point failed: ") + e.what();
    }
  }
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t p = 0; p < data.critical_points.size(); ++p) {
    const Vec& point = data.critical_points[p].point;
    const double distance = (x - point).norm();
    if (distance <= config_.label_tolerance * std::max(1.0, point.norm()) && distance < best) {
      best = distance;
      r.end_label = data.labels[p];
    }
  }
  return r;
}

std::vector<RunRecord> Bench::run(int jobs, const Progress& progress) const {
  std::vector<RunRecord> records(plans_.size());
  std::vector<std::size_t> remaining(cells_.size());
  for (std::size_t c = 0; c < cells_.size(); ++c) {
    remaining[c] = cells_[c].runs;
  }
  std::atomic<std::size_t> next{0};
  std::mutex lock;
  std::size_t done = 0;
  const auto worker = [&] {
    // Landscapes keep work space: each thread evaluates its own copies.
    std::vector<std::unique_ptr<Landscape>> copies(instances_.size());
    for (;;) {
      const std::size_t i = next.fetch_add(1);
      if (i >= plans_.size()) {
        return;
      }
      const Plan& plan = plans_[i];
      if (!copies[plan.instance]) {
        copies[plan.instance] = instances_[plan.instance]->prototype->clone();
      }
      try {
        records[i] = run_one(plan, *copies[plan.instance]);
      } catch (const std::exception& e) {  // anything a method did not catch: this run's failure alone
        records[i] = identify(plan);
        records[i].status = "error";
        records[i].message = e.what();
        records[i].failed = true;
      }
      const std::lock_guard<std::mutex> guard(lock);
      ++done;
      std::string finished;
      if (--remaining[plan.cell] == 0) {
        const Cell& cell = cells_[plan.cell];
        const auto& rec = records[i];
        std::ostringstream label;
        label << rec.method << " on " << rec.landscape << " (d = " << rec.dimension << "), " << rec.start << ": "
              << cell.runs << " runs";
        finished = label.str();
      }
      if (progress) {
        progress(done, plans_.size(), finished);
      }
    }
  };
  const int threads = std::max(1, std::min<int>(jobs, static_cast<int>(std::max<std::size_t>(1, plans_.size()))));
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back(worker);
    }
    for (auto& t : pool) {
      t.join();
    }
  }
  return records;
}

std::vector<std::pair<std::string, const Landscape*>> Bench::instances() const {
  std::vector<std::pair<std::string, const Landscape*>> out;
  for (const auto& instance : instances_) {
    out.emplace_back(config_.landscapes[instance->landscape], instance->prototype.get());
  }
  return out;
}

Rate wilson(std::size_t successes, std::size_t trials) {
  Rate rate;
  rate.successes = successes;
  rate.trials = trials;
  if (trials == 0) {
    return rate;
  }
  const double z = 1.959963984540054;  // the 97.5 % normal quantile
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2n = z * z / n;
  const double center = (p + z2n / 2.0) / (1.0 + z2n);
  const double half = z / (1.0 + z2n) * std::sqrt(p * (1.0 - p) / n + z2n / (4.0 * n));
  rate.low = std::max(0.0, center - half);
  rate.high = std::min(1.0, center + half);
  // The interval's ends are exact at p = 0 and p = 1.
  if (successes == 0) {
    rate.low = 0.0;
  }
  if (successes == trials) {
    rate.high = 1.0;
  }
  return rate;
}

Quartiles quartiles(std::vector<double> values) {
  Quartiles q;
  q.count = values.size();
  if (values.empty()) {
    return q;
  }
  std::sort(values.begin(), values.end());
  // Type 7 (numpy's default): linear interpolation at (n - 1) p.
  const auto at = [&](double p) {
    const double h = static_cast<double>(values.size() - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
  };
  q.q1 = at(0.25);
  q.median = at(0.5);
  q.q3 = at(0.75);
  return q;
}

std::vector<CellSummary> Bench::summarize(const std::vector<RunRecord>& runs) const {
  std::vector<CellSummary> out;
  std::vector<std::vector<const RunRecord*>> members(cells_.size());
  for (std::size_t i = 0; i < plans_.size() && i < runs.size(); ++i) {
    members[plans_[i].cell].push_back(&runs[i]);
  }
  for (std::size_t c = 0; c < cells_.size(); ++c) {
    const Cell& cell = cells_[c];
    CellSummary s;
    s.method = config_.methods[cell.method];
    const Instance& instance = *instances_[cell.instance];
    s.landscape = config_.landscapes[instance.landscape];
    s.dimension = instance.prototype->data().dimension;
    s.start = config_.starts[cell.start];
    std::size_t escape_trials = 0;
    std::size_t escapes = 0;
    std::size_t solves = 0;
    std::vector<double> e_it, e_f, e_g, e_hv, e_s, s_it, s_f, s_g, s_hv, s_s;
    std::map<std::string, std::size_t> ends;
    for (const RunRecord* r : members[c]) {
      ++s.runs;
      s.failures += r->failed ? 1 : 0;
      ++ends[r->failed ? "failed (" + r->status + ")" : (r->kind.empty() ? "unclassified" : r->kind)];
      if (r->escape_applies) {
        ++escape_trials;
        if (r->escaped) {
          ++escapes;
          e_it.push_back(static_cast<double>(r->escape_iteration));
          e_f.push_back(static_cast<double>(r->escape_function_evaluations));
          e_g.push_back(static_cast<double>(r->escape_gradient_evaluations));
          e_hv.push_back(static_cast<double>(r->escape_hvp_evaluations));
          e_s.push_back(r->escape_seconds);
        }
      }
      if (r->solved) {
        ++solves;
        s_it.push_back(static_cast<double>(r->solve_iteration));
        s_f.push_back(static_cast<double>(r->solve_function_evaluations));
        s_g.push_back(static_cast<double>(r->solve_gradient_evaluations));
        s_hv.push_back(static_cast<double>(r->solve_hvp_evaluations));
        s_s.push_back(r->solve_seconds);
      }
    }
    s.escaped = wilson(escapes, escape_trials);
    s.escape_iterations = quartiles(e_it);
    s.escape_function_evaluations = quartiles(e_f);
    s.escape_gradient_evaluations = quartiles(e_g);
    s.escape_hvp_evaluations = quartiles(e_hv);
    s.escape_seconds = quartiles(e_s);
    // Unbounded landscapes have nothing to solve: no trials.
    s.solved = wilson(solves, std::isfinite(instance.prototype->data().minimum_value) ? s.runs : 0);
    s.solve_iterations = quartiles(s_it);
    s.solve_function_evaluations = quartiles(s_f);
    s.solve_gradient_evaluations = quartiles(s_g);
    s.solve_hvp_evaluations = quartiles(s_hv);
    s.solve_seconds = quartiles(s_s);
    std::vector<std::pair<std::string, std::size_t>> sorted(ends.begin(), ends.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (std::size_t k = 0; k < sorted.size(); ++k) {
      if (k > 0) {
        s.ends += ", ";
      }
      s.ends += sorted[k].first + " " + std::to_string(sorted[k].second);
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace saddle::bench
