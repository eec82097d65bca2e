// SPDX-License-Identifier: GPL-2.0
/*
 * halo-rdadm: manage halo_rd replicated block devices, drbdadm-style.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/halo_rd.h>

#include "conf.h"
#include "kcmd.h"
#include "mnl.h"
#include "util.h"

#define HALO_RDADM_VERSION "0.1.0"

static int version_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == HALO_RD_A_VERSION)
			*(uint32_t *)data = mnl_attr_get_u32(attr);
	}
	return MNL_CB_OK;
}

static int show_version(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], why[256];
	struct halo_genl g;
	struct nlmsghdr *nlh;
	uint32_t v = 0;
	int ret;

	printf("%s v%s\n", PROG_NAME, HALO_RDADM_VERSION);
	ret = halo_genl_open(&g, HALO_RD_GENL_NAME, "halo_rd");
	if (ret < 0) {
		halo_err("cannot talk to the halo_rd module: %s", strerror(-ret));
		return 1;
	}
	nlh = halo_genl_msg(&g, buf, HALO_RD_CMD_GET_INFO, HALO_RD_GENL_VERSION, 0);
	ret = halo_genl_talk(&g, nlh, version_cb, &v, why, sizeof(why));
	halo_genl_close(&g);
	if (ret < 0 || !v) {
		halo_err("the halo_rd module did not report its version: %s",
			 why[0] ? why : strerror(-ret));
		return 1;
	}
	printf("halo_rd module v%u.%u.%u\n", v >> 16, (v >> 8) & 0xff, v & 0xff);
	return 0;
}

struct ctx {
	const char *config; /* -c FILE */
	struct conf *conf;
	const char *host; /* the name of this node's `on` sections */
	struct kopts ko; /* -d, and options given before the command */
};

struct cmd {
	const char *name;
	int (*fn)(struct ctx *x, const struct cmd *cmd, int argc, char **argv);
	const char *args;
	const char *help;
	int (*show)(const struct ctx *x, const struct resource *r,
		    const struct host *h);
};

static void cmd_usage(FILE *f, const struct cmd *cmd)
{
	fprintf(f, "Usage: %s [-c FILE] %s %s\n\n%s\n", PROG_NAME, cmd->name,
		cmd->args, cmd->help);
}

/* Parse everything before any command acts on it. */
static int load(struct ctx *x)
{
	char err[600];
	int status;

	x->conf = conf_load(x->config, err, sizeof(err), &status);
	if (!x->conf) {
		halo_err("%s", err);
		return status;
	}
	x->host = conf_hostname();
	return 0;
}

static int not_defined(const char *name)
{
	halo_err("'%s' not defined in your config (for this host).", name);
	return EXIT_NO_RESOURCE;
}

static bool is_help(const char *a)
{
	return !strcmp(a, "--help") || !strcmp(a, "-h");
}

static int cmd_dump(struct ctx *x, const struct cmd *cmd, int argc, char **argv)
{
	const struct resource *r;
	bool effective = false, all;
	int i, first = 1, ret;

	for (; first < argc && argv[first][0] == '-'; first++) {
		if (is_help(argv[first])) {
			cmd_usage(stdout, cmd);
			return 0;
		}
		if (strcmp(argv[first], "--effective") &&
		    strcmp(argv[first], "-e")) {
			halo_err("dump: unknown option '%s'", argv[first]);
			return EXIT_USAGE;
		}
		effective = true;
	}
	ret = load(x);
	if (ret)
		return ret;
	all = first == argc;
	for (i = first; i < argc; i++) {
		if (!strcmp(argv[i], "all"))
			all = true;
		else if (!conf_find_res(x->conf, argv[i]))
			return not_defined(argv[i]);
	}
	if (all) {
		if (effective)
			conf_dump_global(
				stdout,
				&(struct conf){ .global = x->conf->global });
		else
			conf_dump_global(stdout, x->conf);
		for (r = x->conf->res; r; r = r->next)
			conf_dump_res(stdout, x->conf, r, effective);
		return 0;
	}
	for (i = first; i < argc; i++)
		conf_dump_res(stdout, x->conf, conf_find_res(x->conf, argv[i]),
			      effective);
	return 0;
}

static int cmd_sh_resources(struct ctx *x, const struct cmd *cmd, int argc,
			    char **argv)
{
	const struct resource *r;
	const char *sep = "";
	int ret;

	if (argc > 1) {
		if (is_help(argv[1])) {
			cmd_usage(stdout, cmd);
			return 0;
		}
		halo_err("%s: unexpected argument '%s'", cmd->name, argv[1]);
		return EXIT_USAGE;
	}
	ret = load(x);
	if (ret)
		return ret;
	for (r = x->conf->res; r; r = r->next) {
		if (conf_find_host(r, x->host)) {
			printf("%s%s", sep, r->name);
			sep = " ";
		}
	}
	printf("\n");
	return 0;
}

/* sh-* commands: one line per volume of RES (or of every resource) on this host. */
static int cmd_sh(struct ctx *x, const struct cmd *cmd, int argc, char **argv)
{
	const struct resource *r;
	const struct host *h;
	int ret;

	if (argc == 2 && is_help(argv[1])) {
		cmd_usage(stdout, cmd);
		return 0;
	}
	if (argc != 2) {
		halo_err("%s: expected one resource name or 'all'", cmd->name);
		return EXIT_USAGE;
	}
	ret = load(x);
	if (ret)
		return ret;
	if (strcmp(argv[1], "all")) {
		r = conf_find_res(x->conf, argv[1]);
		if (!r)
			return not_defined(argv[1]);
		h = conf_find_host(r, x->host);
		if (!h) {
			halo_err(
				"resource '%s' has no 'on %s' section for this host (the name comes from uname -n or HALO_HOSTNAME)",
				r->name, x->host);
			return EXIT_NO_RESOURCE;
		}
		return cmd->show(x, r, h);
	}
	for (r = x->conf->res; r; r = r->next) {
		h = conf_find_host(r, x->host);
		if (h)
			cmd->show(x, r, h);
	}
	return 0;
}

static int show_dev(const struct ctx *x, const struct resource *r,
		    const struct host *h)
{
	const struct volume *v;

	(void)x, (void)r;
	for (v = h->vols; v; v = v->next) {
		if (v->device)
			printf("%s\n", v->device);
		else
			printf("/dev/halo%d\n", v->minor);
	}
	return 0;
}

static int show_minor(const struct ctx *x, const struct resource *r,
		      const struct host *h)
{
	const struct volume *v;

	(void)x, (void)r;
	for (v = h->vols; v; v = v->next)
		printf("%d\n", v->minor);
	return 0;
}

static int show_ll_dev(const struct ctx *x, const struct resource *r,
		       const struct host *h)
{
	const struct volume *v;

	(void)x, (void)r;
	for (v = h->vols; v; v = v->next)
		printf("%s\n", v->disk);
	return 0;
}

static int show_md_dev(const struct ctx *x, const struct resource *r,
		       const struct host *h)
{
	const struct volume *v;

	(void)x, (void)r;
	for (v = h->vols; v; v = v->next)
		printf("%s\n", v->meta == META_INTERNAL ? v->disk :
			       v->meta_dev		? v->meta_dev :
							  "none");
	return 0;
}

static int show_md_idx(const struct ctx *x, const struct resource *r,
		       const struct host *h)
{
	const struct volume *v;

	(void)x, (void)r;
	for (v = h->vols; v; v = v->next) {
		if (v->meta == META_INDEXED)
			printf("%d\n", v->meta_idx);
		else
			printf("%s\n", v->meta == META_INTERNAL ? "internal" :
				       v->meta == META_FLEX	? "flexible" :
								  "none");
	}
	return 0;
}

static int show_ip(const struct ctx *x, const struct resource *r,
		   const struct host *h)
{
	(void)x, (void)r;
	printf("%s\n", h->addr.ip);
	return 0;
}

/* Options of the kernel commands, also accepted after `--` before them. */
static int kernel_opt(struct kopts *o, const char *a)
{
	if (!strcmp(a, "--force") || !strcmp(a, "--overwrite-data-of-peer"))
		o->force = true;
	else if (!strcmp(a, "--discard-my-data"))
		o->discard = true;
	else if (!strcmp(a, "-d") || !strcmp(a, "--dry-run"))
		o->dry_run = true;
	else
		return -1;
	return 0;
}

static int target_of(struct ctx *x, const struct resource *r,
		     struct target *t)
{
	const struct host *h;

	memset(t, 0, sizeof(*t));
	t->conf = x->conf;
	t->r = r;
	t->h = conf_find_host(r, x->host);
	if (!t->h) {
		halo_err("resource '%s' has no 'on %s' section for this host (the name comes from uname -n or HALO_HOSTNAME)",
			 r->name, x->host);
		return EXIT_NO_RESOURCE;
	}
	for (h = r->hosts; h; h = h->next)
		if (h != t->h && !t->peer)
			t->peer = h;
	t->v = t->h->vols;
	if (!t->v || t->v->next || t->v->minor < 0) {
		halo_err("resource '%s': halo_rd needs exactly one volume with a device minor on %s",
			 r->name, x->host);
		return EXIT_CONF_ERROR;
	}
	return 0;
}

static int kernel_one(struct ctx *x, const char *cmd, const struct target *t)
{
	if (!strcmp(cmd, "status"))
		return kstate_status(t);
	if (!strcmp(cmd, "role") || !strcmp(cmd, "cstate") ||
	    !strcmp(cmd, "dstate") || !strcmp(cmd, "show-gi") ||
	    !strcmp(cmd, "get-gi"))
		return kstate_query(cmd, t);
	if (!strcmp(cmd, "wait-connect"))
		return kstate_wait_connect(t);
	return kcmd_run(cmd, t, &x->ko);
}

/*
 * The commands that drive the kernel: COMMAND [OPTIONS] RESOURCE...|all.
 * Every name is resolved before anything is run, so a typo changes nothing.
 */
static int cmd_kernel(struct ctx *x, const struct cmd *cmd, int argc,
		      char **argv)
{
	struct target ts[64];
	const struct resource *r;
	int i, n = 0, ret, worst = 0;
	bool all = false, any = false;

	for (i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			cmd_usage(stdout, cmd);
			return 0;
		}
		if (argv[i][0] != '-')
			any = true;
		else if (kernel_opt(&x->ko, argv[i])) {
			halo_err("%s: unknown option '%s'", cmd->name, argv[i]);
			return EXIT_USAGE;
		}
	}
	if (!any && strcmp(cmd->name, "status") && strcmp(cmd->name, "events")) {
		halo_err("%s: expected a resource name or 'all'", cmd->name);
		return EXIT_USAGE;
	}
	ret = load(x);
	if (ret)
		return ret;
	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			continue;
		if (!strcmp(argv[i], "all")) {
			all = true;
			continue;
		}
		r = conf_find_res(x->conf, argv[i]);
		if (!r)
			return not_defined(argv[i]);
		if (n == 64)
			return EXIT_USAGE;
		ret = target_of(x, r, &ts[n++]);
		if (ret)
			return ret;
	}
	if (!strcmp(cmd->name, "events"))
		return kcmd_events(n == 1 && !all ? ts[0].r->name : NULL,
				   &x->ko);
	for (r = x->conf->res; (all || !any) && r && n < 64; r = r->next) {
		if (!conf_find_host(r, x->host))
			continue;
		ret = target_of(x, r, &ts[n++]);
		if (ret)
			return ret;
	}
	for (i = 0; i < n; i++) {
		ret = kernel_one(x, cmd->name, &ts[i]);
		if (ret && !worst)
			worst = ret;
	}
	return worst;
}

#define KCMD(n, a, h) { n, cmd_kernel, a, h, NULL }

static const struct cmd cmds[] = {
	{ "dump", cmd_dump, "[--effective] [RESOURCE...|all]",
	  "Print the parsed configuration back in halo.conf syntax, normalised (the\n"
	  "output parses back to the same configuration). Without a resource, or with\n"
	  "'all', the global and common sections and every resource; --effective folds\n"
	  "what each resource inherits from common into the resource.",
	  NULL },
	{ "sh-resources", cmd_sh_resources, "",
	  "Print the names of the resources that have an 'on' section for this host.",
	  NULL },
	{ "sh-dev", cmd_sh, "RESOURCE|all",
	  "Print this host's device of each volume.", show_dev },
	{ "sh-minor", cmd_sh, "RESOURCE|all",
	  "Print this host's minor of each volume.", show_minor },
	{ "sh-ll-dev", cmd_sh, "RESOURCE|all",
	  "Print this host's backing disk of each volume.", show_ll_dev },
	{ "sh-md-dev", cmd_sh, "RESOURCE|all",
	  "Print this host's metadata device of each volume (the disk for internal).",
	  show_md_dev },
	{ "sh-md-idx", cmd_sh, "RESOURCE|all",
	  "Print this host's metadata index of each volume: a number, internal or flexible.",
	  show_md_idx },
	{ "sh-ip", cmd_sh, "RESOURCE|all",
	  "Print this host's IP address of the resource.", show_ip },
	KCMD("create-md", "[--force] RESOURCE...|all",
	     "Write fresh metadata (internal) on this host's disk of the resource."),
	KCMD("up", "[--discard-my-data] RESOURCE...|all",
	     "Create the resource and its device in the kernel, attach the disk and\n"
	     "connect to the peer with the file's net settings (attach + connect)."),
	KCMD("down", "RESOURCE...|all",
	     "Demote, disconnect, detach and remove the resource from the kernel."),
	KCMD("attach", "RESOURCE...|all", "Attach this host's disk to the device."),
	KCMD("detach", "RESOURCE...|all", "Detach the disk from the device."),
	KCMD("connect", "[--discard-my-data] RESOURCE...|all",
	     "Start connecting to the peer with the file's net settings."),
	KCMD("disconnect", "RESOURCE...|all",
	     "Drop the connection to the peer (StandAlone)."),
	KCMD("primary", "[--force|--overwrite-data-of-peer] RESOURCE...|all",
	     "Promote the device; --force promotes an Inconsistent disk and makes it\n"
	     "the sync source (also written as '-- --overwrite-data-of-peer primary')."),
	KCMD("secondary", "RESOURCE...|all", "Demote the device."),
	KCMD("invalidate", "RESOURCE...|all",
	     "Discard this host's data and resync all of it from the peer."),
	KCMD("invalidate-remote", "RESOURCE...|all",
	     "Mark the whole device out of sync towards the peer: this node (Connected,\n"
	     "UpToDate) becomes SyncSource of a full resync, the peer SyncTarget."),
	KCMD("verify", "RESOURCE...|all",
	     "Start an online verify against the peer."),
	KCMD("pause-sync", "RESOURCE...|all",
	     "Pause the running resync (PausedSyncS/PausedSyncT on both nodes, the peer\n"
	     "shows resync-suspended:peer); a resync started later starts paused."),
	KCMD("resume-sync", "RESOURCE...|all",
	     "Clear this node's pause flag: the resync continues where it stopped\n"
	     "(unless the peer paused it too)."),
	KCMD("outdate", "RESOURCE...|all",
	     "Mark this node's disk Outdated, in its metadata too (a Secondary that is\n"
	     "not connected); it is not promoted without --force and becomes UpToDate\n"
	     "again when it connects to a peer that is not newer."),
	KCMD("adjust", "RESOURCE...|all",
	     "Apply the difference between the file and the running state: attach a\n"
	     "detached disk, reconnect with a changed protocol or address, connect\n"
	     "when StandAlone, or bring up a resource the kernel does not know;\n"
	     "changed net timeouts (ping-int, ping-timeout, timeout, connect-int,\n"
	     "ko-count) and disk on-io-error apply to the live resource, the\n"
	     "connection stays up."),
	KCMD("role", "RESOURCE...|all", "Print ROLE/PEER-ROLE."),
	KCMD("cstate", "RESOURCE...|all", "Print the connection state."),
	KCMD("dstate", "RESOURCE...|all", "Print DISK-STATE/PEER-DISK-STATE."),
	KCMD("show-gi", "RESOURCE...|all",
	     "Print the generation identifiers and the seven metadata flags with\n"
	     "the legend drbdadm show-gi draws, then the role, connection and disk\n"
	     "state."),
	KCMD("get-gi", "RESOURCE...|all",
	     "Print CURRENT:BITMAP:HISTORY0:HISTORY1 and the seven metadata flags\n"
	     "(consistent, was up-to-date, primary, connected, full sync, peer\n"
	     "outdated, crashed primary) as 0 or 1, as drbdadm get-gi."),
	KCMD("status", "[RESOURCE...|all]",
	     "Print the state in the layout of drbdadm status (all resources of this\n"
	     "host without an argument), with done:PERCENT while syncing."),
	KCMD("wait-connect", "RESOURCE...|all",
	     "Wait until connected, at most startup { wfc-timeout } seconds (or\n"
	     "degr-wfc-timeout after a degraded shutdown); 0 or unset waits for ever.\n"
	     "Exits 5 when the time runs out."),
	KCMD("events", "[RESOURCE|all]",
	     "Print a line per state change until killed (halo-rdsetup events)."),
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: %s [-c FILE] COMMAND [ARGS...]\n"
		"       %s -v|--version\n"
		"Options: -c, --config-file FILE (default " CONF_DEFAULT_FILE
		")\n"
		"         -d, --dry-run (print the halo-rdsetup commands, run none)\n"
		"Commands:\n",
		PROG_NAME, PROG_NAME);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "    %s %s\n", cmds[i].name, cmds[i].args);
	fprintf(f, "'%s COMMAND --help' describes a command.\n", PROG_NAME);
}

int main(int argc, char **argv)
{
	struct ctx x = { .config = CONF_DEFAULT_FILE };
	int i = 1, ret;
	size_t c;

	PROG_NAME = basename(argv[0]);
	if (argc == 2 &&
	    (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--version")))
		return show_version();
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (is_help(argv[i])) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "-c") ||
			   !strcmp(argv[i], "--config-file")) {
			if (++i == argc) {
				halo_err("option '%s' needs a file name",
					 argv[i - 1]);
				return EXIT_USAGE;
			}
			x.config = argv[i];
		} else if (!strncmp(argv[i], "--config-file=", 14)) {
			x.config = argv[i] + 14;
		} else if (!strcmp(argv[i], "--")) {
			/* drbdadm's `-- --overwrite-data-of-peer primary` */
			for (; i + 1 < argc && argv[i + 1][0] == '-'; i++) {
				if (kernel_opt(&x.ko, argv[i + 1])) {
					halo_err("unknown option '%s'",
						 argv[i + 1]);
					return EXIT_USAGE;
				}
			}
		} else if (!strcmp(argv[i], "-d") ||
			   !strcmp(argv[i], "--dry-run")) {
			x.ko.dry_run = true;
		} else {
			halo_err("unknown option '%s'", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i == argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
		if (!strcmp(argv[i], cmds[c].name)) {
			ret = cmds[c].fn(&x, &cmds[c], argc - i, argv + i);
			conf_free(x.conf);
			return ret;
		}
	}
	halo_err("unknown command '%s'", argv[i]);
	usage(stderr);
	return EXIT_USAGE;
}
