/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The option scanner of halo-vsadm: a popt-like walk over argv (short
 * option clusters, --long and --long=value, optional values, leftover
 * arguments, "--"), returning one token per option.
 */
#ifndef HALO_VSADM_SCAN_H
#define HALO_VSADM_SCAN_H

#include <stdbool.h>

/* Identifiers of what the scanner returns: commands and options. */
enum tok {
	T_ADD = 1,
	T_EDIT,
	T_DEL,
	T_FLUSH,
	T_LIST,
	T_ADDDEST,
	T_DELDEST,
	T_EDITDEST,
	T_SET,
	T_ZERO,
	T_RESTORE,
	T_SAVE,
	T_HELP,
	T_VERSION,
	T_TCP,
	T_UDP,
	T_SCTP,
	T_FWMARK,
	T_SCHED,
	T_PERSIST,
	T_NETMASK,
	T_REAL,
	T_GATE,
	T_IPIP,
	T_MASQ,
	T_WEIGHT,
	T_UTHRESH,
	T_LTHRESH,
	T_NUMERIC,
	T_CONN,
	T_TIMEOUT,
	T_DAEMON,
	T_STATS,
	T_RATE,
	T_THRESH,
	T_PCONN,
	T_NOSORT,
	T_SORT,
	T_EXACT,
	T_IPV6,
	T_OPS,
	T_PE,
	T_SFLAGS,
	T_TUNTYPE,
	T_TUNPORT,
	T_TUNNOCSUM,
	T_TUNCSUM,
	T_TUNREMCSUM,
	T_TUNINFO,
};

/* The scanner: a popt-like walk over argv. */
struct scan {
	int argc;
	char **argv;
	int next; /* next argv word */
	const char *cluster; /* rest of a short-option cluster */
	int word; /* argv index of the current option */
	char **left; /* leftover arguments, in order */
	int nleft, ileft;
	bool dashdash;
};

#define SCAN_END 0
#define SCAN_BADOPT (-1)
#define SCAN_NOARG (-2)
#define SCAN_UNWANTED (-3)

/* Messages for -SCAN_BADOPT, -SCAN_NOARG, -SCAN_UNWANTED, as popt words them. */
extern const char *const scan_errors[];

/*
 * scan_next() - the next option: a token (> 0) with its value in *val, or
 * SCAN_END, or a negative SCAN_* error; sc->word is the argv index of the
 * word it came from. Arguments that are not options go to sc->left.
 */
int scan_next(struct scan *sc, const char **val);

#endif
