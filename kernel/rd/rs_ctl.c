// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd resync rate controller, on the SyncSource (the side that sends
 * resync data in halo). Time is cut into steps of 100 ms; each step gets
 * a quota of sectors the resync may send:
 *
 *  - c-plan-ahead 0: a fixed rate, resync-rate KiB/s (a deficit left by
 *    the last packet of a step is carried into the next one, and a step
 *    that starts late gets the quota of the time that passed, up to one
 *    second's worth);
 *  - otherwise DRBD 8.4's dynamic controller: it wants c-fill-target
 *    sectors in flight (or, when that is 0, as much as arrives in
 *    c-delay-target tenths of a second); the difference between what it
 *    wants and what is in flight or already planned is spread evenly over
 *    the next c-plan-ahead steps; a step sends what was acknowledged in
 *    the last step plus its share of the corrections, never more than
 *    c-max-rate. At the start (nothing in flight, nothing acknowledged) it
 *    wants resync-rate for the whole plan.
 *
 * In both modes, a step after one with application I/O on this device
 * (requests in flight, or data sent to, received from or read for the
 * application) sends at most c-min-rate, so that the application keeps
 * the disk and the link (c-min-rate 0: application I/O never throttles).
 *
 * Without any rate option (at attach or by disk-options) the controller
 * is off and the resync is bounded only by its window of packets in
 * flight.
 *
 * The settings may change at any time, a resync running (DISK_OPTIONS):
 * the controller picks them up at its next use and a new rate governs the
 * next step. A new c-plan-ahead drops the plan (what is in flight stays
 * counted); a controller switched on mid-resync starts afresh.
 *
 * Locking: the controller belongs to the worker; the ack receiver only
 * adds to the atomic counter of acknowledged sectors. The settings are
 * copied from res->rc under res->lock (see struct hrd_rateconf in hrd.h):
 * the controller reads only its copy, c->rc.
 */

#include <linux/jiffies.h>
#include <linux/minmax.h>

#include "hrd.h"

#define RS_STEP (HZ / 10)

/* Sectors per 100 ms step at @kib_per_s KiB/s (at least one). */
static long per_step(u32 kib_per_s)
{
	return max_t(long, (long)kib_per_s * 2 / 10, 1);
}

/* Application I/O counter of a device: bytes and requests in flight. */
static u64 app_io(struct hrd_device *dev)
{
	return atomic64_read(&dev->stats.ns) + atomic64_read(&dev->stats.nr) +
	       atomic64_read(&dev->stats.dr);
}

static long plan_dynamic(struct hrd_resource *res, struct hrd_rs_ctl *c,
			 long in)
{
	const struct hrd_rateconf *rc = &c->rc;
	int steps = clamp_t(int, rc->plan_ahead, 1, HRD_RS_PLAN_MAX);
	long want, share, now;
	int i;

	if (!c->in_flight && !in)
		want = per_step(rc->resync_rate) * steps;
	else if (rc->fill_target)
		want = rc->fill_target;
	else
		want = in * rc->delay_target;
	share = (want - c->in_flight - c->planned) / steps;
	for (i = 0; i < steps; i++)
		c->plan[i] += share;
	c->planned += share * steps;
	c->head %= steps;
	now = c->plan[c->head];
	c->plan[c->head] = 0;
	c->planned -= now;
	c->head = (c->head + 1) % steps;
	return clamp_t(long, in + now, 0, per_step(rc->max_rate));
}

static void rs_ctl_step(struct hrd_resource *res, struct hrd_rs_ctl *c)
{
	struct hrd_device *dev = res->dev;
	long in = atomic_xchg(&c->acked, 0);
	long late = clamp_t(long, jiffies - c->step, RS_STEP, 10 * RS_STEP);
	u64 app = app_io(dev);

	c->in_flight = max(c->in_flight - in, 0L);
	c->app_busy = app != c->app_mark || atomic_read(&dev->inflight);
	c->app_mark = app;
	c->step = jiffies;
	/* A late step (a busy machine) gets its time's worth, up to 1 s. */
	if (!c->rc.plan_ahead)
		c->quota = min(c->quota, 0L) +
			   per_step(c->rc.resync_rate) * late / RS_STEP;
	else
		c->quota = plan_dynamic(res, c, in);
	if (c->app_busy && c->rc.min_rate)
		c->quota = min(c->quota, per_step(c->rc.min_rate));
}

/* Forget the plan of the dynamic controller (its length changed). */
static void rs_ctl_unplan(struct hrd_rs_ctl *c)
{
	memset(c->plan, 0, sizeof(c->plan));
	c->head = 0;
	c->planned = 0;
}

static void rs_ctl_start(struct hrd_resource *res, struct hrd_rs_ctl *c)
{
	rs_ctl_unplan(c);
	c->restart = false;
	c->in_flight = 0;
	c->quota = 0;
	atomic_set(&c->acked, 0);
	c->app_mark = app_io(res->dev);
	c->start = res->dev->rs_start;
	c->step = jiffies - RS_STEP;
	rs_ctl_step(res, c);
}

/* Copy new settings from res->rc, if any. */
static void rs_ctl_reload(struct hrd_resource *res, struct hrd_rs_ctl *c)
{
	struct hrd_rateconf old;

	if (c->rc_gen == READ_ONCE(res->rc_gen))
		return;
	old = c->rc;
	spin_lock_irq(&res->lock);
	c->rc = res->rc;
	c->rc_gen = res->rc_gen;
	spin_unlock_irq(&res->lock);
	if (!old.on)
		c->restart = true;
	else if (old.plan_ahead != c->rc.plan_ahead)
		rs_ctl_unplan(c);
}

/**
 * hrd_rs_ctl_set() - new resync rate settings
 * @res: the resource
 * @rc: the settings
 *
 * A running resync follows them from the controller's next step.
 *
 * Context: process context, caller holds res->conf.
 */
void hrd_rs_ctl_set(struct hrd_resource *res, const struct hrd_rateconf *rc)
{
	lockdep_assert_held(&res->conf);
	spin_lock_irq(&res->lock);
	res->rc = *rc;
	WRITE_ONCE(res->rc_gen, res->rc_gen + 1);
	res->rs_idle = false;	/* let a waiting resync look again */
	spin_unlock_irq(&res->lock);
	wake_up(&res->work_wait);
}

/**
 * hrd_rs_ctl_may_send() - may the resync send now, and how much
 * @res: the resource, SyncSource
 * @sectors: the run the resync would send; shortened to the quota
 *
 * Context: the worker.
 * Return: false when this step's quota is used up.
 */
bool hrd_rs_ctl_may_send(struct hrd_resource *res, unsigned int *sectors)
{
	struct hrd_rs_ctl *c = &res->rs_ctl;

	rs_ctl_reload(res, c);
	if (!c->rc.on)
		return true;
	if (c->start != res->dev->rs_start || c->restart)
		rs_ctl_start(res, c);
	else if (time_after_eq(jiffies, c->step + RS_STEP))
		rs_ctl_step(res, c);
	if (c->quota <= 0)
		return false;
	if (*sectors > c->quota)
		*sectors = max_t(unsigned int, round_down(c->quota, 8), 8);
	return true;
}

/**
 * hrd_rs_ctl_sent() - account a resync packet
 * @res: the resource
 * @sectors: sectors it covers
 *
 * Context: the worker.
 */
void hrd_rs_ctl_sent(struct hrd_resource *res, unsigned int sectors)
{
	if (!res->rs_ctl.rc.on)
		return;
	res->rs_ctl.quota -= sectors;
	res->rs_ctl.in_flight += sectors;
}

/**
 * hrd_rs_ctl_acked() - the peer acknowledged resync sectors
 * @res: the resource
 * @sectors: sectors acknowledged
 *
 * Counted even while the controller is off (a start clears the count),
 * so that this path reads no settings.
 *
 * Context: the ack receiver.
 */
void hrd_rs_ctl_acked(struct hrd_resource *res, unsigned int sectors)
{
	atomic_add(sectors, &res->rs_ctl.acked);
}

/**
 * hrd_rs_ctl_wait() - how long the worker may sleep
 * @res: the resource
 *
 * Context: the worker.
 * Return: jiffies until the next step when the resync waits for its
 * quota, else one second.
 */
long hrd_rs_ctl_wait(struct hrd_resource *res)
{
	struct hrd_rs_ctl *c = &res->rs_ctl;
	long left;

	if (!c->rc.on || READ_ONCE(res->cstate) != HALO_RD_CS_SYNC_SOURCE ||
	    c->quota > 0)
		return HZ;
	left = (long)(c->step + RS_STEP - jiffies);
	return clamp_t(long, left, 1, RS_STEP);
}
