// A float stepper cannot step a double x: minimize() must say so in one line.
#include <saddle/saddle.hpp>

int main() {
  auto f = [](const saddle::Vector<double>& x, saddle::Vector<double>& g) {
    g = x;
    return 0.5 * x.squaredNorm();
  };
  saddle::Vector<double> x = saddle::Vector<double>::Ones(2);
  saddle::Adam<float> adam;
  (void)saddle::minimize(f, x, adam, {});
  return 0;
}
