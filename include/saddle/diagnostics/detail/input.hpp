// Input checks shared by the diagnostics' entry points: a point must be non-empty and finite, and
// f and its gradient must be finite there — otherwise a clear std::invalid_argument, never a verdict.
#pragma once

#include <string_view>

#include "saddle/core/format.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"

namespace saddle::detail {

// "saddle::<function>: x.size() = 0 violates x.size() >= 1", or the first non-finite entry.
template <Scalar S>
void require_point(std::string_view function, const Vector<S>& x, std::string_view name = "x") {
  if (x.size() < 1) {
    require(function, concat(name, ".size()"), x.size(), at_least(1));
  }
  if (const Index bad = first_non_finite(x); bad >= 0) {
    require(function, concat(name, "[", bad, "]"), x[bad], finite());
  }
}

// Both vectors have the same size (a direction for a point, a start vector for an operator).
template <Scalar S>
void require_same_size(std::string_view function, std::string_view name, const Vector<S>& v, std::string_view other,
                       Index expected) {
  if (v.size() != expected) {  // the message is built only on failure
    require_that(false, function, concat(name, ".size()"), concat(v.size()),
                 concat(name, ".size() == ", other, ".size() = ", expected));
  }
}

// f(x) and its gradient must be finite: a NaN or Inf at the point is invalid input, not a kind.
template <Scalar S>
void require_finite_evaluation(std::string_view function, S value, const Vector<S>& g) {
  require(function, "f(x)", value, finite());
  if (const Index bad = first_non_finite(g); bad >= 0) {
    require(function, concat("gradient[", bad, "]"), g[bad], finite());
  }
}

}  // namespace saddle::detail
