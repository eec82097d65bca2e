// SPDX-License-Identifier: GPL-2.0
/*
 * halo-rdadm: the commands that change the kernel's state. Each one is a
 * short sequence of halo-rdsetup calls built from the resource's settings,
 * the way drbdadm runs drbdsetup; -d prints the sequence instead.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/halo_rd.h>

#include "kcmd.h"
#include "util.h"

#define MAX_ARGS 24

/* One halo-rdsetup call under construction. */
struct call {
	char *argv[MAX_ARGS + 2];
	char store[MAX_ARGS][128];
	int argc;
};

static void arg(struct call *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void arg(struct call *c, const char *fmt, ...)
{
	va_list ap;

	if (c->argc >= MAX_ARGS)
		return;
	va_start(ap, fmt);
	vsnprintf(c->store[c->argc], sizeof(c->store[0]), fmt, ap);
	va_end(ap);
	c->argv[c->argc + 1] = c->store[c->argc];
	c->argc++;
}

static void call_init(struct call *c, const char *cmd)
{
	memset(c, 0, sizeof(*c));
	c->argv[0] = "halo-rdsetup";
	arg(c, "%s", cmd);
}

/* halo-rdsetup beside this binary (installed or in the build tree), else PATH. */
static const char *rdsetup_path(void)
{
	static char path[PATH_MAX];
	static const char *const rel[] = { "halo-rdsetup",
					   "../rdsetup/halo-rdsetup" };
	char self[PATH_MAX - 64], *slash;
	ssize_t n;
	size_t i;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return "halo-rdsetup";
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		return "halo-rdsetup";
	*slash = '\0';
	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", self, rel[i]);
		if (!access(path, X_OK))
			return path;
	}
	return "halo-rdsetup";
}

static void print_call(FILE *f, const struct call *c)
{
	int i;

	fprintf(f, "halo-rdsetup");
	for (i = 1; i <= c->argc; i++)
		fprintf(f, " %s", c->argv[i]);
}

/*
 * Run the call. halo-rdsetup prints the kernel's reason itself; a refusal
 * (its exit 1) becomes EXIT_STATE_REFUSED.
 */
static int run(struct call *c, const struct kopts *o)
{
	const char *path;
	int status;
	pid_t pid;

	if (o->dry_run) {
		print_call(stdout, c);
		printf("\n");
		return 0;
	}
	path = rdsetup_path();
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		halo_err("cannot start halo-rdsetup: %s", strerror(errno));
		return 1;
	}
	if (!pid) {
		if (strchr(path, '/'))
			execv(path, c->argv);
		else
			execvp(path, c->argv);
		halo_err("cannot run %s: %s", path, strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return 1;
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	fprintf(stderr, "Command '");
	print_call(stderr, c);
	fprintf(stderr, "' terminated with exit code %d\n",
		WIFEXITED(status) ? WEXITSTATUS(status) : 128);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
		return EXIT_STATE_REFUSED;
	return WIFEXITED(status) && WEXITSTATUS(status) ? WEXITSTATUS(status) :
							  1;
}

static int check_open(const struct target *t, const char *what,
		      const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		halo_err("%s: cannot open %s '%s': %s", t->r->name, what, path,
			 strerror(errno));
		return EXIT_DISK_OPEN;
	}
	close(fd);
	return 0;
}

/* The disk and an external meta-disk must open before the kernel is asked. */
static int check_disk(const struct target *t)
{
	int ret;

	if (t->v->meta != META_INTERNAL && t->v->meta != META_FLEX &&
	    t->v->meta != META_INDEXED) {
		halo_err("%s: volume %d has no meta-disk", t->r->name,
			 t->v->vnr);
		return EXIT_CONF_ERROR;
	}
	ret = check_open(t, "disk", t->v->disk);
	if (!ret && t->v->meta != META_INTERNAL)
		ret = check_open(t, "meta-disk", t->v->meta_dev);
	return ret;
}

/* The meta-disk words of create-md and attach, as drbdsetup 8.4 takes them. */
static void meta_args(struct call *c, const struct target *t)
{
	if (t->v->meta == META_INTERNAL) {
		arg(c, "internal");
		return;
	}
	arg(c, "%s", t->v->meta_dev);
	if (t->v->meta == META_INDEXED)
		arg(c, "%d", t->v->meta_idx);
	else
		arg(c, "flexible");
}

static int res_cmd(const char *cmd, const struct target *t,
		   const struct kopts *o)
{
	struct call c;

	call_init(&c, cmd);
	arg(&c, "%s", t->r->name);
	return run(&c, o);
}

static int minor_cmd(const char *cmd, const struct target *t,
		     const struct kopts *o, const char *opt)
{
	struct call c;

	call_init(&c, cmd);
	arg(&c, "%d", t->v->minor);
	if (opt)
		arg(&c, "%s", opt);
	return run(&c, o);
}

static int create_md(const struct target *t, const struct kopts *o)
{
	struct call c;
	int ret = check_disk(t);

	if (ret)
		return ret;
	call_init(&c, "create-md");
	arg(&c, "%s", t->v->disk);
	meta_args(&c, t);
	if (o->force)
		arg(&c, "--force");
	return run(&c, o);
}

/* new-resource and new-minor where the kernel does not have them yet. */
static int ensure_minor(const struct target *t, const struct rd_state *st,
			const struct kopts *o, bool minor)
{
	struct call c;
	int ret = 0;

	if (!st->exists)
		ret = res_cmd("new-resource", t, o);
	if (ret || !minor || st->minor >= 0)
		return ret;
	call_init(&c, "new-minor");
	arg(&c, "%s", t->r->name);
	arg(&c, "%d", t->v->minor);
	arg(&c, "0");
	return run(&c, o);
}

/* disk { } resync rate options (syncer { rate } is resync-rate) */
static const char *const rate_names[] = { "resync-rate", "c-plan-ahead",
					  "c-fill-target", "c-delay-target",
					  "c-max-rate", "c-min-rate" };
/* The kernel's values when only some are given; their unit in bytes. */
static const unsigned long long rate_defaults[] = { 250, 20, 100, 10,
						    102400, 250 };
static const long long rate_units[] = { 1024, 0, 512, 0, 1024, 1024 };

/* The disk { } rate options given, as halo-rdsetup options. */
static void rate_args(struct call *c, const struct target *t)
{
	const struct opt *op;
	size_t i;

	for (i = 0; i < sizeof(rate_names) / sizeof(rate_names[0]); i++) {
		op = conf_effective(t->conf, t->r, SECT_DISK, rate_names[i]);
		if (op)
			arg(c, "--%s=%s", rate_names[i], op->value);
	}
}

static int attach(const struct target *t, const struct rd_state *st,
		  const struct kopts *o)
{
	const struct opt *ioe;
	struct call c;
	int ret = check_disk(t);

	if (!ret)
		ret = ensure_minor(t, st, o, true);
	if (ret)
		return ret;
	call_init(&c, "attach");
	arg(&c, "%d", t->v->minor);
	arg(&c, "%s", t->v->disk);
	meta_args(&c, t);
	ioe = conf_effective(t->conf, t->r, SECT_DISK, "on-io-error");
	if (ioe && (!strcmp(ioe->value, "detach") ||
		    !strcmp(ioe->value, "pass_on")))
		arg(&c, "--on-io-error=%s", ioe->value);
	rate_args(&c, t);
	return run(&c, o);
}

static void addr_str(char *out, size_t len, const struct address *a)
{
	if (a->af == AF_INET6)
		snprintf(out, len, "ipv6:[%s]:%u", a->ip, a->port);
	else
		snprintf(out, len, "ipv4:%s:%u", a->ip, a->port);
}

static const char *net_opt(const struct target *t, const char *name)
{
	const struct opt *op = conf_effective(t->conf, t->r, SECT_NET, name);

	return op ? op->value : NULL;
}

static const char *const net_nums[] = { "ping-int", "ping-timeout", "timeout",
					 "connect-int", "ko-count" };
/* The kernel's values when CONNECT or NET_OPTIONS does not give them. */
static const unsigned int net_defaults[] = { 10, 50, 60, 10, 7 };
/*
 * after-sb values of drbd.conf that halo_rd lacks: refused before any
 * call, so that `up` attaches nothing when the connect would fail.
 */
static int check_net_opts(const struct target *t)
{
	static const char *const unsupported[] = {
		"discard-local", "discard-remote", "call-pri-lost-after-sb",
		"violently-as0p"
	};
	const char *v;
	char name[16];
	size_t i, k;

	for (i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "after-sb-%zupri", i);
		v = net_opt(t, name);
		if (!v)
			continue;
		for (k = 0; k < sizeof(unsupported) / sizeof(unsupported[0]); k++)
			if (!strcmp(v, unsupported[k]) ||
			    !strncmp(v, "discard-node-", 13)) {
				halo_err("%s: %s %s: not supported by the halo_rd kernel module",
					 t->r->name, name, v);
				return EXIT_UNSUPPORTED;
			}
	}
	return 0;
}

/* The after-sb policies and csums-alg given, as halo-rdsetup options. */
static void hs_args(struct call *c, const struct target *t)
{
	char name[16];
	const char *v;
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "after-sb-%zupri", i);
		v = net_opt(t, name);
		if (v)
			arg(c, "--%s=%s", name, v);
	}
	v = net_opt(t, "csums-alg");
	if (v)
		arg(c, "--csums-alg=%s", v);
}

/* Whether the file's after-sb policies or csums-alg differ from the kernel's. */
static bool hs_differ(const struct target *t, const struct rd_state *st)
{
	char name[16];
	const char *v;
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "after-sb-%zupri", i);
		v = net_opt(t, name);
		if (st->after_sb[i] >= 0 &&
		    strcmp(v ? v : "disconnect",
			   halo_rd_asb_name(st->after_sb[i])))
			return true;
	}
	v = net_opt(t, "csums-alg");
	return strcmp(v ? v : "", st->csums_alg) != 0;
}

/* The file's allow-two-primaries: yes, or no when absent. */
static bool two_primaries(const struct target *t)
{
	const char *v = net_opt(t, "allow-two-primaries");

	return v && !strcmp(v, "yes");
}

static int connect_(const struct target *t, const struct rd_state *st,
		    const struct kopts *o)
{
	char a[128];
	const char *v;
	struct call c;
	size_t i;
	int ret;

	if (!t->peer) {
		halo_err("%s: no 'on' section for a peer of %s", t->r->name,
			 t->h->name);
		return EXIT_CONF_ERROR;
	}
	ret = check_net_opts(t);
	if (!ret)
		ret = ensure_minor(t, st, o, false);
	if (ret)
		return ret;
	call_init(&c, "connect");
	arg(&c, "%s", t->r->name);
	addr_str(a, sizeof(a), &t->h->addr);
	arg(&c, "%s", a);
	addr_str(a, sizeof(a), &t->peer->addr);
	arg(&c, "%s", a);
	v = net_opt(t, "protocol");
	arg(&c, "--protocol=%s", v ? v : "C");
	for (i = 0; i < sizeof(net_nums) / sizeof(net_nums[0]); i++) {
		v = net_opt(t, net_nums[i]);
		if (v)
			arg(&c, "--%s=%s", net_nums[i], v);
	}
	if (two_primaries(t))
		arg(&c, "--allow-two-primaries");
	v = net_opt(t, "discard-my-data");
	if (o->discard || (v && !strcmp(v, "yes")))
		arg(&c, "--discard-my-data");
	hs_args(&c, t);
	return run(&c, o);
}

/*
 * attach on a Diskless node whose connection is configured (detached while
 * Connected): halo_rd attaches a disk only without a connection, so this
 * disconnects, attaches and connects again; the handshake then makes the
 * disk the SyncTarget of what it missed, as drbdadm attach does without
 * dropping the connection. Refused for a Primary, whose I/O needs the peer
 * all along, before any call.
 */
static bool attach_needs_reconnect(const struct rd_state *st)
{
	return st->exists && st->minor >= 0 && st->ds == HALO_RD_DS_DISKLESS &&
	       st->local.ss_family;
}

static int attach_reconnect(const struct target *t, const struct rd_state *st,
			    const struct kopts *o)
{
	struct rd_state now = *st;
	int ret, ret2;

	if (st->role == HALO_RD_ROLE_PRIMARY) {
		halo_err("%s: cannot attach the disk of a Primary with a connection (halo_rd attaches only while disconnected): run 'secondary %s' first",
			 t->r->name, t->r->name);
		return EXIT_STATE_REFUSED;
	}
	ret = check_disk(t);
	if (!ret)
		ret = check_net_opts(t);
	if (!ret)
		ret = res_cmd("disconnect", t, o);
	if (ret)
		return ret;
	now.cs = HALO_RD_CS_STANDALONE;
	memset(&now.local, 0, sizeof(now.local));
	ret = attach(t, &now, o);
	/* Connected again even when the attach failed: Diskless as before. */
	ret2 = connect_(t, &now, o);
	return ret ? ret : ret2;
}

static int attach_cmd(const struct target *t, const struct rd_state *st,
		      const struct kopts *o)
{
	if (attach_needs_reconnect(st))
		return attach_reconnect(t, st, o);
	return attach(t, st, o);
}

static bool same_addr(const struct sockaddr_storage *ss,
		      const struct address *a)
{
	const struct sockaddr_in6 *s6 = (const void *)ss;
	const struct sockaddr_in *s4 = (const void *)ss;
	char ip[INET6_ADDRSTRLEN];

	if (ss->ss_family != a->af)
		return false;
	if (a->af == AF_INET) {
		inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof(ip));
		return ntohs(s4->sin_port) == a->port && !strcmp(ip, a->ip);
	}
	inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof(ip));
	/* a->ip is as written; compare it in its canonical form too */
	{
		struct in6_addr want;

		if (inet_pton(AF_INET6, a->ip, &want) != 1)
			return false;
		return ntohs(s6->sin6_port) == a->port &&
		       !memcmp(&want, &s6->sin6_addr, sizeof(want));
	}
}

/*
 * net-options when the file's timeouts, allow-two-primaries, after-sb
 * policies or csums-alg differ from the running ones: the connection stays
 * up (drbdadm adjust runs drbdsetup net-options); allow-two-primaries
 * applies at once on both nodes, the after-sb policies and csums-alg from
 * the next handshake.
 */
static int adjust_net(const struct target *t, const struct rd_state *st,
		      const struct kopts *o)
{
	const unsigned int have[] = { st->ping_int, st->ping_timeout,
				      st->timeout, st->connect_int,
				      st->ko_count };
	bool differ = false;
	const char *v;
	struct call c;
	size_t i;
	int ret;

	if (!st->ping_int)
		return 0; /* no connection configured: connect sets them */
	for (i = 0; i < sizeof(net_nums) / sizeof(net_nums[0]); i++) {
		v = net_opt(t, net_nums[i]);
		if ((v ? strtoul(v, NULL, 10) : net_defaults[i]) != have[i])
			differ = true;
	}
	if (st->two_primaries >= 0 && two_primaries(t) != !!st->two_primaries)
		differ = true;
	if (!differ && !hs_differ(t, st))
		return 0;
	ret = check_net_opts(t);
	if (ret)
		return ret;
	call_init(&c, "net-options");
	arg(&c, "%s", t->r->name);
	arg(&c, "--set-defaults");
	for (i = 0; i < sizeof(net_nums) / sizeof(net_nums[0]); i++) {
		v = net_opt(t, net_nums[i]);
		if (v)
			arg(&c, "--%s=%s", net_nums[i], v);
	}
	if (two_primaries(t))
		arg(&c, "--allow-two-primaries");
	hs_args(&c, t);
	return run(&c, o);
}

/* A checked drbd.conf number (optional suffix s, k, M, G) in @unit bytes. */
static unsigned long long conf_num(const char *v, long long unit)
{
	unsigned long long n;
	long long mult = 0;
	char *end;

	n = strtoull(v, &end, 10);
	if (!*end || !unit)
		return n;
	switch (*end) {
	case 's': mult = 512; break;
	case 'k': case 'K': mult = 1024; break;
	case 'm': case 'M': mult = 1024 * 1024; break;
	case 'g': case 'G': mult = 1024 * 1024 * 1024; break;
	}
	return n * mult / unit;
}

/* Whether the file's resync rate options differ from the running ones. */
static bool rates_differ(const struct target *t, const struct rd_state *st)
{
	unsigned long long v;
	const struct opt *op;
	bool on = false, differ = false;
	size_t i;

	for (i = 0; i < sizeof(rate_names) / sizeof(rate_names[0]); i++) {
		op = conf_effective(t->conf, t->r, SECT_DISK, rate_names[i]);
		on |= op != NULL;
		v = op ? conf_num(op->value, rate_units[i]) : rate_defaults[i];
		differ |= v != st->rate[i];
	}
	return on != st->rate_on || (on && differ);
}

/*
 * disk-options when the file's on-io-error or resync rate options differ
 * from the running ones (a running resync follows the new rate).
 */
static int adjust_disk(const struct target *t, const struct rd_state *st,
		       const struct kopts *o)
{
	const struct opt *ioe;
	int want = HALO_RD_IOE_PASS_ON;
	struct call c;

	if (st->on_io_error < 0)
		return 0;
	ioe = conf_effective(t->conf, t->r, SECT_DISK, "on-io-error");
	if (ioe && !strcmp(ioe->value, "detach")) {
		want = HALO_RD_IOE_DETACH;
	} else if (ioe && strcmp(ioe->value, "pass_on")) {
		ioe = NULL; /* not a halo_rd choice: keep the running one */
		want = st->on_io_error;
	}
	if (want == st->on_io_error && !rates_differ(t, st))
		return 0;
	call_init(&c, "disk-options");
	arg(&c, "%d", t->v->minor);
	arg(&c, "--set-defaults");
	if (ioe)
		arg(&c, "--on-io-error=%s", ioe->value);
	else if (want == HALO_RD_IOE_DETACH)
		arg(&c, "--on-io-error=detach");
	rate_args(&c, t);
	return run(&c, o);
}

/* adjust: apply only what differs between the file and the kernel. */
static int adjust(const struct target *t, const struct rd_state *st,
		  const struct kopts *o)
{
	const char *p = net_opt(t, "protocol");
	unsigned int want = (p ? p[0] : 'C') - 'A' + HALO_RD_PROT_A;
	struct rd_state now = *st;
	int ret = 0;

	if (attach_needs_reconnect(st))
		return attach_reconnect(t, st, o);
	if (st->minor < 0 || st->ds == HALO_RD_DS_DISKLESS) {
		ret = attach(t, st, o);
		now.exists = true;
		now.minor = t->v->minor;
		now.on_io_error = -1;
		st = &now;
	} else {
		ret = adjust_disk(t, st, o);
	}
	if (ret || !t->peer)
		return ret;
	if (st->cs != HALO_RD_CS_STANDALONE && st->local.ss_family &&
	    (st->protocol != want || !same_addr(&st->local, &t->h->addr) ||
	     !same_addr(&st->peer, &t->peer->addr))) {
		ret = res_cmd("disconnect", t, o);
		if (ret)
			return ret;
		return connect_(t, st, o);
	}
	if (st->cs == HALO_RD_CS_STANDALONE)
		return connect_(t, st, o);
	return adjust_net(t, st, o);
}

struct kcmd {
	const char *name;
	int (*fn)(const struct target *t, const struct rd_state *st,
		  const struct kopts *o);
	const char *nlcmd; /* a plain call: halo-rdsetup NLCMD MINOR|RES */
	char by; /* 'm': by minor, 'r': by resource name */
};

static int up(const struct target *t, const struct rd_state *st,
	      const struct kopts *o)
{
	int ret = t->peer ? check_net_opts(t) : 0;
	struct rd_state now = *st;

	if (!ret)
		ret = attach(t, st, o);
	if (ret)
		return ret;
	now.exists = true;
	now.minor = t->v->minor;
	return connect_(t, &now, o);
}

static int primary(const struct target *t, const struct rd_state *st,
		   const struct kopts *o)
{
	(void)st;
	return minor_cmd("primary", t, o, o->force ? "--force" : NULL);
}

static int down(const struct target *t, const struct rd_state *st,
		const struct kopts *o)
{
	if (!st->exists && !o->dry_run)
		return 0; /* already down */
	return res_cmd("down", t, o);
}

static const struct kcmd kcmds[] = {
	{ "down", down, NULL, 0 },
	{ "up", up, NULL, 0 },
	{ "attach", attach_cmd, NULL, 0 },
	{ "connect", connect_, NULL, 0 },
	{ "adjust", adjust, NULL, 0 },
	{ "primary", primary, NULL, 0 },
	{ "disconnect", NULL, "disconnect", 'r' },
	{ "detach", NULL, "detach", 'm' },
	{ "secondary", NULL, "secondary", 'm' },
	{ "invalidate", NULL, "invalidate", 'm' },
	{ "verify", NULL, "verify", 'm' },
	{ "invalidate-remote", NULL, "invalidate-remote", 'm' },
	{ "pause-sync", NULL, "pause-sync", 'm' },
	{ "resume-sync", NULL, "resume-sync", 'm' },
	{ "outdate", NULL, "outdate", 'm' },
};

/**
 * kcmd_known() - whether @name is a command of this file
 * @name: the command
 *
 * Return: true for the state-changing commands and create-md.
 */
bool kcmd_known(const char *name)
{
	size_t i;

	if (!strcmp(name, "create-md"))
		return true;
	for (i = 0; i < sizeof(kcmds) / sizeof(kcmds[0]); i++)
		if (!strcmp(name, kcmds[i].name))
			return true;
	return false;
}

/**
 * kcmd_run() - run command @name on one resource
 * @name: the command (kcmd_known())
 * @t: the resource
 * @o: options
 *
 * Return: 0 or the exit status.
 */
int kcmd_run(const char *name, const struct target *t, const struct kopts *o)
{
	const struct kcmd *k = NULL;
	struct rd_state st;
	size_t i;
	int ret;

	if (!strcmp(name, "create-md"))
		return create_md(t, o);
	for (i = 0; i < sizeof(kcmds) / sizeof(kcmds[0]); i++)
		if (!strcmp(name, kcmds[i].name))
			k = &kcmds[i];
	if (!k)
		return EXIT_USAGE;
	if (k->by == 'r')
		return res_cmd(k->nlcmd, t, o);
	if (k->by == 'm')
		return minor_cmd(k->nlcmd, t, o, NULL);
	ret = kstate_get(t->r->name, &st);
	if (ret && !o->dry_run)
		return ret;
	return k->fn(t, &st, o);
}

/**
 * kcmd_events() - follow the state changes (halo-rdsetup events)
 * @res: one resource, or NULL for all
 * @o: options
 *
 * Return: only on error, the exit status.
 */
int kcmd_events(const char *res, const struct kopts *o)
{
	struct call c;

	call_init(&c, "events");
	if (res)
		arg(&c, "%s", res);
	if (o->dry_run)
		return run(&c, o);
	fflush(stdout);
	execv(rdsetup_path(), c.argv);
	execvp("halo-rdsetup", c.argv);
	halo_err("cannot run halo-rdsetup: %s", strerror(errno));
	return 1;
}
