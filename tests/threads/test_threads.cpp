// Independent optimizers in separate threads, under ThreadSanitizer (built with -fsanitize=thread
// when SADDLE_TSAN is on): saddle has no shared mutable state — no global generator, no static
// caches — so every run computes in a thread exactly what it computes alone, and TSan sees no race.
#include "support/catch.hpp"

#include <cstring>
#include <filesystem>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <saddle/diagnostics/critical_point.hpp>
#include <saddle/escape/perturbed.hpp>
#include <saddle/escape/perturbed_gradient_descent.hpp>
#include <saddle/first_order/adam.hpp>
#include <saddle/first_order/adamw.hpp>
#include <saddle/first_order/rmsprop.hpp>
#include <saddle/first_order/sgd.hpp>
#include <saddle/io/checkpoint.hpp>
#include <saddle/landscapes/rosenbrock.hpp>
#include <saddle/landscapes/strict_saddle_quartic.hpp>
#include <saddle/schedules/plateau.hpp>
#include <saddle/schedules/scheduled.hpp>
#include <saddle/second_order/lbfgs.hpp>
#include <saddle/transforms/chain.hpp>
#include <saddle/transforms/clip.hpp>
#include <saddle/transforms/noise.hpp>

using saddle::Vector;

namespace {

Vector<double> gradient(const Vector<double>& x, int k) {
  return (x.array() * Vector<double>::LinSpaced(x.size(), 1.0, 3.0).array() + 0.1 * std::sin(0.3 * k)).matrix();
}

// A training loop of 300 steps; its result is the checkpoint of the stepper and x (all the state).
template <class StepperT>
std::string train(StepperT stepper) {
  Vector<double> x = Vector<double>::LinSpaced(32, -2.0, 2.0);
  for (int k = 0; k < 300; ++k) {
    (void)stepper.step(x, gradient(x, k));
    if constexpr (requires { stepper.observe(1.0); }) {
      stepper.observe(k < 50 ? 1.0 / (k + 1) : 0.02);
    }
  }
  std::ostringstream out;
  saddle::write_checkpoint(out, stepper, x);
  return out.str();
}

std::string bits(const Vector<double>& x) {
  return {reinterpret_cast<const char*>(x.data()), sizeof(double) * static_cast<std::size_t>(x.size())};
}

std::vector<std::function<std::string(int)>> work() {
  namespace ls = saddle::landscapes;
  return {
      [](int) { return train(saddle::Adam<double>({.lr = 0.01, .amsgrad = true})); },
      [](int) {
        return train(saddle::chain(saddle::GradientNoise<double>({.eta = 0.1, .seed = 5}),
                                   saddle::ClipGradNorm<double>({.max_norm = 1.0}),
                                   saddle::AdamW<double>({.lr = 0.01})));
      },
      [](int) {
        return train(saddle::perturbed(saddle::SGD<double>({.lr = 0.01, .momentum = 0.9}),
                                       {.radius = 0.1, .gradient_threshold = 1e3, .escape_steps = 10, .seed = 9}));
      },
      [](int) {
        return train(saddle::scheduled(saddle::RMSprop<double>({.lr = 0.01, .centered = true}),
                                       saddle::ReduceLROnPlateau{.patience = 3}));
      },
      [](int) {
        ls::Rosenbrock<double> f(8);
        Vector<double> x = f.start_points().front();
        saddle::LBFGS<double> lbfgs;
        const auto result = lbfgs.minimize(f, x);
        return bits(x) + std::to_string(result.iterations);
      },
      [](int) {
        // L-BFGS continuing from its own pairs (warm_start), and its checkpoint with them.
        ls::Rosenbrock<double> f(8);
        Vector<double> x = f.start_points().front();
        saddle::LBFGS<double> lbfgs({.stop = {.max_iterations = 10}, .memory = 4, .warm_start = true});
        (void)lbfgs.minimize(f, x);
        (void)lbfgs.minimize(f, x);
        std::ostringstream out;
        saddle::write_checkpoint(out, lbfgs, x);
        return out.str();
      },
      [](int) {
        ls::StrictSaddleQuartic<double> f(Vector<double>::LinSpaced(12, -2.25, 3.25));
        Vector<double> x = Vector<double>::Zero(12);  // the saddle at the origin
        saddle::PerturbedGradientDescent<double> pgd({.stop = {.max_iterations = 2000},
                                                      .lr = 0.05,
                                                      .radius = 0.1,
                                                      .gradient_threshold = 1e-3,
                                                      .escape_steps = 50,
                                                      .seed = 4});
        const auto result = pgd.minimize(f, x);
        return bits(x) + std::to_string(result.iterations);
      },
      [](int) {
        ls::StrictSaddleQuartic<double> f(Vector<double>::LinSpaced(12, -2.25, 3.25));
        const auto point = saddle::classify_critical_point(f, Vector<double>(Vector<double>::Zero(12)));
        return std::to_string(point.index) + std::to_string(static_cast<int>(point.kind));
      },
      [](int thread) {
        // Checkpoint files written and read concurrently (each thread its own file).
        const auto path =
            std::filesystem::temp_directory_path() / ("saddle_test_threads_" + std::to_string(thread) + ".ckpt");
        saddle::Adam<double> adam({.lr = 0.1});
        Vector<double> x = Vector<double>::Ones(16);
        for (int k = 0; k < 20; ++k) {
          (void)adam.step(x, gradient(x, k));
          saddle::save_checkpoint(path, adam, x);
        }
        saddle::Adam<double> loaded;
        Vector<double> y;
        saddle::load_checkpoint(path, loaded, y);
        std::filesystem::remove(path);
        std::ostringstream out;
        saddle::write_checkpoint(out, loaded, y);
        return out.str();
      },
  };
}

}  // namespace

TEST_CASE("threads: optimizers, minimizers, diagnostics and checkpoints in parallel compute what they do alone") {
  const auto jobs = work();
  std::vector<std::string> alone;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    alone.push_back(jobs[i](-1));
  }
  // Every job twice at once, in 2 x jobs threads.
  std::vector<std::string> together(2 * jobs.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < together.size(); ++i) {
    threads.emplace_back([&, i] { together[i] = jobs[i % jobs.size()](static_cast<int>(i)); });
  }
  for (auto& t : threads) {
    t.join();
  }
  for (std::size_t i = 0; i < together.size(); ++i) {
    INFO("job " << i % jobs.size());
    CHECK(together[i] == alone[i % jobs.size()]);
  }
}
