// SPDX-License-Identifier: GPL-2.0
/*
 * wlc: weighted least connections (the default scheduler of ipvsadm).
 *
 * The new connection goes to the usable server with the smallest
 * overhead / weight, where overhead = 257 * active + inactive (see
 * sched_lc.c). To stay in integers the ratios are compared by
 * cross-multiplying: server D beats the current least L when
 *   overhead(L) * weight(D) > overhead(D) * weight(L)
 * in 64-bit arithmetic (weights are at most INT_MAX and overheads stay far
 * below 2^32 in practice). Ties keep the earlier (newer) server. O(n).
 */

#include <linux/module.h>

#include "hvs.h"

static struct hvs_dest *hvs_wlc_schedule(struct hvs_service *svc,
					 const struct hvs_pkt *p)
{
	struct hvs_dest *dest, *least = NULL;
	u64 loh = 0, doh;
	int lw = 0, dw;

	list_for_each_entry_rcu(dest, &svc->dests, list) {
		if (!hvs_dest_usable(dest))
			continue;
		doh = hvs_dest_overhead(dest);
		dw = READ_ONCE(dest->weight);
		if (!least || loh * dw > doh * lw) {
			least = dest;
			loh = doh;
			lw = dw;
		}
	}
	return least;
}

static struct hvs_scheduler hvs_wlc = {
	.name = "wlc",
	.owner = THIS_MODULE,
	.schedule = hvs_wlc_schedule,
};

static int __init hvs_wlc_mod_init(void)
{
	return hvs_register_scheduler(&hvs_wlc);
}

static void __exit hvs_wlc_mod_exit(void)
{
	hvs_unregister_scheduler(&hvs_wlc);
}

module_init(hvs_wlc_mod_init);
module_exit(hvs_wlc_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("halo_vs weighted least-connection scheduler");
