// SPDX-License-Identifier: GPL-2.0
/*
 * HALO_RD generic netlink family. The attribute tree is described in
 * include/uapi/linux/halo_rd.h; this file is the only attribute parser.
 *
 * Locking: every request takes its namespace's resource lock, then the
 * resource's conf mutex.
 */

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/module.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/halo_rd.h>

#include "hrd.h"
#include "netlink.h"

static struct genl_family hrd_genl_family;

/* Rates in KiB/s and sectors in flight: beyond the s16 of a plain range. */
static struct netlink_range_validation hrd_rate_range = {
	.min = 1, .max = 4194304,
};

static struct netlink_range_validation hrd_max_rate_range = {
	.min = 250, .max = 4194304,
};

static struct netlink_range_validation hrd_min_rate_range = {
	.min = 0, .max = 4194304,
};

static struct netlink_range_validation hrd_fill_range = {
	.min = 0, .max = 2000000,
};

static const struct nla_policy hrd_policy[HALO_RD_A_MAX + 1] = {
	[HALO_RD_A_VERSION] = { .type = NLA_U32 },
	[HALO_RD_A_RES_NAME] = { .type = NLA_NUL_STRING,
				 .len = HALO_RD_NAME_MAX - 1 },
	[HALO_RD_A_MINOR] = NLA_POLICY_MAX(NLA_U32, HALO_RD_MINOR_MAX),
	[HALO_RD_A_VOLUME] = NLA_POLICY_MAX(NLA_U32, 0),
	[HALO_RD_A_LOWER_DEV] = { .type = NLA_NUL_STRING, .len = 255 },
	[HALO_RD_A_META_DEV] = { .type = NLA_NUL_STRING, .len = 255 },
	[HALO_RD_A_LOCAL_ADDR] = { .type = NLA_BINARY,
				   .len = sizeof(struct sockaddr_in6) },
	[HALO_RD_A_PEER_ADDR] = { .type = NLA_BINARY,
				  .len = sizeof(struct sockaddr_in6) },
	[HALO_RD_A_PROTOCOL] = NLA_POLICY_RANGE(NLA_U8, HALO_RD_PROT_A,
						HALO_RD_PROT_C),
	[HALO_RD_A_PING_INT] = NLA_POLICY_RANGE(NLA_U32, 1, 120),
	[HALO_RD_A_PING_TIMEOUT] = NLA_POLICY_RANGE(NLA_U32, 1, 300),
	[HALO_RD_A_TIMEOUT] = NLA_POLICY_RANGE(NLA_U32, 1, 600),
	[HALO_RD_A_CONNECT_INT] = NLA_POLICY_RANGE(NLA_U32, 1, 120),
	[HALO_RD_A_KO_COUNT] = NLA_POLICY_MAX(NLA_U32, 200),
	[HALO_RD_A_TWO_PRIMARIES] = NLA_POLICY_MAX(NLA_U8, 1),
	[HALO_RD_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, HALO_RD_F_FORCE |
					    HALO_RD_F_DISCARD_MY_DATA |
					    HALO_RD_F_TWO_PRIMARIES |
					    HALO_RD_F_SET_DEFAULTS),
	[HALO_RD_A_ON_IO_ERROR] = NLA_POLICY_MAX(NLA_U8, HALO_RD_IOE_DETACH),
	[HALO_RD_A_AFTER_SB_0P] = NLA_POLICY_MAX(NLA_U8,
						 HALO_RD_ASB_DISCARD_LEAST_CHG),
	[HALO_RD_A_AFTER_SB_1P] = NLA_POLICY_MAX(NLA_U8,
						 HALO_RD_ASB_DISCARD_SECONDARY),
	[HALO_RD_A_AFTER_SB_2P] = NLA_POLICY_MAX(NLA_U8,
						 HALO_RD_ASB_DISCONNECT),
	[HALO_RD_A_CSUMS_ALG] = { .type = NLA_NUL_STRING,
				  .len = HALO_RD_ALG_MAX - 1 },
	[HALO_RD_A_RESYNC_RATE] = NLA_POLICY_FULL_RANGE(NLA_U32,
							&hrd_rate_range),
	[HALO_RD_A_C_PLAN_AHEAD] = NLA_POLICY_MAX(NLA_U32, HRD_RS_PLAN_MAX),
	[HALO_RD_A_C_FILL_TARGET] = NLA_POLICY_FULL_RANGE(NLA_U32,
							  &hrd_fill_range),
	[HALO_RD_A_C_DELAY_TARGET] = NLA_POLICY_RANGE(NLA_U32, 1, 100),
	[HALO_RD_A_C_MAX_RATE] = NLA_POLICY_FULL_RANGE(NLA_U32,
						       &hrd_max_rate_range),
	[HALO_RD_A_C_MIN_RATE] = NLA_POLICY_FULL_RANGE(NLA_U32,
						       &hrd_min_rate_range),
	[HALO_RD_A_META_IDX] = NLA_POLICY_MAX(NLA_U32, HRD_MD_IDX_MAX),
};

/*
 * The meta-disk of ATTACH and CREATE_MD: none or "internal", a device path
 * (flexible external), or a path and META_IDX (indexed external). Sets
 * *@md_path (NULL for internal) and *@md_idx.
 */
static int nl_meta(struct genl_info *info, const char **md_path, int *md_idx)
{
	struct nlattr *m = info->attrs[HALO_RD_A_META_DEV];
	struct nlattr *i = info->attrs[HALO_RD_A_META_IDX];

	*md_path = NULL;
	*md_idx = HRD_MD_INTERNAL;
	if (!m || !strcmp(nla_data(m), "internal")) {
		if (i) {
			NL_SET_ERR_MSG_ATTR(info->extack, i,
					    "internal metadata takes no index");
			return -EINVAL;
		}
		return 0;
	}
	if (((char *)nla_data(m))[0] != '/') {
		NL_SET_ERR_MSG_ATTR(info->extack, m,
				    "meta-disk must be 'internal' or a device path");
		return -EINVAL;
	}
	*md_path = nla_data(m);
	*md_idx = i ? nla_get_u32(i) : HRD_MD_FLEX_EXT;
	return 0;
}

static u32 nl_flags(struct genl_info *info)
{
	struct nlattr *a = info->attrs[HALO_RD_A_FLAGS];

	return a ? nla_get_u32(a) : 0;
}

static int fill_status(struct sk_buff *msg, struct hrd_resource *res)
{
	struct hrd_device *dev = res->dev;
	struct hrd_backing *b = dev ? dev->backing : NULL;
	u8 role, prole, cs, ds, pds;
	u64 oos = b ? hrd_bm_weight(b) * 4 : 0;
	u64 rs_total, rs_left;
	struct hrd_rateconf rc;
	struct hrd_hsconf hs;
	u32 pause;

	spin_lock_irq(&res->lock);
	rc = res->rc;
	hs = res->nc.hs;
	pause = (res->user_isp ? HALO_RD_PAUSE_USER : 0) |
		(res->peer_isp ? HALO_RD_PAUSE_PEER : 0);
	role = res->role;
	prole = res->peer_role;
	cs = res->cstate;
	ds = res->dstate;
	pds = res->peer_dstate;
	spin_unlock_irq(&res->lock);
	if (nla_put_string(msg, HALO_RD_A_RES_NAME, res->name) ||
	    nla_put_u8(msg, HALO_RD_A_ROLE, role) ||
	    nla_put_u8(msg, HALO_RD_A_PEER_ROLE, prole) ||
	    nla_put_u8(msg, HALO_RD_A_CSTATE, cs) ||
	    nla_put_u8(msg, HALO_RD_A_DSTATE, ds) ||
	    nla_put_u8(msg, HALO_RD_A_PEER_DSTATE, pds) ||
	    nla_put_u8(msg, HALO_RD_A_PROTOCOL,
		       res->configured ? res->nc.protocol : 0) ||
	    nla_put_u32(msg, HALO_RD_A_SYNC_PAUSE, pause))
		return -EMSGSIZE;
	if (res->configured &&
	    (nla_put(msg, HALO_RD_A_LOCAL_ADDR, res->nc.addrlen,
		     &res->nc.local) ||
	     nla_put(msg, HALO_RD_A_PEER_ADDR, res->nc.addrlen,
		     &res->nc.peer) ||
	     nla_put_u32(msg, HALO_RD_A_PING_INT, res->nc.ping_int) ||
	     nla_put_u32(msg, HALO_RD_A_PING_TIMEOUT, res->nc.ping_timeout) ||
	     nla_put_u32(msg, HALO_RD_A_TIMEOUT, res->nc.timeout) ||
	     nla_put_u32(msg, HALO_RD_A_CONNECT_INT, res->nc.connect_int) ||
	     nla_put_u32(msg, HALO_RD_A_KO_COUNT, res->nc.ko_count) ||
	     nla_put_u8(msg, HALO_RD_A_TWO_PRIMARIES,
			!!(READ_ONCE(res->nc.flags) & HALO_RD_F_TWO_PRIMARIES)) ||
	     nla_put_u8(msg, HALO_RD_A_AFTER_SB_0P, hs.after_sb[0]) ||
	     nla_put_u8(msg, HALO_RD_A_AFTER_SB_1P, hs.after_sb[1]) ||
	     nla_put_u8(msg, HALO_RD_A_AFTER_SB_2P, hs.after_sb[2]) ||
	     nla_put_string(msg, HALO_RD_A_CSUMS_ALG, hs.csums_alg)))
		return -EMSGSIZE;
	if (!dev)
		return 0;
	if (hrd_rs_progress(res, &rs_total, &rs_left) &&
	    (nla_put_u64_64bit(msg, HALO_RD_A_RS_TOTAL, rs_total,
			       HALO_RD_A_UNSPEC) ||
	     nla_put_u64_64bit(msg, HALO_RD_A_RS_LEFT, rs_left,
			       HALO_RD_A_UNSPEC)))
		return -EMSGSIZE;
	if (nla_put_u32(msg, HALO_RD_A_MINOR, dev->minor) ||
	    nla_put_u64_64bit(msg, HALO_RD_A_SIZE, get_capacity(dev->disk),
			      HALO_RD_A_UNSPEC) ||
	    nla_put_u64_64bit(msg, HALO_RD_A_NET_SENT,
			      atomic64_read(&dev->stats.ns) >> 10,
			      HALO_RD_A_UNSPEC) ||
	    nla_put_u64_64bit(msg, HALO_RD_A_NET_RECV,
			      atomic64_read(&dev->stats.nr) >> 10,
			      HALO_RD_A_UNSPEC) ||
	    nla_put_u64_64bit(msg, HALO_RD_A_DISK_WRITE,
			      atomic64_read(&dev->stats.dw) >> 10,
			      HALO_RD_A_UNSPEC) ||
	    nla_put_u64_64bit(msg, HALO_RD_A_DISK_READ,
			      atomic64_read(&dev->stats.dr) >> 10,
			      HALO_RD_A_UNSPEC) ||
	    nla_put_u64_64bit(msg, HALO_RD_A_RS_SENT,
			      atomic64_read(&dev->stats.rs_sent) >> 10,
			      HALO_RD_A_UNSPEC) ||
	    nla_put_u64_64bit(msg, HALO_RD_A_RS_RECV,
			      atomic64_read(&dev->stats.rs_recv) >> 10,
			      HALO_RD_A_UNSPEC) ||
	    nla_put_u64_64bit(msg, HALO_RD_A_RS_SAME,
			      atomic64_read(&dev->stats.rs_same) >> 10,
			      HALO_RD_A_UNSPEC))
		return -EMSGSIZE;
	if (!b)
		return 0;
	if (nla_put_u64_64bit(msg, HALO_RD_A_UUID_CURRENT,
			      b->md.uuid[HRD_UUID_CURRENT], HALO_RD_A_UNSPEC) ||
	    nla_put_u64_64bit(msg, HALO_RD_A_UUID_BITMAP,
			      b->md.uuid[HRD_UUID_BITMAP], HALO_RD_A_UNSPEC) ||
	    nla_put_u64_64bit(msg, HALO_RD_A_UUID_HISTORY0,
			      b->md.uuid[HRD_UUID_HIST0], HALO_RD_A_UNSPEC) ||
	    nla_put_u64_64bit(msg, HALO_RD_A_UUID_HISTORY1,
			      b->md.uuid[HRD_UUID_HIST1], HALO_RD_A_UNSPEC) ||
	    nla_put_u32(msg, HALO_RD_A_MD_FLAGS, b->md.flags) ||
	    nla_put_u8(msg, HALO_RD_A_ON_IO_ERROR, res->on_io_error) ||
	    nla_put_u64_64bit(msg, HALO_RD_A_OOS, oos, HALO_RD_A_UNSPEC))
		return -EMSGSIZE;
	if (rc.on &&
	    (nla_put_u32(msg, HALO_RD_A_RESYNC_RATE, rc.resync_rate) ||
	     nla_put_u32(msg, HALO_RD_A_C_PLAN_AHEAD, rc.plan_ahead) ||
	     nla_put_u32(msg, HALO_RD_A_C_FILL_TARGET, rc.fill_target) ||
	     nla_put_u32(msg, HALO_RD_A_C_DELAY_TARGET, rc.delay_target) ||
	     nla_put_u32(msg, HALO_RD_A_C_MAX_RATE, rc.max_rate) ||
	     nla_put_u32(msg, HALO_RD_A_C_MIN_RATE, rc.min_rate)))
		return -EMSGSIZE;
	return 0;
}

/**
 * hrd_nl_event() - multicast the state of a resource
 * @res: the resource
 *
 * Context: process context.
 * Return: 0 or a negative errno (no listener is not an error).
 */
int hrd_nl_event(struct hrd_resource *res)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &hrd_genl_family, 0, HALO_RD_CMD_EVENT);
	if (!hdr || fill_status(msg, res)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&hrd_genl_family, res->net, msg, 0, 0,
				GFP_KERNEL);
	return 0;
}

static int hrd_nl_get_info(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &hrd_genl_family, 0,
				HALO_RD_CMD_GET_INFO);
	if (!hdr)
		goto err_msg;
	if (nla_put_u32(msg, HALO_RD_A_VERSION, HALO_RD_VERSION_CODE))
		goto err_msg;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_msg:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/* The resource named by RES_NAME, or else the one holding MINOR. */
static struct hrd_resource *nl_res(struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct hrd_resource *res = NULL;

	if (info->attrs[HALO_RD_A_RES_NAME])
		res = hrd_res_find(net,
				   nla_data(info->attrs[HALO_RD_A_RES_NAME]));
	else if (info->attrs[HALO_RD_A_MINOR])
		res = hrd_res_by_minor(net,
				       nla_get_u32(info->attrs[HALO_RD_A_MINOR]));
	else
		NL_SET_ERR_MSG(info->extack, "resource name or minor required");
	if (!res && (info->attrs[HALO_RD_A_RES_NAME] ||
		     info->attrs[HALO_RD_A_MINOR]))
		NL_SET_ERR_MSG(info->extack, "no such resource or minor");
	return res;
}

static int nl_addr(struct genl_info *info, int type,
		   struct sockaddr_storage *ss)
{
	struct nlattr *a = info->attrs[type];
	sa_family_t fam;

	if (!a || nla_len(a) < sizeof(sa_family_t)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a, "address required");
		return -EINVAL;
	}
	memset(ss, 0, sizeof(*ss));
	memcpy(&fam, nla_data(a), sizeof(fam));
	if ((fam == AF_INET && nla_len(a) == sizeof(struct sockaddr_in)) ||
	    (fam == AF_INET6 && nla_len(a) == sizeof(struct sockaddr_in6))) {
		memcpy(ss, nla_data(a), nla_len(a));
		return nla_len(a);
	}
	NL_SET_ERR_MSG_ATTR(info->extack, a, "bad address");
	return -EINVAL;
}

/* The timeouts given in the request; the others stay as in @nc. */
static void nl_timeouts(struct genl_info *info, struct hrd_netconf *nc)
{
	struct nlattr **at = info->attrs;

	if (at[HALO_RD_A_PING_INT])
		nc->ping_int = nla_get_u32(at[HALO_RD_A_PING_INT]);
	if (at[HALO_RD_A_PING_TIMEOUT])
		nc->ping_timeout = nla_get_u32(at[HALO_RD_A_PING_TIMEOUT]);
	if (at[HALO_RD_A_TIMEOUT])
		nc->timeout = nla_get_u32(at[HALO_RD_A_TIMEOUT]);
	if (at[HALO_RD_A_CONNECT_INT])
		nc->connect_int = nla_get_u32(at[HALO_RD_A_CONNECT_INT]);
	if (at[HALO_RD_A_KO_COUNT])
		nc->ko_count = nla_get_u32(at[HALO_RD_A_KO_COUNT]);
}

/*
 * The after-sb policies and csums-alg given in a CONNECT or NET_OPTIONS
 * request; the others stay as in @hs.
 */
static int nl_hsconf(struct genl_info *info, struct hrd_hsconf *hs)
{
	static const int asb[3] = { HALO_RD_A_AFTER_SB_0P,
				    HALO_RD_A_AFTER_SB_1P,
				    HALO_RD_A_AFTER_SB_2P };
	struct nlattr *a;
	int i;

	for (i = 0; i < 3; i++) {
		a = info->attrs[asb[i]];
		if (a)
			hs->after_sb[i] = nla_get_u8(a);
	}
	a = info->attrs[HALO_RD_A_AFTER_SB_1P];
	if (a && hs->after_sb[1] != HALO_RD_ASB_DISCONNECT &&
	    hs->after_sb[1] < HALO_RD_ASB_CONSENSUS) {
		NL_SET_ERR_MSG_ATTR(info->extack, a,
				    "after-sb-1pri: disconnect, consensus or discard-secondary");
		return -EINVAL;
	}
	a = info->attrs[HALO_RD_A_CSUMS_ALG];
	if (!a)
		return 0;
	strscpy(hs->csums_alg, nla_data(a), sizeof(hs->csums_alg));
	if (!hs->csums_alg[0])
		return 0;
	return hrd_csums_check(hs->csums_alg, info->extack);
}

/*
 * NET_OPTIONS: the options given change, the others keep their running
 * value, or with SET_DEFAULTS return to CONNECT's defaults.
 */
static int nl_net_options(struct genl_info *info, struct hrd_resource *res)
{
	struct hrd_netconf nc = res->nc;
	int ret, two = -1;

	if (info->attrs[HALO_RD_A_PROTOCOL] &&
	    nla_get_u8(info->attrs[HALO_RD_A_PROTOCOL]) != res->nc.protocol) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[HALO_RD_A_PROTOCOL],
				    "the protocol of a connection cannot change (disconnect, then connect)");
		return -EINVAL;
	}
	if (nl_flags(info) & HALO_RD_F_SET_DEFAULTS) {
		hrd_net_defaults(&nc);
		memset(&nc.hs, 0, sizeof(nc.hs));
		two = 0;
	}
	if (info->attrs[HALO_RD_A_TWO_PRIMARIES])
		two = nla_get_u8(info->attrs[HALO_RD_A_TWO_PRIMARIES]);
	nl_timeouts(info, &nc);
	ret = nl_hsconf(info, &nc.hs);
	return ret ? ret : hrd_net_options(res, &nc, two, info->extack);
}

/*
 * The resync rate options given in an ATTACH or DISK_OPTIONS request; the
 * others stay as in @rc. Any of them switches the controller on.
 */
static void nl_rateconf(struct genl_info *info, struct hrd_rateconf *rc)
{
	static const struct { int attr; size_t off; } opts[] = {
		{ HALO_RD_A_RESYNC_RATE,
		  offsetof(struct hrd_rateconf, resync_rate) },
		{ HALO_RD_A_C_PLAN_AHEAD,
		  offsetof(struct hrd_rateconf, plan_ahead) },
		{ HALO_RD_A_C_FILL_TARGET,
		  offsetof(struct hrd_rateconf, fill_target) },
		{ HALO_RD_A_C_DELAY_TARGET,
		  offsetof(struct hrd_rateconf, delay_target) },
		{ HALO_RD_A_C_MAX_RATE,
		  offsetof(struct hrd_rateconf, max_rate) },
		{ HALO_RD_A_C_MIN_RATE,
		  offsetof(struct hrd_rateconf, min_rate) },
	};
	struct nlattr *a;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opts); i++) {
		a = info->attrs[opts[i].attr];
		if (!a)
			continue;
		*(u32 *)((char *)rc + opts[i].off) = nla_get_u32(a);
		rc->on = true;
	}
}

/*
 * DISK_OPTIONS: as NET_OPTIONS; SET_DEFAULTS without a rate option
 * switches the rate controller off, as at an ATTACH without one.
 */
static int nl_disk_options(struct genl_info *info, struct hrd_resource *res)
{
	struct nlattr *a = info->attrs[HALO_RD_A_ON_IO_ERROR];
	struct hrd_rateconf rc = res->rc;
	u8 ioe = res->on_io_error;

	if (nl_flags(info) & HALO_RD_F_SET_DEFAULTS) {
		ioe = HALO_RD_IOE_PASS_ON;
		hrd_rate_defaults(&rc);
	}
	if (a)
		ioe = nla_get_u8(a);
	nl_rateconf(info, &rc);
	return hrd_disk_options(res, ioe, &rc, info->extack);
}

static int nl_netconf(struct genl_info *info, struct hrd_netconf *nc)
{
	struct nlattr **at = info->attrs;
	int l1, l2;

	l1 = nl_addr(info, HALO_RD_A_LOCAL_ADDR, &nc->local);
	if (l1 < 0)
		return l1;
	l2 = nl_addr(info, HALO_RD_A_PEER_ADDR, &nc->peer);
	if (l2 < 0)
		return l2;
	if (l1 != l2 || !memcmp(&nc->local, &nc->peer, l1)) {
		NL_SET_ERR_MSG(info->extack, "local and peer address must differ, same family");
		return -EINVAL;
	}
	nc->addrlen = l1;
	nc->protocol = at[HALO_RD_A_PROTOCOL] ?
		       nla_get_u8(at[HALO_RD_A_PROTOCOL]) : HALO_RD_PROT_C;
	hrd_net_defaults(nc);
	nl_timeouts(info, nc);
	nc->flags = nl_flags(info) & (HALO_RD_F_DISCARD_MY_DATA |
				      HALO_RD_F_TWO_PRIMARIES);
	return nl_hsconf(info, &nc->hs);
}

static int nl_res_cmd(struct genl_info *info, struct hrd_resource *res)
{
	struct netlink_ext_ack *ea = info->extack;
	struct nlattr **at = info->attrs;
	struct hrd_netconf nc = {};
	struct hrd_rateconf rc;
	const char *md_path;
	int ret, md_idx;

	switch (info->genlhdr->cmd) {
	case HALO_RD_CMD_NEW_MINOR:
		if (!at[HALO_RD_A_MINOR]) {
			NL_SET_ERR_MSG(ea, "minor required");
			return -EINVAL;
		}
		return hrd_dev_new(res, nla_get_u32(at[HALO_RD_A_MINOR]), ea);
	case HALO_RD_CMD_DEL_MINOR:
		return hrd_dev_del(res, ea);
	case HALO_RD_CMD_ATTACH:
		if (!at[HALO_RD_A_LOWER_DEV]) {
			NL_SET_ERR_MSG(ea, "lower device required");
			return -EINVAL;
		}
		ret = nl_meta(info, &md_path, &md_idx);
		if (ret)
			return ret;
		res->on_io_error = at[HALO_RD_A_ON_IO_ERROR] ?
			nla_get_u8(at[HALO_RD_A_ON_IO_ERROR]) :
			HALO_RD_IOE_PASS_ON;
		ret = hrd_attach(res, nla_data(at[HALO_RD_A_LOWER_DEV]),
				 md_path, md_idx, ea);
		if (ret)
			return ret;
		hrd_rate_defaults(&rc);
		nl_rateconf(info, &rc);
		hrd_rs_ctl_set(res, &rc);
		return 0;
	case HALO_RD_CMD_DETACH:
		return hrd_detach(res, ea);
	case HALO_RD_CMD_CONNECT:
		ret = nl_netconf(info, &nc);
		return ret ? ret : hrd_connect(res, &nc, ea);
	case HALO_RD_CMD_DISCONNECT:
		hrd_disconnect(res);
		return 0;
	case HALO_RD_CMD_PRIMARY:
		return hrd_primary(res, nl_flags(info) & HALO_RD_F_FORCE, ea);
	case HALO_RD_CMD_SECONDARY:
		return hrd_secondary(res, ea);
	case HALO_RD_CMD_INVALIDATE:
		return hrd_invalidate(res, ea);
	case HALO_RD_CMD_VERIFY:
		return hrd_verify(res, ea);
	case HALO_RD_CMD_INVALIDATE_REMOTE:
		return hrd_invalidate_remote(res, ea);
	case HALO_RD_CMD_PAUSE_SYNC:
	case HALO_RD_CMD_RESUME_SYNC:
		return hrd_pause_sync(res, info->genlhdr->cmd ==
				      HALO_RD_CMD_PAUSE_SYNC, ea);
	case HALO_RD_CMD_OUTDATE:
		return hrd_outdate(res, ea);
	case HALO_RD_CMD_NET_OPTIONS:
		return nl_net_options(info, res);
	case HALO_RD_CMD_DISK_OPTIONS:
		return nl_disk_options(info, res);
	}
	return -EOPNOTSUPP;
}

static int hrd_nl_res_op(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct hrd_resource *res;
	u8 cmd = info->genlhdr->cmd;
	int ret = -ENOENT;

	mutex_lock(hrd_net_lock(net));
	if (cmd == HALO_RD_CMD_NEW_RESOURCE) {
		ret = -EINVAL;
		if (info->attrs[HALO_RD_A_RES_NAME])
			ret = hrd_res_new(net, nla_data(info->attrs[HALO_RD_A_RES_NAME]),
					  info->extack);
		else
			NL_SET_ERR_MSG(info->extack, "resource name required");
		goto out;
	}
	if (cmd == HALO_RD_CMD_NEW_MINOR && !info->attrs[HALO_RD_A_RES_NAME]) {
		NL_SET_ERR_MSG(info->extack, "resource name required");
		ret = -EINVAL;
		goto out;
	}
	res = nl_res(info);
	if (!res)
		goto out;
	if (cmd == HALO_RD_CMD_DEL_RESOURCE) {
		ret = hrd_res_del(res, info->extack);
	} else if (cmd == HALO_RD_CMD_DOWN) {
		ret = hrd_res_down(res);
		if (ret)
			NL_SET_ERR_MSG(info->extack, "device is held open by someone");
	} else {
		mutex_lock(&res->conf);
		ret = nl_res_cmd(info, res);
		mutex_unlock(&res->conf);
	}
out:
	mutex_unlock(hrd_net_lock(net));
	return ret;
}

static int hrd_nl_create_md(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a = info->attrs[HALO_RD_A_LOWER_DEV];
	const char *md_path;
	int ret, md_idx;

	if (!a) {
		NL_SET_ERR_MSG(info->extack, "lower device required");
		return -EINVAL;
	}
	ret = nl_meta(info, &md_path, &md_idx);
	if (ret)
		return ret;
	return hrd_md_create_path(nla_data(a), md_path, md_idx,
				  nl_flags(info) & HALO_RD_F_FORCE,
				  info->extack);
}

static int status_put(struct sk_buff *msg, struct hrd_resource *res,
		      u32 portid, u32 seq, int flags)
{
	void *hdr;
	int ret;

	hdr = genlmsg_put(msg, portid, seq, &hrd_genl_family, flags,
			  HALO_RD_CMD_GET_STATUS);
	if (!hdr)
		return -EMSGSIZE;
	mutex_lock(&res->conf);
	ret = fill_status(msg, res);
	mutex_unlock(&res->conf);
	if (ret) {
		genlmsg_cancel(msg, hdr);
		return ret;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

static int hrd_nl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct hrd_resource *res;
	struct sk_buff *msg;
	int ret = -ENOENT;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(hrd_net_lock(net));
	res = nl_res(info);
	if (res)
		ret = status_put(msg, res, info->snd_portid, info->snd_seq, 0);
	mutex_unlock(hrd_net_lock(net));
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

static int hrd_nl_dump_status(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct hrd_resource *res;
	long i = 0;

	mutex_lock(hrd_net_lock(net));
	list_for_each_entry(res, hrd_net_resources(net), node) {
		if (i++ < cb->args[0])
			continue;
		if (status_put(skb, res, NETLINK_CB(cb->skb).portid,
			       cb->nlh->nlmsg_seq, NLM_F_MULTI))
			break;
		cb->args[0] = i;
	}
	mutex_unlock(hrd_net_lock(net));
	return skb->len;
}

/*
 * A resource hands raw access to a block device to its peer, so changes need
 * CAP_SYS_ADMIN (as DRBD asks) on top of the CAP_NET_ADMIN in the owning user
 * namespace that GENL_UNS_ADMIN_PERM makes the core check.
 */
static int hrd_nl_pre_doit(const struct genl_ops *ops, struct sk_buff *skb,
			   struct genl_info *info)
{
	if ((ops->flags & GENL_UNS_ADMIN_PERM) &&
	    !netlink_capable(skb, CAP_SYS_ADMIN))
		return -EPERM;
	return 0;
}

#define RES_OP(c) { .cmd = (c), .doit = hrd_nl_res_op, .flags = GENL_UNS_ADMIN_PERM }

static const struct genl_small_ops hrd_genl_ops[] = {
	{
		.cmd = HALO_RD_CMD_GET_INFO,
		.doit = hrd_nl_get_info,
	},
	RES_OP(HALO_RD_CMD_NEW_RESOURCE),
	RES_OP(HALO_RD_CMD_DEL_RESOURCE),
	RES_OP(HALO_RD_CMD_NEW_MINOR),
	RES_OP(HALO_RD_CMD_DEL_MINOR),
	{
		.cmd = HALO_RD_CMD_CREATE_MD,
		.doit = hrd_nl_create_md,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	RES_OP(HALO_RD_CMD_ATTACH),
	RES_OP(HALO_RD_CMD_DETACH),
	RES_OP(HALO_RD_CMD_CONNECT),
	RES_OP(HALO_RD_CMD_DISCONNECT),
	RES_OP(HALO_RD_CMD_PRIMARY),
	RES_OP(HALO_RD_CMD_SECONDARY),
	RES_OP(HALO_RD_CMD_INVALIDATE),
	RES_OP(HALO_RD_CMD_DOWN),
	RES_OP(HALO_RD_CMD_VERIFY),
	RES_OP(HALO_RD_CMD_INVALIDATE_REMOTE),
	RES_OP(HALO_RD_CMD_PAUSE_SYNC),
	RES_OP(HALO_RD_CMD_RESUME_SYNC),
	RES_OP(HALO_RD_CMD_OUTDATE),
	RES_OP(HALO_RD_CMD_NET_OPTIONS),
	RES_OP(HALO_RD_CMD_DISK_OPTIONS),
	{
		.cmd = HALO_RD_CMD_GET_STATUS,
		.doit = hrd_nl_get_status,
		.dumpit = hrd_nl_dump_status,
	},
};

static const struct genl_multicast_group hrd_mcgrps[] = {
	{ .name = HALO_RD_MCGRP_EVENTS },
};

static struct genl_family hrd_genl_family __ro_after_init = {
	.name = HALO_RD_GENL_NAME,
	.version = HALO_RD_GENL_VERSION,
	.maxattr = HALO_RD_A_MAX,
	.policy = hrd_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.pre_doit = hrd_nl_pre_doit,
	.small_ops = hrd_genl_ops,
	.n_small_ops = ARRAY_SIZE(hrd_genl_ops),
	.mcgrps = hrd_mcgrps,
	.n_mcgrps = ARRAY_SIZE(hrd_mcgrps),
};

/**
 * hrd_netlink_init() - register the HALO_RD generic netlink family
 *
 * Context: module init, process context.
 * Return: 0 or a negative errno.
 */
int hrd_netlink_init(void)
{
	return genl_register_family(&hrd_genl_family);
}

/**
 * hrd_netlink_exit() - unregister the HALO_RD generic netlink family
 *
 * Context: module exit, process context.
 */
void hrd_netlink_exit(void)
{
	genl_unregister_family(&hrd_genl_family);
}
