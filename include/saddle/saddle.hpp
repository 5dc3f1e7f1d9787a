// The umbrella header: includes every public header of saddle.
#pragma once

#include "saddle/version.hpp"

#include "saddle/core/critical_point_kind.hpp"
#include "saddle/core/gradient_check.hpp"
#include "saddle/core/minimize.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/observer.hpp"
#include "saddle/core/random.hpp"
#include "saddle/core/status.hpp"
#include "saddle/core/stepper.hpp"
#include "saddle/core/stopping.hpp"
#include "saddle/core/types.hpp"

#include "saddle/first_order/adam.hpp"
#include "saddle/first_order/adamw.hpp"
#include "saddle/first_order/gradient_descent.hpp"
#include "saddle/first_order/grouped.hpp"
#include "saddle/first_order/parameters.hpp"
#include "saddle/first_order/recipes.hpp"
#include "saddle/first_order/rmsprop.hpp"
#include "saddle/first_order/sgd.hpp"

#include "saddle/schedules/basic.hpp"
#include "saddle/schedules/compose.hpp"
#include "saddle/schedules/cosine.hpp"
#include "saddle/schedules/one_cycle.hpp"
#include "saddle/schedules/plateau.hpp"
#include "saddle/schedules/schedule.hpp"
#include "saddle/schedules/scheduled.hpp"

#include "saddle/transforms/chain.hpp"
#include "saddle/transforms/clip.hpp"
#include "saddle/transforms/noise.hpp"

#include "saddle/landscapes/himmelblau.hpp"
#include "saddle/landscapes/landscape.hpp"
#include "saddle/landscapes/quadratic.hpp"
#include "saddle/landscapes/rosenbrock.hpp"
