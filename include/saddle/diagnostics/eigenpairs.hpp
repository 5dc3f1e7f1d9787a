// Eigenpairs: eigenvalue estimates with their eigenvectors and residual bounds, as returned by
// top_eigenvalues and power_iteration.
#pragma once

#include <cstdint>

#include "saddle/core/types.hpp"

namespace saddle {

template <Scalar S>
struct Eigenpairs {
  Vector<S> values;     // descending for top_eigenvalues
  Matrix<S> vectors;    // unit eigenvector estimates, one column each
  Vector<S> residuals;  // |H y - theta y|: an eigenvalue lies within it
  std::int64_t products = 0;
};

}  // namespace saddle
