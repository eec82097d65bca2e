// SPDX-License-Identifier: GPL-2.0
/*
 * wlc: weighted least connections (the default scheduler of ipvsadm).
 *
 * The new connection goes to the usable server with the smallest
 * overhead / weight, where overhead = 257 * active + inactive (see
 * sched_lc.c). To stay in integers the ratios are compared by
 * cross-multiplying in 64 bits (hvs_ratio_cmp()). Ties go to the server
 * first in the list (the newest), as in ip_vs's scan. The choice is the
 * top of the service's index (sched_heap.c).
 */

#include <linux/module.h>

#include "hvs.h"

static bool hvs_wlc_less(const struct hvs_dest *a, const struct hvs_dest *b)
{
	int c = hvs_ratio_cmp(hvs_dest_overhead(a), READ_ONCE(a->weight),
			      hvs_dest_overhead(b), READ_ONCE(b->weight));

	return c ? c < 0 : a->seq > b->seq;
}

static struct hvs_scheduler hvs_wlc = {
	.name = "wlc",
	.owner = THIS_MODULE,
	.schedule = hvs_heap_schedule,
	.less = hvs_wlc_less,
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
