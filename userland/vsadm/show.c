// SPDX-License-Identifier: GPL-2.0
/*
 * Listings in ipvsadm 1.31's layout, column for column: -L (plain, --stats,
 * --rate, --thresholds, --persistent-conn, --tun-info), -S rules and -c
 * connection entries, and ipvsadm's sort order.
 */
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netdb.h>

#include "vsparse.h"

/*
 * ipvsadm compares keys (marks, addresses word by word in host order) by
 * subtracting them and reading the difference as a signed int. So a mark
 * of 4294967295 sorts first, and 10.0.0.1 after 192.168.0.1 but before
 * 127.0.0.1: a circle, where the order printed depends on the kernel's order
 * and on qsort(), as it does for ipvsadm. halo compares the same way.
 */
static int diff32(uint32_t a, uint32_t b)
{
	return (int)(a - b);
}

static int cmp_addr(uint16_t af, const union vs_addr *a, const union vs_addr *b)
{
	int i, r = 0;
	uint32_t wa, wb;

	for (i = 0; i < (af == AF_INET6 ? 4 : 1) && !r; i++) {
		memcpy(&wa, a->b + 4 * i, 4);
		memcpy(&wb, b->b + 4 * i, 4);
		r = diff32(ntohl(wa), ntohl(wb));
	}
	return r;
}

static int cmp_services(const void *pa, const void *pb)
{
	const struct vs_service *a = pa, *b = pb;
	int r;

	r = diff32(a->fwmark, b->fwmark);
	if (!r)
		r = a->af - b->af;
	if (!r)
		r = a->protocol - b->protocol;
	if (!r)
		r = cmp_addr(a->af, &a->addr, &b->addr);
	if (!r)
		r = a->port - b->port;
	return r;
}

static int cmp_dests(const void *pa, const void *pb)
{
	const struct vs_dest *a = pa, *b = pb;
	int r;

	r = a->af - b->af;
	if (!r)
		r = cmp_addr(a->af, &a->addr, &b->addr);
	if (!r)
		r = a->port - b->port;
	return r;
}

void vs_sort_services(struct vs_service *s, size_t n)
{
	qsort(s, n, sizeof(*s), cmp_services);
}

void vs_sort_dests(struct vs_dest *d, size_t n)
{
	qsort(d, n, sizeof(*d), cmp_dests);
}

void vs_print_banner(const struct vs_info *info)
{
	printf("IP Virtual Server version %u.%u.%u (size=%u)\n",
	       info->version >> 16, (info->version >> 8) & 0xff,
	       info->version & 0xff, info->tab_size);
}

void vs_print_header(unsigned int fmt)
{
	const char *svc, *dest = "  -> RemoteAddress:Port";

	if (fmt & VS_FMT_STATS) {
		svc = "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes";
	} else if (fmt & VS_FMT_RATE) {
		svc = "Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS";
	} else if (fmt & VS_FMT_THRESH) {
		svc = "Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn ";
	} else if (fmt & VS_FMT_PCONN) {
		svc = "Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn ";
	} else {
		svc = "Prot LocalAddress:Port Scheduler Flags";
		dest = fmt & VS_FMT_TUNINFO ?
			       "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn" :
			       "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn";
	}
	printf("%s\n%s\n", svc, dest);
}

static const char *proto_label(uint16_t proto, bool rule)
{
	switch (proto) {
	case IPPROTO_TCP:
		return rule ? "-t" : "TCP";
	case IPPROTO_UDP:
		return rule ? "-u" : "UDP";
	case IPPROTO_SCTP:
		return rule ? "--sctp-service" : "SCTP";
	}
	return rule ? "-?" : "???";
}

/* "TCP  10.0.0.1:80", "FWM  7 IPv6", or in rule form "-t 10.0.0.1:80". */
static void service_name(char *buf, size_t len, const struct vs_service *s,
			 unsigned int fmt)
{
	bool rule = fmt & VS_FMT_RULE;
	char ap[NI_MAXHOST + 80];

	if (s->fwmark) {
		snprintf(buf, len, rule ? "-f %d%s" : "FWM  %d%s",
			 (int)s->fwmark,
			 s->af == AF_INET6 ? (rule ? " -6" : " IPv6") : "");
		return;
	}
	vs_fmt_addrport(ap, sizeof(ap), s->af, &s->addr, s->port, s->protocol,
			fmt & VS_FMT_NUMERIC);
	snprintf(buf, len, rule ? "%s %s" : "%s  %s",
		 proto_label(s->protocol, rule), ap);
}

const char *vs_sched_flags_str(const char *sched, uint32_t flags, char *buf,
			       size_t len)
{
	bool sh = !strcmp(sched, "sh"), mh = !strcmp(sched, "mh");
	const char *f1 = sh ? "sh-fallback" : mh ? "mh-fallback" : "flag-1";
	const char *f2 = sh ? "sh-port" : mh ? "mh-port" : "flag-2";
	size_t off = 0;

	buf[0] = '\0';
	if (flags & HALO_VS_SVC_F_SCHED1)
		off += snprintf(buf + off, len - off, "%s", f1);
	if ((flags & HALO_VS_SVC_F_SCHED2) && off < len)
		off += snprintf(buf + off, len - off, "%s%s", off ? "," : "",
				f2);
	if ((flags & HALO_VS_SVC_F_SCHED3) && off < len)
		snprintf(buf + off, len - off, "%s%s", off ? "," : "",
			 "flag-3");
	return buf;
}

/* One counter: right-aligned in 9 columns, K/M/G/T unless --exact. */
static void print_num(uint64_t v, unsigned int fmt)
{
	static const struct {
		uint64_t below, div;
		char unit;
	} steps[] = {
		{ 1000000000ULL, 1000ULL, 'K' },
		{ 100000000000ULL, 1000000ULL, 'M' },
		{ 100000000000000ULL, 1000000000ULL, 'G' },
		{ UINT64_MAX, 1000000000000ULL, 'T' },
	};
	size_t i;

	if (fmt & VS_FMT_EXACT) {
		int w = snprintf(NULL, 0, "%llu", (unsigned long long)v);

		printf("%*llu", w < 9 ? 9 : w + 1, (unsigned long long)v);
		return;
	}
	if (v < 100000000ULL) {
		printf("%9llu", (unsigned long long)v);
		return;
	}
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]) - 1; i++)
		if (v < steps[i].below)
			break;
	printf("%8llu%c", (unsigned long long)(v / steps[i].div),
	       steps[i].unit);
}

static void print_stats(const struct vs_stats *st, unsigned int fmt)
{
	if (fmt & VS_FMT_STATS) {
		print_num(st->conns, fmt);
		print_num(st->inpkts, fmt);
		print_num(st->outpkts, fmt);
		print_num(st->inbytes, fmt);
		print_num(st->outbytes, fmt);
	} else {
		print_num(st->cps, fmt);
		print_num(st->inpps, fmt);
		print_num(st->outpps, fmt);
		print_num(st->inbps, fmt);
		print_num(st->outbps, fmt);
	}
	putchar('\n');
}

void vs_print_service(const struct vs_service *s, unsigned int fmt)
{
	bool rule = fmt & VS_FMT_RULE;
	char name[NI_MAXHOST + 96], flags[64];
	struct in_addr mask = { .s_addr = s->netmask };

	service_name(name, sizeof(name), s, fmt);
	if (!rule && (fmt & (VS_FMT_STATS | VS_FMT_RATE))) {
		printf("%-33s", name);
		print_stats(&s->stats, fmt);
		return;
	}
	printf(rule ? "-A %s -s %s" : "%s %s", name, s->sched);
	if (s->flags & HALO_VS_SVC_F_PERSISTENT) {
		printf(rule ? " -p %u" : " persistent %u", s->timeout);
		if (s->af == AF_INET6 && s->netmask != 128)
			printf(rule ? " -M %u" : " mask %u", s->netmask);
		else if (s->af != AF_INET6 && s->netmask != 0xffffffff)
			printf(rule ? " -M %s" : " mask %s", inet_ntoa(mask));
	}
	if (s->flags & HALO_VS_SVC_F_ONEPACKET)
		printf(rule ? " -o" : " ops");
	vs_sched_flags_str(s->sched, s->flags, flags, sizeof(flags));
	if (flags[0])
		printf(rule ? " -b %s" : " (%s)", flags);
	putchar('\n');
}

static const char *fwd_name(uint32_t fwd, bool rule)
{
	switch (fwd) {
	case HALO_VS_FWD_MASQ:
		return rule ? "-m" : "Masq";
	case HALO_VS_FWD_LOCALNODE:
		return rule ? "-m" : "Local";
	case HALO_VS_FWD_TUNNEL:
		return rule ? "-i" : "Tunnel";
	case HALO_VS_FWD_DROUTE:
		return rule ? "-g" : "Route";
	}
	return rule ? "-g" : "Unknown";
}

static const char *tun_name(const struct vs_dest *d)
{
	if (d->fwd != HALO_VS_FWD_TUNNEL)
		return "n/a";
	return "ipip";
}

void vs_print_dest(const struct vs_service *s, const struct vs_dest *d,
		   unsigned int fmt)
{
	char ap[NI_MAXHOST + 80], svc[NI_MAXHOST + 96];

	vs_fmt_addrport(ap, sizeof(ap), d->af, &d->addr, d->port, s->protocol,
			fmt & VS_FMT_NUMERIC);
	if (fmt & VS_FMT_RULE) {
		service_name(svc, sizeof(svc), s, fmt);
		printf("-a %s -r %s %s -w %d", svc, ap, fwd_name(d->fwd, true),
		       (int)d->weight);
		if (d->fwd == HALO_VS_FWD_TUNNEL)
			printf(" --tun-type %s", tun_name(d));
		putchar('\n');
	} else if (fmt & (VS_FMT_STATS | VS_FMT_RATE)) {
		printf("  -> %-28s", ap);
		print_stats(&d->stats, fmt);
	} else if (fmt & VS_FMT_THRESH) {
		printf("  -> %-28s %-10u %-10u %-10u %-10u\n", ap, d->u_thresh,
		       d->l_thresh, d->active, d->inactive);
	} else if (fmt & VS_FMT_PCONN) {
		printf("  -> %-28s %-9u %-11u %-10u %-10u\n", ap, d->weight,
		       d->persist, d->active, d->inactive);
	} else if (fmt & VS_FMT_TUNINFO) {
		printf("  -> %-28s %-7s %-13s %-6d %-10u %-10u\n", ap,
		       fwd_name(d->fwd, false), tun_name(d), (int)d->weight,
		       d->active, d->inactive);
	} else {
		printf("  -> %-28s %-7s %-6d %-10u %-10u\n", ap,
		       fwd_name(d->fwd, false), (int)d->weight, d->active,
		       d->inactive);
	}
}

void vs_print_conn_header(void)
{
	printf("IPVS connection entries\n"
	       "pro expire state       source             virtual            destination\n");
}

static const char *const tcp_states[HALO_VS_TCP_S_LAST] = {
	"NONE",	 "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT", "TIME_WAIT",
	"CLOSE", "CLOSE_WAIT",	"LAST_ACK", "LISTEN",	"SYNACK",
};

/* The state names of /proc/net/ip_vs_conn, which ipvsadm -c shows. */
static const char *conn_state(const struct vs_conn *c)
{
	if (c->flags & HALO_VS_CONN_F_TEMPLATE)
		return c->state == HALO_VS_CTPL_S_NONE	  ? "NONE" :
		       c->state == HALO_VS_CTPL_S_ASSURED ? "ASSURED" :
							    "ERR!";
	if (c->protocol == IPPROTO_UDP)
		return c->state == HALO_VS_UDP_S_NORMAL ? "UDP" : "ERR!";
	if (c->protocol == IPPROTO_TCP)
		return c->state < HALO_VS_TCP_S_LAST ? tcp_states[c->state] :
						       "ERR!";
	return "NONE";
}

void vs_print_conn(const struct vs_conn *c, unsigned int fmt)
{
	char cl[NI_MAXHOST + 80], vi[NI_MAXHOST + 80], de[NI_MAXHOST + 80];
	bool num = fmt & VS_FMT_NUMERIC;
	unsigned int secs = c->expires_ms / 1000;
	char expire[24];
	const char *proto = c->protocol == IPPROTO_TCP ? "TCP" :
			    c->protocol == IPPROTO_UDP ? "UDP" :
							 "IP";

	vs_fmt_addrport(cl, sizeof(cl), c->af, &c->caddr, c->cport, c->protocol,
			num);
	vs_fmt_addrport(vi, sizeof(vi), c->af, &c->vaddr, c->vport, c->protocol,
			num);
	vs_fmt_addrport(de, sizeof(de), c->daf, &c->daddr, c->dport,
			c->protocol, num);
	snprintf(expire, sizeof(expire), "%02u:%02u", secs / 60, secs % 60);
	printf("%-3s %-6s %-11s %-18s %-18s %s\n", proto, expire,
	       conn_state(c), cl, vi, de);
}
