// hutchinson_trace(): the trace of a symmetric operator from products with random sign vectors
// (Hutchinson 1989), with its standard error.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "saddle/core/format.hpp"
#include "saddle/core/random.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

struct HutchinsonTraceOptions {
  std::int64_t probes = 100;  // Rademacher vectors z, one product each; >= 2 (for the standard error)
  std::uint64_t seed = 0;     // the probes' signs

  void validate() const {
    detail::require("HutchinsonTraceOptions", "probes", probes, detail::at_least(2));
  }
};

template <Scalar S>
struct TraceEstimate {
  double trace = 0.0;           // mean of z^T H z over the probes
  double standard_error = 0.0;  // sample standard deviation / sqrt(probes)
  std::int64_t probes = 0;      // = products
};

// tr(H) ~ mean of z^T H z over Rademacher vectors z, exact on a diagonal H (z_i^2 = 1). No
// allocation after the setup.
template <Scalar S, class Operator>
TraceEstimate<S> hutchinson_trace(Operator&& product, Index n, const HutchinsonTraceOptions& options = {}) {
  options.validate();
  detail::require("hutchinson_trace", "n", n, detail::at_least(1));
  Random random(options.seed);
  Vector<S> z(n);
  Vector<S> hz(n);
  double sum = 0.0;
  double sum_squares = 0.0;
  for (std::int64_t p = 0; p < options.probes; ++p) {
    for (Index i = 0; i < n; ++i) {
      z[i] = (random.next_u64() >> 63) != 0 ? S(1) : S(-1);
    }
    product(z, hz);
    const double sample = static_cast<double>(z.dot(hz));
    if (!std::isfinite(sample)) {
      throw std::invalid_argument(detail::concat("saddle::hutchinson_trace: the operator returned a non-finite "
                                                 "product at probe ", p, " (z^T H z = ", sample, ")"));
    }
    sum += sample;
    sum_squares += sample * sample;
  }
  TraceEstimate<S> out;
  const double count = static_cast<double>(options.probes);
  out.trace = sum / count;
  const double variance = std::max(0.0, (sum_squares - count * out.trace * out.trace) / (count - 1.0));
  out.standard_error = std::sqrt(variance / count);
  out.probes = options.probes;
  return out;
}

}  // namespace saddle
