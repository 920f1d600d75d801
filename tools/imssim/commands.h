// Every imssim subcommand registers itself on the CLI11 app through one function here.
// Exit statuses, the same for every command: 0 success, 1 a check or expectation failed,
// 2 invalid input or usage (with a message naming the place and the reason).
#pragma once

#include <CLI/CLI.hpp>

namespace imssim::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitBadInput = 2;

// Each adds its subcommand(s); the callback stores the exit status in `exit_code`.
void add_validate_command(CLI::App& app, int& exit_code);
void add_schema_command(CLI::App& app, int& exit_code);
void add_mikey_command(CLI::App& app, int& exit_code);
void add_gba_command(CLI::App& app, int& exit_code);
void add_sip_command(CLI::App& app, int& exit_code);
void add_run_command(CLI::App& app, int& exit_code);
void add_compare_command(CLI::App& app, int& exit_code);
void add_bench_command(CLI::App& app, int& exit_code);

}  // namespace imssim::cli
