// A training loop with checkpoints: a small multilayer perceptron (2-32-32-1, tanh, logistic
// output) in plain Eigen learns two interleaved spirals. AdamW with gradient clipping, a linear
// warmup then cosine decay, minibatches drawn by a seeded generator, a PlateauMonitor on the loss,
// and a checkpoint every --every steps. Kill it at any point and run it again with --resume: it
// continues from the last checkpoint to the same final numbers, bit for bit, as a run that was
// never interrupted (a CTest checks this).
//
//   train_mlp [--steps 3000] [--every 250] [--checkpoint train_mlp.ckpt] [--resume] [--stop-after N]
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <string>

#include <saddle/saddle.hpp>

using Mat = saddle::Matrix<double>;
using Vec = saddle::Vector<double>;

namespace {

struct Data {
  Mat x;  // 2 x n points
  Vec y;  // labels 0 or 1
};

// Two spirals of n points each, turning 1.75 times, with Gaussian noise.
Data two_spirals(int n, double noise, std::uint64_t seed) {
  saddle::Random random(seed);
  Data d{Mat(2, 2 * n), Vec(2 * n)};
  for (int c = 0; c < 2; ++c) {
    for (int i = 0; i < n; ++i) {
      const double t = 0.5 + 3.5 * std::numbers::pi * i / n;
      const int j = c * n + i;
      d.x(0, j) = t / 4 * std::cos(t + c * std::numbers::pi) + noise * random.normal();
      d.x(1, j) = t / 4 * std::sin(t + c * std::numbers::pi) + noise * random.normal();
      d.y[j] = c;
    }
  }
  return d;
}

struct Model {
  saddle::Parameters<double> p;
  saddle::ParameterId w1, b1, w2, b2, w3, b3;

  Model() {
    w1 = p.add("W1", 32, 2, "weights");
    b1 = p.add("b1", 32, 1, "biases");
    w2 = p.add("W2", 32, 32, "weights");
    b2 = p.add("b2", 32, 1, "biases");
    w3 = p.add("W3", 1, 32, "weights");
    b3 = p.add("b3", 1, 1, "biases");
    saddle::Random random(7);
    for (const auto id : {w1, w2, w3}) {  // Glorot-style scale 1/sqrt(fan_in); biases start at 0
      auto w = p.value(id);
      for (Eigen::Index k = 0; k < w.size(); ++k) {
        w.data()[k] = random.normal() / std::sqrt(static_cast<double>(w.cols()));
      }
    }
  }

  // Mean logistic loss on the columns of x; with `backward`, its gradient goes to p.gradients().
  double loss(const Mat& x, const Vec& y, bool backward, double* accuracy = nullptr) {
    const Mat h1 = ((p.value(w1) * x).colwise() + p.value(b1).col(0)).array().tanh().matrix();
    const Mat h2 = ((p.value(w2) * h1).colwise() + p.value(b2).col(0)).array().tanh().matrix();
    const Eigen::RowVectorXd z = (p.value(w3) * h2).array() + p.value(b3)(0, 0);
    const double n = static_cast<double>(x.cols());
    // log(1 + e^z) - y z, computed without overflow.
    const Eigen::ArrayXd softplus = z.array().max(0.0) + (-z.array().abs()).exp().log1p();
    const double value = (softplus - y.array() * z.transpose().array()).sum() / n;
    if (accuracy != nullptr) {
      *accuracy = ((z.transpose().array() > 0).cast<double>() == y.array()).cast<double>().mean();
    }
    if (backward) {
      const Eigen::RowVectorXd dz = ((1.0 / (1.0 + (-z.array()).exp())) - y.transpose().array()).matrix() / n;
      p.grad(w3) = dz * h2.transpose();
      p.grad(b3)(0, 0) = dz.sum();
      const Mat da2 = ((p.value(w3).transpose() * dz).array() * (1.0 - h2.array().square())).matrix();
      p.grad(w2) = da2 * h1.transpose();
      p.grad(b2) = da2.rowwise().sum();
      const Mat da1 = ((p.value(w2).transpose() * da2).array() * (1.0 - h1.array().square())).matrix();
      p.grad(w1) = da1 * x.transpose();
      p.grad(b1) = da1.rowwise().sum();
    }
    return value;
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::int64_t steps = 3000;
  std::int64_t every = 250;
  std::int64_t stop_after = -1;  // simulate a crash after this many steps
  std::string path = "train_mlp.ckpt";
  bool resume = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--resume") {
      resume = true;
    } else if (arg == "--steps" && has_value) {
      steps = std::atoll(argv[++i]);
    } else if (arg == "--every" && has_value) {
      every = std::atoll(argv[++i]);
    } else if (arg == "--stop-after" && has_value) {
      stop_after = std::atoll(argv[++i]);
    } else if (arg == "--checkpoint" && has_value) {
      path = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--steps N] [--every K] [--checkpoint FILE] [--resume] [--stop-after N]\n",
                   argv[0]);
      return 2;
    }
  }
  if (steps < 1 || every < 1) {
    std::fprintf(stderr, "--steps and --every must be at least 1\n");
    return 2;
  }

  const Data data = two_spirals(200, 0.04, 1);
  Model model;
  auto full_loss = [&](const Vec& values, Vec& g) {  // what the monitor would classify
    Model probe = model;
    probe.p.values() = values;
    const double f = probe.loss(data.x, data.y, true);
    g = probe.p.gradients();
    return f;
  };
  auto opt =
      saddle::scheduled(saddle::chain(saddle::ClipGradNorm<double>({.max_norm = 1.0}),
                                      saddle::AdamW<double>({.lr = 0.02, .weight_decay = 1e-4})),
                        saddle::warmup_cosine({.warmup_steps = steps / 20 + 1, .total_steps = steps, .eta_min = 1e-4}));
  saddle::PlateauMonitor<decltype(full_loss), double> monitor(full_loss, {.window = 10, .relative_improvement = 1e-3});
  saddle::Random sampler(2024);  // draws the minibatches: part of the state to restore

  if (resume) {
    saddle::load_checkpoint(path, model.p, opt, monitor, sampler);
    std::printf("resumed from %s at step %lld\n", path.c_str(), static_cast<long long>(opt.steps()));
  }
  constexpr int batch = 64;
  Mat xb(2, batch);
  Vec yb(batch);
  while (opt.steps() < steps) {
    for (int j = 0; j < batch; ++j) {
      const auto k = static_cast<Eigen::Index>(sampler.next_u64() % static_cast<std::uint64_t>(data.y.size()));
      xb.col(j) = data.x.col(k);
      yb[j] = data.y[k];
    }
    model.loss(xb, yb, true);
    if (opt.step(model.p.values(), model.p.gradients()) != saddle::StepStatus::applied) {
      std::fprintf(stderr, "step %lld skipped: non-finite gradient\n", static_cast<long long>(opt.steps()));
    }
    const std::int64_t done = opt.steps();
    if (done % 50 == 0) {
      double accuracy = 0.0;
      const double f = model.loss(data.x, data.y, false, &accuracy);
      const bool flat = monitor.update(done, f, model.p.gradients().norm());
      if (done % 250 == 0) {
        std::printf("step %5lld  lr %.2e  loss %.5f  accuracy %5.1f%%%s\n", static_cast<long long>(done), opt.lr(), f,
                    100 * accuracy, flat ? "  (plateau)" : "");
      }
    }
    if (done % every == 0) {
      saddle::save_checkpoint(path, model.p, opt, monitor, sampler);
    }
    if (done == stop_after) {
      std::printf("stopping after step %lld, as asked\n", static_cast<long long>(done));
      return 0;
    }
  }
  double accuracy = 0.0;
  const double f = model.loss(data.x, data.y, false, &accuracy);
  std::printf("final: steps %lld  loss %.17g  accuracy %.17g  plateaus %zu  |x| %.17g\n",
              static_cast<long long>(opt.steps()), f, accuracy, monitor.episodes().size(), model.p.values().norm());
  return 0;
}
