// SPDX-License-Identifier: GPL-2.0
/*
 * wrr: weighted round robin, the classic LVS stepping.
 *
 * State: a cursor cl in the server list (newest first), a current weight
 * cw, the step di = gcd of all weights above 0, and the ceiling
 * mw = max weight - (di - 1). Each time the cursor passes the list head,
 * cw drops by di; when it reaches 0 or less it starts again at mw. A
 * server is chosen when the cursor reaches it, it is not overloaded and its
 * weight is at least cw. Over one cycle (max weight / di passes) each
 * server is chosen weight / di times: weights 1:2:3 give, per 6
 * connections, C, C, B, C, B, A (C weighs 3). All integer arithmetic; the
 * gcd uses Euclid. A change of the server set keeps cw unless it is now 0
 * or above mw, and rounds it to the new step otherwise.
 */

#include <linux/gcd.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "hvs.h"

struct hvs_wrr {
	struct list_head *cl;
	int cw;
	int mw;
	int di;
};

static void hvs_wrr_recalc(struct hvs_service *svc, struct hvs_wrr *w,
			   struct hvs_dest *gone)
{
	struct hvs_dest *dest;
	int max = 0, g = 0, wt;

	list_for_each_entry(dest, &svc->dests, list) {
		if (dest == gone)
			continue;
		wt = READ_ONCE(dest->weight);
		if (wt <= 0)
			continue;
		max = max(max, wt);
		g = g ? gcd(g, wt) : wt;
	}
	w->di = g ? g : 1;
	w->mw = max - (w->di - 1);
	w->cl = &svc->dests;
	if (w->cw > w->mw || !w->cw)
		w->cw = w->mw;
	else if (w->di > 1)
		w->cw = (w->cw / w->di) * w->di + 1;
}

static int hvs_wrr_init(struct hvs_service *svc)
{
	struct hvs_wrr *w = kzalloc(sizeof(*w), GFP_KERNEL);

	if (!w)
		return -ENOMEM;
	hvs_wrr_recalc(svc, w, NULL);
	svc->sched_data = w;
	return 0;
}

static void hvs_wrr_done(struct hvs_service *svc)
{
	kfree(svc->sched_data);
}

static void hvs_wrr_update(struct hvs_service *svc, struct hvs_dest *gone)
{
	spin_lock_bh(&svc->sched_lock);
	hvs_wrr_recalc(svc, svc->sched_data, gone);
	spin_unlock_bh(&svc->sched_lock);
}

static struct hvs_dest *hvs_wrr_schedule(struct hvs_service *svc,
					 const struct hvs_pkt *p)
{
	struct hvs_wrr *w = svc->sched_data;
	struct hvs_dest *dest = NULL, *d;
	struct list_head *start;

	spin_lock(&svc->sched_lock);
	start = w->cl;
	for (;;) {
		if (w->cl == &svc->dests) {
			if (list_empty(&svc->dests))
				break;
			w->cw -= w->di;
			if (w->cw <= 0) {
				w->cw = w->mw;
				if (w->cw <= 0)
					break;
			}
		}
		w->cl = rcu_dereference(list_next_rcu(w->cl));
		if (w->cl != &svc->dests) {
			d = list_entry(w->cl, struct hvs_dest, list);
			if (READ_ONCE(d->available) &&
			    !READ_ONCE(d->overloaded) &&
			    READ_ONCE(d->weight) >= w->cw &&
			    READ_ONCE(d->weight) > 0) {
				dest = d;
				break;
			}
		}
		if (w->cl == start && w->cw == w->di)
			break;
	}
	spin_unlock(&svc->sched_lock);
	return dest;
}

static struct hvs_scheduler hvs_wrr = {
	.name = "wrr",
	.owner = THIS_MODULE,
	.init = hvs_wrr_init,
	.done = hvs_wrr_done,
	.update = hvs_wrr_update,
	.schedule = hvs_wrr_schedule,
};

static int __init hvs_wrr_mod_init(void)
{
	return hvs_register_scheduler(&hvs_wrr);
}

static void __exit hvs_wrr_mod_exit(void)
{
	hvs_unregister_scheduler(&hvs_wrr);
}

module_init(hvs_wrr_mod_init);
module_exit(hvs_wrr_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("halo_vs weighted round-robin scheduler");
