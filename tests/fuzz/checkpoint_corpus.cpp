// The checkpoint fuzz target's seed corpus, and a deterministic replay that runs in every build:
//   saddle_checkpoint_corpus write <folder>   writes a valid checkpoint of every kind of object
//   saddle_checkpoint_corpus replay           loads every seed, every prefix of it and every seed
//                                             with one byte changed (as is and resealed) into
//                                             every kind of object (see checkpoint_targets.hpp)
#include <cstdio>
#include <fstream>
#include <string>

#include "fuzz/checkpoint_targets.hpp"

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "write" && argc == 3) {
    for (const auto& [name, bytes] : saddle_fuzz::seeds()) {
      std::ofstream out(std::string(argv[2]) + "/" + name + ".ckpt", std::ios::binary);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      if (!out) {
        std::fprintf(stderr, "cannot write %s/%s.ckpt\n", argv[2], name.c_str());
        return 1;
      }
    }
    return 0;
  }
  if (mode == "replay" && argc == 2) {
    std::size_t inputs = 0;
    for (const auto& [name, bytes] : saddle_fuzz::seeds()) {
      saddle_fuzz::load_everything(bytes);  // loads into its own kind, is refused by the others
      for (std::size_t n = 0; n < bytes.size(); ++n) {
        saddle_fuzz::load_everything(bytes.substr(0, n));
        std::string changed = bytes;
        changed[n] = static_cast<char>(changed[n] ^ 0x5A);
        saddle_fuzz::load_everything(changed);
        saddle_fuzz::load_everything(saddle_fuzz::reseal(changed));
        inputs += 3;
      }
    }
    std::printf("%zu inputs loaded into every kind of object: no crash, every error a CheckpointError\n", inputs);
    return 0;
  }
  std::fprintf(stderr, "usage: %s write <folder> | replay\n", argv[0]);
  return 2;
}
