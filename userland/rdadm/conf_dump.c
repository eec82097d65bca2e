// SPDX-License-Identifier: GPL-2.0
/*
 * `dump`: the configuration printed back in halo.conf syntax, in a stable
 * normalised form that parses back to the same configuration. The layout
 * follows drbdadm's dump: resource-level device/disk/meta-disk expanded into
 * every `on` section, the 8.3 syncer section and a bare `protocol` moved to
 * their 8.4 places, option sections in the order options, net, disk, startup,
 * handlers, each option as "%-16s %3s;".
 */
#include <stdio.h>
#include <string.h>

#include "conf.h"

static void put_value(FILE *f, const char *v, int width)
{
	const char *s;
	bool quote = !*v;

	for (s = v; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f ||
		    strchr(";{}\"#\\", *s))
			quote = true;
	if (!quote) {
		fprintf(f, "%*s", width, v);
		return;
	}
	fputc('"', f);
	for (s = v; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void put_opt(FILE *f, int indent, const struct opt *o)
{
	fprintf(f, "%*s%-16s ", indent, "", o->d->name);
	put_value(f, o->value, 3);
	fputs(";\n", f);
}

/* One section; with @inherit also what it inherits and does not override. */
static void put_section(FILE *f, int indent, const char *name,
			const struct optlist *l, const struct optlist *inherit)
{
	const struct opt *o;

	if (!l->head && !(inherit && inherit->head))
		return;
	fprintf(f, "%*s%s {\n", indent, "", name);
	for (o = l->head; o; o = o->next)
		put_opt(f, indent + 4, o);
	for (o = inherit ? inherit->head : NULL; o; o = o->next)
		if (!conf_opt_get(l, o->d->name))
			put_opt(f, indent + 4, o);
	fprintf(f, "%*s}\n", indent, "");
}

static void put_sections(FILE *f, int indent, const struct optlist *sect,
			 const struct optlist *inherit)
{
	int s;

	for (s = 0; s < SECT_NR; s++)
		put_section(f, indent, conf_sect_names[s], &sect[s],
			    inherit ? &inherit[s] : NULL);
}

static void put_vol(FILE *f, int indent, const struct volume *v)
{
	int w = v->implicit ? 16 : 12;

	if (!v->implicit) {
		fprintf(f, "%*svolume %d {\n", indent, "", v->vnr);
		indent += 4;
	}
	fprintf(f, "%*s%-*s ", indent, "", w, "device");
	if (v->device) {
		put_value(f, v->device, 0);
		fputc(' ', f);
	}
	fprintf(f, "minor %d;\n", v->minor);
	fprintf(f, "%*s%-*s ", indent, "", w, "disk");
	put_value(f, v->disk, 0);
	fputs(";\n", f);
	if (v->meta != META_NONE) {
		fprintf(f, "%*s%-*s ", indent, "", w, "meta-disk");
		if (v->meta == META_INTERNAL)
			fputs("internal", f);
		else
			put_value(f, v->meta_dev, 0);
		if (v->meta == META_INDEXED)
			fprintf(f, " [%d]", v->meta_idx);
		fputs(";\n", f);
	}
	put_section(f, indent, "disk", &v->disk_opts, NULL);
	if (!v->implicit)
		fprintf(f, "%*s}\n", indent - 4, "");
}

static void put_host(FILE *f, const struct host *h)
{
	const struct volume *v;

	fprintf(f, "    on ");
	put_value(f, h->name, 0);
	fprintf(f, " {\n");
	for (v = h->vols; v; v = v->next)
		put_vol(f, 8, v);
	if (h->addr.af == AF_INET6)
		fprintf(f, "        %-16s ipv6 [%s]:%u;\n", "address",
			h->addr.ip, h->addr.port);
	else
		fprintf(f, "        %-16s ipv4 %s:%u;\n", "address", h->addr.ip,
			h->addr.port);
	fprintf(f, "    }\n");
}

/**
 * conf_dump_global() - print the global and common sections
 * @f: where to
 * @c: the configuration
 */
void conf_dump_global(FILE *f, const struct conf *c)
{
	const struct opt *o;
	int s;

	if (c->global.head) {
		fprintf(f, "global {\n");
		for (o = c->global.head; o; o = o->next) {
			fprintf(f, "    %s", o->d->name);
			if (o->value) {
				fputc(' ', f);
				put_value(f, o->value, 0);
			}
			fputs(";\n", f);
		}
		fprintf(f, "}\n\n");
	}
	for (s = 0; s < SECT_NR; s++)
		if (c->common[s].head)
			break;
	if (s == SECT_NR)
		return;
	fprintf(f, "common {\n");
	put_sections(f, 4, c->common, NULL);
	fprintf(f, "}\n\n");
}

/**
 * conf_dump_res() - print one resource
 * @f: where to
 * @c: the configuration
 * @r: the resource
 * @effective: include the settings @r inherits from common
 */
void conf_dump_res(FILE *f, const struct conf *c, const struct resource *r,
		   bool effective)
{
	const struct host *h;

	fprintf(f, "resource ");
	put_value(f, r->name, 0);
	fprintf(f, " {\n");
	for (h = r->hosts; h; h = h->next)
		put_host(f, h);
	put_sections(f, 4, r->sect, effective ? c->common : NULL);
	fprintf(f, "}\n\n");
}
