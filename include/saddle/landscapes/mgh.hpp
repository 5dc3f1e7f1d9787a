// Classic unconstrained test problems of Moré, Garbow & Hillstrom (1981), "Testing unconstrained
// optimization software", ACM TOMS 7(1):17-41: Beale (#5), helical valley (#7), Wood (#14) and the
// extended Powell singular function (#22), one header each. MGH's extended Rosenbrock (#21) is
// Rosenbrock's pairs form (rosenbrock.hpp).
#pragma once

#include "saddle/landscapes/beale.hpp"
#include "saddle/landscapes/extended_powell_singular.hpp"
#include "saddle/landscapes/helical_valley.hpp"
#include "saddle/landscapes/wood.hpp"
