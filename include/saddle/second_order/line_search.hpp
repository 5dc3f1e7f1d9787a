// The line searches along a direction d from x0 — Moré–Thuente (strong Wolfe) and Armijo
// backtracking — as policies with their own options that report every outcome as a status instead
// of throwing: one header each, both included here.
#pragma once

#include "saddle/second_order/armijo.hpp"
#include "saddle/second_order/line_search_base.hpp"
#include "saddle/second_order/more_thuente.hpp"
