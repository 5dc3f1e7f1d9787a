// Recipes from practice as one-liners: the optimizer settings and schedules that the literature
// and common training code use for image models, language-model fine-tuning, GANs and recurrent
// models (see docs/optimizers.md).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "saddle/core/validation.hpp"
#include "saddle/first_order/adam.hpp"
#include "saddle/first_order/adamw.hpp"
#include "saddle/first_order/rmsprop.hpp"
#include "saddle/first_order/sgd.hpp"
#include "saddle/schedules/basic.hpp"
#include "saddle/schedules/compose.hpp"
#include "saddle/schedules/cosine.hpp"
#include "saddle/schedules/scheduled.hpp"
#include "saddle/transforms/chain.hpp"
#include "saddle/transforms/clip.hpp"

namespace saddle::recipes {

// Image classification with SGD: momentum 0.9, weight decay 1e-4, lr 0.1 (He et al. 2016, ResNet;
// scale lr with the batch size, 0.1 per 256 examples), cosine-annealed to 0 over total_steps
// (Loshchilov & Hutter 2017).
template <Scalar S>
auto image_sgd(std::int64_t total_steps, double lr = 0.1, double weight_decay = 1e-4) {
  detail::require("recipes::image_sgd", "total_steps", total_steps, detail::at_least(1));
  return scheduled(SGD<S>({.lr = lr, .momentum = 0.9, .weight_decay = weight_decay}),
                   CosineAnnealingLR{.T_max = total_steps});
}

// The same with ResNet's original step decay: lr / 10 every 30 epochs, that is every
// 30 steps_per_epoch steps (which must fit in int64).
template <Scalar S>
auto image_sgd_step(std::int64_t steps_per_epoch, double lr = 0.1, double weight_decay = 1e-4) {
  constexpr auto owner = "recipes::image_sgd_step";
  constexpr std::int64_t largest = std::numeric_limits<std::int64_t>::max() / 30;
  detail::require(owner, "steps_per_epoch", steps_per_epoch, detail::at_least(1));
  detail::require_that(
      steps_per_epoch <= largest, owner, "steps_per_epoch", [&] { return detail::concat(steps_per_epoch); },
      [&] { return detail::concat("steps_per_epoch <= ", largest, " (30 steps_per_epoch must fit in int64)"); });
  return scheduled(SGD<S>({.lr = lr, .momentum = 0.9, .weight_decay = weight_decay}),
                   StepLR{.step_size = 30 * steps_per_epoch, .gamma = 0.1});
}

// Image classification with Adam's defaults (Kingma & Ba 2015), cosine-annealed.
template <Scalar S>
auto image_adam(std::int64_t total_steps, double lr = 1e-3) {
  detail::require("recipes::image_adam", "total_steps", total_steps, detail::at_least(1));
  return scheduled(Adam<S>({.lr = lr}), CosineAnnealingLR{.T_max = total_steps});
}

// Fine-tuning a pretrained language model: AdamW with weight decay 0.01 and a small lr (1e-5 to
// 5e-5), gradients clipped to norm 1, linear warmup over the first warmup_fraction (5-10 %) of
// the steps and linear decay to 0 (Devlin et al. 2019, BERT). The warmup is warmup_fraction
// total_steps rounded, and at least 1 step and at most total_steps - 1 (so total_steps >= 2).
template <Scalar S>
auto fine_tuning(std::int64_t total_steps, double lr = 2e-5, double warmup_fraction = 0.06, double max_norm = 1.0,
                 double weight_decay = 0.01) {
  constexpr auto owner = "recipes::fine_tuning";
  detail::require(owner, "total_steps", total_steps, detail::at_least(2));
  detail::require(owner, "warmup_fraction", warmup_fraction, detail::open(0, 1));
  const auto warmup = std::clamp<std::int64_t>(
      static_cast<std::int64_t>(std::llround(warmup_fraction * static_cast<double>(total_steps))), 1, total_steps - 1);
  return scheduled(chain(ClipGradNorm<S>({.max_norm = max_norm}), AdamW<S>({.lr = lr, .weight_decay = weight_decay})),
                   warmup_linear({.warmup_steps = warmup, .total_steps = total_steps}));
}

// GAN players: Adam with beta1 = 0.5, beta2 = 0.999 (Radford, Metz & Chintala 2016, DCGAN), and
// different learning rates for the two players — the two time-scale rule (Heusel et al. 2017)
// gives the discriminator the larger one.
template <Scalar S>
Adam<S> gan_generator(double lr = 1e-4) {
  return Adam<S>({.lr = lr, .beta1 = 0.5, .beta2 = 0.999});
}
template <Scalar S>
Adam<S> gan_discriminator(double lr = 4e-4) {
  return Adam<S>({.lr = lr, .beta1 = 0.5, .beta2 = 0.999});
}

// Recurrent models: Adam with gradient clipping against exploding gradients (Pascanu, Mikolov &
// Bengio 2013).
template <Scalar S>
auto recurrent(double lr = 1e-3, double max_norm = 1.0) {
  return chain(ClipGradNorm<S>({.max_norm = max_norm}), Adam<S>({.lr = lr}));
}

// Recurrent models with RMSprop (Graves 2013) and clipping.
template <Scalar S>
auto recurrent_rmsprop(double lr = 1e-3, double max_norm = 1.0) {
  return chain(ClipGradNorm<S>({.max_norm = max_norm}), RMSprop<S>({.lr = lr}));
}

}  // namespace saddle::recipes
