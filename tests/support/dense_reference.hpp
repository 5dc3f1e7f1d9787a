// Eigen's dense symmetric eigensolver as the tests' independent reference, taken from the instances
// src/dense_solvers.cpp compiles once (SADDLE_SEPARATE_DENSE_SOLVERS): used directly, each test area
// compiled SelfAdjointEigenSolver again, about 6 s of g++ -O2 apiece. The class keeps the names of
// the Eigen calls it stands for.
#pragma once

#include <Eigen/Core>

#include <saddle/core/detail/dense_solvers.hpp>
#include <saddle/core/types.hpp>

namespace saddle_test {

// Eigen::SelfAdjointEigenSolver<Matrix<T>>: eigenvalues in increasing order, eigenvectors unless
// options is Eigen::EigenvaluesOnly.
template <class T>
class SymmetricEigen {
 public:
  explicit SymmetricEigen(const saddle::Matrix<T>& a, int options = Eigen::ComputeEigenvectors)
      : result_(saddle::detail::symmetric_eigen<T>(a, (options & Eigen::ComputeEigenvectors) != 0)) {}

  [[nodiscard]] const saddle::Vector<T>& eigenvalues() const { return result_.values; }
  [[nodiscard]] const saddle::Matrix<T>& eigenvectors() const { return result_.vectors; }
  // V diag(sqrt(lambda)) V^T, for a positive semi-definite matrix.
  [[nodiscard]] saddle::Matrix<T> operatorSqrt() const {
    return result_.vectors * result_.values.cwiseSqrt().asDiagonal() * result_.vectors.transpose();
  }

 private:
  saddle::detail::SymmetricEigen<T> result_;
};

}  // namespace saddle_test
