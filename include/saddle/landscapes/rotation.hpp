// Orthogonal changes of basis for landscapes: Householder<S>, a seeded product of k Householder
// reflections applied in O(kd) (householder.hpp), and Rotated<L>, any landscape seen in the rotated
// coordinates (rotated.hpp).
#pragma once

#include "saddle/landscapes/householder.hpp"
#include "saddle/landscapes/rotated.hpp"
