// Spectral tools on Hessian-vector products, in the spirit of PyHessian (Yao et al. 2020): one
// header each — the Hessian at a point as an operator, top eigenvalues, power iteration,
// Hutchinson's trace, the spectral density by stochastic Lanczos quadrature, and the exact count
// of negative eigenvalues by deflation. This umbrella includes them all.
#pragma once

#include "saddle/diagnostics/count_negative_eigenvalues.hpp"
#include "saddle/diagnostics/eigenpairs.hpp"
#include "saddle/diagnostics/hessian_operator.hpp"
#include "saddle/diagnostics/hutchinson_trace.hpp"
#include "saddle/diagnostics/power_iteration.hpp"
#include "saddle/diagnostics/spectral_density.hpp"
#include "saddle/diagnostics/top_eigenvalues.hpp"
#include "saddle/second_order/lanczos.hpp"
