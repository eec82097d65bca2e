/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * halo_vs: a layer-4 virtual server (load balancer), generic netlink API.
 *
 * This header is the contract between the halo_vs module and its tools;
 * both include this one file.
 *
 * Family HALO_VS_GENL_NAME ("HALO_VS"), version HALO_VS_GENL_VERSION.
 * The family is per network namespace: every request acts on the virtual
 * servers of the namespace of the socket that sent it. Commands that change
 * state need CAP_NET_ADMIN in the user namespace that owns that network
 * namespace; the GET commands are open to every user.
 *
 * Errors: every refused request gets a precise errno and, where it helps,
 * an extack message naming the attribute. The errnos halo-vsadm maps to
 * ipvsadm's messages are: EEXIST (service or destination exists), ESRCH
 * (no such service), ENOENT (no such destination, or no such scheduler),
 * ERANGE (thresholds), EINVAL (malformed request).
 *
 * Commands (attributes in brackets are optional):
 *
 * HALO_VS_CMD_GET_INFO (doit)
 *   Reply: HALO_VS_A_VERSION, HALO_VS_A_CONN_TAB_SIZE, HALO_VS_A_CONN_COUNT
 *
 * HALO_VS_CMD_NEW_SERVICE, HALO_VS_CMD_SET_SERVICE (doit, admin)
 *   HALO_VS_A_SERVICE: nest
 *     HALO_VS_SVC_A_AF          u16 AF_INET or AF_INET6
 *     and either
 *       HALO_VS_SVC_A_PROTOCOL  u16 IPPROTO_TCP or IPPROTO_UDP
 *       HALO_VS_SVC_A_ADDR      binary, 4 or 16 bytes (network order)
 *       HALO_VS_SVC_A_PORT      u16, network byte order
 *     or
 *       HALO_VS_SVC_A_FWMARK    u32, > 0
 *     HALO_VS_SVC_A_SCHED_NAME  string, e.g. "wlc" (the module
 *                               halo_vs_NAME is loaded on demand)
 *     [HALO_VS_SVC_A_FLAGS]     u32, HALO_VS_SVC_F_*
 *     [HALO_VS_SVC_A_TIMEOUT]   u32, persistence timeout in seconds
 *     [HALO_VS_SVC_A_NETMASK]   u32, persistence mask: IPv4 netmask in
 *                               network order, IPv6 prefix length
 *   SET_SERVICE replaces every setting of the service named by the key
 *   (AF plus PROTOCOL/ADDR/PORT, or AF plus FWMARK), as ipvsadm -E does.
 *
 * HALO_VS_CMD_DEL_SERVICE (doit, admin)
 *   HALO_VS_A_SERVICE: nest with the key attributes. Real servers and
 *   connections of the service go with it.
 *
 * HALO_VS_CMD_GET_SERVICE (doit with a key, or dump of all services)
 *   Reply, one message per service: HALO_VS_A_SERVICE nest with the key,
 *   SCHED_NAME, FLAGS, TIMEOUT, NETMASK, HALO_VS_SVC_A_STATS (nest of
 *   HALO_VS_STATS_A_*), in the kernel's order.
 *
 * HALO_VS_CMD_NEW_DEST, HALO_VS_CMD_SET_DEST (doit, admin)
 *   HALO_VS_A_SERVICE: nest with the key attributes
 *   HALO_VS_A_DEST: nest
 *     HALO_VS_DEST_A_ADDR        binary, 4 or 16 bytes
 *     HALO_VS_DEST_A_PORT        u16, network byte order
 *     [HALO_VS_DEST_A_ADDR_FAMILY] u16, default: the service's
 *     [HALO_VS_DEST_A_FWD_METHOD] u32, HALO_VS_FWD_* (default DROUTE)
 *     [HALO_VS_DEST_A_WEIGHT]    u32, 0..INT_MAX (default 1)
 *     [HALO_VS_DEST_A_U_THRESH]  u32, upper connection threshold, 0 = none
 *     [HALO_VS_DEST_A_L_THRESH]  u32, lower connection threshold
 *     [HALO_VS_DEST_A_TUN_TYPE]  u8, HALO_VS_TUNNEL_* (with FWD_TUNNEL)
 *   SET_DEST replaces every setting of the destination.
 *
 * HALO_VS_CMD_DEL_DEST (doit, admin)
 *   HALO_VS_A_SERVICE (key) and HALO_VS_A_DEST (ADDR, PORT).
 *
 * HALO_VS_CMD_GET_DEST (dump)
 *   Request: HALO_VS_A_SERVICE (key). Reply, one message per destination:
 *   HALO_VS_A_DEST nest with every attribute above plus ACTIVE_CONNS,
 *   INACT_CONNS, PERSIST_CONNS and HALO_VS_DEST_A_STATS, in the kernel's
 *   order (most recently added first).
 *
 * HALO_VS_CMD_SET_CONFIG (doit, admin)
 *   [HALO_VS_A_TIMEOUT_TCP], [HALO_VS_A_TIMEOUT_TCP_FIN],
 *   [HALO_VS_A_TIMEOUT_UDP]: u32 seconds; 0 or absent leaves a value as is.
 *
 * HALO_VS_CMD_GET_CONFIG (doit)
 *   Reply: the three timeouts.
 *
 * HALO_VS_CMD_ZERO (doit, admin)
 *   [HALO_VS_A_SERVICE] (key): zero the statistics of that service and its
 *   destinations, or of everything when absent.
 *
 * HALO_VS_CMD_FLUSH (doit, admin)
 *   Delete every service of the namespace.
 *
 * HALO_VS_CMD_GET_CONN (dump)
 *   Reply, one message per connection entry: HALO_VS_A_CONN nest of
 *   HALO_VS_CONN_A_*. Persistence templates are included (flag
 *   HALO_VS_CONN_F_TEMPLATE).
 */
#ifndef _UAPI_LINUX_HALO_VS_H
#define _UAPI_LINUX_HALO_VS_H

#include <linux/types.h>

#define HALO_VS_GENL_NAME	"HALO_VS"
#define HALO_VS_GENL_VERSION	1

/* Module version as reported by HALO_VS_A_VERSION: 0xMMmmpp. */
#define HALO_VS_VERSION_CODE	0x000100

#define HALO_VS_SCHED_NAME_MAX	16

/**
 * enum halo_vs_cmd - generic netlink commands of the HALO_VS family
 * @HALO_VS_CMD_UNSPEC: unused
 * @HALO_VS_CMD_GET_INFO: module version and connection table figures
 * @HALO_VS_CMD_NEW_SERVICE: add a virtual service
 * @HALO_VS_CMD_SET_SERVICE: replace a virtual service's settings
 * @HALO_VS_CMD_DEL_SERVICE: delete a virtual service
 * @HALO_VS_CMD_GET_SERVICE: one service, or a dump of all
 * @HALO_VS_CMD_NEW_DEST: add a real server to a service
 * @HALO_VS_CMD_SET_DEST: replace a real server's settings
 * @HALO_VS_CMD_DEL_DEST: delete a real server
 * @HALO_VS_CMD_GET_DEST: dump the real servers of a service
 * @HALO_VS_CMD_SET_CONFIG: set the tcp, tcpfin and udp timeouts
 * @HALO_VS_CMD_GET_CONFIG: read the timeouts
 * @HALO_VS_CMD_ZERO: zero statistics of one or all services
 * @HALO_VS_CMD_FLUSH: delete all services
 * @HALO_VS_CMD_GET_CONN: dump the connection table
 * @__HALO_VS_CMD_LAST: internal: one past the last command
 */
enum halo_vs_cmd {
	HALO_VS_CMD_UNSPEC,
	HALO_VS_CMD_GET_INFO,
	HALO_VS_CMD_NEW_SERVICE,
	HALO_VS_CMD_SET_SERVICE,
	HALO_VS_CMD_DEL_SERVICE,
	HALO_VS_CMD_GET_SERVICE,
	HALO_VS_CMD_NEW_DEST,
	HALO_VS_CMD_SET_DEST,
	HALO_VS_CMD_DEL_DEST,
	HALO_VS_CMD_GET_DEST,
	HALO_VS_CMD_SET_CONFIG,
	HALO_VS_CMD_GET_CONFIG,
	HALO_VS_CMD_ZERO,
	HALO_VS_CMD_FLUSH,
	HALO_VS_CMD_GET_CONN,
	__HALO_VS_CMD_LAST
};

#define HALO_VS_CMD_MAX (__HALO_VS_CMD_LAST - 1)

/**
 * enum halo_vs_attr - top-level attributes of the HALO_VS family
 * @HALO_VS_A_UNSPEC: unused
 * @HALO_VS_A_VERSION: u32, module version (HALO_VS_VERSION_CODE)
 * @HALO_VS_A_CONN_TAB_SIZE: u32, current size of the connection hash table
 * @HALO_VS_A_CONN_COUNT: u32, connection entries in this namespace
 * @HALO_VS_A_SERVICE: nest of HALO_VS_SVC_A_*
 * @HALO_VS_A_DEST: nest of HALO_VS_DEST_A_*
 * @HALO_VS_A_TIMEOUT_TCP: u32, seconds, established TCP
 * @HALO_VS_A_TIMEOUT_TCP_FIN: u32, seconds, TCP after FIN
 * @HALO_VS_A_TIMEOUT_UDP: u32, seconds, UDP
 * @HALO_VS_A_CONN: nest of HALO_VS_CONN_A_*
 * @__HALO_VS_A_LAST: internal: one past the last attribute
 */
enum halo_vs_attr {
	HALO_VS_A_UNSPEC,
	HALO_VS_A_VERSION,
	HALO_VS_A_CONN_TAB_SIZE,
	HALO_VS_A_CONN_COUNT,
	HALO_VS_A_SERVICE,
	HALO_VS_A_DEST,
	HALO_VS_A_TIMEOUT_TCP,
	HALO_VS_A_TIMEOUT_TCP_FIN,
	HALO_VS_A_TIMEOUT_UDP,
	HALO_VS_A_CONN,
	__HALO_VS_A_LAST
};

#define HALO_VS_A_MAX (__HALO_VS_A_LAST - 1)

/**
 * enum halo_vs_svc_attr - attributes of a virtual service
 * @HALO_VS_SVC_A_UNSPEC: unused
 * @HALO_VS_SVC_A_AF: u16, address family
 * @HALO_VS_SVC_A_PROTOCOL: u16, IPPROTO_TCP or IPPROTO_UDP
 * @HALO_VS_SVC_A_ADDR: binary, 4 or 16 bytes, network order
 * @HALO_VS_SVC_A_PORT: u16, network byte order
 * @HALO_VS_SVC_A_FWMARK: u32, firewall mark (instead of protocol/addr/port)
 * @HALO_VS_SVC_A_SCHED_NAME: string, scheduler name
 * @HALO_VS_SVC_A_FLAGS: u32, HALO_VS_SVC_F_*
 * @HALO_VS_SVC_A_TIMEOUT: u32, persistence timeout, seconds
 * @HALO_VS_SVC_A_NETMASK: u32, persistence netmask (IPv4, network order) or
 *	prefix length (IPv6)
 * @HALO_VS_SVC_A_STATS: nest of HALO_VS_STATS_A_* (replies only)
 * @HALO_VS_SVC_A_PAD: padding for 64-bit attributes
 * @__HALO_VS_SVC_A_LAST: internal: one past the last attribute
 */
enum halo_vs_svc_attr {
	HALO_VS_SVC_A_UNSPEC,
	HALO_VS_SVC_A_AF,
	HALO_VS_SVC_A_PROTOCOL,
	HALO_VS_SVC_A_ADDR,
	HALO_VS_SVC_A_PORT,
	HALO_VS_SVC_A_FWMARK,
	HALO_VS_SVC_A_SCHED_NAME,
	HALO_VS_SVC_A_FLAGS,
	HALO_VS_SVC_A_TIMEOUT,
	HALO_VS_SVC_A_NETMASK,
	HALO_VS_SVC_A_STATS,
	HALO_VS_SVC_A_PAD,
	__HALO_VS_SVC_A_LAST
};

#define HALO_VS_SVC_A_MAX (__HALO_VS_SVC_A_LAST - 1)

/* Service flags, HALO_VS_SVC_A_FLAGS (values as ipvsadm knows them). */
#define HALO_VS_SVC_F_PERSISTENT	0x0001	/* -p */
#define HALO_VS_SVC_F_ONEPACKET		0x0004	/* -o, UDP only */
#define HALO_VS_SVC_F_SCHED1		0x0008	/* sh/mh-fallback */
#define HALO_VS_SVC_F_SCHED2		0x0010	/* sh/mh-port */
#define HALO_VS_SVC_F_SCHED3		0x0020
#define HALO_VS_SVC_F_ALL		0x003d

/**
 * enum halo_vs_dest_attr - attributes of a real server (destination)
 * @HALO_VS_DEST_A_UNSPEC: unused
 * @HALO_VS_DEST_A_ADDR: binary, 4 or 16 bytes, network order
 * @HALO_VS_DEST_A_PORT: u16, network byte order
 * @HALO_VS_DEST_A_FWD_METHOD: u32, HALO_VS_FWD_*
 * @HALO_VS_DEST_A_WEIGHT: u32, 0..INT_MAX; 0 takes no new connections
 * @HALO_VS_DEST_A_U_THRESH: u32, upper connection threshold (0: none)
 * @HALO_VS_DEST_A_L_THRESH: u32, lower connection threshold
 * @HALO_VS_DEST_A_ACTIVE_CONNS: u32, active connections (replies only)
 * @HALO_VS_DEST_A_INACT_CONNS: u32, inactive connections (replies only)
 * @HALO_VS_DEST_A_PERSIST_CONNS: u32, persistence templates (replies only)
 * @HALO_VS_DEST_A_STATS: nest of HALO_VS_STATS_A_* (replies only)
 * @HALO_VS_DEST_A_ADDR_FAMILY: u16, address family of the real server
 * @HALO_VS_DEST_A_TUN_TYPE: u8, HALO_VS_TUNNEL_*
 * @HALO_VS_DEST_A_PAD: padding for 64-bit attributes
 * @__HALO_VS_DEST_A_LAST: internal: one past the last attribute
 */
enum halo_vs_dest_attr {
	HALO_VS_DEST_A_UNSPEC,
	HALO_VS_DEST_A_ADDR,
	HALO_VS_DEST_A_PORT,
	HALO_VS_DEST_A_FWD_METHOD,
	HALO_VS_DEST_A_WEIGHT,
	HALO_VS_DEST_A_U_THRESH,
	HALO_VS_DEST_A_L_THRESH,
	HALO_VS_DEST_A_ACTIVE_CONNS,
	HALO_VS_DEST_A_INACT_CONNS,
	HALO_VS_DEST_A_PERSIST_CONNS,
	HALO_VS_DEST_A_STATS,
	HALO_VS_DEST_A_ADDR_FAMILY,
	HALO_VS_DEST_A_TUN_TYPE,
	HALO_VS_DEST_A_PAD,
	__HALO_VS_DEST_A_LAST
};

#define HALO_VS_DEST_A_MAX (__HALO_VS_DEST_A_LAST - 1)

/* Forwarding methods, HALO_VS_DEST_A_FWD_METHOD (ipvsadm's numbering). */
#define HALO_VS_FWD_MASQ	0	/* NAT, -m */
#define HALO_VS_FWD_LOCALNODE	1
#define HALO_VS_FWD_TUNNEL	2	/* IP-in-IP, -i */
#define HALO_VS_FWD_DROUTE	3	/* direct routing, -g */

/* Tunnel types, HALO_VS_DEST_A_TUN_TYPE. */
#define HALO_VS_TUNNEL_IPIP	0

/**
 * enum halo_vs_stats_attr - statistics of a service or a real server
 * @HALO_VS_STATS_A_UNSPEC: unused
 * @HALO_VS_STATS_A_CONNS: u64, connections scheduled
 * @HALO_VS_STATS_A_INPKTS: u64, packets from clients
 * @HALO_VS_STATS_A_OUTPKTS: u64, packets to clients
 * @HALO_VS_STATS_A_INBYTES: u64, bytes from clients
 * @HALO_VS_STATS_A_OUTBYTES: u64, bytes to clients
 * @HALO_VS_STATS_A_CPS: u64, connections per second (estimate)
 * @HALO_VS_STATS_A_INPPS: u64, incoming packets per second
 * @HALO_VS_STATS_A_OUTPPS: u64, outgoing packets per second
 * @HALO_VS_STATS_A_INBPS: u64, incoming bytes per second
 * @HALO_VS_STATS_A_OUTBPS: u64, outgoing bytes per second
 * @HALO_VS_STATS_A_PAD: padding for 64-bit attributes
 * @__HALO_VS_STATS_A_LAST: internal: one past the last attribute
 */
enum halo_vs_stats_attr {
	HALO_VS_STATS_A_UNSPEC,
	HALO_VS_STATS_A_CONNS,
	HALO_VS_STATS_A_INPKTS,
	HALO_VS_STATS_A_OUTPKTS,
	HALO_VS_STATS_A_INBYTES,
	HALO_VS_STATS_A_OUTBYTES,
	HALO_VS_STATS_A_CPS,
	HALO_VS_STATS_A_INPPS,
	HALO_VS_STATS_A_OUTPPS,
	HALO_VS_STATS_A_INBPS,
	HALO_VS_STATS_A_OUTBPS,
	HALO_VS_STATS_A_PAD,
	__HALO_VS_STATS_A_LAST
};

#define HALO_VS_STATS_A_MAX (__HALO_VS_STATS_A_LAST - 1)

/**
 * enum halo_vs_conn_attr - one connection entry (HALO_VS_CMD_GET_CONN)
 * @HALO_VS_CONN_A_UNSPEC: unused
 * @HALO_VS_CONN_A_AF: u16, address family of client and virtual address
 * @HALO_VS_CONN_A_PROTOCOL: u16, IPPROTO_*
 * @HALO_VS_CONN_A_CADDR: binary, client address
 * @HALO_VS_CONN_A_CPORT: u16, client port, network order
 * @HALO_VS_CONN_A_VADDR: binary, virtual address; for the template of a
 *	fwmark service, the mark in network order in the first four bytes
 *	(as ip_vs lists it)
 * @HALO_VS_CONN_A_VPORT: u16, virtual port, network order
 * @HALO_VS_CONN_A_DADDR: binary, real server address
 * @HALO_VS_CONN_A_DPORT: u16, real server port, network order
 * @HALO_VS_CONN_A_DAF: u16, address family of the real server
 * @HALO_VS_CONN_A_STATE: u8, HALO_VS_TCP_S_*, HALO_VS_UDP_S_* or, for a
 *	template, HALO_VS_CTPL_S_*
 * @HALO_VS_CONN_A_EXPIRES: u32, milliseconds until the entry expires
 * @HALO_VS_CONN_A_FLAGS: u32, HALO_VS_CONN_F_*
 * @HALO_VS_CONN_A_FWMARK: u32, firewall mark of a template's service
 * @__HALO_VS_CONN_A_LAST: internal: one past the last attribute
 */
enum halo_vs_conn_attr {
	HALO_VS_CONN_A_UNSPEC,
	HALO_VS_CONN_A_AF,
	HALO_VS_CONN_A_PROTOCOL,
	HALO_VS_CONN_A_CADDR,
	HALO_VS_CONN_A_CPORT,
	HALO_VS_CONN_A_VADDR,
	HALO_VS_CONN_A_VPORT,
	HALO_VS_CONN_A_DADDR,
	HALO_VS_CONN_A_DPORT,
	HALO_VS_CONN_A_DAF,
	HALO_VS_CONN_A_STATE,
	HALO_VS_CONN_A_EXPIRES,
	HALO_VS_CONN_A_FLAGS,
	HALO_VS_CONN_A_FWMARK,
	__HALO_VS_CONN_A_LAST
};

#define HALO_VS_CONN_A_MAX (__HALO_VS_CONN_A_LAST - 1)

/* Connection flags, HALO_VS_CONN_A_FLAGS. */
#define HALO_VS_CONN_F_TEMPLATE		0x1000	/* persistence template */
#define HALO_VS_CONN_F_ONE_PACKET	0x2000	/* one-packet scheduling */

/**
 * enum halo_vs_tcp_state - TCP connection states, as ipvsadm -c names them
 * @HALO_VS_TCP_S_NONE: "NONE"
 * @HALO_VS_TCP_S_ESTABLISHED: "ESTABLISHED"
 * @HALO_VS_TCP_S_SYN_SENT: "SYN_SENT"
 * @HALO_VS_TCP_S_SYN_RECV: "SYN_RECV"
 * @HALO_VS_TCP_S_FIN_WAIT: "FIN_WAIT"
 * @HALO_VS_TCP_S_TIME_WAIT: "TIME_WAIT"
 * @HALO_VS_TCP_S_CLOSE: "CLOSE"
 * @HALO_VS_TCP_S_CLOSE_WAIT: "CLOSE_WAIT"
 * @HALO_VS_TCP_S_LAST_ACK: "LAST_ACK"
 * @HALO_VS_TCP_S_LISTEN: "LISTEN"
 * @HALO_VS_TCP_S_SYNACK: "SYNACK"
 * @HALO_VS_TCP_S_LAST: internal: number of TCP states
 */
enum halo_vs_tcp_state {
	HALO_VS_TCP_S_NONE,
	HALO_VS_TCP_S_ESTABLISHED,
	HALO_VS_TCP_S_SYN_SENT,
	HALO_VS_TCP_S_SYN_RECV,
	HALO_VS_TCP_S_FIN_WAIT,
	HALO_VS_TCP_S_TIME_WAIT,
	HALO_VS_TCP_S_CLOSE,
	HALO_VS_TCP_S_CLOSE_WAIT,
	HALO_VS_TCP_S_LAST_ACK,
	HALO_VS_TCP_S_LISTEN,
	HALO_VS_TCP_S_SYNACK,
	HALO_VS_TCP_S_LAST
};

/**
 * enum halo_vs_ctpl_state - states of a persistence template
 * @HALO_VS_CTPL_S_NONE: "NONE": no connection it placed got established
 * @HALO_VS_CTPL_S_ASSURED: "ASSURED": one did
 * @HALO_VS_CTPL_S_LAST: internal: number of template states
 */
enum halo_vs_ctpl_state {
	HALO_VS_CTPL_S_NONE,
	HALO_VS_CTPL_S_ASSURED,
	HALO_VS_CTPL_S_LAST
};

/**
 * enum halo_vs_udp_state - UDP connection states
 * @HALO_VS_UDP_S_NORMAL: "UDP" (ipvsadm -c shows UDP entries as "UDP")
 * @HALO_VS_UDP_S_LAST: internal: number of UDP states
 */
enum halo_vs_udp_state {
	HALO_VS_UDP_S_NORMAL,
	HALO_VS_UDP_S_LAST
};

#endif /* _UAPI_LINUX_HALO_VS_H */
