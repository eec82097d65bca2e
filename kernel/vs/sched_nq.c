// SPDX-License-Identifier: GPL-2.0
/*
 * nq: never queue.
 *
 * A usable server with no active connection takes the new connection at
 * once (the first such in list order, newest first). When every server is
 * busy the choice falls back to shortest expected delay: the smallest
 * (active + 1) / weight, compared by cross-multiplying in 64-bit integers
 * (see sched_sed.c). One pass: O(n).
 */

#include <linux/module.h>

#include "hvs.h"

static struct hvs_dest *hvs_nq_schedule(struct hvs_service *svc,
					const struct hvs_pkt *p)
{
	struct hvs_dest *dest, *least = NULL;
	u64 loh = 0, doh;
	int lw = 0, dw;

	list_for_each_entry_rcu(dest, &svc->dests, list) {
		if (!hvs_dest_usable(dest))
			continue;
		if (!atomic_read(&dest->activeconns))
			return dest;
		doh = (u64)atomic_read(&dest->activeconns) + 1;
		dw = READ_ONCE(dest->weight);
		if (!least || loh * dw > doh * lw) {
			least = dest;
			loh = doh;
			lw = dw;
		}
	}
	return least;
}

static struct hvs_scheduler hvs_nq = {
	.name = "nq",
	.owner = THIS_MODULE,
	.schedule = hvs_nq_schedule,
};

static int __init hvs_nq_mod_init(void)
{
	return hvs_register_scheduler(&hvs_nq);
}

static void __exit hvs_nq_mod_exit(void)
{
	hvs_unregister_scheduler(&hvs_nq);
}

module_init(hvs_nq_mod_init);
module_exit(hvs_nq_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("halo_vs never-queue scheduler");
