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
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: %s [-c FILE] COMMAND [ARGS...]\n"
		"       %s -v|--version\n"
		"Options: -c, --config-file FILE (default " CONF_DEFAULT_FILE
		")\n"
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
