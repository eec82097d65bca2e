// SPDX-License-Identifier: GPL-2.0
/*
 * Addresses on ipvsadm's command line: host[:port], [v6addr]:port, service
 * and host names; and the reverse, for listings and -S.
 */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "vsparse.h"

/* Decimal in [min, max], the whole string (leading blanks allowed). */
long vs_number(const char *s, long min, long max)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || end == s || errno == ERANGE || v < min || v > max)
		return -1;
	return v;
}

static const char *proto_name(uint16_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_SCTP:
		return "sctp";
	}
	return NULL;
}

static int parse_port(const char *s, uint16_t proto, uint16_t *port)
{
	const char *pn = proto_name(proto);
	struct servent *se;
	long v = vs_number(s, 0, 65535);

	if (v >= 0) {
		*port = v;
		return 0;
	}
	if (!pn || !*s)
		return -1;
	se = getservbyname(s, pn);
	if (!se)
		return -1;
	*port = ntohs(se->s_port);
	return 0;
}

static int parse_host4(const char *s, union vs_addr *a)
{
	struct addrinfo hints = { .ai_family = AF_INET };
	struct addrinfo *res;

	memset(a, 0, sizeof(*a));
	if (!*s)
		return -1;
	if (inet_pton(AF_INET, s, &a->in) == 1)
		return 0;
	if (getaddrinfo(s, NULL, &hints, &res))
		return -1;
	a->in = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
	freeaddrinfo(res);
	return 0;
}

int vs_parse_addrport(const char *arg, uint16_t proto, struct vs_addrport *out)
{
	char buf[256], *host = buf, *port = NULL, *p;

	memset(out, 0, sizeof(*out));
	if (strlen(arg) >= sizeof(buf))
		return -1;
	strcpy(buf, arg);
	if (buf[0] == '[') {
		p = strchr(buf, ']');
		if (!p || p[1] != ':')
			return -1;
		*p = '\0';
		host = buf + 1;
		port = p + 2;
		out->af = AF_INET6;
	} else {
		p = strchr(buf, ':');
		if (p && strchr(p + 1, ':')) {
			out->af = AF_INET6;
		} else {
			out->af = AF_INET;
			if (p) {
				*p = '\0';
				port = p + 1;
			}
		}
	}
	if (out->af == AF_INET6) {
		if (inet_pton(AF_INET6, host, &out->addr.in6) != 1) {
			/* ipvsadm takes "[a.b.c.d]:port" as a.b.c.d, no port */
			if (buf[0] != '[' || parse_host4(host, &out->addr) < 0)
				return -1;
			out->af = AF_INET;
			return 0;
		}
	} else if (parse_host4(host, &out->addr) < 0) {
		return -1;
	}
	if (port) {
		if (parse_port(port, proto, &out->port) < 0)
			return -1;
		out->has_port = true;
	}
	return 0;
}

void vs_fmt_host(char *buf, size_t len, uint16_t af, const union vs_addr *a,
		 bool numeric)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t sl;

	if (!numeric) {
		if (af == AF_INET6) {
			struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

			s6->sin6_family = AF_INET6;
			s6->sin6_addr = a->in6;
			sl = sizeof(*s6);
		} else {
			struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

			s4->sin_family = AF_INET;
			s4->sin_addr = a->in;
			sl = sizeof(*s4);
		}
		if (!getnameinfo((struct sockaddr *)&ss, sl, buf, len, NULL, 0,
				 NI_NAMEREQD))
			return;
	}
	inet_ntop(af == AF_INET6 ? AF_INET6 : AF_INET, a->b, buf, len);
}

void vs_fmt_port(char *buf, size_t len, uint16_t port, uint16_t proto,
		 bool numeric)
{
	const char *pn = proto_name(proto);
	struct servent *se;

	if (!numeric && pn) {
		se = getservbyport(htons(port), pn);
		if (se) {
			snprintf(buf, len, "%s", se->s_name);
			return;
		}
	}
	snprintf(buf, len, "%u", port);
}

void vs_fmt_addrport(char *buf, size_t len, uint16_t af, const union vs_addr *a,
		     uint16_t port, uint16_t proto, bool numeric)
{
	char host[NI_MAXHOST], serv[64];

	vs_fmt_host(host, sizeof(host), af, a, numeric);
	vs_fmt_port(serv, sizeof(serv), port, proto, numeric);
	if (af == AF_INET6)
		snprintf(buf, len, "[%s]:%s", host, serv);
	else
		snprintf(buf, len, "%s:%s", host, serv);
}
