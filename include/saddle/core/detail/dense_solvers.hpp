// Eigen's dense symmetric eigensolver and SVD behind two function templates, so that a program can
// compile them once instead of once per translation unit.
//
// Every dense decomposition the library makes (the dense branch of classify_critical_point and
// locate_critical_point, the landscapes' dense_lambda_min, the long double labels of the matrix
// factorization and the deep linear network) goes through symmetric_eigen or thin_svd. Eigen's
// solvers are among the heaviest templates there are to compile (about 6 s of g++ -O2 for one
// SelfAdjointEigenSolver, 15 s for BDCSVD in long double), and every translation unit that uses them
// compiles them again. A program with many translation units can compile them once: define
// SADDLE_SEPARATE_DENSE_SOLVERS in every unit (they then see only the extern declarations below)
// and compile one source file that includes this header and expands
// SADDLE_DETAIL_DENSE_SOLVERS(template) inside namespace saddle::detail. saddle's own tests,
// examples and tools do (src/dense_solvers.cpp); without the macro nothing changes.
#pragma once

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>

#include "saddle/core/types.hpp"

namespace saddle::detail {

// The eigenvalues of a symmetric matrix (read from its lower triangle) in increasing order, and the
// orthonormal eigenvectors (column i for values[i]) when asked for; vectors is empty otherwise.
template <class T>
struct SymmetricEigen {
  Vector<T> values;
  Matrix<T> vectors;
};

template <class T>
SymmetricEigen<T> symmetric_eigen(const Matrix<T>& a, bool vectors) {
  const Eigen::SelfAdjointEigenSolver<Matrix<T>> solver(a, vectors ? Eigen::ComputeEigenvectors
                                                                   : Eigen::EigenvaluesOnly);
  SymmetricEigen<T> out;
  out.values = solver.eigenvalues();
  if (vectors) {
    out.vectors = solver.eigenvectors();
  }
  return out;
}

// A = U diag(values) V^T with the singular values in decreasing order and the thin U and V when asked
// for (empty otherwise): Eigen's divide-and-conquer BDCSVD, which is JacobiSVD below 16 columns.
template <class T>
struct ThinSVD {
  Vector<T> values;
  Matrix<T> u;
  Matrix<T> v;
};

template <class T>
ThinSVD<T> thin_svd(const Matrix<T>& a, bool vectors) {
  const Eigen::BDCSVD<Matrix<T>> solver(a, vectors ? Eigen::ComputeThinU | Eigen::ComputeThinV : 0);
  ThinSVD<T> out;
  out.values = solver.singularValues();
  if (vectors) {
    out.u = solver.matrixU();
    out.v = solver.matrixV();
  }
  return out;
}

// The instantiations saddle uses: the eigensolver in every scalar type, the SVD in long double.
#define SADDLE_DETAIL_DENSE_SOLVERS(prefix)                                                     \
  prefix SymmetricEigen<float> symmetric_eigen<float>(const Matrix<float>&, bool);               \
  prefix SymmetricEigen<double> symmetric_eigen<double>(const Matrix<double>&, bool);            \
  prefix SymmetricEigen<long double> symmetric_eigen<long double>(const Matrix<long double>&, bool); \
  prefix ThinSVD<long double> thin_svd<long double>(const Matrix<long double>&, bool);

#ifdef SADDLE_SEPARATE_DENSE_SOLVERS
SADDLE_DETAIL_DENSE_SOLVERS(extern template)
#endif

}  // namespace saddle::detail
