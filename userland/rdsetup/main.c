// SPDX-License-Identifier: GPL-2.0
/*
 * halo-rdsetup: the low-level tool of halo_rd, one subcommand per HALO_RD
 * netlink command, in the manner of drbdsetup 8.4. See Documentation/rd.md.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libgen.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/halo_rd.h>

#include "mnl.h"
#include "rdstate.h"
#include "util.h"

/* Resync rate options of attach, in the order of rate_opts[]. */
enum { R_RESYNC_RATE, R_PLAN_AHEAD, R_FILL_TARGET, R_DELAY_TARGET,
       R_MAX_RATE, R_MIN_RATE, R_NR };

struct opts {
	unsigned int flags;
	int protocol, ping_int, ping_timeout, timeout, connect_int;
	int ko_count;		/* -1 when not given */
	int on_io_error;
	int after_sb[3];	/* enum halo_rd_after_sb + 1, 0 when not given */
	int two_primaries;	/* allow-two-primaries: 2 yes, 1 no, 0 not given */
	const char *csums_alg;
	long long rate[R_NR];	/* -1 when not given */
	bool verbose;
};

/* The values each of after-sb-0pri, -1pri, -2pri accepts. */
static bool asb_allowed(int which, int v)
{
	if (v == HALO_RD_ASB_DISCONNECT)
		return true;
	if (which == 0)
		return v <= HALO_RD_ASB_DISCARD_LEAST_CHG;
	if (which == 1)
		return v == HALO_RD_ASB_CONSENSUS ||
		       v == HALO_RD_ASB_DISCARD_SECONDARY;
	return false;
}

static const struct {
	const char *name;
	int attr;
	long long unit;		/* bytes of the unit without a suffix */
	long long min, max;	/* in that unit */
} rate_opts[R_NR] = {
	[R_RESYNC_RATE] = { "--resync-rate", HALO_RD_A_RESYNC_RATE, 1024, 1, 4194304 },
	[R_PLAN_AHEAD] = { "--c-plan-ahead", HALO_RD_A_C_PLAN_AHEAD, 0, 0, 300 },
	[R_FILL_TARGET] = { "--c-fill-target", HALO_RD_A_C_FILL_TARGET, 512, 0, 2000000 },
	[R_DELAY_TARGET] = { "--c-delay-target", HALO_RD_A_C_DELAY_TARGET, 0, 1, 100 },
	[R_MAX_RATE] = { "--c-max-rate", HALO_RD_A_C_MAX_RATE, 1024, 250, 4194304 },
	[R_MIN_RATE] = { "--c-min-rate", HALO_RD_A_C_MIN_RATE, 1024, 0, 4194304 },
};


static struct halo_genl g;
static char buf[8192];

static int open_family(void)
{
	int ret = halo_genl_open(&g, HALO_RD_GENL_NAME, "halo_rd");

	if (ret < 0)
		halo_err("cannot talk to the halo_rd module: %s", strerror(-ret));
	return ret;
}

static int talk(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char why[256];
	int ret = halo_genl_talk(&g, nlh, cb, data, why, sizeof(why));

	if (ret < 0) {
		halo_err("%s", why[0] ? why : strerror(-ret));
		/* Nothing to change (a flag already so, a net config there):
		 * drbdsetup's exit 10 for such failures.
		 */
		return ret == -EALREADY ? 10 : 1;
	}
	return 0;
}

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (!*s || *s == '-')
		return false;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return !errno && !*end && *out <= max;
}

static int put_minor(struct nlmsghdr *nlh, const char *s)
{
	unsigned long m;

	if (!parse_uint(s, HALO_RD_MINOR_MAX, &m)) {
		halo_err("'%s' is not a minor number (0..%d)", s,
			 HALO_RD_MINOR_MAX);
		return -1;
	}
	mnl_attr_put_u32(nlh, HALO_RD_A_MINOR, m);
	return 0;
}

static int put_name(struct nlmsghdr *nlh, const char *s)
{
	if (!*s || strlen(s) >= HALO_RD_NAME_MAX) {
		halo_err("'%s' is not a valid resource name", s);
		return -1;
	}
	mnl_attr_put_strz(nlh, HALO_RD_A_RES_NAME, s);
	return 0;
}

/* A minor if all digits, else a resource name. */
static int put_object(struct nlmsghdr *nlh, const char *s)
{
	unsigned long m;

	if (parse_uint(s, ~0UL, &m))
		return put_minor(nlh, s);
	return put_name(nlh, s);
}

/* [ipv4:]A.B.C.D:PORT or [ipv6:][ADDR]:PORT */
static int put_addr(struct nlmsghdr *nlh, int type, const char *arg)
{
	char tmp[128], *host, *port, *end;
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in s4 = { .sin_family = AF_INET };
	unsigned long p;

	snprintf(tmp, sizeof(tmp), "%s", arg);
	host = tmp;
	if (!strncmp(host, "ipv4:", 5) || !strncmp(host, "ipv6:", 5))
		host += 5;
	if (*host == '[') {
		end = strchr(host, ']');
		if (!end || end[1] != ':')
			goto bad;
		*end = '\0';
		host++;
		port = end + 2;
	} else {
		port = strrchr(host, ':');
		if (!port)
			goto bad;
		*port++ = '\0';
	}
	if (!parse_uint(port, 65535, &p) || !p)
		goto bad;
	if (inet_pton(AF_INET, host, &s4.sin_addr) == 1) {
		s4.sin_port = htons(p);
		mnl_attr_put(nlh, type, sizeof(s4), &s4);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &s6.sin6_addr) == 1) {
		s6.sin6_port = htons(p);
		mnl_attr_put(nlh, type, sizeof(s6), &s6);
		return 0;
	}
bad:
	halo_err("'%s' is not an address (ipv4:A.B.C.D:PORT or ipv6:[ADDR]:PORT)",
		 arg);
	return -1;
}

/* Only the first answer counts: a name or minor names one resource. */
static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rd_state *st = data;

	if (!st->exists)
		rd_state_parse(nlh, st);
	return MNL_CB_OK;
}

static void print_status(const struct rd_state *st, bool verbose)
{
	printf("%s role:%s\n", st->name, rd_role_name(st->role));
	if (st->minor >= 0)
		printf("  disk:%s\n", rd_ds_name(st->ds));
	if (st->cs == HALO_RD_CS_STANDALONE) {
		/* StandAlone: no peer block, as drbdadm status. */
	} else if (st->cs < HALO_RD_CS_CONNECTED) {
		printf("  peer connection:Connecting\n");
	} else {
		printf("  peer role:%s\n", rd_role_name(st->peer_role));
		printf("    replication:%s peer-disk:%s\n",
		       st->cs == HALO_RD_CS_CONNECTED ? "Established" :
		       rd_cs_name(st->cs), rd_ds_name(st->pds));
		rd_print_suspended(st);
	}
	if (verbose)
		printf("  cs:%s protocol:%c size:%llu oos:%llu ns:%llu nr:%llu dw:%llu dr:%llu rs-sent:%llu rs-recv:%llu rs-same:%llu\n",
		       rd_cs_name(st->cs), st->protocol ? 'A' - 1 + st->protocol : '-',
		       (unsigned long long)st->size / 2,
		       (unsigned long long)st->oos, (unsigned long long)st->ns,
		       (unsigned long long)st->nr, (unsigned long long)st->dw,
		       (unsigned long long)st->dr,
		       (unsigned long long)st->rs_sent,
		       (unsigned long long)st->rs_recv,
		       (unsigned long long)st->rs_same);
}

static int get_status(const char *obj, struct rd_state *st)
{
	struct nlmsghdr *nlh;

	nlh = halo_genl_msg(&g, buf, HALO_RD_CMD_GET_STATUS,
			    HALO_RD_GENL_VERSION, 0);
	if (put_object(nlh, obj))
		return 2;
	rd_state_init(st);
	return talk(nlh, status_cb, st);
}

static void show_conf(const struct rd_state *st);

static int cmd_query(int cmd, const char *obj, const struct opts *o)
{
	struct rd_state st;
	int ret = get_status(obj, &st);

	if (ret)
		return ret;
	switch (cmd) {
	case 'r':
		printf("%s/%s\n", rd_role_name(st.role), rd_role_name(st.peer_role));
		break;
	case 'c':
		printf("%s\n", rd_cs_name(st.cs));
		break;
	case 'd':
		printf("%s/%s\n", rd_ds_name(st.ds), rd_ds_name(st.pds));
		break;
	case 'w':
		show_conf(&st);
		break;
	case 'g':
		printf("%016llX:%016llX:%016llX:%016llX:%u\n",
		       (unsigned long long)st.uuid[0],
		       (unsigned long long)st.uuid[1],
		       (unsigned long long)st.uuid[2],
		       (unsigned long long)st.uuid[3], st.mdflags);
		break;
	default:
		print_status(&st, o->verbose);
	}
	return 0;
}

static void show_addr(const char *indent, const struct sockaddr_storage *ss)
{
	const struct sockaddr_in6 *s6 = (const void *)ss;
	const struct sockaddr_in *s4 = (const void *)ss;
	char ip[INET6_ADDRSTRLEN];

	if (ss->ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof(ip));
		printf("%saddress\t\t\tipv6 [%s]:%u;\n", indent, ip,
		       ntohs(s6->sin6_port));
	} else {
		inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof(ip));
		printf("%saddress\t\t\tipv4 %s:%u;\n", indent, ip,
		       ntohs(s4->sin_port));
	}
}

static void show_opt(const char *name, unsigned int v, const char *unit)
{
	printf("        %-16s\t%u;%s%s\n", name, v, unit ? " # " : "",
	       unit ? unit : "");
}

/* The after-sb policies and csums-alg of the net section. */
static void show_hs(const struct rd_state *st)
{
	int i;

	for (i = 0; i < 3; i++)
		if (st->after_sb[i] >= 0)
			printf("        after-sb-%dpri   \t%s;\n", i,
			       halo_rd_asb_name(st->after_sb[i]));
	if (st->csums_alg[0])
		printf("        %-16s\t\"%s\";\n", "csums-alg", st->csums_alg);
}

/* The resync rate settings of the disk section, when the controller is on. */
static void show_rates(const struct rd_state *st)
{
	static const char *const suffix[R_NR] = { "k", "", "s", "", "k", "k" };
	static const char *const unit[R_NR] = {
		"bytes/second", "1/10 seconds", "bytes", "1/10 seconds",
		"bytes/second", "bytes/second"
	};
	int i;

	if (!st->rate_on)
		return;
	for (i = 0; i < R_NR; i++)
		printf("                %-16s\t%u%s; # %s\n", rate_opts[i].name + 2,
		       st->rate[i], suffix[i], unit[i]);
}

/*
 * show MINOR|RES: the running configuration in drbdsetup show's layout,
 * every value given (as with drbdsetup show --show-defaults).
 */
static void show_conf(const struct rd_state *st)
{
	printf("resource %s {\n    options {\n    }\n", st->name);
	if (st->local.ss_family) {
		printf("    net {\n");
		printf("        %-16s\t%c;\n", "protocol", 'A' - 1 + st->protocol);
		show_opt("timeout", st->timeout, "1/10 seconds");
		show_opt("connect-int", st->connect_int, "seconds");
		show_opt("ping-int", st->ping_int, "seconds");
		show_opt("ping-timeout", st->ping_timeout, "1/10 seconds");
		show_opt("ko-count", st->ko_count, NULL);
		if (st->two_primaries >= 0)
			printf("        %-16s\t%s;\n", "allow-two-primaries",
			       st->two_primaries ? "yes" : "no");
		show_hs(st);
		printf("    }\n    _remote_host {\n");
		show_addr("        ", &st->peer);
		printf("    }\n");
	}
	printf("    _this_host {\n");
	if (st->local.ss_family)
		show_addr("        ", &st->local);
	if (st->minor >= 0) {
		printf("        volume 0 {\n");
		printf("            device\t\t\tminor %d;\n", st->minor);
		if (st->on_io_error >= 0) {
			printf("            meta-disk\t\t\tinternal;\n");
			printf("            disk {\n                %-16s\t%s;\n",
			       "on-io-error", st->on_io_error == HALO_RD_IOE_DETACH ?
			       "detach" : "pass_on");
			show_rates(st);
			printf("            }\n");
		}
		printf("        }\n");
	}
	printf("    }\n}\n");
}

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rd_state st;

	rd_state_parse(nlh, &st);
	print_status(&st, *(bool *)data);
	return MNL_CB_OK;
}

static int cmd_status_all(const struct opts *o)
{
	struct nlmsghdr *nlh;
	bool verbose = o->verbose;

	nlh = halo_genl_msg(&g, buf, HALO_RD_CMD_GET_STATUS,
			    HALO_RD_GENL_VERSION, NLM_F_DUMP);
	return talk(nlh, dump_cb, &verbose);
}

static int mcgrp_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *a, *grp, *x;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != CTRL_ATTR_MCAST_GROUPS)
			continue;
		mnl_attr_for_each_nested(grp, a) {
			const char *name = NULL;
			uint32_t id = 0;

			mnl_attr_for_each_nested(x, grp) {
				if (mnl_attr_get_type(x) == CTRL_ATTR_MCAST_GRP_NAME)
					name = mnl_attr_get_str(x);
				if (mnl_attr_get_type(x) == CTRL_ATTR_MCAST_GRP_ID)
					id = mnl_attr_get_u32(x);
			}
			if (name && !strcmp(name, HALO_RD_MCGRP_EVENTS))
				*(uint32_t *)data = id;
		}
	}
	return MNL_CB_OK;
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const char *only = data;
	struct rd_state st;

	rd_state_parse(nlh, &st);
	if (only && strcmp(only, st.name))
		return MNL_CB_OK;
	printf("change resource name:%s role:%s peer-role:%s conn:%s disk:%s peer-disk:%s\n",
	       st.name, rd_role_name(st.role), rd_role_name(st.peer_role),
	       rd_cs_name(st.cs), rd_ds_name(st.ds), rd_ds_name(st.pds));
	fflush(stdout);
	return MNL_CB_OK;
}

/* events [RES]: print one line per state change until killed. */
static int cmd_events(const char *only)
{
	char rbuf[16384];
	struct nlmsghdr *nlh;
	uint16_t family = g.family;
	uint32_t grp = 0;
	int ret;

	g.family = GENL_ID_CTRL;
	nlh = halo_genl_msg(&g, buf, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, HALO_RD_GENL_NAME);
	ret = talk(nlh, mcgrp_cb, &grp);
	g.family = family;
	if (ret || !grp) {
		halo_err("the HALO_RD family has no '%s' group", HALO_RD_MCGRP_EVENTS);
		return 1;
	}
	if (mnl_socket_setsockopt(g.nl, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)) < 0) {
		halo_err("cannot join the events group: %s", strerror(errno));
		return 1;
	}
	for (;;) {
		ret = mnl_socket_recvfrom(g.nl, rbuf, sizeof(rbuf));
		if (ret < 0) {
			halo_err("receiving events: %s", strerror(errno));
			return 1;
		}
		mnl_cb_run(rbuf, ret, 0, 0, event_cb, (void *)only);
	}
}

struct cmd {
	const char *name;
	uint8_t nlcmd;
	int nargs;		/* positional arguments */
	const char *args;	/* for usage: the positional arguments */
	const char *opts;	/* for usage: the options */
	char kind;		/* r: resource, m: minor, o: either, q..: query */
};

static const struct cmd cmds[] = {
	{ "new-resource", HALO_RD_CMD_NEW_RESOURCE, 1, "RES", "", 'r' },
	{ "del-resource", HALO_RD_CMD_DEL_RESOURCE, 1, "RES", "", 'r' },
	{ "new-minor", HALO_RD_CMD_NEW_MINOR, 3, "RES MINOR VOLUME", "", 'n' },
	{ "del-minor", HALO_RD_CMD_DEL_MINOR, 1, "MINOR", "", 'm' },
	{ "create-md", HALO_RD_CMD_CREATE_MD, 2,
	  "LOWER-DEV internal|META-DEV flexible|META-DEV INDEX", "[--force]", 'M' },
	{ "attach", HALO_RD_CMD_ATTACH, 3,
	  "MINOR LOWER-DEV internal|META-DEV flexible|META-DEV INDEX",
	  "[--on-io-error=detach|pass_on] [--resync-rate=KIB] [--c-plan-ahead=DS] [--c-fill-target=SECT] [--c-delay-target=DS] [--c-max-rate=KIB] [--c-min-rate=KIB]",
	  'a' },
	{ "detach", HALO_RD_CMD_DETACH, 1, "MINOR", "", 'm' },
	{ "connect", HALO_RD_CMD_CONNECT, 3, "RES LOCAL-ADDR PEER-ADDR",
	  "[--protocol=A|B|C] [--ping-int=S] [--ping-timeout=DS] [--timeout=DS] [--connect-int=S] [--ko-count=N] [--discard-my-data] [--allow-two-primaries[=yes|no]] [--after-sb-0pri=P] [--after-sb-1pri=P] [--after-sb-2pri=P] [--csums-alg=HASH]",
	  'c' },
	{ "disconnect", HALO_RD_CMD_DISCONNECT, 1, "RES", "", 'r' },
	{ "primary", HALO_RD_CMD_PRIMARY, 1, "MINOR", "[--force]", 'o' },
	{ "secondary", HALO_RD_CMD_SECONDARY, 1, "MINOR", "", 'o' },
	{ "invalidate", HALO_RD_CMD_INVALIDATE, 1, "MINOR", "", 'o' },
	{ "verify", HALO_RD_CMD_VERIFY, 1, "MINOR", "", 'o' },
	{ "invalidate-remote", HALO_RD_CMD_INVALIDATE_REMOTE, 1, "MINOR", "", 'o' },
	{ "pause-sync", HALO_RD_CMD_PAUSE_SYNC, 1, "MINOR", "", 'o' },
	{ "resume-sync", HALO_RD_CMD_RESUME_SYNC, 1, "MINOR", "", 'o' },
	{ "outdate", HALO_RD_CMD_OUTDATE, 1, "MINOR", "", 'o' },
	{ "net-options", HALO_RD_CMD_NET_OPTIONS, 1, "RES",
	  "[--set-defaults] [--ping-int=S] [--ping-timeout=DS] [--timeout=DS] [--connect-int=S] [--ko-count=N] [--allow-two-primaries[=yes|no]] [--after-sb-0pri=P] [--after-sb-1pri=P] [--after-sb-2pri=P] [--csums-alg=HASH]",
	  'N' },
	{ "disk-options", HALO_RD_CMD_DISK_OPTIONS, 1, "MINOR",
	  "[--set-defaults] [--on-io-error=detach|pass_on] [--resync-rate=KIB] [--c-plan-ahead=DS] [--c-fill-target=SECT] [--c-delay-target=DS] [--c-max-rate=KIB] [--c-min-rate=KIB]",
	  'K' },
	{ "show", 0, 1, "MINOR|RES", "", 'W' },
	{ "down", HALO_RD_CMD_DOWN, 1, "RES", "", 'r' },
	{ "role", 0, 1, "MINOR|RES", "", 'R' },
	{ "cstate", 0, 1, "MINOR|RES", "", 'C' },
	{ "dstate", 0, 1, "MINOR|RES", "", 'D' },
	{ "show-gi", 0, 1, "MINOR|RES", "", 'G' },
	{ "status", 0, -1, "[RES]", "[--verbose]", 'S' },
	{ "events", 0, -1, "[RES]", "", 'E' },
};

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

static int usage(const struct cmd *c)
{
	size_t i;

	if (c) {
		fprintf(stderr, "Usage: %s %s %s %s\n", PROG_NAME, c->name,
			c->args, c->opts);
		return 2;
	}
	fprintf(stderr, "Usage: %s COMMAND ARGS... [OPTIONS]\nCommands:\n",
		PROG_NAME);
	for (i = 0; i < NCMDS; i++)
		fprintf(stderr, "  %s %s %s\n", cmds[i].name, cmds[i].args,
			cmds[i].opts);
	return 2;
}

/* NAME=N, N from @min to @max: 1 if @arg is it, 0 if not, -1 if bad. */
static int opt_int(const char *arg, const char *name, unsigned long min,
		   unsigned long max, int *out)
{
	size_t n = strlen(name);
	unsigned long v;

	if (strncmp(arg, name, n) || arg[n] != '=')
		return 0;
	if (!parse_uint(arg + n + 1, max, &v) || v < min) {
		halo_err("'%s': bad value for %s (%lu..%lu)", arg, name, min,
			 max);
		return -1;
	}
	*out = v;
	return 1;
}

/* --after-sb-Npri=WORD: 1 if @a is one, 0 if not, -1 on a bad value. */
static int opt_asb(const char *a, struct opts *o)
{
	int which, v;

	if (strncmp(a, "--after-sb-", 11) || a[11] < '0' || a[11] > '2' ||
	    strncmp(a + 12, "pri=", 4))
		return 0;
	which = a[11] - '0';
	for (v = 0; v < __HALO_RD_ASB_LAST; v++)
		if (!strcmp(a + 16, halo_rd_asb_name(v)) &&
		    asb_allowed(which, v)) {
			o->after_sb[which] = v + 1;
			return 1;
		}
	if (which == 0)
		halo_err("'%s': after-sb-0pri is disconnect, discard-younger-primary, discard-older-primary, discard-zero-changes or discard-least-changes", a);
	else if (which == 1)
		halo_err("'%s': after-sb-1pri is disconnect, consensus or discard-secondary", a);
	else
		halo_err("'%s': after-sb-2pri is disconnect", a);
	return -1;
}

/* A rate option: NUMBER[k|K|M|G|s] in the option's unit; 1, 0 or -1. */
static int opt_rate(const char *a, struct opts *o)
{
	long long v, mult = 0;
	size_t n;
	char *end;
	int i;

	for (i = 0; i < R_NR; i++) {
		n = strlen(rate_opts[i].name);
		if (!strncmp(a, rate_opts[i].name, n) && a[n] == '=')
			break;
	}
	if (i == R_NR)
		return 0;
	errno = 0;
	v = strtoll(a + n + 1, &end, 10);
	if (errno || end == a + n + 1 || v < 0)
		goto bad;
	if (*end && rate_opts[i].unit && !end[1]) {
		switch (*end) {
		case 's': mult = 512; break;
		case 'k': case 'K': mult = 1024; break;
		case 'M': mult = 1024 * 1024; break;
		case 'G': mult = 1024 * 1024 * 1024; break;
		}
		if (!mult || v > (1LL << 40))
			goto bad;
		v = v * mult / rate_opts[i].unit;
	} else if (*end) {
		goto bad;
	}
	if (v < rate_opts[i].min || v > rate_opts[i].max)
		goto bad;
	o->rate[i] = v;
	return 1;
bad:
	halo_err("'%s': bad value for %s (%lld..%lld%s)", a, rate_opts[i].name,
		 rate_opts[i].min, rate_opts[i].max,
		 rate_opts[i].unit == 1024 ? " KiB/s, or with k, M, G" :
		 rate_opts[i].unit == 512 ? " sectors, or with k, M" : "");
	return -1;
}

static int parse_opt(const char *a, struct opts *o)
{
	int r;

	if ((r = opt_asb(a, o)) || (r = opt_rate(a, o)))
		return r < 0 ? -1 : 0;
	if (!strncmp(a, "--csums-alg=", 12)) {
		if (strlen(a + 12) >= HALO_RD_ALG_MAX) {
			halo_err("'%s': csums-alg name too long", a);
			return -1;
		}
		o->csums_alg = a + 12;
	} else if (!strcmp(a, "--force"))
		o->flags |= HALO_RD_F_FORCE;
	else if (!strcmp(a, "--discard-my-data"))
		o->flags |= HALO_RD_F_DISCARD_MY_DATA;
	else if (!strcmp(a, "--set-defaults"))
		o->flags |= HALO_RD_F_SET_DEFAULTS;
	else if (!strcmp(a, "--allow-two-primaries") ||
		 !strcmp(a, "--allow-two-primaries=yes"))
		o->two_primaries = 2;
	else if (!strcmp(a, "--allow-two-primaries=no"))
		o->two_primaries = 1;
	else if (!strcmp(a, "--verbose") || !strcmp(a, "-v"))
		o->verbose = true;
	else if (!strncmp(a, "--protocol=", 11) && strlen(a) == 12 &&
		 a[11] >= 'A' && a[11] <= 'C')
		o->protocol = a[11] - 'A' + HALO_RD_PROT_A;
	else if (!strcmp(a, "--on-io-error=detach"))
		o->on_io_error = HALO_RD_IOE_DETACH + 1;
	else if (!strcmp(a, "--on-io-error=pass_on"))
		o->on_io_error = HALO_RD_IOE_PASS_ON + 1;
	else if ((r = opt_int(a, "--ping-int", 1, 120, &o->ping_int)) ||
		 (r = opt_int(a, "--ping-timeout", 1, 300, &o->ping_timeout)) ||
		 (r = opt_int(a, "--timeout", 1, 600, &o->timeout)) ||
		 (r = opt_int(a, "--connect-int", 1, 120, &o->connect_int)) ||
		 (r = opt_int(a, "--ko-count", 0, 200, &o->ko_count)))
		return r < 0 ? -1 : 0;
	else {
		halo_err("unknown option '%s'", a);
		return -1;
	}
	return 0;
}

static void put_net_opts(struct nlmsghdr *nlh, const struct opts *o);
static void put_disk_opts(struct nlmsghdr *nlh, const struct opts *o);

/*
 * The meta-disk, as drbdsetup 8.4 takes it: "internal", or META-DEV followed
 * by "flexible" (flexible external), an INDEX (indexed external) or
 * "internal" (META-DEV being LOWER-DEV).
 */
static int put_meta(struct nlmsghdr *nlh, const char *lower, char **m, int n)
{
	unsigned long idx;

	if (n == 1 || !strcmp(m[1], "internal")) {
		if (n == 1 ? strcmp(m[0], "internal") : strcmp(m[0], lower)) {
			halo_err("'%s': expected 'internal', 'META-DEV flexible' or 'META-DEV INDEX'",
				 m[0]);
			return -1;
		}
		mnl_attr_put_strz(nlh, HALO_RD_A_META_DEV, "internal");
		return 0;
	}
	if (m[0][0] != '/') {
		halo_err("'%s': the meta-disk must be a device path", m[0]);
		return -1;
	}
	mnl_attr_put_strz(nlh, HALO_RD_A_META_DEV, m[0]);
	if (!strcmp(m[1], "flexible"))
		return 0;
	if (!parse_uint(m[1], 255, &idx)) {
		halo_err("'%s': bad meta-disk index (flexible, internal or 0..255)",
			 m[1]);
		return -1;
	}
	mnl_attr_put_u32(nlh, HALO_RD_A_META_IDX, idx);
	return 0;
}

static int build(const struct cmd *c, char **pos, int npos,
		 const struct opts *o, struct nlmsghdr *nlh)
{
	switch (c->kind) {
	case 'r':
		return put_name(nlh, pos[0]);
	case 'm':
		return put_minor(nlh, pos[0]);
	case 'o':
		return put_object(nlh, pos[0]);
	case 'n':
		if (put_name(nlh, pos[0]) || put_minor(nlh, pos[1]))
			return -1;
		if (strcmp(pos[2], "0")) {
			halo_err("'%s': only volume 0 is supported", pos[2]);
			return -1;
		}
		mnl_attr_put_u32(nlh, HALO_RD_A_VOLUME, 0);
		return 0;
	case 'M':
		mnl_attr_put_strz(nlh, HALO_RD_A_LOWER_DEV, pos[0]);
		return put_meta(nlh, pos[0], pos + 1, npos - 1);
	case 'a':
		if (put_minor(nlh, pos[0]))
			return -1;
		mnl_attr_put_strz(nlh, HALO_RD_A_LOWER_DEV, pos[1]);
		if (put_meta(nlh, pos[1], pos + 2, npos - 2))
			return -1;
		put_disk_opts(nlh, o);
		return 0;
	case 'c':
		if (put_name(nlh, pos[0]) ||
		    put_addr(nlh, HALO_RD_A_LOCAL_ADDR, pos[1]) ||
		    put_addr(nlh, HALO_RD_A_PEER_ADDR, pos[2]))
			return -1;
		if (o->protocol)
			mnl_attr_put_u8(nlh, HALO_RD_A_PROTOCOL, o->protocol);
		put_net_opts(nlh, o);
		return 0;
	case 'N':
		if (put_name(nlh, pos[0]))
			return -1;
		put_net_opts(nlh, o);
		if (o->two_primaries)
			mnl_attr_put_u8(nlh, HALO_RD_A_TWO_PRIMARIES,
					o->two_primaries - 1);
		return 0;
	case 'K':
		if (put_minor(nlh, pos[0]))
			return -1;
		put_disk_opts(nlh, o);
		return 0;
	}
	return -1;
}

/* The net options of connect and net-options. */
static void put_net_opts(struct nlmsghdr *nlh, const struct opts *o)
{
	int i;

	if (o->ping_int)
		mnl_attr_put_u32(nlh, HALO_RD_A_PING_INT, o->ping_int);
	if (o->ping_timeout)
		mnl_attr_put_u32(nlh, HALO_RD_A_PING_TIMEOUT, o->ping_timeout);
	if (o->timeout)
		mnl_attr_put_u32(nlh, HALO_RD_A_TIMEOUT, o->timeout);
	if (o->connect_int)
		mnl_attr_put_u32(nlh, HALO_RD_A_CONNECT_INT, o->connect_int);
	if (o->ko_count >= 0)
		mnl_attr_put_u32(nlh, HALO_RD_A_KO_COUNT, o->ko_count);
	for (i = 0; i < 3; i++)
		if (o->after_sb[i])
			mnl_attr_put_u8(nlh, HALO_RD_A_AFTER_SB_0P + i,
					o->after_sb[i] - 1);
	if (o->csums_alg)
		mnl_attr_put_strz(nlh, HALO_RD_A_CSUMS_ALG, o->csums_alg);
}

/* The disk options of attach and disk-options. */
static void put_disk_opts(struct nlmsghdr *nlh, const struct opts *o)
{
	int i;

	if (o->on_io_error)
		mnl_attr_put_u8(nlh, HALO_RD_A_ON_IO_ERROR, o->on_io_error - 1);
	for (i = 0; i < R_NR; i++)
		if (o->rate[i] >= 0)
			mnl_attr_put_u32(nlh, rate_opts[i].attr, o->rate[i]);
}

static int run(const struct cmd *c, char **pos, int npos, struct opts *o)
{
	struct nlmsghdr *nlh;

	switch (c->kind) {
	case 'R': return cmd_query('r', pos[0], o);
	case 'C': return cmd_query('c', pos[0], o);
	case 'D': return cmd_query('d', pos[0], o);
	case 'G': return cmd_query('g', pos[0], o);
	case 'W': return cmd_query('w', pos[0], o);
	case 'S': return npos ? cmd_query('s', pos[0], o) : cmd_status_all(o);
	case 'E': return cmd_events(npos ? pos[0] : NULL);
	}
	nlh = halo_genl_msg(&g, buf, c->nlcmd, HALO_RD_GENL_VERSION, 0);
	if (build(c, pos, npos, o, nlh))
		return 1;
	if (c->kind == 'c' && o->two_primaries == 2)
		o->flags |= HALO_RD_F_TWO_PRIMARIES;
	if (o->flags)
		mnl_attr_put_u32(nlh, HALO_RD_A_FLAGS, o->flags);
	return talk(nlh, NULL, NULL);
}

int main(int argc, char **argv)
{
	struct opts o = { .ko_count = -1, .rate = { -1, -1, -1, -1, -1, -1 } };
	const struct cmd *c = NULL;
	char *pos[8];
	int i, npos = 0, extra = 0, ret;
	size_t k;

	PROG_NAME = basename(argv[0]);
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return usage(NULL);
	for (k = 0; k < NCMDS; k++)
		if (!strcmp(argv[1], cmds[k].name))
			c = &cmds[k];
	if (!c) {
		halo_err("unknown command '%s'", argv[1]);
		return usage(NULL);
	}
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--help")) {
			usage(c);
			return 0;
		}
		if (argv[i][0] == '-' && argv[i][1]) {
			if (parse_opt(argv[i], &o))
				return usage(c);
		} else if (npos < 8) {
			pos[npos++] = argv[i];
		} else {
			return usage(c);
		}
	}
	/* The meta-disk of create-md and attach may take a second word. */
	if (c->nargs >= 0 && (c->kind == 'M' || c->kind == 'a') &&
	    npos == c->nargs + 1)
		npos--, extra = 1;
	if (c->nargs >= 0 ? npos != c->nargs : npos > 1) {
		halo_err("%s takes %s", c->name, c->args);
		return usage(c);
	}
	if (open_family() < 0)
		return 1;
	ret = run(c, pos, npos + extra, &o);
	halo_genl_close(&g);
	return ret;
}
