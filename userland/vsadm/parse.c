// SPDX-License-Identifier: GPL-2.0
/*
 * ipvsadm's command line on top of the scanner (scan.c): the
 * first-option-is-the-command rule, the per-option value checks, and the
 * command/option matrix.
 * Messages and exit codes are ipvsadm 1.31's; the code is halo's.
 */
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "scan.h"
#include "util.h"
#include "vsparse.h"

static const char *const cmd_names[VS_CMD_COUNT] = {
	"add-service", "edit-service",	"delete-service", "flush",   "list",
	"add-server",  "delete-server", "edit-server",	  "set",     "zero",
	"restore",     "save",		"help",		  "version",
};

static const char *const opt_names[VS_OPT_COUNT] = {
	"numeric",
	"connection",
	"service-address",
	"scheduler",
	"persistent",
	"netmask",
	"real-server",
	"forwarding-method",
	"weight",
	"u-threshold",
	"l-threshold",
	"mcast-interface",
	"syncid",
	"timeout",
	"daemon",
	"stats",
	"rate",
	"thresholds",
	"persistent-conn",
	"nosort",
	"sort",
	"exact",
	"ipv6",
	"ops",
	"pe",
	"sync-maxlen",
	"mcast-group",
	"mcast-port",
	"mcast-ttl",
	"sched-flags",
	"tun-type",
	"tun-port",
	"tun-nocsum",
	"tun-csum",
	"tun-remcsum",
	"tun-info",
};

/* Which options each command requires, accepts, or accepts one of. */
struct cmd_rule {
	unsigned long long need, may, one;
};

#define B(o) VS_BIT(VS_OPT_##o)
#define SVC_ANY (B(SERVICE) | B(IPV6))
#define DEST_OPTS                                                  \
	(B(FORWARD) | B(WEIGHT) | B(UTHRESHOLD) | B(LTHRESHOLD) |  \
	 B(TUN_TYPE) | B(TUN_PORT) | B(TUN_NOCSUM) | B(TUN_CSUM) | \
	 B(TUN_REMCSUM))

static const struct cmd_rule rules[VS_CMD_COUNT] = {
	[VS_CMD_ADD] = { B(SERVICE),
			 B(IPV6) | B(SCHEDULER) | B(PERSISTENT) | B(NETMASK) |
				 B(ONEPACKET) | B(PE) | B(SCHED_FLAGS),
			 0 },
	[VS_CMD_EDIT] = { B(SERVICE),
			  B(IPV6) | B(SCHEDULER) | B(PERSISTENT) | B(NETMASK) |
				  B(ONEPACKET) | B(PE) | B(SCHED_FLAGS),
			  0 },
	[VS_CMD_DEL] = { B(SERVICE), B(IPV6), 0 },
	[VS_CMD_LIST] = { 0,
			  B(NUMERIC) | B(IPV6) | B(STATS) | B(RATE) |
				  B(THRESHOLDS) | B(PERSISTENTCONN) |
				  B(NOSORT) | B(SORT) | B(EXACT) | B(TUN_INFO),
			  B(CONNECTION) | B(SERVICE) | B(TIMEOUT) | B(DAEMON) },
	[VS_CMD_ADDDEST] = { B(SERVICE) | B(SERVER), B(IPV6) | DEST_OPTS, 0 },
	[VS_CMD_EDITDEST] = { B(SERVICE) | B(SERVER), B(IPV6) | DEST_OPTS, 0 },
	[VS_CMD_DELDEST] = { B(SERVICE) | B(SERVER), B(IPV6), 0 },
	[VS_CMD_ZERO] = { 0, SVC_ANY, 0 },
	[VS_CMD_SAVE] = { 0, B(NUMERIC), 0 },
};

/* fail(): ipvsadm's one-line error, and the exit code to use. */
static int fail(int rc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return rc;
}

static int try_help(void)
{
	fprintf(stderr, "Try `%s -h' or '%s --help' for more information.\n",
		PROG_NAME, PROG_NAME);
	return VS_EXIT_KERNEL;
}

static int set_opt(struct vs_request *req, enum vs_opt o)
{
	if (req->opts & VS_BIT(o))
		return fail(VS_EXIT_PARSE, "multiple '%s' options specified",
			    opt_names[o]);
	req->opts |= VS_BIT(o);
	return -1;
}

static int check_matrix(const struct vs_request *req)
{
	const struct cmd_rule *r = &rules[req->cmd];
	int i, one = -1;

	for (i = 0; i < VS_OPT_COUNT; i++) {
		bool given = req->opts & VS_BIT(i);
		char c = r->need & VS_BIT(i) ? '+' :
			 r->may & VS_BIT(i)  ? ' ' :
			 r->one & VS_BIT(i)  ? '1' :
					       'x';

		if (c == '+' && !given)
			return fail(
				VS_EXIT_PARSE,
				"You need to supply the '%s' option for the '%s' command",
				opt_names[i], cmd_names[req->cmd]);
		if (c == 'x' && given)
			return fail(VS_EXIT_PARSE,
				    "Illegal '%s' option with the '%s' command",
				    opt_names[i], cmd_names[req->cmd]);
		if (c == '1' && given) {
			if (one >= 0)
				return fail(
					VS_EXIT_PARSE,
					"The option '%s' conflicts with the '%s' option in the '%s' command",
					opt_names[i], opt_names[one],
					cmd_names[req->cmd]);
			one = i;
		}
	}
	return -1;
}

static int parse_service_opt(struct vs_request *req, uint16_t proto,
			     const char *val)
{
	struct vs_addrport ap;
	int rc = set_opt(req, VS_OPT_SERVICE);

	if (rc >= 0)
		return rc;
	if (vs_parse_addrport(val, proto, &ap) < 0)
		return fail(VS_EXIT_PARSE,
			    "illegal virtual server address[:port] specified");
	req->svc.af = ap.af;
	req->svc.protocol = proto;
	req->svc.addr = ap.addr;
	req->svc.port = ap.port;
	if (ap.af == AF_INET6)
		req->svc.netmask = 128;
	return -1;
}

static int parse_fwmark(struct vs_request *req, const char *val)
{
	long v = vs_number(val, 1, 0xffffffffL);
	int rc = set_opt(req, VS_OPT_SERVICE);

	if (rc >= 0)
		return rc;
	if (v < 0)
		return fail(VS_EXIT_PARSE,
			    "invalid fwmark value `%s' specified", val);
	req->svc.fwmark = v;
	req->svc.af = AF_INET;
	return -1;
}

static int parse_netmask(struct vs_request *req, const char *val)
{
	struct in_addr in;

	if (req->svc.af != AF_INET6) {
		if (!inet_aton(val, &in))
			return fail(
				VS_EXIT_PARSE,
				"illegal virtual server persistent mask specified");
		req->svc.netmask = in.s_addr;
	} else {
		long v = strtol(val, NULL, 10);

		if (v < 1 || v > 128)
			return fail(VS_EXIT_PARSE,
				    "illegal ipv6 netmask specified");
		req->svc.netmask = v;
	}
	return -1;
}

static int parse_number_opt(struct vs_request *req, enum vs_opt o,
			    const char *val, uint32_t *to, const char *what)
{
	long v = vs_number(val, 0, 0x7fffffffL);
	int rc = set_opt(req, o);

	if (rc >= 0)
		return rc;
	if (v < 0)
		return fail(VS_EXIT_PARSE, "illegal %s specified", what);
	*to = v;
	return -1;
}

static int parse_real(struct vs_request *req, const char *val)
{
	struct vs_addrport ap;
	int rc = set_opt(req, VS_OPT_SERVER);

	if (rc >= 0)
		return rc;
	if (vs_parse_addrport(val, req->svc.protocol, &ap) < 0)
		return fail(VS_EXIT_PARSE,
			    "illegal real server address[:port] specified");
	req->dest.af = ap.af;
	req->dest.addr = ap.addr;
	/* ipvsadm takes the port of the service given so far, if any */
	req->dest.port = ap.has_port ? ap.port : req->svc.port;
	return -1;
}

static int set_fwd(struct vs_request *req, uint32_t fwd)
{
	req->dest.fwd = fwd;
	return set_opt(req, VS_OPT_FORWARD);
}

static int parse_tun_type(struct vs_request *req, const char *val)
{
	int rc = set_opt(req, VS_OPT_TUN_TYPE);

	if (rc >= 0)
		return rc;
	if (!strcmp(val, "ipip"))
		req->dest.tun_type = HALO_VS_TUNNEL_IPIP;
	else if (!strcmp(val, "gue") || !strcmp(val, "gre"))
		req->tun_extra = true;
	else
		return fail(VS_EXIT_PARSE, "illegal tunnel type specified");
	return -1;
}

/* -p [seconds]: 360 s when no value follows. */
static int parse_persistent(struct vs_request *req, const char *val)
{
	int rc = set_opt(req, VS_OPT_PERSISTENT);
	long v;

	if (rc >= 0)
		return rc;
	req->svc.flags |= HALO_VS_SVC_F_PERSISTENT;
	req->svc.timeout = VS_PERSIST_DEFAULT;
	if (!val)
		return -1;
	v = vs_number(val, 1, VS_TIMEOUT_MAX);
	if (v < 0)
		return fail(VS_EXIT_PARSE,
			    "invalid timeout value `%s' specified", val);
	req->svc.timeout = v;
	return -1;
}

/* What the loop keeps besides the request. */
struct parse_state {
	const char *sched_flags;
};

/* Options without a value that only set a bit (and a listing format). */
static const struct {
	enum tok tok;
	enum vs_opt opt;
	unsigned int fmt;
	bool tun;
} flag_opts[] = {
	{ T_NUMERIC, VS_OPT_NUMERIC, VS_FMT_NUMERIC, false },
	{ T_CONN, VS_OPT_CONNECTION, 0, false },
	{ T_TIMEOUT, VS_OPT_TIMEOUT, 0, false },
	{ T_DAEMON, VS_OPT_DAEMON, 0, false },
	{ T_STATS, VS_OPT_STATS, VS_FMT_STATS, false },
	{ T_RATE, VS_OPT_RATE, VS_FMT_RATE, false },
	{ T_THRESH, VS_OPT_THRESHOLDS, VS_FMT_THRESH, false },
	{ T_PCONN, VS_OPT_PERSISTENTCONN, VS_FMT_PCONN, false },
	{ T_NOSORT, VS_OPT_NOSORT, VS_FMT_NOSORT, false },
	{ T_SORT, VS_OPT_SORT, 0, false },
	{ T_EXACT, VS_OPT_EXACT, VS_FMT_EXACT, false },
	{ T_TUNINFO, VS_OPT_TUN_INFO, VS_FMT_TUNINFO, false },
	{ T_TUNNOCSUM, VS_OPT_TUN_NOCSUM, 0, true },
	{ T_TUNCSUM, VS_OPT_TUN_CSUM, 0, true },
	{ T_TUNREMCSUM, VS_OPT_TUN_REMCSUM, 0, true },
};

/* One option after the command; returns -1 to go on or an exit code. */
static int handle_opt(struct vs_request *req, struct parse_state *ps, int tok,
		      const char *val, const char *word)
{
	size_t i;
	int rc;

	for (i = 0; i < sizeof(flag_opts) / sizeof(flag_opts[0]); i++) {
		if ((int)flag_opts[i].tok != tok)
			continue;
		req->fmt |= flag_opts[i].fmt;
		req->tun_extra |= flag_opts[i].tun;
		return set_opt(req, flag_opts[i].opt);
	}
	switch (tok) {
	case T_TCP:
		return parse_service_opt(req, IPPROTO_TCP, val);
	case T_UDP:
		return parse_service_opt(req, IPPROTO_UDP, val);
	case T_SCTP:
		return parse_service_opt(req, IPPROTO_SCTP, val);
	case T_FWMARK:
		return parse_fwmark(req, val);
	case T_SCHED:
		rc = set_opt(req, VS_OPT_SCHEDULER);
		snprintf(req->svc.sched, sizeof(req->svc.sched), "%s", val);
		return rc;
	case T_PERSIST:
		return parse_persistent(req, val);
	case T_NETMASK:
		rc = set_opt(req, VS_OPT_NETMASK);
		return rc >= 0 ? rc : parse_netmask(req, val);
	case T_REAL:
		return parse_real(req, val);
	case T_GATE:
		return set_fwd(req, HALO_VS_FWD_DROUTE);
	case T_IPIP:
		return set_fwd(req, HALO_VS_FWD_TUNNEL);
	case T_MASQ:
		return set_fwd(req, HALO_VS_FWD_MASQ);
	case T_WEIGHT:
		return parse_number_opt(req, VS_OPT_WEIGHT, val,
					&req->dest.weight, "weight");
	case T_UTHRESH:
		return parse_number_opt(req, VS_OPT_UTHRESHOLD, val,
					&req->dest.u_thresh, "u_threshold");
	case T_LTHRESH:
		return parse_number_opt(req, VS_OPT_LTHRESHOLD, val,
					&req->dest.l_thresh, "l_threshold");
	case T_IPV6:
		if (!req->svc.fwmark)
			return fail(VS_EXIT_PARSE, "-6 used before -f\n");
		/* ipvsadm takes -6 twice without complaint */
		req->opts |= VS_BIT(VS_OPT_IPV6);
		req->svc.af = AF_INET6;
		req->svc.netmask = 128;
		return -1;
	case T_OPS:
		req->svc.flags |= HALO_VS_SVC_F_ONEPACKET;
		return set_opt(req, VS_OPT_ONEPACKET);
	case T_PE:
		snprintf(req->pe, sizeof(req->pe), "%s", val);
		return set_opt(req, VS_OPT_PE);
	case T_SFLAGS:
		ps->sched_flags = val;
		return set_opt(req, VS_OPT_SCHED_FLAGS);
	case T_TUNTYPE:
		return parse_tun_type(req, val);
	case T_TUNPORT:
		req->tun_extra = true;
		rc = set_opt(req, VS_OPT_TUN_PORT);
		if (rc < 0 && vs_number(val, 1, 65535) < 0)
			return fail(VS_EXIT_PARSE,
				    "illegal tunnel port specified");
		return rc;
	}
	/* A second command. */
	return fail(VS_EXIT_PARSE, "invalid option `%s'", word);
}

static int parse_sched_flags(struct vs_request *req, const char *arg)
{
	const char *sched = req->svc.sched;
	char buf[256], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", arg);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		bool sh = !strcmp(sched, "sh"), mh = !strcmp(sched, "mh");

		if (!strcmp(tok, "flag-1")) {
			req->svc.flags |= HALO_VS_SVC_F_SCHED1;
		} else if (!strcmp(tok, "flag-2")) {
			req->svc.flags |= HALO_VS_SVC_F_SCHED2;
		} else if (!strcmp(tok, "flag-3")) {
			req->svc.flags |= HALO_VS_SVC_F_SCHED3;
		} else if (!strcmp(tok, "sh-fallback") ||
			   !strcmp(tok, "sh-port") ||
			   !strcmp(tok, "mh-fallback") ||
			   !strcmp(tok, "mh-port")) {
			if ((tok[0] == 's' && !sh) || (tok[0] == 'm' && !mh))
				return fail(VS_EXIT_PARSE,
					    "incompatible scheduler flag `%s'",
					    tok);
			req->svc.flags |= strstr(tok, "fallback") ?
						  HALO_VS_SVC_F_SCHED1 :
						  HALO_VS_SVC_F_SCHED2;
		} else {
			return fail(VS_EXIT_PARSE,
				    "invalid scheduler flag `%s'", tok);
		}
	}
	return -1;
}

static int check_service(struct vs_request *req, struct parse_state *ps)
{
	struct vs_service *s = &req->svc;

	if (!s->fwmark && !s->port && !(s->flags & HALO_VS_SVC_F_PERSISTENT))
		return fail(VS_EXIT_PARSE,
			    "Zero port specified for non-persistent service");
	if ((s->flags & HALO_VS_SVC_F_ONEPACKET) && !s->fwmark &&
	    s->protocol != IPPROTO_UDP)
		return fail(
			VS_EXIT_PARSE,
			"One-Packet Scheduling is only for UDP virtual services");
	if (!s->sched[0])
		snprintf(s->sched, sizeof(s->sched), "%s", VS_DEFAULT_SCHED);
	if (ps->sched_flags)
		return parse_sched_flags(req, ps->sched_flags);
	return -1;
}

static int check_dest(struct vs_request *req)
{
	struct vs_dest *d = &req->dest;

	if (!(req->opts & VS_BIT(VS_OPT_FORWARD)))
		d->fwd = HALO_VS_FWD_DROUTE;
	if (d->fwd != HALO_VS_FWD_TUNNEL &&
	    (req->opts & (VS_BIT(VS_OPT_TUN_TYPE) | VS_BIT(VS_OPT_TUN_PORT) |
			  VS_BIT(VS_OPT_TUN_NOCSUM) | VS_BIT(VS_OPT_TUN_CSUM) |
			  VS_BIT(VS_OPT_TUN_REMCSUM))))
		return fail(VS_EXIT_PARSE,
			    "Tunnel options conflict with forward method");
	if (d->fwd == HALO_VS_FWD_TUNNEL && d->tun_type < 0)
		d->tun_type = HALO_VS_TUNNEL_IPIP;
	if (!(req->opts & VS_BIT(VS_OPT_WEIGHT)))
		d->weight = 1;
	if (d->af != req->svc.af && d->fwd != HALO_VS_FWD_TUNNEL)
		return fail(
			VS_EXIT_PARSE,
			"Different address family is allowed only for tunneling servers");
	return -1;
}

/* The real server's port: given, or the service's; -g/-i force it. */
static void dest_port(struct vs_request *req)
{
	if (!req->svc.fwmark && (req->dest.fwd == HALO_VS_FWD_DROUTE ||
				 req->dest.fwd == HALO_VS_FWD_TUNNEL))
		req->dest.port = req->svc.port;
}

static int parse_leftovers(struct vs_request *req, struct scan *sc)
{
	uint32_t *t[3] = { &req->timeouts.tcp, &req->timeouts.tcp_fin,
			   &req->timeouts.udp };
	int i;

	if (req->cmd == VS_CMD_TIMEOUT) {
		if (sc->nleft < 3)
			return fail(VS_EXIT_PARSE,
				    "--set option requires 3 timeout values");
		for (i = 0; i < 3; i++) {
			long v = vs_number(sc->left[i], 0, VS_TIMEOUT_MAX);

			if (v < 0)
				return fail(
					VS_EXIT_PARSE,
					"invalid timeout value `%s' specified",
					sc->left[i]);
			*t[i] = v;
		}
		sc->ileft = 3;
	}
	if (sc->ileft < sc->nleft)
		return fail(VS_EXIT_PARSE, "unexpected argument %s",
			    sc->left[sc->ileft]);
	return -1;
}

static int first_command(struct scan *sc, struct vs_request *req)
{
	static const enum vs_cmd cmds[] = {
		[T_ADD] = VS_CMD_ADD,	      [T_EDIT] = VS_CMD_EDIT,
		[T_DEL] = VS_CMD_DEL,	      [T_FLUSH] = VS_CMD_FLUSH,
		[T_LIST] = VS_CMD_LIST,	      [T_ADDDEST] = VS_CMD_ADDDEST,
		[T_DELDEST] = VS_CMD_DELDEST, [T_EDITDEST] = VS_CMD_EDITDEST,
		[T_SET] = VS_CMD_TIMEOUT,     [T_ZERO] = VS_CMD_ZERO,
		[T_RESTORE] = VS_CMD_RESTORE, [T_SAVE] = VS_CMD_SAVE,
		[T_HELP] = VS_CMD_HELP,	      [T_VERSION] = VS_CMD_VERSION,
	};
	const char *val;
	int tok = scan_next(sc, &val);

	if (tok < T_ADD || tok > T_VERSION)
		return try_help();
	req->cmd = cmds[tok];
	return -1;
}

static void init_request(struct vs_request *req)
{
	memset(req, 0, sizeof(*req));
	req->svc.af = AF_INET;
	req->svc.netmask = 0xffffffff;
	req->dest.af = AF_INET;
	req->dest.tun_type = -1;
}

static int finish(struct vs_request *req, struct parse_state *ps)
{
	int rc = check_matrix(req);

	if (rc >= 0)
		return rc;
	switch (req->cmd) {
	case VS_CMD_ADD:
	case VS_CMD_EDIT:
		return check_service(req, ps);
	case VS_CMD_ADDDEST:
	case VS_CMD_EDITDEST:
		rc = check_dest(req);
		dest_port(req);
		return rc;
	case VS_CMD_DELDEST:
		dest_port(req);
		return -1;
	case VS_CMD_LIST:
		if ((req->opts &
		     (VS_BIT(VS_OPT_CONNECTION) | VS_BIT(VS_OPT_TIMEOUT) |
		      VS_BIT(VS_OPT_DAEMON))) &&
		    (req->opts & (VS_BIT(VS_OPT_STATS) | VS_BIT(VS_OPT_RATE) |
				  VS_BIT(VS_OPT_THRESHOLDS) |
				  VS_BIT(VS_OPT_PERSISTENTCONN))))
			return fail(VS_EXIT_PARSE,
				    "options conflicts in the list command");
		return -1;
	default:
		return -1;
	}
}

int vs_parse(int argc, char **argv, bool restoring, struct vs_request *req)
{
	struct parse_state ps = { 0 };
	struct scan sc = { .argc = argc, .argv = argv, .next = 1 };
	const char *val;
	int tok, rc;

	init_request(req);
	sc.left = calloc(argc + 1, sizeof(*sc.left));
	if (!sc.left)
		return fail(VS_EXIT_KERNEL, "Memory allocation problem");
	rc = first_command(&sc, req);
	if (rc >= 0)
		goto out;
	if (req->cmd == VS_CMD_HELP || req->cmd == VS_CMD_VERSION)
		goto out;
	if (req->cmd == VS_CMD_RESTORE && restoring) {
		rc = try_help();
		goto out;
	}
	while ((tok = scan_next(&sc, &val)) > 0) {
		rc = handle_opt(req, &ps, tok, val, argv[sc.word]);
		if (rc >= 0)
			goto out;
	}
	if (tok < 0) {
		rc = fail(VS_PARSE_POPT, "%s: %s", argv[sc.word],
			  scan_errors[-tok]);
		goto out;
	}
	rc = parse_leftovers(req, &sc);
	if (rc < 0)
		rc = finish(req, &ps);
out:
	free(sc.left);
	return rc;
}
