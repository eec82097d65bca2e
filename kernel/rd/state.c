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
		CS(VERIFY_S) | CS(VERIFY_T))
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
				 CS(VERIFY_S) | CS(VERIFY_T) | DOWN,
	[HALO_RD_CS_SYNC_SOURCE] = CS(CONNECTED) | DOWN,
	[HALO_RD_CS_SYNC_TARGET] = CS(CONNECTED) | DOWN,
	[HALO_RD_CS_VERIFY_S] = CS(CONNECTED) | DOWN,
	[HALO_RD_CS_VERIFY_T] = CS(CONNECTED) | DOWN,
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
 * Return: true for Connected, SyncSource and SyncTarget.
 */
bool hrd_connected(u8 cs)
{
	return cs < 32 && (BIT(cs) & LINKED);
}

/**
 * hrd_set_cstate() - change the connection state along the table
 * @res: the resource
 * @cs: the new state
 *
 * Context: process context; takes res->lock; sends an event.
 */
void hrd_set_cstate(struct hrd_resource *res, u8 cs)
{
	unsigned long flags;
	u8 old;

	spin_lock_irqsave(&res->lock, flags);
	old = res->cstate;
	if (old == cs || WARN_ON_ONCE(!(hrd_cs_next[old] & BIT(cs)))) {
		spin_unlock_irqrestore(&res->lock, flags);
		return;
	}
	res->cstate = cs;
	hrd_rs_mark_start(res, old);
	if (!hrd_connected(cs)) {
		res->peer_role = HALO_RD_ROLE_UNKNOWN;
		res->peer_dstate = HALO_RD_DS_DUNKNOWN;
	}
	spin_unlock_irqrestore(&res->lock, flags);
	pr_info("%s: conn( %s -> %s )\n", res->name, hrd_cstate_name(old),
		hrd_cstate_name(cs));
	hrd_notify(res);
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
