// Checkpoints: the byte format against a file built by hand from docs/checkpoints.md, exact resume
// of every recipe (N steps + save + load into new objects + N steps == 2N steps, bit for bit) and of
// L-BFGS with warm_start, every CheckpointError reason, atomic saves, and that a failed load changes
// none of the objects.
#include "support/catch.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <saddle/core/observer.hpp>
#include <saddle/diagnostics/plateau_monitor.hpp>
#include <saddle/escape/perturbed.hpp>
#include <saddle/first_order/adam.hpp>
#include <saddle/first_order/adamw.hpp>
#include <saddle/first_order/grouped.hpp>
#include <saddle/first_order/parameters.hpp>
#include <saddle/first_order/rmsprop.hpp>
#include <saddle/first_order/sgd.hpp>
#include <saddle/io/checkpoint.hpp>
#include <saddle/landscapes/rosenbrock.hpp>
#include <saddle/recipes.hpp>
#include <saddle/schedules/compose.hpp>
#include <saddle/schedules/plateau.hpp>
#include <saddle/schedules/scheduled.hpp>
#include <saddle/second_order/armijo.hpp>
#include <saddle/second_order/lbfgs.hpp>
#include <saddle/transforms/chain.hpp>
#include <saddle/transforms/clip.hpp>
#include <saddle/transforms/noise.hpp>

using saddle::CheckpointError;
using saddle::Vector;
using saddle_test::contains;
using Reason = saddle::CheckpointError::Reason;

namespace {

template <class... Objects>
std::string bytes_of(const Objects&... objects) {
  std::ostringstream out;
  saddle::write_checkpoint(out, objects...);
  return out.str();
}

template <class... Objects>
void load_bytes(const std::string& bytes, Objects&... objects) {
  std::istringstream in(bytes);
  saddle::read_checkpoint(in, objects...);
}

// The reason of the CheckpointError a load throws (fails the test if it throws nothing).
template <class... Objects>
Reason reason_of(const std::string& bytes, Objects&... objects) {
  try {
    load_bytes(bytes, objects...);
  } catch (const CheckpointError& e) {
    return e.reason();
  }
  FAIL("the load succeeded");
  return Reason::corrupted;
}

template <class... Objects>
std::string message_of(const std::string& bytes, Objects&... objects) {
  try {
    load_bytes(bytes, objects...);
  } catch (const CheckpointError& e) {
    return e.what();
  }
  FAIL("the load succeeded");
  return {};
}

void put_u32(std::string& s, std::size_t at, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) {
    s[at + static_cast<std::size_t>(k)] = static_cast<char>((v >> (8 * k)) & 0xFFU);
  }
}

// Recomputes the checksum after a test has edited the bytes on purpose.
std::string reseal(std::string s) {
  const std::size_t end = s.size() - 4;
  put_u32(s, end, saddle::detail::checkpoint::crc32c(reinterpret_cast<const unsigned char*>(s.data()), end));
  return s;
}

// A deterministic, step-dependent gradient (a minibatch stand-in) large enough to trip clipping.
template <class S>
Vector<S> gradient(const Vector<S>& x, int k) {
  Vector<S> g(x.size());
  for (saddle::Index i = 0; i < x.size(); ++i) {
    const double xi = static_cast<double>(x[i]);
    g[i] = static_cast<S>(static_cast<double>(i + 1) * xi - 0.5 * std::sin(xi + 0.1 * k) + 0.3 * std::cos(0.7 * k));
  }
  return g;
}

template <class S>
Vector<S> start_point() {
  Vector<S> x(6);
  x << S(1.5), S(-0.75), S(0.5), S(2), S(-1.25), S(0.25);
  return x;
}

// Steps k = from, ..., to - 1; every `observe_every` steps the stepper observes a metric that stops
// improving (so reduce-on-plateau schedules reduce).
template <class StepperT, class S>
void run(StepperT& stepper, Vector<S>& x, int from, int to, bool observe) {
  for (int k = from; k < to; ++k) {
    const Vector<S> g = gradient(x, k);
    (void)stepper.step(x, g);
    if constexpr (requires { stepper.observe(0.0); }) {
      if (observe && k % 2 == 1) {
        stepper.observe(k < 6 ? 1.0 / (k + 1) : 0.2);
      }
    }
  }
}

template <class S>
bool same_bits(const Vector<S>& a, const Vector<S>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(S) * static_cast<std::size_t>(a.size())) == 0;
}

// 2N uninterrupted steps against N steps, a checkpoint, new objects loaded from it, and N more:
// the same x bit for bit, and the same state (the two final checkpoints are byte-identical).
template <class S, class Make>
void check_exact_resume(const Make& make, int n, bool observe = false) {
  auto straight = make();
  Vector<S> x_straight = start_point<S>();
  run(straight, x_straight, 0, 2 * n, observe);

  auto first = make();
  Vector<S> x_first = start_point<S>();
  run(first, x_first, 0, n, observe);
  const std::string saved = bytes_of(first, x_first);

  auto resumed = make();
  Vector<S> x_resumed = Vector<S>::Zero(6);
  load_bytes(saved, resumed, x_resumed);
  CHECK(bytes_of(resumed, x_resumed) == saved);
  run(resumed, x_resumed, n, 2 * n, observe);

  CHECK(same_bits(x_resumed, x_straight));
  CHECK(bytes_of(resumed, x_resumed) == bytes_of(straight, x_straight));
  CHECK_FALSE(same_bits(x_resumed, start_point<S>()));
}

template <class S>
void check_every_combination() {
  constexpr int n = 20;
  namespace r = saddle::recipes;
  SECTION("recipes::image_sgd") {
    check_exact_resume<S>([] { return r::image_sgd<S>(2 * n); }, n);
  }
  SECTION("recipes::image_sgd_step") {
    check_exact_resume<S>([] { return r::image_sgd_step<S>(1); }, n);
  }
  SECTION("recipes::image_adam") {
    check_exact_resume<S>([] { return r::image_adam<S>(2 * n); }, n);
  }
  SECTION("recipes::fine_tuning") {
    check_exact_resume<S>([] { return r::fine_tuning<S>(2 * n, 0.05); }, n);
  }
  SECTION("recipes::gan_generator") {
    check_exact_resume<S>([] { return r::gan_generator<S>(); }, n);
  }
  SECTION("recipes::gan_discriminator") {
    check_exact_resume<S>([] { return r::gan_discriminator<S>(); }, n);
  }
  SECTION("recipes::recurrent") {
    check_exact_resume<S>([] { return r::recurrent<S>(); }, n);
  }
  SECTION("recipes::recurrent_rmsprop") {
    check_exact_resume<S>([] { return r::recurrent_rmsprop<S>(); }, n);
  }
  SECTION("SGD with Nesterov momentum and reduce-on-plateau") {
    check_exact_resume<S>(
        [] {
          return saddle::scheduled(saddle::SGD<S>({.lr = 0.05, .momentum = 0.9, .nesterov = true}),
                                   saddle::ReduceLROnPlateau{.factor = 0.5, .patience = 1});
        },
        n, true);
  }
  SECTION("warmup, then reduce-on-plateau (SequentialLR with state)") {
    check_exact_resume<S>(
        [] {
          using Warmup = saddle::SequentialLR<saddle::LinearLR, saddle::ReduceLROnPlateau>;
          return saddle::scheduled(
              saddle::Adam<S>({.lr = 0.05}),
              Warmup{{4}, {saddle::LinearLR{.total_iters = 4}, saddle::ReduceLROnPlateau{.patience = 1}}});
        },
        n, true);
  }
  SECTION("gradient noise, clipping and AMSGrad") {
    check_exact_resume<S>(
        [] {
          return saddle::chain(saddle::GradientNoise<S>({.eta = 0.3, .seed = 7}),
                               saddle::ClipGradNorm<S>({.max_norm = 2.0}),
                               saddle::Adam<S>({.lr = 0.05, .amsgrad = true}));
        },
        n);
  }
  SECTION("RMSprop centered with momentum, clipped by value") {
    check_exact_resume<S>(
        [] {
          return saddle::chain(saddle::ClipGradValue<S>({.clip_value = 1.0}),
                               saddle::RMSprop<S>({.lr = 0.01, .momentum = 0.5, .centered = true}));
        },
        n);
  }
  SECTION("perturbed Adam") {
    check_exact_resume<S>(
        [] {
          return saddle::perturbed(saddle::Adam<S>({.lr = 0.05}),
                                   {.radius = 0.1, .gradient_threshold = 100.0, .escape_steps = 3, .seed = 11});
        },
        n);
  }
  SECTION("parameter groups") {
    check_exact_resume<S>(
        [] {
          return saddle::Grouped<saddle::AdamW<S>>({{"weights", 0, 4}, {"biases", 4, 2}}, {.lr = 0.05},
                                                   {{"biases", [](saddle::AdamWOptions& o) { o.weight_decay = 0; }}});
        },
        n);
  }
}

}  // namespace

TEST_CASE("checkpoint: the bytes of a Vector<double> are those docs/checkpoints.md specifies") {
  // Built by hand from the specification; the CRC-32C computed by an independent bitwise routine.
  // clang-format off
  const unsigned char expected[] = {
      0x89, 'S', 'A', 'D', 'D', 'L', 'E', '\n',  // magic
      1, 0, 0, 0,                                // format version 1
      1, 0, 0, 0,                                // one object
      59, 0, 0, 0, 0, 0, 0, 0,                   // 59 bytes of objects
      6, 0, 0, 0, 'V', 'e', 'c', 't', 'o', 'r',  // type tag
      4,                                         // scalar: float64
      1, 0, 0, 0,                                // one field
      6, 0, 0, 0, 'v', 'a', 'l', 'u', 'e', 's',  // its name
      7, 4,                                      // an array of float64
      2, 0, 0, 0, 0, 0, 0, 0,                    // rows
      1, 0, 0, 0, 0, 0, 0, 0,                    // columns
      0, 0, 0, 0, 0, 0, 0xF8, 0x3F,              // 1.5
      0, 0, 0, 0, 0, 0, 0, 0xC0,                 // -2
      0x31, 0xB6, 0x1F, 0xBE,                    // CRC-32C 0xBE1FB631
  };
  // clang-format on
  Vector<double> x(2);
  x << 1.5, -2.0;
  const std::string bytes = bytes_of(x);
  CHECK(bytes == std::string(reinterpret_cast<const char*>(expected), sizeof(expected)));

  Vector<double> y;
  load_bytes(std::string(reinterpret_cast<const char*>(expected), sizeof(expected)), y);
  CHECK(y == x);
}

TEST_CASE("checkpoint: CRC-32C gives the standard check value") {
  const std::string check = "123456789";
  CHECK(saddle::detail::checkpoint::crc32c(reinterpret_cast<const unsigned char*>(check.data()), check.size()) ==
        0xE3069283U);
  // Slicing by 8 agrees with the bytewise definition on every length and alignment.
  std::string data(300, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) {
    data[i] = static_cast<char>((i * 131 + 7) & 0xFF);
  }
  for (std::size_t length = 0; length <= 40; ++length) {
    for (std::size_t offset = 0; offset < 9; ++offset) {
      std::uint32_t crc = 0xFFFFFFFFU;
      for (std::size_t i = offset; i < offset + length; ++i) {
        crc ^= static_cast<unsigned char>(data[i]);
        for (int k = 0; k < 8; ++k) {
          crc = (crc & 1U) != 0 ? (crc >> 1) ^ 0x82F63B78U : crc >> 1;
        }
      }
      CHECK(saddle::detail::checkpoint::crc32c(reinterpret_cast<const unsigned char*>(data.data()) + offset, length) ==
            ~crc);
    }
  }
}

TEST_CASE("checkpoint: exact resume of every recipe and wrapper, in double") { check_every_combination<double>(); }

TEST_CASE("checkpoint: exact resume of every recipe and wrapper, in float") { check_every_combination<float>(); }

TEST_CASE("checkpoint: a loaded stepper holds the saved state and options") {
  saddle::Adam<float> adam({.lr = 0.01, .beta1 = 0.8, .amsgrad = true});
  Vector<float> x = start_point<float>();
  run(adam, x, 0, 5, false);
  Vector<float> bad = gradient(x, 5);
  bad[2] = std::numeric_limits<float>::quiet_NaN();
  CHECK(adam.step(x, bad) == saddle::StepStatus::non_finite_gradient);

  saddle::Adam<float> loaded;  // default options: the checkpoint's replace them
  load_bytes(bytes_of(adam), loaded);
  CHECK(loaded.steps() == 5);
  CHECK(loaded.skipped_steps() == 1);
  CHECK(loaded.options().lr == 0.01);
  CHECK(loaded.options().beta1 == 0.8);
  CHECK(loaded.options().amsgrad);
  CHECK(same_bits(loaded.exp_avg(), adam.exp_avg()));
  CHECK(same_bits(loaded.exp_avg_sq(), adam.exp_avg_sq()));
  CHECK(same_bits(loaded.max_exp_avg_sq(), adam.max_exp_avg_sq()));
}

TEST_CASE("checkpoint: reduce-on-plateau keeps its best, counters and scale") {
  auto stepper = saddle::scheduled(saddle::SGD<double>({.lr = 0.1}), saddle::ReduceLROnPlateau{.patience = 0});
  for (const double metric : {3.0, 2.0, 2.5, 2.5, 1.0}) {
    stepper.observe(metric);
  }
  const saddle::PlateauState& state = stepper.schedule().state;
  REQUIRE(state.reductions == 2);
  auto loaded = saddle::scheduled(saddle::SGD<double>({.lr = 0.1}), saddle::ReduceLROnPlateau{.patience = 0});
  load_bytes(bytes_of(stepper), loaded);
  const saddle::PlateauState& got = loaded.schedule().state;
  CHECK(got.best == 1.0);
  CHECK(got.observations == 5);
  CHECK(got.reductions == 2);
  CHECK(got.scale == state.scale);
  CHECK(got.num_bad_epochs == state.num_bad_epochs);
  CHECK(loaded.lr() == stepper.lr());
}

TEST_CASE("checkpoint: Parameters, History and a PlateauMonitor round-trip") {
  saddle::Parameters<double> params;
  const auto w = params.add("w", 2, 3, "weights");
  const auto b = params.add("b", 2, 1, "biases");
  params.value(w).setConstant(0.5);
  params.value(b) << 1.0, -1.0;
  params.grad(w).setConstant(9.0);

  saddle::History<float> history({.record_x = true});
  for (int k = 0; k < 4; ++k) {
    const Vector<float> x = Vector<float>::Constant(2, static_cast<float>(k));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const saddle::IterationInfo<float> info{
        k,  10.0F - static_cast<float>(k), 1.0F / static_cast<float>(k + 1), 0.0F, 0.1, nan, nan, nan, x, x, k, k, 0,
        0.0};
    (void)history(info);
  }

  auto f = [](const Vector<double>& x, Vector<double>& g) {
    g = x;
    return 0.5 * x.squaredNorm();
  };
  saddle::PlateauMonitor<decltype(f), double> monitor(f, {.window = 3});
  for (int k = 0; k < 12; ++k) {
    (void)monitor.update(k, k < 4 ? 10.0 - k : 6.0, 0.1);
  }
  REQUIRE(monitor.on_plateau());

  const std::string bytes = bytes_of(params, history, monitor);
  saddle::Parameters<double> params2;
  params2.add("w", 2, 3, "weights");
  params2.add("b", 2, 1, "biases");
  saddle::History<float> history2;
  saddle::PlateauMonitor<decltype(f), double> monitor2(f, {.window = 3});
  load_bytes(bytes, params2, history2, monitor2);

  CHECK(params2.values() == params.values());
  CHECK(params2.gradients().isZero());  // gradients are not stored
  CHECK(history2.iterations() == history.iterations());
  CHECK(history2.values() == history.values());
  CHECK(history2.gradient_norms() == history.gradient_norms());
  REQUIRE(history2.iterates().size() == 4);
  CHECK(history2.iterates()[3] == history.iterates()[3]);
  CHECK(monitor2.on_plateau());
  REQUIRE(monitor2.episodes().size() == 1);
  CHECK(monitor2.episodes()[0].start == monitor.episodes()[0].start);
  CHECK(monitor2.episodes()[0].diagnosis == monitor.episodes()[0].diagnosis);
  // Both go on to the same verdicts.
  for (int k = 12; k < 16; ++k) {
    const double value = k < 14 ? 6.0 : 1.0;
    CHECK(monitor2.update(k, value, 0.1) == monitor.update(k, value, 0.1));
  }
  CHECK(monitor2.episodes().back().end == monitor.episodes().back().end);
}

TEST_CASE("checkpoint: every prefix of a checkpoint is reported as truncated") {
  saddle::Adam<double> adam;
  Vector<double> x = start_point<double>();
  run(adam, x, 0, 3, false);
  const std::string bytes = bytes_of(adam, x);
  const std::string before = bytes_of(adam, x);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    INFO("prefix of " << n << " bytes");
    CHECK(reason_of(bytes.substr(0, n), adam, x) == Reason::truncated);
  }
  CHECK(bytes_of(adam, x) == before);
  CHECK(reason_of(bytes + "x", adam, x) == Reason::corrupted);
}

TEST_CASE("checkpoint: every single flipped bit is caught and changes nothing") {
  saddle::Adam<double> adam({.amsgrad = true});
  Vector<double> x = start_point<double>();
  run(adam, x, 0, 3, false);
  const std::string bytes = bytes_of(adam, x);
  saddle::Adam<double> target({.lr = 0.5});
  Vector<double> y = Vector<double>::Constant(6, 4.0);
  const std::string untouched = bytes_of(target, y);
  std::size_t versions = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = bytes;
      flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
      const Reason reason = reason_of(flipped, target, y);
      INFO("byte " << i << " bit " << bit);
      if (i >= 8 && i < 12) {
        CHECK(reason == Reason::version);
        ++versions;
      } else if (i >= 16 && i < 24) {  // the body's length: the file seems truncated or too long
        CHECK((reason == Reason::truncated || reason == Reason::corrupted));
      } else {
        CHECK(reason == Reason::corrupted);
      }
    }
  }
  CHECK(versions == 32);
  CHECK(bytes_of(target, y) == untouched);
}

TEST_CASE("checkpoint: wrong version, type, scalar, size and count are told apart") {
  saddle::Adam<double> adam;
  Vector<double> x = start_point<double>();
  run(adam, x, 0, 2, false);
  const std::string bytes = bytes_of(adam, x);

  SECTION("version") {
    std::string future = bytes;
    put_u32(future, 8, 2);
    saddle::Adam<double> a;
    Vector<double> y;
    CHECK(reason_of(reseal(future), a, y) == Reason::version);
    CHECK_THAT(message_of(reseal(future), a, y), contains("version 2; this build of saddle reads version 1"));
  }
  SECTION("type") {
    saddle::SGD<double> sgd;
    Vector<double> y;
    CHECK(reason_of(bytes, sgd, y) == Reason::type);
    CHECK_THAT(message_of(bytes, sgd, y),
               contains("object 1 of 2 (SGD): the checkpoint holds type 'Adam', the object being loaded is 'SGD'"));
    saddle::AdamW<double> adamw;
    CHECK(reason_of(bytes, adamw, y) == Reason::type);
  }
  SECTION("scalar") {
    saddle::Adam<float> a;
    Vector<double> y;
    CHECK(reason_of(bytes, a, y) == Reason::scalar);
    saddle::Adam<double> ad;
    Vector<float> yf;
    CHECK(reason_of(bytes, ad, yf) == Reason::scalar);
  }
  SECTION("size") {
    saddle::Adam<double> a;
    Vector<double> y = Vector<double>::Zero(5);
    CHECK(reason_of(bytes, a, y) == Reason::size);
    CHECK_THAT(message_of(bytes, a, y), contains("object 2 of 2 (Vector), field 'values': the checkpoint holds 6 x 1"));
  }
  SECTION("fixed-size Eigen objects") {
    Eigen::Vector3d three(1.0, 2.0, 3.0);
    Eigen::Vector2d two;
    Eigen::Matrix2d square;
    CHECK(reason_of(bytes_of(three), two) == Reason::size);
    CHECK(reason_of(bytes_of(three), square) == Reason::type);  // a Vector is no Matrix
    Eigen::Vector3d back;
    load_bytes(bytes_of(three), back);
    CHECK(back == three);
  }
  SECTION("count") {
    saddle::Adam<double> a;
    CHECK(reason_of(bytes, a) == Reason::count);
    Vector<double> y;
    Vector<double> z;
    CHECK(reason_of(bytes, a, y, z) == Reason::count);
  }
  SECTION("a nested part of another type names its path") {
    auto saved = saddle::scheduled(saddle::SGD<double>({.lr = 0.1}), saddle::ReduceLROnPlateau{});
    auto other = saddle::scheduled(saddle::Adam<double>({.lr = 0.1}), saddle::ReduceLROnPlateau{});
    CHECK(reason_of(bytes_of(saved), other) == Reason::type);
    CHECK_THAT(message_of(bytes_of(saved), other), contains("(Scheduled), field 'stepper'"));
    auto closed_form = saddle::scheduled(saddle::SGD<double>({.lr = 0.1}), saddle::StepLR{.step_size = 3});
    CHECK(reason_of(bytes_of(saved), closed_form) == Reason::type);
    CHECK_THAT(message_of(bytes_of(saved), closed_form), contains("field 'schedule'"));
  }
  SECTION("Parameters and groups with another layout") {
    saddle::Parameters<double> p;
    p.add("w", 2, 2);
    saddle::Parameters<double> renamed;
    renamed.add("v", 2, 2);
    saddle::Parameters<double> reshaped;
    reshaped.add("w", 4, 1);
    CHECK(reason_of(bytes_of(p), renamed) == Reason::type);
    CHECK(reason_of(bytes_of(p), reshaped) == Reason::size);
    CHECK_THAT(message_of(bytes_of(p), reshaped), contains("field 'block_shapes': the checkpoint holds [2, 2]"));
    saddle::Grouped<saddle::SGD<double>> two({{"a", 0, 2}, {"b", 2, 1}}, {});
    saddle::Grouped<saddle::SGD<double>> one({{"a", 0, 3}}, {});
    CHECK(reason_of(bytes_of(two), one) == Reason::type);
  }
}

namespace {

// Stand-ins that write what a damaged or hand-edited file could hold, under real type tags.
struct BadAdamOptions {
  double lr = -1.0;
  static constexpr std::string_view checkpoint_tag() { return "AdamOptions"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& o, Archive& ar) {
    ar("lr", o.lr);
    for (const char* name : {"beta1", "beta2", "eps", "weight_decay"}) {
      double v = std::string_view(name) == "beta2" ? 0.999 : 0.0;
      ar(name, v);
    }
    bool f = false;
    ar("amsgrad", f);
    ar("maximize", f);
    ar("check_finite", f);
  }
};

struct FakeAdam {
  using scalar_type = double;
  int variant = 0;  // 0: invalid lr; 1: moments of different sizes; 2: a missing field; 3: an extra field
  static constexpr std::string_view checkpoint_tag() { return "Adam"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    if (self.variant == 0) {
      ar("options", BadAdamOptions{});
    } else {
      ar("options", saddle::AdamOptions{});
    }
    std::int64_t steps = 3;
    ar("steps", steps);
    ar("skipped_steps", steps);
    Vector<double> three = Vector<double>::Ones(3);
    Vector<double> two = Vector<double>::Ones(2);
    Vector<double> none;
    ar("exp_avg", three);
    if (self.variant == 2) {
      return;
    }
    ar("exp_avg_sq", self.variant == 1 ? two : three);
    ar("max_exp_avg_sq", none);
    if (self.variant == 3) {
      ar("extra", steps);
    }
  }
};

}  // namespace

TEST_CASE("checkpoint: invalid contents behind a valid checksum are refused") {
  saddle::Adam<double> adam({.lr = 0.25});
  const std::string before = bytes_of(adam);
  CHECK(reason_of(bytes_of(FakeAdam{0}), adam) == Reason::corrupted);
  CHECK_THAT(message_of(bytes_of(FakeAdam{0}), adam), contains("field 'options': invalid after loading"));
  CHECK_THAT(message_of(bytes_of(FakeAdam{0}), adam), contains("lr = -1 violates 0 <= lr < inf"));
  CHECK(reason_of(bytes_of(FakeAdam{1}), adam) == Reason::size);
  CHECK_THAT(message_of(bytes_of(FakeAdam{1}), adam), contains("field 'exp_avg_sq': must have as many entries"));
  CHECK(reason_of(bytes_of(FakeAdam{2}), adam) == Reason::corrupted);
  CHECK_THAT(message_of(bytes_of(FakeAdam{2}), adam), contains("field 'exp_avg_sq': missing"));
  CHECK(reason_of(bytes_of(FakeAdam{3}), adam) == Reason::corrupted);
  CHECK_THAT(message_of(bytes_of(FakeAdam{3}), adam), contains("field 'extra': unexpected"));
  CHECK(bytes_of(adam) == before);
}

TEST_CASE("checkpoint: hostile lengths are refused before anything is allocated") {
  Vector<double> x(2);
  x << 1.5, -2.0;
  const std::string good = bytes_of(x);
  Vector<double> y;
  SECTION("an array claiming 2^62 rows") {
    std::string bad = good;
    bad[24 + 10 + 1 + 4 + 10 + 2 + 7] = 0x40;  // the top byte of the rows field
    CHECK(reason_of(reseal(bad), y) == Reason::corrupted);
    CHECK_THAT(message_of(reseal(bad), y), contains("array of 4611686018427387906 x 1"));
  }
  SECTION("a string claiming 4 GiB") {
    std::string bad = good;
    put_u32(bad, 24, 0xFFFFFFF0U);
    CHECK(reason_of(reseal(bad), y) == Reason::corrupted);
  }
  SECTION("a billion objects") {
    std::string bad = good;
    put_u32(bad, 12, 1000000000U);
    CHECK(reason_of(reseal(bad), y) == Reason::corrupted);
  }
  SECTION("records nested 100 deep") {
    std::string body;
    auto u32 = [&](std::uint32_t v) {
      for (int k = 0; k < 4; ++k) {
        body.push_back(static_cast<char>((v >> (8 * k)) & 0xFFU));
      }
    };
    for (int depth = 0; depth < 100; ++depth) {
      u32(1);
      body += "N";
      body.push_back(0);  // no scalar
      u32(1);             // one field
      u32(1);
      body += "n";
      body.push_back(8);  // a record
    }
    std::string file = good.substr(0, 24) + body + "xxxx";
    for (int k = 0; k < 8; ++k) {
      file[16 + static_cast<std::size_t>(k)] = static_cast<char>((body.size() >> (8 * k)) & 0xFFU);
    }
    CHECK(reason_of(reseal(file), y) == Reason::corrupted);
    CHECK_THAT(message_of(reseal(file), y), contains("nested more than 64 deep"));
  }
  CHECK(y.size() == 0);
}

TEST_CASE("checkpoint: a failed load changes none of the objects") {
  saddle::Adam<double> adam;
  Vector<double> x = start_point<double>();
  run(adam, x, 0, 4, false);
  saddle::SGD<double> sgd({.lr = 0.1, .momentum = 0.9});
  run(sgd, x, 0, 4, false);
  const std::string bytes = bytes_of(adam, x, adam);  // the third is an Adam, not an SGD

  saddle::Adam<double> a({.lr = 0.7});
  Vector<double> y = Vector<double>::Constant(6, -3.0);
  saddle::SGD<double> s({.lr = 0.2, .momentum = 0.5});
  run(s, y, 0, 2, false);
  const std::string before = bytes_of(a, y, s);
  CHECK(reason_of(bytes, a, y, s) == Reason::type);
  CHECK(bytes_of(a, y, s) == before);
}

TEST_CASE("checkpoint: save_checkpoint replaces the file atomically and leaves no temporary behind") {
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "saddle_test_checkpoint";
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  const std::filesystem::path path = folder / "run.ckpt";

  saddle::SGD<double> sgd({.lr = 0.1, .momentum = 0.9});
  Vector<double> x = start_point<double>();
  run(sgd, x, 0, 3, false);
  saddle::save_checkpoint(path, sgd, x);
  run(sgd, x, 3, 6, false);
  saddle::save_checkpoint(path, sgd, x);  // over the previous one

  saddle::SGD<double> loaded;
  Vector<double> y;
  saddle::load_checkpoint(path, loaded, y);
  CHECK(loaded.steps() == 6);
  CHECK(same_bits(y, x));
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    CHECK(entry.path().filename() == "run.ckpt");
    ++files;
  }
  CHECK(files == 1);

  // A save that cannot complete throws, names the file and leaves the previous checkpoint.
  CHECK_THROWS_AS(saddle::save_checkpoint(folder / "missing" / "run.ckpt", sgd), std::system_error);
  std::filesystem::create_directories(folder / "taken" / "child");
  try {
    saddle::save_checkpoint(folder / "taken", sgd);
    FAIL("saving over a folder succeeded");
  } catch (const std::system_error& e) {
    CHECK_THAT(std::string(e.what()), contains("saddle::save_checkpoint: cannot rename"));
  }
  files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    (void)entry;
    ++files;
  }
  CHECK(files == 2);  // run.ckpt and taken/: no temporary left
  saddle::load_checkpoint(path, loaded, y);
  CHECK(loaded.steps() == 6);

  CHECK_THROWS_AS(saddle::load_checkpoint(folder / "absent.ckpt", loaded), std::system_error);
  std::filesystem::remove_all(folder);
}

namespace {

// An observer that stops a run after `iterations` iterations (so that runs of different lengths
// share their options, which a checkpoint holds).
template <class S>
auto stop_after(std::int64_t iterations) {
  return [iterations](const saddle::IterationInfo<S>& info) {
    return info.iteration == iterations ? saddle::ObserverAction::stop : saddle::ObserverAction::proceed;
  };
}

// L-BFGS with warm_start: 2N iterations in one run against N iterations, save_checkpoint, a fresh
// LBFGS and x loaded from it, and N more — the same x bit for bit and byte-identical final
// checkpoints; a fresh LBFGS without the pairs goes elsewhere.
template <class S, class LineSearch>
void check_lbfgs_resume(int n) {
  const saddle::LBFGSOptions options{.stop = {.gradient_tolerance = 0.0}, .memory = 5, .warm_start = true};
  saddle::landscapes::Rosenbrock<S> f(6);

  saddle::LBFGS<S, LineSearch> straight(options);
  Vector<S> x_straight = f.start_point();
  auto result = straight.minimize(f, x_straight, stop_after<S>(2 * n));
  REQUIRE(result.status == saddle::Status::stopped_by_observer);
  REQUIRE(result.iterations == 2 * n);

  const std::filesystem::path path = std::filesystem::temp_directory_path() / "saddle_test_checkpoint_lbfgs.ckpt";
  saddle::LBFGS<S, LineSearch> first(options);
  Vector<S> x_first = f.start_point();
  result = first.minimize(f, x_first, stop_after<S>(n));
  REQUIRE(result.status == saddle::Status::stopped_by_observer);
  REQUIRE(first.pair_count() == 5);  // the ring has wrapped
  saddle::save_checkpoint(path, first, x_first);

  saddle::LBFGS<S, LineSearch> resumed(options);
  Vector<S> x_resumed;
  saddle::load_checkpoint(path, resumed, x_resumed);
  std::filesystem::remove(path);
  CHECK(resumed.pair_count() == 5);
  CHECK(bytes_of(resumed, x_resumed) == bytes_of(first, x_first));
  result = resumed.minimize(f, x_resumed, stop_after<S>(n));
  REQUIRE(result.status == saddle::Status::stopped_by_observer);
  CHECK(same_bits(x_resumed, x_straight));
  CHECK(bytes_of(resumed, x_resumed) == bytes_of(straight, x_straight));

  // Without the pairs (a fresh LBFGS from the same x) the second half goes elsewhere.
  saddle::LBFGS<S, LineSearch> fresh(options);
  Vector<S> x_fresh = x_first;
  (void)fresh.minimize(f, x_fresh, stop_after<S>(n));
  CHECK_FALSE(same_bits(x_fresh, x_straight));
}

// The offset of the payload of the first field called `name` (after its kind byte).
std::size_t payload_of(const std::string& bytes, std::string_view name) {
  std::string needle(4, '\0');
  put_u32(needle, 0, static_cast<std::uint32_t>(name.size()));
  needle += name;
  const std::size_t at = bytes.find(needle);
  REQUIRE(at != std::string::npos);
  return at + needle.size() + 1;
}

void put_u64_at(std::string& s, std::size_t at, std::uint64_t v) {
  for (int k = 0; k < 8; ++k) {
    s[at + static_cast<std::size_t>(k)] = static_cast<char>((v >> (8 * k)) & 0xFFU);
  }
}

// The checkpoint with the int64 or double field `name` set to `value`, resealed.
std::string with_int(const std::string& bytes, std::string_view name, std::int64_t value) {
  std::string edited = bytes;
  put_u64_at(edited, payload_of(bytes, name), static_cast<std::uint64_t>(value));
  return reseal(edited);
}
std::string with_double(const std::string& bytes, std::string_view name, double value) {
  std::string edited = bytes;
  put_u64_at(edited, payload_of(bytes, name), std::bit_cast<std::uint64_t>(value));
  return reseal(edited);
}

}  // namespace

TEST_CASE("checkpoint: L-BFGS with warm_start resumes exactly, with its correction pairs") {
  SECTION("double, More-Thuente") { check_lbfgs_resume<double, saddle::MoreThuente>(8); }
  SECTION("float, More-Thuente") { check_lbfgs_resume<float, saddle::MoreThuente>(8); }
  SECTION("double, Armijo") { check_lbfgs_resume<double, saddle::Armijo>(8); }
}

TEST_CASE("checkpoint: L-BFGS stores its options, its line search's options and its pairs") {
  using LBFGS = saddle::LBFGS<double>;
  static_assert(LBFGS::checkpoint_tag() == "LBFGS<MoreThuente>");
  static_assert(saddle::LBFGS<float, saddle::Armijo>::checkpoint_tag() == "LBFGS<Armijo>");
  saddle::landscapes::Rosenbrock<double> f(6);
  LBFGS saved({.stop = {.gradient_tolerance = 0.0, .function_tolerance = 1e-30, .max_iterations = 6},
               .memory = 3,
               .curvature_epsilon = 1e-6,
               .warm_start = true},
              saddle::MoreThuente({.gtol = 0.5, .max_evaluations = 30}));
  Vector<double> x = f.start_point();
  (void)saved.minimize(f, x);
  const std::string bytes = bytes_of(saved);

  SECTION("options and pairs come from the file (memory included)") {
    LBFGS loaded({.memory = 7});
    load_bytes(bytes, loaded);
    CHECK(loaded.options().memory == 3);
    CHECK(loaded.options().curvature_epsilon == 1e-6);
    CHECK(loaded.options().warm_start);
    CHECK(loaded.options().stop.max_iterations == 6);
    CHECK(loaded.options().stop.function_tolerance == 1e-30);
    CHECK(loaded.line_search().options().gtol == 0.5);
    CHECK(loaded.line_search().options().max_evaluations == 30);
    CHECK(loaded.pair_count() == 3);
    CHECK(bytes_of(loaded) == bytes);
  }
  SECTION("a fresh LBFGS (no pairs yet) and a reset one round-trip") {
    LBFGS fresh;
    LBFGS loaded;
    load_bytes(bytes_of(fresh), loaded);
    CHECK(loaded.pair_count() == 0);
    LBFGS reset = saved;
    reset.reset();
    load_bytes(bytes_of(reset), loaded);
    CHECK(loaded.pair_count() == 0);
    CHECK(loaded.options().memory == 3);
    // Loaded into an object that held pairs, the empty state replaces them.
    LBFGS busy = saved;
    load_bytes(bytes_of(fresh), busy);
    CHECK(busy.pair_count() == 0);
  }
  SECTION("pairs of another size than memory are refused") {
    LBFGS target;
    const std::string before = bytes_of(target);
    CHECK(reason_of(with_int(bytes, "memory", 4), target) == Reason::size);
    CHECK_THAT(message_of(with_int(bytes, "memory", 4), target), contains("(LBFGS<MoreThuente>), field 's'"));
    CHECK(bytes_of(target) == before);
  }
  SECTION("count and newest out of range are corrupted") {
    LBFGS target;
    CHECK(reason_of(with_int(bytes, "count", 4), target) == Reason::corrupted);
    CHECK_THAT(message_of(with_int(bytes, "count", 4), target), contains("field 'count': must have 0 <= count"));
    CHECK(reason_of(with_int(bytes, "count", -1), target) == Reason::corrupted);
    CHECK(reason_of(with_int(bytes, "newest", 3), target) == Reason::corrupted);
    CHECK(reason_of(with_int(bytes, "newest", -2), target) == Reason::corrupted);
    CHECK(reason_of(with_int(bytes, "newest", -1), target) == Reason::corrupted);  // count is 3
    CHECK_THAT(message_of(with_int(bytes, "newest", -1), target), contains("field 'newest'"));
  }
  SECTION("invalid options are corrupted") {
    LBFGS target;
    CHECK(reason_of(with_int(bytes, "memory", 0), target) == Reason::corrupted);
    CHECK_THAT(message_of(with_double(bytes, "curvature_epsilon", 1.5), target),
               contains("field 'options': invalid after loading"));
    CHECK(reason_of(with_double(bytes, "gradient_tolerance", -1.0), target) == Reason::corrupted);
    CHECK_THAT(message_of(with_double(bytes, "gtol", 2.0), target),
               contains("field 'line_search.options': invalid after loading"));
  }
  SECTION("another line search is another type; float is another scalar") {
    saddle::LBFGS<double, saddle::Armijo> armijo;
    CHECK(reason_of(bytes, armijo) == Reason::type);
    CHECK_THAT(message_of(bytes, armijo),
               contains("the checkpoint holds type 'LBFGS<MoreThuente>', the object being loaded is 'LBFGS<Armijo>'"));
    saddle::LBFGS<float> single;
    CHECK(reason_of(bytes, single) == Reason::scalar);
  }
  SECTION("loaded pairs of another size than x: the next call starts fresh") {
    LBFGS loaded;
    load_bytes(bytes, loaded);
    saddle::landscapes::Rosenbrock<double> f4(4);
    Vector<double> x4 = f4.start_point();
    const auto result = loaded.minimize(f4, x4);
    CHECK(result.status == saddle::Status::max_iterations);
    LBFGS fresh(loaded.options(), loaded.line_search());
    Vector<double> y4 = f4.start_point();
    (void)fresh.minimize(f4, y4);
    CHECK(same_bits(x4, y4));
  }
}
