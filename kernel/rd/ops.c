// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd state operations of a running resource, with DRBD 8.4's meaning:
 *  - invalidate-remote: this node's data is the newer; the whole device
 *    is resynced to the peer, which becomes SyncTarget;
 *  - pause-sync / resume-sync: the user's pause flag (DRBD's user_isp),
 *    sent to the peer as SYNC_PAUSE, where it is the peer's pause flag
 *    (peer_isp); a resync with either flag set is PausedSyncS/PausedSyncT
 *    and moves no data;
 *  - outdate: a disconnected Secondary marks its data Outdated, in the
 *    metadata too (consistent, but not up to date: DRBD's flags), so that
 *    it is not promoted without --force; connected to a peer that is not
 *    newer, Outdated becomes UpToDate again;
 *  - net-options / disk-options: new timeouts, after-sb policies and
 *    csums-alg (used from the next handshake, where the peer must agree),
 *    on-io-error and resync rate settings (followed by a running resync
 *    from the controller's next step) for a live resource, without
 *    dropping the connection.
 */

#include "hrd.h"
#include "protocol.h"

/* DRBD's prefix of a refused state change, which its users grep for. */
#define SCF "State change failed: "

/* Net option defaults, as in CONNECT (after-sb disconnect, no csums). */
#define HRD_DEF_PING_INT	10
#define HRD_DEF_PING_TIMEOUT	50
#define HRD_DEF_TIMEOUT		60
#define HRD_DEF_CONNECT_INT	10
#define HRD_DEF_KO_COUNT	7

/* Resync rate defaults: DRBD 8.4's, in KiB/s, tenths of s and sectors. */
#define HRD_DEF_RESYNC_RATE	250
#define HRD_DEF_PLAN_AHEAD	20
#define HRD_DEF_FILL_TARGET	100
#define HRD_DEF_DELAY_TARGET	10
#define HRD_DEF_MAX_RATE	102400
#define HRD_DEF_MIN_RATE	250

/**
 * hrd_invalidate_remote() - resync the whole device to the peer
 * @res: the resource, Connected with an UpToDate disk
 * @ea: extended ack
 *
 * A new generation starts here (the old one becomes the bitmap
 * identifier), so that a connection lost during the resync resumes it as
 * a bitmap resync with this node as SyncSource.
 *
 * Context: process context, caller holds res->conf.
 * Return: 0 or a negative errno.
 */
int hrd_invalidate_remote(struct hrd_resource *res, struct netlink_ext_ack *ea)
{
	struct hrd_backing *b = res->dev ? res->dev->backing : NULL;
	u8 cs, ds, pds, prole;

	lockdep_assert_held(&res->conf);
	spin_lock_irq(&res->lock);
	cs = res->cstate;
	ds = res->dstate;
	pds = res->peer_dstate;
	prole = res->peer_role;
	spin_unlock_irq(&res->lock);
	if (!b) {
		NL_SET_ERR_MSG(ea, "no attached disk");
		return -ENODEV;
	}
	if (!hrd_connected(cs)) {
		NL_SET_ERR_MSG(ea, SCF "Need a connection to start verify or resync");
		return -ENOTCONN;
	}
	if (cs != HALO_RD_CS_CONNECTED) {
		NL_SET_ERR_MSG(ea, SCF "Can not start OV/resync since it is already active");
		return -EBUSY;
	}
	if (ds != HALO_RD_DS_UP_TO_DATE) {
		NL_SET_ERR_MSG(ea, SCF "Need access to UpToDate data");
		return -EIO;
	}
	if (pds < HALO_RD_DS_INCONSISTENT || pds == HALO_RD_DS_DUNKNOWN) {
		NL_SET_ERR_MSG(ea, SCF "the peer has no disk");
		return -ENODEV;
	}
	if (prole == HALO_RD_ROLE_PRIMARY) {
		NL_SET_ERR_MSG(ea, SCF "the peer is Primary and cannot become SyncTarget");
		return -EBUSY;
	}
	res->uuid_fresh = false;
	hrd_new_current_uuid(res);
	/* Connected: the next connection loss of a Primary starts another. */
	res->uuid_fresh = false;
	pr_info("%s: invalidate-remote: full resync to the peer\n", res->name);
	hrd_start_full_sync(res);
	return 0;
}

/**
 * hrd_pause_sync() - set or clear this node's sync-pause flag
 * @res: the resource
 * @pause: true for pause-sync, false for resume-sync
 * @ea: extended ack
 *
 * The flag is sent to the peer while connected (and at every handshake).
 *
 * Context: process context, caller holds res->conf.
 * Return: 0, -EALREADY when the flag is already so, or another errno.
 */
int hrd_pause_sync(struct hrd_resource *res, bool pause,
		   struct netlink_ext_ack *ea)
{
	bool peer;

	lockdep_assert_held(&res->conf);
	if (!res->dev) {
		NL_SET_ERR_MSG(ea, "resource has no device");
		return -ENODEV;
	}
	spin_lock_irq(&res->lock);
	if (res->user_isp == pause) {
		peer = res->peer_isp;
		spin_unlock_irq(&res->lock);
		if (pause)
			NL_SET_ERR_MSG(ea, "Sync-pause flag is already set");
		else if (peer)
			NL_SET_ERR_MSG(ea, "Sync-pause flag is already cleared (peer paused)");
		else
			NL_SET_ERR_MSG(ea, "Sync-pause flag is already cleared");
		return -EALREADY;
	}
	res->user_isp = pause;
	res->send_isp = hrd_connected(res->cstate);
	spin_unlock_irq(&res->lock);
	pr_info("%s: %s\n", res->name, pause ? "pause-sync" : "resume-sync");
	hrd_sync_pause_update(res);
	return 0;
}

/**
 * hrd_recv_pause() - the peer's sync-pause flag arrived
 * @res: the resource
 * @len: payload length
 *
 * Context: the receiver.
 * Return: 0 or a negative errno.
 */
int hrd_recv_pause(struct hrd_resource *res, u32 len)
{
	struct hrd_p_pause p;
	int ret;

	ret = hrd_recv_payload(res, len, &p, sizeof(p));
	if (ret)
		return ret;
	spin_lock_irq(&res->lock);
	res->peer_isp = !!be32_to_cpu(p.paused);
	spin_unlock_irq(&res->lock);
	hrd_sync_pause_update(res);
	return 0;
}

/**
 * hrd_recv_net_update() - the peer changed allow-two-primaries: adopt it
 * @res: the resource
 * @len: payload length
 *
 * Context: the receiver.
 * Return: 0 or a negative errno.
 */
int hrd_recv_net_update(struct hrd_resource *res, u32 len)
{
	struct hrd_p_net_update p;
	u32 two;
	int ret;

	ret = hrd_recv_payload(res, len, &p, sizeof(p));
	if (ret)
		return ret;
	two = be32_to_cpu(p.flags) & HRD_HS_TWO_PRIMARIES ?
	      HALO_RD_F_TWO_PRIMARIES : 0;
	spin_lock_irq(&res->lock);
	WRITE_ONCE(res->nc.flags,
		   (res->nc.flags & ~HALO_RD_F_TWO_PRIMARIES) | two);
	spin_unlock_irq(&res->lock);
	pr_info("%s: peer set allow-two-primaries %s\n", res->name,
		two ? "yes" : "no");
	return 0;
}

/**
 * hrd_outdate() - mark the local disk Outdated
 * @res: the resource, a Secondary that is not connected
 * @ea: extended ack
 *
 * Context: process context, caller holds res->conf.
 * Return: 0 or a negative errno.
 */
int hrd_outdate(struct hrd_resource *res, struct netlink_ext_ack *ea)
{
	struct hrd_backing *b = res->dev ? res->dev->backing : NULL;
	u8 cs, ds, role;
	int ret;

	lockdep_assert_held(&res->conf);
	spin_lock_irq(&res->lock);
	cs = res->cstate;
	ds = res->dstate;
	role = res->role;
	spin_unlock_irq(&res->lock);
	if (!b || b->failed) {
		NL_SET_ERR_MSG(ea, "no attached disk");
		return -ENODEV;
	}
	if (role == HALO_RD_ROLE_PRIMARY) {
		NL_SET_ERR_MSG(ea, SCF "Need access to UpToDate data (Primary cannot be Outdated)");
		return -EBUSY;
	}
	if (hrd_connected(cs)) {
		NL_SET_ERR_MSG(ea, SCF "Refusing to be Outdated while Connected");
		return -EISCONN;
	}
	if (ds < HALO_RD_DS_OUTDATED) {
		NL_SET_ERR_MSG(ea, SCF "Disk state is lower than outdated");
		return -EINVAL;
	}
	if (ds == HALO_RD_DS_OUTDATED)
		return 0;
	b->md.flags |= HALO_RD_MDF_CONSISTENT;
	b->md.flags &= ~HALO_RD_MDF_WAS_UP_TO_DATE;
	ret = hrd_md_write(b);
	if (ret) {
		NL_SET_ERR_MSG(ea, "writing the metadata failed");
		return ret;
	}
	hrd_set_dstate(res, HALO_RD_DS_OUTDATED);
	return 0;
}

/**
 * hrd_ops_connected() - the pause flag and an Outdated disk meet the peer
 * @res: the resource, at the end of a handshake
 * @sync: the handshake's decision: <0 SyncTarget, 0 no resync, >0 source
 *
 * The peer learns our pause flag. Unless this node becomes the SyncTarget
 * (then it is Inconsistent until the resync is done), an Outdated disk
 * holds the same or newer data than the peer: it is UpToDate again, as
 * in DRBD, where Outdated vanishes when connected.
 *
 * Context: the worker, before the connection state is set.
 */
void hrd_ops_connected(struct hrd_resource *res, int sync)
{
	struct hrd_backing *b = res->dev->backing;

	spin_lock_irq(&res->lock);
	if (res->peer_dstate == HALO_RD_DS_OUTDATED && sync <= 0)
		res->peer_dstate = HALO_RD_DS_UP_TO_DATE;
	res->send_isp = res->user_isp;
	spin_unlock_irq(&res->lock);
	if (sync < 0 || res->dstate != HALO_RD_DS_OUTDATED)
		return;
	b->md.flags |= HALO_RD_MDF_CONSISTENT | HALO_RD_MDF_WAS_UP_TO_DATE;
	hrd_md_write(b);
	hrd_set_dstate(res, HALO_RD_DS_UP_TO_DATE);
}

/**
 * hrd_net_options() - change the net options of a configured connection
 * @res: the resource
 * @nc: all net options, the new values; only the timeouts and @nc->hs
 *	are used
 * @two: allow-two-primaries: 1 on, 0 off, -1 as it is (read under
 *	res->lock, as the peer may have just changed it)
 * @ea: extended ack
 *
 * The connection stays up: the threads read the timeouts on their next
 * round (the ack sender its ping interval and timeout and ko-count, the
 * worker the connect interval and the next connect its timeout); the
 * after-sb policies and csums-alg take effect at the next handshake.
 * allow-two-primaries applies at once and goes to the connected peer,
 * which adopts it (NET_UPDATE), so that a second Primary is allowed or
 * refused alike on both nodes, as DRBD's net-options does.
 *
 * Context: process context, caller holds res->conf.
 * Return: 0 or a negative errno.
 */
int hrd_net_options(struct hrd_resource *res, const struct hrd_netconf *nc,
		    int two, struct netlink_ext_ack *ea)
{
	bool had;

	lockdep_assert_held(&res->conf);
	if (!res->configured) {
		NL_SET_ERR_MSG(ea, "no connection configured (connect first)");
		return -ENOTCONN;
	}
	spin_lock_irq(&res->lock);
	had = res->nc.flags & HALO_RD_F_TWO_PRIMARIES;
	if (two < 0)
		two = had;
	if (!two && res->role == HALO_RD_ROLE_PRIMARY &&
	    res->peer_role == HALO_RD_ROLE_PRIMARY &&
	    hrd_connected(res->cstate)) {
		spin_unlock_irq(&res->lock);
		NL_SET_ERR_MSG(ea, "both nodes are Primary: demote one first");
		return -EBUSY;
	}
	if (had != two) {
		WRITE_ONCE(res->nc.flags, res->nc.flags ^ HALO_RD_F_TWO_PRIMARIES);
		res->send_net_update = true;
	}
	WRITE_ONCE(res->nc.ping_int, nc->ping_int);
	WRITE_ONCE(res->nc.ping_timeout, nc->ping_timeout);
	WRITE_ONCE(res->nc.timeout, nc->timeout);
	WRITE_ONCE(res->nc.connect_int, nc->connect_int);
	WRITE_ONCE(res->nc.ko_count, nc->ko_count);
	res->nc.hs = nc->hs;
	spin_unlock_irq(&res->lock);
	pr_info("%s: net-options: ping-int %u ping-timeout %u timeout %u connect-int %u ko-count %u after-sb %s/%s/%s csums-alg '%s' allow-two-primaries %s\n",
		res->name, nc->ping_int, nc->ping_timeout, nc->timeout,
		nc->connect_int, nc->ko_count, halo_rd_asb_name(nc->hs.after_sb[0]),
		halo_rd_asb_name(nc->hs.after_sb[1]),
		halo_rd_asb_name(nc->hs.after_sb[2]), nc->hs.csums_alg,
		two ? "yes" : "no");
	wake_up(&res->ack_wait);
	wake_up(&res->work_wait);
	return 0;
}

/**
 * hrd_net_defaults() - the timeouts CONNECT uses when not given
 * @nc: filled in (timeouts only)
 */
void hrd_net_defaults(struct hrd_netconf *nc)
{
	nc->ping_int = HRD_DEF_PING_INT;
	nc->ping_timeout = HRD_DEF_PING_TIMEOUT;
	nc->timeout = HRD_DEF_TIMEOUT;
	nc->connect_int = HRD_DEF_CONNECT_INT;
	nc->ko_count = HRD_DEF_KO_COUNT;
}

/**
 * hrd_rate_defaults() - the resync rate settings without any option
 * @rc: filled in; the controller off
 */
void hrd_rate_defaults(struct hrd_rateconf *rc)
{
	*rc = (struct hrd_rateconf) {
		.resync_rate = HRD_DEF_RESYNC_RATE,
		.plan_ahead = HRD_DEF_PLAN_AHEAD,
		.fill_target = HRD_DEF_FILL_TARGET,
		.delay_target = HRD_DEF_DELAY_TARGET,
		.max_rate = HRD_DEF_MAX_RATE,
		.min_rate = HRD_DEF_MIN_RATE,
	};
}

/**
 * hrd_disk_options() - change the options of an attached disk
 * @res: the resource
 * @on_io_error: enum halo_rd_on_io_error
 * @rc: the resync rate settings
 * @ea: extended ack
 *
 * Context: process context, caller holds res->conf.
 * Return: 0 or a negative errno.
 */
int hrd_disk_options(struct hrd_resource *res, u8 on_io_error,
		     const struct hrd_rateconf *rc, struct netlink_ext_ack *ea)
{
	lockdep_assert_held(&res->conf);
	if (!res->dev || !res->dev->backing) {
		NL_SET_ERR_MSG(ea, "no attached disk");
		return -ENODEV;
	}
	WRITE_ONCE(res->on_io_error, on_io_error);
	hrd_rs_ctl_set(res, rc);
	pr_info("%s: disk-options: on-io-error %s\n", res->name,
		on_io_error == HALO_RD_IOE_DETACH ? "detach" : "pass_on");
	if (rc->on)
		pr_info("%s: disk-options: resync-rate %u c-plan-ahead %u c-fill-target %u c-delay-target %u c-max-rate %u c-min-rate %u\n",
			res->name, rc->resync_rate, rc->plan_ahead,
			rc->fill_target, rc->delay_target, rc->max_rate,
			rc->min_rate);
	return 0;
}
