// The n-dimensional landscapes, drawn through what happens on them: for scripts/plot_dynamics.py.
//
//   landscape_dynamics [output-directory]
//
// writes into the directory
//   rosenbrock_slice.csv   alpha,beta,value  f on the plane through the extended Rosenbrock function's
//                          (n = 5) saddle and its two minima
//   rosenbrock_points.csv  name,alpha,beta,value,kind,index  the labelled points on that plane
//   rosenbrock_paths.csv   path,alpha,beta  gradient descent from the saddle, nudged both ways along
//                          its escape eigenvector, projected onto the plane
//   curves.csv             panel,iteration,value  loss curves of gradient descent
//   levels.csv             panel,value,kind,index,label  critical values drawn behind the curves
//   modes.csv              iteration,mode,strength  the deep linear network's mode strengths a_k^T W b_k
//   census.csv             index,count,log10_count,value  the orthogonal quartic's critical points, d = 10
// and prints a summary of each run.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <saddle/saddle.hpp>

namespace ls = saddle::landscapes;
using saddle::Index;
using saddle::Matrix;
using saddle::Vector;

namespace {

// Gradient descent with a fixed learning rate, recording f at every iteration and handing each
// iterate to `visit`.
template <class F, class Visit>
saddle::Result<double> descend(const F& f, Vector<double>& x, double lr, std::int64_t iterations,
                               std::ofstream& curves, const char* panel, Visit&& visit) {
  saddle::History<double> history({.record_x = true});
  const auto result = saddle::minimize(f, x, saddle::GradientDescent<double>({.lr = lr}),
                                       {.gradient_tolerance = 1e-10, .max_iterations = iterations}, history);
  for (std::size_t k = 0; k < history.values().size(); ++k) {
    curves << panel << ',' << k << ',' << history.values()[k] << '\n';
    visit(history.iterates()[k]);
  }
  return result;
}

void rosenbrock(const std::filesystem::path& out) {
  const ls::Rosenbrock<double> f(5);
  const auto points = f.critical_points();
  const auto find = [&](saddle::CriticalPointKind kind, bool global) {
    for (const auto& p : points) {
      if (p.kind == kind && (kind != saddle::CriticalPointKind::minimum || (p.value == 0.0) == global)) {
        return p;
      }
    }
    throw std::logic_error("extended Rosenbrock (n = 5) lacks a labelled point");
  };
  const auto saddle_point = find(saddle::CriticalPointKind::strict_saddle, false);
  const auto global = find(saddle::CriticalPointKind::minimum, true);
  const auto local = find(saddle::CriticalPointKind::minimum, false);

  // The plane through the three points: origin at the saddle, d1 towards the global minimum, d2
  // towards the local one, orthogonalized against d1 (so the global minimum sits at (1, 0)).
  const Vector<double> origin = saddle_point.point;
  const Vector<double> d1 = global.point - origin;
  Vector<double> d2 = local.point - origin;
  d2 -= (d2.dot(d1) / d1.squaredNorm()) * d1;
  d2 *= d1.norm() / d2.norm();
  const auto slice = saddle::slice_2d(f, origin, d1, d2, {-0.35, 1.25, 161}, {-0.5, 1.1, 161});
  std::ofstream slice_file(out / "rosenbrock_slice.csv");
  slice.write_csv(slice_file);

  std::ofstream points_file(out / "rosenbrock_points.csv");
  points_file.precision(12);
  points_file << "name,alpha,beta,value,kind,index\n";
  const auto write_point = [&](const char* name, const ls::LabelledPoint<double>& p) {
    const auto [a, b] = saddle::project_onto_plane(p.point, origin, d1, d2);
    points_file << name << ',' << a << ',' << b << ',' << p.value << ',' << saddle::to_string(p.kind) << ','
                << p.index << '\n';
  };
  write_point("global minimum", global);
  write_point("local minimum", local);
  write_point("saddle", saddle_point);

  // The escape direction: the Hessian's lowest eigenvector at the saddle, by Lanczos.
  auto hessian = saddle::hessian_at(f, origin);
  const auto low = saddle::lanczos<double>(hessian, 5, {.which = saddle::Spectrum::smallest});
  const Vector<double> escape = low.vectors.col(0);
  std::printf("extended Rosenbrock n = 5: saddle f = %.6f, lambda_min = %.4f (+- %.1e)\n", saddle_point.value,
              low.smallest(), low.residuals[0]);

  std::ofstream paths(out / "rosenbrock_paths.csv");
  paths.precision(12);
  paths << "path,alpha,beta\n";
  for (const double sign : {1.0, -1.0}) {
    Vector<double> x = origin + sign * 1e-3 * escape;
    saddle::History<double> history({.record_x = true, .every = 20});
    const auto result = saddle::minimize(f, x, saddle::GradientDescent<double>({.lr = 1e-3}),
                                         {.gradient_tolerance = 1e-8, .max_iterations = 200000}, history);
    const char* name = sign > 0 ? "nudged +v" : "nudged -v";
    for (const auto& iterate : history.iterates()) {
      const auto [a, b] = saddle::project_onto_plane(iterate, origin, d1, d2);
      paths << name << ',' << a << ',' << b << '\n';
    }
    std::printf("  gradient descent from the saddle, %s: %s, |x - global| = %.1e, |x - local| = %.1e\n", name,
                result.brief().c_str(), (x - global.point).norm(), (x - local.point).norm());
  }
}

// Matrix factorization 1/4 |UU^T - M|^2 (d = 6, r = 3, M's eigenvalues 8, 2, 0.5, 0.1, 0, 0) from a
// small start: gradient descent passes the saddles where the top 0, 1, 2 eigenpairs are fitted. A
// labelled point counts as visited when UU^T comes within 0.5% of |M| of its PP^T (U is only
// determined up to a rotation).
void matrix_factorization(std::ofstream& curves, std::ofstream& levels) {
  const Index d = 6;
  const auto f = ls::random_matrix_factorization<double>({8.0, 2.0, 0.5, 0.1, 0.0, 0.0}, 3, 1);
  const auto labels = f.critical_points();
  std::vector<Matrix<double>> gram;
  for (const auto& p : labels) {
    const Eigen::Map<const Matrix<double>> u(p.point.data(), d, 3);
    gram.emplace_back(u * u.transpose());
  }
  std::vector<double> closest(labels.size(), INFINITY);
  const double scale = f.target().norm();
  Vector<double> x = f.start_point();
  const auto result = descend(f, x, 0.05, 2000, curves, "matrix factorization", [&](const Vector<double>& u) {
    const Eigen::Map<const Matrix<double>> m(u.data(), d, 3);
    const Matrix<double> uut = m * m.transpose();
    for (std::size_t i = 0; i < labels.size(); ++i) {
      closest[i] = std::min(closest[i], (uut - gram[i]).norm() / scale);
    }
  });
  std::printf("matrix factorization d = 6, r = 3: %s; %zu labelled points, visited:\n", result.brief().c_str(),
              labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (closest[i] < 0.005) {
      levels << "matrix factorization," << labels[i].value << ',' << saddle::to_string(labels[i].kind) << ','
             << labels[i].index << ",\n";
      std::printf("  %-13s index %2d  f = %8.4f  (closest approach %.1e)\n",
                  std::string(saddle::to_string(labels[i].kind)).c_str(), labels[i].index, labels[i].value,
                  closest[i]);
    }
  }
}

// Saxe et al.'s three-layer linear network, 6-6-6-6, whitened inputs, teacher T = A diag(4, 2, 1, 0.5) B^T:
// the loss falls in stages, one singular mode at a time, each after a plateau at the critical value
// 1/2 sum_{a > k} sigma_a^2 where the top k modes are learned.
void deep_linear(std::ofstream& curves, std::ofstream& levels, const std::filesystem::path& out) {
  const std::vector<double> sigma = {4.0, 2.0, 1.0, 0.5};
  const auto f = ls::random_deep_linear_network<double>({6, 6, 6, 6}, sigma, 3, 0.01);
  // The teacher's modes a_k sigma_k b_k^T.
  const Eigen::JacobiSVD<Matrix<double>> svd(f.target(), Eigen::ComputeFullU | Eigen::ComputeFullV);
  const Matrix<double>& a = svd.matrixU();
  const Matrix<double>& b = svd.matrixV();
  for (std::size_t k = 0; k <= sigma.size(); ++k) {
    double value = 0.0;
    for (std::size_t j = k; j < sigma.size(); ++j) {
      value += 0.5 * sigma[j] * sigma[j];
    }
    const char* kind = k == 0 ? "degenerate" : (k == sigma.size() ? "minimum" : "strict_saddle");
    levels << "deep linear network," << value << ',' << kind << ",," << k << " of 4 modes learned\n";
  }
  std::ofstream modes(out / "modes.csv");
  modes.precision(12);
  modes << "iteration,mode,strength\n";
  std::int64_t iteration = 0;
  Vector<double> x = f.start_point();
  const auto result = descend(f, x, 0.05, 3000, curves, "deep linear network", [&](const Vector<double>& w) {
    const Matrix<double> product = f.layer(w, 2) * f.layer(w, 1) * f.layer(w, 0);
    for (std::size_t k = 0; k < sigma.size(); ++k) {
      const auto col = static_cast<Index>(k);
      modes << iteration << ',' << sigma[k] << ',' << a.col(col).dot(product * b.col(col)) << '\n';
    }
    ++iteration;
  });
  std::printf("deep linear network 6-6-6-6, singular values 4, 2, 1, 0.5: %s\n", result.brief().c_str());
}

// The orthogonal quartic, d = 5, Q = I: from a point by the all-ones saddle (index 4) whose
// coordinates are nudged down by 1e-3, 1e-6, 1e-9, 1e-12, gradient descent drops one coordinate at a time
// and descends a staircase of saddles of index 3, 2, 1 to a minimum. Every support-k value is drawn.
void orthogonal_quartic(std::ofstream& curves, std::ofstream& levels, const std::filesystem::path& out) {
  const Index d = 5;
  const double mu = 2.0;
  const ls::OrthogonalQuartic<double> f(d, mu, 0, 0);
  for (Index k = 1; k <= d; ++k) {
    const double value = -mu / (4.0 * (mu * static_cast<double>(k) - 1.0));
    levels << "orthogonal quartic," << value << ',' << (k == 1 ? "minimum" : "strict_saddle") << ',' << k - 1
           << ",\n";
  }
  const double c = std::sqrt(mu / (mu * static_cast<double>(d) - 1.0));
  Vector<double> x = Vector<double>::Constant(d, c);
  for (Index i = 0; i + 1 < d; ++i) {
    x[i] -= std::pow(10.0, -3.0 * static_cast<double>(i + 1));
  }
  const auto result = descend(f, x, 0.05, 3000, curves, "orthogonal quartic", [](const Vector<double>&) {});
  std::printf("orthogonal quartic d = 5 from the index-4 saddle: %s, x = (%.3f, %.3f, %.3f, %.3f, %.3f)\n",
              result.brief().c_str(), x[0], x[1], x[2], x[3], x[4]);

  const auto census = ls::OrthogonalQuartic<double>::census(10);
  std::ofstream file(out / "census.csv");
  file.precision(12);
  file << "index,count,log10_count,value\n";
  for (std::size_t i = 0; i < census.count_by_index.size(); ++i) {
    const double support = static_cast<double>(i) + 1.0;
    const double value = i + 1 == census.count_by_index.size() ? mu / 4.0 : -mu / (4.0 * (mu * support - 1.0));
    file << i << ',' << census.count_by_index[i] << ',' << census.log_count_by_index[i] / std::log(10.0) << ','
         << value << '\n';
  }
  std::printf("orthogonal quartic d = 10: %.0f critical points, %.5f of them saddles\n", census.total,
              census.saddle_fraction);
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path out = argc > 1 ? argv[1] : "dynamics-output";
  std::filesystem::create_directories(out);
  std::ofstream curves(out / "curves.csv");
  std::ofstream levels(out / "levels.csv");
  curves.precision(12);
  levels.precision(12);
  curves << "panel,iteration,value\n";
  levels << "panel,value,kind,index,label\n";
  rosenbrock(out);
  matrix_factorization(curves, levels);
  deep_linear(curves, levels, out);
  orthogonal_quartic(curves, levels, out);
  std::printf("written to %s\n", out.string().c_str());
  return 0;
}
