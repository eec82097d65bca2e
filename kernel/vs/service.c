// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual services and their real servers: creation, lookup, change and
 * removal. Every change runs under hn->lock; the packet path finds services
 * and walks destinations under RCU.
 */

#include <linux/jhash.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "hvs.h"

static u32 hvs_svc_hash(u16 af, u8 proto, const union nf_inet_addr *addr,
			__be16 port)
{
	u32 h;

	if (af == AF_INET)
		h = jhash_3words((__force u32)addr->ip, (__force u32)port,
				 proto, 0);
	else
		h = jhash2((const u32 *)addr->all, 4,
			   ((__force u32)port << 8) | proto);
	return h & (HVS_SVC_TAB_SIZE - 1);
}

static u32 hvs_fwmark_hash(u32 mark)
{
	return jhash_1word(mark, 1) & (HVS_SVC_TAB_SIZE - 1);
}

static bool hvs_addr_eq(u16 af, const union nf_inet_addr *a,
			const union nf_inet_addr *b)
{
	if (af == AF_INET)
		return a->ip == b->ip;
	return ipv6_addr_equal(&a->in6, &b->in6);
}

/**
 * hvs_svc_find() - the service of a protocol, virtual address and port
 * @hn: namespace state
 * @af: address family
 * @proto: IPPROTO_TCP or IPPROTO_UDP
 * @addr: virtual address
 * @port: virtual port, network order
 *
 * Context: RCU read side or hn->lock held.
 * Return: the service or NULL.
 */
struct hvs_service *hvs_svc_find(struct hvs_net *hn, u16 af, u8 proto,
				 const union nf_inet_addr *addr, __be16 port)
{
	struct hvs_service *svc;
	u32 h = hvs_svc_hash(af, proto, addr, port);

	hlist_for_each_entry_rcu(svc, &hn->svc_tab[h], hnode,
				 lockdep_is_held(&hn->lock)) {
		if (!svc->fwmark && svc->af == af && svc->proto == proto &&
		    svc->port == port && hvs_addr_eq(af, &svc->addr, addr))
			return svc;
	}
	return NULL;
}

/**
 * hvs_svc_find_fwmark() - the service of a firewall mark
 * @hn: namespace state
 * @af: address family
 * @mark: the mark (> 0)
 *
 * Context: RCU read side or hn->lock held.
 * Return: the service or NULL.
 */
struct hvs_service *hvs_svc_find_fwmark(struct hvs_net *hn, u16 af, u32 mark)
{
	struct hvs_service *svc;

	hlist_for_each_entry_rcu(svc, &hn->svc_tab[hvs_fwmark_hash(mark)],
				 hnode, lockdep_is_held(&hn->lock)) {
		if (svc->fwmark == mark && svc->af == af)
			return svc;
	}
	return NULL;
}

/**
 * hvs_svc_lookup_conf() - the service named by a request's key
 * @hn: namespace state
 * @sc: the parsed key
 *
 * Context: hn->lock held.
 * Return: the service or NULL.
 */
struct hvs_service *hvs_svc_lookup_conf(struct hvs_net *hn,
					const struct hvs_svc_conf *sc)
{
	lockdep_assert_held(&hn->lock);
	if (sc->fwmark)
		return hvs_svc_find_fwmark(hn, sc->af, sc->fwmark);
	return hvs_svc_find(hn, sc->af, sc->proto, &sc->addr, sc->port);
}

static struct hvs_scheduler *hvs_svc_sched(struct hvs_service *svc)
{
	return rcu_dereference_protected(svc->sched,
					 lockdep_is_held(&svc->hn->lock));
}

/* Attach scheduler @s (its module reference passes to @svc). */
static int hvs_svc_sched_bind(struct hvs_service *svc, struct hvs_scheduler *s)
{
	int ret = 0;

	lockdep_assert_held(&svc->hn->lock);
	svc->sched_data = NULL;
	if (s->init)
		ret = s->init(svc);
	if (ret)
		return ret;
	if (s->less) {
		ret = hvs_heap_build(svc, s->less, NULL);
		if (ret) {
			if (s->done)
				s->done(svc);
			svc->sched_data = NULL;
			return ret;
		}
	}
	rcu_assign_pointer(svc->sched, s);
	return 0;
}

/* Detach the scheduler; the caller waits for a grace period first. */
static void hvs_svc_sched_unbind(struct hvs_service *svc)
{
	struct hvs_scheduler *s = hvs_svc_sched(svc);

	lockdep_assert_held(&svc->hn->lock);
	if (!s)
		return;
	hvs_heap_free(svc);
	if (s->done)
		s->done(svc);
	svc->sched_data = NULL;
	RCU_INIT_POINTER(svc->sched, NULL);
	hvs_sched_put(s);
}

static void hvs_svc_apply(struct hvs_service *svc,
			  const struct hvs_svc_conf *sc)
{
	WRITE_ONCE(svc->flags, sc->flags);
	WRITE_ONCE(svc->timeout, sc->timeout);
	WRITE_ONCE(svc->netmask, sc->netmask);
}

/**
 * hvs_svc_add() - create a virtual service
 * @hn: namespace state
 * @sc: its settings (key checked by the caller)
 * @extack: for error messages
 *
 * Context: process context, hn->lock held.
 * Return: 0, -EEXIST, -ENOENT (no such scheduler) or -ENOMEM.
 */
int hvs_svc_add(struct hvs_net *hn, const struct hvs_svc_conf *sc,
		struct netlink_ext_ack *extack)
{
	struct hvs_scheduler *s;
	struct hvs_service *svc;
	int ret;
	u32 h;

	lockdep_assert_held(&hn->lock);
	if (hvs_svc_lookup_conf(hn, sc)) {
		NL_SET_ERR_MSG(extack, "service already exists");
		return -EEXIST;
	}
	s = hvs_sched_get(sc->sched_name);
	if (!s) {
		NL_SET_ERR_MSG(extack, "no such scheduler");
		return -ENOENT;
	}
	ret = -ENOMEM;
	svc = kzalloc(sizeof(*svc), GFP_KERNEL);
	if (!svc)
		goto err_sched;
	if (hvs_stats_init(&svc->stats))
		goto err_free;
	svc->hn = hn;
	svc->af = sc->af;
	svc->proto = sc->proto;
	svc->addr = sc->addr;
	svc->port = sc->port;
	svc->fwmark = sc->fwmark;
	hvs_svc_apply(svc, sc);
	spin_lock_init(&svc->sched_lock);
	INIT_LIST_HEAD(&svc->dests);
	INIT_LIST_HEAD(&svc->trash);
	ret = hvs_svc_sched_bind(svc, s);
	if (ret)
		goto err_stats;

	if (svc->fwmark)
		h = hvs_fwmark_hash(svc->fwmark);
	else
		h = hvs_svc_hash(svc->af, svc->proto, &svc->addr, svc->port);
	hlist_add_head_rcu(&svc->hnode, &hn->svc_tab[h]);
	list_add_tail(&svc->list, &hn->svc_list);
	atomic_inc(&hn->svc_count);
	return 0;

err_stats:
	hvs_stats_free(&svc->stats);
err_free:
	kfree(svc);
err_sched:
	hvs_sched_put(s);
	return ret;
}

/**
 * hvs_svc_edit() - replace a service's scheduler, flags and persistence
 * @svc: the service
 * @sc: the new settings
 * @extack: for error messages
 *
 * Context: process context, hn->lock held.
 * Return: 0, -ENOENT (no such scheduler) or the scheduler's init error.
 */
int hvs_svc_edit(struct hvs_service *svc, const struct hvs_svc_conf *sc,
		 struct netlink_ext_ack *extack)
{
	struct hvs_scheduler *old = hvs_svc_sched(svc), *s;
	int ret;

	lockdep_assert_held(&svc->hn->lock);
	if (old && !strcmp(old->name, sc->sched_name)) {
		hvs_svc_apply(svc, sc);
		return 0;
	}
	s = hvs_sched_get(sc->sched_name);
	if (!s) {
		NL_SET_ERR_MSG(extack, "no such scheduler");
		return -ENOENT;
	}
	/* No new connections while the scheduler is swapped. */
	RCU_INIT_POINTER(svc->sched, NULL);
	synchronize_rcu();
	if (old) {
		rcu_assign_pointer(svc->sched, old);
		hvs_svc_sched_unbind(svc);
	}
	ret = hvs_svc_sched_bind(svc, s);
	if (ret) {
		hvs_sched_put(s);
		return ret;
	}
	hvs_svc_apply(svc, sc);
	return 0;
}

static void hvs_dest_free_rcu(struct rcu_head *head)
{
	struct hvs_dest *dest = container_of(head, struct hvs_dest, rcu);

	dst_cache_destroy(&dest->dst_cache);
	hvs_stats_free(&dest->stats);
	kfree(dest);
}

static void hvs_svc_free_rcu(struct rcu_head *head)
{
	struct hvs_service *svc = container_of(head, struct hvs_service, rcu);

	hvs_stats_free(&svc->stats);
	kfree(svc);
}

static bool hvs_conn_of_svc(struct hvs_conn *c, void *arg)
{
	return c->svc == arg;
}

/**
 * hvs_svc_del() - delete a service, its real servers and connections
 * @svc: the service
 *
 * Context: process context, hn->lock held; sleeps for grace periods.
 */
void hvs_svc_del(struct hvs_service *svc)
{
	struct hvs_net *hn = svc->hn;
	struct hvs_dest *dest, *tmp;

	lockdep_assert_held(&hn->lock);
	hlist_del_rcu(&svc->hnode);
	list_del(&svc->list);
	atomic_dec(&hn->svc_count);
	synchronize_rcu();
	hvs_conn_kill_matching(hn, hvs_conn_of_svc, svc);
	hvs_svc_sched_unbind(svc);
	list_for_each_entry_safe(dest, tmp, &svc->dests, list) {
		list_del_rcu(&dest->list);
		hvs_dest_put(dest);
	}
	list_for_each_entry_safe(dest, tmp, &svc->trash, list) {
		list_del(&dest->list);
		hvs_dest_put(dest);
	}
	call_rcu(&svc->rcu, hvs_svc_free_rcu);
}

/**
 * hvs_svc_flush() - delete every service of a namespace
 * @hn: namespace state
 *
 * Context: process context, hn->lock held.
 */
void hvs_svc_flush(struct hvs_net *hn)
{
	struct hvs_service *svc, *tmp;

	lockdep_assert_held(&hn->lock);
	list_for_each_entry_safe(svc, tmp, &hn->svc_list, list)
		hvs_svc_del(svc);
}

/**
 * hvs_dest_find() - a real server of a service
 * @svc: the service
 * @af: address family
 * @addr: address
 * @port: port, network order
 *
 * Context: hn->lock held or RCU read side.
 * Return: the real server or NULL.
 */
struct hvs_dest *hvs_dest_find(struct hvs_service *svc, u16 af,
			       const union nf_inet_addr *addr, __be16 port)
{
	struct hvs_dest *dest;

	list_for_each_entry_rcu(dest, &svc->dests, list,
				lockdep_is_held(&svc->hn->lock)) {
		if (dest->af == af && dest->port == port &&
		    hvs_addr_eq(af, &dest->addr, addr))
			return dest;
	}
	return NULL;
}

static void hvs_dest_apply(struct hvs_dest *dest,
			   const struct hvs_dest_conf *dc)
{
	u32 total;

	WRITE_ONCE(dest->fwd, dc->fwd);
	WRITE_ONCE(dest->tun_type, dc->tun_type);
	WRITE_ONCE(dest->u_thresh, dc->u_thresh);
	WRITE_ONCE(dest->l_thresh, dc->l_thresh);
	WRITE_ONCE(dest->weight, dc->weight);
	total = atomic_read(&dest->activeconns) +
		atomic_read(&dest->inactconns);
	WRITE_ONCE(dest->overloaded, dc->u_thresh && total >= dc->u_thresh);
}

/* Tell the scheduler; only an index that must grow can fail (-ENOMEM). */
static int hvs_sched_update(struct hvs_service *svc, struct hvs_dest *gone)
{
	struct hvs_scheduler *s = hvs_svc_sched(svc);
	int ret;

	if (s && s->less) {
		ret = hvs_heap_build(svc, s->less, gone);
		if (ret)
			return ret;
	}
	if (s && s->update)
		s->update(svc, gone);
	return 0;
}

/*
 * Free the real servers in @svc's trash that no entry holds any more. Off
 * the list for a grace period, a trashed server gains no new reference, so
 * a count of one (the trash's own) stays one.
 */
static void hvs_trash_purge(struct hvs_service *svc)
{
	struct hvs_dest *dest, *tmp;

	list_for_each_entry_safe(dest, tmp, &svc->trash, list) {
		if (refcount_read(&dest->refcnt) == 1) {
			list_del(&dest->list);
			hvs_dest_put(dest);
		}
	}
}

/* The deleted real server at @dc's address and port, taken off the trash. */
static struct hvs_dest *hvs_trash_take(struct hvs_service *svc,
				       const struct hvs_dest_conf *dc)
{
	struct hvs_dest *dest;

	list_for_each_entry(dest, &svc->trash, list) {
		if (dest->af == dc->af && dest->port == dc->port &&
		    hvs_addr_eq(dc->af, &dest->addr, &dc->addr)) {
			list_del(&dest->list);
			return dest;
		}
	}
	return NULL;
}

/* A new real server for @svc, not yet listed. */
static struct hvs_dest *hvs_dest_new(struct hvs_service *svc,
				     const struct hvs_dest_conf *dc)
{
	struct hvs_dest *dest;

	dest = kzalloc(sizeof(*dest), GFP_KERNEL);
	if (!dest)
		return NULL;
	if (hvs_stats_init(&dest->stats))
		goto err_free;
	if (dst_cache_init(&dest->dst_cache, GFP_KERNEL))
		goto err_stats;
	dest->svc = svc;
	dest->af = dc->af;
	dest->addr = dc->addr;
	dest->port = dc->port;
	refcount_set(&dest->refcnt, 1);
	return dest;

err_stats:
	hvs_stats_free(&dest->stats);
err_free:
	kfree(dest);
	return NULL;
}

/**
 * hvs_dest_add() - add a real server to a service
 * @svc: the service
 * @dc: its settings (checked by the caller; not yet present)
 *
 * A server deleted while entries still held it comes back from the trash
 * with its connections, counters and statistics, as in ip_vs.
 *
 * Context: process context, hn->lock held; may sleep.
 * Return: 0 or -ENOMEM.
 */
int hvs_dest_add(struct hvs_service *svc, const struct hvs_dest_conf *dc)
{
	struct hvs_dest *dest;
	bool revived;

	lockdep_assert_held(&svc->hn->lock);
	dest = hvs_trash_take(svc, dc);
	revived = dest;
	if (!dest)
		dest = hvs_dest_new(svc, dc);
	if (!dest)
		return -ENOMEM;
	dest->sched_node = -1;
	dest->seq = ++svc->dest_seq;
	hvs_dest_apply(dest, dc);
	WRITE_ONCE(dest->available, 1);
	list_add_rcu(&dest->list, &svc->dests);
	svc->num_dests++;
	if (hvs_sched_update(svc, NULL))
		goto err_unlist;
	hvs_trash_purge(svc);
	return 0;

err_unlist:
	WRITE_ONCE(dest->available, 0);
	list_del_rcu(&dest->list);
	svc->num_dests--;
	if (revived) {
		synchronize_rcu();
		list_add(&dest->list, &svc->trash);
	} else {
		call_rcu(&dest->rcu, hvs_dest_free_rcu);
	}
	return -ENOMEM;
}

/**
 * hvs_dest_edit() - replace a real server's settings
 * @dest: the real server
 * @dc: the new settings
 *
 * Context: process context, hn->lock held.
 */
void hvs_dest_edit(struct hvs_dest *dest, const struct hvs_dest_conf *dc)
{
	lockdep_assert_held(&dest->svc->hn->lock);
	hvs_dest_apply(dest, dc);
	/* Same number of servers: the index keeps its memory, no failure. */
	WARN_ON_ONCE(hvs_sched_update(dest->svc, NULL));
}

/**
 * hvs_dest_put() - drop a reference on a real server
 * @dest: the real server; the last reference frees it after a grace period
 *
 * Context: any.
 */
void hvs_dest_put(struct hvs_dest *dest)
{
	if (refcount_dec_and_test(&dest->refcnt))
		call_rcu(&dest->rcu, hvs_dest_free_rcu);
}

/**
 * hvs_dest_del() - remove a real server, keeping its connections
 * @dest: the real server
 *
 * As in ip_vs: no new connection goes to it, but its existing connections
 * keep working until they end; it waits in the service's trash until then
 * (hvs_dest_add() of the same address and port revives it). Persistence
 * templates pointing to it are dropped when next looked up.
 *
 * Context: process context, hn->lock held; sleeps for a grace period.
 */
void hvs_dest_del(struct hvs_dest *dest)
{
	struct hvs_service *svc = dest->svc;

	lockdep_assert_held(&svc->hn->lock);
	WRITE_ONCE(dest->available, 0);
	WARN_ON_ONCE(hvs_sched_update(svc, dest));
	list_del_rcu(&dest->list);
	svc->num_dests--;
	/* Whoever scheduled it before the unlink has bound its entry. */
	synchronize_rcu();
	list_add(&dest->list, &svc->trash);
	hvs_trash_purge(svc);
}
