// The library version: the single place it is defined (CMakeLists.txt reads it from here).
#pragma once

#define SADDLE_VERSION_MAJOR 0
#define SADDLE_VERSION_MINOR 1
#define SADDLE_VERSION_PATCH 0

#define SADDLE_DETAIL_STR2(x) #x
#define SADDLE_DETAIL_STR(x) SADDLE_DETAIL_STR2(x)

namespace saddle {

inline constexpr int version_major = SADDLE_VERSION_MAJOR;
inline constexpr int version_minor = SADDLE_VERSION_MINOR;
inline constexpr int version_patch = SADDLE_VERSION_PATCH;
// "major.minor.patch", built from the three numbers above so it cannot drift from them.
inline constexpr const char* version_string = SADDLE_DETAIL_STR(SADDLE_VERSION_MAJOR) "." SADDLE_DETAIL_STR(
    SADDLE_VERSION_MINOR) "." SADDLE_DETAIL_STR(SADDLE_VERSION_PATCH);

}  // namespace saddle
