// SPDX-License-Identifier: GPL-2.0
/*
 * The option keywords halo.conf knows, per section, with their value types
 * and ranges (DRBD 8.4's names and limits), and the check that turns a value
 * as written into its normalised form.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

/* clang-format off: tables read better one entry per line */
const char *const conf_sect_names[] = {
	[SECT_OPTIONS] = "options",   [SECT_NET] = "net",
	[SECT_DISK] = "disk",	      [SECT_STARTUP] = "startup",
	[SECT_HANDLERS] = "handlers", [SECT_GLOBAL] = "global",
	[SECT_SYNCER] = "syncer",
};

#define KIB 1024
#define SECTOR 512
#define NUM(n, lo, hi)                                           \
	{                                                        \
		.name = n, .type = OPT_NUM, .min = lo, .max = hi \
	}
#define SIZE(n, lo, hi, u)                                                  \
	{                                                                   \
		.name = n, .type = OPT_NUM, .min = lo, .max = hi, .unit = u \
	}
#define BOOL(n)                             \
	{                                   \
		.name = n, .type = OPT_BOOL \
	}
#define FLAG(n)                             \
	{                                   \
		.name = n, .type = OPT_FLAG \
	}
#define STR(n)                             \
	{                                  \
		.name = n, .type = OPT_STR \
	}
#define ENUM(n, w)                                      \
	{                                               \
		.name = n, .type = OPT_ENUM, .words = w \
	}
#define MOVE(n, s, nn)                            \
	{                                         \
		.name = n, .to = s, .newname = nn \
	}

static const char *const w_protocol[] = { "A", "B", "C", NULL };
static const char *const w_sb0[] = { "disconnect",
				     "discard-younger-primary",
				     "discard-older-primary",
				     "discard-zero-changes",
				     "discard-least-changes",
				     "discard-local",
				     "discard-remote",
				     NULL };
static const char *const w_sb1[] = {
	"disconnect",	     "consensus",
	"discard-secondary", "call-pri-lost-after-sb",
	"violently-as0p",    NULL
};
static const char *const w_sb2[] = { "disconnect", "call-pri-lost-after-sb",
				     "violently-as0p", NULL };
static const char *const w_rr[] = { "disconnect", "call-pri-lost", "violently",
				    NULL };
static const char *const w_cong[] = { "block", "pull-ahead", "disconnect",
				      NULL };
static const char *const w_ioerr[] = { "pass_on", "call-local-io-error",
				       "detach", NULL };
static const char *const w_fencing[] = { "dont-care", "resource-only",
					 "resource-and-stonith", NULL };
static const char *const w_rb[] = { "prefer-local",	     "prefer-remote",
				    "round-robin",	     "least-pending",
				    "when-congested-remote", "32K-striping",
				    "64K-striping",	     "128K-striping",
				    "256K-striping",	     "512K-striping",
				    "1M-striping",	     NULL };
static const char *const w_nodata[] = { "io-error", "suspend-io", NULL };
static const char *const w_usage[] = { "yes", "no", "ask", NULL };

static const struct opt_desc opts_net[] = {
	ENUM("protocol", w_protocol),
	NUM("timeout", 1, 600),
	NUM("connect-int", 1, 120),
	NUM("ping-int", 1, 120),
	NUM("ping-timeout", 1, 300),
	NUM("ko-count", 0, 200),
	NUM("max-buffers", 32, 131072),
	NUM("max-epoch-size", 1, 20000),
	SIZE("sndbuf-size", 0, 10485760, 1),
	SIZE("rcvbuf-size", 0, 10485760, 1),
	NUM("unplug-watermark", 1, 131072),
	STR("cram-hmac-alg"),
	STR("shared-secret"),
	STR("data-integrity-alg"),
	STR("csums-alg"),
	STR("verify-alg"),
	ENUM("after-sb-0pri", w_sb0),
	ENUM("after-sb-1pri", w_sb1),
	ENUM("after-sb-2pri", w_sb2),
	ENUM("rr-conflict", w_rr),
	BOOL("always-asbp"),
	BOOL("allow-two-primaries"),
	BOOL("discard-my-data"),
	BOOL("tcp-cork"),
	BOOL("use-rle"),
	BOOL("csums-after-crash-only"),
	ENUM("on-congestion", w_cong),
	SIZE("congestion-fill", 0, 20971520, SECTOR),
	NUM("congestion-extents", 67, 65534),
	NUM("sock-check-timeout", 1, 600),
	{ NULL }
};

static const struct opt_desc opts_disk[] = {
	ENUM("on-io-error", w_ioerr),
	ENUM("fencing", w_fencing),
	SIZE("size", 0, 1LL << 40, SECTOR),
	NUM("al-extents", 67, 65534),
	BOOL("al-updates"),
	BOOL("disk-barrier"),
	BOOL("disk-flushes"),
	BOOL("disk-drain"),
	BOOL("md-flushes"),
	SIZE("resync-rate", 1, 4194304, KIB),
	STR("resync-after"),
	NUM("c-plan-ahead", 0, 300),
	NUM("c-delay-target", 1, 100),
	SIZE("c-fill-target", 0, 1000000, SECTOR),
	SIZE("c-max-rate", 250, 4194304, KIB),
	SIZE("c-min-rate", 0, 4194304, KIB),
	NUM("disk-timeout", 0, 6000),
	ENUM("read-balancing", w_rb),
	BOOL("discard-zeroes-if-aligned"),
	SIZE("rs-discard-granularity", 0, 1048576, 1),
	{ NULL }
};

static const struct opt_desc opts_options[] = { STR("cpu-mask"),
						ENUM("on-no-data-accessible",
						     w_nodata),
						{ NULL } };

static const struct opt_desc opts_startup[] = {
	NUM("wfc-timeout", 0, 300000),
	NUM("degr-wfc-timeout", 0, 300000),
	NUM("outdated-wfc-timeout", 0, 300000),
	BOOL("wait-after-sb"),
	STR("become-primary-on"),
	BOOL("stacked-timeouts"),
	{ NULL }
};

static const struct opt_desc opts_handlers[] = { STR("pri-on-incon-degr"),
						 STR("pri-lost-after-sb"),
						 STR("pri-lost"),
						 STR("fence-peer"),
						 STR("unfence-peer"),
						 STR("local-io-error"),
						 STR("initial-split-brain"),
						 STR("split-brain"),
						 STR("before-resync-target"),
						 STR("after-resync-target"),
						 STR("before-resync-source"),
						 STR("out-of-sync"),
						 STR("emergency-shutdown"),
						 { NULL } };

static const struct opt_desc opts_global[] = {
	ENUM("usage-count", w_usage),
	NUM("minor-count", 1, 255),
	NUM("dialog-refresh", 0, 600),
	FLAG("disable-ip-verification"),
	FLAG("udev-always-use-vnr"),
	NUM("cmd-timeout-short", 0, 3600),
	NUM("cmd-timeout-medium", 0, 3600),
	NUM("cmd-timeout-long", 0, 3600),
	{ NULL }
};

/* The 8.3 syncer section: each keyword moves to its 8.4 place. */
static const struct opt_desc opts_syncer[] = {
	MOVE("rate", SECT_DISK, "resync-rate"),
	MOVE("after", SECT_DISK, "resync-after"),
	MOVE("al-extents", SECT_DISK, NULL),
	MOVE("c-plan-ahead", SECT_DISK, NULL),
	MOVE("c-delay-target", SECT_DISK, NULL),
	MOVE("c-fill-target", SECT_DISK, NULL),
	MOVE("c-max-rate", SECT_DISK, NULL),
	MOVE("c-min-rate", SECT_DISK, NULL),
	MOVE("csums-alg", SECT_NET, NULL),
	MOVE("verify-alg", SECT_NET, NULL),
	MOVE("use-rle", SECT_NET, NULL),
	MOVE("cpu-mask", SECT_OPTIONS, NULL),
	MOVE("on-no-data-accessible", SECT_OPTIONS, NULL),
	{ NULL }
};

static const struct opt_desc *const tables[] = {
	[SECT_OPTIONS] = opts_options,	 [SECT_NET] = opts_net,
	[SECT_DISK] = opts_disk,	 [SECT_STARTUP] = opts_startup,
	[SECT_HANDLERS] = opts_handlers, [SECT_GLOBAL] = opts_global,
	[SECT_SYNCER] = opts_syncer,
};

/* clang-format on */

/**
 * conf_opt_find() - look up an option keyword of a section
 * @s: the section
 * @name: the keyword
 *
 * Return: its description, or NULL if @s has no such keyword.
 */
const struct opt_desc *conf_opt_find(enum conf_sect s, const char *name)
{
	const struct opt_desc *d;

	for (d = tables[s]; d->name; d++)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

static long long unit_bytes(char suffix)
{
	switch (suffix) {
	case 's':
		return SECTOR;
	case 'k':
	case 'K':
		return KIB;
	case 'm':
	case 'M':
		return KIB * KIB;
	case 'g':
	case 'G':
		return KIB * KIB * KIB;
	}
	return 0;
}

static int check_num(const struct opt_desc *d, const char *in, char *out,
		     size_t outlen, char *why, size_t whylen)
{
	long long n, mult = 1, v;
	char *end, suffix = 0;

	errno = 0;
	if (!isdigit((unsigned char)in[0]))
		goto bad;
	n = strtoll(in, &end, 10);
	if (errno)
		goto bad;
	if (*end) {
		if (!d->unit || end[1] || !unit_bytes(*end))
			goto bad;
		suffix = *end;
		mult = unit_bytes(suffix);
		if (n > (1LL << 50) / mult)
			goto range;
		v = n * mult / d->unit;
	} else {
		v = n;
	}
	if (v < d->min || v > d->max)
		goto range;
	if (suffix == 'K' || suffix == 'm' || suffix == 'g')
		suffix = suffix == 'K' ? 'k' :
					 (char)toupper((unsigned char)suffix);
	snprintf(out, outlen, suffix ? "%lld%c" : "%lld", n, suffix);
	return 0;
bad:
	if (d->unit)
		snprintf(
			why, whylen,
			"expected a number with an optional unit (s, k, M, G) for '%s', got '%.60s'",
			d->name, in);
	else
		snprintf(why, whylen, "expected a number for '%s', got '%.60s'",
			 d->name, in);
	return -1;
range:
	snprintf(why, whylen, "'%.60s' is out of range for '%s' [%lld..%lld%s]",
		 in, d->name, d->min, d->max,
		 d->unit == KIB	   ? "k" :
		 d->unit == SECTOR ? "s" :
				     "");
	return -1;
}

static int check_enum(const struct opt_desc *d, const char *in, char *why,
		      size_t whylen)
{
	const char *const *w;
	size_t n = 0;

	for (w = d->words; *w; w++)
		if (!strcmp(*w, in))
			return 0;
	if (!strcmp(d->name, "after-sb-0pri") &&
	    !strncmp(in, "discard-node-", 13) && in[13])
		return 0;
	n = snprintf(why, whylen, "expected one of");
	for (w = d->words; *w && n < whylen; w++)
		n += snprintf(why + n, whylen - n, "%s %s",
			      w == d->words ? "" : ",", *w);
	if (n < whylen)
		snprintf(why + n, whylen - n, " for '%s', got '%.60s'", d->name,
			 in);
	return -1;
}

/**
 * conf_opt_value() - check an option's value and normalise it
 * @d: the option
 * @in: the value as written, NULL when the keyword stood alone
 * @out: the normalised value (numbers without leading zeros, k/M/G units,
 *	 yes for a bare boolean keyword)
 * @outlen: size of @out
 * @why: the reason on failure
 * @whylen: size of @why
 *
 * Return: 0, or -1 with @why set.
 */
int conf_opt_value(const struct opt_desc *d, const char *in, char *out,
		   size_t outlen, char *why, size_t whylen)
{
	if (!in) {
		if (d->type == OPT_FLAG || d->type == OPT_BOOL) {
			snprintf(out, outlen, d->type == OPT_BOOL ? "yes" : "");
			return 0;
		}
		snprintf(why, whylen, "'%s' needs a value", d->name);
		return -1;
	}
	if (strlen(in) >= outlen) {
		snprintf(why, whylen, "value of '%s' is too long", d->name);
		return -1;
	}
	switch (d->type) {
	case OPT_NUM:
		return check_num(d, in, out, outlen, why, whylen);
	case OPT_FLAG:
		snprintf(why, whylen, "'%s' takes no value, got '%.60s'",
			 d->name, in);
		return -1;
	case OPT_BOOL:
		if (strcmp(in, "yes") && strcmp(in, "no")) {
			snprintf(why, whylen,
				 "expected yes or no for '%s', got '%.60s'",
				 d->name, in);
			return -1;
		}
		break;
	case OPT_ENUM:
		if (check_enum(d, in, why, whylen))
			return -1;
		break;
	case OPT_STR:
		break;
	}
	snprintf(out, outlen, "%s", in);
	return 0;
}

/**
 * conf_opt_get() - find an option in one section
 * @l: the section's options
 * @name: the keyword
 *
 * Return: the option or NULL.
 */
const struct opt *conf_opt_get(const struct optlist *l, const char *name)
{
	const struct opt *o;

	for (o = l->head; o; o = o->next)
		if (!strcmp(o->d->name, name))
			return o;
	return NULL;
}

/**
 * conf_effective() - the value of an option as it applies to a resource
 * @c: the configuration
 * @r: the resource
 * @s: the section
 * @name: the keyword
 *
 * The resource's own setting wins over the one inherited from common.
 *
 * Return: the option or NULL when neither sets it (the default applies).
 */
const struct opt *conf_effective(const struct conf *c, const struct resource *r,
				 enum conf_sect s, const char *name)
{
	const struct opt *o = conf_opt_get(&r->sect[s], name);

	return o ? o : conf_opt_get(&c->common[s], name);
}
