// SIMD building blocks of saddle's fused element loops (steppers, finite checks), written once
// over Eigen's packet types so that one body serves the SIMD main loop and the scalar tail.
// Two operations get special care because
// they decide whether saddle reproduces torch.optim to the last bit:
//  - sqrt is always the correctly rounded one (Eigen's float psqrt is an rsqrt approximation
//    under its default EIGEN_FAST_MATH, and a scalar std::sqrt keeps GCC from vectorizing);
//  - fmadd(a, b, c) is fused (one rounding) exactly when the target has FMA, in packets and
//    scalars alike: torch's CPU kernels compute `add(alpha)` and `addcmul` with FMA on such
//    machines, and with two roundings elsewhere.
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <type_traits>

#include "saddle/core/types.hpp"

#if defined(EIGEN_VECTORIZE_SSE2) || defined(EIGEN_VECTORIZE_AVX) || defined(EIGEN_VECTORIZE_AVX512)
#include <immintrin.h>
#endif
#if defined(EIGEN_VECTORIZE_NEON) && defined(__aarch64__)
#include <arm_neon.h>
#endif

namespace saddle::detail::simd {

// True when fmadd is a fused multiply-add (one rounding) for scalars and packets.
#if defined(EIGEN_VECTORIZE_FMA) || defined(__FMA__) || defined(__ARM_FEATURE_FMA)
inline constexpr bool fused_multiply_add = true;
#else
inline constexpr bool fused_multiply_add = false;
#endif

template <class S>
using Packet = typename Eigen::internal::packet_traits<S>::type;

template <class S>
inline constexpr Index packet_size = Eigen::internal::unpacket_traits<Packet<S>>::size;

template <class P, class S>
EIGEN_STRONG_INLINE P load(const S* from) {
  return Eigen::internal::ploadu<P>(from);
}

template <class P, class S>
EIGEN_STRONG_INLINE void store(S* to, const P& value) {
  Eigen::internal::pstoreu<S, P>(to, value);
}

template <class P, class S>
EIGEN_STRONG_INLINE P set1(S value) {
  return Eigen::internal::pset1<P>(value);
}

template <class P>
EIGEN_STRONG_INLINE P add(const P& a, const P& b) {
  return Eigen::internal::padd(a, b);
}

template <class P>
EIGEN_STRONG_INLINE P mul(const P& a, const P& b) {
  return Eigen::internal::pmul(a, b);
}

template <class P>
EIGEN_STRONG_INLINE P div(const P& a, const P& b) {
  return Eigen::internal::pdiv(a, b);
}

template <class P>
EIGEN_STRONG_INLINE P negate(const P& a) {
  return Eigen::internal::pnegate(a);
}

// max(a, b) for the AMSGrad running maximum (inputs are finite when the finite check is on).
template <class P>
EIGEN_STRONG_INLINE P max(const P& a, const P& b) {
  if constexpr (std::is_floating_point_v<P>) {
    return a < b ? b : a;
  } else {
    return Eigen::internal::pmax(a, b);
  }
}

// Returns `value` unchanged, but as a product the compiler may not fuse into a following add:
// where torch rounds a product before adding (two separate kernels), -ffp-contract=fast (GCC's
// default) would otherwise turn `a * b + c` into one FMA and change the last bit. An empty asm
// statement that "modifies" the register is opaque to that optimization and costs nothing.
template <class P>
EIGEN_STRONG_INLINE P rounded(P value) {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  if constexpr (!std::is_same_v<P, long double>) {
    __asm__("" : "+v"(value));
  }
#elif defined(__GNUC__) && defined(__aarch64__)
  if constexpr (!std::is_same_v<P, long double>) {
    __asm__("" : "+w"(value));
  }
#endif
  return value;
}

// a * b + c: fused when fused_multiply_add, otherwise rounded twice (see the file comment).
template <class P>
EIGEN_STRONG_INLINE P fmadd(const P& a, const P& b, const P& c) {
  if constexpr (std::is_floating_point_v<P>) {
    if constexpr (fused_multiply_add) {
      return std::fma(a, b, c);
    } else {
      return a * b + c;
    }
  } else if constexpr (fused_multiply_add) {
    return Eigen::internal::pmadd(a, b, c);
  } else {
    return Eigen::internal::padd(Eigen::internal::pmul(a, b), c);
  }
}

// The correctly rounded square root, lane by lane: overloads for the packet types whose
// instructions we know, a lane-by-lane loop for any other.
EIGEN_STRONG_INLINE float sqrt(float a) { return std::sqrt(a); }
EIGEN_STRONG_INLINE double sqrt(double a) { return std::sqrt(a); }
EIGEN_STRONG_INLINE long double sqrt(long double a) { return std::sqrt(a); }
#if defined(EIGEN_VECTORIZE_AVX512)
EIGEN_STRONG_INLINE Eigen::internal::Packet16f sqrt(const Eigen::internal::Packet16f& a) { return _mm512_sqrt_ps(a); }
EIGEN_STRONG_INLINE Eigen::internal::Packet8d sqrt(const Eigen::internal::Packet8d& a) { return _mm512_sqrt_pd(a); }
#endif
#if defined(EIGEN_VECTORIZE_AVX)
EIGEN_STRONG_INLINE Eigen::internal::Packet8f sqrt(const Eigen::internal::Packet8f& a) { return _mm256_sqrt_ps(a); }
EIGEN_STRONG_INLINE Eigen::internal::Packet4d sqrt(const Eigen::internal::Packet4d& a) { return _mm256_sqrt_pd(a); }
#endif
#if defined(EIGEN_VECTORIZE_SSE2)
EIGEN_STRONG_INLINE Eigen::internal::Packet4f sqrt(const Eigen::internal::Packet4f& a) { return _mm_sqrt_ps(a); }
EIGEN_STRONG_INLINE Eigen::internal::Packet2d sqrt(const Eigen::internal::Packet2d& a) { return _mm_sqrt_pd(a); }
#endif
#if defined(EIGEN_VECTORIZE_NEON) && defined(__aarch64__)
EIGEN_STRONG_INLINE Eigen::internal::Packet4f sqrt(const Eigen::internal::Packet4f& a) { return vsqrtq_f32(a); }
EIGEN_STRONG_INLINE Eigen::internal::Packet2d sqrt(const Eigen::internal::Packet2d& a) { return vsqrtq_f64(a); }
#endif
template <class P>
EIGEN_STRONG_INLINE P sqrt(const P& a) {
  using S = typename Eigen::internal::unpacket_traits<P>::type;
  constexpr int n = Eigen::internal::unpacket_traits<P>::size;
  alignas(64) S lanes[n];
  Eigen::internal::pstoreu(lanes, a);
  for (int i = 0; i < n; ++i) {
    lanes[i] = std::sqrt(lanes[i]);
  }
  return Eigen::internal::ploadu<P>(lanes);
}

// Calls body.template operator()<P>(i) for i = 0, w, 2w, ... with P the packet type of S
// (w lanes), then body.template operator()<S>(i) for the scalar tail.
template <class S, class Body>
EIGEN_STRONG_INLINE void for_each(Index n, Body&& body) {
  using P = Packet<S>;
  constexpr Index w = packet_size<S>;
  Index i = 0;
  if constexpr (w > 1) {
    for (; i + w <= n; i += w) {
      body.template operator()<P>(i);
    }
  }
  for (; i < n; ++i) {
    body.template operator()<S>(i);
  }
}

// True when every p[i] is finite: p[i] * 0 is 0 for finite values and NaN for NaN and +-Inf,
// and a sum with a NaN stays NaN. One vectorized pass with two accumulators and no early exit
// (Eigen's allFinite() compares element by element and is several times slower).
template <class S>
bool all_finite(const S* p, Index n) {
  using P = Packet<S>;
  constexpr Index w = packet_size<S>;
  const P zero = set1<P>(S(0));
  P a = zero;
  P b = zero;
  Index i = 0;
  if constexpr (w > 1) {
    for (; i + 2 * w <= n; i += 2 * w) {
      a = add(a, mul(load<P>(p + i), zero));
      b = add(b, mul(load<P>(p + i + w), zero));
    }
  }
  S tail = S(0);
  for (; i < n; ++i) {
    tail += p[i] * S(0);
  }
  if constexpr (w > 1) {
    alignas(64) S lanes[w];
    store(lanes, add(a, b));
    for (Index k = 0; k < w; ++k) {
      tail += lanes[k];
    }
  }
  return tail == S(0);
}

}  // namespace saddle::detail::simd
