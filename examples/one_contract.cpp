// One contract for every method: the same generic function runs L-BFGS, Newton-CG, the trust region
// and Adam (a stepper made a Minimizer by first_order) on the 10-dimensional Rosenbrock function.
// This is the example of docs/minimize.md, compiled with the examples so it cannot rot.
#include <iostream>
#include <saddle/saddle.hpp>

template <class Method>
void report(const char* name, Method method) {  // knows nothing of the method
  saddle::landscapes::Rosenbrock<double> f(10);
  saddle::Vector<double> x = f.start_point();
  const auto result = saddle::minimize(f, x, method);
  std::cout << name << ": " << result.brief() << '\n';
}

int main() {
  const saddle::StoppingOptions stop{.gradient_tolerance = 1e-8, .max_iterations = 100000};
  report("L-BFGS", saddle::LBFGS<double>({.stop = stop}));
  report("Newton-CG", saddle::NewtonCG<double>({.stop = stop}));
  report("trust region", saddle::TrustRegionNewtonCG<double>({.stop = stop}));
  report("Adam", saddle::first_order(saddle::Adam<double>({.lr = 1e-2}), stop));
}
