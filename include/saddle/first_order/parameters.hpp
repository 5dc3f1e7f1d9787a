// Parameters: one flat vector of a model's parameters (and one of their gradients) with a
// matrix view per layer, laid out group by group so that per-group options (torch's param
// groups: no weight decay on biases, another lr for one layer) step each group in one call.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "saddle/core/checkpointable.hpp"
#include "saddle/core/format.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

// A handle to one block of parameters, returned by Parameters::add.
struct ParameterId {
  std::size_t index = 0;
};

struct ParameterBlock {
  std::string name;
  Index rows = 0;
  Index cols = 0;
  std::string group;
  Index offset = 0;  // where the block starts in the flat vectors
  [[nodiscard]] Index size() const { return rows * cols; }
};

// A contiguous range of the flat vectors holding every block of one group.
struct ParameterGroup {
  std::string name;
  Index offset = 0;
  Index size = 0;
};

template <Scalar S>
class Parameters {
 public:
  using MatrixView = Eigen::Map<Matrix<S>>;
  using ConstMatrixView = Eigen::Map<const Matrix<S>>;

  // Declares a rows x cols block (cols = 1: a vector) in `group`, zero-initialized. Groups are
  // stored in order of first appearance, blocks within a group in order of declaration. Adding a
  // block moves existing values to their new places but invalidates views taken before, as
  // std::vector does: take views after declaring every block.
  ParameterId add(std::string name, Index rows, Index cols = 1, std::string group = "default") {
    const std::string owner = "Parameters::add";
    detail::require(owner, "rows", rows, detail::at_least(0));
    detail::require(owner, "cols", cols, detail::at_least(0));
    if (find(name)) {
      throw std::invalid_argument(detail::concat("saddle::Parameters::add: a block named '", name, "' exists already"));
    }
    blocks_.push_back({std::move(name), rows, cols, std::move(group), 0});
    relayout();
    return {blocks_.size() - 1};
  }

  [[nodiscard]] MatrixView value(ParameterId id) { return view(values_, id); }
  [[nodiscard]] ConstMatrixView value(ParameterId id) const { return view(values_, id); }
  [[nodiscard]] MatrixView grad(ParameterId id) { return view(gradients_, id); }
  [[nodiscard]] ConstMatrixView grad(ParameterId id) const { return view(gradients_, id); }

  // The flat vectors a stepper works on: opt.step(params.values(), params.gradients()).
  [[nodiscard]] Vector<S>& values() { return values_; }
  [[nodiscard]] const Vector<S>& values() const { return values_; }
  [[nodiscard]] Vector<S>& gradients() { return gradients_; }
  [[nodiscard]] const Vector<S>& gradients() const { return gradients_; }
  void zero_grad() { gradients_.setZero(); }

  [[nodiscard]] Index size() const { return values_.size(); }
  [[nodiscard]] const std::vector<ParameterBlock>& blocks() const { return blocks_; }
  [[nodiscard]] const ParameterBlock& block(ParameterId id) const { return blocks_.at(id.index); }
  [[nodiscard]] std::optional<ParameterId> find(const std::string& name) const {
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
      if (blocks_[i].name == name) {
        return ParameterId{i};
      }
    }
    return std::nullopt;
  }
  // The groups in storage order, each a contiguous range.
  [[nodiscard]] std::vector<ParameterGroup> groups() const {
    std::vector<ParameterGroup> out;
    for (const auto& name : group_order_) {
      ParameterGroup group{name, -1, 0};
      for (const auto& b : blocks_) {
        if (b.group == name) {
          group.offset = group.offset < 0 ? b.offset : group.offset;
          group.size += b.size();
        }
      }
      group.offset = group.offset < 0 ? 0 : group.offset;
      out.push_back(group);
    }
    return out;
  }

  // Checkpoints (saddle/io/checkpoint.hpp): the values. The blocks (names, shapes, groups) must
  // equal those of the Parameters being loaded; gradients are not stored (the next backward pass
  // writes them).
  using scalar_type = S;
  static constexpr std::string_view checkpoint_tag() { return "Parameters"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    std::vector<std::string> names;
    std::vector<std::string> groups;
    std::vector<std::int64_t> shapes;
    for (const auto& b : self.blocks_) {
      names.push_back(b.name);
      groups.push_back(b.group);
      shapes.push_back(b.rows);
      shapes.push_back(b.cols);
    }
    ar.match("block_names", names, CheckpointReason::type);
    ar.match("block_groups", groups, CheckpointReason::type);
    ar.match("block_shapes", shapes, CheckpointReason::size);
    const Index size = self.values_.size();
    ar("values", self.values_);
    ar.require(self.values_.size() == size, CheckpointReason::size, "values", "one entry per parameter");
  }

 private:
  template <class V>
  static auto view(V& flat, ParameterId id, const std::vector<ParameterBlock>& blocks) {
    const auto& b = blocks.at(id.index);
    using Map = std::conditional_t<std::is_const_v<V>, ConstMatrixView, MatrixView>;
    return Map(flat.data() + b.offset, b.rows, b.cols);
  }
  MatrixView view(Vector<S>& flat, ParameterId id) { return view(flat, id, blocks_); }
  ConstMatrixView view(const Vector<S>& flat, ParameterId id) const { return view(flat, id, blocks_); }

  // Recomputes offsets group by group and moves existing values and gradients along.
  void relayout() {
    group_order_.clear();
    for (const auto& b : blocks_) {
      if (std::find(group_order_.begin(), group_order_.end(), b.group) == group_order_.end()) {
        group_order_.push_back(b.group);
      }
    }
    std::vector<Index> new_offsets(blocks_.size());
    Index offset = 0;
    for (const auto& name : group_order_) {
      for (std::size_t i = 0; i < blocks_.size(); ++i) {
        if (blocks_[i].group == name) {
          new_offsets[i] = offset;
          offset += blocks_[i].size();
        }
      }
    }
    Vector<S> values = Vector<S>::Zero(offset);
    Vector<S> gradients = Vector<S>::Zero(offset);
    for (std::size_t i = 0; i + 1 < blocks_.size(); ++i) {  // the newest block has no old values
      const auto& b = blocks_[i];
      values.segment(new_offsets[i], b.size()) = values_.segment(b.offset, b.size());
      gradients.segment(new_offsets[i], b.size()) = gradients_.segment(b.offset, b.size());
    }
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
      blocks_[i].offset = new_offsets[i];
    }
    values_ = std::move(values);
    gradients_ = std::move(gradients);
  }

  std::vector<ParameterBlock> blocks_;
  std::vector<std::string> group_order_;
  Vector<S> values_;
  Vector<S> gradients_;
};

}  // namespace saddle
