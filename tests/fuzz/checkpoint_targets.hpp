// What the checkpoint fuzz target and its seed corpus share: the objects every input is loaded
// into, and valid checkpoints of each of them (the seeds).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <utility>
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

namespace saddle_fuzz {

using saddle::Vector;

inline double quadratic(const Vector<double>& x, Vector<double>& g) {
  g = x;
  return 0.5 * x.squaredNorm();
}
using Quadratic = decltype(&quadratic);
inline Quadratic quadratic_objective = &quadratic;  // what the monitors refer to

// One factory per kind of object: fresh objects, constructed the same way every time.
inline auto adam_and_x() {
  return std::make_pair(saddle::Adam<double>({.lr = 0.1}), Vector<double>(Vector<double>::Zero(4)));
}
inline auto amsgrad_float() { return saddle::Adam<float>({.lr = 0.1, .amsgrad = true}); }
inline auto nesterov() { return saddle::SGD<double>({.lr = 0.1, .momentum = 0.9, .nesterov = true}); }
inline auto centered() { return saddle::RMSprop<float>({.momentum = 0.5, .centered = true}); }
inline auto on_plateau() {
  return saddle::scheduled(saddle::SGD<double>({.lr = 0.1}), saddle::ReduceLROnPlateau{.patience = 0});
}
inline auto noisy() {
  return saddle::chain(saddle::GradientNoise<float>({.eta = 0.1, .seed = 3}), saddle::ClipGradNorm<float>(),
                       saddle::Adam<float>({.lr = 0.1}));
}
inline auto grouped() { return saddle::Grouped<saddle::AdamW<double>>({{"a", 0, 2}, {"b", 2, 2}}, {.lr = 0.1}); }
inline auto perturbed_sgd() {
  return saddle::perturbed(saddle::SGD<double>({.lr = 0.1}), {.gradient_threshold = 10.0, .escape_steps = 1});
}
inline auto parameters() {
  saddle::Parameters<double> p;
  p.add("w", 2, 2, "weights");
  p.add("b", 2, 1, "biases");
  return p;
}
inline auto warmup_then_plateau() {
  using Pieces = saddle::SequentialLR<saddle::LinearLR, saddle::ReduceLROnPlateau>;
  return saddle::scheduled(saddle::Adam<double>({.lr = 0.1}),
                           Pieces{{2}, {saddle::LinearLR{.total_iters = 2}, saddle::ReduceLROnPlateau{.patience = 0}}});
}
inline auto fine_tuning() { return saddle::recipes::fine_tuning<float>(100, 0.1); }
inline auto lbfgs() {
  return saddle::LBFGS<double>({.stop = {.max_iterations = 4}, .memory = 3, .warm_start = true},
                               saddle::MoreThuente({.gtol = 0.5}));
}
inline auto lbfgs_armijo_float() {
  return saddle::LBFGS<float, saddle::Armijo>({.stop = {.max_iterations = 3}, .memory = 2});
}

// Calls fn(name, make) for every kind.
template <class Fn>
void for_each_kind(Fn&& fn) {
  fn("adam_and_x", [] { return adam_and_x(); });
  fn("amsgrad_float", [] { return amsgrad_float(); });
  fn("nesterov", [] { return nesterov(); });
  fn("centered", [] { return centered(); });
  fn("on_plateau", [] { return on_plateau(); });
  fn("noisy", [] { return noisy(); });
  fn("grouped", [] { return grouped(); });
  fn("perturbed", [] { return perturbed_sgd(); });
  fn("parameters", [] { return parameters(); });
  fn("history", [] { return saddle::History<double>({.record_x = true}); });
  fn("monitor", [] { return saddle::PlateauMonitor<Quadratic, double>(quadratic_objective, {.window = 2}); });
  fn("matrix", [] { return saddle::Matrix<float>(); });
  fn("warmup_then_plateau", [] { return warmup_then_plateau(); });
  fn("fine_tuning", [] { return fine_tuning(); });
  fn("lbfgs", [] { return lbfgs(); });
  fn("lbfgs_armijo_float", [] { return lbfgs_armijo_float(); });
}

template <class T>
std::string encode(const T& object) {
  std::ostringstream out;
  if constexpr (requires {
                  object.first;
                  object.second;
                }) {
    saddle::write_checkpoint(out, object.first, object.second);
  } else {
    saddle::write_checkpoint(out, object);
  }
  return out.str();
}

template <class T>
void decode(const std::string& bytes, T& object) {
  std::istringstream in(bytes);
  if constexpr (requires {
                  object.first;
                  object.second;
                }) {
    saddle::read_checkpoint(in, object.first, object.second);
  } else {
    saddle::read_checkpoint(in, object);
  }
}

[[noreturn]] inline void die(const char* kind, const char* what) {
  std::fprintf(stderr, "checkpoint fuzz (%s): %s\n", kind, what);
  std::abort();
}

// Loads `bytes` into a fresh object of every kind. A CheckpointError is the expected answer to a
// bad input; any other exception is a bug (abort). An input that loads must round-trip: written
// again, it loads into a fresh object, which writes the same bytes.
inline void load_everything(const std::string& bytes) {
  for_each_kind([&](const char* kind, auto make) {
    auto object = make();
    try {
      decode(bytes, object);
    } catch (const saddle::CheckpointError&) {
      return;
    } catch (const std::exception& e) {
      die(kind, e.what());
    }
    const std::string again = encode(object);
    auto second = make();
    try {
      decode(again, second);
    } catch (const std::exception& e) {
      die(kind, e.what());
    }
    if (encode(second) != again) {
      die(kind, "a loaded object does not write the same bytes twice");
    }
  });
}

// Valid checkpoints of every kind, each after a few steps (so that every field holds something).
inline std::vector<std::pair<std::string, std::string>> seeds() {
  std::vector<std::pair<std::string, std::string>> out;
  for_each_kind([&](const char* kind, auto make) {
    auto object = make();
    using T = decltype(object);
    if constexpr (requires { object.first.step(object.second, object.second); }) {
      object.second.setConstant(1.0);
      for (int k = 0; k < 3; ++k) {
        const Vector<double> g = object.second;
        (void)object.first.step(object.second, g);
      }
    } else if constexpr (requires {
                           typename T::scalar_type;
                           object.step(std::declval<Vector<typename T::scalar_type>&>(),
                                       std::declval<const Vector<typename T::scalar_type>&>());
                         }) {
      using S = typename T::scalar_type;
      Vector<S> x = Vector<S>::LinSpaced(4, S(-1), S(2));
      for (int k = 0; k < 3; ++k) {
        const Vector<S> g = x;
        (void)object.step(x, g);
        if constexpr (requires { object.observe(1.0); }) {
          object.observe(1.0);
        }
      }
    } else if constexpr (requires {
                           object.values();
                           object.add("x", 1);
                         }) {
      object.values().setLinSpaced(-1.0, 1.0);
    } else if constexpr (requires { object.update(0, 0.0, 0.0); }) {
      for (int k = 0; k < 5; ++k) {
        (void)object.update(k, k < 2 ? 3.0 - k : 1.0, 0.1);
      }
    } else if constexpr (requires { object.setRandom(2, 3); }) {
      object.setRandom(2, 3);
    } else if constexpr (requires { object.line_search(); }) {  // L-BFGS: a short run leaves pairs
      using S = typename T::scalar_type;
      saddle::landscapes::Rosenbrock<S> f(3);
      Vector<S> x = f.start_point();
      (void)object.minimize(f, x);
    } else {
      Vector<double> x = Vector<double>::Ones(2);
      Vector<double> g = x;
      const double nan = std::numeric_limits<double>::quiet_NaN();
      for (int k = 0; k < 3; ++k) {
        (void)object(saddle::IterationInfo<double>{k, 1.0 / (k + 1), 0.5, 0.0, 0.1, nan, nan, nan, x, g, k, k, 0, 0.0});
      }
    }
    out.emplace_back(kind, encode(object));
  });
  return out;
}

// Makes the header agree with the input (version 1, the length of what follows it) and recomputes
// the checksum, so that mutations reach the parser instead of stopping at the checksum.
inline std::string reseal(std::string bytes) {
  namespace c = saddle::detail::checkpoint;
  if (bytes.size() < c::header_size + c::trailer_size ||
      std::memcmp(bytes.data(), c::magic.data(), c::magic.size()) != 0) {
    return bytes;
  }
  bytes[8] = 1;
  bytes[9] = bytes[10] = bytes[11] = 0;
  const std::uint64_t body = bytes.size() - c::header_size - c::trailer_size;
  for (int k = 0; k < 8; ++k) {
    bytes[16 + static_cast<std::size_t>(k)] = static_cast<char>((body >> (8 * k)) & 0xFFU);
  }
  const std::size_t end = bytes.size() - c::trailer_size;
  const std::uint32_t crc = c::crc32c(reinterpret_cast<const unsigned char*>(bytes.data()), end);
  for (int k = 0; k < 4; ++k) {
    bytes[end + static_cast<std::size_t>(k)] = static_cast<char>((crc >> (8 * k)) & 0xFFU);
  }
  return bytes;
}

}  // namespace saddle_fuzz
