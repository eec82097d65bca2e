// SPDX-License-Identifier: GPL-2.0
/*
 * The bucket table of the hashing schedulers (sh, dh): 256 buckets, each
 * naming a real server. It is filled in list order, each server taking as
 * many consecutive buckets as its weight before the next one takes its
 * turn, round and round until all 256 are taken (servers of weight 0 take
 * none). It is rebuilt on every change of real servers, under the service
 * lock (svc->hn->lock), and swapped in with RCU; the packet path reads it
 * under rcu_read_lock. The schedulers only choose the bucket.
 */

#include <linux/bits.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "hvs.h"

#define HVS_BUCKET_SIZE	BIT(HVS_BUCKET_BITS)

struct hvs_buckets_tab {
	struct rcu_head rcu;
	struct hvs_dest *bucket[HVS_BUCKET_SIZE];
};

struct hvs_buckets {
	struct hvs_buckets_tab __rcu *tab;
};

static void hvs_buckets_fill(struct hvs_service *svc,
			     struct hvs_buckets_tab *t, struct hvs_dest *gone)
{
	struct hvs_dest *d, *first = NULL;
	struct list_head *pos;
	int i = 0, used = 0;

	list_for_each_entry(d, &svc->dests, list)
		if (d != gone && READ_ONCE(d->weight) > 0) {
			first = d;
			break;
		}
	if (!first)
		return;
	d = first;
	while (i < HVS_BUCKET_SIZE) {
		t->bucket[i++] = d;
		if (++used < READ_ONCE(d->weight))
			continue;
		used = 0;
		/* The next server with a weight, wrapping around. */
		pos = &d->list;
		do {
			pos = pos->next;
			if (pos == &svc->dests)
				continue;
			d = list_entry(pos, struct hvs_dest, list);
		} while (pos == &svc->dests || d == gone ||
			 READ_ONCE(d->weight) <= 0);
	}
}

static int hvs_buckets_rebuild(struct hvs_service *svc,
			       struct hvs_dest *gone, gfp_t gfp)
{
	struct hvs_buckets *s = svc->sched_data;
	struct hvs_buckets_tab *t, *old;

	t = kzalloc(sizeof(*t), gfp);
	if (!t)
		return -ENOMEM;
	hvs_buckets_fill(svc, t, gone);
	old = rcu_replace_pointer(s->tab, t,
				  lockdep_is_held(&svc->hn->lock));
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

/**
 * hvs_buckets_init() - give a service its bucket table
 * @svc: the service
 *
 * Context: process context, under the service lock.
 * Return: 0 or -ENOMEM.
 */
int hvs_buckets_init(struct hvs_service *svc)
{
	struct hvs_buckets *s = kzalloc(sizeof(*s), GFP_KERNEL);
	int ret;

	if (!s)
		return -ENOMEM;
	svc->sched_data = s;
	ret = hvs_buckets_rebuild(svc, NULL, GFP_KERNEL);
	if (ret) {
		kfree(s);
		svc->sched_data = NULL;
	}
	return ret;
}
EXPORT_SYMBOL_GPL(hvs_buckets_init);

/**
 * hvs_buckets_done() - free a service's bucket table
 * @svc: the service
 *
 * Context: process context, under the service lock.
 */
void hvs_buckets_done(struct hvs_service *svc)
{
	struct hvs_buckets *s = svc->sched_data;

	kfree(rcu_dereference_protected(s->tab,
					lockdep_is_held(&svc->hn->lock)));
	kfree(s);
}
EXPORT_SYMBOL_GPL(hvs_buckets_done);

/**
 * hvs_buckets_update() - refill the table after a change of real servers
 * @svc: the service
 * @gone: a real server being removed, left out of the table; or NULL
 *
 * Context: process context, under the service lock.
 */
void hvs_buckets_update(struct hvs_service *svc, struct hvs_dest *gone)
{
	/* On failure the old table stays; its servers are checked anyway. */
	hvs_buckets_rebuild(svc, gone, GFP_KERNEL);
}
EXPORT_SYMBOL_GPL(hvs_buckets_update);

/**
 * hvs_buckets_pick() - the real server of bucket @h
 * @svc: the service
 * @h: the bucket, below BIT(HVS_BUCKET_BITS)
 *
 * If that server is unusable: NULL, or with the fallback flag
 * (HALO_VS_SVC_F_SCHED1) the next usable server in the following buckets.
 *
 * Context: RCU read side (packet path).
 * Return: a real server or NULL.
 */
struct hvs_dest *hvs_buckets_pick(struct hvs_service *svc, u32 h)
{
	struct hvs_buckets *s = svc->sched_data;
	struct hvs_buckets_tab *t = rcu_dereference(s->tab);
	struct hvs_dest *d;
	int i;

	d = t->bucket[h];
	if (d && hvs_dest_usable(d))
		return d;
	if (!(READ_ONCE(svc->flags) & HALO_VS_SVC_F_SCHED1))
		return NULL;
	for (i = 1; i < HVS_BUCKET_SIZE; i++) {
		d = t->bucket[(h + i) & (HVS_BUCKET_SIZE - 1)];
		if (d && hvs_dest_usable(d))
			return d;
	}
	return NULL;
}
EXPORT_SYMBOL_GPL(hvs_buckets_pick);
