// Deep linear networks: the scalar chain 1/2 (s - w_1 ... w_k)^2 (scalar_deep_linear.hpp) and the
// matrix network 1/2 E|T x - W_L ... W_1 x|^2 of Saxe, McClelland & Ganguli (deep_linear_network.hpp).
#pragma once

#include "saddle/landscapes/deep_linear_network.hpp"
#include "saddle/landscapes/scalar_deep_linear.hpp"
