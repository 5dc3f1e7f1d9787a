// A consumer of the installed (or added) saddle: minimizes a convex quadratic.
#include <iostream>
#include <saddle/saddle.hpp>

int main() {
  auto f = [](const saddle::Vector<double>& x, saddle::Vector<double>& g) {
    g = 2.0 * (x.array() - 3.0).matrix();
    return (x.array() - 3.0).square().sum();
  };
  saddle::Vector<double> x = saddle::Vector<double>::Zero(4);
  saddle::GradientDescent<double> gd({.lr = 0.25});
  const auto result = saddle::minimize(f, x, gd, {.gradient_tolerance = 1e-10});
  std::cout << result.brief() << "\n";
  return result.status == saddle::Status::converged_gradient && (x.array() - 3.0).abs().maxCoeff() < 1e-9 ? 0 : 1;
}
