// SPDX-License-Identifier: GPL-2.0
/*
 * The halo.conf parser: a recursive-descent reader of the drbd.conf 8.4
 * grammar (see halo.conf(5)). The first error stops everything: it is
 * recorded as "FILE:LINE:COL: message" and conf_load() returns NULL, so no
 * command ever sees a half-read configuration.
 */
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "conf_scan.h"

#define MAX_INCLUDE_DEPTH 8
#define MAX_FILE_SIZE (16 << 20)

struct parser {
	struct conf *c;
	struct scanner *sc[MAX_INCLUDE_DEPTH + 1];
	int depth; /* index of the current scanner */
	struct token tok; /* the lookahead token */
	int status; /* the exit code of a failure */
	jmp_buf fail;
};

struct alloc {
	struct alloc *next;
	max_align_t data[];
};

/**
 * conf_alloc() - zeroed memory owned by a configuration
 * @c: the configuration
 * @size: bytes
 *
 * Return: the memory; exits the program if there is none.
 */
void *conf_alloc(struct conf *c, size_t size)
{
	struct alloc *a = calloc(1, sizeof(*a) + size);

	if (!a) {
		fprintf(stderr, "out of memory\n");
		exit(EXIT_CONF_ERROR);
	}
	a->next = c->allocs;
	c->allocs = a;
	return a->data;
}

/**
 * conf_strdup() - a string copy owned by a configuration
 * @c: the configuration
 * @s: the string
 *
 * Return: the copy.
 */
char *conf_strdup(struct conf *c, const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(conf_alloc(c, n), s, n);
}

/**
 * conf_free() - free a configuration and everything it owns
 * @c: the configuration, or NULL
 */
void conf_free(struct conf *c)
{
	struct alloc *a, *next;

	if (!c)
		return;
	for (a = c->allocs; a; a = next) {
		next = a->next;
		free(a);
	}
	free(c);
}

static void __attribute__((noreturn, format(printf, 3, 4)))
fail_at(struct parser *p, const struct loc *l, const char *fmt, ...)
{
	int n = snprintf(p->c->err, sizeof(p->c->err), "%s:%d:%d: ", l->file,
			 l->line, l->col);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->c->err + n, sizeof(p->c->err) - n, fmt, ap);
	va_end(ap);
	longjmp(p->fail, 1);
}

static void next(struct parser *p)
{
	struct scanner *s = p->sc[p->depth];

	scan_next(s, &p->tok);
	if (p->tok.type == TOK_ERROR)
		fail_at(p, &p->tok.loc, "%s", s->err);
}

static void __attribute__((noreturn))
expected(struct parser *p, const char *what)
{
	char got[80];

	fail_at(p, &p->tok.loc, "expected %s, got %s", what,
		tok_describe(&p->tok, got, sizeof(got)));
}

static void expect(struct parser *p, enum tok_type type, const char *what)
{
	if (p->tok.type != type)
		expected(p, what);
	next(p);
}

/* The current token as a word or string value; consumes it. */
static char *value(struct parser *p, const char *what, struct loc *where)
{
	char *v;

	if (p->tok.type != TOK_WORD && p->tok.type != TOK_STRING)
		expected(p, what);
	v = conf_strdup(p->c, p->tok.text);
	if (where)
		*where = p->tok.loc;
	next(p);
	return v;
}

static bool is_word(const struct parser *p, const char *w)
{
	return p->tok.type == TOK_WORD && !strcmp(p->tok.text, w);
}

static int parse_int(const char *s, long min, long max, long *out)
{
	char *end;

	errno = 0;
	if (s[0] < '0' || s[0] > '9')
		return -1;
	*out = strtol(s, &end, 10);
	return (errno || *end || *out < min || *out > max) ? -1 : 0;
}

static void add_opt(struct parser *p, struct optlist *l,
		    const struct opt_desc *d, const char *val,
		    const struct loc *kw, const struct loc *at)
{
	struct opt *o, **tail;
	char out[256], why[300];

	for (tail = &l->head; *tail; tail = &(*tail)->next)
		if ((*tail)->d == d)
			fail_at(p, kw, "'%s' is set twice (first at line %d)",
				d->name, (*tail)->loc.line);
	if (conf_opt_value(d, val, out, sizeof(out), why, sizeof(why)))
		fail_at(p, at, "%s", why);
	o = conf_alloc(p->c, sizeof(*o));
	o->d = d;
	o->value = d->type == OPT_FLAG ? NULL : conf_strdup(p->c, out);
	o->loc = *at;
	*tail = o;
}

/*
 * The body of an option section: "keyword [value];" until '}'. The syncer
 * section of 8.3 has its keywords moved to their 8.4 sections in @dst.
 */
static void parse_opts(struct parser *p, enum conf_sect s, struct optlist *dst)
{
	expect(p, TOK_LBRACE, "'{'");
	while (p->tok.type != TOK_RBRACE) {
		const struct opt_desc *d;
		struct optlist *l = &dst[s == SECT_GLOBAL ? 0 : s];
		struct loc at = p->tok.loc, vat;
		char *val = NULL;

		if (p->tok.type != TOK_WORD)
			expected(p, "an option keyword or '}'");
		d = conf_opt_find(s, p->tok.text);
		if (!d)
			fail_at(p, &at,
				"unknown keyword '%.60s' in a %s section",
				p->tok.text, conf_sect_names[s]);
		if (s == SECT_SYNCER) {
			l = &dst[d->to];
			d = conf_opt_find(d->to,
					  d->newname ? d->newname : d->name);
		}
		next(p);
		if (p->tok.type != TOK_SEMI)
			val = value(p, "a value or ';'", &vat);
		expect(p, TOK_SEMI, "';'");
		add_opt(p, l, d, val, &at, val ? &vat : &at);
	}
	next(p);
}

/* Option sections allowed in common and resource; return false if none. */
static bool parse_section(struct parser *p, struct optlist *sect)
{
	static const enum conf_sect kinds[] = { SECT_OPTIONS,  SECT_NET,
						SECT_DISK,     SECT_STARTUP,
						SECT_HANDLERS, SECT_SYNCER };
	size_t i;

	if (is_word(p, "protocol")) {
		struct loc kw = p->tok.loc, at;
		char *v;

		next(p);
		v = value(p, "A, B or C", &at);
		expect(p, TOK_SEMI, "';'");
		add_opt(p, &sect[SECT_NET], conf_opt_find(SECT_NET, "protocol"),
			v, &kw, &at);
		return true;
	}
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (is_word(p, conf_sect_names[kinds[i]])) {
			next(p);
			parse_opts(p, kinds[i], sect);
			return true;
		}
	}
	return false;
}

static struct volume *get_vol(struct parser *p, struct volume **list, int vnr,
			      bool implicit, const struct loc *at)
{
	struct volume *v, **tail;

	for (tail = list; *tail; tail = &(*tail)->next) {
		if ((*tail)->vnr != vnr)
			continue;
		if (!implicit || !(*tail)->implicit)
			fail_at(p, at,
				"volume %d is defined twice in this section",
				vnr);
		return *tail;
	}
	v = conf_alloc(p->c, sizeof(*v));
	v->vnr = vnr;
	v->implicit = implicit;
	v->minor = -1;
	v->loc = *at;
	*tail = v;
	return v;
}

static void parse_device(struct parser *p, struct volume *v,
			 const struct loc *at)
{
	struct loc vat;
	long m;

	if (v->device || v->minor >= 0)
		fail_at(p, at, "'device' is given twice for volume %d", v->vnr);
	if (!is_word(p, "minor")) {
		v->device = value(p, "a device path or 'minor'", &vat);
		if (v->device[0] != '/')
			fail_at(p, &vat,
				"expected a device path starting with '/', got '%.60s'",
				v->device);
	}
	if (is_word(p, "minor")) {
		next(p);
		if (p->tok.type != TOK_WORD ||
		    parse_int(p->tok.text, 0, (1 << 20) - 1, &m))
			expected(p, "a minor number (0..1048575)");
		v->minor = (int)m;
		next(p);
	}
	expect(p, TOK_SEMI, "';'");
}

static void parse_meta(struct parser *p, struct volume *v, bool flexible,
		       const struct loc *at)
{
	struct loc vat;
	char *dev, *br;
	long idx = -1;

	if (v->meta != META_NONE)
		fail_at(p, at, "'meta-disk' is given twice for volume %d",
			v->vnr);
	dev = value(p, "'internal' or a device", &vat);
	br = strchr(dev, '[');
	if (br) {
		*br++ = '\0';
	} else if (p->tok.type == TOK_WORD && p->tok.text[0] == '[') {
		br = conf_strdup(p->c, p->tok.text + 1);
		next(p);
	}
	if (br) {
		size_t n = strlen(br);
		bool ok = !flexible && n && br[n - 1] == ']';

		if (ok)
			br[n - 1] = '\0';
		if (!ok || parse_int(br, 0, 255, &idx))
			fail_at(p, &vat,
				"expected a meta-disk index as DEVICE[0..255]");
	}
	expect(p, TOK_SEMI, "';'");
	if (!strcmp(dev, "internal")) {
		if (idx >= 0)
			fail_at(p, &vat, "'internal' meta-disk takes no index");
		v->meta = META_INTERNAL;
		return;
	}
	if (dev[0] != '/')
		fail_at(p, &vat,
			"expected 'internal' or a device path for meta-disk, got '%.60s'",
			dev);
	v->meta = idx >= 0 ? META_INDEXED : META_FLEX;
	v->meta_dev = dev;
	v->meta_idx = (int)idx;
}

/* What parse_vol_stmt() found. */
enum vol_stmt { VS_OTHER, VS_DONE, VS_DISK_SECTION };

/*
 * device/disk/meta-disk statements. VS_DISK_SECTION: "disk" was consumed and
 * a '{' follows, a disk option section for the caller; VS_OTHER: nothing
 * consumed.
 */
static enum vol_stmt parse_vol_stmt(struct parser *p, struct volume **list,
				    struct volume *explicit)
{
	struct loc at = p->tok.loc;
	struct volume *v = explicit;
	int kind;

	if (is_word(p, "device"))
		kind = 0;
	else if (is_word(p, "disk"))
		kind = 1;
	else if (is_word(p, "meta-disk"))
		kind = 2;
	else if (is_word(p, "flexible-meta-disk"))
		kind = 3;
	else
		return VS_OTHER;
	next(p);
	if (kind == 1 && p->tok.type == TOK_LBRACE)
		return VS_DISK_SECTION;
	if (!v)
		v = get_vol(p, list, 0, true, &at);
	if (kind == 0) {
		parse_device(p, v, &at);
	} else if (kind == 1) {
		struct loc vat;

		if (v->disk)
			fail_at(p, &at, "'disk' is given twice for volume %d",
				v->vnr);
		v->disk = value(p, "a disk device or 'none'", &vat);
		if (v->disk[0] != '/' && strcmp(v->disk, "none"))
			fail_at(p, &vat,
				"expected a disk device path or 'none', got '%.60s'",
				v->disk);
		expect(p, TOK_SEMI, "';'");
	} else {
		parse_meta(p, v, kind == 3, &at);
	}
	return VS_DONE;
}

static void parse_volume(struct parser *p, struct volume **list)
{
	struct loc at = p->tok.loc;
	struct volume *v;
	long vnr;

	next(p);
	if (p->tok.type != TOK_WORD || parse_int(p->tok.text, 0, 65535, &vnr))
		expected(p, "a volume number (0..65535)");
	next(p);
	v = get_vol(p, list, (int)vnr, false, &at);
	expect(p, TOK_LBRACE, "'{'");
	while (p->tok.type != TOK_RBRACE) {
		enum vol_stmt vs = parse_vol_stmt(p, list, v);

		if (vs == VS_DONE)
			continue;
		if (vs == VS_DISK_SECTION) {
			struct optlist tmp[SECT_NR] = { { NULL } };

			if (v->disk_opts.head)
				fail_at(p, &p->tok.loc,
					"a second 'disk' section in volume %d",
					v->vnr);
			parse_opts(p, SECT_DISK, tmp);
			v->disk_opts = tmp[SECT_DISK];
			continue;
		}
		expected(p, "device, disk, meta-disk, 'disk {' or '}'");
	}
	next(p);
}

/* [ipv4|ipv6] ADDRESS:PORT; the IPv6 form is ipv6 [ADDRESS]:PORT. */
static void parse_address(struct parser *p, struct address *a)
{
	char buf[INET6_ADDRSTRLEN + 16], *ip, *colon, *end;
	unsigned char bin[sizeof(struct in6_addr)];
	struct loc at;
	char *w;
	long port;

	a->af = AF_INET;
	if (is_word(p, "ipv4") || is_word(p, "ipv6")) {
		a->af = is_word(p, "ipv6") ? AF_INET6 : AF_INET;
		next(p);
	} else if (is_word(p, "ssocks") || is_word(p, "sdp") ||
		   is_word(p, "af_inet")) {
		fail_at(p, &p->tok.loc,
			"address family '%s' is not supported: use ipv4 or ipv6",
			p->tok.text);
	}
	w = value(p, "an address as IP:PORT", &at);
	if (strlen(w) >= sizeof(buf))
		fail_at(p, &at, "bad address '%.60s': too long", w);
	strcpy(buf, w);
	ip = buf;
	if (buf[0] == '[') {
		if (a->af != AF_INET6)
			fail_at(p, &at,
				"bad address '%s': write an IPv6 address as 'ipv6 [ADDRESS]:PORT'",
				w);
		ip = buf + 1;
		end = strchr(ip, ']');
		if (!end || end[1] != ':')
			fail_at(p, &at,
				"bad address '%s': expected [ADDRESS]:PORT", w);
		*end = '\0';
		colon = end + 1;
	} else {
		if (a->af == AF_INET6)
			fail_at(p, &at,
				"bad address '%s': expected [ADDRESS]:PORT", w);
		colon = strrchr(buf, ':');
		if (!colon)
			fail_at(p, &at, "bad address '%s': expected IP:PORT",
				w);
		*colon = '\0';
	}
	if (inet_pton(a->af, ip, bin) != 1)
		fail_at(p, &at, "bad address '%s': '%s' is not an %s address",
			w, ip, a->af == AF_INET ? "IPv4" : "IPv6");
	if (parse_int(colon + 1, 1, 65535, &port))
		fail_at(p, &at,
			"bad address '%s': port '%s' is not a number in 1..65535",
			w, colon + 1);
	inet_ntop(a->af, bin, a->ip, sizeof(a->ip));
	a->port = (unsigned int)port;
	expect(p, TOK_SEMI, "';'");
}

static void parse_host(struct parser *p, struct resource *r)
{
	struct host *h, **tail;
	struct loc at = p->tok.loc;

	next(p);
	if (p->tok.type != TOK_WORD)
		expected(p, "a host name");
	for (tail = &r->hosts; *tail; tail = &(*tail)->next)
		if (!strcmp((*tail)->name, p->tok.text))
			fail_at(p, &p->tok.loc,
				"host '%.60s' appears twice in resource %s",
				p->tok.text, r->name);
	h = conf_alloc(p->c, sizeof(*h));
	h->name = value(p, "a host name", NULL);
	h->loc = at;
	*tail = h;
	expect(p, TOK_LBRACE, "'{'");
	while (p->tok.type != TOK_RBRACE) {
		enum vol_stmt vs = parse_vol_stmt(p, &h->vols, NULL);

		if (vs == VS_DONE)
			continue;
		if (vs == VS_DISK_SECTION)
			fail_at(p, &p->tok.loc,
				"a disk section inside 'on %s': put it in a volume or the resource",
				h->name);
		if (is_word(p, "volume")) {
			parse_volume(p, &h->vols);
		} else if (is_word(p, "address")) {
			if (h->addr.af)
				fail_at(p, &p->tok.loc,
					"'address' is given twice for host %s",
					h->name);
			h->addr.loc = p->tok.loc;
			next(p);
			parse_address(p, &h->addr);
		} else {
			expected(
				p,
				"device, disk, meta-disk, address, volume or '}'");
		}
	}
	next(p);
}

static void parse_resource(struct parser *p)
{
	struct resource *r, **tail;
	struct loc at = p->tok.loc;

	next(p);
	if (p->tok.type != TOK_WORD)
		expected(p, "a resource name");
	for (tail = &p->c->res; *tail; tail = &(*tail)->next)
		if (!strcmp((*tail)->name, p->tok.text))
			fail_at(p, &p->tok.loc,
				"resource '%.60s' is defined twice (first at %s:%d)",
				p->tok.text, (*tail)->loc.file,
				(*tail)->loc.line);
	r = conf_alloc(p->c, sizeof(*r));
	r->name = value(p, "a resource name", NULL);
	r->loc = at;
	*tail = r;
	expect(p, TOK_LBRACE, "'{'");
	while (p->tok.type != TOK_RBRACE) {
		enum vol_stmt vs = parse_vol_stmt(p, &r->vols, NULL);

		if (vs == VS_DONE)
			continue;
		if (vs == VS_DISK_SECTION) {
			parse_opts(p, SECT_DISK, r->sect);
		} else if (parse_section(p, r->sect)) {
			continue;
		} else if (is_word(p, "on")) {
			parse_host(p, r);
		} else if (is_word(p, "volume")) {
			parse_volume(p, &r->vols);
		} else {
			expected(
				p,
				"on, volume, device, disk, meta-disk, protocol, options, net, disk, startup, handlers, syncer or '}'");
		}
	}
	next(p);
}

static void parse_file(struct parser *p, const char *path,
		       const struct loc *from);

static void parse_include(struct parser *p)
{
	const char *cur = p->sc[p->depth]->file;
	char pat[PATH_MAX], *pattern, **paths;
	struct loc at;
	size_t i, n;
	glob_t g;
	int rc;

	next(p);
	pattern = value(p, "a file name or pattern", &at);
	expect(p, TOK_SEMI, "';'");
	if (pattern[0] == '/' || !strchr(cur, '/'))
		snprintf(pat, sizeof(pat), "%s", pattern);
	else
		snprintf(pat, sizeof(pat), "%.*s/%s",
			 (int)(strrchr(cur, '/') - cur), cur, pattern);
	rc = glob(pat, 0, NULL, &g);
	if (rc == GLOB_NOMATCH && strpbrk(pattern, "*?["))
		return; /* an empty directory of resources is fine */
	if (rc) {
		globfree(&g);
		fail_at(p, &at, "cannot open include file '%.200s': %s", pat,
			rc == GLOB_NOMATCH ? "No such file or directory" :
					     "read error");
	}
	/* names live as long as the conf (struct loc); g must not leak on errors */
	n = g.gl_pathc;
	paths = conf_alloc(p->c, n * sizeof(*paths));
	for (i = 0; i < n; i++)
		paths[i] = conf_strdup(p->c, g.gl_pathv[i]);
	globfree(&g);
	for (i = 0; i < n; i++)
		parse_file(p, paths[i], &at);
}

static void parse_top(struct parser *p)
{
	while (p->tok.type != TOK_EOF) {
		if (is_word(p, "global")) {
			if (p->c->global.head)
				fail_at(p, &p->tok.loc,
					"a second 'global' section");
			next(p);
			parse_opts(p, SECT_GLOBAL, &p->c->global);
		} else if (is_word(p, "common")) {
			if (p->c->have_common)
				fail_at(p, &p->tok.loc,
					"a second 'common' section");
			p->c->have_common = true;
			next(p);
			expect(p, TOK_LBRACE, "'{'");
			while (p->tok.type != TOK_RBRACE)
				if (!parse_section(p, p->c->common))
					expected(
						p,
						"options, net, disk, startup, handlers, syncer, protocol or '}'");
			next(p);
		} else if (is_word(p, "resource")) {
			parse_resource(p);
		} else if (is_word(p, "include")) {
			parse_include(p);
		} else {
			expected(p, "global, common, resource or include");
		}
	}
}

static char *read_file(struct parser *p, const char *path, size_t *len,
		       const struct loc *from)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL, *tmp;
	size_t n = 0, cap = 0;

	if (!f) {
		if (from)
			fail_at(p, from,
				"cannot open include file '%.200s': %s", path,
				strerror(errno));
		snprintf(p->c->err, sizeof(p->c->err),
			 "cannot open '%.200s': %s", path, strerror(errno));
		p->status = EXIT_OPEN_ERROR;
		longjmp(p->fail, 1);
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			tmp = cap <= MAX_FILE_SIZE ? realloc(buf, cap) : NULL;
			if (!tmp) {
				free(buf);
				fclose(f);
				snprintf(p->c->err, sizeof(p->c->err),
					 "%.200s: file too large", path);
				longjmp(p->fail, 1);
			}
			buf = tmp;
		}
		n += fread(buf + n, 1, cap - n, f);
	} while (n == cap);
	fclose(f);
	*len = n;
	tmp = memcpy(conf_alloc(p->c, n + 1), buf, n);
	free(buf);
	return tmp;
}

static void parse_file(struct parser *p, const char *path,
		       const struct loc *from)
{
	struct conf_file *cf;
	struct scanner *s;
	struct token saved = p->tok;
	size_t len;
	char *buf;

	if (p->depth + 1 > MAX_INCLUDE_DEPTH)
		fail_at(p, from,
			"includes nested more than %d deep (an include loop?)",
			MAX_INCLUDE_DEPTH);
	buf = read_file(p, path, &len, from);
	cf = conf_alloc(p->c, sizeof(*cf));
	cf->path = conf_strdup(p->c, path);
	cf->next = p->c->files;
	p->c->files = cf;
	s = conf_alloc(p->c, sizeof(*s));
	scan_init(s, cf->path, buf, len);
	p->sc[++p->depth] = s;
	next(p);
	parse_top(p);
	scan_fini(s);
	p->sc[p->depth--] = NULL;
	p->tok = saved; /* its text belongs to the outer scanner: unchanged */
}

static int run_parser(struct parser *p, const char *path)
{
	int i;

	if (setjmp(p->fail)) {
		for (i = 0; i <= p->depth; i++)
			scan_fini(p->sc[i]);
		return -1;
	}
	parse_file(p, path, NULL);
	return 0;
}

/**
 * conf_load() - read, parse and check a configuration file
 * @path: the file; its includes are relative to its directory
 * @err: the error message on failure
 * @errlen: size of @err
 * @status: on failure, the exit code: EXIT_OPEN_ERROR when @path cannot be
 *	    opened, EXIT_CONF_ERROR for everything else (as drbdadm)
 *
 * Return: the configuration, or NULL with @err and @status set.
 */
struct conf *conf_load(const char *path, char *err, size_t errlen, int *status)
{
	struct parser *p = calloc(1, sizeof(*p));
	struct conf *c = calloc(1, sizeof(*c));

	*status = EXIT_CONF_ERROR;
	if (!p || !c) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	p->c = c;
	p->depth = -1;
	p->status = EXIT_CONF_ERROR;
	if (run_parser(p, path) || conf_check(c)) {
		snprintf(err, errlen, "%s", c->err);
		*status = p->status;
		goto fail;
	}
	free(p);
	return c;
fail:
	free(p);
	conf_free(c);
	return NULL;
}

/**
 * conf_find_res() - a resource by name
 * @c: the configuration
 * @name: the resource name
 *
 * Return: the resource or NULL.
 */
struct resource *conf_find_res(const struct conf *c, const char *name)
{
	struct resource *r;

	for (r = c->res; r; r = r->next)
		if (!strcmp(r->name, name))
			return r;
	return NULL;
}

/**
 * conf_find_host() - a resource's `on` section by host name
 * @r: the resource
 * @name: the host name
 *
 * Return: the host or NULL.
 */
struct host *conf_find_host(const struct resource *r, const char *name)
{
	struct host *h;

	for (h = r->hosts; h; h = h->next)
		if (!strcmp(h->name, name))
			return h;
	return NULL;
}
