// Must not compile: a value-only function is not an objective (it cannot give the gradient).
#include <saddle/saddle.hpp>

int main() {
  auto value_only = [](const saddle::Vector<double>& x) { return x.squaredNorm(); };
  saddle::Vector<double> x = saddle::Vector<double>::Zero(2);
  saddle::GradientDescent<double> gd;
  return static_cast<int>(saddle::minimize(value_only, x, gd).iterations);
}
