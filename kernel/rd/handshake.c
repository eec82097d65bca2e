// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd handshake: exchange versions, protocol, sizes, roles and the
 * generation identifiers, then decide the sync direction from the
 * identifiers (hrd_uuid_compare(), DRBD's rules, simplified).
 */

#include <linux/bitmap.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "hrd.h"
#include "protocol.h"

enum {
	HRD_SYNC_NONE = 0,
	HRD_SYNC_SOURCE_BM = 1,
	HRD_SYNC_SOURCE_FULL = 2,
	HRD_SYNC_TARGET_BM = -1,
	HRD_SYNC_TARGET_FULL = -2,
	HRD_SYNC_SPLIT_BRAIN = 100,	/* after-sb policies may resolve it */
	HRD_SYNC_SPLIT_BRAIN_HIST = 101, /* only discard-my-data does */
	HRD_SYNC_UNRELATED = -1000,
	HRD_SYNC_ABORT = -2000,	/* hs_decide(): go StandAlone */
};

/*
 * Positive: we are the SyncSource; negative: the SyncTarget. Both nodes
 * compute the same answer with opposite signs. Bit 0 of an identifier
 * only records a Primary at the split (after_sb.c): it is masked here.
 */
static int hrd_uuid_compare(const u64 *my_uuid, const u64 *peer_uuid)
{
	const u64 jc = HALO_RD_UUID_JUST_CREATED;
	u64 me[4], peer[4], mc, pc;
	int i;

	for (i = 0; i < 4; i++) {
		me[i] = my_uuid[i] & ~1ULL;
		peer[i] = peer_uuid[i] & ~1ULL;
	}
	mc = me[HRD_UUID_CURRENT];
	pc = peer[HRD_UUID_CURRENT];
	if (mc == jc && pc == jc)
		return HRD_SYNC_NONE;
	if (mc == jc)
		return HRD_SYNC_TARGET_FULL;
	if (pc == jc)
		return HRD_SYNC_SOURCE_FULL;
	if (mc == pc)
		return HRD_SYNC_NONE;
	if (peer[HRD_UUID_BITMAP] && peer[HRD_UUID_BITMAP] == mc)
		return HRD_SYNC_TARGET_BM;
	if (me[HRD_UUID_BITMAP] && me[HRD_UUID_BITMAP] == pc)
		return HRD_SYNC_SOURCE_BM;
	if (peer[HRD_UUID_HIST0] == mc || peer[HRD_UUID_HIST1] == mc)
		return HRD_SYNC_TARGET_FULL;
	if (me[HRD_UUID_HIST0] == pc || me[HRD_UUID_HIST1] == pc)
		return HRD_SYNC_SOURCE_FULL;
	if (me[HRD_UUID_BITMAP] && me[HRD_UUID_BITMAP] == peer[HRD_UUID_BITMAP])
		return HRD_SYNC_SPLIT_BRAIN;
	if ((me[HRD_UUID_HIST0] &&
	     (me[HRD_UUID_HIST0] == peer[HRD_UUID_HIST0] ||
	      me[HRD_UUID_HIST0] == peer[HRD_UUID_HIST1])) ||
	    (me[HRD_UUID_HIST1] &&
	     (me[HRD_UUID_HIST1] == peer[HRD_UUID_HIST0] ||
	      me[HRD_UUID_HIST1] == peer[HRD_UUID_HIST1])))
		return HRD_SYNC_SPLIT_BRAIN_HIST;
	return HRD_SYNC_UNRELATED;
}

static int hs_exchange(struct hrd_resource *res, struct hrd_p_handshake *peer)
{
	struct hrd_backing *b = res->dev->backing;
	struct hrd_p_handshake me = {};
	struct hrd_p_header h;
	int i, ret;

	me.version = cpu_to_be32(HRD_PROTO_VERSION);
	me.protocol = cpu_to_be32(res->nc.protocol);
	/* A Diskless node sends no size and no identifiers. */
	me.usable_sect = cpu_to_be64(b ? b->usable_sect : 0);
	for (i = 0; b && i < 4; i++)
		me.uuid[i] = cpu_to_be64(b->md.uuid[i]);
	if (res->nc.flags & HALO_RD_F_DISCARD_MY_DATA)
		me.flags |= cpu_to_be32(HRD_HS_DISCARD_MY_DATA);
	if (READ_ONCE(res->nc.flags) & HALO_RD_F_TWO_PRIMARIES)
		me.flags |= cpu_to_be32(HRD_HS_TWO_PRIMARIES);
	if (b && (b->md.flags & HALO_RD_MDF_CRASHED_PRIMARY))
		me.flags |= cpu_to_be32(HRD_HS_CRASHED);
	if (b && hrd_bm_weight(b))
		me.flags |= cpu_to_be32(HRD_HS_HAS_BITS);
	me.role = cpu_to_be32(res->role);
	me.dstate = cpu_to_be32(res->dstate);
	memcpy(me.after_sb, res->hs.after_sb, sizeof(me.after_sb));
	me.changes = cpu_to_be64(b ? hrd_bm_weight(b) : 0);
	strscpy(me.csums_alg, res->hs.csums_alg, sizeof(me.csums_alg));
	ret = hrd_send(res, res->data, HRD_P_HANDSHAKE, &me, sizeof(me),
		       NULL, NULL, 0);
	if (!ret)
		ret = hrd_recv_all(res->data, &h, sizeof(h));
	if (ret)
		return ret;
	/* An older peer ends before the appended fields: they stay zero. */
	memset(peer, 0, sizeof(*peer));
	if (be32_to_cpu(h.magic) != HRD_MAGIC ||
	    be16_to_cpu(h.cmd) != HRD_P_HANDSHAKE ||
	    be32_to_cpu(h.len) < HRD_HS_BASE_LEN ||
	    be32_to_cpu(h.len) > sizeof(*peer))
		return -EPROTO;
	ret = hrd_recv_all(res->data, peer, be32_to_cpu(h.len));
	peer->csums_alg[sizeof(peer->csums_alg) - 1] = '\0';
	return ret;
}

/*
 * The SyncTarget sends its bitmap; the SyncSource merges it into its own.
 * Both send as many bits as the smaller device has blocks: backing devices
 * (and so bitmaps) may differ in size.
 */
static int hs_bitmap(struct hrd_resource *res, int sync, sector_t peer_sect)
{
	struct hrd_backing *b = res->dev->backing;
	struct hrd_p_header h;
	unsigned long *tmp, bits;
	size_t i, words;
	u64 *buf;
	int ret;

	/* No sync (always so with a Diskless side, @b may be NULL). */
	if (sync == HRD_SYNC_SOURCE_FULL)
		bitmap_set(b->bm, 0, b->bm_bits);
	if (sync != HRD_SYNC_SOURCE_BM && sync != HRD_SYNC_TARGET_BM)
		return 0;
	bits = min_t(unsigned long, b->bm_bits, DIV_ROUND_UP(peer_sect, 8));
	words = DIV_ROUND_UP(bits, 64);
	buf = vzalloc(words * 8);
	tmp = vzalloc(BITS_TO_LONGS(b->bm_bits) * sizeof(long));
	ret = -ENOMEM;
	if (!buf || !tmp)
		goto out;
	if (sync == HRD_SYNC_TARGET_BM) {
		bitmap_to_arr64(buf, b->bm, bits);
		for (i = 0; i < words; i++)
			buf[i] = (__force u64)cpu_to_be64(buf[i]);
		ret = hrd_send(res, res->data, HRD_P_BITMAP, NULL, 0, NULL,
			       buf, words * 8);
		goto out;
	}
	ret = hrd_recv_all(res->data, &h, sizeof(h));
	if (ret)
		goto out;
	ret = -EPROTO;
	if (be16_to_cpu(h.cmd) != HRD_P_BITMAP || be32_to_cpu(h.len) != words * 8)
		goto out;
	ret = hrd_recv_all(res->data, buf, words * 8);
	if (ret)
		goto out;
	for (i = 0; i < words; i++)
		buf[i] = be64_to_cpu((__force __be64)buf[i]);
	bitmap_from_arr64(tmp, buf, bits);
	bitmap_or(b->bm, b->bm, tmp, bits);
out:
	vfree(tmp);
	vfree(buf);
	return ret;
}

static int hs_decide(struct hrd_resource *res, struct hrd_p_handshake *peer)
{
	struct hrd_backing *b = res->dev->backing;
	bool my_discard = res->nc.flags & HALO_RD_F_DISCARD_MY_DATA;
	bool peer_discard = be32_to_cpu(peer->flags) & HRD_HS_DISCARD_MY_DATA;
	u64 pu[4];
	int i, sync;

	/* Nothing to compare or to sync with a Diskless node. */
	if (!b || be32_to_cpu(peer->dstate) == HALO_RD_DS_DISKLESS)
		return HRD_SYNC_NONE;
	for (i = 0; i < 4; i++)
		pu[i] = be64_to_cpu(peer->uuid[i]);
	sync = hrd_uuid_compare(b->md.uuid, pu);
	if (sync == HRD_SYNC_NONE && b->md.uuid[0] != HALO_RD_UUID_JUST_CREATED) {
		u32 pflags = be32_to_cpu(peer->flags);
		bool peer_crashed = pflags & HRD_HS_CRASHED;

		/* A crashed Primary resyncs its marked blocks to the peer. */
		if ((b->md.flags & HALO_RD_MDF_CRASHED_PRIMARY) && !peer_crashed)
			sync = HRD_SYNC_SOURCE_BM;
		else if (peer_crashed &&
			 !(b->md.flags & HALO_RD_MDF_CRASHED_PRIMARY))
			sync = HRD_SYNC_TARGET_BM;
		/* Blocks marked by an online verify: the marking side sends. */
		else if (hrd_bm_weight(b) && !(pflags & HRD_HS_HAS_BITS))
			sync = HRD_SYNC_SOURCE_BM;
		else if ((pflags & HRD_HS_HAS_BITS) && !hrd_bm_weight(b))
			sync = HRD_SYNC_TARGET_BM;
	}
	pr_info("%s: uuid_compare()=%d my %016llX:%016llX peer %016llX:%016llX\n",
		res->name, sync, b->md.uuid[0], b->md.uuid[1], pu[0], pu[1]);
	if (sync == HRD_SYNC_SPLIT_BRAIN) {
		int asb = hrd_after_sb(res, peer, hrd_bm_weight(b),
				       memcmp(&res->nc.local, &res->nc.peer,
					      res->nc.addrlen) > 0);

		if (asb)
			return asb > 0 ? HRD_SYNC_SOURCE_BM : HRD_SYNC_TARGET_BM;
	}
	if (sync == HRD_SYNC_SPLIT_BRAIN_HIST)
		sync = HRD_SYNC_SPLIT_BRAIN;
	if (sync == HRD_SYNC_SPLIT_BRAIN || sync == HRD_SYNC_UNRELATED) {
		if (my_discard && !peer_discard) {
			pr_info("%s: discarding my data (discard-my-data)\n",
				res->name);
			return sync == HRD_SYNC_SPLIT_BRAIN ?
			       HRD_SYNC_TARGET_BM : HRD_SYNC_TARGET_FULL;
		}
		if (peer_discard && !my_discard)
			return sync == HRD_SYNC_SPLIT_BRAIN ?
			       HRD_SYNC_SOURCE_BM : HRD_SYNC_SOURCE_FULL;
		if (sync == HRD_SYNC_SPLIT_BRAIN)
			pr_err("%s: Split-Brain detected but unresolved, dropping connection!\n",
			       res->name);
		else
			pr_err("%s: Unrelated data, aborting!\n", res->name);
		return HRD_SYNC_ABORT;
	}
	if (sync < 0 && res->role == HALO_RD_ROLE_PRIMARY) {
		pr_err("%s: I shall become SyncTarget, but I am primary!\n",
		       res->name);
		return HRD_SYNC_ABORT;
	}
	return sync;
}

static void hs_apply(struct hrd_resource *res, struct hrd_p_handshake *peer,
		     int sync)
{
	struct hrd_backing *b = res->dev->backing;
	sector_t psize = be64_to_cpu(peer->usable_sect);
	sector_t size = b ? b->usable_sect : psize;
	u8 cs = HALO_RD_CS_CONNECTED;

	/* A Diskless side (size 0) takes the size of the other. */
	if (psize && psize < size)
		size = psize;
	hrd_dev_set_size(res->dev, size);
	if (!b)
		goto state;
	b->md.la_size = size;
	if (sync < 0) {
		cs = HALO_RD_CS_SYNC_TARGET;
		b->md.flags &= ~HALO_RD_MDF_CONSISTENT;
		hrd_set_dstate(res, HALO_RD_DS_INCONSISTENT);
	} else if (sync > 0) {
		cs = HALO_RD_CS_SYNC_SOURCE;
	}
	b->md.flags |= HALO_RD_MDF_CONNECTED_IND;
	hrd_md_write(b);
state:
	spin_lock_irq(&res->lock);
	res->peer_role = be32_to_cpu(peer->role);
	res->peer_dstate = sync > 0 ? HALO_RD_DS_INCONSISTENT :
			   be32_to_cpu(peer->dstate);
	if (res->peer_dstate >= __HALO_RD_DS_LAST)
		res->peer_dstate = HALO_RD_DS_DUNKNOWN;
	res->uuid_fresh = false;
	res->rs_cursor = 0;
	res->rs_inflight = 0;
	spin_unlock_irq(&res->lock);
	hrd_ops_connected(res, sync);
	hrd_set_cstate(res, cs);
}

/**
 * hrd_handshake() - exchange parameters and decide the sync direction
 * @res: the resource, both sockets connected
 *
 * Context: the worker.
 * Return: 0; -EPROTO for an incompatible peer, -EPERM for split brain or
 * unrelated data (both: go StandAlone); another errno to retry.
 */
int hrd_handshake(struct hrd_resource *res)
{
	struct hrd_p_handshake peer;
	int sync, ret;
	u32 two;

	/* This connection's after-sb policies and csums-alg (NET_OPTIONS). */
	spin_lock_irq(&res->lock);
	res->hs = res->nc.hs;
	/* The handshake carries allow-two-primaries as it is now. */
	res->send_net_update = false;
	spin_unlock_irq(&res->lock);
	ret = hs_exchange(res, &peer);
	if (ret)
		return ret == -EPROTO ? -EAGAIN : ret;
	if (be32_to_cpu(peer.version) != HRD_PROTO_VERSION) {
		pr_err("%s: incompatible protocol version %u (mine %u)\n",
		       res->name, be32_to_cpu(peer.version), HRD_PROTO_VERSION);
		return -EPROTO;
	}
	if (be32_to_cpu(peer.protocol) != res->nc.protocol) {
		pr_err("%s: incompatible replication protocol %c (mine %c)\n",
		       res->name, 'A' - 1 + be32_to_cpu(peer.protocol),
		       'A' - 1 + res->nc.protocol);
		return -EPROTO;
	}
	two = READ_ONCE(res->nc.flags) & HALO_RD_F_TWO_PRIMARIES;
	if (!(be32_to_cpu(peer.flags) & HRD_HS_TWO_PRIMARIES) != !two) {
		pr_err("%s: incompatible allow-two-primaries settings (mine %s)\n",
		       res->name, two ? "yes" : "no");
		return -EPROTO;
	}
	if (be32_to_cpu(peer.role) == HALO_RD_ROLE_PRIMARY &&
	    res->role == HALO_RD_ROLE_PRIMARY && !two) {
		pr_err("%s: both nodes are Primary, two primaries not allowed\n",
		       res->name);
		return -EPERM;
	}
	ret = hrd_asb_check(res, &peer);
	if (ret)
		return ret;
	if (strcmp(peer.csums_alg, res->hs.csums_alg)) {
		pr_err("%s: incompatible csums-alg (mine '%s', peer '%s')\n",
		       res->name, res->hs.csums_alg, peer.csums_alg);
		return -EPROTO;
	}
	sync = hs_decide(res, &peer);
	if (sync == HRD_SYNC_ABORT)
		return -EPERM;
	ret = hs_bitmap(res, sync, be64_to_cpu(peer.usable_sect));
	if (!ret)
		ret = hrd_csums_start(res);
	if (ret)
		return ret;
	hs_apply(res, &peer, sync);
	return 0;
}
