// saddle-bench's vocabulary: a spec names a method, landscape or start kind with its options
// ("adam:lr=1e-3,beta1=0.9", "guarded(lbfgs:memory=10)", "rotated(strict_saddle_quartic:negatives=3):seed=2"),
// OptionReader reads a spec's options with their types, defaults and help (so a registry entry's
// factory is also its documentation for --list), and UsageError is every bad input (exit status 2).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <saddle/core/types.hpp>

namespace saddle::bench {

using Vec = saddle::Vector<double>;

// Bad input from the user: the tool prints the message on one line and exits with status 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// name(argument):key=value,key=value. The argument (a whole spec of its own) is what a wrapper wraps;
// option values hold no ',' (lists use '/': widths=3/2/3).
struct Spec {
  std::string name;
  std::vector<Spec> arguments;  // zero or one
  std::vector<std::pair<std::string, std::string>> options;

  // The spec written back: name(argument):key=value,... with the options in the order given.
  [[nodiscard]] std::string text() const;
};

// Parses a spec; throws UsageError naming `what` ("method", "landscape", "start") and the text.
Spec parse_spec(std::string_view text, std::string_view what);

// One option of a registered method, landscape or start kind, as --list prints it.
struct OptionInfo {
  std::string key;
  std::string type;           // real, integer, bool, choice, reals, integers
  std::string default_value;  // as it would be written in a spec
  std::string help;           // what it is and its range
};

// What --list prints for one registry entry.
struct CatalogEntry {
  std::string name;
  std::string summary;   // one line
  std::string argument;  // "" or what goes in the parentheses ("a stepper", "a minimizer or stepper", "a landscape")
  std::vector<OptionInfo> options;
};

// Reads a spec's options. Each accessor declares one option (key, default, help) and returns its
// value, parsed strictly (the whole text must be a number of the type; bools are true/false/1/0);
// finish() rejects any key that no accessor declared, naming the ones allowed. Errors are UsageError
// naming the owner ("adam"), the key, the text and the rule.
class OptionReader {
 public:
  OptionReader(std::string owner, std::vector<std::pair<std::string, std::string>> given);

  double real(const std::string& key, double fallback, const std::string& help);
  std::int64_t integer(const std::string& key, std::int64_t fallback, const std::string& help);
  bool flag(const std::string& key, bool fallback, const std::string& help);
  std::string choice(const std::string& key, const std::string& fallback, const std::vector<std::string>& allowed,
                     const std::string& help);
  std::vector<double> reals(const std::string& key, const std::vector<double>& fallback, const std::string& help);
  std::vector<std::int64_t> integers(const std::string& key, const std::vector<std::int64_t>& fallback,
                                     const std::string& help);
  // Whether the user gave this key (declared or not).
  [[nodiscard]] bool given(const std::string& key) const;

  // Throws UsageError for a key no accessor asked for.
  void finish() const;

  [[nodiscard]] const std::string& owner() const { return owner_; }
  [[nodiscard]] const std::vector<OptionInfo>& declared() const { return declared_; }

  // A UsageError "owner: key = text: rule" (for checks the accessors cannot express).
  [[noreturn]] void fail(const std::string& key, const std::string& text, const std::string& rule) const;

 private:
  const std::string* lookup(const std::string& key, const std::string& type, std::string default_value,
                            const std::string& help);

  std::string owner_;
  std::vector<std::pair<std::string, std::string>> given_;
  std::vector<OptionInfo> declared_;
};

// Formats a double the shortest way that reads back exactly ("0.001", "1e-09").
std::string format_real(double value);

// Strict parsers shared by the readers and the command line; nullopt-free: they throw UsageError
// with `context` in the message.
double parse_real(std::string_view text, std::string_view context);
std::int64_t parse_integer(std::string_view text, std::string_view context);

// "a, b or c" for messages.
std::string join_alternatives(const std::vector<std::string>& items);

}  // namespace saddle::bench
