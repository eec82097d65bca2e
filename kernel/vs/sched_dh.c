// SPDX-License-Identifier: GPL-2.0
/*
 * dh: destination hashing.
 *
 * A table of 256 buckets maps a hash of the packet's destination address to a
 * real server, so one address always lands on the same server while the
 * server set stays.
 * The key is the address folded to 32 bits (IPv6: XOR of its four words),
 * multiplied by the golden-ratio constant and shifted down to 8 bits
 * (hash_32). The table (sched_buckets.c) is shared with the other
 * hashing scheduler. If the chosen server is unusable the lookup fails, or
 * with the fallback flag (HALO_VS_SVC_F_SCHED1) moves on to the next
 * buckets until a usable server is found. O(1).
 */

#include <linux/hash.h>
#include <linux/module.h>

#include "hvs.h"

static u32 hvs_dh_key(const struct hvs_service *svc, const struct hvs_pkt *p)
{
	const union nf_inet_addr *a = &p->daddr;
	u32 k;

	if (p->af == AF_INET)
		k = ntohl(a->ip);
	else
		k = ntohl(a->ip6[0] ^ a->ip6[1] ^ a->ip6[2] ^ a->ip6[3]);
	return hash_32(k, HVS_BUCKET_BITS);
}

static struct hvs_dest *hvs_dh_schedule(struct hvs_service *svc,
					const struct hvs_pkt *p)
{
	return hvs_buckets_pick(svc, hvs_dh_key(svc, p));
}

static struct hvs_scheduler hvs_dh_sched = {
	.name = "dh",
	.owner = THIS_MODULE,
	.init = hvs_buckets_init,
	.done = hvs_buckets_done,
	.update = hvs_buckets_update,
	.schedule = hvs_dh_schedule,
};

static int __init hvs_dh_mod_init(void)
{
	return hvs_register_scheduler(&hvs_dh_sched);
}

static void __exit hvs_dh_mod_exit(void)
{
	hvs_unregister_scheduler(&hvs_dh_sched);
}

module_init(hvs_dh_mod_init);
module_exit(hvs_dh_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("halo_vs destination hashing scheduler");
