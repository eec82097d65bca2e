// SPDX-License-Identifier: GPL-2.0
/*
 * sed: shortest expected delay.
 *
 * The new connection goes to the usable server with the smallest
 * (active + 1) / weight, compared by cross-multiplying in 64 bits
 * (hvs_ratio_cmp()); ties go to the server first in the list (the newest).
 * The choice is the top of the service's index (sched_heap.c).
 */

#include <linux/module.h>

#include "hvs.h"

static u64 hvs_sed_overhead(const struct hvs_dest *d)
{
	return (u64)atomic_read(&d->activeconns) + 1;
}

static bool hvs_sed_less(const struct hvs_dest *a, const struct hvs_dest *b)
{
	int c = hvs_ratio_cmp(hvs_sed_overhead(a), READ_ONCE(a->weight),
			      hvs_sed_overhead(b), READ_ONCE(b->weight));

	return c ? c < 0 : a->seq > b->seq;
}

static struct hvs_scheduler hvs_sed = {
	.name = "sed",
	.owner = THIS_MODULE,
	.schedule = hvs_heap_schedule,
	.less = hvs_sed_less,
};

static int __init hvs_sed_mod_init(void)
{
	return hvs_register_scheduler(&hvs_sed);
}

static void __exit hvs_sed_mod_exit(void)
{
	hvs_unregister_scheduler(&hvs_sed);
}

module_init(hvs_sed_mod_init);
module_exit(hvs_sed_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("halo_vs shortest-expected-delay scheduler");
