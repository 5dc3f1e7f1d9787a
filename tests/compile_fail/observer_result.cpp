// Must not compile: an observer returning bool is ambiguous (does true mean stop or go on?).
#include <saddle/saddle.hpp>

int main() {
  auto f = [](const saddle::Vector<double>& x, saddle::Vector<double>& g) {
    g = x;
    return 0.5 * x.squaredNorm();
  };
  auto ambiguous = [](const saddle::IterationInfo<double>&) { return true; };
  saddle::Vector<double> x = saddle::Vector<double>::Ones(2);
  saddle::GradientDescent<double> gd;
  return static_cast<int>(saddle::minimize(f, x, gd, {}, ambiguous).iterations);
}
