// SPDX-License-Identifier: GPL-2.0
/*
 * sed: shortest expected delay.
 *
 * A new connection to server D would wait behind D's active connections
 * plus itself, served at a speed proportional to D's weight: the expected
 * delay is (active + 1) / weight. Inactive connections are ignored. The
 * ratios are compared by cross-multiplying in 64-bit integers: D beats the
 * current best L when (active(L) + 1) * weight(D) > (active(D) + 1) *
 * weight(L). Ties keep the earlier (newer) server. One pass: O(n).
 */

#include <linux/module.h>

#include "hvs.h"

static struct hvs_dest *hvs_sed_schedule(struct hvs_service *svc,
					 const struct hvs_pkt *p)
{
	struct hvs_dest *dest, *least = NULL;
	u64 loh = 0, doh;
	int lw = 0, dw;

	list_for_each_entry_rcu(dest, &svc->dests, list) {
		if (!hvs_dest_usable(dest))
			continue;
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

static struct hvs_scheduler hvs_sed = {
	.name = "sed",
	.owner = THIS_MODULE,
	.schedule = hvs_sed_schedule,
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
