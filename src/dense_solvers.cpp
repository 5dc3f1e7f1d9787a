// The one translation unit of saddle's own tests, examples and tools that compiles Eigen's dense
// solvers (see saddle/core/detail/dense_solvers.hpp): every other unit is built with
// SADDLE_SEPARATE_DENSE_SOLVERS and links this one.
#include <saddle/core/detail/dense_solvers.hpp>

namespace saddle::detail {
SADDLE_DETAIL_DENSE_SOLVERS(template)
}  // namespace saddle::detail
