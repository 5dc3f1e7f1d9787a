// Step throughput of the first-order steppers, in ns per element, next to the machine's memory
// bandwidth limit measured in the same binary: for each stepper, a loop with the same memory
// pattern (the same arrays read and written, in place) and trivial arithmetic. A stepper at
// ratio 1.0 is as fast as memory allows. benchmarks/run_first_order.sh turns the JSON output
// into the table in docs/benchmarks.md.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>
#include <saddle/saddle.hpp>

namespace {

template <class S>
struct Arrays {
  explicit Arrays(std::ptrdiff_t n)
      : x(saddle::Vector<S>::LinSpaced(n, S(-1), S(1))),
        g(saddle::Vector<S>::LinSpaced(n, S(0.5), S(-0.25))),
        a(saddle::Vector<S>::Constant(n, S(0.125))),
        b(saddle::Vector<S>::Constant(n, S(0.0625))) {}
  saddle::Vector<S> x, g, a, b;
};

// The bandwidth limits: Read arrays read (g and the Read - 1 others), the others written back.
template <class S, int Read, int Written>
void limit(benchmark::State& state) {
  const auto n = static_cast<std::ptrdiff_t>(state.range(0));
  Arrays<S> arrays(n);
  S* x = arrays.x.data();
  const S* g = arrays.g.data();
  S* a = arrays.a.data();
  S* b = arrays.b.data();
  namespace v = saddle::detail::simd;
  for (auto _ : state) {
    // The steppers' own loop driver and packet loads/stores, with an add for arithmetic.
    v::for_each<S>(n, [&]<class P>(saddle::Index i) {
      const P gi = v::load<P>(g + i);
      if constexpr (Read >= 2) v::store(x + i, v::add(v::load<P>(x + i), gi));
      if constexpr (Read >= 3) v::store(a + i, v::add(v::load<P>(a + i), gi));
      if constexpr (Read >= 4) v::store(b + i, v::add(v::load<P>(b + i), gi));
    });
    benchmark::ClobberMemory();
  }
  static_assert(Written == Read - 1, "in place: every array but g is written back");
  state.SetItemsProcessed(state.iterations() * n);
}

template <class Stepper>
void stepper(benchmark::State& state, Stepper opt) {
  using S = typename Stepper::scalar_type;
  const auto n = static_cast<std::ptrdiff_t>(state.range(0));
  Arrays<S> arrays(n);
  (void)opt.step(arrays.x, arrays.g);  // sizes the state
  for (auto _ : state) {
    benchmark::DoNotOptimize(opt.step(arrays.x, arrays.g));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * n);
}

template <class S>
void register_all(const char* type) {
  const std::vector<std::int64_t> sizes{1000, 100000, 10000000};
  auto add = [&](const std::string& name, auto fn) {
    auto* b = benchmark::RegisterBenchmark((name + "/" + type).c_str(), fn);
    for (auto n : sizes) {
      b->Arg(n);
    }
    b->Unit(benchmark::kMicrosecond)->MinTime(0.3);
  };
  add("limit_2r1w", [](benchmark::State& s) { limit<S, 2, 1>(s); });  // plain SGD: x, g -> x
  add("limit_3r2w", [](benchmark::State& s) { limit<S, 3, 2>(s); });  // SGD momentum, RMSprop
  add("limit_4r3w", [](benchmark::State& s) { limit<S, 4, 3>(s); });  // Adam, AdamW, centered RMSprop
  for (const bool check : {true, false}) {
    const std::string suffix = check ? "/check" : "/nocheck";
    add("SGD" + suffix, [check](benchmark::State& s) { stepper(s, saddle::SGD<S>({.lr = 1e-3, .check_finite = check})); });
    add("SGD_momentum" + suffix, [check](benchmark::State& s) {
      stepper(s, saddle::SGD<S>({.lr = 1e-3, .momentum = 0.9, .check_finite = check}));
    });
    add("RMSprop" + suffix,
        [check](benchmark::State& s) { stepper(s, saddle::RMSprop<S>({.check_finite = check})); });
    add("Adam" + suffix, [check](benchmark::State& s) { stepper(s, saddle::Adam<S>({.check_finite = check})); });
    add("AdamW" + suffix, [check](benchmark::State& s) { stepper(s, saddle::AdamW<S>({.check_finite = check})); });
  }
}

}  // namespace

int main(int argc, char** argv) {
  register_all<float>("float");
  register_all<double>("double");
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
