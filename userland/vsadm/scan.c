// SPDX-License-Identifier: GPL-2.0
/*
 * The option scanner: ipvsadm's options (names, short letters, whether they
 * take a value) and a popt-like walk over argv.
 */
#include <string.h>

#include "scan.h"

enum arg_kind { ARG_NONE, ARG_REQ, ARG_OPT };

struct optdef {
	const char *lname;
	char sname;
	enum arg_kind arg;
	enum tok tok;
};

static const struct optdef opts[] = {
	{ "add-service", 'A', ARG_NONE, T_ADD },
	{ "edit-service", 'E', ARG_NONE, T_EDIT },
	{ "delete-service", 'D', ARG_NONE, T_DEL },
	{ "clear", 'C', ARG_NONE, T_FLUSH },
	{ "list", 'L', ARG_NONE, T_LIST },
	{ NULL, 'l', ARG_NONE, T_LIST },
	{ "zero", 'Z', ARG_NONE, T_ZERO },
	{ "add-server", 'a', ARG_NONE, T_ADDDEST },
	{ "edit-server", 'e', ARG_NONE, T_EDITDEST },
	{ "delete-server", 'd', ARG_NONE, T_DELDEST },
	{ "set", 0, ARG_NONE, T_SET },
	{ "restore", 'R', ARG_NONE, T_RESTORE },
	{ "save", 'S', ARG_NONE, T_SAVE },
	{ "help", 'h', ARG_NONE, T_HELP },
	{ "version", 'v', ARG_NONE, T_VERSION },
	{ "tcp-service", 't', ARG_REQ, T_TCP },
	{ "udp-service", 'u', ARG_REQ, T_UDP },
	{ "sctp-service", 0, ARG_REQ, T_SCTP },
	{ "fwmark-service", 'f', ARG_REQ, T_FWMARK },
	{ "scheduler", 's', ARG_REQ, T_SCHED },
	{ "persistent", 'p', ARG_OPT, T_PERSIST },
	{ "netmask", 'M', ARG_REQ, T_NETMASK },
	{ "real-server", 'r', ARG_REQ, T_REAL },
	{ "gatewaying", 'g', ARG_NONE, T_GATE },
	{ "ipip", 'i', ARG_NONE, T_IPIP },
	{ "masquerading", 'm', ARG_NONE, T_MASQ },
	{ "weight", 'w', ARG_REQ, T_WEIGHT },
	{ "u-threshold", 'x', ARG_REQ, T_UTHRESH },
	{ "l-threshold", 'y', ARG_REQ, T_LTHRESH },
	{ "numeric", 'n', ARG_NONE, T_NUMERIC },
	{ "connection", 'c', ARG_NONE, T_CONN },
	{ "timeout", 0, ARG_NONE, T_TIMEOUT },
	{ "daemon", 0, ARG_NONE, T_DAEMON },
	{ "stats", 0, ARG_NONE, T_STATS },
	{ "rate", 0, ARG_NONE, T_RATE },
	{ "thresholds", 0, ARG_NONE, T_THRESH },
	{ "persistent-conn", 0, ARG_NONE, T_PCONN },
	{ "nosort", 0, ARG_NONE, T_NOSORT },
	{ "sort", 0, ARG_NONE, T_SORT },
	{ "exact", 0, ARG_NONE, T_EXACT },
	{ "ipv6", '6', ARG_NONE, T_IPV6 },
	{ "ops", 'o', ARG_NONE, T_OPS },
	{ "pe", 0, ARG_REQ, T_PE },
	{ "sched-flags", 'b', ARG_REQ, T_SFLAGS },
	{ "tun-type", 0, ARG_REQ, T_TUNTYPE },
	{ "tun-port", 0, ARG_REQ, T_TUNPORT },
	{ "tun-nocsum", 0, ARG_NONE, T_TUNNOCSUM },
	{ "tun-csum", 0, ARG_NONE, T_TUNCSUM },
	{ "tun-remcsum", 0, ARG_NONE, T_TUNREMCSUM },
	{ "tun-info", 0, ARG_NONE, T_TUNINFO },
};

const char *const scan_errors[] = {
	[1] = "unknown option",
	[2] = "missing argument",
	[3] = "option does not take an argument",
};

static const struct optdef *find_short(char c)
{
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (opts[i].sname == c)
			return &opts[i];
	return NULL;
}

static const struct optdef *find_long(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (opts[i].lname && strlen(opts[i].lname) == len &&
		    !strncmp(opts[i].lname, s, len))
			return &opts[i];
	return NULL;
}

/* The value of an option that takes one, from the cluster or next word. */
static int take_value(struct scan *sc, const struct optdef *o,
		      const char *attached, const char **val)
{
	*val = NULL;
	if (attached) {
		*val = attached;
		return 0;
	}
	if (sc->next >= sc->argc) {
		if (o->arg == ARG_OPT)
			return 0;
		return SCAN_NOARG;
	}
	if (o->arg == ARG_OPT && sc->argv[sc->next][0] == '-')
		return 0;
	*val = sc->argv[sc->next++];
	return 0;
}

int scan_next(struct scan *sc, const char **val)
{
	const struct optdef *o;
	const char *w, *eq;

	*val = NULL;
	if (sc->cluster && *sc->cluster) {
		o = find_short(*sc->cluster++);
		if (!o)
			return SCAN_BADOPT;
		if (o->arg == ARG_NONE)
			return o->tok;
		w = *sc->cluster ? sc->cluster : NULL;
		if (w && *w == '=') /* popt reads "-p=20" as "-p 20" */
			w++;
		sc->cluster = NULL;
		return take_value(sc, o, w, val) ?: (int)o->tok;
	}
	sc->cluster = NULL;
	for (;;) {
		if (sc->next >= sc->argc)
			return SCAN_END;
		w = sc->argv[sc->next];
		sc->word = sc->next++;
		if (sc->dashdash || w[0] != '-' || !w[1]) {
			sc->left[sc->nleft++] = (char *)w;
			continue;
		}
		if (!strcmp(w, "--")) {
			sc->dashdash = true;
			continue;
		}
		break;
	}
	if (w[1] != '-') {
		sc->cluster = w + 1;
		return scan_next(sc, val);
	}
	eq = strchr(w + 2, '=');
	o = find_long(w + 2, eq ? (size_t)(eq - w - 2) : strlen(w + 2));
	if (!o)
		return SCAN_BADOPT;
	if (o->arg == ARG_NONE)
		return eq ? SCAN_UNWANTED : (int)o->tok;
	return take_value(sc, o, eq ? eq + 1 : NULL, val) ?: (int)o->tok;
}
