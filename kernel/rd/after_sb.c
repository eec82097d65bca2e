// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd automatic split-brain recovery: the after-sb-0pri, -1pri and
 * -2pri policies of DRBD 8.4 (net options). They apply only to a proven
 * split brain (both nodes started a new generation from the same one:
 * equal bitmap identifiers) and only when both nodes were configured with
 * the same policies, which the handshake checks first.
 *
 * Both nodes evaluate the same policy on the same facts, seen from
 * opposite sides, so they reach opposite answers without another round
 * trip: +1 "sync from this node" (the peer's changes are discarded), -1
 * "sync from the peer node" (ours are), 0 "undecided" (disconnect). Ties
 * are broken by the connection roles: the node that listens keeps its
 * data.
 *
 * The facts: the number of blocks each node changed since the split (the
 * weight of its bitmap, sent in the handshake) and whether a node was
 * Primary when the split happened (bit 0 of its bitmap identifier, set by
 * the worker when a Primary loses its peer). A node promoted only after
 * the split is the "younger" Primary.
 */

#include "hrd.h"
#include "protocol.h"

/* The facts one node knows about both sides of the split. */
struct asb_facts {
	u64 mine, theirs;		/* blocks changed since the split */
	bool my_old_pri, peer_old_pri;	/* Primary when it happened */
	bool i_listen;			/* tie-breaker */
};

static int asb_least(const struct asb_facts *f)
{
	if (f->mine != f->theirs)
		return f->mine < f->theirs ? -1 : 1;
	return f->i_listen ? 1 : -1;
}

/* The after-sb-0pri policy @p on the facts @f: +1, -1 or 0. */
static int asb_0pri(u8 p, const struct asb_facts *f)
{
	switch (p) {
	case HALO_RD_ASB_DISCARD_YOUNGER_PRI:
	case HALO_RD_ASB_DISCARD_OLDER_PRI:
		if (f->my_old_pri != f->peer_old_pri) {
			bool keep_old = p == HALO_RD_ASB_DISCARD_YOUNGER_PRI;

			return f->my_old_pri == keep_old ? 1 : -1;
		}
		/* Both or neither were Primary: fewer changes lose. */
		return asb_least(f);
	case HALO_RD_ASB_DISCARD_ZERO_CHG:
		if (!f->mine && !f->theirs)
			return f->i_listen ? 1 : -1;
		if (!f->theirs)
			return 1;
		if (!f->mine)
			return -1;
		return 0;
	case HALO_RD_ASB_DISCARD_LEAST_CHG:
		return asb_least(f);
	}
	return 0;
}

/* after-sb-1pri consensus: the 0pri answer, if it discards the Secondary. */
static int asb_consensus(u8 p0, const struct asb_facts *f, bool i_pri)
{
	int r = asb_0pri(p0, f);

	if (i_pri)
		return r > 0 ? r : 0;
	return r < 0 ? r : 0;
}

/**
 * hrd_asb_check() - both nodes must use the same after-sb policies
 * @res: the resource
 * @peer: the peer's handshake
 *
 * Context: the worker, during the handshake.
 * Return: 0, or -EPROTO (logged) when a policy differs.
 */
int hrd_asb_check(struct hrd_resource *res, const struct hrd_p_handshake *peer)
{
	int i;

	for (i = 0; i < 3; i++) {
		if (peer->after_sb[i] == res->hs.after_sb[i])
			continue;
		pr_err("%s: incompatible after-sb-%dpri settings (mine %s, peer %s)\n",
		       res->name, i, halo_rd_asb_name(res->hs.after_sb[i]),
		       halo_rd_asb_name(peer->after_sb[i]));
		return -EPROTO;
	}
	return 0;
}

/**
 * hrd_after_sb() - try to resolve a split brain by the configured policy
 * @res: the resource
 * @peer: the peer's handshake
 * @my_changes: blocks marked in our bitmap
 * @i_listen: this node accepted the connection (wins ties)
 *
 * Context: the worker, during the handshake.
 * Return: 1 when the peer's changes are discarded (we are SyncSource), -1
 * when ours are (SyncTarget), 0 when the policy leaves it unresolved.
 */
int hrd_after_sb(struct hrd_resource *res, const struct hrd_p_handshake *peer,
		 u64 my_changes, bool i_listen)
{
	struct hrd_backing *b = res->dev->backing;
	bool i_pri = res->role == HALO_RD_ROLE_PRIMARY;
	bool peer_pri = be32_to_cpu(peer->role) == HALO_RD_ROLE_PRIMARY;
	int nprim = i_pri + peer_pri, r = 0;
	struct asb_facts f = {
		.mine = my_changes,
		.theirs = be64_to_cpu(peer->changes),
		.my_old_pri = b->md.uuid[HRD_UUID_BITMAP] & 1,
		.peer_old_pri = be64_to_cpu(peer->uuid[HRD_UUID_BITMAP]) & 1,
		.i_listen = i_listen,
	};
	u8 p = res->hs.after_sb[nprim];

	if (nprim == 0)
		r = asb_0pri(p, &f);
	else if (nprim == 1 && p == HALO_RD_ASB_DISCARD_SECONDARY)
		r = i_pri ? 1 : -1;
	else if (nprim == 1 && p == HALO_RD_ASB_CONSENSUS)
		r = asb_consensus(res->hs.after_sb[0], &f, i_pri);
	if (!r) {
		if (p != HALO_RD_ASB_DISCONNECT)
			pr_warn("%s: after-sb-%dpri %s did not decide\n",
				res->name, nprim, halo_rd_asb_name(p));
		return 0;
	}
	pr_info("%s: Split-Brain detected, %d primaries, automatically solved by after-sb-%dpri %s. Sync from %s node\n",
		res->name, nprim, nprim, halo_rd_asb_name(p), r > 0 ? "this" : "peer");
	pr_info("%s: discarding the %s data (%llu KiB changed here, %llu KiB on the peer)\n",
		res->name, r > 0 ? "peer's" : "local", f.mine * 4, f.theirs * 4);
	return r;
}
