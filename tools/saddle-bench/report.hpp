// saddle-bench's files: the configuration as JSON (read and written), results.csv, results.json,
// summary.md and, for two-dimensional landscapes, trajectories.csv, points.csv and contours.csv for
// scripts/plot_bench.py. Everything is written to temporaries and renamed at the end: a failed write
// leaves no partial file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "runner.hpp"

namespace saddle::bench {

// The configuration as results.json records it (and as --config reads it).
nlohmann::json config_to_json(const Config& config);

// Reads a configuration: a config file's top level, or results.json's "config" object. Unknown keys,
// wrong types and out-of-range values throw UsageError naming the key and what is allowed.
Config config_from_json(const nlohmann::json& json, const std::string& source);

// The machine and build a run was made on (recorded, not compared).
nlohmann::json environment_json(const std::vector<std::string>& command_line);

// The summary as a Markdown table (also printed to the terminal).
std::string summary_markdown(const std::vector<CellSummary>& summary);

// Checks that `directory` can be created and written (UsageError otherwise); writes nothing else.
void check_output_directory(const std::filesystem::path& directory);

// Writes every output file into `directory` (already checked).
void write_outputs(const std::filesystem::path& directory, const Bench& bench, const std::vector<RunRecord>& runs,
                   const std::vector<CellSummary>& summary, const nlohmann::json& environment);

}  // namespace saddle::bench
