// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd resources and roles.
 */

#include <linux/bitmap.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "hrd.h"

/**
 * hrd_res_find() - look up a resource by name
 * @net: the namespace
 * @name: resource name
 *
 * Context: caller holds the namespace's resource lock.
 * Return: the resource or NULL.
 */
struct hrd_resource *hrd_res_find(struct net *net, const char *name)
{
	struct hrd_resource *res;

	lockdep_assert_held(hrd_net_lock(net));
	list_for_each_entry(res, hrd_net_resources(net), node)
		if (!strcmp(res->name, name))
			return res;
	return NULL;
}

/**
 * hrd_res_by_minor() - look up the resource of a minor
 * @net: the namespace
 * @minor: device minor
 *
 * Context: caller holds the namespace's resource lock.
 * Return: the resource or NULL.
 */
struct hrd_resource *hrd_res_by_minor(struct net *net, unsigned int minor)
{
	struct hrd_resource *res;

	lockdep_assert_held(hrd_net_lock(net));
	list_for_each_entry(res, hrd_net_resources(net), node)
		if (res->dev && res->dev->minor == minor)
			return res;
	return NULL;
}

/**
 * hrd_res_new() - create a resource
 * @net: the namespace
 * @name: resource name
 * @ea: extended ack
 *
 * Context: caller holds the namespace's resource lock.
 * Return: 0 or a negative errno.
 */
int hrd_res_new(struct net *net, const char *name, struct netlink_ext_ack *ea)
{
	struct hrd_resource *res;

	lockdep_assert_held(hrd_net_lock(net));
	if (!name[0]) {
		NL_SET_ERR_MSG(ea, "empty resource name");
		return -EINVAL;
	}
	if (hrd_res_find(net, name)) {
		NL_SET_ERR_MSG(ea, "resource exists");
		return -EEXIST;
	}
	res = kzalloc(sizeof(*res), GFP_KERNEL);
	if (!res)
		return -ENOMEM;
	res->net = net;
	strscpy(res->name, name, sizeof(res->name));
	mutex_init(&res->conf);
	spin_lock_init(&res->lock);
	res->role = HALO_RD_ROLE_SECONDARY;
	res->peer_role = HALO_RD_ROLE_UNKNOWN;
	res->cstate = HALO_RD_CS_STANDALONE;
	res->dstate = HALO_RD_DS_DISKLESS;
	res->peer_dstate = HALO_RD_DS_DUNKNOWN;
	INIT_LIST_HEAD(&res->tlog);
	INIT_LIST_HEAD(&res->sendq);
	INIT_LIST_HEAD(&res->ackq);
	INIT_LIST_HEAD(&res->replyq);
	init_waitqueue_head(&res->work_wait);
	init_waitqueue_head(&res->ack_wait);
	list_add_tail(&res->node, hrd_net_resources(net));
	hrd_notify(res);
	return 0;
}

/**
 * hrd_res_del() - delete a resource without device and connection
 * @res: the resource
 * @ea: extended ack
 *
 * Context: caller holds the namespace's resource lock.
 * Return: 0 or a negative errno.
 */
int hrd_res_del(struct hrd_resource *res, struct netlink_ext_ack *ea)
{
	lockdep_assert_held(hrd_net_lock(res->net));
	if (res->dev || res->configured) {
		NL_SET_ERR_MSG(ea, "resource has a device or a connection");
		return -EBUSY;
	}
	list_del(&res->node);
	kfree(res);
	return 0;
}

/**
 * hrd_res_down() - demote, disconnect, detach and delete a resource
 * @res: the resource
 *
 * Context: caller holds the namespace's resource lock.
 * Return: 0 or a negative errno (the device is still open).
 */
int hrd_res_down(struct hrd_resource *res)
{
	int ret;

	lockdep_assert_held(hrd_net_lock(res->net));
	mutex_lock(&res->conf);
	ret = hrd_secondary(res, NULL);
	if (!ret) {
		hrd_disconnect(res);
		ret = hrd_detach(res, NULL);
	}
	if (!ret)
		ret = hrd_dev_del(res, NULL);
	mutex_unlock(&res->conf);
	if (!ret)
		ret = hrd_res_del(res, NULL);
	return ret;
}

/**
 * hrd_start_full_sync() - become SyncSource of a full sync of the peer
 * @res: the resource, Connected with a disk
 *
 * Context: process context, caller holds res->conf.
 */
void hrd_start_full_sync(struct hrd_resource *res)
{
	struct hrd_backing *b = res->dev->backing;

	bitmap_set(b->bm, 0, b->bm_bits);
	spin_lock_irq(&res->lock);
	res->peer_dstate = HALO_RD_DS_INCONSISTENT;
	res->send_sync_start = true;
	res->rs_cursor = 0;
	res->rs_idle = false;
	spin_unlock_irq(&res->lock);
	hrd_set_cstate(res, HALO_RD_CS_SYNC_SOURCE);
	wake_up(&res->work_wait);
}

static int force_up_to_date(struct hrd_resource *res)
{
	struct hrd_backing *b = res->dev->backing;

	if (b->md.uuid[HRD_UUID_CURRENT] == HALO_RD_UUID_JUST_CREATED)
		b->md.uuid[HRD_UUID_CURRENT] = get_random_u64() & ~1ULL;
	else
		hrd_new_current_uuid(res);
	b->md.flags |= HALO_RD_MDF_CONSISTENT | HALO_RD_MDF_WAS_UP_TO_DATE;
	hrd_set_dstate(res, HALO_RD_DS_UP_TO_DATE);
	return hrd_md_write(b);
}

/*
 * May a Diskless device be promoted? Only Connected to an UpToDate peer,
 * which then does all its I/O (reads over READ_REQ, writes replicated to
 * the peer only), as DRBD allows.
 */
static int primary_diskless(u8 cs, u8 pds, struct netlink_ext_ack *ea)
{
	if (hrd_connected(cs) && pds == HALO_RD_DS_UP_TO_DATE)
		return 0;
	NL_SET_ERR_MSG(ea,
		       "State change failed: Need access to UpToDate data (Diskless, no UpToDate peer)");
	return -EIO;
}

/*
 * Ready a device with a disk in state @ds for promotion: UpToDate data is;
 * with --force, other data becomes UpToDate (not on a SyncTarget) and a
 * connected peer without good data is sent all of it.
 */
static int primary_with_disk(struct hrd_resource *res, bool force, u8 cs,
			     u8 ds, u8 pds, struct netlink_ext_ack *ea)
{
	int ret;

	if (ds == HALO_RD_DS_UP_TO_DATE)
		return 0;
	if (!force) {
		NL_SET_ERR_MSG(ea, "State change failed: Need access to UpToDate data");
		return -EIO;
	}
	if (cs == HALO_RD_CS_SYNC_TARGET || cs == HALO_RD_CS_PAUSED_SYNC_T) {
		NL_SET_ERR_MSG(ea, "State change failed: resync in progress as SyncTarget");
		return -EBUSY;
	}
	ret = force_up_to_date(res);
	if (ret)
		return ret;
	if (cs == HALO_RD_CS_CONNECTED && pds <= HALO_RD_DS_OUTDATED)
		hrd_start_full_sync(res);
	return 0;
}

/**
 * hrd_primary() - promote the device
 * @res: the resource
 * @force: promote Inconsistent data (it becomes UpToDate)
 * @ea: extended ack
 *
 * A Diskless device is promoted only while Connected to an UpToDate peer.
 *
 * Context: process context, caller holds res->conf.
 * Return: 0 or a negative errno.
 */
int hrd_primary(struct hrd_resource *res, bool force,
		struct netlink_ext_ack *ea)
{
	struct hrd_backing *b;
	u8 cs, peer_role, ds, pds;
	int ret;

	lockdep_assert_held(&res->conf);
	if (!res->dev) {
		NL_SET_ERR_MSG(ea, "resource has no device (new-minor first)");
		return -ENODEV;
	}
	b = res->dev->backing;
	spin_lock_irq(&res->lock);
	cs = res->cstate;
	peer_role = res->peer_role;
	ds = res->dstate;
	pds = res->peer_dstate;
	spin_unlock_irq(&res->lock);
	if (res->role == HALO_RD_ROLE_PRIMARY)
		return 0;
	if (hrd_connected(cs) && peer_role == HALO_RD_ROLE_PRIMARY &&
	    !(READ_ONCE(res->nc.flags) & HALO_RD_F_TWO_PRIMARIES)) {
		NL_SET_ERR_MSG(ea, "State change failed: Multiple primaries not allowed by config");
		return -EBUSY;
	}
	if (b)
		ret = primary_with_disk(res, force, cs, ds, pds, ea);
	else
		ret = primary_diskless(cs, pds, ea);
	if (ret)
		return ret;
	spin_lock_irq(&res->lock);
	res->role = HALO_RD_ROLE_PRIMARY;
	res->send_state = true;
	cs = res->cstate;
	spin_unlock_irq(&res->lock);
	if (b) {
		if (!hrd_connected(cs))
			hrd_new_current_uuid(res);
		b->md.flags |= HALO_RD_MDF_PRIMARY_IND;
		hrd_md_write(b);
	}
	pr_info("%s: role( Secondary -> Primary )%s\n", res->name,
		b ? "" : " (Diskless: I/O goes to the peer)");
	wake_up(&res->work_wait);
	hrd_notify(res);
	return 0;
}

/**
 * hrd_secondary() - demote the device
 * @res: the resource
 * @ea: extended ack
 *
 * Context: process context, caller holds res->conf.
 * Return: 0 or a negative errno.
 */
int hrd_secondary(struct hrd_resource *res, struct netlink_ext_ack *ea)
{
	lockdep_assert_held(&res->conf);
	spin_lock_irq(&res->lock);
	if (res->role != HALO_RD_ROLE_PRIMARY) {
		spin_unlock_irq(&res->lock);
		return 0;
	}
	if (res->dev && res->dev->open_rw) {
		spin_unlock_irq(&res->lock);
		NL_SET_ERR_MSG(ea, "State change failed: Device is held open by someone");
		return -EBUSY;
	}
	res->role = HALO_RD_ROLE_SECONDARY;
	res->send_state = true;
	spin_unlock_irq(&res->lock);
	if (res->dev && res->dev->backing) {
		wait_event(res->dev->io_wait,
			   !atomic_read(&res->dev->inflight));
		res->dev->backing->md.flags &= ~HALO_RD_MDF_PRIMARY_IND;
		hrd_bm_write(res->dev->backing);
		hrd_md_write(res->dev->backing);
	}
	pr_info("%s: role( Primary -> Secondary )\n", res->name);
	wake_up(&res->work_wait);
	hrd_notify(res);
	return 0;
}

/**
 * hrd_invalidate() - discard the local data: full resync from the peer
 * @res: the resource, a Secondary
 * @ea: extended ack
 *
 * The current identifier is reset to "just created", so the next
 * handshake makes this node the SyncTarget of a full sync; a connected
 * resource reconnects at once.
 *
 * Context: process context, caller holds res->conf.
 * Return: 0 or a negative errno.
 */
int hrd_invalidate(struct hrd_resource *res, struct netlink_ext_ack *ea)
{
	struct hrd_backing *b = res->dev ? res->dev->backing : NULL;

	lockdep_assert_held(&res->conf);
	if (!b || res->role == HALO_RD_ROLE_PRIMARY) {
		NL_SET_ERR_MSG(ea, "invalidate needs an attached Secondary");
		return -EBUSY;
	}
	if (res->cstate != HALO_RD_CS_CONNECTED) {
		NL_SET_ERR_MSG(ea, "invalidate needs a Connected resource");
		return -ENOTCONN;
	}
	b->md.uuid[HRD_UUID_CURRENT] = HALO_RD_UUID_JUST_CREATED;
	b->md.flags &= ~HALO_RD_MDF_CONSISTENT;
	hrd_md_write(b);
	hrd_set_dstate(res, HALO_RD_DS_INCONSISTENT);
	hrd_conn_fail(res, "invalidate");
	return 0;
}

/**
 * hrd_verify() - start an online verify against the peer
 * @res: the resource, Connected
 * @ea: extended ack
 *
 * Context: process context, caller holds res->conf.
 * Return: 0 or a negative errno.
 */
int hrd_verify(struct hrd_resource *res, struct netlink_ext_ack *ea)
{
	lockdep_assert_held(&res->conf);
	if (res->cstate != HALO_RD_CS_CONNECTED) {
		NL_SET_ERR_MSG(ea, "verify needs a Connected resource");
		return -ENOTCONN;
	}
	if (!res->dev->backing || res->dstate == HALO_RD_DS_DISKLESS ||
	    res->peer_dstate == HALO_RD_DS_DISKLESS) {
		NL_SET_ERR_MSG(ea, "verify needs a disk on both nodes");
		return -ENODEV;
	}
	spin_lock_irq(&res->lock);
	res->rs_cursor = 0;
	res->rs_inflight = 0;
	res->rs_idle = false;
	res->ov_oos = 0;
	res->send_ov_start = true;
	spin_unlock_irq(&res->lock);
	hrd_set_cstate(res, HALO_RD_CS_VERIFY_S);
	wake_up(&res->work_wait);
	return 0;
}
