// SPDX-License-Identifier: GPL-2.0
/*
 * Checks that need the whole parsed file: every host of a resource gets the
 * resource-level volume settings, and every volume must end up with a
 * device (and so a minor), a disk and a meta-disk, every host with an
 * address; minors and addresses must not be used twice on one host.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "conf.h"

static int __attribute__((format(printf, 3, 4)))
check_fail(struct conf *c, const struct loc *l, const char *fmt, ...)
{
	int n = snprintf(c->err, sizeof(c->err), "%s:%d:%d: ", l->file, l->line,
			 l->col);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err + n, sizeof(c->err) - n, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * The minor of /dev/haloN when no `minor N` was given; /dev/drbdN too, so
 * that a drbd.conf carries over unchanged.
 */
static int infer_minor(const char *dev)
{
	static const char *const prefixes[] = { "/dev/halo", "/dev/drbd" };
	const char *d;
	char *end;
	size_t i;
	long m;

	for (i = 0; i < 2; i++) {
		if (strncmp(dev, prefixes[i], strlen(prefixes[i])))
			continue;
		d = dev + strlen(prefixes[i]);
		if (*d < '0' || *d > '9')
			return -1;
		m = strtol(d, &end, 10);
		return (*end || m >= (1 << 20)) ? -1 : (int)m;
	}
	return -1;
}

/* Fill what the host's volume leaves open from the resource-level one. */
static void inherit_vol(struct volume *hv, const struct volume *rv)
{
	if (!hv->device && hv->minor < 0) {
		hv->device = rv->device;
		hv->minor = rv->minor;
	}
	if (!hv->disk)
		hv->disk = rv->disk;
	if (hv->meta == META_NONE) {
		hv->meta = rv->meta;
		hv->meta_dev = rv->meta_dev;
		hv->meta_idx = rv->meta_idx;
	}
	if (!hv->disk_opts.head)
		hv->disk_opts = rv->disk_opts;
}

static void sort_vols(struct volume **list)
{
	struct volume *sorted = NULL, *v, **pos;

	while ((v = *list)) {
		*list = v->next;
		for (pos = &sorted; *pos && (*pos)->vnr < v->vnr;
		     pos = &(*pos)->next)
			;
		v->next = *pos;
		*pos = v;
	}
	*list = sorted;
}

static bool has_implicit(const struct volume *v, bool implicit)
{
	for (; v; v = v->next)
		if (v->implicit == implicit)
			return true;
	return false;
}

static int check_vol(struct conf *c, const struct resource *r,
		     const struct host *h, struct volume *v)
{
	char what[64] = "";

	if (!v->implicit)
		snprintf(what, sizeof(what), ", volume %d", v->vnr);
	if (!v->device && v->minor < 0)
		return check_fail(
			c, &h->loc,
			"in resource %s, on %s%s: 'device' is missing", r->name,
			h->name, what);
	if (v->minor < 0) {
		v->minor = infer_minor(v->device);
		if (v->minor < 0)
			return check_fail(
				c, &h->loc,
				"in resource %s, on %s%s: cannot tell the minor of '%s': write 'device /dev/haloN' or 'device %s minor N'",
				r->name, h->name, what, v->device, v->device);
	}
	if (!v->disk)
		return check_fail(c, &h->loc,
				  "in resource %s, on %s%s: 'disk' is missing",
				  r->name, h->name, what);
	if (v->meta == META_NONE && strcmp(v->disk, "none"))
		return check_fail(
			c, &h->loc,
			"in resource %s, on %s%s: 'meta-disk' is missing",
			r->name, h->name, what);
	return 0;
}

static int check_host(struct conf *c, struct resource *r, struct host *h)
{
	const struct volume *rv;
	struct volume *v, **tail;

	if (has_implicit(h->vols, true) &&
	    (has_implicit(h->vols, false) || has_implicit(r->vols, false)))
		return check_fail(
			c, &h->loc,
			"in resource %s, on %s: device/disk/meta-disk outside a 'volume' section mixed with 'volume' sections",
			r->name, h->name);
	for (rv = r->vols; rv; rv = rv->next) {
		for (v = h->vols; v && v->vnr != rv->vnr; v = v->next)
			;
		if (!v) {
			for (tail = &h->vols; *tail; tail = &(*tail)->next)
				;
			v = conf_alloc(c, sizeof(*v));
			*v = *rv;
			v->next = NULL;
			*tail = v;
		}
		inherit_vol(v, rv);
	}
	sort_vols(&h->vols);
	if (!h->vols)
		return check_fail(c, &h->loc,
				  "in resource %s, on %s: 'device' is missing",
				  r->name, h->name);
	for (v = h->vols; v; v = v->next) {
		const struct volume *v2;

		if (check_vol(c, r, h, v))
			return -1;
		for (v2 = h->vols; v2 != v; v2 = v2->next)
			if (v2->minor == v->minor)
				return check_fail(
					c, &v->loc,
					"in resource %s, on %s: minor %d is used by volumes %d and %d",
					r->name, h->name, v->minor, v2->vnr,
					v->vnr);
	}
	if (!h->addr.af)
		return check_fail(c, &h->loc,
				  "in resource %s, on %s: 'address' is missing",
				  r->name, h->name);
	return 0;
}

/* No minor twice on one host, no IP:port twice anywhere. */
static int check_unique(struct conf *c, const struct resource *r,
			const struct host *h)
{
	const struct resource *r2;
	const struct host *h2;
	const struct volume *v, *v2;

	for (r2 = c->res; r2; r2 = r2->next) {
		for (h2 = r2->hosts; h2; h2 = h2->next) {
			if (h2 == h)
				return 0; /* compare each pair once */
			if (h2->addr.port == h->addr.port &&
			    !strcmp(h2->addr.ip, h->addr.ip))
				return check_fail(
					c, &h->addr.loc,
					"address %s:%u is already used by resource %s, on %s (line %d)",
					h->addr.ip, h->addr.port, r2->name,
					h2->name, h2->addr.loc.line);
			if (strcmp(h2->name, h->name))
				continue;
			for (v = h->vols; v; v = v->next)
				for (v2 = h2->vols; v2; v2 = v2->next)
					if (v->minor == v2->minor)
						return check_fail(
							c, &v->loc,
							"in resource %s, on %s: minor %d is already used by resource %s",
							r->name, h->name,
							v->minor, r2->name);
		}
	}
	return 0;
}

/* Options that name other parts of the configuration. */
static int check_refs(struct conf *c, const struct resource *r)
{
	const struct opt *o;

	o = conf_effective(c, r, SECT_DISK, "resync-after");
	if (o && (!conf_find_res(c, o->value) || !strcmp(o->value, r->name)))
		return check_fail(
			c, &o->loc,
			"in resource %s: resync-after names '%s', which is not another resource",
			r->name, o->value);
	o = conf_effective(c, r, SECT_STARTUP, "become-primary-on");
	if (o && strcmp(o->value, "both") && !conf_find_host(r, o->value))
		return check_fail(
			c, &o->loc,
			"in resource %s: become-primary-on names '%s', which is neither 'both' nor one of its 'on' hosts",
			r->name, o->value);
	return 0;
}

/**
 * conf_check() - complete and check a parsed configuration
 * @c: the configuration
 *
 * Return: 0, or -1 with c->err set.
 */
int conf_check(struct conf *c)
{
	struct resource *r;
	struct host *h;
	int n;

	for (r = c->res; r; r = r->next) {
		if (has_implicit(r->vols, true) && has_implicit(r->vols, false))
			return check_fail(
				c, &r->loc,
				"in resource %s: device/disk/meta-disk outside a 'volume' section mixed with 'volume' sections",
				r->name);
		n = 0;
		for (h = r->hosts; h; h = h->next, n++)
			if (check_host(c, r, h))
				return -1;
		if (n != 2)
			return check_fail(
				c, &r->loc,
				"in resource %s: expected two 'on HOST' sections, found %d",
				r->name, n);
	}
	for (r = c->res; r; r = r->next) {
		if (check_refs(c, r))
			return -1;
		for (h = r->hosts; h; h = h->next)
			if (check_unique(c, r, h))
				return -1;
	}
	return 0;
}

/**
 * conf_hostname() - the name this node looks for in `on HOST` sections
 *
 * Return: $HALO_HOSTNAME if set and not empty, else the uname node name.
 */
const char *conf_hostname(void)
{
	static struct utsname u;
	const char *env = getenv("HALO_HOSTNAME");

	if (env && *env)
		return env;
	if (uname(&u) < 0)
		return "";
	return u.nodename;
}
