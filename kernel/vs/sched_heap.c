// SPDX-License-Identifier: GPL-2.0
/*
 * The least-loaded index of a service: a binary min-heap of its real
 * servers for the schedulers that pick "the least of an order" (lc, wlc,
 * sed, nq). ip_vs scans every real server per new connection; here the
 * choice is the heap's top, O(1), and each change of a server's counters
 * costs one O(log n) sift.
 *
 * Order: every usable server (hvs_dest_usable()) comes before every
 * unusable one; usable servers are ordered by the scheduler's ->less(),
 * which breaks ties by list position (dest->seq, the larger the nearer the
 * head of svc->dests), so the top is exactly the server ip_vs's scan
 * returns: the least, the first in list order among equals.
 *
 * Locking (see struct hvs_heap):
 *   svc->sched_lock protects svc->heap (the pointer and the contents) and
 *   dest->sched_node of every real server of the service. It is taken
 *   with BH disabled, from the packet path (schedule, counter changes),
 *   from timers (entries expiring) and from process context (netlink).
 *   Rebuilding (a real server added, edited or removed; scheduler bound)
 *   happens under hn->lock, which keeps svc->dests still, and swaps the
 *   contents under svc->sched_lock. Counter changes are made with atomics
 *   and then reported through hvs_heap_fix(); a schedule that runs between
 *   the two sees the previous counters, as ip_vs's lockless scan would.
 */

#include <linux/slab.h>
#include <linux/module.h>

#include "hvs.h"

/**
 * struct hvs_heap - a service's real servers in scheduling order
 * @less: the scheduler's order of two usable servers
 * @n: servers in @d
 * @cap: room in @d
 * @d: the heap; @d[0] comes first
 *
 * All of it is under svc->sched_lock.
 */
struct hvs_heap {
	bool (*less)(const struct hvs_dest *a, const struct hvs_dest *b);
	int n;
	int cap;
	struct hvs_dest *d[];
};

static bool hvs_heap_before(const struct hvs_heap *h, const struct hvs_dest *a,
			    const struct hvs_dest *b)
{
	bool ua = hvs_dest_usable(a), ub = hvs_dest_usable(b);

	if (ua != ub)
		return ua;
	if (!ua)
		return a->seq > b->seq;
	return h->less(a, b);
}

static void hvs_heap_set(struct hvs_heap *h, int i, struct hvs_dest *d)
{
	h->d[i] = d;
	d->sched_node = i;
}

static int hvs_heap_up(struct hvs_heap *h, int i)
{
	struct hvs_dest *d = h->d[i];

	while (i > 0) {
		int parent = (i - 1) / 2;

		if (!hvs_heap_before(h, d, h->d[parent]))
			break;
		hvs_heap_set(h, i, h->d[parent]);
		i = parent;
	}
	hvs_heap_set(h, i, d);
	return i;
}

static void hvs_heap_down(struct hvs_heap *h, int i)
{
	struct hvs_dest *d = h->d[i];

	for (;;) {
		int c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && hvs_heap_before(h, h->d[c + 1], h->d[c]))
			c++;
		if (!hvs_heap_before(h, h->d[c], d))
			break;
		hvs_heap_set(h, i, h->d[c]);
		i = c;
	}
	hvs_heap_set(h, i, d);
}

/* Put svc->dests but @gone into @h in heap order. */
static void hvs_heap_fill(struct hvs_service *svc, struct hvs_heap *h,
			  struct hvs_dest *gone)
{
	struct hvs_dest *d;
	int i;

	lockdep_assert_held(&svc->hn->lock);
	lockdep_assert_held(&svc->sched_lock);
	h->n = 0;
	list_for_each_entry(d, &svc->dests, list) {
		if (d == gone || WARN_ON_ONCE(h->n >= h->cap))
			continue;
		hvs_heap_set(h, h->n++, d);
	}
	if (gone)
		gone->sched_node = -1;
	for (i = h->n / 2 - 1; i >= 0; i--)
		hvs_heap_down(h, i);
}

/**
 * hvs_heap_build() - (re)build a service's index from its real servers
 * @svc: the service
 * @less: the scheduler's order of two usable servers
 * @gone: a real server being removed (still in the list) or NULL
 *
 * Reuses the index's memory when it has room, so that only a growing list
 * can fail, and then nothing changes.
 *
 * Context: process context, hn->lock held.
 * Return: 0 or -ENOMEM.
 */
int hvs_heap_build(struct hvs_service *svc,
		   bool (*less)(const struct hvs_dest *a,
				const struct hvs_dest *b),
		   struct hvs_dest *gone)
{
	struct hvs_heap *h, *old = NULL;
	int need = svc->num_dests;

	lockdep_assert_held(&svc->hn->lock);
	h = svc->heap;
	if (!h || h->cap < need || h->less != less) {
		int cap = max(need + need / 2, 8);

		old = h;
		h = kzalloc(struct_size(h, d, cap), GFP_KERNEL);
		if (!h)
			return -ENOMEM;
		h->cap = cap;
		h->less = less;
	}
	spin_lock_bh(&svc->sched_lock);
	hvs_heap_fill(svc, h, gone);
	svc->heap = h;
	spin_unlock_bh(&svc->sched_lock);
	kfree(old);
	return 0;
}

/**
 * hvs_heap_free() - drop a service's index
 * @svc: the service
 *
 * Context: process context, hn->lock held.
 */
void hvs_heap_free(struct hvs_service *svc)
{
	struct hvs_heap *h;
	int i;

	lockdep_assert_held(&svc->hn->lock);
	spin_lock_bh(&svc->sched_lock);
	h = svc->heap;
	svc->heap = NULL;
	for (i = 0; h && i < h->n; i++)
		h->d[i]->sched_node = -1;
	spin_unlock_bh(&svc->sched_lock);
	kfree(h);
}

/**
 * hvs_heap_fix() - a real server's counters or overload state changed
 * @dest: the real server
 *
 * Context: any but hard IRQ; takes svc->sched_lock with BH disabled.
 */
void hvs_heap_fix(struct hvs_dest *dest)
{
	struct hvs_service *svc = dest->svc;
	struct hvs_heap *h;
	int i;

	spin_lock_bh(&svc->sched_lock);
	h = svc->heap;
	i = dest->sched_node;
	if (h && i >= 0 && i < h->n && h->d[i] == dest) {
		if (hvs_heap_up(h, i) == i)
			hvs_heap_down(h, i);
	}
	spin_unlock_bh(&svc->sched_lock);
}

/**
 * hvs_heap_schedule() - the ->schedule of the index-based schedulers
 * @svc: the service
 * @p: the packet (unused)
 *
 * Context: softirq, RCU read side.
 * Return: the first usable real server in the scheduler's order, or NULL.
 */
struct hvs_dest *hvs_heap_schedule(struct hvs_service *svc,
				   const struct hvs_pkt *p)
{
	struct hvs_dest *d = NULL;
	struct hvs_heap *h;

	spin_lock_bh(&svc->sched_lock);
	h = svc->heap;
	if (h && h->n && hvs_dest_usable(h->d[0]))
		d = h->d[0];
	spin_unlock_bh(&svc->sched_lock);
	return d;
}
EXPORT_SYMBOL_GPL(hvs_heap_schedule);

/**
 * hvs_ratio_cmp() - compare a/wa with b/wb by cross-multiplying
 * @a: first numerator
 * @wa: first weight (above 0)
 * @b: second numerator
 * @wb: second weight (above 0)
 *
 * The products fit: overheads stay below 2^40 and weights below 2^31.
 *
 * Context: any.
 * Return: -1, 0 or 1 as a/wa is below, equal to or above b/wb.
 */
int hvs_ratio_cmp(u64 a, int wa, u64 b, int wb)
{
	u64 l = a * (u64)wb, r = b * (u64)wa;

	return l < r ? -1 : l > r;
}
EXPORT_SYMBOL_GPL(hvs_ratio_cmp);
