// CriticalPointKind: the label of a critical point, shared by landscapes and diagnostics.
#pragma once

#include <string_view>

namespace saddle {

enum class CriticalPointKind {
  minimum,        // Hessian positive definite (or a known minimum of a degenerate Hessian)
  strict_saddle,  // Hessian has a negative eigenvalue and is not negative definite
  maximum,        // Hessian negative definite
  degenerate,     // Hessian singular with no negative eigenvalue certifying a saddle (e.g. the monkey saddle)
  not_critical,   // the gradient is not zero
};

[[nodiscard]] constexpr std::string_view to_string(CriticalPointKind kind) {
  switch (kind) {
    case CriticalPointKind::minimum: return "minimum";
    case CriticalPointKind::strict_saddle: return "strict_saddle";
    case CriticalPointKind::maximum: return "maximum";
    case CriticalPointKind::degenerate: return "degenerate";
    case CriticalPointKind::not_critical: return "not_critical";
  }
  return "unknown";
}

}  // namespace saddle
