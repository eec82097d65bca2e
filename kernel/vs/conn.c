// SPDX-License-Identifier: GPL-2.0
/*
 * The connection table: one resizable hash table (rhashtable) per
 * namespace holding both directions of every connection, so that a packet
 * from a client and a NAT reply from a real server are each found with one
 * O(1) lookup, and the table grows and shrinks with its contents (a million
 * entries need no module parameter).
 *
 * Teardown: the entry's timer callback or the control path sets c->dead
 * under c->lock; the one that set it unhashes the entry, gives back the
 * real server's counters and drops the table's reference. The last
 * reference frees the memory after an RCU grace period. The packet path
 * re-arms the timer only under c->lock and only while !c->dead, and the
 * timer callback gives up if it finds the timer re-armed.
 *
 * Half-open entries: a client SYN costs the director an entry for the 60 s
 * of SYN_RECV, and a SYN flood with forged sources would grow the table
 * without end. So every TCP entry also sits on its namespace's half-open
 * list, oldest first, from its creation until the director sees its
 * handshake complete (ESTABLISHED) or it dies. Beyond max_half_open
 * entries on that list (sysctl net.halo_vs.max_half_open) the oldest is
 * dropped at once, like ip_vs's drop_entry but deterministic: memory for
 * half-open entries is bounded by max_half_open entries, established
 * connections are never touched, and a new client's SYN, the newest
 * entry, is never the one dropped.
 */

#include <linux/delay.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "hvs.h"

/* Internal flags, beside the HALO_VS_CONN_F_* ones. */
#define HVS_CONN_F_HASHED	0x0001
#define HVS_CONN_F_OUT_HASHED	0x0002

/* How often an expired template still in use is looked at again. */
#define HVS_TMPL_RECHECK	(60 * HZ)

/* ip_vs keeps no ports in the templates of an FTP service (port 21). */
#define HVS_FTP_PORT		21

static struct kmem_cache *hvs_conn_cache __read_mostly;

static const struct rhashtable_params hvs_conn_params = {
	.head_offset = offsetof(struct hvs_conn_node, head),
	.key_offset = offsetof(struct hvs_conn_node, key),
	.key_len = sizeof(struct hvs_tuple),
	.automatic_shrinking = true,
};

static struct hvs_conn *hvs_conn_of(struct hvs_conn_node *n)
{
	if (n->out)
		return container_of(n, struct hvs_conn, out);
	return container_of(n, struct hvs_conn, in);
}

static void hvs_tuple_set(struct hvs_tuple *t, u16 af, u8 proto,
			  const union nf_inet_addr *saddr, __be16 sport,
			  const union nf_inet_addr *daddr, __be16 dport)
{
	memset(t, 0, sizeof(*t));
	t->af = af;
	t->proto = proto;
	if (af == AF_INET) {
		t->saddr.ip = saddr->ip;
		t->daddr.ip = daddr->ip;
	} else {
		t->saddr.in6 = saddr->in6;
		t->daddr.in6 = daddr->in6;
	}
	t->sport = sport;
	t->dport = dport;
}

static struct hvs_conn *hvs_conn_lookup(struct hvs_net *hn,
					const struct hvs_tuple *t)
{
	struct hvs_conn_node *n;

	n = rhashtable_lookup(&hn->conn_tab, t, hvs_conn_params);
	if (!n)
		return NULL;
	return hvs_conn_of(n);
}

/**
 * hvs_conn_in_get() - find the entry of a packet from a client
 * @hn: namespace state
 * @p: the parsed packet
 *
 * Context: RCU read side.
 * Return: the entry or NULL; valid until the RCU section ends.
 */
struct hvs_conn *hvs_conn_in_get(struct hvs_net *hn, const struct hvs_pkt *p)
{
	struct hvs_tuple t;
	struct hvs_conn_node *n;

	hvs_tuple_set(&t, p->af, p->proto, &p->saddr, p->sport, &p->daddr,
		      p->dport);
	n = rhashtable_lookup(&hn->conn_tab, &t, hvs_conn_params);
	if (!n || n->out)
		return NULL;
	return container_of(n, struct hvs_conn, in);
}

/**
 * hvs_conn_out_get() - find the NAT entry of a packet from a real server
 * @hn: namespace state
 * @p: the parsed packet
 *
 * Context: RCU read side.
 * Return: the entry or NULL; valid until the RCU section ends.
 */
struct hvs_conn *hvs_conn_out_get(struct hvs_net *hn, const struct hvs_pkt *p)
{
	struct hvs_tuple t;
	struct hvs_conn_node *n;

	hvs_tuple_set(&t, p->af, p->proto, &p->saddr, p->sport, &p->daddr,
		      p->dport);
	n = rhashtable_lookup(&hn->conn_tab, &t, hvs_conn_params);
	if (!n || !n->out)
		return NULL;
	return container_of(n, struct hvs_conn, out);
}

static void hvs_conn_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(hvs_conn_cache, container_of(head, struct hvs_conn,
						     rcu));
}

/**
 * hvs_conn_put() - drop a reference; the last one frees the entry
 * @c: the entry
 *
 * Context: any.
 */
void hvs_conn_put(struct hvs_conn *c)
{
	struct hvs_conn *ctl;

	if (!refcount_dec_and_test(&c->refcnt))
		return;
	ctl = c->ctl;
	call_rcu(&c->rcu, hvs_conn_free_rcu);
	if (ctl)
		hvs_conn_put(ctl);
}

static void hvs_dest_bind(struct hvs_conn *c)
{
	struct hvs_dest *d = c->dest;
	u32 total;

	/* The entry keeps a deleted real server alive (hvs_dest_put()). */
	refcount_inc(&d->refcnt);
	if (c->flags & HALO_VS_CONN_F_TEMPLATE) {
		atomic_inc(&d->persistconns);
		return;
	}
	atomic_inc(&d->inactconns);
	total = atomic_read(&d->activeconns) + atomic_read(&d->inactconns);
	if (d->u_thresh && total >= d->u_thresh)
		WRITE_ONCE(d->overloaded, 1);
	hvs_heap_fix(d);
}

static void hvs_dest_unbind(struct hvs_conn *c)
{
	struct hvs_dest *d = c->dest;
	u32 total, low;

	if (c->flags & HALO_VS_CONN_F_TEMPLATE) {
		atomic_dec(&d->persistconns);
		hvs_dest_put(d);
		return;
	}
	if (c->inactive)
		atomic_dec(&d->inactconns);
	else
		atomic_dec(&d->activeconns);
	if (READ_ONCE(d->overloaded)) {
		total = atomic_read(&d->activeconns) +
			atomic_read(&d->inactconns);
		low = d->l_thresh ? d->l_thresh : d->u_thresh * 3 / 4;
		if (!d->u_thresh || total < low)
			WRITE_ONCE(d->overloaded, 0);
	}
	hvs_heap_fix(d);
	hvs_dest_put(d);
}

/* Take @c off the half-open list if it is there. */
static void hvs_half_del(struct hvs_conn *c)
{
	struct hvs_net *hn = c->hn;

	spin_lock_bh(&hn->half_lock);
	if (!list_empty(&c->half)) {
		list_del_init(&c->half);
		hn->half_count--;
	}
	spin_unlock_bh(&hn->half_lock);
}

/* The caller set c->dead: unhash, unbind and drop the table's reference. */
static void hvs_conn_teardown(struct hvs_conn *c)
{
	struct hvs_net *hn = c->hn;

	hvs_half_del(c);

	if (c->flags & HVS_CONN_F_OUT_HASHED)
		rhashtable_remove_fast(&hn->conn_tab, &c->out.head,
				       hvs_conn_params);
	if (c->flags & HVS_CONN_F_HASHED) {
		rhashtable_remove_fast(&hn->conn_tab, &c->in.head,
				       hvs_conn_params);
		atomic_dec(&hn->conn_count);
	}
	hvs_dest_unbind(c);
	hvs_conn_put(c);
}

static void hvs_conn_expire(struct timer_list *t)
{
	struct hvs_conn *c = from_timer(c, t, timer);

	rcu_read_lock();
	spin_lock(&c->lock);
	if (c->dead || timer_pending(&c->timer)) {
		spin_unlock(&c->lock);
		goto out;
	}
	/* A template stays while connections it placed are alive, looking
	 * again every 60 s from now on, as ip_vs does.
	 */
	if ((c->flags & HALO_VS_CONN_F_TEMPLATE) &&
	    refcount_read(&c->refcnt) > 1) {
		c->timeout = HVS_TMPL_RECHECK;
		mod_timer(&c->timer, jiffies + c->timeout);
		spin_unlock(&c->lock);
		goto out;
	}
	c->dead = 1;
	spin_unlock(&c->lock);
	hvs_conn_teardown(c);
out:
	rcu_read_unlock();
}

static struct hvs_conn *hvs_conn_alloc(struct hvs_service *svc,
				       struct hvs_dest *dest, u16 flags)
{
	struct hvs_conn *c;

	c = kmem_cache_zalloc(hvs_conn_cache, GFP_ATOMIC);
	if (!c)
		return NULL;
	spin_lock_init(&c->lock);
	timer_setup(&c->timer, hvs_conn_expire, 0);
	refcount_set(&c->refcnt, 1);
	c->hn = svc->hn;
	c->svc = svc;
	c->dest = dest;
	c->daddr = dest->addr;
	c->daf = dest->af;
	c->fwd = dest->fwd;
	c->flags = flags;
	c->inactive = 1;
	c->out.out = 1;
	INIT_LIST_HEAD(&c->half);
	return c;
}

/* Softirq, RCU: tear @c down now unless someone already does. */
static bool hvs_conn_drop_now(struct hvs_conn *c)
{
	spin_lock(&c->lock);
	if (c->dead) {
		spin_unlock(&c->lock);
		return false;
	}
	c->dead = 1;
	spin_unlock(&c->lock);
	del_timer(&c->timer);
	hvs_conn_teardown(c);
	return true;
}

/*
 * Drop a half-open entry taken off the list by hvs_half_add(). It was on
 * the list, so its teardown had not begun when our RCU section did: its
 * memory stays until we are done even if its timer kills it meanwhile.
 */
static void hvs_half_drop(struct hvs_conn *c)
{
	if (hvs_conn_drop_now(c))
		atomic_long_inc(&c->hn->half_dropped);
}

/*
 * Put a new TCP entry at the tail of the half-open list; while the list is
 * over max_half_open, drop its oldest entries (two at most per new one, so
 * that a lowered limit is reached soon at a bounded cost per packet).
 */
static void hvs_half_add(struct hvs_conn *c)
{
	struct hvs_net *hn = c->hn;
	int max = READ_ONCE(hn->max_half_open);
	struct hvs_conn *old[2];
	int i, n = 0;

	spin_lock_bh(&hn->half_lock);
	list_add_tail(&c->half, &hn->half_list);
	hn->half_count++;
	while (max && hn->half_count > max && n < ARRAY_SIZE(old)) {
		old[n] = list_first_entry(&hn->half_list, struct hvs_conn,
					  half);
		list_del_init(&old[n]->half);
		hn->half_count--;
		n++;
	}
	spin_unlock_bh(&hn->half_lock);
	for (i = 0; i < n; i++)
		hvs_half_drop(old[i]);
}

/* Hash a new entry and start its timer; on a lost race free it. */
static struct hvs_conn *hvs_conn_hash(struct hvs_conn *c)
{
	struct hvs_net *hn = c->hn;
	int err;

	err = rhashtable_lookup_insert_fast(&hn->conn_tab, &c->in.head,
					    hvs_conn_params);
	if (err)
		goto err_free;
	c->flags |= HVS_CONN_F_HASHED;
	if (c->fwd == HALO_VS_FWD_MASQ && !(c->flags & HALO_VS_CONN_F_TEMPLATE)) {
		err = rhashtable_lookup_insert_fast(&hn->conn_tab, &c->out.head,
						    hvs_conn_params);
		if (err)
			goto err_unhash;
		c->flags |= HVS_CONN_F_OUT_HASHED;
	}
	atomic_inc(&hn->conn_count);
	hvs_dest_bind(c);
	spin_lock(&c->lock);
	mod_timer(&c->timer, jiffies + c->timeout);
	spin_unlock(&c->lock);
	if (c->in.key.proto == IPPROTO_TCP &&
	    !(c->flags & HALO_VS_CONN_F_TEMPLATE))
		hvs_half_add(c);
	return c;

err_unhash:
	spin_lock(&c->lock);
	c->dead = 1;
	spin_unlock(&c->lock);
	rhashtable_remove_fast(&hn->conn_tab, &c->in.head, hvs_conn_params);
err_free:
	hvs_conn_put(c);
	return NULL;
}

/**
 * hvs_conn_new() - create the entry of a newly scheduled connection
 * @svc: its service
 * @dest: the chosen real server
 * @p: the client's first packet
 * @ctl: the persistence template that chose @dest, or NULL; a reference
 *	is taken on it
 * @hashed: false for one-packet scheduling: the entry is not hashed, and
 *	the caller drops it with hvs_conn_drop_unhashed() after sending
 *
 * Context: softirq, RCU read side.
 * Return: the entry (valid until the RCU section ends) or NULL.
 */
struct hvs_conn *hvs_conn_new(struct hvs_service *svc, struct hvs_dest *dest,
			      const struct hvs_pkt *p, struct hvs_conn *ctl,
			      bool hashed)
{
	struct hvs_conn *c;

	c = hvs_conn_alloc(svc, dest, hashed ? 0 : HALO_VS_CONN_F_ONE_PACKET);
	if (!c)
		return NULL;
	c->dport = dest->port ? dest->port : p->dport;
	hvs_tuple_set(&c->in.key, p->af, p->proto, &p->saddr, p->sport,
		      &p->daddr, p->dport);
	hvs_tuple_set(&c->out.key, c->daf, p->proto, &c->daddr, c->dport,
		      &p->saddr, p->sport);
	c->state = p->proto == IPPROTO_TCP ? HALO_VS_TCP_S_NONE :
		   HALO_VS_UDP_S_NORMAL;
	c->timeout = hvs_state_timeout(c->hn, p->proto, c->state);
	if (ctl && refcount_inc_not_zero(&ctl->refcnt))
		c->ctl = ctl;
	hvs_stats_conn(svc, dest);
	if (!hashed) {
		hvs_dest_bind(c);
		return c;
	}
	return hvs_conn_hash(c);
}

/**
 * hvs_conn_drop_unhashed() - free a one-packet entry after its packet
 * @c: the entry from hvs_conn_new(..., false)
 *
 * Context: softirq, RCU read side.
 */
void hvs_conn_drop_unhashed(struct hvs_conn *c)
{
	hvs_dest_unbind(c);
	hvs_conn_put(c);
}

/*
 * Whether a template holds the virtual and real ports: as in ip_vs, not for
 * a fwmark or port-zero service (the client may use any port) nor for FTP
 * (its data connections use other ports).
 */
static bool hvs_tmpl_ports(const struct hvs_service *svc,
			   const struct hvs_pkt *p)
{
	return svc->port && p->dport == svc->port &&
	       svc->port != htons(HVS_FTP_PORT);
}

static void hvs_tmpl_key(struct hvs_tuple *t, struct hvs_service *svc,
			 const struct hvs_pkt *p)
{
	union nf_inet_addr caddr = p->saddr, vaddr = {};
	__be16 vport = hvs_tmpl_ports(svc, p) ? p->dport : 0;

	if (svc->af == AF_INET)
		caddr.ip &= (__force __be32)svc->netmask;
	else
		ipv6_addr_prefix(&caddr.in6, &p->saddr.in6, svc->netmask);
	if (svc->fwmark)
		vaddr.all[0] = svc->fwmark;
	else
		vaddr = p->daddr;
	hvs_tuple_set(t, svc->af, HVS_PROTO_TEMPLATE, &caddr, 0, &vaddr, vport);
	t->kind = svc->fwmark ? 1 : 0;
}

/**
 * hvs_tmpl_get() - the live persistence template of a client, refreshed
 * @svc: the persistent service
 * @p: the client's packet
 *
 * Context: softirq, RCU read side.
 * Return: the template (valid until the RCU section ends) or NULL.
 */
struct hvs_conn *hvs_tmpl_get(struct hvs_service *svc,
			      const struct hvs_pkt *p)
{
	struct hvs_conn *c;
	struct hvs_tuple t;

	hvs_tmpl_key(&t, svc, p);
	c = hvs_conn_lookup(svc->hn, &t);
	if (!c || c->svc != svc)
		return NULL;
	spin_lock(&c->lock);
	if (c->dead) {
		spin_unlock(&c->lock);
		return NULL;
	}
	if (!READ_ONCE(c->dest->available)) {
		/* Its real server was deleted: like ip_vs, drop the template
		 * at once so that the client is scheduled afresh.
		 */
		c->dead = 1;
		spin_unlock(&c->lock);
		del_timer(&c->timer);
		hvs_conn_teardown(c);
		return NULL;
	}
	mod_timer(&c->timer, jiffies + c->timeout);
	spin_unlock(&c->lock);
	return c;
}

/**
 * hvs_tmpl_new() - create a persistence template for a client
 * @svc: the persistent service
 * @dest: the real server the client keeps
 * @p: the client's packet
 *
 * Context: softirq, RCU read side.
 * Return: the template (valid until the RCU section ends) or NULL.
 */
struct hvs_conn *hvs_tmpl_new(struct hvs_service *svc, struct hvs_dest *dest,
			      const struct hvs_pkt *p)
{
	struct hvs_conn *c;

	c = hvs_conn_alloc(svc, dest, HALO_VS_CONN_F_TEMPLATE);
	if (!c)
		return NULL;
	hvs_tmpl_key(&c->in.key, svc, p);
	c->dport = hvs_tmpl_ports(svc, p) ? dest->port : 0;
	c->timeout = (unsigned long)svc->timeout * HZ;
	return hvs_conn_hash(c);
}

/**
 * hvs_conn_update() - account a packet: TCP state, counters, timer
 * @c: the entry
 * @dir: HVS_DIR_*
 * @tcpflags: TCP flags of the packet (ignored for UDP)
 *
 * Context: softirq, RCU read side.
 */
void hvs_conn_update(struct hvs_conn *c, int dir, u8 tcpflags)
{
	struct hvs_dest *d = c->dest;
	u8 proto = c->in.key.proto;
	bool assure = false;
	u8 old, new;

	spin_lock(&c->lock);
	if (c->dead)
		goto out;
	old = c->state;
	new = old;
	if (proto == IPPROTO_TCP)
		new = hvs_tcp_next_state(old, dir, tcpflags);
	if (new != old) {
		bool active = hvs_state_active(proto, new);

		if (active == !!c->inactive) {
			c->inactive = !active;
			atomic_add(active ? -1 : 1, &d->inactconns);
			atomic_add(active ? 1 : -1, &d->activeconns);
			hvs_heap_fix(d);
		}
		/* Half-open until the handshake completes: SYN_RECV is
		 * ActiveConn already, but still costs only a forged SYN.
		 */
		if (new == HALO_VS_TCP_S_ESTABLISHED)
			hvs_half_del(c);
		c->state = new;
		assure = new == HALO_VS_TCP_S_ESTABLISHED && c->ctl;
	}
	c->timeout = hvs_state_timeout(c->hn, proto, new);
	if (c->flags & HVS_CONN_F_HASHED)
		mod_timer(&c->timer, jiffies + c->timeout);
out:
	spin_unlock(&c->lock);
	/* As in ip_vs, a template is ASSURED once a connection it placed got
	 * established. c->ctl is set at creation and held by c.
	 */
	if (assure) {
		spin_lock(&c->ctl->lock);
		c->ctl->state = HALO_VS_CTPL_S_ASSURED;
		spin_unlock(&c->ctl->lock);
	}
}

/**
 * hvs_conn_reuse_closed() - end a closed entry that a client's new SYN hits
 * @c: the entry the packet was found to belong to
 * @p: the packet
 *
 * A SYN (without ACK) on an entry in TIME_WAIT or CLOSE is a new connection
 * from a reused client port. As ip_vs does by default (conn_reuse_mode 1),
 * the old entry ends at once so that the SYN is scheduled afresh: a real
 * server removed or set to weight 0 since then gets no new connection
 * through an old entry. Entries placed by a persistence template are kept
 * (the template would choose the same server).
 *
 * Context: softirq, RCU read side.
 * Return: true if the packet must be scheduled as a new connection.
 */
bool hvs_conn_reuse_closed(struct hvs_conn *c, const struct hvs_pkt *p)
{
	u8 st = READ_ONCE(c->state);

	if (p->proto != IPPROTO_TCP || c->ctl ||
	    (p->tcpflags & (TCPHDR_SYN | TCPHDR_ACK | TCPHDR_RST |
			    TCPHDR_FIN)) != TCPHDR_SYN)
		return false;
	if (st != HALO_VS_TCP_S_TIME_WAIT && st != HALO_VS_TCP_S_CLOSE)
		return false;
	hvs_conn_drop_now(c);
	return true;
}

/* Control path: tear an entry down unless its timer already does. */
static void hvs_conn_kill(struct hvs_conn *c)
{
	spin_lock_bh(&c->lock);
	if (c->dead) {
		spin_unlock_bh(&c->lock);
		return;
	}
	c->dead = 1;
	spin_unlock_bh(&c->lock);
	del_timer_sync(&c->timer);
	local_bh_disable();
	hvs_conn_teardown(c);
	local_bh_enable();
}

/**
 * hvs_conn_walk_next() - the next entry of a table walk, once per entry
 * @it: an iterator between rhashtable_walk_start() and _stop()
 *
 * Context: RCU read side (inside the walk).
 * Return: the next entry, or NULL at the end.
 */
struct hvs_conn *hvs_conn_walk_next(struct rhashtable_iter *it)
{
	struct hvs_conn_node *n;

	for (;;) {
		n = rhashtable_walk_next(it);
		if (IS_ERR(n)) {
			if (PTR_ERR(n) == -EAGAIN)
				continue;
			return NULL;
		}
		if (!n)
			return NULL;
		if (!n->out)
			return container_of(n, struct hvs_conn, in);
	}
}

/**
 * hvs_conn_kill_matching() - tear down every entry @match selects
 * @hn: namespace state
 * @match: predicate
 * @arg: its argument
 *
 * Context: process context; new matching entries must no longer be
 * possible (the caller unpublished their service or destination and
 * waited for a grace period).
 */
void hvs_conn_kill_matching(struct hvs_net *hn,
			    bool (*match)(struct hvs_conn *c, void *arg),
			    void *arg)
{
	struct rhashtable_iter it;
	struct hvs_conn *c;

	rhashtable_walk_enter(&hn->conn_tab, &it);
	rhashtable_walk_start(&it);
	while ((c = hvs_conn_walk_next(&it))) {
		if (match(c, arg))
			hvs_conn_kill(c);
		if (need_resched()) {
			rhashtable_walk_stop(&it);
			cond_resched();
			rhashtable_walk_start(&it);
		}
	}
	rhashtable_walk_stop(&it);
	rhashtable_walk_exit(&it);
}

/**
 * hvs_conn_tab_size() - the current number of buckets of the table
 * @hn: namespace state
 *
 * Context: any.
 * Return: the bucket count.
 */
unsigned int hvs_conn_tab_size(struct hvs_net *hn)
{
	const struct bucket_table *tbl;
	unsigned int size;

	rcu_read_lock();
	tbl = rcu_dereference(hn->conn_tab.tbl);
	size = tbl->size;
	rcu_read_unlock();
	return size;
}

/**
 * hvs_conn_net_init() - set up a namespace's connection table
 * @hn: namespace state
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int hvs_conn_net_init(struct hvs_net *hn)
{
	atomic_set(&hn->conn_count, 0);
	spin_lock_init(&hn->half_lock);
	INIT_LIST_HEAD(&hn->half_list);
	hn->half_count = 0;
	hn->max_half_open = HVS_MAX_HALF_OPEN_DEFAULT;
	atomic_long_set(&hn->half_dropped, 0);
	return rhashtable_init(&hn->conn_tab, &hvs_conn_params);
}

static bool hvs_match_all(struct hvs_conn *c, void *arg)
{
	return true;
}

/**
 * hvs_conn_net_exit() - empty and free a namespace's connection table
 * @hn: namespace state
 *
 * Context: process context, after the hooks are gone.
 */
void hvs_conn_net_exit(struct hvs_net *hn)
{
	int tries = 0;

	hvs_conn_kill_matching(hn, hvs_match_all, NULL);
	/* Expiring timers that won the race finish on their own. */
	while (atomic_read(&hn->conn_count) && tries++ < 500)
		msleep(20);
	WARN_ON_ONCE(atomic_read(&hn->conn_count));
	rcu_barrier();
	rhashtable_destroy(&hn->conn_tab);
}

/**
 * hvs_conn_cache_init() - create the slab cache of connection entries
 *
 * Context: module init.
 * Return: 0 or -ENOMEM.
 */
int hvs_conn_cache_init(void)
{
	hvs_conn_cache = KMEM_CACHE(hvs_conn, 0);
	return hvs_conn_cache ? 0 : -ENOMEM;
}

/**
 * hvs_conn_cache_exit() - destroy the slab cache
 *
 * Context: module exit, after every namespace is gone.
 */
void hvs_conn_cache_exit(void)
{
	rcu_barrier();
	kmem_cache_destroy(hvs_conn_cache);
}
