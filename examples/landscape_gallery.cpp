// Prints every 2-D landscape as CSV for scripts/plot_landscapes.py: a 121 x 121 grid of f and the
// labelled critical points, one row each, with the columns
//   landscape,record,x,y,f,kind,index
// where record is "grid" (kind and index empty) or "point" (f is the labelled value).
#include <cstdio>
#include <string>

#include <saddle/saddle.hpp>

namespace {

using saddle::Vector;
namespace ls = saddle::landscapes;

template <class L>
void print(const L& landscape, double lo, double hi) {
  const int n = 121;
  const std::string name = "\"" + std::string(landscape.name()) + "\"";
  Vector<double> x(2);
  Vector<double> g(2);
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < n; ++i) {
      x << lo + (hi - lo) * i / (n - 1), lo + (hi - lo) * j / (n - 1);
      const double f = landscape(x, g);
      std::printf("%s,grid,%.17g,%.17g,%.17g,,\n", name.c_str(), x[0], x[1], f);
    }
  }
  for (const auto& p : landscape.critical_points()) {
    std::printf("%s,point,%.17g,%.17g,%.17g,%s,%d\n", name.c_str(), static_cast<double>(p.point[0]),
                static_cast<double>(p.point[1]), static_cast<double>(p.value),
                std::string(saddle::to_string(p.kind)).c_str(), p.index);
  }
}

}  // namespace

int main() {
  std::printf("landscape,record,x,y,f,kind,index\n");
  print(ls::Himmelblau<double>(), -5.0, 5.0);
  print(ls::x2_minus_y2<double>(), -2.0, 2.0);
  print(ls::MonkeySaddle<double>(), -1.5, 1.5);
  print(ls::ConfinedMonkeySaddle<double>(), -1.2, 1.2);
  print(ls::ScalarDeepLinear<double>(2, 1.0), -2.0, 2.0);
  print(ls::ThreeHumpCamel<double>(), -2.5, 2.5);
  print(ls::StyblinskiTang<double>(2), -5.0, 5.0);
  print(ls::OrthogonalQuartic<double>(2, 2.0), -2.0, 2.0);
  Vector<double> eigenvalues(2);
  eigenvalues << 1.0, -1.0;
  print(ls::StrictSaddleQuartic<double>(eigenvalues), -2.0, 2.0);
  return 0;
}
