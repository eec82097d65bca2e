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
 * only compared, so nothing overflows. One pass over the list: O(n).
 */

#include <linux/module.h>

#include "hvs.h"

static struct hvs_dest *hvs_lc_schedule(struct hvs_service *svc,
					const struct hvs_pkt *p)
{
	struct hvs_dest *dest, *least = NULL;
	u64 loh = 0, doh;

	list_for_each_entry_rcu(dest, &svc->dests, list) {
		if (!hvs_dest_usable(dest))
			continue;
		doh = hvs_dest_overhead(dest);
		if (!least || doh < loh) {
			least = dest;
			loh = doh;
		}
	}
	return least;
}

static struct hvs_scheduler hvs_lc = {
	.name = "lc",
	.owner = THIS_MODULE,
	.schedule = hvs_lc_schedule,
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
