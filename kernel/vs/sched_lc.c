// SPDX-License-Identifier: GPL-2.0
/*
 * lc: least connections.
 *
 * Each usable real server (available, weight above 0, not overloaded) has
 * an overhead of 256 * active + (active + inactive) connections, that is
 * 257 * active + inactive (hvs_dest_overhead(), Linux 6.1's figure): an
 * established connection weighs 257 times a half-open or closing one. The
 * new connection goes to the server with the smallest overhead; on a tie
 * the one first in the list (the newest) wins. The figure is a u64 and
 * only compared, so nothing overflows. The choice is the top of the
 * service's index (sched_heap.c): O(1) per new connection, O(log n) per
 * counter change, instead of ip_vs's scan of every server.
 */

#include <linux/module.h>

#include "hvs.h"

static bool hvs_lc_less(const struct hvs_dest *a, const struct hvs_dest *b)
{
	u64 oa = hvs_dest_overhead(a), ob = hvs_dest_overhead(b);

	if (oa != ob)
		return oa < ob;
	return a->seq > b->seq;
}

static struct hvs_scheduler hvs_lc = {
	.name = "lc",
	.owner = THIS_MODULE,
	.schedule = hvs_heap_schedule,
	.less = hvs_lc_less,
};

static int __init hvs_lc_mod_init(void)
{
	return hvs_register_scheduler(&hvs_lc);
}

static void __exit hvs_lc_mod_exit(void)
{
	hvs_unregister_scheduler(&hvs_lc);
}

module_init(hvs_lc_mod_init);
module_exit(hvs_lc_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("halo_vs least-connection scheduler");
