// Basic types shared by every part of saddle: vectors, matrices and the scalar concept.
#pragma once

#include <Eigen/Core>
#include <concepts>
#include <cstdint>

namespace saddle {

// The scalar types saddle's algorithms are instantiated for (float, double, long double).
template <class S>
concept Scalar = std::floating_point<S>;

template <class S>
using Vector = Eigen::Matrix<S, Eigen::Dynamic, 1>;

template <class S>
using Matrix = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;

using Index = Eigen::Index;

}  // namespace saddle
