// SPDX-License-Identifier: GPL-2.0
/*
 * mh: Maglev hashing (Eisenbud et al., NSDI 2016).
 *
 * A lookup table of M = 4093 slots (a prime) maps a hash of the client's
 * address (and port, with the mh-port flag HALO_VS_SVC_F_SCHED2) to a real
 * server. Each server i has a permutation of the slots,
 *   slot(i, j) = (offset_i + j * skip_i) mod M,
 * with offset_i = h1(server) mod M and skip_i = h2(server) mod (M - 1) + 1;
 * since M is prime every skip visits every slot. The table is filled in
 * rounds: in each round server i claims weight_i / g slots (g = gcd of the
 * weights), each time the next slot of its permutation that is still free,
 * until all M are taken. So servers own slots in proportion to their weight
 * and adding or removing one moves few clients. The hashes are jhash of the
 * address and port with two seeds; all arithmetic is 32-bit integers.
 * Rebuilt on every change (O(M) plus collisions) and swapped in with RCU;
 * lookup is O(1). An unusable server fails the lookup unless the fallback
 * flag (HALO_VS_SVC_F_SCHED1) is set; then the following slots are tried.
 */

#include <linux/gcd.h>
#include <linux/jhash.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "hvs.h"

#define HVS_MH_SIZE	4093

struct hvs_mh_tab {
	struct rcu_head rcu;
	struct hvs_dest *slot[HVS_MH_SIZE];
};

struct hvs_mh {
	struct hvs_mh_tab __rcu *tab;
};

struct hvs_mh_perm {
	struct hvs_dest *dest;
	u32 offset;
	u32 skip;
	u32 next;
	u32 turns;
};

static u32 hvs_mh_addr_hash(u16 af, const union nf_inet_addr *a, __be16 port,
			    u32 seed)
{
	if (af == AF_INET)
		return jhash_2words((__force u32)a->ip, (__force u32)port, seed);
	return jhash2((const u32 *)a->all, 4, seed ^ (__force u32)port);
}

static void hvs_mh_claim(struct hvs_mh_tab *t, struct hvs_mh_perm *pm)
{
	u32 c;

	do {
		c = (pm->offset + (u64)pm->next * pm->skip) % HVS_MH_SIZE;
		pm->next++;
	} while (t->slot[c]);
	t->slot[c] = pm->dest;
}

static int hvs_mh_fill(struct hvs_service *svc, struct hvs_mh_tab *t,
		       struct hvs_dest *gone)
{
	struct hvs_mh_perm *perm;
	struct hvs_dest *d;
	int n = 0, i, g = 0, filled = 0;
	u32 k;

	list_for_each_entry(d, &svc->dests, list)
		if (d != gone && READ_ONCE(d->weight) > 0) {
			n++;
			g = g ? gcd(g, READ_ONCE(d->weight)) : READ_ONCE(d->weight);
		}
	if (!n)
		return 0;
	perm = kcalloc(n, sizeof(*perm), GFP_KERNEL);
	if (!perm)
		return -ENOMEM;
	i = 0;
	list_for_each_entry(d, &svc->dests, list) {
		if (d == gone || READ_ONCE(d->weight) <= 0)
			continue;
		perm[i].dest = d;
		perm[i].offset = hvs_mh_addr_hash(d->af, &d->addr, d->port, 1) %
				 HVS_MH_SIZE;
		perm[i].skip = hvs_mh_addr_hash(d->af, &d->addr, d->port, 2) %
			       (HVS_MH_SIZE - 1) + 1;
		perm[i].turns = READ_ONCE(d->weight) / g;
		i++;
	}
	while (filled < HVS_MH_SIZE) {
		for (i = 0; i < n && filled < HVS_MH_SIZE; i++) {
			for (k = 0; k < perm[i].turns && filled < HVS_MH_SIZE;
			     k++, filled++)
				hvs_mh_claim(t, &perm[i]);
		}
	}
	kfree(perm);
	return 0;
}

static int hvs_mh_rebuild(struct hvs_service *svc, struct hvs_dest *gone)
{
	struct hvs_mh *s = svc->sched_data;
	struct hvs_mh_tab *t, *old;
	int ret;

	t = kvzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	ret = hvs_mh_fill(svc, t, gone);
	if (ret) {
		kvfree(t);
		return ret;
	}
	old = rcu_replace_pointer(s->tab, t, lockdep_is_held(&svc->hn->lock));
	if (old)
		kvfree_rcu(old, rcu);
	return 0;
}

static int hvs_mh_init(struct hvs_service *svc)
{
	struct hvs_mh *s = kzalloc(sizeof(*s), GFP_KERNEL);
	int ret;

	if (!s)
		return -ENOMEM;
	svc->sched_data = s;
	ret = hvs_mh_rebuild(svc, NULL);
	if (ret) {
		kfree(s);
		svc->sched_data = NULL;
	}
	return ret;
}

static void hvs_mh_done(struct hvs_service *svc)
{
	struct hvs_mh *s = svc->sched_data;

	kvfree(rcu_dereference_protected(s->tab,
					 lockdep_is_held(&svc->hn->lock)));
	kfree(s);
}

static void hvs_mh_update(struct hvs_service *svc, struct hvs_dest *gone)
{
	/* On failure the old table stays; its servers are checked anyway. */
	hvs_mh_rebuild(svc, gone);
}

static struct hvs_dest *hvs_mh_schedule(struct hvs_service *svc,
					const struct hvs_pkt *p)
{
	struct hvs_mh *s = svc->sched_data;
	struct hvs_mh_tab *t = rcu_dereference(s->tab);
	u32 flags = READ_ONCE(svc->flags);
	__be16 port = (flags & HALO_VS_SVC_F_SCHED2) ? p->sport : 0;
	u32 h = hvs_mh_addr_hash(p->af, &p->saddr, port, 3) % HVS_MH_SIZE;
	struct hvs_dest *d;
	int i;

	d = t->slot[h];
	if (d && hvs_dest_usable(d))
		return d;
	if (!(flags & HALO_VS_SVC_F_SCHED1))
		return NULL;
	for (i = 1; i < HVS_MH_SIZE; i++) {
		d = t->slot[(h + i) % HVS_MH_SIZE];
		if (d && hvs_dest_usable(d))
			return d;
	}
	return NULL;
}

static struct hvs_scheduler hvs_mh_sched = {
	.name = "mh",
	.owner = THIS_MODULE,
	.init = hvs_mh_init,
	.done = hvs_mh_done,
	.update = hvs_mh_update,
	.schedule = hvs_mh_schedule,
};

static int __init hvs_mh_mod_init(void)
{
	return hvs_register_scheduler(&hvs_mh_sched);
}

static void __exit hvs_mh_mod_exit(void)
{
	hvs_unregister_scheduler(&hvs_mh_sched);
}

module_init(hvs_mh_mod_init);
module_exit(hvs_mh_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("halo_vs Maglev hashing scheduler");
