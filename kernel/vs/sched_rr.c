// SPDX-License-Identifier: GPL-2.0
/*
 * rr: round robin.
 *
 * The service's real servers form a list, newest first. A cursor remembers
 * the last server chosen (initially the list head); each new connection
 * goes to the next server after the cursor, wrapping around, that is
 * usable (available, weight above 0, not over its upper threshold). With
 * servers added A, B, C the order is C, B, A, C, B, A, ... No arithmetic:
 * the cost is O(1) while every server is usable and O(n) in the worst case.
 */

#include <linux/module.h>

#include "hvs.h"

static int hvs_rr_init(struct hvs_service *svc)
{
	svc->sched_data = &svc->dests;
	return 0;
}

static void hvs_rr_update(struct hvs_service *svc, struct hvs_dest *gone)
{
	spin_lock_bh(&svc->sched_lock);
	/* Step back off a server that is leaving; it is still linked. */
	if (gone && svc->sched_data == &gone->list)
		svc->sched_data = gone->list.prev;
	spin_unlock_bh(&svc->sched_lock);
}

static struct hvs_dest *hvs_rr_schedule(struct hvs_service *svc,
					const struct hvs_pkt *p)
{
	struct list_head *start, *q;
	struct hvs_dest *dest = NULL;

	spin_lock(&svc->sched_lock);
	start = svc->sched_data;
	q = start;
	do {
		q = rcu_dereference(list_next_rcu(q));
		if (q == &svc->dests)
			continue;
		if (hvs_dest_usable(list_entry(q, struct hvs_dest, list))) {
			dest = list_entry(q, struct hvs_dest, list);
			svc->sched_data = q;
			break;
		}
	} while (q != start);
	spin_unlock(&svc->sched_lock);
	return dest;
}

static struct hvs_scheduler hvs_rr = {
	.name = "rr",
	.owner = THIS_MODULE,
	.init = hvs_rr_init,
	.update = hvs_rr_update,
	.schedule = hvs_rr_schedule,
};

static int __init hvs_rr_mod_init(void)
{
	return hvs_register_scheduler(&hvs_rr);
}

static void __exit hvs_rr_mod_exit(void)
{
	hvs_unregister_scheduler(&hvs_rr);
}

module_init(hvs_rr_mod_init);
module_exit(hvs_rr_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("halo_vs round-robin scheduler");
