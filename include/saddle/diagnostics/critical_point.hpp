// classify_critical_point(): is x a minimum, a strict saddle (of which index), a maximum, a
// degenerate point — or not critical at all? Answered from Hessian-vector products: exactly
// (dense eigensolver) for small d, by Lanczos with deflation where the negative eigenvalues are
// few, and estimated by stochastic Lanczos quadrature otherwise — each answer says which.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "saddle/core/critical_point_kind.hpp"
#include "saddle/core/detail/dense_solvers.hpp"
#include "saddle/core/format.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/diagnostics/count_negative_eigenvalues.hpp"
#include "saddle/diagnostics/detail/input.hpp"
#include "saddle/diagnostics/spectral_density.hpp"
#include "saddle/second_order/curvature_certificate.hpp"
#include "saddle/second_order/hessian_vector.hpp"
#include "saddle/second_order/lanczos.hpp"

namespace saddle {

enum class IndexMethod {
  dense,      // every eigenvalue from the dense Hessian (d products): exact
  deflation,  // negative eigenvalues found one group at a time by Lanczos with deflation: exact count
  estimated,  // many negative eigenvalues: d times the spectral mass below -tolerance (SLQ): an estimate
};

[[nodiscard]] constexpr std::string_view to_string(IndexMethod method) {
  switch (method) {
    case IndexMethod::dense: return "dense";
    case IndexMethod::deflation: return "deflation";
    case IndexMethod::estimated: return "estimated";
  }
  return "unknown";
}

struct ClassifyOptions {
  double gradient_tolerance = 1e-6;   // |g| above this: not critical; 0 <= it < inf
  double curvature_tolerance = 1e-6;  // eigenvalues within +-tol = curvature_tolerance * max(|lambda_min|,
                                      // |lambda_max|, curvature_scale) count as zero; 0 < it < inf
  double curvature_scale = 1.0;       // the curvature below which a whole spectrum counts as small (a Hessian
                                      // that vanishes is degenerate, not a saddle); 0: purely relative; 0 <= it < inf
  std::int64_t dense_dimension = 500; // d <= this: assemble the Hessian from d products, solve densely; >= 0
  std::int64_t lanczos_iterations = 200;  // per Lanczos run; >= 2
  std::int64_t max_deflated = 32;     // count negative eigenvalues by deflation up to this many, else estimate; >= 1
  std::int64_t probes = 16;           // SLQ probe vectors for the estimated index; >= 1
  HvpMethod hvp = HvpMethod::automatic;  // how Hessian-vector products are computed
  std::uint64_t seed = 0;

  void validate() const {
    constexpr auto owner = "ClassifyOptions";
    detail::require(owner, "gradient_tolerance", gradient_tolerance, detail::closed_open(0, detail::infinity));
    detail::require(owner, "curvature_tolerance", curvature_tolerance, detail::open(0, detail::infinity));
    detail::require(owner, "curvature_scale", curvature_scale, detail::closed_open(0, detail::infinity));
    detail::require(owner, "dense_dimension", dense_dimension, detail::at_least(0));
    detail::require(owner, "lanczos_iterations", lanczos_iterations, detail::at_least(2));
    detail::require(owner, "max_deflated", max_deflated, detail::at_least(1));
    detail::require(owner, "probes", probes, detail::at_least(1));
    detail::require_hvp_method(owner, "hvp", hvp);
  }
};

template <Scalar S>
struct CriticalPoint {
  CriticalPointKind kind = CriticalPointKind::not_critical;
  S value = S(0);
  S gradient_norm = S(0);
  S lambda_min = S(0);        // smallest Hessian eigenvalue (estimate)
  S lambda_min_error = S(0);  // an eigenvalue lies within this of lambda_min (0 for the dense path)
  S lambda_max = S(0);
  S lambda_max_error = S(0);
  Index index = 0;            // number of negative Hessian eigenvalues (below -tolerance)
  IndexMethod index_method = IndexMethod::dense;
  bool index_exact = true;    // false when estimated
  Index dimension = 0;
  double gradient_tolerance = 0.0;  // the tolerances used
  double curvature_tolerance = 0.0;  // absolute: the relative option times the spectral scale
  std::int64_t hvp_evaluations = 0;

  // "strict_saddle of index 2 (deflation): |g| = 3e-12, lambda in [-2 +- 1e-9, 10 +- 2e-8], f = 0, ..."
  [[nodiscard]] std::string brief() const {
    std::string text(to_string(kind));
    if (kind == CriticalPointKind::strict_saddle || kind == CriticalPointKind::maximum) {
      text += detail::concat(" of index ", index_exact ? "" : "~", index);
    }
    return text + detail::concat(" (", to_string(index_method), "): |g| = ", gradient_norm, ", lambda in [",
                                 lambda_min, " +- ", lambda_min_error, ", ", lambda_max, " +- ", lambda_max_error,
                                 "], f = ", value, ", d = ", dimension, ", ", hvp_evaluations, " Hv");
  }
};

// Classifies x: the gradient decides whether it is critical; the Hessian's extreme eigenvalues
// (certified by Lanczos residuals: an eigenvalue lies within the residual of each Ritz value)
// and its inertia decide the kind:
//   minimum        lambda_min > tol (certified)
//   maximum        lambda_max < -tol (certified)
//   strict_saddle  lambda_min < -tol (certified) and not a maximum
//   degenerate     none of these: the smallest eigenvalue is within tol of 0 and none is certified
//                  negative (e.g. the monkey saddle, or any minimum of a singular Hessian).
// with tol = curvature_tolerance * max(|lambda_min|, |lambda_max|, curvature_scale).
// A non-critical x is still given its spectrum and index. An empty or non-finite x, and a NaN or
// Inf in f, the gradient or a Hessian-vector product at x, throw std::invalid_argument.
template <class F, Scalar S>
CriticalPoint<S> classify_critical_point(F&& f, const Vector<S>& x, const ClassifyOptions& options = {}) {
  using Objective_ = std::remove_reference_t<F>;
  static_assert(Objective<Objective_, S>,
                "saddle::classify_critical_point: the objective must be callable as `S f(const Vector<S>& x, "
                "Vector<S>& g)`");
  options.validate();
  constexpr auto function = "classify_critical_point";
  detail::require_point(function, x);
  const Index n = x.size();
  CriticalPoint<S> point;
  point.dimension = n;
  point.gradient_tolerance = options.gradient_tolerance;
  Vector<S> g(n);
  point.value = detail::evaluate(f, x, g);
  detail::require_finite_evaluation(function, point.value, g);
  point.gradient_norm = g.norm();
  HessianVectorProduct<Objective_, S> hvp(f, options.hvp);
  auto product = [&hvp, &x](const Vector<S>& v, Vector<S>& hv) { hvp(x, v, hv); };

  const S scale = static_cast<S>(options.curvature_scale);
  S tolerance = S(0);
  // A lower bound on lambda_min: the dense eigensolver's, an invariant Lanczos space's, else Kuczynski &
  // Wozniakowski's with probability 1 - 1e-3 (detail::lanczos_lower_bound; none for too short a run).
  std::optional<S> lower;
  if (n <= options.dense_dimension) {
    Matrix<S> h(n, n);
    Vector<S> e = Vector<S>::Zero(n);
    Vector<S> column(n);
    for (Index j = 0; j < n; ++j) {
      e[j] = S(1);
      product(e, column);
      h.col(j) = column;
      e[j] = S(0);
    }
    for (Index j = 0; j < n; ++j) {
      if (const Index bad = detail::first_non_finite(h.col(j)); bad >= 0) {
        detail::require(function, detail::concat("Hessian(", bad, ", ", j, ")"), h(bad, j), detail::finite());
      }
    }
    const Vector<S> lambda = detail::symmetric_eigen<S>(S(0.5) * (h + h.transpose()), false).values;
    point.lambda_min = lambda[0];
    point.lambda_max = lambda[n - 1];
    tolerance = static_cast<S>(options.curvature_tolerance) *
                std::max({std::abs(point.lambda_min), std::abs(point.lambda_max), scale});
    point.index = static_cast<Index>((lambda.array() < -tolerance).count());
    point.index_method = IndexMethod::dense;
    lower = point.lambda_min;
  } else {
    // The smallest eigenvalue to full accuracy; the largest only to scale the tolerance and to
    // recognize a maximum (its residual bound keeps that honest).
    Lanczos<S> lanczos(n, {.max_iterations = options.lanczos_iterations, .tolerance = 1e-10,
                           .which = Spectrum::smallest, .seed = options.seed});
    lanczos.run(product);
    point.lambda_min = lanczos.values()[0];
    point.lambda_min_error = lanczos.residuals()[0];
    const bool invariant = lanczos.invariant();
    const std::int64_t steps = lanczos.iterations();
    lanczos.set_options({.max_iterations = options.lanczos_iterations, .tolerance = 1e-4,
                         .which = Spectrum::largest, .seed = options.seed + 3});
    lanczos.run(product);
    point.lambda_max = lanczos.values()[lanczos.iterations() - 1];
    point.lambda_max_error = lanczos.residuals()[lanczos.iterations() - 1];
    lower = invariant ? std::optional<S>(point.lambda_min)
                      : detail::lanczos_lower_bound<S>(point.lambda_min, point.lambda_max + point.lambda_max_error,
                                                       steps, n, 1e-3);
    tolerance = static_cast<S>(options.curvature_tolerance) *
                std::max({std::abs(point.lambda_min), std::abs(point.lambda_max), scale});
    const S shift = S(2) * (std::abs(point.lambda_max) + point.lambda_max_error + std::abs(point.lambda_min) +
                            point.lambda_min_error + S(1));
    const auto count = count_negative_eigenvalues<S>(
        product, n,
        {.tolerance = static_cast<double>(tolerance), .max_count = options.max_deflated,
         .lanczos_iterations = options.lanczos_iterations, .shift = static_cast<double>(shift),
         .seed = options.seed + 1});
    if (count.complete) {
      point.index = count.count;
      point.index_method = IndexMethod::deflation;
    } else {
      const auto density = spectral_density<S>(product, n,
                                               {.probes = options.probes,
                                                .iterations = std::min<std::int64_t>(options.lanczos_iterations, 80),
                                                .seed = options.seed + 2});
      point.index = static_cast<Index>(std::llround(density.count_below(-tolerance)));
      point.index = std::max<Index>(point.index, count.count);
      point.index_method = IndexMethod::estimated;
      point.index_exact = false;
    }
  }
  point.curvature_tolerance = static_cast<double>(tolerance);
  point.hvp_evaluations = hvp.products();

  const bool critical = point.gradient_norm <= static_cast<S>(options.gradient_tolerance);
  const bool certified_negative = point.lambda_min + point.lambda_min_error < -tolerance;
  // A Lanczos residual bounds the distance to *some* eigenvalue, not to the smallest: minimum needs the
  // lower bound above the tolerance (and no negative eigenvalue counted).
  const bool certified_positive = lower && point.index == 0 && *lower - point.lambda_min_error > tolerance;
  const bool negative_definite = point.lambda_max + point.lambda_max_error < -tolerance;
  if (!critical) {
    point.kind = CriticalPointKind::not_critical;
  } else if (negative_definite) {
    point.kind = CriticalPointKind::maximum;
    point.index = n;
  } else if (certified_negative) {
    point.kind = CriticalPointKind::strict_saddle;
    point.index = std::max<Index>(point.index, 1);
  } else if (certified_positive) {
    point.kind = CriticalPointKind::minimum;
  } else {
    point.kind = CriticalPointKind::degenerate;
  }
  return point;
}

}  // namespace saddle
