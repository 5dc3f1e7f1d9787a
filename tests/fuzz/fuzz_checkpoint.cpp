// libFuzzer target for the checkpoint loader (clang -fsanitize=fuzzer,address,undefined): every
// input is loaded as it is (the header and checksum checks) and resealed (a header that agrees
// with the input and a valid checksum, so mutations reach the parser and the field matching) into
// an object of every kind. Any crash, sanitizer report, exception other than CheckpointError, or an
// accepted input that does not round-trip, is a failure. tests/fuzz/run_fuzz.cmake runs it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/checkpoint_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  saddle_fuzz::load_everything(bytes);
  saddle_fuzz::load_everything(saddle_fuzz::reseal(bytes));
  return 0;
}
