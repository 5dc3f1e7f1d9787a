// Small helpers shared by several test files (one definition, so that an area's files can be
// compiled as one unity translation unit): a vector from a brace list, and f(x) = |x|^2 / 2.
#pragma once

#include <initializer_list>

#include <saddle/core/types.hpp>

namespace saddle_test {

inline saddle::Vector<double> vec(std::initializer_list<double> values) {
  saddle::Vector<double> v(static_cast<saddle::Index>(values.size()));
  saddle::Index i = 0;
  for (const double x : values) {
    v[i++] = x;
  }
  return v;
}

// f(x) = 1/2 |x|^2 with gradient x.
inline double half_square(const saddle::Vector<double>& x, saddle::Vector<double>& g) {
  g = x;
  return 0.5 * x.squaredNorm();
}

}  // namespace saddle_test
