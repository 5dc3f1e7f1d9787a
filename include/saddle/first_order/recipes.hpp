// Recipes from practice as one-liners: the optimizer settings that the literature and common
// training code use for image models, language-model fine-tuning, GANs and recurrent models.
// Learning-rate schedules for them arrive with the schedules (see docs/optimizers.md).
#pragma once

#include "saddle/first_order/adam.hpp"
#include "saddle/first_order/adamw.hpp"
#include "saddle/first_order/rmsprop.hpp"
#include "saddle/first_order/sgd.hpp"
#include "saddle/transforms/chain.hpp"
#include "saddle/transforms/clip.hpp"

namespace saddle::recipes {

// Image classification with SGD: momentum 0.9, weight decay 1e-4, lr 0.1 (He et al. 2016, ResNet;
// scale lr with the batch size, 0.1 per 256 examples).
template <Scalar S>
SGD<S> image_sgd(double lr = 0.1, double weight_decay = 1e-4) {
  return SGD<S>({.lr = lr, .momentum = 0.9, .weight_decay = weight_decay});
}

// Image classification with Adam's defaults (Kingma & Ba 2015).
template <Scalar S>
Adam<S> image_adam(double lr = 1e-3) {
  return Adam<S>({.lr = lr});
}

// Fine-tuning a pretrained language model: AdamW with weight decay 0.01 and a small lr (1e-5 to
// 5e-5), gradients clipped to norm 1 (Devlin et al. 2019, BERT). Add warmup over the first 5-10%
// of steps and linear decay with a schedule.
template <Scalar S>
auto fine_tuning(double lr = 2e-5, double max_norm = 1.0, double weight_decay = 0.01) {
  return chain(ClipGradNorm<S>({.max_norm = max_norm}), AdamW<S>({.lr = lr, .weight_decay = weight_decay}));
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
