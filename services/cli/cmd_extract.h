/* cmd_extract — `entente extract [FILE...]`: offline extraction to JSON Lines. */
#ifndef ENTENTE_CMD_EXTRACT_H
#define ENTENTE_CMD_EXTRACT_H

int cmd_extract(int argc, char **argv);

#endif
