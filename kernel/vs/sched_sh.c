// SPDX-License-Identifier: GPL-2.0
/*
 * sh: source hashing.
 *
 * A table of 256 buckets maps a hash of the packet's source address to a
 * real server, so one address always lands on the same server while the
 * server set stays. With the sh-port flag (HALO_VS_SVC_F_SCHED2) the source port is mixed in.
 * The table is filled in list order, each server taking as many
 * consecutive buckets as its weight before the next one takes its turn,
 * round and round until all 256 are taken (servers of weight 0 take none).
 * The key is the address folded to 32 bits (IPv6: XOR of its four words),
 * multiplied by the golden-ratio constant and shifted down to 8 bits
 * (hash_32). The table is rebuilt under the service lock on every change
 * and swapped in with RCU. If the chosen server is unusable the lookup
 * fails, or with the fallback flag (HALO_VS_SVC_F_SCHED1) moves on to the
 * next buckets until a usable server is found. O(1).
 */

#include <linux/bits.h>
#include <linux/hash.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "hvs.h"

#define HVS_SH_BITS	8
#define HVS_SH_SIZE	BIT(HVS_SH_BITS)

struct hvs_sh_tab {
	struct rcu_head rcu;
	struct hvs_dest *bucket[HVS_SH_SIZE];
};

struct hvs_sh {
	struct hvs_sh_tab __rcu *tab;
};

static void hvs_sh_fill(struct hvs_service *svc, struct hvs_sh_tab *t,
			struct hvs_dest *gone)
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
	while (i < HVS_SH_SIZE) {
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

static int hvs_sh_rebuild(struct hvs_service *svc, struct hvs_dest *gone,
			  gfp_t gfp)
{
	struct hvs_sh *s = svc->sched_data;
	struct hvs_sh_tab *t, *old;

	t = kzalloc(sizeof(*t), gfp);
	if (!t)
		return -ENOMEM;
	hvs_sh_fill(svc, t, gone);
	old = rcu_replace_pointer(s->tab, t,
				  lockdep_is_held(&svc->hn->lock));
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

static int hvs_sh_init(struct hvs_service *svc)
{
	struct hvs_sh *s = kzalloc(sizeof(*s), GFP_KERNEL);
	int ret;

	if (!s)
		return -ENOMEM;
	svc->sched_data = s;
	ret = hvs_sh_rebuild(svc, NULL, GFP_KERNEL);
	if (ret) {
		kfree(s);
		svc->sched_data = NULL;
	}
	return ret;
}

static void hvs_sh_done(struct hvs_service *svc)
{
	struct hvs_sh *s = svc->sched_data;

	kfree(rcu_dereference_protected(s->tab,
					lockdep_is_held(&svc->hn->lock)));
	kfree(s);
}

static void hvs_sh_update(struct hvs_service *svc, struct hvs_dest *gone)
{
	/* On failure the old table stays; its servers are checked anyway. */
	hvs_sh_rebuild(svc, gone, GFP_KERNEL);
}

static u32 hvs_sh_key(const struct hvs_service *svc, const struct hvs_pkt *p)
{
	const union nf_inet_addr *a = &p->saddr;
	u32 k;

	if (p->af == AF_INET)
		k = ntohl(a->ip);
	else
		k = ntohl(a->ip6[0] ^ a->ip6[1] ^ a->ip6[2] ^ a->ip6[3]);
	if (READ_ONCE(svc->flags) & HALO_VS_SVC_F_SCHED2)
		k += ntohs(p->sport);
	return hash_32(k, HVS_SH_BITS);
}

static struct hvs_dest *hvs_sh_schedule(struct hvs_service *svc,
					const struct hvs_pkt *p)
{
	struct hvs_sh *s = svc->sched_data;
	struct hvs_sh_tab *t = rcu_dereference(s->tab);
	u32 h = hvs_sh_key(svc, p);
	struct hvs_dest *d;
	int i;

	d = t->bucket[h];
	if (d && hvs_dest_usable(d))
		return d;
	if (!(READ_ONCE(svc->flags) & HALO_VS_SVC_F_SCHED1))
		return NULL;
	for (i = 1; i < HVS_SH_SIZE; i++) {
		d = t->bucket[(h + i) & (HVS_SH_SIZE - 1)];
		if (d && hvs_dest_usable(d))
			return d;
	}
	return NULL;
}

static struct hvs_scheduler hvs_sh_sched = {
	.name = "sh",
	.owner = THIS_MODULE,
	.init = hvs_sh_init,
	.done = hvs_sh_done,
	.update = hvs_sh_update,
	.schedule = hvs_sh_schedule,
};

static int __init hvs_sh_mod_init(void)
{
	return hvs_register_scheduler(&hvs_sh_sched);
}

static void __exit hvs_sh_mod_exit(void)
{
	hvs_unregister_scheduler(&hvs_sh_sched);
}

module_init(hvs_sh_mod_init);
module_exit(hvs_sh_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("halo_vs source hashing scheduler");
