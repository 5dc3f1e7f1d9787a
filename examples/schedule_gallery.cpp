// Prints every learning-rate schedule (and one-cycle's momentum) for 300 updates as CSV, for
// scripts/plot_schedules.py: column "step", then one column per schedule.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <saddle/saddle.hpp>

int main() {
  const double base = 0.1;
  const std::int64_t steps = 300;
  struct Column {
    std::string name;
    std::vector<double> values;
  };
  std::vector<Column> columns;
  auto add = [&](const std::string& name, const auto& schedule) {
    schedule.validate();
    Column c{name, {}};
    for (std::int64_t k = 0; k < steps; ++k) {
      c.values.push_back(schedule(k, base));
    }
    columns.push_back(std::move(c));
  };
  add("StepLR{step_size=60, gamma=0.5}", saddle::StepLR{.step_size = 60, .gamma = 0.5});
  add("MultiStepLR{milestones={100,100,200}, gamma=0.5}",
      saddle::MultiStepLR{.milestones = {100, 100, 200}, .gamma = 0.5});
  add("ExponentialLR{gamma=0.99}", saddle::ExponentialLR{.gamma = 0.99});
  add("CosineAnnealingLR{T_max=200, eta_min=0.01}", saddle::CosineAnnealingLR{.T_max = 200, .eta_min = 0.01});
  add("CosineAnnealingWarmRestarts{T_0=20, T_mult=2}", saddle::CosineAnnealingWarmRestarts{.T_0 = 20, .T_mult = 2});
  add("LinearLR{start_factor=0.1, total_iters=100}", saddle::LinearLR{.start_factor = 0.1, .total_iters = 100});
  add("ConstantLR{factor=0.5, total_iters=50}", saddle::ConstantLR{.factor = 0.5, .total_iters = 50});
  add("PolynomialLR{total_iters=250, power=2}", saddle::PolynomialLR{.total_iters = 250, .power = 2.0});
  const saddle::OneCycleLR one{.max_lr = 0.1, .total_steps = 300};
  add("OneCycleLR{max_lr=0.1, total_steps=300}", one);
  add("warmup_cosine(30, 300)", saddle::warmup_cosine({.warmup_steps = 30, .total_steps = 300}));
  add("warmup_linear(30, 300)", saddle::warmup_linear({.warmup_steps = 30, .total_steps = 300}));
  add("chained(ConstantLR, ExponentialLR)", saddle::chained(saddle::ConstantLR{.factor = 0.5, .total_iters = 50},
                                                            saddle::ExponentialLR{.gamma = 0.995}));
  Column momentum{"OneCycleLR momentum", {}};
  for (std::int64_t k = 0; k < steps; ++k) {
    momentum.values.push_back(one.momentum(k).value());
  }
  columns.push_back(std::move(momentum));

  std::printf("step");
  for (const auto& c : columns) {
    std::printf(",\"%s\"", c.name.c_str());
  }
  std::printf("\n");
  for (std::int64_t k = 0; k < steps; ++k) {
    std::printf("%lld", static_cast<long long>(k));
    for (const auto& c : columns) {
      std::printf(",%.17g", c.values[static_cast<std::size_t>(k)]);
    }
    std::printf("\n");
  }
  return 0;
}
