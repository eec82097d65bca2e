// SPDX-License-Identifier: GPL-2.0
/*
 * nq: never queue.
 *
 * A usable server with no active connection takes the new connection at
 * once (the first such in list order, newest first). When every server is
 * busy the choice falls back to shortest expected delay: the smallest
 * (active + 1) / weight, compared by cross-multiplying in 64 bits, ties to
 * the first in list order. The choice is the top of the service's index
 * (sched_heap.c), whose order puts idle servers first.
 */

#include <linux/module.h>

#include "hvs.h"

static bool hvs_nq_less(const struct hvs_dest *a, const struct hvs_dest *b)
{
	u64 aa = atomic_read(&a->activeconns), ab = atomic_read(&b->activeconns);
	int c;

	if (!aa || !ab) {
		if (!aa != !ab)
			return !aa;
		return a->seq > b->seq;
	}
	c = hvs_ratio_cmp(aa + 1, READ_ONCE(a->weight),
			  ab + 1, READ_ONCE(b->weight));
	return c ? c < 0 : a->seq > b->seq;
}

static struct hvs_scheduler hvs_nq = {
	.name = "nq",
	.owner = THIS_MODULE,
	.schedule = hvs_heap_schedule,
	.less = hvs_nq_less,
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
