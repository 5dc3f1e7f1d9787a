// StepperWrapper: the one mechanism by which every wrapper of a stepper (chain, scheduled,
// Grouped, perturbed, ...) forwards the capabilities of what it wraps — lr, momentum, beta1,
// observe, reset — so that no wrapper can silently drop one.
#pragma once

#include <utility>

namespace saddle::detail {

// Derived (CRTP) wraps one or more parts and provides
//   template <class Fn> void for_each_part(Fn&& fn);   // fn(part&) for every wrapped part
//   const part_type& front_part() const;                // the part getters read
//   void reset_own();                                   // its own state (counters, transforms)
// (private, with StepperWrapper a friend). Each capability
// exists exactly when the parts have it. A wrapper that gives a capability another meaning
// (Scheduled's lr(), Grouped's set_lr()) declares its own, which hides the forwarded one; the
// nested-wrapper test checks that every capability still reaches the innermost stepper.
template <class Derived, class Part>
class StepperWrapper {
 public:
  [[nodiscard]] double lr() const
    requires requires(const Part& p) { p.lr(); }
  {
    return self().front_part().lr();
  }
  void set_lr(double lr)
    requires requires(Part& p) { p.set_lr(lr); }
  {
    self().for_each_part([lr](Part& p) { p.set_lr(lr); });
  }
  [[nodiscard]] double momentum() const
    requires requires(const Part& p) { p.momentum(); }
  {
    return self().front_part().momentum();
  }
  void set_momentum(double momentum)
    requires requires(Part& p) { p.set_momentum(momentum); }
  {
    self().for_each_part([momentum](Part& p) { p.set_momentum(momentum); });
  }
  [[nodiscard]] double beta1() const
    requires requires(const Part& p) { p.beta1(); }
  {
    return self().front_part().beta1();
  }
  void set_beta1(double beta1)
    requires requires(Part& p) { p.set_beta1(beta1); }
  {
    self().for_each_part([beta1](Part& p) { p.set_beta1(beta1); });
  }
  // A loss for whatever learns from it inside (reduce-on-plateau, however deep).
  void observe(double metric)
    requires requires(Part& p) { p.observe(metric); }
  {
    self().for_each_part([metric](Part& p) { p.observe(metric); });
  }
  // Resets every part, then the wrapper's own state.
  void reset() {
    self().for_each_part([](Part& p) {
      if constexpr (requires { p.reset(); }) {
        p.reset();
      }
    });
    self().reset_own();
  }

 protected:
  StepperWrapper() = default;

 private:
  [[nodiscard]] Derived& self() { return static_cast<Derived&>(*this); }
  [[nodiscard]] const Derived& self() const { return static_cast<const Derived&>(*this); }
};

}  // namespace saddle::detail
