// Must not compile: a closed-form schedule holds no state, so there is nothing to checkpoint;
// saddle says so instead of writing an empty record.
#include <saddle/io/checkpoint.hpp>
#include <saddle/schedules/basic.hpp>

int main() {
  saddle::save_checkpoint("schedule.ckpt", saddle::StepLR{.step_size = 10});
  return 0;
}
