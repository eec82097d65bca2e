// SPDX-License-Identifier: GPL-2.0
/*
 * wrr: weighted round robin, the classic LVS stepping.
 *
 * State: a cursor cl in the server list (newest first), a current weight
 * cw, the step di = gcd of all weights above 0, and the ceiling
 * mw = max weight - (di - 1). The cursor moves on from the last server
 * chosen; each time it runs past the end of the list cw drops by di, and
 * when it reaches 0 or less it starts again at mw. A server is chosen when
 * the cursor reaches it, it is not overloaded and its weight is at least
 * cw. Over one cycle (mw / di rounds) each server is chosen weight / di
 * times: A, B, C added with weights 1, 2, 3 give C B A, C, C B, C B A, ...
 * (6 per cycle: C three times). All integer arithmetic; the gcd is
 * Euclid's. A change of the server set puts the cursor back at the list
 * head and keeps cw unless it is now 0 or above mw (then cw = mw), or
 * rounds it to the new step.
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
	int wraps = 0, wt;

	spin_lock(&svc->sched_lock);
	if (w->mw <= 0)
		goto out;
	for (;;) {
		w->cl = rcu_dereference(list_next_rcu(w->cl));
		if (w->cl == &svc->dests) {
			/* Past the end: next round at a lower weight. */
			w->cw -= w->di;
			if (w->cw <= 0)
				w->cw = w->mw;
			/* Every weight level seen twice: nobody can take it. */
			if (++wraps > 2 * (w->mw / w->di + 1))
				break;
			continue;
		}
		d = list_entry(w->cl, struct hvs_dest, list);
		wt = READ_ONCE(d->weight);
		if (READ_ONCE(d->available) && !READ_ONCE(d->overloaded) &&
		    wt > 0 && wt >= w->cw) {
			dest = d;
			break;
		}
	}
out:
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
