// imssim: a discrete-event testbed for IMS media-plane key management.
#include <iostream>

#include "tools/imssim/commands.h"

int main(int argc, char** argv) {
  using namespace imssim::cli;
  CLI::App app{"imssim " IMSSIM_VERSION
               ": discrete-event testbed for IMS media-plane key management (MIKEY/KMS)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "imssim " IMSSIM_VERSION);
  int exit_code = kExitOk;
  add_run_command(app, exit_code);
  add_compare_command(app, exit_code);
  add_bench_command(app, exit_code);
  add_validate_command(app, exit_code);
  add_schema_command(app, exit_code);
  add_mikey_command(app, exit_code);
  add_gba_command(app, exit_code);
  add_sip_command(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadInput;
  }
  return exit_code;
}
