// saddle-bench's methods: every stepper of the library (made a Minimizer by first_order) and every
// minimizer, built from a spec ("adam:lr=1e-3", "lbfgs:memory=10", "pgd:preset=practical",
// "guarded(lbfgs)", "perturbed(adam)") behind one type-erased interface.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <saddle/core/observer.hpp>
#include <saddle/core/status.hpp>
#include <saddle/core/stopping.hpp>

#include "landscapes.hpp"
#include "spec.hpp"

namespace saddle::bench {

// The observer a run is watched through (escape and solve times, trajectories, the floor of an
// unbounded landscape).
using Callback = std::function<saddle::ObserverAction(const saddle::IterationInfo<double>&)>;

// What a method is built for: one run's seed (perturbations, noise, Lanczos start vectors) and the
// run's stopping criteria, which a spec may override per method (max_iterations=, gradient_tolerance=).
struct MethodContext {
  std::uint64_t seed = 0;
  saddle::StoppingOptions stop{};
  Index dimension = 2;  // the landscape's (theory presets such as PGD's need it)
};

// A method configured for one run.
class Method {
 public:
  virtual ~Method() = default;
  virtual saddle::Result<double> minimize(Objective& f, Vec& x, Callback& observer) = 0;
};

// Builds the method a spec names. Bad names, options or values (the library's own validation
// included) throw UsageError naming them and what is allowed.
std::unique_ptr<Method> make_method(const Spec& spec, const MethodContext& context);

// Every method with its options, for --list.
std::vector<CatalogEntry> method_catalog();

}  // namespace saddle::bench
