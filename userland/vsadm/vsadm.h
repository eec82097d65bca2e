/* SPDX-License-Identifier: GPL-2.0 */
/*
 * halo-vsadm: the objects the command line talks about (services, real
 * servers, statistics, connections) in host terms, shared by the parser,
 * the printers and kernel.c, which alone converts them to HALO_VS messages.
 */
#ifndef HALO_VSADM_H
#define HALO_VSADM_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/halo_vs.h>

/* ipvsadm's exit codes: 2 for bad input, 255 for refusals, 1 for -L. */
#define VS_EXIT_PARSE 2
#define VS_EXIT_KERNEL 255

#define VS_PERSIST_DEFAULT 360 /* -p without a value */
#define VS_TIMEOUT_MAX (31 * 86400) /* -p and --set upper bound */
#define VS_DEFAULT_SCHED "wlc"

union vs_addr {
	struct in_addr in;
	struct in6_addr in6;
	uint8_t b[16];
};

struct vs_stats {
	uint64_t conns, inpkts, outpkts, inbytes, outbytes;
	uint64_t cps, inpps, outpps, inbps, outbps;
};

struct vs_service {
	uint16_t af;
	uint16_t protocol; /* 0 for a fwmark service */
	union vs_addr addr;
	uint16_t port; /* host order */
	uint32_t fwmark;
	char sched[HALO_VS_SCHED_NAME_MAX];
	uint32_t flags; /* HALO_VS_SVC_F_* */
	uint32_t timeout;
	uint32_t netmask; /* IPv4: network order; IPv6: prefix length */
	struct vs_stats stats;
};

struct vs_dest {
	uint16_t af;
	union vs_addr addr;
	uint16_t port; /* host order */
	uint32_t fwd; /* HALO_VS_FWD_* */
	uint32_t weight;
	uint32_t u_thresh, l_thresh;
	uint32_t active, inactive, persist;
	int tun_type; /* -1: not given */
	struct vs_stats stats;
};

struct vs_timeouts {
	uint32_t tcp, tcp_fin, udp;
};

struct vs_conn {
	uint16_t af, daf, protocol;
	union vs_addr caddr, vaddr, daddr;
	uint16_t cport, vport, dport; /* host order */
	uint8_t state;
	uint32_t expires_ms;
	uint32_t flags;
	uint32_t fwmark;
};

struct vs_info {
	uint32_t version;
	uint32_t tab_size;
	uint32_t conn_count;
};

#endif
