// saddle-bench's method registry: one registration per optimizer of the library (name, one-line
// summary, what it wraps, factory). A factory reads every option of its method through the
// OptionReader — unconditionally, with the default of the library's default-constructed options — so
// run with no options it is also the method's entry in --list, and then builds the library object,
// whose own validation rejects bad values (rethrown as UsageError, prefixed with the spec).
//
// Compile time: each library method is instantiated once, on Objective& and Callback&. Composition
// goes through two erased types — AnyStepper (what perturbed/noisy/clipped wrap and first_order runs)
// and AnyMinimizer (what guarded wraps) — so nesting specs costs no new instantiation.
//
// Stopping: the outermost spec reads max_iterations and gradient_tolerance (defaults: the run's;
// gradient_tolerance 0 for pgd, pagd and anything around perturbed(...), whose small gradient is the
// signal to perturb), the rest of MethodContext::stop is kept as is. A wrapped spec takes no stopping
// options: the legs of guarded(...) run with guarded's. Every seed (perturbations, noise, Lanczos
// start vectors) is MethodContext::seed; the noise of noisy(...) a stream derived from it.
#include "methods.hpp"

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <saddle/core/minimize.hpp>
#include <saddle/escape/cubic_regularization.hpp>
#include <saddle/escape/curvature_step.hpp>
#include <saddle/escape/negative_curvature_descent.hpp>
#include <saddle/escape/perturbed.hpp>
#include <saddle/escape/perturbed_accelerated_gradient_descent.hpp>
#include <saddle/escape/perturbed_gradient_descent.hpp>
#include <saddle/escape/saddle_free_newton.hpp>
#include <saddle/escape/saddle_guard.hpp>
#include <saddle/first_order/adam.hpp>
#include <saddle/first_order/adamw.hpp>
#include <saddle/first_order/gradient_descent.hpp>
#include <saddle/first_order/rmsprop.hpp>
#include <saddle/first_order/sgd.hpp>
#include <saddle/second_order/armijo.hpp>
#include <saddle/second_order/hessian_vector.hpp>
#include <saddle/second_order/lbfgs.hpp>
#include <saddle/second_order/more_thuente.hpp>
#include <saddle/second_order/newton_cg.hpp>
#include <saddle/second_order/trust_region.hpp>
#include <saddle/transforms/chain.hpp>
#include <saddle/transforms/clip.hpp>
#include <saddle/transforms/noise.hpp>

namespace saddle::bench {

namespace {

// ---------------------------------------------------------------------------------------------
// Type erasure
// ---------------------------------------------------------------------------------------------

// Any stepper on double, as a copyable value (copies clone the stepper with its state): what the
// stepper wrappers wrap and first_order runs. It forwards step, step_scaled (so chain's fused
// clipping applies to the steppers that have it), lr, set_lr and reset.
class AnyStepper {
 public:
  using scalar_type = double;

  template <class T, class... Args>
  static AnyStepper make(Args&&... args) {
    AnyStepper out;
    out.self_ = std::make_unique<Model<T>>(std::forward<Args>(args)...);
    return out;
  }

  AnyStepper(const AnyStepper& other) : self_(other.self_->clone()) {}
  AnyStepper(AnyStepper&&) noexcept = default;
  AnyStepper& operator=(const AnyStepper& other) {
    if (this != &other) {
      self_ = other.self_->clone();
    }
    return *this;
  }
  AnyStepper& operator=(AnyStepper&&) noexcept = default;
  ~AnyStepper() = default;

  StepStatus step(Eigen::Ref<Vec> x, const Eigen::Ref<const Vec>& g) { return self_->step(x, g); }
  StepStatus step_scaled(Eigen::Ref<Vec> x, const Eigen::Ref<const Vec>& g, double scale,
                         bool finite_checked = false) {
    return self_->step_scaled(x, g, scale, finite_checked);
  }
  [[nodiscard]] double lr() const { return self_->lr(); }
  void set_lr(double lr) { self_->set_lr(lr); }
  void reset() { self_->reset(); }

 private:
  AnyStepper() = default;

  struct Concept {
    virtual ~Concept() = default;
    [[nodiscard]] virtual std::unique_ptr<Concept> clone() const = 0;
    virtual StepStatus step(Eigen::Ref<Vec> x, const Eigen::Ref<const Vec>& g) = 0;
    virtual StepStatus step_scaled(Eigen::Ref<Vec> x, const Eigen::Ref<const Vec>& g, double scale,
                                   bool finite_checked) = 0;
    [[nodiscard]] virtual double lr() const = 0;
    virtual void set_lr(double lr) = 0;
    virtual void reset() = 0;
  };

  template <class T>
  struct Model final : Concept {
    template <class... Args>
    explicit Model(Args&&... args) : stepper(std::forward<Args>(args)...) {}

    [[nodiscard]] std::unique_ptr<Concept> clone() const override { return std::make_unique<Model>(*this); }
    StepStatus step(Eigen::Ref<Vec> x, const Eigen::Ref<const Vec>& g) override { return stepper.step(x, g); }
    StepStatus step_scaled(Eigen::Ref<Vec> x, const Eigen::Ref<const Vec>& g, double scale,
                           bool finite_checked) override {
      if constexpr (ScaledStepper<T, double>) {
        return stepper.step_scaled(x, g, scale, finite_checked);
      } else {
        // A wrapper without a fused form: the scaled gradient is what it sees.
        if (scale == 1.0) {
          return stepper.step(x, g);
        }
        scratch = g * scale;
        return stepper.step(x, scratch);
      }
    }
    [[nodiscard]] double lr() const override {
      if constexpr (HasLearningRate<T>) {
        return stepper.lr();
      } else {
        return std::numeric_limits<double>::quiet_NaN();
      }
    }
    void set_lr(double lr) override {
      if constexpr (LearningRateSettable<T>) {
        stepper.set_lr(lr);
      }
    }
    void reset() override {
      if constexpr (requires { stepper.reset(); }) {
        stepper.reset();
      }
    }

    T stepper;
    Vec scratch;
  };

  std::unique_ptr<Concept> self_;
};

static_assert(Stepper<AnyStepper, double> && ScaledStepper<AnyStepper, double> && LearningRateSettable<AnyStepper>);

// L-BFGS's line-search policy chosen at run time (one LBFGS instantiation for both searches).
class AnyLineSearch {
 public:
  AnyLineSearch() = default;
  explicit AnyLineSearch(MoreThuente search) : search_(std::move(search)) {}
  explicit AnyLineSearch(Armijo search) : search_(std::move(search)) {}

  [[nodiscard]] double sufficient_decrease() const {
    return std::visit([](const auto& s) { return s.sufficient_decrease(); }, search_);
  }

  template <class F, Scalar S>
  LineSearchResult<S> search(F& f, const Vector<S>& x0, S f0, const Vector<S>& g0, const Vector<S>& d, S step,
                             Vector<S>& x, Vector<S>& g) const {
    return std::visit([&](const auto& s) { return s.search(f, x0, f0, g0, d, step, x, g); }, search_);
  }

 private:
  std::variant<MoreThuente, Armijo> search_;
};

// A library method as a Method: minimize(f, x, observer) on the concrete object. Every method is
// instantiated through this once.
template <class M>
class Concrete final : public Method {
 public:
  template <class... Args>
  explicit Concrete(Args&&... args) : method_(std::forward<Args>(args)...) {}

  Result<double> minimize(Objective& f, Vec& x, Callback& observer) override {
    return method_.minimize(f, x, observer);
  }

 private:
  M method_;
};

// Any method as a Minimizer (what guarded wraps): the observers a caller passes (the guard passes
// one per leg) are folded into one Callback for the erased call. options().stop is the stop the
// method was built with.
class AnyMinimizer {
 public:
  using scalar_type = double;
  using options_type = FirstOrderOptions;

  AnyMinimizer(std::unique_ptr<Method> method, const StoppingOptions& stop)
      : method_(std::move(method)), options_{.stop = stop} {}

  [[nodiscard]] const FirstOrderOptions& options() const { return options_; }

  template <class F, class... Observers>
  Result<double> minimize(F& f, Vec& x, Observers&&... observers) {
    static_assert(std::is_same_v<F, Objective>, "saddle-bench: an AnyMinimizer minimizes an Objective only");
    Callback all = [&observers...](const IterationInfo<double>& info) {
      return detail::notify_all(info, observers...) >= 0 ? ObserverAction::stop : ObserverAction::proceed;
    };
    return method_->minimize(f, x, all);
  }

 private:
  std::unique_ptr<Method> method_;
  FirstOrderOptions options_;
};

static_assert(Minimizer<AnyMinimizer, double>);

// ---------------------------------------------------------------------------------------------
// The registry
// ---------------------------------------------------------------------------------------------

// What a spec builds: a stepper (run by first_order where it is outermost or guarded) or a method.
struct Product {
  std::optional<AnyStepper> stepper;
  std::unique_ptr<Method> method;
  StoppingOptions stop{};  // a stepper's, for first_order
  bool perturbs = false;   // perturbed(...) is inside: a small gradient is its signal, not the end
};

enum class Kind { stepper, minimizer };         // what a registration builds
enum class Takes { nothing, stepper, method };  // what goes in its parentheses

struct Build;
using Factory = Product (*)(Build&);

struct Registration {
  const char* name;
  const char* summary;
  Kind kind;
  Takes takes;
  Factory factory;
};

const std::vector<Registration>& registry();

const Registration* find(const std::string& name) {
  for (const auto& r : registry()) {
    if (name == r.name) {
      return &r;
    }
  }
  return nullptr;
}

std::vector<std::string> names(std::optional<Kind> kind = std::nullopt) {
  std::vector<std::string> out;
  for (const auto& r : registry()) {
    if (!kind || r.kind == *kind) {
      out.emplace_back(r.name);
    }
  }
  return out;
}

std::string unknown_method(const std::string& name) {
  return "unknown method '" + name + "' (known: " + join_alternatives(names()) + ")";
}

Product build(const Spec& spec, const MethodContext& context, bool outermost);
std::unique_ptr<Method> as_method(Product product);

// One factory call: the spec's options, the run's context, the wrapped spec (if any), and whether
// this spec is the outermost one (which alone takes the stopping options).
struct Build {
  OptionReader options;
  const MethodContext& context;
  const Spec* argument;
  bool outermost;
  StoppingOptions stop{};

  // Reads the stopping options (outermost only) and rejects unknown keys: call after every other
  // option is read and before the library object is built. `perturbs`: gradient_tolerance is off by
  // default. Returns the stop the method runs with.
  StoppingOptions finish(bool perturbs = false) {
    stop = context.stop;
    if (outermost) {
      stop.max_iterations = options.integer("max_iterations", context.stop.max_iterations,
                                            "steps at most; >= 0 (default: the run's)");
      stop.gradient_tolerance =
          options.real("gradient_tolerance", perturbs ? 0.0 : context.stop.gradient_tolerance,
                       perturbs ? "stop at |g| <= this; >= 0 (0: off, the default here: a small gradient is the "
                                  "signal to perturb)"
                                : "stop at |g| <= this; >= 0 (0: off; default: the run's)");
    } else {
      for (const char* key : {"max_iterations", "gradient_tolerance"}) {
        if (options.given(key)) {
          throw UsageError(options.owner() + ": " + key +
                           " is not for a wrapped method: give it to the outermost spec, after its ')'");
        }
      }
    }
    options.finish();
    return stop;
  }

  // The library object, constructed (and so validated) in place.
  template <class M, class... Args>
  Product minimizer(Args&&... args) {
    Product out;
    out.method = std::make_unique<Concrete<M>>(std::forward<Args>(args)...);
    return out;
  }
  template <class T, class... Args>
  Product stepper(Args&&... args) {
    Product out;
    out.stepper = AnyStepper::make<T>(std::forward<Args>(args)...);
    out.stop = stop;
    return out;
  }

  // The wrapped spec, built as a stepper (perturbed, noisy, clipped).
  Product wrapped_stepper() {
    const Registration* inner = find(argument->name);
    if (inner == nullptr) {
      throw UsageError(unknown_method(argument->name));
    }
    if (inner->kind != Kind::stepper) {
      throw UsageError(options.owner() + " wraps a stepper (" + join_alternatives(names(Kind::stepper)) + "), and " +
                       argument->name + " is not one (guarded(...) wraps any method)");
    }
    return build(*argument, context, false);
  }

  // The wrapped spec, built as a method (a stepper made one by first_order) that runs with `leg_stop`.
  std::unique_ptr<Method> wrapped_method(const StoppingOptions& leg_stop) {
    const MethodContext inner{.seed = context.seed, .stop = leg_stop, .dimension = context.dimension};
    return as_method(build(*argument, inner, false));
  }
};

Product build(const Spec& spec, const MethodContext& context, bool outermost) {
  const Registration* r = find(spec.name);
  if (r == nullptr) {
    throw UsageError(unknown_method(spec.name));
  }
  if (r->takes == Takes::nothing && !spec.arguments.empty()) {
    std::vector<std::string> wrappers;
    for (const auto& w : registry()) {
      if (w.takes != Takes::nothing) {
        wrappers.emplace_back(w.name);
      }
    }
    throw UsageError(spec.name + " takes no argument in parentheses (only " + join_alternatives(wrappers) +
                     " wrap a method)");
  }
  if (r->takes != Takes::nothing && spec.arguments.size() != 1) {
    throw UsageError(spec.name + " wraps " + (r->takes == Takes::stepper ? "a stepper" : "a minimizer or stepper") +
                     ": write " + spec.name + "(adam), for example");
  }
  Build b{.options = OptionReader(spec.name, spec.options),
          .context = context,
          .argument = spec.arguments.empty() ? nullptr : &spec.arguments.front(),
          .outermost = outermost};
  return r->factory(b);
}

// A product as a Method: a stepper runs through first_order with its stop.
std::unique_ptr<Method> as_method(Product product) {
  if (product.method) {
    return std::move(product.method);
  }
  return std::make_unique<Concrete<FirstOrder<AnyStepper>>>(std::move(*product.stepper),
                                                            FirstOrderOptions{.stop = product.stop});
}

// ---------------------------------------------------------------------------------------------
// Shared option groups
// ---------------------------------------------------------------------------------------------

HvpMethod read_hvp(OptionReader& r, HvpMethod fallback) {
  const std::string text = r.choice("hvp", std::string(to_string(fallback)),
                                    {"automatic", "analytic", "central_difference"},
                                    "how Hessian-vector products are computed; automatic is analytic here");
  if (text == "analytic") {
    return HvpMethod::analytic;
  }
  if (text == "central_difference") {
    return HvpMethod::central_difference;
  }
  return HvpMethod::automatic;
}

PerturbationShape read_shape(OptionReader& r, PerturbationShape fallback) {
  const std::string text = r.choice("shape", std::string(to_string(fallback)), {"ball", "gaussian"},
                                    "the perturbation: uniform in the ball of radius r, or N(0, r^2/d I)");
  return text == "gaussian" ? PerturbationShape::gaussian : PerturbationShape::ball;
}

// The probe-and-step options of the curvature methods and the guard; seed = the run's.
CurvatureStepOptions read_curvature(OptionReader& r, const MethodContext& context) {
  const CurvatureStepOptions d{};
  CurvatureStepOptions o;
  o.curvature_tolerance = r.real("curvature_tolerance", d.curvature_tolerance,
                                 "eps_H: an eigenvalue certified below -eps_H is negative curvature; >= 0");
  o.lanczos_iterations =
      r.integer("lanczos_iterations", d.lanczos_iterations, "Hessian-vector products per certificate at most; >= 1");
  o.failure_probability = r.real("failure_probability", d.failure_probability,
                                 "of a second-order verdict from an unfinished probe; 0 < it < 1");
  o.hessian_lipschitz = r.real("hessian_lipschitz", d.hessian_lipschitz,
                               "rho: step 2|lambda|/rho along negative curvature (0: unknown, backtrack); >= 0");
  o.initial_step = r.real("initial_step", d.initial_step, "first trial length of the backtracking; > 0");
  o.max_step_trials = r.integer("max_step_trials", d.max_step_trials, "halvings of the trial length at most; >= 1");
  o.early_stop = r.flag("early_stop", d.early_stop,
                        "a probe stops once it proves an eigenvalue below -eps_H (false: runs on for the most "
                        "negative)");
  o.hvp = read_hvp(r, d.hvp);
  o.seed = context.seed;
  return o;
}

// The parameters of a theory() preset (PGD, PAGD).
struct Theory {
  double ell, rho, epsilon, delta, delta_f, c;
};

Theory read_theory(OptionReader& r, const char* c_rule) {
  Theory t{};
  t.ell = r.real("ell", 1.0, "preset=theory: ell, the gradient's Lipschitz constant; > 0");
  t.rho = r.real("rho", 1.0, "preset=theory: rho, the Hessian's Lipschitz constant; > 0");
  t.epsilon = r.real("epsilon", 1e-3, "preset=theory: epsilon, the target gradient norm; > 0");
  t.delta = r.real("delta", 0.1, "preset=theory: delta, the failure probability; 0 < delta < 1");
  t.delta_f = r.real("delta_f", 1.0, "preset=theory: delta_f >= f(x0) - f*; > 0");
  t.c = r.real("c", 1.0, std::string("preset=theory: the paper's constant c; ") + c_rule);
  return t;
}

// Under preset=practical the theory's parameters would be ignored: say so.
void reject_theory_keys(const OptionReader& r, const Theory& t) {
  const std::pair<const char*, double> keys[] = {{"ell", t.ell},   {"rho", t.rho},         {"epsilon", t.epsilon},
                                                 {"delta", t.delta}, {"delta_f", t.delta_f}, {"c", t.c}};
  for (const auto& [key, value] : keys) {
    if (r.given(key)) {
      r.fail(key, format_real(value), "used by preset=theory only");
    }
  }
}

// field = value where the spec gave the key (a preset supplies the rest).
template <class T, class V>
void override_given(const OptionReader& r, const char* key, T& field, V value) {
  if (r.given(key)) {
    field = static_cast<T>(value);
  }
}

std::vector<std::string> presets() { return {"practical", "theory"}; }

// ---------------------------------------------------------------------------------------------
// Steppers
// ---------------------------------------------------------------------------------------------

Product make_gd(Build& b) {
  const GradientDescentOptions d{};
  GradientDescentOptions o;
  o.lr = b.options.real("lr", d.lr, "learning rate; 0 <= lr < inf");
  b.finish();
  return b.stepper<GradientDescent<double>>(o);
}

Product make_sgd(Build& b) {
  auto& r = b.options;
  const SGDOptions d{};
  SGDOptions o;
  o.lr = r.real("lr", d.lr, "learning rate; 0 <= lr < inf");
  o.momentum = r.real("momentum", d.momentum, "mu of the buffer b <- mu b + (1 - dampening) g; 0 <= momentum < 1");
  o.dampening = r.real("dampening", d.dampening, "share of the new gradient withheld from the buffer; 0 <= it <= 1");
  o.weight_decay = r.real("weight_decay", d.weight_decay, "L2 penalty, g <- g + weight_decay x; 0 <= it < inf");
  o.nesterov = r.flag("nesterov", d.nesterov, "Nesterov momentum; requires momentum > 0, dampening = 0");
  b.finish();
  return b.stepper<SGD<double>>(o);
}

Product make_rmsprop(Build& b) {
  auto& r = b.options;
  const RMSpropOptions d{};
  RMSpropOptions o;
  o.lr = r.real("lr", d.lr, "learning rate; 0 <= lr < inf");
  o.alpha = r.real("alpha", d.alpha, "smoothing of the squared-gradient average; 0 <= alpha <= 1");
  o.eps = r.real("eps", d.eps, "added to sqrt(s) in the denominator; 0 <= eps < inf");
  o.weight_decay = r.real("weight_decay", d.weight_decay, "L2 penalty, g <- g + weight_decay x; 0 <= it < inf");
  o.momentum = r.real("momentum", d.momentum, "b <- momentum b + g / (sqrt(s) + eps); 0 <= momentum < 1");
  o.centered = r.flag("centered", d.centered, "divide by the standard deviation estimate (Graves 2013)");
  b.finish();
  return b.stepper<RMSprop<double>>(o);
}

// Adam and AdamW share their fields (AdamW's weight decay is decoupled).
template <class T, class Options>
Product make_adam_like(Build& b, const char* decay_help) {
  auto& r = b.options;
  const Options d{};
  Options o;
  o.lr = r.real("lr", d.lr, "learning rate; 0 <= lr < inf");
  o.beta1 = r.real("beta1", d.beta1, "first-moment decay; 0 <= beta1 < 1");
  o.beta2 = r.real("beta2", d.beta2, "second-moment decay; 0 <= beta2 < 1");
  o.eps = r.real("eps", d.eps, "added to sqrt(v_hat) in the denominator; 0 <= eps < inf");
  o.weight_decay = r.real("weight_decay", d.weight_decay, decay_help);
  o.amsgrad = r.flag("amsgrad", d.amsgrad, "divide by the running maximum of v (Reddi et al. 2018)");
  b.finish();
  return b.stepper<T>(o);
}

Product make_adam(Build& b) {
  return make_adam_like<Adam<double>, AdamOptions>(b, "L2 penalty, g <- g + weight_decay x; 0 <= it < inf");
}

Product make_adamw(Build& b) {
  return make_adam_like<AdamW<double>, AdamWOptions>(
      b, "decoupled decay x <- x (1 - lr weight_decay) before the step; 0 <= it < inf");
}

// ---------------------------------------------------------------------------------------------
// Stepper wrappers
// ---------------------------------------------------------------------------------------------

Product make_perturbed(Build& b) {
  auto& r = b.options;
  const PerturbationOptions d{};
  PerturbationOptions o;
  o.radius = r.real("radius", d.radius, "r, the perturbation's size; 0 < radius < inf");
  o.gradient_threshold =
      r.real("gradient_threshold", d.gradient_threshold, "perturb after a step whose |g| <= this; 0 < it < inf");
  o.escape_steps = r.integer("escape_steps", d.escape_steps, "steps between perturbations at least; >= 1");
  o.shape = read_shape(r, d.shape);
  o.seed = b.context.seed;
  Product inner = b.wrapped_stepper();
  b.finish(true);
  Product out = b.stepper<Perturbed<AnyStepper>>(std::move(*inner.stepper), o);
  out.perturbs = true;
  return out;
}

// The noise's stream: the run's seed with a fixed pattern, so that noisy(perturbed(...)) draws its noise
// independently of the perturbations (which use the run's seed itself).
constexpr std::uint64_t kNoiseStream = 0x6e6f697365ULL;  // "noise"

Product make_noisy(Build& b) {
  auto& r = b.options;
  const GradientNoiseOptions d{};
  GradientNoiseOptions o;
  o.eta = r.real("eta", d.eta, "noise variance at t = 0, sigma_t^2 = eta / (1 + t)^gamma; 0 <= eta < inf");
  o.gamma = r.real("gamma", d.gamma, "annealing exponent; 0 <= gamma < inf");
  o.seed = b.context.seed ^ kNoiseStream;
  Product inner = b.wrapped_stepper();
  b.finish(inner.perturbs);
  Product out = b.stepper<Chain<AnyStepper, GradientNoise<double>>>(std::move(*inner.stepper), GradientNoise<double>(o));
  out.perturbs = inner.perturbs;
  return out;
}

Product make_clipped(Build& b) {
  const ClipGradNormOptions d{};
  ClipGradNormOptions o;
  o.max_norm = b.options.real("max_norm", d.max_norm, "the largest gradient norm let through; 0 <= max_norm < inf");
  Product inner = b.wrapped_stepper();
  b.finish(inner.perturbs);
  Product out = b.stepper<Chain<AnyStepper, ClipGradNorm<double>>>(std::move(*inner.stepper), ClipGradNorm<double>(o));
  out.perturbs = inner.perturbs;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Minimizers
// ---------------------------------------------------------------------------------------------

Product make_lbfgs(Build& b) {
  auto& r = b.options;
  const LBFGSOptions d{};
  const MoreThuenteOptions mt{};
  const ArmijoOptions armijo{};
  LBFGSOptions o;
  o.memory = r.integer("memory", d.memory, "m: correction pairs kept; >= 1");
  o.curvature_epsilon = r.real("curvature_epsilon", d.curvature_epsilon,
                               "a pair is kept only if s.y > this |s| |y|; 0 <= it < 1");
  const std::string line_search =
      r.choice("line_search", "more_thuente", {"more_thuente", "armijo"}, "strong Wolfe, or backtracking");
  const double c1 = r.real("c1", mt.ftol, "sufficient decrease (More-Thuente's ftol, Armijo's c1); 0 < c1 < 1");
  const double gtol = r.real("gtol", mt.gtol, "line_search=more_thuente: strong curvature condition; c1 <= gtol < 1");
  const double shrink = r.real("shrink", armijo.shrink, "line_search=armijo: step <- shrink step; 0 < shrink < 1");
  o.stop = b.finish();
  if (line_search == "armijo") {
    if (r.given("gtol")) {
      r.fail("gtol", format_real(gtol), "used by line_search=more_thuente only");
    }
    return b.minimizer<LBFGS<double, AnyLineSearch>>(o, AnyLineSearch(Armijo({.c1 = c1, .shrink = shrink})));
  }
  if (r.given("shrink")) {
    r.fail("shrink", format_real(shrink), "used by line_search=armijo only");
  }
  return b.minimizer<LBFGS<double, AnyLineSearch>>(o, AnyLineSearch(MoreThuente({.ftol = c1, .gtol = gtol})));
}

Product make_newton_cg(Build& b) {
  auto& r = b.options;
  const NewtonCGOptions d{};
  NewtonCGOptions o;
  o.initial_damping = r.real("initial_damping", d.initial_damping, "lambda_0 of (H + lambda I); 0 <= it < inf");
  o.damping_increase = r.real("damping_increase", d.damping_increase, "lambda <- lambda * this when rho < 1/4; > 1");
  o.damping_decrease =
      r.real("damping_decrease", d.damping_decrease, "lambda <- lambda * this when rho > 3/4; 0 < it < 1");
  o.min_damping = r.real("min_damping", d.min_damping, "lambda never goes below this; 0 <= it < inf");
  o.max_cg_iterations = r.integer("max_cg_iterations", d.max_cg_iterations, "CG iterations per Newton step; >= 1");
  o.cg_epsilon = r.real("cg_epsilon", d.cg_epsilon, "Martens' relative-progress rule for stopping CG; > 0");
  o.cg_backtrack_ratio =
      r.real("cg_backtrack_ratio", d.cg_backtrack_ratio, "CG iterates ceil(ratio^j) kept for backtracking; > 1");
  o.warm_start = r.real("warm_start", d.warm_start, "CG starts from this * the previous solution; 0 <= it <= 1");
  o.line_search.c1 = r.real("c1", d.line_search.c1, "Armijo sufficient decrease of the final step; 0 < c1 < 1");
  o.line_search.shrink = r.real("shrink", d.line_search.shrink, "Armijo step <- shrink step; 0 < shrink < 1");
  o.hvp = read_hvp(r, d.hvp);
  o.stop = b.finish();
  return b.minimizer<NewtonCG<double>>(o);
}

Product make_trust_region(Build& b) {
  auto& r = b.options;
  const TrustRegionNewtonCGOptions d{};
  TrustRegionNewtonCGOptions o;
  o.initial_radius = r.real("initial_radius", d.initial_radius, "Delta_0; 0 < it <= max_radius");
  o.max_radius = r.real("max_radius", d.max_radius, "largest radius; 0 < it < inf");
  o.eta = r.real("eta", d.eta, "accept a step when actual / predicted reduction > eta; 0 <= eta < 0.25");
  o.forcing = r.real("forcing", d.forcing, "CG stops at |r| <= min(forcing, sqrt|g|) |g|; 0 < it < 1");
  o.max_cg_iterations =
      r.integer("max_cg_iterations", d.max_cg_iterations, "CG iterations per trial step (0: the dimension); >= 0");
  o.second_order = r.flag("second_order", d.second_order,
                          "at a small gradient, certify the point and leave along negative curvature");
  o.curvature_tolerance = r.real("curvature_tolerance", d.curvature_tolerance,
                                 "an eigenvalue certified below -this is negative curvature; >= 0");
  o.lanczos_iterations =
      r.integer("lanczos_iterations", d.lanczos_iterations, "products per curvature probe at most; >= 1");
  o.failure_probability = r.real("failure_probability", d.failure_probability,
                                 "of a second-order verdict from an unfinished probe; 0 < it < 1");
  o.hvp = read_hvp(r, d.hvp);
  o.seed = b.context.seed;
  o.stop = b.finish();
  return b.minimizer<TrustRegionNewtonCG<double>>(o);
}

// PGD's and PAGD's shared parameters (the perturbation rule and its exit), read as given: a preset
// supplies what the spec leaves out.
struct RuleOptions {
  double radius, gradient_threshold, function_threshold;
  std::int64_t escape_steps;
  bool certify;
  PerturbationShape shape;
};

template <class Options>
RuleOptions read_rule(OptionReader& r, const Options& d) {
  RuleOptions p{};
  p.radius = r.real("radius", d.radius, "r, the perturbation's size; 0 < radius < inf");
  p.gradient_threshold =
      r.real("gradient_threshold", d.gradient_threshold, "g_thres: perturb when |g| <= this; 0 < it < inf");
  p.escape_steps =
      r.integer("escape_steps", d.escape_steps, "t_thres: steps a perturbation is given before the next; >= 1");
  p.function_threshold = r.real("function_threshold", d.function_threshold,
                                "f_thres: exit when f fell by less within escape_steps; 0 <= it < inf");
  p.certify = r.flag("certify", d.certify,
                     "return the point before a perturbation that did not pay (false: perturb and go on)");
  p.shape = read_shape(r, d.shape);
  return p;
}

// The preset (practical: the defaults; theory: the paper's parameters), then every option given.
template <class Options>
Options apply_preset(Build& b, const std::string& preset, const Theory& t, const RuleOptions& p, double lr) {
  const OptionReader& r = b.options;
  Options o{};
  if (preset == "theory") {
    o = Options::theory(t.ell, t.rho, t.epsilon, t.delta, t.delta_f, b.context.dimension, t.c);
  } else {
    reject_theory_keys(r, t);
  }
  override_given(r, "lr", o.lr, lr);
  override_given(r, "radius", o.radius, p.radius);
  override_given(r, "gradient_threshold", o.gradient_threshold, p.gradient_threshold);
  override_given(r, "escape_steps", o.escape_steps, p.escape_steps);
  override_given(r, "function_threshold", o.function_threshold, p.function_threshold);
  override_given(r, "certify", o.certify, p.certify);
  override_given(r, "shape", o.shape, p.shape);
  o.seed = b.context.seed;
  return o;
}

std::string read_preset(OptionReader& r, const char* paper) {
  return r.choice("preset", "practical", presets(),
                  std::string("practical: the library's defaults; theory: ") + paper +
                      "'s parameters from ell, rho, epsilon, delta, delta_f, c and the dimension; options given "
                      "override the preset's");
}

Product make_pgd(Build& b) {
  auto& r = b.options;
  using Options = PerturbedGradientDescentOptions;
  const Options d{};
  const std::string preset = read_preset(r, "Jin et al. 2017");
  const double lr = r.real("lr", d.lr, "eta: x <- x - eta g; 0 < lr < inf");
  const RuleOptions rule = read_rule(r, d);
  const Theory t = read_theory(r, "c > 0");
  const StoppingOptions stop = b.finish(true);
  Options o = apply_preset<Options>(b, preset, t, rule, lr);
  o.stop = stop;
  return b.minimizer<PerturbedGradientDescent<double>>(o);
}

Product make_pagd(Build& b) {
  auto& r = b.options;
  using Options = PerturbedAcceleratedGradientDescentOptions;
  const Options d{};
  const std::string preset = read_preset(r, "Jin, Netrapalli & Jordan 2018");
  const double lr = r.real("lr", d.lr, "eta; 0 < lr < inf");
  const double momentum = r.real("momentum", d.momentum, "1 - theta; 0 <= momentum < 1");
  const double nonconvexity =
      r.real("nonconvexity", d.nonconvexity, "gamma of the 'too nonconvex' test; 0 <= it < inf");
  const double exploitation_step =
      r.real("exploitation_step", d.exploitation_step, "s, the negative-curvature exploitation step; > 0");
  const RuleOptions rule = read_rule(r, d);
  const Theory t = read_theory(r, "1 <= c < inf");
  const StoppingOptions stop = b.finish(true);
  Options o = apply_preset<Options>(b, preset, t, rule, lr);
  override_given(r, "momentum", o.momentum, momentum);
  override_given(r, "nonconvexity", o.nonconvexity, nonconvexity);
  override_given(r, "exploitation_step", o.exploitation_step, exploitation_step);
  o.stop = stop;
  return b.minimizer<PerturbedAcceleratedGradientDescent<double>>(o);
}

Product make_nc_descent(Build& b) {
  const NegativeCurvatureDescentOptions d{};
  NegativeCurvatureDescentOptions o;
  o.lr = b.options.real("lr", d.lr, "the gradient step x <- x - lr g; 0 < lr < inf");
  o.curvature = read_curvature(b.options, b.context);
  o.stop = b.finish();
  return b.minimizer<NegativeCurvatureDescent<double>>(o);
}

Product make_sfn(Build& b) {
  auto& r = b.options;
  const SaddleFreeNewtonOptions d{};
  SaddleFreeNewtonOptions o;
  o.krylov_dimension = r.integer("krylov_dimension", d.krylov_dimension, "k: Lanczos vectors per step; >= 1");
  o.damping = r.real("damping", d.damping, "mu in (|lambda| + mu)^-1; > 0");
  o.eigenvalue_floor = r.real("eigenvalue_floor", d.eigenvalue_floor, "|lambda| <- max(|lambda|, this); >= 0");
  o.line_search.c1 = r.real("c1", d.line_search.c1, "Armijo sufficient decrease on the step; 0 < c1 < 1");
  o.line_search.shrink = r.real("shrink", d.line_search.shrink, "Armijo step <- shrink step; 0 < shrink < 1");
  o.curvature = read_curvature(r, b.context);
  o.stop = b.finish();
  return b.minimizer<SaddleFreeNewton<double>>(o);
}

Product make_arc(Build& b) {
  auto& r = b.options;
  const CubicRegularizationOptions d{};
  CubicRegularizationOptions o;
  o.initial_sigma = r.real("initial_sigma", d.initial_sigma, "sigma_0; 0 < it < inf");
  o.min_sigma = r.real("min_sigma", d.min_sigma, "sigma never goes below this; 0 < it <= initial_sigma");
  o.eta1 = r.real("eta1", d.eta1, "accept a step when rho >= eta1; 0 < eta1 <= eta2");
  o.eta2 = r.real("eta2", d.eta2, "very successful when rho >= eta2; 0 < eta2 < 1");
  o.gamma = r.real("gamma", d.gamma, "sigma <- gamma sigma after a rejected step; > 1");
  o.krylov_dimension = r.integer("krylov_dimension", d.krylov_dimension, "Lanczos vectors for the subproblem; >= 1");
  o.curvature = read_curvature(r, b.context);
  o.stop = b.finish();
  return b.minimizer<CubicRegularization<double>>(o);
}

// ---------------------------------------------------------------------------------------------
// The minimizer wrapper
// ---------------------------------------------------------------------------------------------

Product make_guarded(Build& b) {
  const SaddleGuardOptions d{};
  SaddleGuardOptions o;
  o.max_escapes = b.options.integer("max_escapes", d.max_escapes,
                                    "saddles left at most (then a certified saddle ends as saddle_point); >= 0");
  o.curvature = read_curvature(b.options, b.context);
  const StoppingOptions stop = b.finish();  // every leg's
  return b.minimizer<SaddleGuard<AnyMinimizer>>(AnyMinimizer(b.wrapped_method(stop), stop), o);
}

const std::vector<Registration>& registry() {
  static const std::vector<Registration> entries{
      {"gd", "gradient descent x <- x - lr g (SGD without momentum or decay)", Kind::stepper, Takes::nothing, make_gd},
      {"sgd", "SGD with momentum, dampening, Nesterov momentum and weight decay (torch.optim.SGD)", Kind::stepper,
       Takes::nothing, make_sgd},
      {"rmsprop", "RMSprop: steps divided by a running RMS of the gradient (Tieleman & Hinton 2012)", Kind::stepper,
       Takes::nothing, make_rmsprop},
      {"adam", "Adam (Kingma & Ba 2015) with L2 weight decay and AMSGrad", Kind::stepper, Takes::nothing, make_adam},
      {"adamw", "AdamW: Adam with decoupled weight decay (Loshchilov & Hutter 2019)", Kind::stepper, Takes::nothing,
       make_adamw},
      {"perturbed", "a stepper with PGD's rule: a random kick after a step with a small gradient (Jin et al. 2017)",
       Kind::stepper, Takes::stepper, make_perturbed},
      {"noisy", "a stepper fed annealed Gaussian gradient noise (Neelakantan et al. 2015)", Kind::stepper,
       Takes::stepper, make_noisy},
      {"clipped", "a stepper fed the gradient clipped to a maximal norm (Pascanu et al. 2013)", Kind::stepper,
       Takes::stepper, make_clipped},
      {"lbfgs", "limited-memory BFGS with a More-Thuente or Armijo line search", Kind::minimizer, Takes::nothing,
       make_lbfgs},
      {"newton_cg", "Hessian-free Newton-CG with Levenberg-Marquardt damping (Martens 2010)", Kind::minimizer,
       Takes::nothing, make_newton_cg},
      {"trust_region", "trust-region Newton-CG; certifies small-gradient points and leaves negative curvature",
       Kind::minimizer, Takes::nothing, make_trust_region},
      {"pgd", "perturbed gradient descent (Jin et al. 2017): kicks where |g| is small, exits at a second-order point",
       Kind::minimizer, Takes::nothing, make_pgd},
      {"pagd", "perturbed accelerated gradient descent with negative-curvature exploitation (Jin et al. 2018)",
       Kind::minimizer, Takes::nothing, make_pagd},
      {"nc_descent", "gradient steps; at a small gradient a Lanczos probe and a step along negative curvature",
       Kind::minimizer, Takes::nothing, make_nc_descent},
      {"sfn", "saddle-free Newton (Dauphin et al. 2014): steps by |H|^-1 g in a Lanczos subspace", Kind::minimizer,
       Takes::nothing, make_sfn},
      {"arc", "adaptive cubic regularization (Cartis, Gould & Toint 2011), certified at a small gradient",
       Kind::minimizer, Takes::nothing, make_arc},
      {"guarded", "a method whose small-gradient stops are certified by Lanczos, and left if strict saddles",
       Kind::minimizer, Takes::method, make_guarded},
  };
  return entries;
}

}  // namespace

std::unique_ptr<Method> make_method(const Spec& spec, const MethodContext& context) {
  if (find(spec.name) == nullptr) {
    throw UsageError(unknown_method(spec.name));
  }
  const auto prefixed = [&spec](const char* what) { return UsageError("method '" + spec.text() + "': " + what); };
  try {
    return as_method(build(spec, context, true));
  } catch (const UsageError& e) {
    throw prefixed(e.what());
  } catch (const std::invalid_argument& e) {
    throw prefixed(e.what());
  }
}

std::vector<CatalogEntry> method_catalog() {
  const MethodContext context{};
  const Spec stepper{.name = "gd", .arguments = {}, .options = {}};
  std::vector<CatalogEntry> out;
  for (const auto& r : registry()) {
    Build b{.options = OptionReader(r.name, {}),
            .context = context,
            .argument = r.takes == Takes::nothing ? nullptr : &stepper,
            .outermost = true};
    r.factory(b);
    const char* argument = r.takes == Takes::stepper  ? "a stepper"
                           : r.takes == Takes::method ? "a minimizer or stepper"
                                                      : "";
    out.push_back({r.name, r.summary, argument, b.options.declared()});
  }
  return out;
}

}  // namespace saddle::bench
