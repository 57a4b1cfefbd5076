/* commands — the subcommands of the `entente` tool, one function each.
 * Each takes the subcommand's own argc/argv (argv[0] is its name) and returns
 * the process exit code: 0 success, 1 failure, 2 usage error. */
#ifndef ENTENTE_COMMANDS_H
#define ENTENTE_COMMANDS_H

int cmd_run(int argc, char **argv);
int cmd_health(int argc, char **argv);
int cmd_methods(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_get(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_subscribe(int argc, char **argv);

#endif
