// The checkpoint protocol every stateful class of saddle follows (saddle/io/checkpoint.hpp writes
// and reads the files; docs/checkpoints.md specifies them). A class opts in with two static members:
//
//   static constexpr std::string_view checkpoint_tag() { return "Adam"; }   // the type tag in the file
//   template <class Self, class Archive>
//   static void checkpoint_fields(Self& self, Archive& ar) {               // the fields, in order
//     ar("steps", self.steps_);
//     ar("exp_avg", self.exp_avg_);
//     ar.match("window", self.options_.window);   // must equal the target's value when loaded
//     ar.require(self.a_.size() == self.b_.size(), CheckpointReason::size, "b", "as many entries as a");
//   }
//
// One function serves both directions: Self is `const T` when saving (the archive only reads the
// fields) and `T` when loading (the archive assigns them, then the loader checks ar.require()).
// Fields may be bool, integers, enums, float, double, std::string, Eigen vectors and matrices of
// float or double, std::vector and std::array of those, and nested checkpointable objects.
// A class without the two members holds no state: passing it to save_checkpoint() is a compile-time
// error, and composites (Scheduled, Chain, SequentialLR) store nothing for such parts.
#pragma once

#include <concepts>
#include <string_view>
#include <type_traits>

namespace saddle {

// Why a checkpoint could not be loaded (CheckpointError::reason(); docs/errors.md).
enum class CheckpointReason {
  truncated,  // the file ends before its declared length, or before its header
  corrupted,  // not a saddle checkpoint, the checksum does not match, or a field is malformed or invalid
  version,    // written in a format version this build cannot read
  type,       // an object (or a nested part) is of another type than the one being loaded
  scalar,     // an object holds float where double is being loaded, or the other way round
  size,       // sizes or layout differ from those of the object being loaded
  count,      // the file holds another number of objects than are being loaded
};

[[nodiscard]] constexpr std::string_view to_string(CheckpointReason reason) {
  switch (reason) {
    case CheckpointReason::truncated: return "truncated";
    case CheckpointReason::corrupted: return "corrupted";
    case CheckpointReason::version: return "version";
    case CheckpointReason::type: return "type";
    case CheckpointReason::scalar: return "scalar";
    case CheckpointReason::size: return "size";
    case CheckpointReason::count: return "count";
  }
  return "unknown";
}

// T takes part in checkpoints: it names its type tag and its fields (see above).
template <class T>
concept Checkpointable = requires {
  { T::checkpoint_tag() } -> std::convertible_to<std::string_view>;
};

namespace detail {

// What a composite stores for a part that holds no state (a closed-form schedule, ClipGradValue):
// an empty record, so that loading a part with state in its place is reported as another type.
struct StatelessPart {
  static constexpr std::string_view checkpoint_tag() { return "Stateless"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& /*self*/, Archive& /*ar*/) {}
};

template <class Archive, class T>
void checkpoint_part(Archive& ar, std::string_view name, T& part) {
  if constexpr (Checkpointable<std::remove_const_t<T>>) {
    ar(name, part);
  } else {
    StatelessPart none;
    ar(name, none);
  }
}

}  // namespace detail

}  // namespace saddle
