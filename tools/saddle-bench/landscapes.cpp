// saddle-bench's landscape registry: one entry per synthetic landscape of the library (name, one-line
// summary, whether it takes its size from the dimensions axis, and a factory). A factory reads every
// option of its landscape through an OptionReader — unconditionally, with its default and a help text
// stating the range — so calling it with no options (catalog mode) also documents it for --list. It
// then checks the ranges the library cannot know (d against r, m against d, ...), builds the library
// landscape and erases its type: Model<L> is the one instantiation per landscape type, and everything
// the runner needs besides f and Hv (starts, labels, the `box` start kind's box) is computed once by
// non-template code and shared by clones. The library's own validation (std::invalid_argument) comes
// back as a UsageError prefixed with the spec: "landscape 'rosenbrock:form=pairs': saddle::...".
#include "landscapes.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <saddle/landscapes/beale.hpp>
#include <saddle/landscapes/deep_linear_network.hpp>
#include <saddle/landscapes/extended_powell_singular.hpp>
#include <saddle/landscapes/helical_valley.hpp>
#include <saddle/landscapes/himmelblau.hpp>
#include <saddle/landscapes/householder.hpp>
#include <saddle/landscapes/matrix_factorization.hpp>
#include <saddle/landscapes/monkey_saddle.hpp>
#include <saddle/landscapes/orthogonal_quartic.hpp>
#include <saddle/landscapes/quadratic.hpp>
#include <saddle/landscapes/rosenbrock.hpp>
#include <saddle/landscapes/rotated.hpp>
#include <saddle/landscapes/scalar_deep_linear.hpp>
#include <saddle/landscapes/strict_saddle_quartic.hpp>
#include <saddle/landscapes/styblinski_tang.hpp>
#include <saddle/landscapes/three_hump_camel.hpp>
#include <saddle/landscapes/wood.hpp>

namespace saddle::bench {

namespace {

namespace ls = saddle::landscapes;

// ---- Type erasure -----------------------------------------------------------------------------

// The `box` start kind's box: a conventional search cube [lower, upper]^d, or (nullopt) the bounding
// box of the starts and labelled critical points, widened on each side by half its width in that
// coordinate (at least 1).
struct Cube {
  double lower;
  double upper;
};
using Box = std::optional<Cube>;

// The runner's metadata of a landscape, from the library's (non-template: every landscape here is a
// LandscapeInfo<double>).
LandscapeData describe(const ls::LandscapeInfo<double>& info, const Box& box) {
  LandscapeData data;
  data.name = info.name();
  data.dimension = info.dimension();
  data.starts = info.start_points();
  data.critical_points = info.critical_points();
  data.minimum_value = info.minimum_value();
  // M1, M2, ... (minima), S1, ... (strict saddles), D1, ... (degenerate), X1, ... (maxima).
  int minima = 0;
  int saddles = 0;
  int degenerate = 0;
  int maxima = 0;
  data.labels.reserve(data.critical_points.size());
  for (const auto& p : data.critical_points) {
    switch (p.kind) {
      case CriticalPointKind::minimum: data.labels.push_back("M" + std::to_string(++minima)); break;
      case CriticalPointKind::strict_saddle: data.labels.push_back("S" + std::to_string(++saddles)); break;
      case CriticalPointKind::degenerate: data.labels.push_back("D" + std::to_string(++degenerate)); break;
      case CriticalPointKind::maximum: data.labels.push_back("X" + std::to_string(++maxima)); break;
      case CriticalPointKind::not_critical: data.labels.push_back("?" + std::to_string(data.labels.size() + 1)); break;
    }
  }
  const Index n = data.dimension;
  if (box) {
    data.box_lower = Vec::Constant(n, box->lower);
    data.box_upper = Vec::Constant(n, box->upper);
    return data;
  }
  data.box_lower = Vec::Constant(n, std::numeric_limits<double>::infinity());
  data.box_upper = Vec::Constant(n, -std::numeric_limits<double>::infinity());
  const auto include = [&](const Vec& p) {
    data.box_lower = data.box_lower.cwiseMin(p);
    data.box_upper = data.box_upper.cwiseMax(p);
  };
  for (const auto& s : data.starts) {
    include(s);
  }
  for (const auto& p : data.critical_points) {
    include(p.point);
  }
  for (Index i = 0; i < n; ++i) {
    const double margin = std::max(0.5 * (data.box_upper[i] - data.box_lower[i]), 1.0);
    data.box_lower[i] -= margin;
    data.box_upper[i] += margin;
  }
  return data;
}

// L without its starts and labels (LandscapeData holds them once): f and Hv never read them, and a
// clone per thread then copies only what evaluation needs (labels can be tens of MiB).
template <class L>
struct Bare : L {
  explicit Bare(L&& landscape) : L(std::move(landscape)) {
    this->start_points_ = {};
    this->critical_points_ = {};
  }
};

// A library landscape behind the runner's interface.
template <class L>
class Model final : public Landscape {
 public:
  Model(L landscape, std::shared_ptr<const LandscapeData> data)
      : Landscape(std::move(data)), landscape_(std::move(landscape)) {}

  [[nodiscard]] std::unique_ptr<Landscape> clone() const override { return std::make_unique<Model>(*this); }
  double evaluate(const Vec& x, Vec& g) override { return landscape_(x, g); }
  void hessian_vector_product(const Vec& x, const Vec& v, Vec& hv) override {
    landscape_.hessian_vector_product(x, v, hv);
  }

 private:
  Bare<L> landscape_;
};

template <class L>
std::unique_ptr<Landscape> erase(L landscape, const Box& box = std::nullopt) {
  auto data = std::make_shared<const LandscapeData>(describe(landscape, box));
  return std::make_unique<Model<L>>(std::move(landscape), std::move(data));
}

// A runner landscape seen as a library landscape (the Landscape concept), so that one instantiation,
// Rotated<Erased>, rotates every landscape. Copies clone.
class Erased {
 public:
  explicit Erased(std::unique_ptr<Landscape> landscape) : landscape_(std::move(landscape)) {}
  Erased(const Erased& other) : landscape_(other.landscape_->clone()) {}
  Erased(Erased&&) noexcept = default;
  Erased& operator=(const Erased& other) {
    landscape_ = other.landscape_->clone();
    return *this;
  }
  Erased& operator=(Erased&&) noexcept = default;
  ~Erased() = default;

  // const as Rotated calls them; the work space they touch is the wrapped object's own.
  double operator()(const Vec& x, Vec& g) const { return landscape_->evaluate(x, g); }
  void hessian_vector_product(const Vec& x, const Vec& v, Vec& hv) const {
    landscape_->hessian_vector_product(x, v, hv);
  }

  [[nodiscard]] const std::string& name() const { return data().name; }
  [[nodiscard]] Index dimension() const { return data().dimension; }
  [[nodiscard]] const Vec& start_point() const { return data().starts.front(); }
  [[nodiscard]] const std::vector<Vec>& start_points() const { return data().starts; }
  [[nodiscard]] const std::vector<ls::LabelledPoint<double>>& critical_points() const { return data().critical_points; }
  [[nodiscard]] double minimum_value() const { return data().minimum_value; }

 private:
  [[nodiscard]] const LandscapeData& data() const { return landscape_->data(); }
  std::unique_ptr<Landscape> landscape_;
};

static_assert(ls::Landscape<Erased, double>);

// ---- Shared option readers --------------------------------------------------------------------

std::uint64_t read_seed(OptionReader& options, const std::string& help) {
  const std::int64_t seed = options.integer("seed", 0, help + ", >= 0");
  if (seed < 0) {
    options.fail("seed", std::to_string(seed), "expected seed >= 0");
  }
  return static_cast<std::uint64_t>(seed);
}

int read_reflections(OptionReader& options) {
  const std::int64_t k = options.integer("reflections", 3, "Householder reflections in Q, >= 0 (0: Q = I)");
  if (k < 0 || k > std::numeric_limits<int>::max()) {
    options.fail("reflections", std::to_string(k),
                 "expected 0 <= reflections <= " + std::to_string(std::numeric_limits<int>::max()));
  }
  return static_cast<int>(k);
}

// "0 < key < inf" for reals that must be positive and finite.
void require_positive(const OptionReader& options, const std::string& key, double value) {
  if (!(value > 0.0 && value < std::numeric_limits<double>::infinity())) {
    options.fail(key, format_real(value), "expected 0 < " + key + " < inf");
  }
}

// ---- Factories ----------------------------------------------------------------------------------

// Each reads every option of its landscape (then finish()), checks what the library cannot (ranges
// against the dimension) and builds it. `dimension` is only read by scalable landscapes (never 0 for
// them), `arguments` only by wrappers (exactly one for them).
using Arguments = std::vector<Spec>;

// The fixed-size landscapes without options.
template <class L>
std::unique_ptr<Landscape> make_fixed(OptionReader& options, const Arguments&, Index, const Box& box) {
  options.finish();
  return erase(L(), box);
}

std::unique_ptr<Landscape> make_himmelblau(OptionReader& o, const Arguments& a, Index d) {
  return make_fixed<ls::Himmelblau<double>>(o, a, d, Cube{-5, 5});
}
std::unique_ptr<Landscape> make_beale(OptionReader& o, const Arguments& a, Index d) {
  return make_fixed<ls::Beale<double>>(o, a, d, Cube{-4.5, 4.5});
}
std::unique_ptr<Landscape> make_three_hump_camel(OptionReader& o, const Arguments& a, Index d) {
  return make_fixed<ls::ThreeHumpCamel<double>>(o, a, d, Cube{-5, 5});
}
std::unique_ptr<Landscape> make_monkey_saddle(OptionReader& o, const Arguments& a, Index d) {
  return make_fixed<ls::MonkeySaddle<double>>(o, a, d, std::nullopt);
}
std::unique_ptr<Landscape> make_confined_monkey_saddle(OptionReader& o, const Arguments& a, Index d) {
  return make_fixed<ls::ConfinedMonkeySaddle<double>>(o, a, d, std::nullopt);
}
std::unique_ptr<Landscape> make_helical_valley(OptionReader& o, const Arguments& a, Index d) {
  return make_fixed<ls::HelicalValley<double>>(o, a, d, std::nullopt);
}
std::unique_ptr<Landscape> make_wood(OptionReader& o, const Arguments& a, Index d) {
  return make_fixed<ls::Wood<double>>(o, a, d, std::nullopt);
}

std::unique_ptr<Landscape> make_x2_minus_y2(OptionReader& options, const Arguments&, Index) {
  options.finish();
  return erase(ls::x2_minus_y2<double>());
}

// Not scalable: the eigenvalues fix the size (a dimensions axis would contradict them).
std::unique_ptr<Landscape> make_quadratic(OptionReader& options, const Arguments&, Index) {
  const auto eigenvalues =
      options.reals("eigenvalues", {10, -2}, "lambda_i, each finite and != 0; their number is the dimension");
  options.finish();
  Vec lambda = Eigen::Map<const Vec>(eigenvalues.data(), static_cast<Index>(eigenvalues.size()));
  return erase(ls::Quadratic<double>(std::move(lambda)));
}

std::unique_ptr<Landscape> make_ill_conditioned_quadratic(OptionReader& options, const Arguments&, Index n) {
  const double condition = options.real("condition", 100, "condition number, 1 <= condition < inf");
  options.finish();
  return erase(ls::ill_conditioned_quadratic<double>(n, condition));
}

std::unique_ptr<Landscape> make_rosenbrock(OptionReader& options, const Arguments&, Index n) {
  const std::string form =
      options.choice("form", "chained", {"chained", "pairs"}, "chained: scipy's rosen; pairs: MGH #21, n even");
  options.finish();
  return erase(ls::Rosenbrock<double>(n, form == "pairs" ? ls::RosenbrockForm::pairs : ls::RosenbrockForm::chained),
               Cube{-2, 2});
}

std::unique_ptr<Landscape> make_styblinski_tang(OptionReader& options, const Arguments&, Index d) {
  options.finish();
  return erase(ls::StyblinskiTang<double>(d), Cube{-5, 5});
}

std::unique_ptr<Landscape> make_extended_powell_singular(OptionReader& options, const Arguments&, Index n) {
  options.finish();
  return erase(ls::ExtendedPowellSingular<double>(n), Cube{-4, 5});
}

// Eigenvalues -gamma (m - i) / m for i < m (distinct), then d - m spaced linearly from mu to L.
std::unique_ptr<Landscape> make_strict_saddle_quartic(OptionReader& options, const Arguments&, Index d) {
  const std::int64_t m =
      options.integer("negatives", 1, "m negative eigenvalues -gamma (m - i) / m, i = 0..m-1 (distinct), 0 <= m <= d");
  const double gamma = options.real("gamma", 1, "the most negative eigenvalue is -gamma, 0 < gamma < inf");
  const double mu = options.real("mu", 1, "smallest positive eigenvalue, 0 < mu <= L");
  const double largest =
      options.real("L", 1, "largest positive eigenvalue (the d - m spaced linearly from mu), mu <= L < inf");
  options.finish();
  if (m < 0 || m > d) {
    options.fail("negatives", std::to_string(m), "expected 0 <= negatives <= d = " + std::to_string(d));
  }
  require_positive(options, "gamma", gamma);
  require_positive(options, "mu", mu);
  if (!(largest >= mu && largest < std::numeric_limits<double>::infinity())) {
    options.fail("L", format_real(largest), "expected mu <= L < inf (mu = " + format_real(mu) + ")");
  }
  Vec lambda(d);
  for (Index i = 0; i < m; ++i) {
    lambda[i] = -gamma * static_cast<double>(m - i) / static_cast<double>(m);
  }
  const Index positives = d - m;
  for (Index j = 0; j < positives; ++j) {
    const double t = positives == 1 ? 0.0 : static_cast<double>(j) / static_cast<double>(positives - 1);
    lambda[m + j] = mu + (largest - mu) * t;
  }
  return erase(ls::StrictSaddleQuartic<double>(std::move(lambda)));
}

std::unique_ptr<Landscape> make_orthogonal_quartic(OptionReader& options, const Arguments&, Index d) {
  const double mu = options.real("mu", 2, "penalty weight, 1 < mu < inf");
  const std::uint64_t seed = read_seed(options, "seed of Q's Householder vectors");
  const int reflections = read_reflections(options);
  options.finish();
  return erase(ls::OrthogonalQuartic<double>(d, mu, seed, reflections));
}

// The dimension is d = n r (U is n x r, flattened), so r must divide it.
std::unique_ptr<Landscape> make_matrix_factorization(OptionReader& options, const Arguments&, Index d) {
  const std::int64_t r = options.integer("r", 2, "rank of U (n x r, d = n r), 1 <= r <= n; r divides d");
  const std::uint64_t seed = read_seed(options, "seed of M's eigenvectors and of the start");
  options.finish();
  if (r < 1) {
    options.fail("r", std::to_string(r), "expected r >= 1");
  }
  if (d % r != 0) {
    options.fail("r", std::to_string(r),
                 "expected a divisor of the dimension d = " + std::to_string(d) + " (d = n r for U n x r)");
  }
  const Index n = d / r;
  if (r > n) {
    options.fail("r", std::to_string(r),
                 "expected r <= n = d / r (d = " + std::to_string(d) + " gives n = " + std::to_string(n) + ")");
  }
  return erase(ls::random_matrix_factorization<double>(n, r, seed));
}

// Not scalable: the widths fix the size (sum of n_l n_{l-1}).
std::unique_ptr<Landscape> make_deep_linear(OptionReader& options, const Arguments&, Index) {
  const auto widths =
      options.integers("widths", {3, 2, 3}, "n_0 (inputs), the hidden widths, n_L (outputs): >= 3 of them, each >= 1");
  const auto singular_values = options.reals(
      "singular_values", {3, 2}, "the teacher's singular values: 1 to min(n_0, n_L) of them, each >= 0, not all 0");
  const std::uint64_t seed = read_seed(options, "seed of the teacher's modes and of the start");
  const double init_scale =
      options.real("init_scale", 1e-3, "scale of the standard normal start weights, 0 <= init_scale < inf");
  options.finish();
  return erase(ls::random_deep_linear_network<double>(std::vector<Index>(widths.begin(), widths.end()), singular_values,
                                                      seed, init_scale));
}

std::unique_ptr<Landscape> make_scalar_deep_linear(OptionReader& options, const Arguments&, Index k) {
  const double s = options.real("s", 1, "target of the product w_1 ... w_k, finite and != 0");
  options.finish();
  return erase(ls::ScalarDeepLinear<double>(k, s));
}

// The argument is built at the same dimension; Rotated<Erased> serves every argument.
std::unique_ptr<Landscape> make_rotated(OptionReader& options, const Arguments& arguments, Index dimension) {
  const int reflections = read_reflections(options);
  const std::uint64_t seed = read_seed(options, "seed of Q's Householder vectors");
  options.finish();
  Erased inner(make_landscape(arguments.front(), dimension));
  const Index n = inner.dimension();
  return erase(ls::Rotated<Erased>(std::move(inner), ls::Householder<double>(n, reflections, seed)));
}

// ---- The registry -----------------------------------------------------------------------------

using Factory = std::unique_ptr<Landscape> (*)(OptionReader& options, const Arguments& arguments, Index dimension);

struct Entry {
  std::string name;
  bool scalable = false;        // wrappers: decided by their argument
  Index default_dimension = 0;  // scalable ones: the size for dimension 0
  std::string argument;         // "" or "a landscape"
  std::string summary;          // one line, the box included
  Factory factory = nullptr;
};

// Every landscape, in the order --list prints them. "box: fitted" is the bounding box of the starts
// and labelled critical points, widened (see Box).
const std::vector<Entry>& registry() {
  static const std::vector<Entry> entries{
      {"himmelblau", false, 0, "", "Himmelblau's function (2-D): 4 minima, 4 saddles, 1 maximum; box [-5, 5]^2",
       make_himmelblau},
      {"beale", false, 0, "", "Beale (MGH #5, 2-D): a narrow curved valley, minimum 0 at (3, 0.5); box [-4.5, 4.5]^2",
       make_beale},
      {"three_hump_camel", false, 0, "",
       "three-hump camel (2-D): 3 minima (global at 0) and 2 saddles between them; box [-5, 5]^2",
       make_three_hump_camel},
      {"monkey_saddle", false, 0, "",
       "monkey saddle x^3 - 3xy^2 (2-D): a degenerate saddle (zero Hessian), unbounded below; box: fitted",
       make_monkey_saddle},
      {"confined_monkey_saddle", false, 0, "",
       "monkey saddle + (x^2 + y^2)^2 (2-D): a degenerate saddle among 3 minima; box: fitted",
       make_confined_monkey_saddle},
      {"helical_valley", false, 0, "",
       "helical valley (MGH #7, 3-D): a valley winding around the x3 axis, minimum 0 at (1, 0, 0); box: fitted",
       make_helical_valley},
      {"wood", false, 0, "",
       "Wood (MGH #14, 4-D): two coupled Rosenbrock valleys, minimum 0 at (1, 1, 1, 1); box: fitted", make_wood},
      {"x2_minus_y2", false, 0, "", "x^2 - y^2 (2-D): the textbook strict saddle, unbounded below; box: fitted",
       make_x2_minus_y2},
      {"quadratic", false, 0, "",
       "1/2 sum lambda_i x_i^2, dimension = number of eigenvalues: a minimum, saddle or maximum at 0; box: fitted",
       make_quadratic},
      {"ill_conditioned_quadratic", true, 10, "",
       "convex quadratic, eigenvalues geometric from 1 to condition (scalable, default n = 10); box: fitted",
       make_ill_conditioned_quadratic},
      {"rosenbrock", true, 2, "", "Rosenbrock (scalable, default n = 2): a curved valley to (1, ..., 1); box [-2, 2]^n",
       make_rosenbrock},
      {"styblinski_tang", true, 2, "",
       "Styblinski-Tang (scalable, default d = 2): 3^d critical points, 2^d of them minima; box [-5, 5]^d",
       make_styblinski_tang},
      {"extended_powell_singular", true, 4, "",
       "extended Powell singular (MGH #22; scalable, n = 4k, default 4): a singular minimum at 0; box [-4, 5]^n",
       make_extended_powell_singular},
      {"strict_saddle_quartic", true, 10, "",
       "1/2 x^T diag(lambda) x + 1/4 |x|^4 (scalable, default d = 10): a saddle at 0 with m escape directions; "
       "box: fitted",
       make_strict_saddle_quartic},
      {"orthogonal_quartic", true, 4, "",
       "-1/4 sum (q_i^T u)^4 + mu/4 (|u|^2 - 1)^2 (scalable, default d = 4): 3^d critical points; box: fitted",
       make_orthogonal_quartic},
      {"matrix_factorization", true, 8, "",
       "1/4 |U U^T - M|_F^2, U n x r, M's eigenvalues n..1 (scalable: d = n r, default 8); box: fitted",
       make_matrix_factorization},
      {"deep_linear", false, 0, "",
       "deep linear network 1/2 |T - W_L ... W_1|_F^2 (Saxe et al.; dimension from the widths); box: fitted",
       make_deep_linear},
      {"scalar_deep_linear", true, 2, "",
       "1/2 (s - w_1 ... w_k)^2 (scalable: k = dimension >= 2, default 2): a saddle at 0; box: fitted",
       make_scalar_deep_linear},
      {"rotated", false, 0, "a landscape",
       "f(Q^T x) for a seeded Householder product Q (scalable iff its argument is); box: fitted to the rotated points",
       make_rotated},
  };
  return entries;
}

const Entry& find(const Spec& spec) {
  for (const auto& entry : registry()) {
    if (entry.name == spec.name) {
      return entry;
    }
  }
  std::string known;
  for (const auto& entry : registry()) {
    if (!known.empty()) {
      known += ", ";
    }
    known += entry.name;
  }
  throw UsageError("unknown landscape '" + spec.name + "' (known: " + known + ")");
}

// A wrapper needs its argument, any other landscape takes none.
void check_arguments(const Entry& entry, const Spec& spec) {
  if (!entry.argument.empty() && spec.arguments.size() != 1) {
    throw UsageError("landscape '" + spec.text() + "': " + entry.name + " wraps " + entry.argument + " (e.g. " +
                     entry.name + "(himmelblau))");
  }
  if (entry.argument.empty() && !spec.arguments.empty()) {
    throw UsageError("landscape '" + spec.text() + "': " + entry.name + " takes no argument in parentheses");
  }
}

}  // namespace

std::unique_ptr<Landscape> make_landscape(const Spec& spec, Index dimension) {
  const Entry& entry = find(spec);
  check_arguments(entry, spec);
  const std::string owner = "landscape '" + spec.text() + "'";
  if (dimension < 0) {
    throw UsageError(owner + ": dimension = " + std::to_string(dimension) + ": expected >= 0 (0: the default)");
  }
  // d= fixes a scalable landscape's dimension, whatever the dimensions axis asks.
  std::vector<std::pair<std::string, std::string>> given = spec.options;
  const auto fixed = std::find_if(given.begin(), given.end(), [](const auto& kv) { return kv.first == "d"; });
  if (fixed != given.end()) {
    if (!entry.argument.empty() || !entry.scalable) {
      throw UsageError(owner + ": d = " + fixed->second + ": " + entry.name +
                       (entry.argument.empty() ? " has a fixed dimension" : " takes d= on the landscape it wraps"));
    }
    const std::int64_t d = parse_integer(fixed->second, owner + ": d");
    if (d < 1) {
      throw UsageError(owner + ": d = " + fixed->second + ": d >= 1");
    }
    dimension = static_cast<Index>(d);
    given.erase(fixed);
  }
  if (entry.scalable && dimension == 0) {
    dimension = entry.default_dimension;
  }
  OptionReader options(owner, given);
  try {
    return entry.factory(options, spec.arguments, dimension);
  } catch (const std::invalid_argument& e) {
    throw UsageError(owner + ": " + e.what());
  } catch (const std::bad_alloc&) {
    throw UsageError(owner + ": out of memory building it (dimension " + std::to_string(dimension) + ")");
  }
}

bool landscape_scalable(const Spec& spec) {
  const Entry& entry = find(spec);
  check_arguments(entry, spec);
  if (std::any_of(spec.options.begin(), spec.options.end(), [](const auto& kv) { return kv.first == "d"; })) {
    return false;  // its dimension is fixed by d=
  }
  return entry.argument.empty() ? entry.scalable : landscape_scalable(spec.arguments.front());
}

std::vector<CatalogEntry> landscape_catalog() {
  std::vector<CatalogEntry> out;
  const Spec example = parse_spec("himmelblau", "landscape");
  for (const auto& entry : registry()) {
    // Catalog mode: no options, so each factory declares every option with its default.
    OptionReader options(entry.name, {});
    const std::vector<Spec> arguments = entry.argument.empty() ? std::vector<Spec>{} : std::vector<Spec>{example};
    (void)entry.factory(options, arguments, entry.scalable ? entry.default_dimension : 0);
    std::vector<OptionInfo> declared = options.declared();
    if (entry.scalable) {
      declared.insert(declared.begin(), OptionInfo{"d", "integer", std::to_string(entry.default_dimension),
                                                   "the dimension, >= 1 (given: the dimensions axis passes it by)"});
    }
    out.push_back({entry.name, entry.summary, entry.argument, std::move(declared)});
  }
  return out;
}

}  // namespace saddle::bench
