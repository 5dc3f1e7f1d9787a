// GradientDescent: plain x <- x - lr g, the name under which SGD's plain case reads best in
// examples (SGD with its default options is exactly this).
#pragma once

#include "saddle/first_order/sgd.hpp"

namespace saddle {

// Gradient descent (Cauchy 1847): SGD with momentum, weight decay and maximize left at 0/false.
template <Scalar S>
using GradientDescent = SGD<S>;
using GradientDescentOptions = SGDOptions;

}  // namespace saddle
