// The byte level of saddle's checkpoint format (docs/checkpoints.md is its specification): the
// header, CRC-32C, little-endian numbers, and the parser that turns a file's bytes into a tree of
// records, checking every length against the bytes that remain before anything is allocated.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "saddle/core/checkpointable.hpp"
#include "saddle/core/format.hpp"

namespace saddle {

// A checkpoint that cannot be loaded: reason() says why (see CheckpointReason), what() names the
// object and the field. The objects being loaded are left exactly as they were.
class CheckpointError : public std::runtime_error {
 public:
  using Reason = CheckpointReason;
  CheckpointError(Reason reason, const std::string& message) : std::runtime_error(message), reason_(reason) {}
  [[nodiscard]] Reason reason() const noexcept { return reason_; }

 private:
  Reason reason_;
};

namespace detail::checkpoint {

// "\x89SADDLE\n": a non-ASCII first byte (no text file starts so) and a newline that a text-mode
// transfer would mangle, as PNG does.
inline constexpr std::array<unsigned char, 8> magic = {0x89, 'S', 'A', 'D', 'D', 'L', 'E', '\n'};
inline constexpr std::uint32_t format_version = 1;
inline constexpr std::size_t header_size = 24;  // magic, version (u32), object count (u32), body length (u64)
inline constexpr std::size_t trailer_size = 4;  // CRC-32C of everything before it
inline constexpr int max_depth = 64;            // records nested deeper are malformed

// What a value in the file is: the byte before its payload.
enum class Kind : std::uint8_t {
  none = 0,  // a record's scalar type when it has none
  boolean = 1,
  int64 = 2,
  uint64 = 3,
  float64 = 4,
  float32 = 5,
  string = 6,
  array = 7,
  record = 8,
  list = 9,
};

[[nodiscard]] constexpr std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::none: return "nothing";
    case Kind::boolean: return "bool";
    case Kind::int64: return "int64";
    case Kind::uint64: return "uint64";
    case Kind::float64: return "float64";
    case Kind::float32: return "float32";
    case Kind::string: return "string";
    case Kind::array: return "array";
    case Kind::record: return "record";
    case Kind::list: return "list";
  }
  return "unknown";
}

[[nodiscard]] constexpr std::size_t element_size(Kind kind) { return kind == Kind::float32 ? 4 : 8; }

// CRC-32C (Castagnoli; reflected polynomial 0x82F63B78, initial and final xor 0xFFFFFFFF), as in
// iSCSI and ext4: crc32c("123456789") = 0xE3069283. Slicing by 8: eight table lookups per 8 bytes.
inline std::uint32_t crc32c(const unsigned char* data, std::size_t n) {
  static constexpr auto tables = [] {
    std::array<std::array<std::uint32_t, 256>, 8> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) {
        c = (c & 1U) != 0 ? (c >> 1) ^ 0x82F63B78U : c >> 1;
      }
      t[0][i] = c;
    }
    for (std::size_t i = 0; i < 256; ++i) {
      for (std::size_t k = 1; k < 8; ++k) {
        t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFFU];
      }
    }
    return t;
  }();
  std::uint32_t crc = 0xFFFFFFFFU;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const std::uint32_t lo = crc ^ (std::uint32_t{data[i]} | std::uint32_t{data[i + 1]} << 8 |
                                    std::uint32_t{data[i + 2]} << 16 | std::uint32_t{data[i + 3]} << 24);
    crc = tables[7][lo & 0xFFU] ^ tables[6][(lo >> 8) & 0xFFU] ^ tables[5][(lo >> 16) & 0xFFU] ^ tables[4][lo >> 24] ^
          tables[3][data[i + 4]] ^ tables[2][data[i + 5]] ^ tables[1][data[i + 6]] ^ tables[0][data[i + 7]];
  }
  for (; i < n; ++i) {
    crc = tables[0][(crc ^ data[i]) & 0xFFU] ^ (crc >> 8);
  }
  return ~crc;
}

// Little-endian numbers, whatever the host's byte order.
inline void put_u64(std::string& out, std::uint64_t v) {
  for (int k = 0; k < 8; ++k) {
    out.push_back(static_cast<char>((v >> (8 * k)) & 0xFFU));
  }
}
inline void put_u32(std::string& out, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) {
    out.push_back(static_cast<char>((v >> (8 * k)) & 0xFFU));
  }
}
inline void patch_u32(std::string& out, std::size_t at, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) {
    out[at + static_cast<std::size_t>(k)] = static_cast<char>((v >> (8 * k)) & 0xFFU);
  }
}
inline void patch_u64(std::string& out, std::size_t at, std::uint64_t v) {
  for (int k = 0; k < 8; ++k) {
    out[at + static_cast<std::size_t>(k)] = static_cast<char>((v >> (8 * k)) & 0xFFU);
  }
}
inline std::uint64_t get_u64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int k = 7; k >= 0; --k) {
    v = (v << 8) | p[k];
  }
  return v;
}
inline std::uint32_t get_u32(const unsigned char* p) {
  return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[3]} << 24;
}

// Arrays of numbers, copied in bulk on little-endian hosts.
template <class T>
void put_numbers(std::string& out, const T* data, std::size_t n) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8);
  if constexpr (std::endian::native == std::endian::little) {
    out.append(reinterpret_cast<const char*>(data), n * sizeof(T));
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      if constexpr (sizeof(T) == 8) {
        put_u64(out, std::bit_cast<std::uint64_t>(data[i]));
      } else {
        put_u32(out, std::bit_cast<std::uint32_t>(data[i]));
      }
    }
  }
}
template <class T>
void get_numbers(const unsigned char* p, T* data, std::size_t n) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8);
  if constexpr (std::endian::native == std::endian::little) {
    if (n > 0) {
      std::memcpy(data, p, n * sizeof(T));
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      if constexpr (sizeof(T) == 8) {
        data[i] = std::bit_cast<T>(get_u64(p + 8 * i));
      } else {
        data[i] = std::bit_cast<T>(get_u32(p + 4 * i));
      }
    }
  }
}

struct Field;

// One parsed value. Arrays point into the file's bytes (which outlive the tree).
struct Node {
  Kind kind = Kind::none;
  bool boolean = false;
  std::int64_t int64 = 0;
  std::uint64_t uint64 = 0;
  double float64 = 0.0;
  float float32 = 0.0F;
  std::string text;           // a string's value, or a record's type tag
  Kind element = Kind::none;  // array: int64, uint64, float64 or float32
  std::uint64_t rows = 0;     // array: rows x cols, column-major
  std::uint64_t cols = 0;
  const unsigned char* data = nullptr;
  Kind scalar = Kind::none;   // record: float32, float64 or none
  std::vector<Field> fields;  // record
  std::vector<Node> items;    // list
};

struct Field {
  std::string name;
  Node value;
};

// Reads a body (the records between header and checksum). Every count and length is checked
// against the bytes left before anything is read or allocated: a hostile file costs no more memory
// than its own size.
class Parser {
 public:
  Parser(const unsigned char* begin, const unsigned char* end) : p_(begin), end_(end) {}

  Node record(int depth = 0) {
    if (depth > max_depth) {
      malformed(concat("records are nested more than ", max_depth, " deep"));
    }
    Node node;
    node.kind = Kind::record;
    node.text = string("a type tag");
    node.scalar = static_cast<Kind>(u8("a scalar type"));
    if (node.scalar != Kind::none && node.scalar != Kind::float32 && node.scalar != Kind::float64) {
      malformed(concat("record '", node.text, "' has scalar type code ", static_cast<int>(node.scalar),
                       " (0, 4 or 5 expected)"));
    }
    const std::uint32_t count = u32("a field count");
    if (count > remaining() / 6) {  // a field takes at least 6 bytes: name length, kind, payload
      malformed(concat("record '", node.text, "' declares ", count, " fields in ", remaining(), " bytes"));
    }
    node.fields.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
      Field field;
      field.name = string("a field name");
      field.value = value(static_cast<Kind>(u8("a value kind")), depth + 1);
      node.fields.push_back(std::move(field));
    }
    return node;
  }

  [[nodiscard]] std::size_t remaining() const { return static_cast<std::size_t>(end_ - p_); }

 private:
  [[noreturn]] static void malformed(const std::string& what) {
    throw CheckpointError(CheckpointReason::corrupted, concat("malformed checkpoint: ", what));
  }

  void need(std::size_t n, std::string_view what) const {
    if (remaining() < n) {
      malformed(concat(what, " needs ", n, " bytes, but the body has ", remaining(), " left"));
    }
  }
  std::uint8_t u8(std::string_view what) {
    need(1, what);
    return *p_++;
  }
  std::uint32_t u32(std::string_view what) {
    need(4, what);
    const std::uint32_t v = get_u32(p_);
    p_ += 4;
    return v;
  }
  std::uint64_t u64(std::string_view what) {
    need(8, what);
    const std::uint64_t v = get_u64(p_);
    p_ += 8;
    return v;
  }
  std::string string(std::string_view what) {
    const std::uint32_t n = u32(what);
    need(n, what);
    std::string s(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return s;
  }

  Node value(Kind kind, int depth) {
    Node node;
    node.kind = kind;
    switch (kind) {
      case Kind::boolean: {
        const std::uint8_t b = u8("a bool");
        if (b > 1) {
          malformed(concat("a bool holds ", static_cast<int>(b), " (0 or 1 expected)"));
        }
        node.boolean = b == 1;
        break;
      }
      case Kind::int64: node.int64 = static_cast<std::int64_t>(u64("an int64")); break;
      case Kind::uint64: node.uint64 = u64("a uint64"); break;
      case Kind::float64: node.float64 = std::bit_cast<double>(u64("a float64")); break;
      case Kind::float32: node.float32 = std::bit_cast<float>(u32("a float32")); break;
      case Kind::string: node.text = string("a string"); break;
      case Kind::array: array(node); break;
      case Kind::record: return record(depth);
      case Kind::list: {
        if (depth > max_depth) {
          malformed(concat("lists are nested more than ", max_depth, " deep"));
        }
        const std::uint64_t count = u64("a list length");
        if (count > remaining()) {  // an item takes at least one byte
          malformed(concat("a list declares ", count, " items in ", remaining(), " bytes"));
        }
        node.items.reserve(static_cast<std::size_t>(count));
        for (std::uint64_t i = 0; i < count; ++i) {
          node.items.push_back(value(static_cast<Kind>(u8("a value kind")), depth + 1));
        }
        break;
      }
      case Kind::none:
      default: malformed(concat("unknown value kind ", static_cast<int>(kind)));
    }
    return node;
  }

  void array(Node& node) {
    node.element = static_cast<Kind>(u8("an array's element kind"));
    if (node.element != Kind::int64 && node.element != Kind::uint64 && node.element != Kind::float64 &&
        node.element != Kind::float32) {
      malformed(concat("an array has element kind ", static_cast<int>(node.element), " (2, 3, 4 or 5 expected)"));
    }
    node.rows = u64("an array's rows");
    node.cols = u64("an array's columns");
    const std::uint64_t size = element_size(node.element);
    const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() / size;
    if (node.cols != 0 && node.rows > limit / node.cols) {
      malformed(concat("an array of ", node.rows, " x ", node.cols, " elements"));
    }
    const std::uint64_t bytes = node.rows * node.cols * size;
    if (bytes > remaining()) {
      malformed(concat("an array of ", node.rows, " x ", node.cols, " ", kind_name(node.element), " needs ", bytes,
                       " bytes, but the body has ", remaining(), " left"));
    }
    node.data = p_;
    p_ += bytes;
  }

  const unsigned char* p_;
  const unsigned char* end_;
};

// The records of a whole file, after its header, length and checksum have been checked.
struct File {
  std::vector<Node> records;
};

// Checks a file's bytes in the order docs/checkpoints.md gives (magic, version, length, checksum),
// then parses its records. Throws CheckpointError (without object or field: the caller adds where).
inline File parse_file(const unsigned char* data, std::size_t n) {
  auto fail = [](CheckpointReason reason, const std::string& what) { throw CheckpointError(reason, what); };
  const std::size_t magic_bytes = std::min(n, magic.size());
  if (std::memcmp(data, magic.data(), magic_bytes) != 0 || n == 0) {
    if (n == 0) {
      fail(CheckpointReason::truncated, "the file is empty");
    }
    fail(CheckpointReason::corrupted, "not a saddle checkpoint (its first bytes are not \\x89SADDLE\\n)");
  }
  if (n < 12) {
    fail(CheckpointReason::truncated,
         concat("the file ends inside its ", header_size, "-byte header, after ", n, " bytes"));
  }
  const std::uint32_t version = get_u32(data + 8);
  if (version != format_version) {
    fail(CheckpointReason::version, concat("written in checkpoint format version ", version,
                                           "; this build of saddle reads version ", format_version));
  }
  if (n < header_size) {
    fail(CheckpointReason::truncated,
         concat("the file ends inside its ", header_size, "-byte header, after ", n, " bytes"));
  }
  const std::uint32_t count = get_u32(data + 12);
  const std::uint64_t body = get_u64(data + 16);
  const std::uint64_t available = n - header_size;
  if (body > available || available - body < trailer_size) {
    fail(CheckpointReason::truncated,
         concat("the header declares ", body, " bytes of objects and a ", trailer_size, "-byte checksum, but the file ",
                "ends ", n, " bytes in (", header_size + body + trailer_size, " expected)"));
  }
  if (available - body > trailer_size) {
    fail(CheckpointReason::corrupted, concat(available - body - trailer_size, " stray bytes after the checksum"));
  }
  const std::size_t end = header_size + static_cast<std::size_t>(body);
  const std::uint32_t stored = get_u32(data + end);
  const std::uint32_t computed = crc32c(data, end);
  if (stored != computed) {
    fail(CheckpointReason::corrupted,
         concat("the CRC-32C checksum does not match (stored ", stored, ", computed ", computed, ")"));
  }
  Parser parser(data + header_size, data + end);
  File file;
  if (count > body / 9) {  // a record takes at least 9 bytes: tag length, scalar, field count
    fail(CheckpointReason::corrupted,
         concat("malformed checkpoint: the header declares ", count, " objects in ", body, " bytes"));
  }
  file.records.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    file.records.push_back(parser.record());
  }
  if (parser.remaining() != 0) {
    fail(CheckpointReason::corrupted,
         concat("malformed checkpoint: ", parser.remaining(), " bytes after the last of ", count, " objects"));
  }
  return file;
}

}  // namespace detail::checkpoint

}  // namespace saddle
