// Tests of the learning-rate schedules: torch.optim.lr_scheduler sequences replayed from
// fixtures (tests/fixtures/generate_schedules.py), ReduceLROnPlateau fed fixed metrics,
// stepper + schedule trajectories against torch, composition, attachment and validation.
#include <bit>
#include <concepts>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "support/catch.hpp"
#include "support/fixtures.hpp"

#include <saddle/saddle.hpp>

using saddle::StepStatus;
using saddle::Vector;
using saddle_test::Approx;
using saddle_test::contains;

namespace {

// ---------------------------------------------------------------------------------------------
// Fixture reading.

struct Case {
  std::string name;
  std::string schedule;
  std::map<std::string, std::string> params;
  std::map<int, std::string> child_types;
  std::map<int, std::map<std::string, std::string>> child_params;
  std::map<std::string, std::string> options;  // trajectories: stepper options
  std::string optimizer;
  double base_lr = 0.0;
  std::map<std::string, std::vector<std::string>> rows;  // lr, closed, momentum, metrics, best, bad, ...
  std::vector<std::string> x0;
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> steps;  // (g, x)
};

std::vector<Case> read_cases(const std::string& file) {
  return saddle_test::read_fixture_cases<Case>("schedules", file,
                                               [](Case& c, const std::string& key, std::istringstream& ls) {
                                                 if (key == "end") {
                                                   return;
                                                 }
                                                 if (key == "schedule") {
                                                   ls >> c.schedule;
                                                 } else if (key == "param") {
                                                   std::string name;
                                                   std::string value;
                                                   ls >> name >> value;
                                                   c.params[name] = value;
                                                 } else if (key == "child") {
                                                   int index = 0;
                                                   ls >> index;
                                                   ls >> c.child_types[index];
                                                 } else if (key == "child_param") {
                                                   int index = 0;
                                                   std::string name;
                                                   std::string value;
                                                   ls >> index >> name >> value;
                                                   c.child_params[index][name] = value;
                                                 } else if (key == "option") {
                                                   std::string name;
                                                   std::string value;
                                                   ls >> name >> value;
                                                   c.options[name] = value;
                                                 } else if (key == "optimizer") {
                                                   ls >> c.optimizer;
                                                 } else if (key == "base_lr") {
                                                   ls >> c.base_lr;
                                                 } else if (key == "x0") {
                                                   c.x0 = saddle_test::words(ls);
                                                 } else if (key == "step") {
                                                   c.steps.emplace_back();
                                                 } else if (key == "g") {
                                                   c.steps.back().first = saddle_test::words(ls);
                                                 } else if (key == "x") {
                                                   c.steps.back().second = saddle_test::words(ls);
                                                 } else {
                                                   c.rows[key] = saddle_test::words(ls);
                                                 }
                                               });
}

double num(const std::map<std::string, std::string>& p, const std::string& k) { return std::stod(p.at(k)); }
std::int64_t whole(const std::map<std::string, std::string>& p, const std::string& k) { return std::stoll(p.at(k)); }
bool flag(const std::map<std::string, std::string>& p, const std::string& k) { return p.at(k) == "true"; }
std::vector<std::int64_t> list(const std::map<std::string, std::string>& p, const std::string& k) {
  std::vector<std::int64_t> out;
  std::stringstream ss(p.at(k));
  std::string item;
  while (std::getline(ss, item, ',')) {
    out.push_back(std::stoll(item));
  }
  return out;
}
std::vector<double> numbers(const std::vector<std::string>& words) {
  std::vector<double> out;
  for (const auto& w : words) {
    out.push_back(std::stod(w));
  }
  return out;
}

// A leaf schedule of any type, so the tests can build composites from the fixtures' text.
using Leaf = std::variant<saddle::StepLR, saddle::MultiStepLR, saddle::ExponentialLR, saddle::ConstantLR,
                          saddle::LinearLR, saddle::PolynomialLR, saddle::CosineAnnealingLR,
                          saddle::CosineAnnealingWarmRestarts, saddle::OneCycleLR>;
struct AnyLeaf {
  Leaf leaf;
  double operator()(std::int64_t k, double base) const {
    return std::visit([&](const auto& s) { return s(k, base); }, leaf);
  }
  std::optional<double> momentum(std::int64_t k) const {
    if (const auto* one = std::get_if<saddle::OneCycleLR>(&leaf)) {
      return one->momentum(k);
    }
    return std::nullopt;
  }
  void validate() const {
    std::visit([](const auto& s) { s.validate(); }, leaf);
  }
};

AnyLeaf make_leaf(const std::string& type, const std::map<std::string, std::string>& p) {
  if (type == "StepLR") return {saddle::StepLR{whole(p, "step_size"), num(p, "gamma")}};
  if (type == "MultiStepLR") return {saddle::MultiStepLR{list(p, "milestones"), num(p, "gamma")}};
  if (type == "ExponentialLR") return {saddle::ExponentialLR{num(p, "gamma")}};
  if (type == "ConstantLR") return {saddle::ConstantLR{num(p, "factor"), whole(p, "total_iters")}};
  if (type == "LinearLR") {
    return {saddle::LinearLR{num(p, "start_factor"), num(p, "end_factor"), whole(p, "total_iters")}};
  }
  if (type == "PolynomialLR") return {saddle::PolynomialLR{whole(p, "total_iters"), num(p, "power")}};
  if (type == "CosineAnnealingLR") return {saddle::CosineAnnealingLR{whole(p, "T_max"), num(p, "eta_min")}};
  if (type == "CosineAnnealingWarmRestarts") {
    return {saddle::CosineAnnealingWarmRestarts{whole(p, "T_0"), whole(p, "T_mult"), num(p, "eta_min")}};
  }
  if (type == "OneCycleLR") {
    return {saddle::OneCycleLR{.max_lr = num(p, "max_lr"),
                               .total_steps = whole(p, "total_steps"),
                               .pct_start = num(p, "pct_start"),
                               .anneal_strategy = p.at("anneal_strategy") == "cos" ? saddle::AnnealStrategy::cos
                                                                                   : saddle::AnnealStrategy::linear,
                               .div_factor = num(p, "div_factor"),
                               .final_div_factor = num(p, "final_div_factor"),
                               .three_phase = flag(p, "three_phase"),
                               .cycle_momentum = flag(p, "cycle_momentum"),
                               .base_momentum = num(p, "base_momentum"),
                               .max_momentum = num(p, "max_momentum")}};
  }
  throw std::runtime_error("unknown schedule " + type);
}

// Any fixture schedule as (lr, momentum) functions; composites with 2 or 3 pieces.
struct Built {
  std::function<double(std::int64_t, double)> lr;
  std::function<std::optional<double>(std::int64_t)> momentum;
};

template <class S>
Built wrap(S s) {
  s.validate();
  return {[s](std::int64_t k, double b) { return s(k, b); }, [s](std::int64_t k) { return s.momentum(k); }};
}

Built build(const Case& c) {
  if (c.schedule == "SequentialLR" || c.schedule == "ChainedScheduler") {
    std::vector<AnyLeaf> pieces;
    for (const auto& [index, type] : c.child_types) {
      pieces.push_back(make_leaf(type, c.child_params.at(index)));
    }
    const bool sequential = c.schedule == "SequentialLR";
    const auto milestones = sequential ? list(c.params, "milestones") : std::vector<std::int64_t>{};
    if (pieces.size() == 2) {
      return sequential ? wrap(saddle::sequential(milestones, pieces[0], pieces[1]))
                        : wrap(saddle::chained(pieces[0], pieces[1]));
    }
    REQUIRE(pieces.size() == 3);
    return sequential ? wrap(saddle::sequential(milestones, pieces[0], pieces[1], pieces[2]))
                      : wrap(saddle::chained(pieces[0], pieces[1], pieces[2]));
  }
  return wrap(make_leaf(c.schedule, c.params));
}

double relative(double a, double b) { return a == b ? 0.0 : std::abs(a - b) / std::max(std::abs(b), 1e-300); }

}  // namespace

TEST_CASE("every schedule reproduces torch.optim.lr_scheduler") {
  const auto cases = read_cases("schedules.txt");
  REQUIRE(cases.size() >= 25);
  std::map<std::string, double> worst_recursive;  // per schedule type: max |closed - recursive| / |recursive|
  for (const auto& c : cases) {
    const Built s = build(c);
    const auto torch_lr = numbers(c.rows.at("lr"));
    REQUIRE(torch_lr.size() >= 300);
    double worst = 0.0;
    for (std::size_t k = 0; k < torch_lr.size(); ++k) {
      const double ours = s.lr(static_cast<std::int64_t>(k), c.base_lr);
      worst = std::max(worst, relative(ours, torch_lr[k]));
    }
    INFO(c.name << " (" << c.schedule << "): max relative difference to torch's step() sequence " << worst);
    CHECK(worst <= 1e-12);
    worst_recursive[c.schedule] = std::max(worst_recursive[c.schedule], worst);
    // saddle's closed form is torch's closed form: the same operations, the same bits.
    if (c.rows.count("closed")) {
      const auto closed = numbers(c.rows.at("closed"));
      int differing = 0;
      for (std::size_t k = 0; k < closed.size(); ++k) {
        differing += s.lr(static_cast<std::int64_t>(k), c.base_lr) != closed[k];
      }
      CHECK(differing == 0);
    }
    if (c.rows.count("momentum")) {
      const auto momentum = numbers(c.rows.at("momentum"));
      double worst_momentum = 0.0;
      for (std::size_t k = 0; k < momentum.size(); ++k) {
        const std::optional<double> ours = s.momentum(static_cast<std::int64_t>(k));
        REQUIRE(ours.has_value());
        worst_momentum = std::max(worst_momentum, relative(*ours, momentum[k]));
      }
      CHECK(worst_momentum <= 1e-12);
    }
  }
  // The recursive (torch's step()) and closed (saddle) forms stay far below 1e-12 apart.
  for (const auto& [type, worst] : worst_recursive) {
    INFO(type << ": " << worst);
    CHECK(worst < 1e-13);
  }
}

TEST_CASE("ReduceLROnPlateau reproduces torch, except where torch's relative threshold is wrong") {
  const auto cases = read_cases("plateau.txt");
  REQUIRE(cases.size() >= 8);
  for (const auto& c : cases) {
    const auto& p = c.params;
    saddle::ReduceLROnPlateau plateau{
        .mode = p.at("mode") == "min" ? saddle::PlateauMode::min : saddle::PlateauMode::max,
        .factor = num(p, "factor"),
        .patience = whole(p, "patience"),
        .threshold = num(p, "threshold"),
        .threshold_mode = p.at("threshold_mode") == "rel" ? saddle::ThresholdMode::rel : saddle::ThresholdMode::abs,
        .cooldown = whole(p, "cooldown"),
        .min_lr = num(p, "min_lr"),
        .eps = num(p, "eps")};
    plateau.validate();
    const auto metrics = numbers(c.rows.at("metrics"));
    const auto lr = numbers(c.rows.at("lr"));
    const auto best = numbers(c.rows.at("best"));
    const auto bad = numbers(c.rows.at("bad"));
    const auto cooldown = numbers(c.rows.at("cooldown_counter"));
    REQUIRE(metrics.size() >= 200);
    REQUIRE(lr.size() == metrics.size() + 1);
    CHECK(plateau(0, c.base_lr) == lr[0]);
    // torch's rel rule compares with best (1 -+ threshold), which for a negative best accepts
    // worse metrics; saddle agrees with torch until the first negative best.
    const bool sign_sensitive = p.at("threshold_mode") == "rel";
    double previous_best = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t k = 0; k < metrics.size(); ++k) {
      plateau.observe(metrics[k], static_cast<std::int64_t>(k), c.base_lr);
      INFO(c.name << " after metric " << k << " = " << metrics[k]);
      if (sign_sensitive && (best[k] < 0 || (k > 0 && best[k - 1] < 0))) {
        // From here on saddle keeps its own (correct) rule: best only ever improves.
        if (!std::isnan(previous_best)) {
          if (plateau.mode == saddle::PlateauMode::min) {
            CHECK(plateau.state.best <= previous_best);
          } else {
            CHECK(plateau.state.best >= previous_best);
          }
        }
        previous_best = plateau.state.best;
        continue;
      }
      REQUIRE(relative(plateau(static_cast<std::int64_t>(k), c.base_lr), lr[k + 1]) <= 1e-12);
      REQUIRE(plateau.state.best == best[k]);
      REQUIRE(static_cast<double>(plateau.state.num_bad_epochs) == bad[k]);
      REQUIRE(static_cast<double>(plateau.state.cooldown_counter) == cooldown[k]);
      previous_best = plateau.state.best;
    }
  }
}

TEST_CASE("negative metrics: saddle's relative threshold is sign-aware") {
  saddle::ReduceLROnPlateau min_mode{.factor = 0.5, .patience = 0, .threshold = 0.1};
  min_mode.observe(-10.0, 0, 1.0);
  CHECK(min_mode.state.best == -10.0);
  // torch would take -9.5 as an improvement (-9.5 < -10 * 0.9 = -9); it is worse.
  CHECK_FALSE(min_mode.better(-9.5));
  CHECK_FALSE(min_mode.better(-10.5));  // not better by 10 %
  CHECK(min_mode.better(-11.5));        // -11.5 < -10 - 0.1 * 10
  saddle::ReduceLROnPlateau max_mode{.mode = saddle::PlateauMode::max, .threshold = 0.1};
  max_mode.observe(-10.0, 0, 1.0);
  CHECK(max_mode.better(-8.5));        // -8.5 > -10 + 1
  CHECK_FALSE(max_mode.better(-9.5));  // torch: -9.5 > -10 * 1.1 = -11 would count
  // Equal metrics are not improvements; improvement resets the counter; > patience reduces.
  saddle::ReduceLROnPlateau p{.factor = 0.5, .patience = 1, .threshold = 0.0};
  p.observe(1.0, 0, 0.2);
  p.observe(1.0, 1, 0.2);
  CHECK(p.state.num_bad_epochs == 1);
  CHECK(p(1, 0.2) == 0.2);
  p.observe(1.0, 2, 0.2);  // 2 > patience 1: reduce
  CHECK(p(2, 0.2) == 0.1);
  CHECK(p.state.num_bad_epochs == 0);
  CHECK(p.state.reductions == 1);
}

TEST_CASE("schedules by hand at their boundaries") {
  const saddle::StepLR step{.step_size = 30, .gamma = 0.1};
  CHECK(step(29, 0.5) == 0.5);
  CHECK(step(30, 0.5) == 0.5 * 0.1);
  const saddle::MultiStepLR multi{.milestones = {10, 10, 20}, .gamma = 0.5};
  CHECK(multi(9, 1.0) == 1.0);
  CHECK(multi(10, 1.0) == 0.25);  // the repeated milestone applies gamma twice
  CHECK(multi(20, 1.0) == 0.125);
  const saddle::LinearLR warmup{.start_factor = 0.0, .end_factor = 1.0, .total_iters = 4};
  CHECK(warmup(0, 2.0) == 0.0);
  CHECK(warmup(1, 2.0) == 0.5);
  CHECK(warmup(4, 2.0) == 2.0);
  CHECK(warmup(100, 2.0) == 2.0);
  const saddle::ConstantLR constant{.factor = 0.5, .total_iters = 3};
  CHECK(constant(2, 1.0) == 0.5);
  CHECK(constant(3, 1.0) == 1.0);
  const saddle::CosineAnnealingLR cosine{.T_max = 10, .eta_min = 0.01};
  CHECK(cosine(0, 0.1) == 0.1);
  CHECK(cosine(10, 0.1) == Approx(0.01).epsilon(1e-15));
  CHECK(cosine(5, 0.1) == Approx(0.055).epsilon(1e-15));
  CHECK(cosine(20, 0.1) == Approx(0.1).epsilon(1e-15));  // past T_max: back up, as torch
  const saddle::CosineAnnealingWarmRestarts sgdr{.T_0 = 2, .T_mult = 2};
  CHECK(sgdr(0, 1.0) == 1.0);
  CHECK(sgdr(2, 1.0) == 1.0);  // restart after 2 steps, next cycle 4 long
  CHECK(sgdr(4, 1.0) == Approx(0.5).epsilon(1e-15));
  CHECK(sgdr(6, 1.0) == 1.0);  // restart after 2 + 4
  const saddle::PolynomialLR poly{.total_iters = 4, .power = 2.0};
  CHECK(poly(2, 1.0) == 0.25);
  CHECK(poly(4, 1.0) == 0.0);
  const saddle::OneCycleLR one{.max_lr = 1.0, .total_steps = 100, .anneal_strategy = saddle::AnnealStrategy::linear};
  CHECK(one(0, 123.0) == 1.0 / 25.0);  // the stepper's base lr is ignored
  CHECK(one.momentum(0) == 0.95);
  CHECK(one(29, 0.0) == Approx(1.0).epsilon(1e-15));  // peak at pct_start * total - 1
  CHECK(one.momentum(29).value() == Approx(0.85).epsilon(1e-15));
  CHECK(one(99, 0.0) == Approx(1.0 / 25.0 / 1e4).margin(1e-15));  // (end - start) * 1 + start: rounding of ~1
  REQUIRE_THROWS_WITH(one(101, 0.0), contains("step 101 is outside [0, total_steps = 100]"));
}

TEST_CASE("invalid schedule parameters name the field, the value and the rule") {
  REQUIRE_THROWS_WITH((saddle::StepLR{.step_size = 0}.validate()),
                      "saddle::StepLR: step_size = 0 violates step_size >= 1");
  REQUIRE_THROWS_WITH((saddle::StepLR{.step_size = 3, .gamma = 0.0}.validate()),
                      "saddle::StepLR: gamma = 0 violates 0 < gamma < inf");
  REQUIRE_THROWS_WITH((saddle::MultiStepLR{.milestones = {}}.validate()),
                      "saddle::MultiStepLR: milestones = {} violates milestones is not empty");
  REQUIRE_THROWS_WITH((saddle::MultiStepLR{.milestones = {30, 20}}.validate()),
                      "saddle::MultiStepLR: milestones[1] = 20 violates milestones[1] >= milestones[0] = 30 (sorted)");
  REQUIRE_THROWS_WITH((saddle::ExponentialLR{.gamma = -0.5}.validate()),
                      "saddle::ExponentialLR: gamma = -0.5 violates 0 < gamma < inf");
  REQUIRE_THROWS_WITH((saddle::CosineAnnealingLR{.T_max = 0}.validate()),
                      "saddle::CosineAnnealingLR: T_max = 0 violates T_max >= 1");
  REQUIRE_THROWS_WITH((saddle::CosineAnnealingLR{.T_max = 10, .eta_min = -1e-3}.validate()),
                      "saddle::CosineAnnealingLR: eta_min = -0.001 violates 0 <= eta_min < inf");
  REQUIRE_THROWS_WITH((saddle::CosineAnnealingWarmRestarts{.T_0 = 10, .T_mult = 0}.validate()),
                      "saddle::CosineAnnealingWarmRestarts: T_mult = 0 violates T_mult >= 1");
  REQUIRE_THROWS_WITH((saddle::LinearLR{.start_factor = 1.5}.validate()),
                      "saddle::LinearLR: start_factor = 1.5 violates 0 <= start_factor <= 1");
  REQUIRE_THROWS_WITH((saddle::LinearLR{.total_iters = 0}.validate()),
                      "saddle::LinearLR: total_iters = 0 violates total_iters >= 1");
  REQUIRE_THROWS_WITH((saddle::ConstantLR{.factor = 2.0}.validate()),
                      "saddle::ConstantLR: factor = 2 violates 0 <= factor <= 1");
  REQUIRE_THROWS_WITH((saddle::PolynomialLR{.total_iters = 10, .power = -1}.validate()),
                      "saddle::PolynomialLR: power = -1 violates 0 <= power < inf");
  REQUIRE_THROWS_WITH((saddle::OneCycleLR{.max_lr = 0.1, .total_steps = 100, .pct_start = 1.0}.validate()),
                      "saddle::OneCycleLR: pct_start = 1 violates 0 < pct_start < 1");
  REQUIRE_THROWS_WITH((saddle::OneCycleLR{.max_lr = 0.1, .total_steps = 0}.validate()),
                      "saddle::OneCycleLR: total_steps = 0 violates total_steps >= 1");
  REQUIRE_THROWS_WITH((saddle::OneCycleLR{.max_lr = 0.1, .total_steps = 100, .pct_start = 0.6, .three_phase = true}
                           .validate()),
                      "saddle::OneCycleLR: pct_start = 0.6 violates 0 < pct_start < 0.5 (required when three_phase = true)");
  REQUIRE_THROWS_WITH((saddle::OneCycleLR{.max_lr = 0.1, .total_steps = 100, .base_momentum = 0.99}.validate()),
                      "saddle::OneCycleLR: base_momentum = 0.99 violates 0 <= base_momentum <= 0.95 (required when "
                      "cycle_momentum = true)");
  REQUIRE_THROWS_WITH((saddle::ReduceLROnPlateau{.factor = 1.0}.validate()),
                      "saddle::ReduceLROnPlateau: factor = 1 violates 0 <= factor < 1");
  REQUIRE_THROWS_WITH((saddle::ReduceLROnPlateau{.patience = -1}.validate()),
                      "saddle::ReduceLROnPlateau: patience = -1 violates patience >= 0");
  REQUIRE_THROWS_WITH((saddle::ReduceLROnPlateau{.min_lr = -1}.validate()),
                      "saddle::ReduceLROnPlateau: min_lr = -1 violates 0 <= min_lr < inf");
  REQUIRE_THROWS_WITH(saddle::sequential({10, 5}, saddle::ConstantLR{}, saddle::ConstantLR{}, saddle::ConstantLR{}),
                      "saddle::SequentialLR: milestones[1] = 5 violates milestones[1] > milestones[0] = 10");
  REQUIRE_THROWS_WITH(saddle::sequential({10, 20}, saddle::ConstantLR{}, saddle::ConstantLR{}),
                      "saddle::SequentialLR: milestones.size() = 2 violates milestones.size() == number of schedules "
                      "- 1 = 1");
  REQUIRE_THROWS_WITH(saddle::warmup_linear({.warmup_steps = 100, .total_steps = 100}),
                      "saddle::WarmupLinearOptions: total_steps - warmup_steps = 0 violates total_steps - warmup_steps >= 1");
  // Attaching validates too.
  REQUIRE_THROWS_WITH(saddle::scheduled(saddle::SGD<double>({.lr = 0.1}), saddle::StepLR{.step_size = 0}),
                      "saddle::StepLR: step_size = 0 violates step_size >= 1");
}

TEST_CASE("composition: sequences, chains and the fine-tuning warmups") {
  const auto seq = saddle::sequential({5}, saddle::LinearLR{.start_factor = 0.2, .total_iters = 5},
                                      saddle::ExponentialLR{.gamma = 0.5});
  CHECK(seq(0, 1.0) == Approx(0.2).epsilon(1e-15));
  CHECK(seq(4, 1.0) == Approx(0.84).epsilon(1e-15));
  CHECK(seq(5, 1.0) == 1.0);   // the second piece starts at its own step 0
  CHECK(seq(7, 1.0) == 0.25);  // ... and counts from the milestone
  const auto chain = saddle::chained(saddle::ConstantLR{.factor = 0.5, .total_iters = 2}, saddle::StepLR{2, 0.1});
  CHECK(chain(0, 1.0) == 0.5);
  CHECK(chain(2, 1.0) == Approx(0.1).epsilon(1e-15));  // b(k, a(k, base))
  const auto hf = saddle::warmup_linear({.warmup_steps = 10, .total_steps = 110});
  CHECK(hf(0, 1e-4) == 0.0);
  CHECK(hf(5, 1e-4) == Approx(0.5e-4).epsilon(1e-15));
  CHECK(hf(10, 1e-4) == 1e-4);
  CHECK(hf(60, 1e-4) == Approx(0.5e-4).epsilon(1e-15));
  CHECK(hf(110, 1e-4) == 0.0);
  const auto wc = saddle::warmup_cosine({.warmup_steps = 10, .total_steps = 110, .eta_min = 1e-6});
  CHECK(wc(10, 1e-3) == 1e-3);
  CHECK(wc(110, 1e-3) == Approx(1e-6).epsilon(1e-12));
  static_assert(sizeof(saddle::SequentialLR<saddle::LinearLR, saddle::LinearLR>) < 128,
                "composition is by value: a few doubles and a milestone vector");
}

TEST_CASE("warmup then reduce-on-plateau, and cosine chained with plateau (torch refuses both)") {
  // Warmup over 4 steps, then the plateau takes over at base lr 0.1.
  auto opt = saddle::scheduled(
      saddle::SGD<double>({.lr = 0.1}),
      saddle::sequential({4}, saddle::LinearLR{.start_factor = 0.25, .total_iters = 4},
                         saddle::ReduceLROnPlateau{.factor = 0.5, .patience = 1, .threshold = 0.0}));
  Vector<double> x = Vector<double>::Ones(1);
  const Vector<double> g = Vector<double>::Zero(1);
  std::vector<double> lrs;
  for (int k = 0; k < 10; ++k) {
    lrs.push_back(opt.lr());
    (void)opt.step(x, g);
    opt.observe(1.0);  // a flat metric
  }
  // Warmup 0.025, 0.04375, 0.0625, 0.08125; then 0.1. Metrics observed while the warmup is
  // active are not the plateau's; its first (after the 4th update) sets best, the next two are
  // bad (2 > patience 1): halve, and again two observations later.
  CHECK(lrs[0] == Approx(0.025).epsilon(1e-15));
  CHECK(lrs[3] == Approx(0.08125).epsilon(1e-15));
  CHECK(lrs[4] == 0.1);
  CHECK(lrs[5] == 0.1);
  CHECK(lrs[6] == 0.05);
  CHECK(lrs[7] == 0.05);
  CHECK(lrs[8] == 0.025);
  CHECK(lrs[9] == 0.025);

  // Cosine with a plateau on top: reductions multiply the cosine.
  auto cos_plateau = saddle::chained(saddle::CosineAnnealingLR{.T_max = 100},
                                     saddle::ReduceLROnPlateau{.factor = 0.1, .patience = 0, .threshold = 0.0});
  cos_plateau.observe(1.0, 0, 1.0);
  cos_plateau.observe(1.0, 1, 1.0);  // not better: reduce
  const saddle::CosineAnnealingLR cosine{.T_max = 100};
  CHECK(cos_plateau(50, 1.0) == Approx(0.1 * cosine(50, 1.0)).epsilon(1e-15));
}

TEST_CASE("Scheduled drives any stepper: lr and momentum per update, one counter") {
  auto sgd = saddle::scheduled(saddle::SGD<double>({.lr = 0.1, .momentum = 0.9}),
                               saddle::StepLR{.step_size = 2, .gamma = 0.5});
  Vector<double> x = Vector<double>::Ones(3);
  Vector<double> g = Vector<double>::Ones(3);
  CHECK(sgd.lr() == 0.1);
  (void)sgd.step(x, g);
  (void)sgd.step(x, g);
  CHECK(sgd.lr() == 0.05);
  CHECK(sgd.steps() == 2);
  // A refused step does not advance the schedule.
  g[1] = std::numeric_limits<double>::quiet_NaN();
  CHECK(sgd.step(x, g) == StepStatus::non_finite_gradient);
  CHECK(sgd.steps() == 2);

  // One-cycle momentum: SGD's momentum, Adam's beta1.
  const saddle::OneCycleLR one{.max_lr = 0.1, .total_steps = 20};
  auto cycled = saddle::scheduled(saddle::SGD<double>({.lr = 0.1, .momentum = 0.9, .nesterov = true}), one);
  auto adam = saddle::scheduled(saddle::Adam<double>(), one);
  g[1] = 1.0;
  for (int k = 0; k < 6; ++k) {
    (void)cycled.step(x, g);
    (void)adam.step(x, g);
    CHECK(cycled.stepper().momentum() == one.momentum(k));
    CHECK(cycled.stepper().lr() == one(k, 0.1));
    CHECK(adam.stepper().beta1() == one.momentum(k));
  }

  // Through a chain, and per group with each group's own base lr (as torch's param groups).
  saddle::Parameters<double> params;
  params.add("W", 2, 2);
  params.add("b", 2, 1, "bias");
  saddle::Grouped<saddle::SGD<double>> groups(params.groups(), {.lr = 0.1},
                                              {{"bias", [](saddle::SGDOptions& o) { o.lr = 0.02; }}});
  auto grouped = saddle::scheduled(saddle::chain(saddle::ClipGradNorm<double>(), std::move(groups)),
                                   saddle::CosineAnnealingLR{.T_max = 10, .eta_min = 0.001});
  params.gradients().setOnes();
  for (int k = 0; k < 3; ++k) {
    (void)grouped.step(params.values(), params.gradients());
  }
  (void)grouped.step(params.values(), params.gradients());
  const saddle::CosineAnnealingLR reference{.T_max = 10, .eta_min = 0.001};
  CHECK(grouped.stepper().stepper().stepper(0).lr() == reference(3, 0.1));
  CHECK(grouped.stepper().stepper().stepper(1).lr() == reference(3, 0.02));
}

TEST_CASE("minimize feeds the loss to a plateau schedule") {
  // f = x^2 with lr 1: gradient descent bounces between x and -x, so f is flat. The plateau
  // (patience 2) halves lr after the third flat observation, and the next step lands on 0.
  auto f = [](const Vector<double>& x, Vector<double>& g) {
    g = 2.0 * x;
    return x.squaredNorm();
  };
  auto opt = saddle::scheduled(saddle::GradientDescent<double>({.lr = 1.0}),
                               saddle::ReduceLROnPlateau{.factor = 0.5, .patience = 2, .threshold = 0.0});
  Vector<double> x = Vector<double>::Constant(1, 3.0);
  saddle::History<double> history;
  const auto result = saddle::minimize(f, x, opt, {.gradient_tolerance = 1e-12}, history);
  REQUIRE(result.status == saddle::Status::converged_gradient);
  CHECK(result.iterations == 4);
  CHECK(x[0] == 0.0);
  REQUIRE(history.learning_rates().size() == 5);
  CHECK(history.learning_rates()[2] == 1.0);
  CHECK(history.learning_rates()[3] == 0.5);  // reduced after the 4th observation (3 flat ones)
}

TEST_CASE("stepper + schedule trajectories agree with torch") {
  const auto cases = read_cases("trajectories.txt");
  REQUIRE(cases.size() >= 5);
  for (const auto& c : cases) {
    const Built s = build(c);
    const auto& o = c.options;
    auto from_bits = [](const std::vector<std::string>& hex) {
      Vector<double> v(static_cast<saddle::Index>(hex.size()));
      for (std::size_t i = 0; i < hex.size(); ++i) {
        v[static_cast<saddle::Index>(i)] = std::bit_cast<double>(static_cast<std::uint64_t>(std::stoull(hex[i], nullptr, 16)));
      }
      return v;
    };
    // A stepper driven by the schedule through Scheduled, with the schedule as a closure.
    struct Closure {
      std::function<double(std::int64_t, double)> lr;
      std::function<std::optional<double>(std::int64_t)> m;
      double operator()(std::int64_t k, double b) const { return lr(k, b); }
      std::optional<double> momentum(std::int64_t k) const { return m(k); }
      void validate() const {}
    };
    const Closure schedule{s.lr, s.momentum};
    auto run = [&](auto stepper) {
      auto opt = saddle::scheduled(std::move(stepper), schedule);
      Vector<double> x = from_bits(c.x0);
      double worst = 0.0;
      for (const auto& [g_hex, x_hex] : c.steps) {
        const Vector<double> g = from_bits(g_hex);
        const Vector<double> expected = from_bits(x_hex);
        REQUIRE(opt.step(x, g) == StepStatus::applied);
        worst = std::max(worst, (x - expected).cwiseAbs().maxCoeff() / expected.cwiseAbs().maxCoeff());
      }
      INFO(c.name << ": max relative difference " << worst << " over " << c.steps.size() << " steps");
      CHECK(c.steps.size() >= 150);
      CHECK(worst <= 1e-12);
    };
    if (c.optimizer == "sgd") {
      run(saddle::SGD<double>({.lr = num(o, "lr"),
                               .momentum = num(o, "momentum"),
                               .dampening = num(o, "dampening"),
                               .weight_decay = num(o, "weight_decay"),
                               .nesterov = flag(o, "nesterov"),
                               .maximize = flag(o, "maximize")}));
    } else if (c.optimizer == "adam") {
      run(saddle::Adam<double>({.lr = num(o, "lr"), .beta1 = num(o, "beta1"), .beta2 = num(o, "beta2"),
                                .eps = num(o, "eps"), .weight_decay = num(o, "weight_decay"),
                                .amsgrad = flag(o, "amsgrad"), .maximize = flag(o, "maximize")}));
    } else if (c.optimizer == "adamw") {
      run(saddle::AdamW<double>({.lr = num(o, "lr"), .beta1 = num(o, "beta1"), .beta2 = num(o, "beta2"),
                                 .eps = num(o, "eps"), .weight_decay = num(o, "weight_decay"),
                                 .amsgrad = flag(o, "amsgrad"), .maximize = flag(o, "maximize")}));
    } else if (c.optimizer == "rmsprop") {
      run(saddle::RMSprop<double>({.lr = num(o, "lr"), .alpha = num(o, "alpha"), .eps = num(o, "eps"),
                                   .weight_decay = num(o, "weight_decay"), .momentum = num(o, "momentum"),
                                   .centered = flag(o, "centered"), .maximize = flag(o, "maximize")}));
    } else {
      FAIL("unknown optimizer " << c.optimizer);
    }
  }
}

TEST_CASE("recipes with their schedules") {
  auto fine = saddle::recipes::fine_tuning<float>(1000);
  CHECK(fine.lr() == 0.0);  // warmup from 0 over the first 60 steps (6 %)
  Vector<float> x = Vector<float>::Ones(4);
  Vector<float> g = Vector<float>::Ones(4);
  for (int k = 0; k < 60; ++k) {
    (void)fine.step(x, g);
  }
  CHECK(fine.lr() == Approx(2e-5).epsilon(1e-12));
  CHECK(fine.stepper().transform<0>().options().max_norm == 1.0);
  auto image = saddle::recipes::image_sgd<float>(100);
  CHECK(image.lr() == 0.1);
  CHECK(image.schedule().T_max == 100);
  auto step = saddle::recipes::image_sgd_step<float>(50);
  CHECK(step.schedule().step_size == 1500);  // lr / 10 every 30 epochs of 50 steps
}

namespace {

// The innermost stepper of any nest of wrappers (each wrapper names its part stepper()).
template <class W>
auto& innermost(W& w) {
  if constexpr (requires { w.stepper(); }) {
    return innermost(w.stepper());
  } else {
    return w;
  }
}

// The reduce-on-plateau schedule somewhere inside a nest.
template <class W>
saddle::ReduceLROnPlateau& plateau_inside(W& w) {
  if constexpr (requires { { w.schedule() } -> std::same_as<saddle::ReduceLROnPlateau&>; }) {
    return w.schedule();
  } else {
    return plateau_inside(w.stepper());
  }
}

// Every capability reaches the inside of `nest`, whose core is scheduled(SGD, ReduceLROnPlateau):
// momentum and lr set from outside arrive at the SGD, the loss fed from outside arrives at the
// plateau, and reset() from outside starts everything over, bit for bit.
template <class Nest>
void capabilities_reach_the_inside(Nest nest, const std::string& name) {
  INFO(name);
  const Nest fresh = nest;
  auto& sgd = innermost(nest);
  STATIC_REQUIRE(std::is_same_v<std::remove_cvref_t<decltype(sgd)>, saddle::SGD<double>>);
  nest.set_momentum(0.5);
  CHECK(sgd.momentum() == 0.5);
  CHECK(nest.momentum() == 0.5);
  nest.set_lr(0.03);  // the schedules around a constant-lr core: the core's lr at the next step
  Vector<double> x = Vector<double>::Ones(3);
  const Vector<double> g = Vector<double>::Constant(3, 0.5);
  REQUIRE(nest.step(x, g) == StepStatus::applied);
  CHECK(sgd.lr() == 0.03);
  CHECK(nest.lr() == 0.03);
  for (int k = 0; k < 4; ++k) {
    nest.observe(1.0);  // flat: the plateau (patience 1) reduces once the patience is spent
  }
  CHECK(plateau_inside(nest).state.observations == 4);
  CHECK(plateau_inside(nest).state.reductions == 1);
  nest.reset();
  CHECK(sgd.steps() == 0);
  CHECK(nest.steps() == 0);
  CHECK(plateau_inside(nest).state.observations == 0);
  // After reset the nest steps as a fresh copy does (options changed by hand stay changed, so
  // restore them on the copy too).
  Nest reference = fresh;
  reference.set_momentum(0.5);
  reference.set_lr(0.03);
  Vector<double> a = Vector<double>::Ones(3);
  Vector<double> b = Vector<double>::Ones(3);
  for (int k = 0; k < 3; ++k) {
    (void)nest.step(a, g);
    (void)reference.step(b, g);
  }
  CHECK(a == b);
}

}  // namespace

TEST_CASE("every wrapper inside every other forwards every capability to the inside") {
  const auto core = [] {
    return saddle::scheduled(saddle::SGD<double>({.lr = 0.1, .momentum = 0.9}),
                             saddle::ReduceLROnPlateau{.factor = 0.5, .patience = 1});
  };
  const auto clip = [](auto inner) { return saddle::chain(saddle::ClipGradValue<double>({.clip_value = 10}), inner); };
  const auto steps = [](auto inner) { return saddle::scheduled(inner, saddle::StepLR{.step_size = 1000}); };
  capabilities_reach_the_inside(core(), "scheduled");
  capabilities_reach_the_inside(clip(core()), "chain(scheduled)");
  capabilities_reach_the_inside(steps(core()), "scheduled(scheduled)");
  capabilities_reach_the_inside(clip(clip(core())), "chain(chain(scheduled))");
  capabilities_reach_the_inside(clip(steps(core())), "chain(scheduled(scheduled))");
  capabilities_reach_the_inside(steps(clip(core())), "scheduled(chain(scheduled))");
  capabilities_reach_the_inside(steps(steps(clip(core()))), "scheduled(scheduled(chain(scheduled)))");
  const auto kick = [](auto inner) { return saddle::perturbed(inner, {.seed = 5}); };
  capabilities_reach_the_inside(kick(core()), "perturbed(scheduled)");
  capabilities_reach_the_inside(clip(kick(steps(core()))), "chain(perturbed(scheduled(scheduled)))");
  capabilities_reach_the_inside(steps(kick(clip(core()))), "scheduled(perturbed(chain(scheduled)))");

  // Grouped inside chain and scheduled: momentum, lr ratios, observe and reset reach every group.
  saddle::Parameters<double> params;
  params.add("W", 2, 2);
  params.add("b", 2, 1, "bias");
  using Groups = saddle::Grouped<saddle::SGD<double>>;
  Groups groups(params.groups(), {.lr = 0.1, .momentum = 0.9}, {{"bias", [](saddle::SGDOptions& o) { o.lr = 0.02; }}});
  auto nest = clip(saddle::scheduled(clip(groups), saddle::ReduceLROnPlateau{.factor = 0.5, .patience = 0}));
  nest.set_momentum(0.25);
  Groups& inside = nest.stepper().stepper().stepper();
  CHECK(inside.stepper(0).momentum() == 0.25);
  CHECK(inside.stepper(1).momentum() == 0.25);
  params.gradients().setOnes();
  (void)nest.step(params.values(), params.gradients());
  nest.observe(1.0);
  nest.observe(1.0);  // not better: halve
  (void)nest.step(params.values(), params.gradients());
  CHECK(inside.stepper(0).lr() == 0.05);
  CHECK(inside.stepper(1).lr() == 0.01);
  CHECK(inside.steps() == 2);
  nest.reset();
  CHECK(inside.steps() == 0);
  CHECK(inside.stepper(0).steps() == 0);
  CHECK(nest.stepper().schedule().state.observations == 0);
}

TEST_CASE("a lambda is a schedule, LambdaLR is torch's factor form, and observe() is always there") {
  // lr = base * 0.5^floor(k / 10), written by hand as a user would.
  auto halving = [](std::int64_t k, double base) { return base * std::pow(0.5, static_cast<double>(k / 10)); };
  STATIC_REQUIRE(saddle::Schedule<decltype(halving)>);
  auto sgd = saddle::scheduled(saddle::SGD<double>({.lr = 0.1}), halving);
  Vector<double> x = Vector<double>::Ones(2);
  const Vector<double> g = Vector<double>::Ones(2);
  for (int k = 0; k < 10; ++k) {
    CHECK(sgd.lr() == 0.1);
    (void)sgd.step(x, g);
  }
  CHECK(sgd.lr() == 0.05);
  sgd.observe(1.0);  // nothing learns here: a no-op that compiles, so generic loops can always call it
  CHECK(sgd.lr() == 0.05);
  // torch's LambdaLR: lr = base * lr_lambda(k).
  const saddle::LambdaLR inverse{[](std::int64_t k) { return 1.0 / (1.0 + static_cast<double>(k)); }};
  CHECK(inverse(3, 0.2) == 0.05);
  CHECK(inverse(0, 0.2) == 0.2);
  // The pieces of a composite, by name.
  const auto wc = saddle::warmup_cosine({.warmup_steps = 10, .total_steps = 110, .eta_min = 1e-6});
  CHECK(wc.piece<0>().total_iters == 10);
  CHECK(wc.piece<1>().T_max == 100);
  CHECK(wc.piece<1>().eta_min == 1e-6);
  // One-cycle without momentum cycling leaves momentum alone: nullopt, and the stepper keeps its own.
  const saddle::OneCycleLR flat{.max_lr = 0.1, .total_steps = 20, .cycle_momentum = false};
  CHECK_FALSE(flat.momentum(3).has_value());
  auto kept = saddle::scheduled(saddle::SGD<double>({.lr = 0.1, .momentum = 0.7}), flat);
  (void)kept.step(x, g);
  CHECK(kept.stepper().momentum() == 0.7);
}

TEST_CASE("one-cycle on param groups scales each group's lr by its base lr") {
  saddle::Parameters<double> params;
  params.add("W", 2, 2);
  params.add("b", 2, 1, "bias");
  saddle::Grouped<saddle::SGD<double>> groups(params.groups(), {.lr = 0.1, .momentum = 0.9},
                                              {{"bias", [](saddle::SGDOptions& o) { o.lr = 0.025; }}});
  const saddle::OneCycleLR one{.max_lr = 1.0, .total_steps = 20};
  auto opt = saddle::scheduled(std::move(groups), one);
  params.gradients().setOnes();
  for (int k = 0; k < 8; ++k) {
    (void)opt.step(params.values(), params.gradients());
    CHECK(opt.stepper().stepper(0).lr() == one(k, 0.0));
    CHECK(opt.stepper().stepper(1).lr() == one(k, 0.0) * 0.25);  // the bias group's ratio 0.025 / 0.1
    CHECK(opt.stepper().stepper(1).momentum() == one.momentum(k));
  }
}
