// SPDX-License-Identifier: GPL-2.0
/*
 * halo-vsadm: administer halo_vs virtual servers with ipvsadm's command
 * line. main() parses (parse.c), then runs the request through a table of
 * command handlers that talk to the kernel through kernel.c only.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/halo_vs.h>

#include "kernel.h"
#include "util.h"
#include "vsparse.h"

#define HALO_VSADM_VERSION "0.1.0"

/* Which kernel call failed, for ipvsadm's per-call error messages. */
enum vs_call {
	CALL_OTHER,
	CALL_ADD_SVC,
	CALL_EDIT_SVC,
	CALL_DEL_SVC,
	CALL_ZERO,
	CALL_ADD_DEST,
	CALL_EDIT_DEST,
	CALL_DEL_DEST,
};

static const struct {
	enum vs_call call;
	int err;
	const char *msg;
} errmsgs[] = {
	{ CALL_ADD_SVC, EEXIST, "Service already exists" },
	{ CALL_ADD_SVC, ENOENT, "Scheduler or persistence engine not found" },
	{ CALL_EDIT_SVC, ESRCH, "No such service" },
	{ CALL_EDIT_SVC, ENOENT, "Scheduler or persistence engine not found" },
	{ CALL_DEL_SVC, ESRCH, "No such service" },
	{ CALL_ZERO, ESRCH, "No such service" },
	{ CALL_ADD_DEST, ESRCH, "Service not defined" },
	{ CALL_ADD_DEST, EEXIST, "Destination already exists" },
	{ CALL_EDIT_DEST, ESRCH, "Service not defined" },
	{ CALL_EDIT_DEST, ENOENT, "No such destination" },
	{ CALL_DEL_DEST, ESRCH, "Service not defined" },
	{ CALL_DEL_DEST, ENOENT, "No such destination" },
	{ CALL_OTHER, EPERM, "Permission denied (you must be root)" },
	{ CALL_OTHER, EINVAL,
	  "Invalid operation.  Possibly wrong module version, address not unicast, ..." },
	{ CALL_OTHER, ENOPROTOOPT, "Protocol not available" },
	{ CALL_OTHER, ENOMEM, "Memory allocation problem" },
	{ CALL_OTHER, EOPNOTSUPP, "Operation not supported with IPv6" },
	{ CALL_OTHER, EAFNOSUPPORT,
	  "Operation not supported with specified address family" },
	{ CALL_OTHER, EMSGSIZE, "Module is wrong version" },
};

/* Print ipvsadm's message for kernel error @err of @call; exit code 255. */
static int kernel_fail(enum vs_call call, int err)
{
	size_t i;

	err = -err;
	for (i = 0; i < sizeof(errmsgs) / sizeof(errmsgs[0]); i++) {
		if ((errmsgs[i].call == call ||
		     errmsgs[i].call == CALL_OTHER) &&
		    errmsgs[i].err == err) {
			fprintf(stderr, "%s\n", errmsgs[i].msg);
			return VS_EXIT_KERNEL;
		}
	}
	fprintf(stderr, "%s\n", strerror(err));
	return VS_EXIT_KERNEL;
}

static int check(enum vs_call call, int ret)
{
	return ret < 0 ? kernel_fail(call, ret) : 0;
}

static int do_add(struct vs_kernel *k, struct vs_request *r)
{
	if (r->pe[0]) /* halo_vs has no persistence engines */
		return kernel_fail(CALL_ADD_SVC, -ENOENT);
	return check(CALL_ADD_SVC, kernel_add_service(k, &r->svc));
}

static int do_edit(struct vs_kernel *k, struct vs_request *r)
{
	if (r->pe[0])
		return kernel_fail(CALL_EDIT_SVC, -ENOENT);
	return check(CALL_EDIT_SVC, kernel_edit_service(k, &r->svc));
}

static int do_del(struct vs_kernel *k, struct vs_request *r)
{
	return check(CALL_DEL_SVC, kernel_del_service(k, &r->svc));
}

static int do_flush(struct vs_kernel *k, struct vs_request *r)
{
	(void)r;
	return check(CALL_OTHER, kernel_flush(k));
}

static int tunnel_supported(const struct vs_request *r)
{
	if (!r->tun_extra)
		return 0;
	fprintf(stderr,
		"%s: halo_vs tunnels are ipip only (no gue, gre, "
		"--tun-port or checksum options)\n",
		PROG_NAME);
	return VS_EXIT_KERNEL;
}

static int do_adddest(struct vs_kernel *k, struct vs_request *r)
{
	return tunnel_supported(r) ?:
				     check(CALL_ADD_DEST,
					   kernel_add_dest(k, &r->svc, &r->dest));
}

static int do_editdest(struct vs_kernel *k, struct vs_request *r)
{
	return tunnel_supported(r) ?:
				     check(CALL_EDIT_DEST,
					   kernel_edit_dest(k, &r->svc, &r->dest));
}

static int do_deldest(struct vs_kernel *k, struct vs_request *r)
{
	return check(CALL_DEL_DEST, kernel_del_dest(k, &r->svc, &r->dest));
}

static int do_timeout(struct vs_kernel *k, struct vs_request *r)
{
	return check(CALL_OTHER, kernel_set_timeouts(k, &r->timeouts));
}

static int do_zero(struct vs_kernel *k, struct vs_request *r)
{
	bool one = r->opts & VS_BIT(VS_OPT_SERVICE);

	return check(CALL_ZERO, kernel_zero(k, one ? &r->svc : NULL));
}

/* One service and its real servers, in @fmt. */
static int show_service(struct vs_kernel *k, const struct vs_service *s,
			unsigned int fmt)
{
	struct vs_dest *d;
	size_t i, n;
	int ret;

	vs_print_service(s, fmt);
	ret = kernel_get_dests(k, s, &d, &n);
	if (ret < 0)
		return kernel_fail(CALL_OTHER, ret);
	if (!(fmt & VS_FMT_NOSORT))
		vs_sort_dests(d, n);
	for (i = 0; i < n; i++)
		vs_print_dest(s, &d[i], fmt);
	free(d);
	return 0;
}

static int show_all(struct vs_kernel *k, unsigned int fmt)
{
	struct vs_service *s;
	struct vs_info info;
	size_t i, n;
	int ret, rc = 0;

	if (!(fmt & VS_FMT_RULE)) {
		ret = kernel_get_info(k, &info);
		if (ret < 0)
			return kernel_fail(CALL_OTHER, ret);
		vs_print_banner(&info);
		vs_print_header(fmt);
	}
	ret = kernel_get_services(k, &s, &n);
	if (ret < 0)
		return kernel_fail(CALL_OTHER, ret);
	if (!(fmt & VS_FMT_NOSORT))
		vs_sort_services(s, n);
	for (i = 0; i < n && !rc; i++)
		rc = show_service(k, &s[i], fmt);
	free(s);
	return rc;
}

static int show_conns(struct vs_kernel *k, unsigned int fmt)
{
	struct vs_conn *c;
	size_t i, n;
	int ret;

	ret = kernel_get_conns(k, &c, &n);
	if (ret < 0)
		return kernel_fail(CALL_OTHER, ret);
	vs_print_conn_header();
	for (i = 0; i < n; i++)
		vs_print_conn(&c[i], fmt);
	free(c);
	return 0;
}

static int do_list(struct vs_kernel *k, struct vs_request *r)
{
	struct vs_timeouts t;
	int ret;

	if (r->opts & VS_BIT(VS_OPT_CONNECTION))
		return show_conns(k, r->fmt);
	if (r->opts & VS_BIT(VS_OPT_TIMEOUT)) {
		ret = kernel_get_timeouts(k, &t);
		if (ret < 0)
			return kernel_fail(CALL_OTHER, ret);
		printf("Timeout (tcp tcpfin udp): %u %u %u\n", t.tcp, t.tcp_fin,
		       t.udp);
		return 0;
	}
	if (r->opts & VS_BIT(VS_OPT_DAEMON))
		return 0; /* halo_vs has no sync daemon to show */
	if (r->opts & VS_BIT(VS_OPT_SERVICE)) {
		ret = kernel_get_service(k, &r->svc);
		if (ret == -ESRCH || ret == -ENOENT) {
			fprintf(stderr, "No such service\n");
			return 1;
		}
		if (ret < 0)
			return kernel_fail(CALL_OTHER, ret);
		vs_print_header(r->fmt);
		return show_service(k, &r->svc, r->fmt);
	}
	return show_all(k, r->fmt);
}

static int do_save(struct vs_kernel *k, struct vs_request *r)
{
	return show_all(k, (r->fmt & VS_FMT_NUMERIC) | VS_FMT_RULE);
}

static int do_restore(struct vs_kernel *k, struct vs_request *r);

static int do_help(struct vs_kernel *k, struct vs_request *r)
{
	(void)k;
	(void)r;
	vs_usage(stdout);
	return 0;
}

static int do_version(struct vs_kernel *k, struct vs_request *r)
{
	uint32_t v;

	(void)r;
	printf("%s v%s\n", PROG_NAME, HALO_VSADM_VERSION);
	if (kernel_get_version(k, &v) < 0) {
		halo_err("the halo_vs module did not report its version");
		return 1;
	}
	printf("halo_vs module v%u.%u.%u\n", v >> 16, (v >> 8) & 0xff,
	       v & 0xff);
	return 0;
}

static int (*const handlers[VS_CMD_COUNT])(struct vs_kernel *,
					   struct vs_request *) = {
	[VS_CMD_ADD] = do_add,	       [VS_CMD_EDIT] = do_edit,
	[VS_CMD_DEL] = do_del,	       [VS_CMD_FLUSH] = do_flush,
	[VS_CMD_LIST] = do_list,       [VS_CMD_ADDDEST] = do_adddest,
	[VS_CMD_DELDEST] = do_deldest, [VS_CMD_EDITDEST] = do_editdest,
	[VS_CMD_TIMEOUT] = do_timeout, [VS_CMD_ZERO] = do_zero,
	[VS_CMD_RESTORE] = do_restore, [VS_CMD_SAVE] = do_save,
	[VS_CMD_HELP] = do_help,       [VS_CMD_VERSION] = do_version,
};

static int run(struct vs_kernel *k, struct vs_request *r)
{
	fflush(stdout);
	return handlers[r->cmd](k, r);
}

/*
 * -R: each line is one ipvsadm command line. Like ipvsadm, a line the
 * kernel refuses is reported and the restore goes on (the exit code is the
 * last line's), and so is an unknown option or a missing value; any other
 * line that does not parse stops the restore, and halo-vsadm then names the
 * line: everything before it stays applied.
 */
static int do_restore(struct vs_kernel *k, struct vs_request *r)
{
	char *line = NULL, *argv[256], *save;
	size_t cap = 0;
	unsigned int lineno = 0;
	int argc, first, rc = 0;

	(void)r;
	while (getline(&line, &cap, stdin) >= 0) {
		struct vs_request req;
		char *w;

		lineno++;
		argc = 1;
		for (w = strtok_r(line, " \t\r\n\v\f", &save); w && argc < 255;
		     w = strtok_r(NULL, " \t\r\n\v\f", &save))
			argv[argc++] = w;
		argv[argc] = NULL;
		/* A first word that is not an option names the program. */
		first = argc > 1 && argv[1][0] != '-';
		if (!first)
			argv[0] = (char *)PROG_NAME;
		argc -= first;
		if (argc < 2)
			continue;
		rc = vs_parse(argc, argv + first, true, &req);
		if (rc == VS_PARSE_POPT) {
			rc = VS_EXIT_KERNEL; /* reported; ipvsadm goes on */
			continue;
		}
		if (rc >= 0) {
			fprintf(stderr, "%s: -R: stopped at line %u\n",
				PROG_NAME, lineno);
			break;
		}
		rc = run(k, &req);
	}
	free(line);
	return rc;
}

void vs_usage(FILE *f)
{
	fprintf(f,
		"%s v%s: ipvsadm's command line for halo_vs\n"
		"Usage:\n"
		"  %s -A|-E SERVICE [-s SCHED] [-p [SECONDS]] [-M MASK] [-b FLAGS] [-o]\n"
		"  %s -D SERVICE\n"
		"  %s -C | -R | -S [-n]\n"
		"  %s -a|-e SERVICE -r SERVER[:PORT] [-g|-i|-m] [-w W] [-x U] [-y L]\n"
		"  %s -d SERVICE -r SERVER[:PORT]\n"
		"  %s -L|-l [SERVICE] [-n] [--stats|--rate|--thresholds|--persistent-conn]\n"
		"        [--exact] [--nosort] [--tun-info] | -c | --timeout\n"
		"  %s -Z [SERVICE]\n"
		"  %s --set TCP TCPFIN UDP\n"
		"  %s -h | -v\n"
		"SERVICE is -t|--tcp-service HOST[:PORT], -u|--udp-service HOST[:PORT]\n"
		"or -f|--fwmark-service MARK [-6]; IPv6 hosts go in brackets.\n"
		"Schedulers are halo_vs_NAME modules (default wlc). -g direct routing\n"
		"(default), -i ipip tunnel, -m NAT. See halo-vsadm(8).\n",
		PROG_NAME, HALO_VSADM_VERSION, PROG_NAME, PROG_NAME, PROG_NAME,
		PROG_NAME, PROG_NAME, PROG_NAME, PROG_NAME, PROG_NAME,
		PROG_NAME);
}

int main(int argc, char **argv)
{
	char *list_argv[] = { argv[0], "-L", NULL };
	struct vs_kernel *k;
	struct vs_request req;
	const char *why;
	int rc, ret;

	PROG_NAME = basename(argv[0]);
	if (argc == 1) {
		argc = 2;
		argv = list_argv;
	}
	rc = vs_parse(argc, argv, false, &req);
	if (rc == VS_PARSE_POPT)
		return VS_EXIT_KERNEL;
	if (rc >= 0)
		return rc;
	if (req.cmd == VS_CMD_HELP)
		return do_help(NULL, &req);
	ret = kernel_open(&k, &why);
	if (ret < 0) {
		fprintf(stderr,
			"Can't initialize ipvs: %s%s%s\n"
			"Are you sure that IP Virtual Server is built in the kernel or as module?\n",
			strerror(-ret), *why ? ": " : "", why);
		return VS_EXIT_PARSE;
	}
	rc = run(k, &req);
	kernel_close(k);
	return rc;
}
