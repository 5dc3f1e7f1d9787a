// A 2-D slice of a 1000-dimensional landscape through its saddle, along the two Hessian
// eigenvectors that matter (the escape direction and the stiffest one), with the paths of
// gradient descent and Adam drawn on top: where each goes, and how long each lingers.
//
//   saddle_slice [output-directory]   then   scripts/plot_slice.py DIR/slice.csv DIR/slice.png DIR/path_*.csv
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <saddle/saddle.hpp>

namespace ls = saddle::landscapes;
using saddle::Vector;

int main(int argc, char** argv) {
  const std::filesystem::path out = argc > 1 ? argv[1] : "slice-output";
  std::filesystem::create_directories(out);
  const saddle::Index d = 1000;
  Vector<double> eigenvalues = Vector<double>::LinSpaced(d, 0.5, 5.0);
  eigenvalues[0] = -1.0;  // one escape direction
  const ls::StrictSaddleQuartic<double> axis_aligned(eigenvalues);
  ls::Rotated<ls::StrictSaddleQuartic<double>> f(axis_aligned, 3, 42);  // no axis flatters Adam
  const Vector<double> saddle_point = Vector<double>::Zero(d);

  // The slice's axes: Lanczos eigenvectors of the Hessian at the saddle.
  auto hessian = saddle::hessian_at(f, saddle_point);
  const auto low = saddle::lanczos<double>(hessian, d, {.max_iterations = 80, .which = saddle::Spectrum::smallest});
  const auto high = saddle::top_eigenvalues<double>(hessian, d, 1, {.max_iterations = 80});
  const Vector<double> escape = low.vectors.col(0);
  const Vector<double> stiff = high.vectors.col(0);
  std::printf("Hessian at the saddle: lambda_min = %.6f +- %.1e, lambda_max = %.6f (%lld products)\n", low.smallest(),
              low.residuals[0], high.values[0], static_cast<long long>(hessian.products()));
  const auto slice = saddle::slice_2d(f, saddle_point, escape, stiff, {-1.6, 1.6, 81}, {-0.6, 0.6, 81});
  std::ofstream(out / "slice.csv") << [&] {
    std::ostringstream s;
    slice.write_csv(s);
    return s.str();
  }();

  // Start near the saddle: mostly along the stiff direction, a hair along the escape one.
  const Vector<double> start = 0.5 * stiff + 1e-6 * escape + 1e-3 * saddle::random_direction(saddle_point, 7);
  auto run = [&](const char* name, auto stepper) {
    Vector<double> x = start;
    saddle::History<double> history({.record_x = true});
    const auto result = saddle::minimize(f, x, stepper, {.gradient_tolerance = 1e-6, .max_iterations = 3000}, history);
    std::ofstream path(out / (std::string("path_") + name + ".csv"));
    path.precision(12);
    path << "alpha,beta,value\n";
    for (std::size_t k = 0; k < history.iterates().size(); ++k) {
      const auto [a, b] = saddle::project_onto_plane(history.iterates()[k], saddle_point, escape, stiff);
      path << a << ',' << b << ',' << history.values()[k] << '\n';
    }
    std::printf("%-18s %s\n", name, result.brief().c_str());
  };
  run("gradient_descent", saddle::GradientDescent<double>({.lr = 0.05}));
  run("adam", saddle::Adam<double>({.lr = 0.01}));
  std::printf("slice and paths written to %s\n", out.string().c_str());
  return 0;
}
