#include "spec.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace saddle::bench {

namespace {

bool identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.';
}

std::string trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && (text[begin] == ' ' || text[begin] == '\t')) {
    ++begin;
  }
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) {
    --end;
  }
  return std::string(text.substr(begin, end - begin));
}

// Splits at the separator where the parentheses are balanced.
std::vector<std::string> split_top_level(std::string_view text, char separator) {
  std::vector<std::string> parts;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') {
      ++depth;
    } else if (text[i] == ')') {
      --depth;
    } else if (text[i] == separator && depth == 0) {
      parts.emplace_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.emplace_back(text.substr(start));
  return parts;
}

[[noreturn]] void bad_spec(std::string_view what, std::string_view text, std::string_view why) {
  std::ostringstream out;
  out << what << " '" << text << "': " << why;
  throw UsageError(out.str());
}

}  // namespace

std::string Spec::text() const {
  std::string out = name;
  if (!arguments.empty()) {
    out += '(';
    for (std::size_t i = 0; i < arguments.size(); ++i) {
      if (i > 0) {
        out += ',';
      }
      out += arguments[i].text();
    }
    out += ')';
  }
  for (std::size_t i = 0; i < options.size(); ++i) {
    out += i == 0 ? ':' : ',';
    out += options[i].first;
    out += '=';
    out += options[i].second;
  }
  return out;
}

Spec parse_spec(std::string_view raw, std::string_view what) {
  const std::string text = trim(raw);
  if (text.empty()) {
    bad_spec(what, raw, "empty (expected name, name:key=value,... or name(argument))");
  }
  Spec spec;
  std::size_t i = 0;
  while (i < text.size() && identifier_char(text[i])) {
    ++i;
  }
  spec.name = text.substr(0, i);
  if (spec.name.empty()) {
    bad_spec(what, text, "expected a name made of letters, digits, '_', '-' and '.' at the start");
  }
  if (i < text.size() && text[i] == '(') {
    int depth = 0;
    std::size_t close = std::string::npos;
    for (std::size_t j = i; j < text.size(); ++j) {
      if (text[j] == '(') {
        ++depth;
      } else if (text[j] == ')' && --depth == 0) {
        close = j;
        break;
      }
    }
    if (close == std::string::npos) {
      bad_spec(what, text, "unbalanced '(': no matching ')'");
    }
    const std::string inside = text.substr(i + 1, close - i - 1);
    if (trim(inside).empty()) {
      bad_spec(what, text, "empty parentheses: " + spec.name + "(...) wraps one spec");
    }
    spec.arguments.push_back(parse_spec(inside, what));
    i = close + 1;
  }
  if (i < text.size()) {
    if (text[i] != ':') {
      bad_spec(what, text,
               std::string("unexpected '") + text[i] + "' after '" + text.substr(0, i) + "' (options follow a ':')");
    }
    const std::string rest = text.substr(i + 1);
    if (rest.find_first_of("()") != std::string::npos) {
      bad_spec(what, text, "parentheses in the options: an option value holds no '(' or ')'");
    }
    for (const auto& item : split_top_level(rest, ',')) {
      const std::string option = trim(item);
      const auto equals = option.find('=');
      if (equals == std::string::npos || equals == 0) {
        bad_spec(what, text, "option '" + option + "' is not key=value");
      }
      std::string key = trim(option.substr(0, equals));
      std::string value = trim(option.substr(equals + 1));
      if (value.empty()) {
        bad_spec(what, text, "option '" + key + "' has no value");
      }
      for (const auto& [k, v] : spec.options) {
        if (k == key) {
          bad_spec(what, text, "option '" + key + "' given twice");
        }
      }
      spec.options.emplace_back(std::move(key), std::move(value));
    }
  }
  return spec;
}

std::string format_real(double value) {
  if (std::isinf(value)) {
    return value > 0 ? "inf" : "-inf";
  }
  if (std::isnan(value)) {
    return "nan";
  }
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  (void)error;
  return std::string(buffer, end);
}

double parse_real(std::string_view raw, std::string_view context) {
  const std::string text = trim(raw);
  if (text == "inf" || text == "+inf") {
    return std::numeric_limits<double>::infinity();
  }
  if (text == "-inf") {
    return -std::numeric_limits<double>::infinity();
  }
  double value = 0.0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (!text.empty() && *begin == '+') {
    ++begin;
  }
  const auto [ptr, error] = std::from_chars(begin, end, value);
  if (text.empty() || error != std::errc() || ptr != end) {
    std::ostringstream out;
    out << context << " = " << raw << ": not a number";
    throw UsageError(out.str());
  }
  return value;
}

std::int64_t parse_integer(std::string_view raw, std::string_view context) {
  const std::string text = trim(raw);
  std::int64_t value = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  const auto [ptr, error] = std::from_chars(begin, end, value);
  if (text.empty() || error != std::errc() || ptr != end) {
    // 1e6 is a fine way to write a million: accept a real that is an integer.
    double real = 0.0;
    const auto [p2, e2] = std::from_chars(begin, end, real);
    if (!text.empty() && e2 == std::errc() && p2 == end && std::isfinite(real) && real == std::floor(real) &&
        std::abs(real) < 9.0e18) {
      return static_cast<std::int64_t>(real);
    }
    std::ostringstream out;
    out << context << " = " << raw << ": not an integer";
    throw UsageError(out.str());
  }
  return value;
}

std::string join_alternatives(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += i + 1 == items.size() ? " or " : ", ";
    }
    out += items[i];
  }
  return out;
}

OptionReader::OptionReader(std::string owner, std::vector<std::pair<std::string, std::string>> given)
    : owner_(std::move(owner)), given_(std::move(given)) {}

const std::string* OptionReader::lookup(const std::string& key, const std::string& type, std::string default_value,
                                        const std::string& help) {
  declared_.push_back({key, type, std::move(default_value), help});
  for (const auto& [k, v] : given_) {
    if (k == key) {
      return &v;
    }
  }
  return nullptr;
}

void OptionReader::fail(const std::string& key, const std::string& text, const std::string& rule) const {
  throw UsageError(owner_ + ": " + key + " = " + text + ": " + rule);
}

double OptionReader::real(const std::string& key, double fallback, const std::string& help) {
  const std::string* text = lookup(key, "real", format_real(fallback), help);
  return text == nullptr ? fallback : parse_real(*text, owner_ + ": " + key);
}

std::int64_t OptionReader::integer(const std::string& key, std::int64_t fallback, const std::string& help) {
  const std::string* text = lookup(key, "integer", std::to_string(fallback), help);
  return text == nullptr ? fallback : parse_integer(*text, owner_ + ": " + key);
}

bool OptionReader::flag(const std::string& key, bool fallback, const std::string& help) {
  const std::string* text = lookup(key, "bool", fallback ? "true" : "false", help);
  if (text == nullptr) {
    return fallback;
  }
  if (*text == "true" || *text == "1") {
    return true;
  }
  if (*text == "false" || *text == "0") {
    return false;
  }
  fail(key, *text, "expected true, false, 1 or 0");
}

std::string OptionReader::choice(const std::string& key, const std::string& fallback,
                                 const std::vector<std::string>& allowed, const std::string& help) {
  const std::string* text = lookup(key, "choice", fallback, help + " (" + join_alternatives(allowed) + ")");
  if (text == nullptr) {
    return fallback;
  }
  if (std::find(allowed.begin(), allowed.end(), *text) == allowed.end()) {
    fail(key, *text, "expected " + join_alternatives(allowed));
  }
  return *text;
}

namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '/') {
      items.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return items;
}

template <class T, class Format>
std::string join_list(const std::vector<T>& values, Format&& format) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) {
      out += '/';
    }
    out += format(values[i]);
  }
  return out;
}

}  // namespace

std::vector<double> OptionReader::reals(const std::string& key, const std::vector<double>& fallback,
                                        const std::string& help) {
  const std::string* text =
      lookup(key, "reals", join_list(fallback, [](double v) { return format_real(v); }), help + " ('/'-separated)");
  if (text == nullptr) {
    return fallback;
  }
  std::vector<double> out;
  for (const auto& item : split_list(*text)) {
    out.push_back(parse_real(item, owner_ + ": " + key));
  }
  return out;
}

std::vector<std::int64_t> OptionReader::integers(const std::string& key, const std::vector<std::int64_t>& fallback,
                                                 const std::string& help) {
  const std::string* text = lookup(key, "integers",
                                   join_list(fallback, [](std::int64_t v) { return std::to_string(v); }),
                                   help + " ('/'-separated)");
  if (text == nullptr) {
    return fallback;
  }
  std::vector<std::int64_t> out;
  for (const auto& item : split_list(*text)) {
    out.push_back(parse_integer(item, owner_ + ": " + key));
  }
  return out;
}

bool OptionReader::given(const std::string& key) const {
  return std::any_of(given_.begin(), given_.end(), [&](const auto& kv) { return kv.first == key; });
}

void OptionReader::finish() const {
  for (const auto& given : given_) {
    const std::string& key = given.first;  // (clang 14 cannot capture a structured binding)
    const bool known =
        std::any_of(declared_.begin(), declared_.end(), [&](const OptionInfo& o) { return o.key == key; });
    if (!known) {
      std::vector<std::string> keys;
      for (const auto& o : declared_) {
        keys.push_back(o.key);
      }
      throw UsageError(owner_ + ": unknown option '" + key + "'" +
                       (keys.empty() ? std::string(" (it takes no options)")
                                     : " (allowed: " + join_alternatives(keys) + ")"));
    }
  }
}

}  // namespace saddle::bench
