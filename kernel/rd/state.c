// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd states: DRBD 8.4's names and the allowed transitions, as data.
 *
 * hrd_cs_next[from] is the set of connection states reachable from
 * "from"; hrd_ds_next[from] likewise for disk states. A transition not in
 * the table is a bug: it warns once and is refused.
 */

#include <linux/bits.h>
#include <linux/random.h>

#include "hrd.h"

static const char * const hrd_cs_names[__HALO_RD_CS_LAST] = {
	[HALO_RD_CS_STANDALONE] = "StandAlone",
	[HALO_RD_CS_DISCONNECTING] = "Disconnecting",
	[HALO_RD_CS_UNCONNECTED] = "Unconnected",
	[HALO_RD_CS_NETWORK_FAILURE] = "NetworkFailure",
	[HALO_RD_CS_PROTOCOL_ERROR] = "ProtocolError",
	[HALO_RD_CS_WF_CONNECTION] = "WFConnection",
	[HALO_RD_CS_WF_REPORT_PARAMS] = "WFReportParams",
	[HALO_RD_CS_CONNECTED] = "Connected",
	[HALO_RD_CS_SYNC_SOURCE] = "SyncSource",
	[HALO_RD_CS_SYNC_TARGET] = "SyncTarget",
	[HALO_RD_CS_VERIFY_S] = "VerifyS",
	[HALO_RD_CS_VERIFY_T] = "VerifyT",
	[HALO_RD_CS_PAUSED_SYNC_S] = "PausedSyncS",
	[HALO_RD_CS_PAUSED_SYNC_T] = "PausedSyncT",
};

static const char * const hrd_ds_names[__HALO_RD_DS_LAST] = {
	[HALO_RD_DS_DISKLESS] = "Diskless",
	[HALO_RD_DS_ATTACHING] = "Attaching",
	[HALO_RD_DS_FAILED] = "Failed",
	[HALO_RD_DS_INCONSISTENT] = "Inconsistent",
	[HALO_RD_DS_OUTDATED] = "Outdated",
	[HALO_RD_DS_DUNKNOWN] = "DUnknown",
	[HALO_RD_DS_CONSISTENT] = "Consistent",
	[HALO_RD_DS_UP_TO_DATE] = "UpToDate",
};

#define CS(x) BIT(HALO_RD_CS_##x)
#define LINKED (CS(CONNECTED) | CS(SYNC_SOURCE) | CS(SYNC_TARGET) | \
		CS(VERIFY_S) | CS(VERIFY_T) | CS(PAUSED_SYNC_S) | \
		CS(PAUSED_SYNC_T))
#define DOWN (CS(NETWORK_FAILURE) | CS(DISCONNECTING) | CS(PROTOCOL_ERROR))

static const u32 hrd_cs_next[__HALO_RD_CS_LAST] = {
	[HALO_RD_CS_STANDALONE] = CS(UNCONNECTED),
	[HALO_RD_CS_DISCONNECTING] = CS(STANDALONE),
	[HALO_RD_CS_UNCONNECTED] = CS(WF_CONNECTION) | CS(DISCONNECTING),
	[HALO_RD_CS_NETWORK_FAILURE] = CS(WF_CONNECTION) | CS(DISCONNECTING) |
				       CS(STANDALONE),
	[HALO_RD_CS_PROTOCOL_ERROR] = CS(STANDALONE) | CS(DISCONNECTING),
	[HALO_RD_CS_WF_CONNECTION] = CS(WF_REPORT_PARAMS) | CS(DISCONNECTING),
	[HALO_RD_CS_WF_REPORT_PARAMS] = LINKED | DOWN | CS(WF_CONNECTION),
	[HALO_RD_CS_CONNECTED] = CS(SYNC_SOURCE) | CS(SYNC_TARGET) |
				 CS(VERIFY_S) | CS(VERIFY_T) | CS(PAUSED_SYNC_S) |
				 CS(PAUSED_SYNC_T) | DOWN,
	[HALO_RD_CS_SYNC_SOURCE] = CS(CONNECTED) | CS(PAUSED_SYNC_S) | DOWN,
	[HALO_RD_CS_SYNC_TARGET] = CS(CONNECTED) | CS(PAUSED_SYNC_T) | DOWN,
	[HALO_RD_CS_VERIFY_S] = CS(CONNECTED) | DOWN,
	[HALO_RD_CS_VERIFY_T] = CS(CONNECTED) | DOWN,
	/* A paused target may still get SYNC_DONE sent before the pause. */
	[HALO_RD_CS_PAUSED_SYNC_S] = CS(SYNC_SOURCE) | DOWN,
	[HALO_RD_CS_PAUSED_SYNC_T] = CS(SYNC_TARGET) | CS(CONNECTED) | DOWN,
};

#define DS(x) BIT(HALO_RD_DS_##x)
#define DATA (DS(INCONSISTENT) | DS(OUTDATED) | DS(CONSISTENT) | DS(UP_TO_DATE))

static const u32 hrd_ds_next[__HALO_RD_DS_LAST] = {
	[HALO_RD_DS_DISKLESS] = DS(ATTACHING),
	[HALO_RD_DS_ATTACHING] = DATA | DS(DISKLESS),
	[HALO_RD_DS_FAILED] = DS(DISKLESS),
	[HALO_RD_DS_INCONSISTENT] = DATA | DS(FAILED) | DS(DISKLESS),
	[HALO_RD_DS_OUTDATED] = DATA | DS(FAILED) | DS(DISKLESS),
	[HALO_RD_DS_CONSISTENT] = DATA | DS(FAILED) | DS(DISKLESS),
	[HALO_RD_DS_UP_TO_DATE] = DATA | DS(FAILED) | DS(DISKLESS),
};

/**
 * hrd_cstate_name() - DRBD's name of a connection state
 * @cs: enum halo_rd_cstate
 *
 * Return: the name.
 */
const char *hrd_cstate_name(u8 cs)
{
	return cs < __HALO_RD_CS_LAST ? hrd_cs_names[cs] : "?";
}

/**
 * hrd_dstate_name() - DRBD's name of a disk state
 * @ds: enum halo_rd_dstate
 *
 * Return: the name.
 */
const char *hrd_dstate_name(u8 ds)
{
	return ds < __HALO_RD_DS_LAST ? hrd_ds_names[ds] : "?";
}

/**
 * hrd_role_name() - DRBD's name of a role
 * @role: enum halo_rd_role
 *
 * Return: the name.
 */
const char *hrd_role_name(u8 role)
{
	if (role == HALO_RD_ROLE_PRIMARY)
		return "Primary";
	if (role == HALO_RD_ROLE_SECONDARY)
		return "Secondary";
	return "Unknown";
}

/**
 * hrd_connected() - whether a connection state has a live peer
 * @cs: enum halo_rd_cstate
 *
 * Return: true for Connected, SyncSource, SyncTarget, their paused
 * forms, VerifyS and VerifyT.
 */
bool hrd_connected(u8 cs)
{
	return cs < 32 && (BIT(cs) & LINKED);
}

/**
 * hrd_syncing() - whether a connection state is a resync, paused or not
 * @cs: enum halo_rd_cstate
 *
 * Return: true for SyncSource, SyncTarget, PausedSyncS and PausedSyncT.
 */
bool hrd_syncing(u8 cs)
{
	return cs < 32 && (BIT(cs) & (CS(SYNC_SOURCE) | CS(SYNC_TARGET) |
				      CS(PAUSED_SYNC_S) | CS(PAUSED_SYNC_T)));
}

/*
 * A resync state and its paused form follow the pause flags, so that a
 * resync started while a flag is set starts paused (DRBD's user_isp and
 * peer_isp). Caller holds res->lock.
 */
static u8 cs_paused(struct hrd_resource *res, u8 cs)
{
	bool paused = res->user_isp || res->peer_isp;

	lockdep_assert_held(&res->lock);
	if (cs == HALO_RD_CS_SYNC_SOURCE && paused)
		return HALO_RD_CS_PAUSED_SYNC_S;
	if (cs == HALO_RD_CS_SYNC_TARGET && paused)
		return HALO_RD_CS_PAUSED_SYNC_T;
	if (cs == HALO_RD_CS_PAUSED_SYNC_S && !paused)
		return HALO_RD_CS_SYNC_SOURCE;
	if (cs == HALO_RD_CS_PAUSED_SYNC_T && !paused)
		return HALO_RD_CS_SYNC_TARGET;
	return cs;
}

/* Caller holds res->lock; false if @cs is no change or not allowed. */
static bool cs_change(struct hrd_resource *res, u8 cs, u8 *old)
{
	lockdep_assert_held(&res->lock);
	*old = res->cstate;
	cs = cs_paused(res, cs);
	if (*old == cs || WARN_ON_ONCE(!(hrd_cs_next[*old] & BIT(cs))))
		return false;
	res->cstate = cs;
	hrd_rs_mark_start(res, *old);
	if (!hrd_connected(cs)) {
		res->peer_role = HALO_RD_ROLE_UNKNOWN;
		res->peer_dstate = HALO_RD_DS_DUNKNOWN;
		res->peer_isp = false;
	}
	return true;
}

static void cs_changed(struct hrd_resource *res, u8 old, u8 cs)
{
	pr_info("%s: conn( %s -> %s )\n", res->name, hrd_cstate_name(old),
		hrd_cstate_name(cs));
	hrd_notify(res);
}

/**
 * hrd_sync_pause_update() - move a resync to or from its paused form
 * @res: the resource, whose pause flags just changed
 *
 * Context: process context; takes res->lock; sends an event.
 */
void hrd_sync_pause_update(struct hrd_resource *res)
{
	unsigned long flags;
	bool changed;
	u8 old, cs;

	spin_lock_irqsave(&res->lock, flags);
	changed = cs_change(res, res->cstate, &old);
	cs = res->cstate;
	res->rs_idle = false;
	spin_unlock_irqrestore(&res->lock, flags);
	if (changed)
		cs_changed(res, old, cs);
	else
		hrd_notify(res);
	wake_up(&res->work_wait);
}

/**
 * hrd_set_cstate() - change the connection state along the table
 * @res: the resource
 * @cs: the new state; SyncSource and SyncTarget become PausedSyncS and
 *	PausedSyncT while a pause flag is set
 *
 * Context: process context; takes res->lock; sends an event.
 */
void hrd_set_cstate(struct hrd_resource *res, u8 cs)
{
	unsigned long flags;
	bool changed;
	u8 old;

	spin_lock_irqsave(&res->lock, flags);
	changed = cs_change(res, cs, &old);
	cs = res->cstate;
	spin_unlock_irqrestore(&res->lock, flags);
	if (changed)
		cs_changed(res, old, cs);
}

/**
 * hrd_set_dstate() - change the local disk state along the table
 * @res: the resource
 * @ds: the new state
 *
 * Context: process context; takes res->lock; sends an event.
 */
void hrd_set_dstate(struct hrd_resource *res, u8 ds)
{
	unsigned long flags;
	u8 old;

	spin_lock_irqsave(&res->lock, flags);
	old = res->dstate;
	if (old == ds || WARN_ON_ONCE(!(hrd_ds_next[old] & BIT(ds)))) {
		spin_unlock_irqrestore(&res->lock, flags);
		return;
	}
	res->dstate = ds;
	spin_unlock_irqrestore(&res->lock, flags);
	pr_info("%s: disk( %s -> %s )\n", res->name, hrd_dstate_name(old),
		hrd_dstate_name(ds));
	hrd_notify(res);
}

/**
 * hrd_notify() - multicast the current state of @res
 * @res: the resource
 *
 * Context: process context.
 */
void hrd_notify(struct hrd_resource *res)
{
	hrd_nl_event(res);
}

/**
 * hrd_new_current_uuid() - start a new data generation
 * @res: the resource, with a backing device
 *
 * A Primary without its peer starts a new generation: the old current
 * identifier becomes the bitmap identifier (unless one is already set),
 * so that the bitmap describes the changes since it.
 *
 * Context: process context: a configuration request holding res->conf,
 * or the worker while it owns the connection.
 */
void hrd_new_current_uuid(struct hrd_resource *res)
{
	struct hrd_backing *b = res->dev ? res->dev->backing : NULL;

	if (!b || res->uuid_fresh)
		return;
	if (!b->md.uuid[HRD_UUID_BITMAP])
		b->md.uuid[HRD_UUID_BITMAP] = b->md.uuid[HRD_UUID_CURRENT];
	b->md.uuid[HRD_UUID_CURRENT] = get_random_u64() & ~1ULL;
	res->uuid_fresh = true;
	hrd_md_write(b);
	pr_info("%s: new current UUID %016llX\n", res->name,
		b->md.uuid[HRD_UUID_CURRENT]);
}
