// What every synthetic landscape carries besides f, grad f and Hessian-vector products: its name,
// standard start points and labelled critical points (minima, saddles, maxima) with their values.
#pragma once

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "saddle/core/critical_point_kind.hpp"
#include "saddle/core/format.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/types.hpp"

namespace saddle::landscapes {

// A critical point with its label: where it is, f there, what kind it is, its index (the number
// of negative Hessian eigenvalues) and the smallest Hessian eigenvalue.
template <Scalar S>
struct LabelledPoint {
  Vector<S> point;
  S value = S(0);
  CriticalPointKind kind = CriticalPointKind::minimum;
  int index = 0;
  S lambda_min = S(0);
};

// Metadata shared by all landscapes; each landscape derives from it and fills it in.
template <Scalar S>
class LandscapeInfo {
 public:
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] Index dimension() const { return dimension_; }
  // The standard start point (the first of start_points()).
  [[nodiscard]] const Vector<S>& start_point() const { return start_points_.front(); }
  [[nodiscard]] const std::vector<Vector<S>>& start_points() const { return start_points_; }
  // Every labelled critical point (for some landscapes, the known ones of many).
  [[nodiscard]] const std::vector<LabelledPoint<S>>& critical_points() const { return critical_points_; }
  // The global minimum value; -inf when f is unbounded below.
  [[nodiscard]] S minimum_value() const { return minimum_value_; }
  [[nodiscard]] bool bounded_below() const { return std::isfinite(minimum_value_); }

  [[nodiscard]] std::vector<LabelledPoint<S>> minima() const { return select(CriticalPointKind::minimum); }
  [[nodiscard]] std::vector<LabelledPoint<S>> maxima() const { return select(CriticalPointKind::maximum); }
  // Strict and degenerate saddles: critical points that are neither minima nor maxima.
  [[nodiscard]] std::vector<LabelledPoint<S>> saddles() const {
    std::vector<LabelledPoint<S>> out;
    for (const auto& p : critical_points_) {
      if (p.kind == CriticalPointKind::strict_saddle || p.kind == CriticalPointKind::degenerate) {
        out.push_back(p);
      }
    }
    return out;
  }
  // The global minimizers: labelled minima whose value is the minimum value.
  [[nodiscard]] std::vector<Vector<S>> minimizers() const {
    std::vector<Vector<S>> out;
    for (const auto& p : critical_points_) {
      if (p.kind == CriticalPointKind::minimum && p.value == minimum_value_) {
        out.push_back(p.point);
      }
    }
    return out;
  }

 protected:
  LandscapeInfo(std::string name, Index dimension) : name_(std::move(name)), dimension_(dimension) {}

  std::string name_;
  Index dimension_ = 0;
  std::vector<Vector<S>> start_points_;
  std::vector<LabelledPoint<S>> critical_points_;
  S minimum_value_ = -std::numeric_limits<S>::infinity();

 private:
  [[nodiscard]] std::vector<LabelledPoint<S>> select(CriticalPointKind kind) const {
    std::vector<LabelledPoint<S>> out;
    for (const auto& p : critical_points_) {
      if (p.kind == kind) {
        out.push_back(p);
      }
    }
    return out;
  }
};

// A landscape: an objective with Hessian-vector products and the metadata above. After the first
// call (which may size g or hv), f and Hv allocate nothing; the landscapes that need work space for
// them (matrix factorization, deep linear networks, the orthogonal quartic's Hv, Rotated) keep it in
// the object, so one object must not be evaluated from two threads at once: copy it per thread.
template <class L, class S>
concept Landscape = HessianVectorObjective<L, S> && requires(const L& l) {
  { l.name() } -> std::convertible_to<std::string_view>;
  { l.dimension() } -> std::convertible_to<Index>;
  { l.start_point() } -> std::convertible_to<Vector<S>>;
  { l.critical_points() } -> std::convertible_to<std::vector<LabelledPoint<S>>>;
  { l.minimum_value() } -> std::convertible_to<S>;
};

namespace detail {

// Throws unless x has the landscape's dimension (every landscape's f, gradient and Hv check it).
inline void require_dimension(std::string_view landscape, Index expected, Index actual, std::string_view what) {
  if (expected != actual) {
    throw std::invalid_argument(saddle::detail::concat("saddle::landscapes::", landscape, ": ", what, " has size ",
                                                       actual, ", expected ", expected));
  }
}

}  // namespace detail

}  // namespace saddle::landscapes
