// saddle-bench's landscapes: every synthetic landscape of the library behind one type-erased
// interface, built from a spec ("strict_saddle_quartic:negatives=3", "rotated(himmelblau):seed=1").
// Erasing the type here keeps the tool's compile time at (methods + landscapes), not their product.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <saddle/landscapes/landscape.hpp>

#include "spec.hpp"

namespace saddle::bench {

// What the runner needs to know about a landscape besides f, g and Hv.
struct LandscapeData {
  std::string name;  // the library's display name ("himmelblau", "strict-saddle quartic (d = 100, 3 negative)")
  Index dimension = 0;
  std::vector<Vec> starts;                                               // the standard starts (at least one)
  std::vector<saddle::landscapes::LabelledPoint<double>> critical_points;  // as the landscape labels them
  std::vector<std::string> labels;  // one per critical point: M1, M2, ... (minima), S1, ... (saddles), X1, ... (maxima)
  double minimum_value = 0.0;       // f*, -inf when unbounded below
  Vec box_lower;                    // the box the `box` start kind draws from (uniformly)
  Vec box_upper;
};

// A landscape as the methods see it: f(x, g) and hessian_vector_product, plus its data. Not safe to
// evaluate from two threads at once (some landscapes keep work space): clone() one per thread.
class Landscape {
 public:
  virtual ~Landscape() = default;
  [[nodiscard]] virtual std::unique_ptr<Landscape> clone() const = 0;
  virtual double evaluate(const Vec& x, Vec& g) = 0;
  virtual void hessian_vector_product(const Vec& x, const Vec& v, Vec& hv) = 0;
  [[nodiscard]] const LandscapeData& data() const { return *data_; }

 protected:
  explicit Landscape(std::shared_ptr<const LandscapeData> data) : data_(std::move(data)) {}
  std::shared_ptr<const LandscapeData> data_;  // shared by clones: labels can be large
};

// The objective every method runs on (a reference to a landscape): Objective and HessianVectorObjective.
struct Objective {
  Landscape* landscape = nullptr;
  double operator()(const Vec& x, Vec& g) { return landscape->evaluate(x, g); }
  void hessian_vector_product(const Vec& x, const Vec& v, Vec& hv) { landscape->hessian_vector_product(x, v, hv); }
};

// Builds the landscape a spec names. `dimension` is the size asked for by the dimensions axis (0: the
// landscape's own default); landscapes of a fixed size ignore it (landscape_scalable says which).
// Bad names, options or values throw UsageError naming them and what is allowed.
std::unique_ptr<Landscape> make_landscape(const Spec& spec, Index dimension);

// Whether the landscape a spec names takes its dimension from the dimensions axis.
bool landscape_scalable(const Spec& spec);

// Every landscape with its options, for --list.
std::vector<CatalogEntry> landscape_catalog();

}  // namespace saddle::bench
