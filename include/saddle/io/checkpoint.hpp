// Checkpoints: save_checkpoint(path, objects...) writes any number of stateful objects (steppers,
// wrappers, transforms, schedules with state, Parameters, History, PlateauMonitor, LBFGS,
// Vector<S>) to one file; load_checkpoint(path, objects...) restores them, in the same order, into objects
// constructed as the saved ones were. A load that fails throws CheckpointError and changes none of
// the objects. The format is specified in docs/checkpoints.md; how a class takes part, in
// saddle/core/checkpointable.hpp.
#pragma once

#include <array>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <istream>
#include <iterator>
#include <limits>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

// fsync(2) and the folder's file descriptor come from POSIX (<unistd.h>, <dirent.h>); <fcntl.h> is
// left out on purpose, so that ::open does not meet saddle::detail::open in user code.
#if __has_include(<unistd.h>) && __has_include(<dirent.h>)
#include <dirent.h>
#include <unistd.h>
#define SADDLE_CHECKPOINT_POSIX 1
#else
#define SADDLE_CHECKPOINT_POSIX 0
#endif

#include "saddle/core/checkpointable.hpp"
#include "saddle/core/format.hpp"
#include "saddle/core/types.hpp"
#include "saddle/io/detail/checkpoint_format.hpp"

namespace saddle {

namespace detail::checkpoint {

template <class T>
struct is_std_vector : std::false_type {};
template <class T, class A>
struct is_std_vector<std::vector<T, A>> : std::true_type {};

template <class T>
struct is_std_array : std::false_type {};
template <class T, std::size_t N>
struct is_std_array<std::array<T, N>> : std::true_type {};

template <class T>
struct is_eigen_dense : std::false_type {};
template <class S, int R, int C, int O, int MR, int MC>
struct is_eigen_dense<Eigen::Matrix<S, R, C, O, MR, MC>> : std::true_type {};

// Numbers stored as array elements: 64-bit integers, float and double.
template <class T>
concept Number = (std::is_integral_v<T> && !std::is_same_v<T, bool> && sizeof(T) == 8) || std::is_same_v<T, float> ||
                 std::is_same_v<T, double>;

// std::vector or std::array of numbers: stored as one array.
template <class T>
concept NumberSequence = (is_std_vector<T>::value || is_std_array<T>::value) && Number<typename T::value_type>;
template <class T>
concept NumberVector = is_std_vector<T>::value && Number<typename T::value_type>;
template <class T>
concept NumberArray = is_std_array<T>::value && Number<typename T::value_type>;

template <class T>
constexpr Kind number_kind() {
  if constexpr (std::is_same_v<T, float>) {
    return Kind::float32;
  } else if constexpr (std::is_same_v<T, double>) {
    return Kind::float64;
  } else if constexpr (std::is_signed_v<T>) {
    return Kind::int64;
  } else {
    return Kind::uint64;
  }
}

// The scalar type a record declares: its class's scalar_type, if it has one.
template <class T>
constexpr Kind scalar_kind() {
  if constexpr (requires { typename T::scalar_type; }) {
    using S = typename T::scalar_type;
    static_assert(!std::is_same_v<S, long double>,
                  "saddle checkpoints store float and double state; long double's layout differs between platforms");
    return number_kind<S>();
  } else {
    return Kind::none;
  }
}

[[nodiscard]] constexpr std::string_view scalar_name(Kind kind) {
  return kind == Kind::float32 ? "float" : kind == Kind::float64 ? "double" : "no scalar type";
}

// A plain Vector<S> or Matrix<S> as an object of its own: a record with one field, "values".
template <class T>
constexpr std::string_view eigen_tag() {
  return T::ColsAtCompileTime == 1 ? "Vector" : "Matrix";
}

// What may be passed to save_checkpoint() and load_checkpoint().
template <class T>
concept TopLevel = Checkpointable<T> || is_eigen_dense<T>::value;

// Writes fields; `Self` in checkpoint_fields() is const, the archive only reads them.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  template <class T>
  void operator()(std::string_view name, const T& value) {
    ++counts_.back();
    put_string(name);
    put_value(value);
  }
  // Saved like any field; when loading it must equal the target's value.
  template <class T>
  void match(std::string_view name, const T& value, CheckpointReason /*reason*/ = CheckpointReason::size) {
    (*this)(name, value);
  }
  // Checked when loading.
  void require(bool /*ok*/, CheckpointReason /*reason*/, std::string_view /*field*/, std::string_view /*rule*/) {}

  template <class T>
  void top_level(const T& object) {
    if constexpr (Checkpointable<T>) {
      record(object);
    } else {
      using S = typename T::Scalar;
      static_assert(std::is_same_v<S, float> || std::is_same_v<S, double>,
                    "saddle checkpoints store float and double vectors and matrices");
      put_string(eigen_tag<T>());
      out_.push_back(static_cast<char>(number_kind<S>()));
      const std::size_t count_at = out_.size();
      put_u32(out_, 0);
      counts_.push_back(0);
      (*this)("values", object);
      patch_u32(out_, count_at, counts_.back());
      counts_.pop_back();
    }
  }

 private:
  void put_string(std::string_view s) {
    if (s.size() > std::numeric_limits<std::uint32_t>::max()) {
      throw std::length_error("saddle::save_checkpoint: a string longer than 4 GiB");
    }
    put_u32(out_, static_cast<std::uint32_t>(s.size()));
    out_.append(s.data(), s.size());
  }
  void kind(Kind k) { out_.push_back(static_cast<char>(k)); }

  template <class T>
  void record(const T& object) {
    put_string(T::checkpoint_tag());
    kind(scalar_kind<T>());
    const std::size_t count_at = out_.size();
    put_u32(out_, 0);
    counts_.push_back(0);
    T::checkpoint_fields(object, *this);
    patch_u32(out_, count_at, counts_.back());
    counts_.pop_back();
  }

  template <class E>
  void array(const E* data, std::uint64_t rows, std::uint64_t cols) {
    kind(Kind::array);
    kind(number_kind<E>());
    put_u64(out_, rows);
    put_u64(out_, cols);
    put_numbers(out_, data, static_cast<std::size_t>(rows * cols));
  }

  template <class T>
  void put_value(const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      kind(Kind::boolean);
      out_.push_back(v ? 1 : 0);
    } else if constexpr (std::is_enum_v<T>) {
      kind(Kind::int64);
      put_u64(out_, static_cast<std::uint64_t>(static_cast<std::int64_t>(v)));
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      kind(Kind::int64);
      put_u64(out_, static_cast<std::uint64_t>(static_cast<std::int64_t>(v)));
    } else if constexpr (std::is_integral_v<T>) {
      kind(Kind::uint64);
      put_u64(out_, static_cast<std::uint64_t>(v));
    } else if constexpr (std::is_same_v<T, double>) {
      kind(Kind::float64);
      put_u64(out_, std::bit_cast<std::uint64_t>(v));
    } else if constexpr (std::is_same_v<T, float>) {
      kind(Kind::float32);
      put_u32(out_, std::bit_cast<std::uint32_t>(v));
    } else if constexpr (std::is_same_v<T, std::string>) {
      kind(Kind::string);
      put_string(v);
    } else if constexpr (is_eigen_dense<T>::value) {
      static_assert(Number<typename T::Scalar> && !std::is_integral_v<typename T::Scalar>,
                    "saddle checkpoints store float and double vectors and matrices");
      if constexpr (T::IsRowMajor && T::ColsAtCompileTime != 1) {
        const Eigen::Matrix<typename T::Scalar, Eigen::Dynamic, Eigen::Dynamic> column_major = v;
        array(column_major.data(), static_cast<std::uint64_t>(v.rows()), static_cast<std::uint64_t>(v.cols()));
      } else {
        array(v.data(), static_cast<std::uint64_t>(v.rows()), static_cast<std::uint64_t>(v.cols()));
      }
    } else if constexpr (NumberSequence<T>) {
      array(v.data(), static_cast<std::uint64_t>(v.size()), 1);
    } else if constexpr (is_std_vector<T>::value) {
      kind(Kind::list);
      put_u64(out_, static_cast<std::uint64_t>(v.size()));
      for (const auto& item : v) {
        put_value(item);
      }
    } else if constexpr (Checkpointable<T>) {
      kind(Kind::record);
      record(v);
    } else {
      static_assert(sizeof(T) == 0,
                    "saddle checkpoints: a field must be bool, an integer, an enum, float, double, std::string, an "
                    "Eigen vector or matrix, a std::vector or std::array of those, or a checkpointable object");
    }
  }

  std::string& out_;
  std::vector<std::uint32_t> counts_{0};
};

// Reads fields into an object; `Self` in checkpoint_fields() is the object itself. Every mismatch
// throws CheckpointError naming the object and the field path.
class Reader {
 public:
  Reader(std::string prefix, std::string object) : prefix_(std::move(prefix)), object_(std::move(object)) {}

  template <class T>
  void operator()(std::string_view name, T& value) {
    const Node& node = next(name);
    path_.emplace_back(name);
    get_value(node, value);
    path_.pop_back();
  }

  template <class T>
  void match(std::string_view name, const T& value, CheckpointReason reason = CheckpointReason::size) {
    T stored = value;
    (*this)(name, stored);
    if (!(stored == value)) {
      path_.emplace_back(name);
      fail(reason, concat("the checkpoint holds ", describe(stored), ", the object being loaded ", describe(value)));
    }
  }

  void require(bool ok, CheckpointReason reason, std::string_view field, std::string_view rule) {
    if (!ok) {
      path_.emplace_back(field);
      fail(reason, concat("must have ", rule));
    }
  }

  template <class T>
  void top_level(const Node& record, T& object) {
    if constexpr (Checkpointable<T>) {
      read_record(record, object);
    } else {
      using S = typename T::Scalar;
      expect_tag(record, eigen_tag<T>(), number_kind<S>());
      frames_.push_back({&record, 0});
      const bool fixed = object.size() != 0;
      const Index rows = object.rows();
      const Index cols = object.cols();
      (*this)("values", object);
      if (fixed && (object.rows() != rows || object.cols() != cols)) {
        path_.emplace_back("values");
        fail(CheckpointReason::size, concat("the checkpoint holds ", object.rows(), " x ", object.cols(),
                                            " values, the object being loaded has ", rows, " x ", cols));
      }
      finish_record(record);
    }
  }

 private:
  struct Frame {
    const Node* record;
    std::size_t next;
  };

  [[noreturn]] void fail(CheckpointReason reason, const std::string& what) const {
    std::string where = concat(prefix_, ": ", object_);
    if (!path_.empty()) {
      where += ", field '";
      for (std::size_t i = 0; i < path_.size(); ++i) {
        where += (i == 0 ? "" : ".") + path_[i];
      }
      where += "'";
    }
    throw CheckpointError(reason, concat(where, ": ", what));
  }

  const Node& next(std::string_view name) {
    Frame& frame = frames_.back();
    const auto& fields = frame.record->fields;
    if (frame.next >= fields.size()) {
      path_.emplace_back(name);
      fail(CheckpointReason::corrupted,
           concat("missing: record '", frame.record->text, "' has only ", fields.size(), " fields"));
    }
    const Field& field = fields[frame.next++];
    if (field.name != name) {
      path_.emplace_back(name);
      fail(CheckpointReason::corrupted, concat("expected here, but the checkpoint has field '", field.name, "'"));
    }
    return field.value;
  }

  void expect_tag(const Node& record, std::string_view tag, Kind scalar) const {
    if (record.text != tag) {
      fail(CheckpointReason::type,
           concat("the checkpoint holds type '", record.text, "', the object being loaded is '", tag, "'"));
    }
    if (record.scalar != scalar) {
      fail(CheckpointReason::scalar, concat("the checkpoint holds '", record.text, "' of ", scalar_name(record.scalar),
                                            ", the object being loaded is of ", scalar_name(scalar)));
    }
  }

  void finish_record(const Node& record) {
    const Frame frame = frames_.back();
    if (frame.next != record.fields.size()) {
      path_.emplace_back(record.fields[frame.next].name);
      fail(CheckpointReason::corrupted, concat("unexpected: record '", record.text, "' has ", record.fields.size(),
                                               " fields, ", frame.next, " were expected"));
    }
    frames_.pop_back();
  }

  template <class T>
  void read_record(const Node& record, T& object) {
    expect_tag(record, T::checkpoint_tag(), scalar_kind<T>());
    frames_.push_back({&record, 0});
    T::checkpoint_fields(object, *this);
    finish_record(record);
    if constexpr (requires { object.validate(); }) {
      try {
        object.validate();
      } catch (const std::invalid_argument& e) {
        fail(CheckpointReason::corrupted, concat("invalid after loading: ", e.what()));
      }
    }
  }

  void expect_kind(const Node& node, Kind kind) const {
    if (node.kind != kind) {
      fail(CheckpointReason::corrupted,
           concat("the checkpoint holds a ", kind_name(node.kind), " where a ", kind_name(kind), " is expected"));
    }
  }

  template <class E>
  void expect_array(const Node& node) const {
    expect_kind(node, Kind::array);
    constexpr Kind want = number_kind<E>();
    if (node.element != want) {
      const bool floats = (node.element == Kind::float32 || node.element == Kind::float64) &&
                          (want == Kind::float32 || want == Kind::float64);
      fail(floats ? CheckpointReason::scalar : CheckpointReason::corrupted,
           concat("the checkpoint holds an array of ", kind_name(node.element), " where one of ", kind_name(want),
                  " is expected"));
    }
  }

  template <class T>
  void get_value(const Node& node, T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      expect_kind(node, Kind::boolean);
      v = node.boolean;
    } else if constexpr (std::is_enum_v<T>) {
      expect_kind(node, Kind::int64);
      using U = std::underlying_type_t<T>;
      v = static_cast<T>(narrow<U>(node.int64));
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      expect_kind(node, Kind::int64);
      v = narrow<T>(node.int64);
    } else if constexpr (std::is_integral_v<T>) {
      expect_kind(node, Kind::uint64);
      v = narrow<T>(node.uint64);
    } else if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>) {
      const Kind want = number_kind<T>();
      if (node.kind != want && (node.kind == Kind::float32 || node.kind == Kind::float64)) {
        fail(CheckpointReason::scalar,
             concat("the checkpoint holds a ", kind_name(node.kind), " where a ", kind_name(want), " is expected"));
      }
      expect_kind(node, want);
      if constexpr (std::is_same_v<T, double>) {
        v = node.float64;
      } else {
        v = node.float32;
      }
    } else if constexpr (std::is_same_v<T, std::string>) {
      expect_kind(node, Kind::string);
      v = node.text;
    } else if constexpr (is_eigen_dense<T>::value) {
      using E = typename T::Scalar;
      expect_array<E>(node);
      constexpr auto fixed_rows = static_cast<std::uint64_t>(T::RowsAtCompileTime);
      constexpr auto fixed_cols = static_cast<std::uint64_t>(T::ColsAtCompileTime);
      if ((T::RowsAtCompileTime != Eigen::Dynamic && node.rows != fixed_rows) ||
          (T::ColsAtCompileTime != Eigen::Dynamic && node.cols != fixed_cols) ||
          node.rows > static_cast<std::uint64_t>(std::numeric_limits<Index>::max()) ||
          node.cols > static_cast<std::uint64_t>(std::numeric_limits<Index>::max())) {
        fail(CheckpointReason::size,
             concat("the checkpoint holds a ", node.rows, " x ", node.cols, " array where one of ",
                    T::RowsAtCompileTime == Eigen::Dynamic ? std::string("any") : concat(T::RowsAtCompileTime), " x ",
                    T::ColsAtCompileTime == Eigen::Dynamic ? std::string("any") : concat(T::ColsAtCompileTime),
                    " is expected"));
      }
      Eigen::Matrix<E, Eigen::Dynamic, Eigen::Dynamic> values(static_cast<Index>(node.rows),
                                                              static_cast<Index>(node.cols));
      get_numbers(node.data, values.data(), static_cast<std::size_t>(node.rows * node.cols));
      if constexpr (T::ColsAtCompileTime == 1) {
        v = values.col(0);
      } else {
        v = values;
      }
    } else if constexpr (NumberVector<T>) {
      using E = typename T::value_type;
      expect_array<E>(node);
      if (node.cols != 1) {
        fail(CheckpointReason::size, concat("the checkpoint holds a ", node.rows, " x ", node.cols,
                                            " array where a list of numbers is expected"));
      }
      v.resize(static_cast<std::size_t>(node.rows));
      get_numbers(node.data, v.data(), v.size());
    } else if constexpr (NumberArray<T>) {
      using E = typename T::value_type;
      expect_array<E>(node);
      if (node.rows != v.size() || node.cols != 1) {
        fail(CheckpointReason::size, concat("the checkpoint holds ", node.rows, " x ", node.cols, " numbers where ",
                                            v.size(), " are expected"));
      }
      get_numbers(node.data, v.data(), v.size());
    } else if constexpr (is_std_vector<T>::value) {
      expect_kind(node, Kind::list);
      T items(node.items.size());
      for (std::size_t i = 0; i < node.items.size(); ++i) {
        path_.push_back(concat("[", i, "]"));
        get_value(node.items[i], items[i]);
        path_.pop_back();
      }
      v = std::move(items);
    } else if constexpr (Checkpointable<T>) {
      expect_kind(node, Kind::record);
      read_record(node, v);
    } else {
      static_assert(sizeof(T) == 0, "saddle checkpoints: unsupported field type (see saddle/core/checkpointable.hpp)");
    }
  }

  template <class T, class From>
  T narrow(From value) const {
    if (!std::in_range<T>(value)) {
      fail(CheckpointReason::corrupted, concat("the value ", value, " is out of range"));
    }
    return static_cast<T>(value);
  }

  template <class T>
  static std::string describe(const T& value) {
    if constexpr (std::is_arithmetic_v<T>) {
      return concat(value);
    } else if constexpr (std::is_enum_v<T>) {
      return concat(static_cast<std::int64_t>(value));
    } else if constexpr (std::is_same_v<T, std::string>) {
      return concat("'", value, "'");
    } else if constexpr (is_std_vector<T>::value) {
      std::string out = "[";
      for (std::size_t i = 0; i < value.size() && i < 8; ++i) {
        out += (i == 0 ? "" : ", ") + describe(value[i]);
      }
      return out + (value.size() > 8 ? ", ...]" : "]");
    } else {
      return "another value";
    }
  }

  std::string prefix_;
  std::string object_;
  std::vector<Frame> frames_;
  std::vector<std::string> path_;
};

template <class T>
std::string_view tag_of() {
  if constexpr (Checkpointable<T>) {
    return T::checkpoint_tag();
  } else {
    return eigen_tag<T>();
  }
}

template <class T>
constexpr void check_top_level() {
  static_assert(TopLevel<T>,
                "saddle::save_checkpoint/load_checkpoint: this object holds no state to checkpoint (it has no "
                "checkpoint_tag()/checkpoint_fields(), see saddle/core/checkpointable.hpp): closed-form schedules "
                "and stateless transforms are configuration, construct them again instead");
}

template <class... Objects>
std::string encode(const Objects&... objects) {
  (check_top_level<Objects>(), ...);
  std::string out;
  out.append(reinterpret_cast<const char*>(magic.data()), magic.size());
  put_u32(out, format_version);
  put_u32(out, static_cast<std::uint32_t>(sizeof...(Objects)));
  put_u64(out, 0);  // the body's length, patched below
  Writer writer(out);
  (writer.top_level(objects), ...);
  patch_u64(out, 16, out.size() - header_size);
  put_u32(out, crc32c(reinterpret_cast<const unsigned char*>(out.data()), out.size()));
  return out;
}

// Loads into copies first; only when every object loaded and checked does it load the originals
// (from the same records, so that second pass cannot fail short of running out of memory).
template <class... Objects>
void decode(std::string_view bytes, const std::string& prefix, Objects&... objects) {
  (check_top_level<Objects>(), ...);
  File file;
  try {
    file = parse_file(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  } catch (const CheckpointError& e) {
    throw CheckpointError(e.reason(), concat(prefix, ": ", e.what()));
  }
  constexpr std::size_t count = sizeof...(Objects);
  if (file.records.size() != count) {
    throw CheckpointError(CheckpointReason::count, concat(prefix, ": the checkpoint holds ", file.records.size(),
                                                          " object(s), ", count, " are being loaded"));
  }
  auto load_all = [&](auto&&... targets) {
    std::size_t i = 0;
    (
        [&](auto& target) {
          using T = std::remove_cvref_t<decltype(target)>;
          Reader reader(prefix, concat("object ", i + 1, " of ", count, " (", tag_of<T>(), ")"));
          reader.top_level(file.records[i], target);
          ++i;
        }(targets),
        ...);
  };
  {
    std::tuple<Objects...> copies(objects...);
    std::apply(load_all, copies);
  }
  load_all(objects...);
}

inline std::string read_all(std::istream& in) {
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return bytes;
}

}  // namespace detail::checkpoint

// Writes the objects, in order, to `out` as one checkpoint. Throws std::ios_base::failure if the
// stream fails.
template <class... Objects>
void write_checkpoint(std::ostream& out, const Objects&... objects) {
  const std::string bytes = detail::checkpoint::encode(objects...);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) {
    throw std::ios_base::failure(
        detail::concat("saddle::write_checkpoint: the stream failed writing ", bytes.size(), " bytes"));
  }
}

// Reads one checkpoint from `in` (to its end) into the objects, in order. Throws CheckpointError
// and leaves every object as it was if the checkpoint does not match them.
template <class... Objects>
void read_checkpoint(std::istream& in, Objects&... objects) {
  const std::string bytes = detail::checkpoint::read_all(in);
  detail::checkpoint::decode(bytes, "saddle::read_checkpoint", objects...);
}

// Saves the objects to `path` atomically: the bytes go to a temporary file in the same folder,
// which is flushed to disk (fsync) and then renamed over `path` (and the folder synced), so a crash
// at any moment leaves either the previous checkpoint or the new one, never a mix. Throws
// std::system_error naming the file if any step fails (the previous checkpoint is then untouched).
template <class... Objects>
void save_checkpoint(const std::filesystem::path& path, const Objects&... objects) {
  const std::string bytes = detail::checkpoint::encode(objects...);
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  auto fail = [&](const std::string& what, const std::filesystem::path& file, int error) {
    throw std::system_error(error, std::generic_category(),
                            detail::concat("saddle::save_checkpoint: ", what, " '", file.string(), "'"));
  };
  static std::atomic<std::uint64_t> serial{0};
#if SADDLE_CHECKPOINT_POSIX
  const auto process = static_cast<long long>(::getpid());
#else
  const auto process = static_cast<long long>(reinterpret_cast<std::uintptr_t>(&serial) & 0xFFFFFF);
#endif
  std::filesystem::path temporary;
  std::FILE* file = nullptr;
  for (int attempt = 0; file == nullptr; ++attempt) {
    temporary = folder / detail::concat(".", path.filename().string(), ".tmp.", process, ".", serial++);
    file = std::fopen(temporary.string().c_str(), "wbx");  // x: exclusive, never another file's bytes
    if (file == nullptr && (errno != EEXIST || attempt > 100)) {
      fail("cannot create the temporary file", temporary, errno);
    }
  }
  auto abandon = [&](const std::string& what) {
    const int error = errno;
    std::fclose(file);
    std::remove(temporary.string().c_str());
    fail(what, temporary, error);
  };
  if (std::fwrite(bytes.data(), 1, bytes.size(), file) != bytes.size() || std::fflush(file) != 0) {
    abandon("cannot write");
  }
#if SADDLE_CHECKPOINT_POSIX
  if (::fsync(::fileno(file)) != 0) {
    abandon("cannot flush to disk");
  }
#endif
  if (std::fclose(file) != 0) {
    const int error = errno;
    std::remove(temporary.string().c_str());
    fail("cannot close", temporary, error);
  }
  if (std::rename(temporary.string().c_str(), path.string().c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.string().c_str());
    fail(detail::concat("cannot rename '", temporary.string(), "' to"), path, error);
  }
#if SADDLE_CHECKPOINT_POSIX
  // The rename itself reaches the disk when the folder's entry does.
  if (DIR* dir = ::opendir(folder.string().c_str())) {
    (void)::fsync(::dirfd(dir));
    ::closedir(dir);
  }
#endif
}

// Loads the checkpoint at `path` into the objects, in order (see read_checkpoint). Throws
// std::system_error if the file cannot be opened, CheckpointError if it does not match.
template <class... Objects>
void load_checkpoint(const std::filesystem::path& path, Objects&... objects) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::system_error(errno != 0 ? errno : ENOENT, std::generic_category(),
                            detail::concat("saddle::load_checkpoint: cannot open '", path.string(), "'"));
  }
  const std::string bytes = detail::checkpoint::read_all(in);
  if (in.bad()) {
    throw std::system_error(std::make_error_code(std::errc::io_error),
                            detail::concat("saddle::load_checkpoint: cannot read '", path.string(), "'"));
  }
  detail::checkpoint::decode(bytes, detail::concat("saddle::load_checkpoint('", path.string(), "')"), objects...);
}

}  // namespace saddle
