/* SPDX-License-Identifier: GPL-2.0 */
/*
 * halo_vs internals: per-namespace state, services, real servers
 * (destinations), connection entries, schedulers and forwarding methods.
 *
 * Lifecycle:
 *   A service (struct hvs_service) is created by HALO_VS_CMD_NEW_SERVICE,
 *   linked into its namespace's hash and list under hn->lock, and found by
 *   the packet path under RCU. Deleting it unlinks it, waits for an RCU
 *   grace period so that no packet can still create a connection for it,
 *   kills its connections and frees it after another grace period.
 *   A destination (struct hvs_dest) follows the same pattern inside its
 *   service's RCU list.
 *   A connection (struct hvs_conn) is created by the packet path, hashed
 *   by its client->virtual tuple (and, for NAT, its real->client tuple) in
 *   the namespace's rhashtable, and lives until its timer expires or the
 *   control path kills it. Whoever sets ->dead first tears it down; memory
 *   is freed after an RCU grace period. A persistence template is a
 *   connection with HALO_VS_CONN_F_TEMPLATE whose refcount is held by the
 *   connections it placed, so it stays while they do.
 *
 * Locking:
 *   hn->lock (mutex): every change of services, destinations and settings.
 *   svc->sched_lock (spinlock, softirq): the scheduler's moving state.
 *   c->lock (spinlock, softirq): a connection's state, timer and ->dead.
 *   hn->half_lock (spinlock, softirq): the list of half-open entries; it
 *   nests inside c->lock and is never held while taking one.
 *   The packet path takes no mutex: services, destinations, schedulers and
 *   connections are read under RCU (softirq context).
 */
#ifndef _HALO_VS_HVS_H
#define _HALO_VS_HVS_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rhashtable.h>
#include <linux/skbuff.h>
#include <linux/timer.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/netfilter.h>
#include <linux/netlink.h>
#include <net/dst_cache.h>
#include <net/netns/generic.h>
#include <net/net_namespace.h>
#include <linux/halo_vs.h>

#define HVS_SVC_TAB_BITS	8
#define HVS_SVC_TAB_SIZE	BIT(HVS_SVC_TAB_BITS)

/* proto value of a persistence template's key (no real protocol is 0). */
#define HVS_PROTO_TEMPLATE	0

/**
 * struct hvs_cpu_stats - one CPU's share of a counter set
 * @conns: connections scheduled
 * @inpkts: packets from clients
 * @outpkts: packets to clients
 * @inbytes: bytes from clients
 * @outbytes: bytes to clients
 * @syncp: consistent 64-bit reads on 32-bit machines
 */
struct hvs_cpu_stats {
	u64 conns;
	u64 inpkts;
	u64 outpkts;
	u64 inbytes;
	u64 outbytes;
	struct u64_stats_sync syncp;
};

/**
 * struct hvs_counters - a sum of the five counters
 * @v: conns, inpkts, outpkts, inbytes, outbytes in that order
 */
struct hvs_counters {
	u64 v[5];
};

/**
 * struct hvs_stats - statistics of a service or a destination
 * @cpu: per-CPU counters, written by the packet path
 * @zero: the sums at the last HALO_VS_CMD_ZERO, subtracted when read
 * @last: the sums at the last estimator tick
 * @rate: rates per second, scaled by 2^10 (EWMA, see stats.c)
 *
 * @zero, @last and @rate are under the namespace's hn->lock.
 */
struct hvs_stats {
	struct hvs_cpu_stats __percpu *cpu;
	struct hvs_counters zero;
	struct hvs_counters last;
	struct hvs_counters rate;
};

struct hvs_net;
struct hvs_service;
struct ctl_table_header;
struct hvs_conn;
struct hvs_pkt;

/**
 * struct hvs_dest - a real server of a service
 * @list: in svc->dests (RCU, newest first)
 * @svc: the service
 * @af: address family of the real server
 * @addr: its address
 * @port: its port, network order
 * @fwd: HALO_VS_FWD_*
 * @tun_type: HALO_VS_TUNNEL_*
 * @weight: 0..INT_MAX, read without locks
 * @u_thresh: upper connection threshold (0: none)
 * @l_thresh: lower connection threshold
 * @available: 0 once the destination is being deleted
 * @overloaded: 1 while over @u_thresh until below the lower threshold
 * @activeconns: established connections
 * @inactconns: other connections
 * @persistconns: persistence templates
 * @stats: counters
 * @refcnt: the service's list holds one, each entry bound to it one; a
 *	deleted real server lives on while its connections do
 * @seq: list position: the larger, the nearer the head of svc->dests
 * @sched_node: position in svc->heap or -1 (under svc->sched_lock)
 * @dst_cache: per-CPU route to @addr for direct routing, so that a packet
 *	does not allocate an uncached route of its own; written and read in
 *	softirq on the local CPU only (dst_cache's own rule), invalidated
 *	by the routing code's generation counter; freed with the dest
 * @rcu: deferred free
 */
struct hvs_dest {
	struct list_head list;
	struct hvs_service *svc;
	u16 af;
	union nf_inet_addr addr;
	__be16 port;
	u32 fwd;
	u8 tun_type;
	int weight;
	u32 u_thresh;
	u32 l_thresh;
	int available;
	int overloaded;
	atomic_t activeconns;
	atomic_t inactconns;
	atomic_t persistconns;
	struct hvs_stats stats;
	refcount_t refcnt;
	u32 seq;
	int sched_node;
	struct dst_cache dst_cache;
	struct rcu_head rcu;
};

/**
 * struct hvs_scheduler - a scheduling algorithm, registered by name
 * @list: in the global list of schedulers (under hvs_sched_lock)
 * @name: name as given to HALO_VS_SVC_A_SCHED_NAME
 * @owner: the module that implements it
 * @init: set up svc->sched_data; process context, hn->lock held
 * @done: free svc->sched_data; process context, hn->lock held, after a
 *	grace period since the last @schedule call
 * @update: the destination list or a weight changed; @gone is a
 *	destination being removed (still in the list) or NULL; hn->lock held
 * @schedule: pick a destination for a new connection; softirq, RCU
 * @less: for schedulers that pick the least of an order (lc, wlc, sed,
 *	nq): whether usable server @a comes before @b, ties broken by
 *	->seq; the core then keeps svc->heap in that order and such a
 *	scheduler's @schedule is hvs_heap_schedule(). Called under
 *	svc->sched_lock, must not sleep.
 */
struct hvs_scheduler {
	struct list_head list;
	const char *name;
	struct module *owner;
	int (*init)(struct hvs_service *svc);
	void (*done)(struct hvs_service *svc);
	void (*update)(struct hvs_service *svc, struct hvs_dest *gone);
	struct hvs_dest *(*schedule)(struct hvs_service *svc,
				     const struct hvs_pkt *p);
	bool (*less)(const struct hvs_dest *a, const struct hvs_dest *b);
};

struct hvs_heap;

/**
 * struct hvs_service - a virtual service
 * @hnode: in hn->svc_tab (RCU)
 * @list: in hn->svc_list (hn->lock), creation order
 * @hn: the namespace state
 * @af: address family
 * @proto: IPPROTO_TCP or IPPROTO_UDP (0 for a fwmark service)
 * @addr: virtual address
 * @port: virtual port, network order
 * @fwmark: firewall mark, or 0
 * @flags: HALO_VS_SVC_F_*
 * @timeout: persistence timeout in seconds
 * @netmask: persistence netmask (IPv4 network order) or prefix length
 * @sched: the scheduler (RCU; NULL while it is being replaced)
 * @sched_data: the scheduler's state
 * @sched_lock: protects: the scheduler's moving state in @sched_data,
 *	@heap and every destination's ->sched_node (see sched_heap.c)
 * @heap: the least-loaded index for schedulers with ->less, or NULL
 * @dests: real servers (RCU list, newest first; changed under hn->lock)
 * @num_dests: entries in @dests
 * @dest_seq: the last ->seq given to a destination (hn->lock)
 * @trash: real servers deleted while entries still held them, linked by
 *	->list (hn->lock; off @dests for a grace period first). Adding the
 *	same address and port again revives one with its counters, as
 *	ip_vs does; the idle ones are freed at the service's next change.
 * @stats: counters
 * @rcu: deferred free
 */
struct hvs_service {
	struct hlist_node hnode;
	struct list_head list;
	struct hvs_net *hn;
	u16 af;
	u8 proto;
	union nf_inet_addr addr;
	__be16 port;
	u32 fwmark;
	u32 flags;
	u32 timeout;
	u32 netmask;
	struct hvs_scheduler __rcu *sched;
	void *sched_data;
	spinlock_t sched_lock; /* protects: sched_data state, heap, sched_node */
	struct hvs_heap *heap;
	struct list_head dests;
	int num_dests;
	u32 dest_seq;
	struct list_head trash;
	struct hvs_stats stats;
	struct rcu_head rcu;
};

/**
 * struct hvs_tuple - a hash key: one direction of a connection
 * @saddr: source address
 * @daddr: destination address (a template's: virtual address or fwmark)
 * @sport: source port
 * @dport: destination port
 * @af: address family
 * @proto: IPPROTO_* or HVS_PROTO_TEMPLATE
 * @kind: 0, or 1 for a template of a fwmark service (@daddr holds the mark)
 */
struct hvs_tuple {
	union nf_inet_addr saddr;
	union nf_inet_addr daddr;
	__be16 sport;
	__be16 dport;
	u16 af;
	u8 proto;
	u8 kind;
};

/**
 * struct hvs_conn_node - one hashed direction of a connection
 * @head: rhashtable linkage
 * @key: the tuple
 * @out: 1 for the real -> client direction
 */
struct hvs_conn_node {
	struct rhash_head head;
	struct hvs_tuple key;
	u8 out;
};

/**
 * struct hvs_conn - a connection entry (or a persistence template)
 * @in: client -> virtual tuple (always hashed)
 * @out: real -> client tuple (hashed for NAT only)
 * @lock: protects: @state, @dead, @inactive and re-arming @timer
 * @timer: expiry
 * @refcnt: references: the table's plus one per controlled connection
 * @hn: namespace state
 * @svc: the service (stays while the entry exists)
 * @dest: the real server (stays while the entry exists)
 * @ctl: the template this connection was placed by, holding a reference
 * @daddr: real server address
 * @dport: real server port
 * @daf: real server address family
 * @fwd: forwarding method, HALO_VS_FWD_*
 * @state: HALO_VS_TCP_S_* / HALO_VS_UDP_S_* / HALO_VS_CTPL_S_* (template)
 * @dead: set once, by whoever tears the entry down
 * @inactive: counted in dest->inactconns rather than activeconns
 * @flags: HALO_VS_CONN_F_*
 * @timeout: current timeout in jiffies
 * @half: in hn->half_list while half-open: a TCP entry whose handshake the
 *	director has not yet seen complete (under hn->half_lock)
 * @rcu: deferred free
 */
struct hvs_conn {
	struct hvs_conn_node in;
	struct hvs_conn_node out;
	spinlock_t lock; /* protects: state, dead, inactive, timer re-arm */
	struct timer_list timer;
	refcount_t refcnt;
	struct hvs_net *hn;
	struct hvs_service *svc;
	struct hvs_dest *dest;
	struct hvs_conn *ctl;
	union nf_inet_addr daddr;
	__be16 dport;
	u16 daf;
	u8 fwd;
	u8 state;
	u8 dead;
	u8 inactive;
	u16 flags;
	unsigned long timeout;
	struct list_head half;
	struct rcu_head rcu;
};

/**
 * struct hvs_pkt - what the packet path parsed out of a packet
 * @af: AF_INET or AF_INET6
 * @proto: IPPROTO_TCP or IPPROTO_UDP
 * @l4off: offset of the transport header from skb->data
 * @saddr: source address
 * @daddr: destination address
 * @sport: source port
 * @dport: destination port
 * @tcpflags: the TCP flags byte (TCP only)
 */
struct hvs_pkt {
	u16 af;
	u8 proto;
	int l4off;
	union nf_inet_addr saddr;
	union nf_inet_addr daddr;
	__be16 sport;
	__be16 dport;
	u8 tcpflags;
};

/**
 * struct hvs_net - the halo_vs state of one network namespace
 * @net: the namespace
 * @lock: protects: @svc_tab and @svc_list changes, every service's and
 *	destination's settings, the timeouts' writers, stats zero/estimates
 * @svc_tab: services by key (RCU readers)
 * @svc_list: services in creation order
 * @svc_count: services, read by the packet path without the lock
 * @conn_tab: connection entries, both directions
 * @conn_count: entries in @conn_tab (connections and templates)
 * @timeout_tcp: established TCP, jiffies
 * @timeout_tcpfin: TCP after FIN, jiffies
 * @timeout_udp: UDP, jiffies
 * @est_work: the rate estimator, every 2 s
 * @half_lock: protects: @half_list and @half_count
 * @half_list: half-open TCP entries, oldest first (see conn.c)
 * @half_count: entries in @half_list
 * @max_half_open: sysctl net.halo_vs.max_half_open: beyond it the oldest
 *	half-open entry is dropped (0: no limit); read without locks
 * @half_dropped: half-open entries dropped for @max_half_open
 * @sysctl_hdr: this namespace's /proc/sys/net/halo_vs
 */
struct hvs_net {
	struct net *net;
	struct mutex lock; /* protects: services, dests, settings */
	struct hlist_head svc_tab[HVS_SVC_TAB_SIZE];
	struct list_head svc_list;
	atomic_t svc_count;
	struct rhashtable conn_tab;
	atomic_t conn_count;
	unsigned long timeout_tcp;
	unsigned long timeout_tcpfin;
	unsigned long timeout_udp;
	struct delayed_work est_work;
	spinlock_t half_lock; /* protects: half_list, half_count */
	struct list_head half_list;
	int half_count;
	int max_half_open;
	atomic_long_t half_dropped;
	struct ctl_table_header *sysctl_hdr;
};

/**
 * struct hvs_svc_conf - a parsed service request
 * @af: address family
 * @proto: protocol (0 for fwmark)
 * @addr: virtual address
 * @port: virtual port
 * @fwmark: firewall mark or 0
 * @sched_name: scheduler name
 * @flags: HALO_VS_SVC_F_*
 * @timeout: persistence timeout, seconds
 * @netmask: persistence netmask or prefix length
 */
struct hvs_svc_conf {
	u16 af;
	u8 proto;
	union nf_inet_addr addr;
	__be16 port;
	u32 fwmark;
	char sched_name[HALO_VS_SCHED_NAME_MAX];
	u32 flags;
	u32 timeout;
	u32 netmask;
};

/**
 * struct hvs_dest_conf - a parsed destination request
 * @af: address family
 * @addr: address
 * @port: port
 * @fwd: forwarding method
 * @weight: weight
 * @u_thresh: upper threshold
 * @l_thresh: lower threshold
 * @tun_type: tunnel type
 */
struct hvs_dest_conf {
	u16 af;
	union nf_inet_addr addr;
	__be16 port;
	u32 fwd;
	int weight;
	u32 u_thresh;
	u32 l_thresh;
	u8 tun_type;
};

extern unsigned int hvs_net_id;

static inline struct hvs_net *hvs_net(struct net *net)
{
	return net_generic(net, hvs_net_id);
}

/* service.c */
struct hvs_service *hvs_svc_find(struct hvs_net *hn, u16 af, u8 proto,
				 const union nf_inet_addr *addr, __be16 port);
struct hvs_service *hvs_svc_find_fwmark(struct hvs_net *hn, u16 af, u32 mark);
struct hvs_service *hvs_svc_lookup_conf(struct hvs_net *hn,
					const struct hvs_svc_conf *sc);
int hvs_svc_add(struct hvs_net *hn, const struct hvs_svc_conf *sc,
		struct netlink_ext_ack *extack);
int hvs_svc_edit(struct hvs_service *svc, const struct hvs_svc_conf *sc,
		 struct netlink_ext_ack *extack);
void hvs_svc_del(struct hvs_service *svc);
void hvs_svc_flush(struct hvs_net *hn);
struct hvs_dest *hvs_dest_find(struct hvs_service *svc, u16 af,
			       const union nf_inet_addr *addr, __be16 port);
int hvs_dest_add(struct hvs_service *svc, const struct hvs_dest_conf *dc);
void hvs_dest_edit(struct hvs_dest *dest, const struct hvs_dest_conf *dc);
void hvs_dest_del(struct hvs_dest *dest);
void hvs_dest_put(struct hvs_dest *dest);
bool hvs_dest_usable(const struct hvs_dest *dest);

/* sched_buckets.c: the bucket table shared by the hashing schedulers */
#define HVS_BUCKET_BITS	8
int hvs_buckets_init(struct hvs_service *svc);
void hvs_buckets_done(struct hvs_service *svc);
void hvs_buckets_update(struct hvs_service *svc, struct hvs_dest *gone);
struct hvs_dest *hvs_buckets_pick(struct hvs_service *svc, u32 h);

/* sched.c */
struct hvs_scheduler *hvs_sched_get(const char *name);
void hvs_sched_put(struct hvs_scheduler *s);
int hvs_register_scheduler(struct hvs_scheduler *s);
void hvs_unregister_scheduler(struct hvs_scheduler *s);
u64 hvs_dest_overhead(const struct hvs_dest *dest);

/* sched_heap.c */
int hvs_heap_build(struct hvs_service *svc,
		   bool (*less)(const struct hvs_dest *a,
				const struct hvs_dest *b),
		   struct hvs_dest *gone);
void hvs_heap_free(struct hvs_service *svc);
void hvs_heap_fix(struct hvs_dest *dest);
struct hvs_dest *hvs_heap_schedule(struct hvs_service *svc,
				   const struct hvs_pkt *p);
int hvs_ratio_cmp(u64 a, int wa, u64 b, int wb);

/* conn.c */
int hvs_conn_net_init(struct hvs_net *hn);
void hvs_conn_net_exit(struct hvs_net *hn);
int hvs_conn_cache_init(void);
void hvs_conn_cache_exit(void);
struct hvs_conn *hvs_conn_in_get(struct hvs_net *hn, const struct hvs_pkt *p);
struct hvs_conn *hvs_conn_out_get(struct hvs_net *hn, const struct hvs_pkt *p);
struct hvs_conn *hvs_conn_new(struct hvs_service *svc, struct hvs_dest *dest,
			      const struct hvs_pkt *p, struct hvs_conn *ctl,
			      bool hashed);
void hvs_conn_drop_unhashed(struct hvs_conn *c);
struct hvs_conn *hvs_tmpl_get(struct hvs_service *svc,
			      const struct hvs_pkt *p);
struct hvs_conn *hvs_tmpl_new(struct hvs_service *svc, struct hvs_dest *dest,
			      const struct hvs_pkt *p);
void hvs_conn_kill_matching(struct hvs_net *hn,
			    bool (*match)(struct hvs_conn *c, void *arg),
			    void *arg);
void hvs_conn_update(struct hvs_conn *c, int dir, u8 tcpflags);
bool hvs_conn_reuse_closed(struct hvs_conn *c, const struct hvs_pkt *p);
void hvs_conn_put(struct hvs_conn *c);
struct rhashtable_iter;
struct hvs_conn *hvs_conn_walk_next(struct rhashtable_iter *it);
unsigned int hvs_conn_tab_size(struct hvs_net *hn);

/* sysctl.c */
#define HVS_MAX_HALF_OPEN_DEFAULT	65536
int hvs_sysctl_net_init(struct hvs_net *hn);
void hvs_sysctl_net_exit(struct hvs_net *hn);

/* proto.c: directions for state changes */
#define HVS_DIR_IN	0	/* client to real server, replies seen too */
#define HVS_DIR_OUT	1	/* real server to client */
#define HVS_DIR_INONLY	2	/* client to real server, replies unseen */
u8 hvs_tcp_next_state(u8 state, int dir, u8 tcpflags);
bool hvs_state_active(u8 proto, u8 state);
unsigned long hvs_state_timeout(const struct hvs_net *hn, u8 proto, u8 state);
void hvs_set_defaults(struct hvs_net *hn);

/* stats.c */
int hvs_stats_init(struct hvs_stats *st);
void hvs_stats_free(struct hvs_stats *st);
void hvs_stats_read(const struct hvs_stats *st, struct hvs_counters *sum);
void hvs_stats_zero(struct hvs_stats *st);
void hvs_stats_in(struct hvs_conn *c, unsigned int len);
void hvs_stats_out(struct hvs_conn *c, unsigned int len);
void hvs_stats_conn(struct hvs_service *svc, struct hvs_dest *dest);
void hvs_est_start(struct hvs_net *hn);
void hvs_est_stop(struct hvs_net *hn);

/* core.c */
int hvs_hooks_register(struct net *net);
void hvs_hooks_unregister(struct net *net);
int hvs_parse(struct sk_buff *skb, u16 af, int nhoff, struct hvs_pkt *p);

/* xmit_*.c */
int hvs_xmit_nat_in(struct sk_buff *skb, struct hvs_conn *c,
		    const struct hvs_pkt *p);
int hvs_nat_out(struct sk_buff *skb, struct hvs_conn *c,
		const struct hvs_pkt *p);
int hvs_xmit_dr(struct sk_buff *skb, struct hvs_conn *c,
		const struct hvs_pkt *p);
int hvs_xmit_tun(struct sk_buff *skb, struct hvs_conn *c,
		 const struct hvs_pkt *p);
int hvs_nat_rewrite(struct sk_buff *skb, const struct hvs_pkt *p,
		    const union nf_inet_addr *addr, __be16 port, bool dst);
int hvs_route_out(struct sk_buff *skb, u16 af,
		  const union nf_inet_addr *daddr);

/* netlink.c, netlink_conn.c */
int hvs_netlink_init(void);
void hvs_netlink_exit(void);
void *hvs_genl_put(struct sk_buff *msg, u32 portid, u32 seq, int flags,
		   u8 cmd);
struct netlink_callback;
int hvs_nl_dump_conns(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* _HALO_VS_HVS_H */
