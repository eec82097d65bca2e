/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The halo.conf data model: what halo-rdadm knows after reading a
 * drbd.conf 8.4-style configuration file and everything it includes.
 *
 * Lifecycle: conf_load() scans and parses every file, then checks and
 * completes the model (common inheritance is kept separate, resource-level
 * device/disk/meta-disk are expanded into every host). Either it returns a
 * complete, consistent struct conf, or it returns NULL with an error that
 * names the file, line and column; no command runs on a half-read file.
 * Every allocation is owned by the struct conf and freed by conf_free().
 */
#ifndef HALO_RDADM_CONF_H
#define HALO_RDADM_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <netinet/in.h>

/* Exit codes shared with drbdadm: scripts depend on them. */
#define EXIT_CONF_ERROR 10 /* the configuration does not parse or check */
#define EXIT_NO_RESOURCE 1 /* unknown resource, or this host not in it */
#define EXIT_USAGE 2
#define EXIT_OPEN_ERROR 20 /* the configuration file cannot be opened */

#define CONF_DEFAULT_FILE "/etc/halo/halo.conf"

/* Where a token or statement came from, for error messages. */
struct loc {
	const char *file; /* owned by the conf's file list */
	int line, col;
};

/* Option sections; the index into resource/common section arrays. */
enum conf_sect {
	SECT_OPTIONS,
	SECT_NET,
	SECT_DISK,
	SECT_STARTUP,
	SECT_HANDLERS,
	SECT_NR,
	SECT_GLOBAL = SECT_NR, /* only for the option tables */
	SECT_SYNCER, /* the 8.3 form, mapped onto disk/net/options */
};

enum opt_type {
	OPT_NUM, /* integer, optional unit suffix if unit != 0 */
	OPT_BOOL, /* yes|no, or the bare keyword meaning yes */
	OPT_FLAG, /* bare keyword only (global section) */
	OPT_ENUM, /* one word of ->words */
	OPT_STR, /* any word or quoted string */
};

struct opt_desc {
	const char *name;
	enum opt_type type;
	long long min, max; /* OPT_NUM, in the default unit */
	unsigned int unit; /* bytes per default unit (0: plain count) */
	const char *const *words; /* OPT_ENUM, NULL terminated */
	enum conf_sect to; /* SECT_SYNCER entries: the section it moves to */
	const char *newname; /* SECT_SYNCER entries: its 8.4 name, or NULL */
};

struct opt {
	const struct opt_desc *d;
	char *value; /* normalised; NULL for OPT_FLAG */
	struct loc loc;
	struct opt *next;
};

struct optlist {
	struct opt *head;
};

enum meta_kind { META_NONE, META_INTERNAL, META_FLEX, META_INDEXED };

struct volume {
	int vnr;
	bool implicit; /* given without a `volume N` section */
	char *device; /* path, or NULL for the `minor N` form */
	int minor; /* -1 while unknown */
	char *disk; /* backing device, "none" for diskless */
	enum meta_kind meta;
	char *meta_dev; /* META_FLEX and META_INDEXED */
	int meta_idx; /* META_INDEXED */
	struct optlist disk_opts; /* a per-volume disk { } section */
	struct loc loc;
	struct volume *next;
};

struct address {
	int af; /* AF_INET or AF_INET6, 0 if not given */
	char ip[INET6_ADDRSTRLEN];
	unsigned int port;
	struct loc loc;
};

struct host {
	char *name;
	struct address addr;
	struct volume *vols; /* sorted by vnr after conf_load() */
	struct loc loc;
	struct host *next;
};

struct resource {
	char *name;
	struct optlist sect[SECT_NR];
	struct volume *vols; /* resource-level defaults for every host */
	struct host *hosts;
	struct loc loc;
	struct resource *next;
};

struct conf_file {
	char *path;
	struct conf_file *next;
};

struct conf {
	struct optlist global;
	bool have_common;
	struct optlist common[SECT_NR];
	struct resource *res;
	struct conf_file *files; /* every file read, for struct loc */
	void *allocs; /* every allocation, freed by conf_free() */
	char err[512]; /* "FILE:LINE:COL: message" after a failure */
};

/* conf_parse.c */
struct conf *conf_load(const char *path, char *err, size_t errlen,
		       int *status);
void conf_free(struct conf *c);
void *conf_alloc(struct conf *c, size_t size);
char *conf_strdup(struct conf *c, const char *s);
struct resource *conf_find_res(const struct conf *c, const char *name);
struct host *conf_find_host(const struct resource *r, const char *name);

/* conf_check.c */
int conf_check(struct conf *c);

/* conf_opts.c */
extern const char *const conf_sect_names[];
const struct opt_desc *conf_opt_find(enum conf_sect s, const char *name);
int conf_opt_value(const struct opt_desc *d, const char *in, char *out,
		   size_t outlen, char *why, size_t whylen);
const struct opt *conf_opt_get(const struct optlist *l, const char *name);
const struct opt *conf_effective(const struct conf *c, const struct resource *r,
				 enum conf_sect s, const char *name);

/* conf_dump.c */
#include <stdio.h>
void conf_dump_global(FILE *f, const struct conf *c);
void conf_dump_res(FILE *f, const struct conf *c, const struct resource *r,
		   bool effective);

/* The host name that selects `on HOST` sections: $HALO_HOSTNAME or uname. */
const char *conf_hostname(void);

#endif
