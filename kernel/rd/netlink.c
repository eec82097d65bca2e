// SPDX-License-Identifier: GPL-2.0
/*
 * HALO_RD generic netlink family. The attribute tree is described in
 * include/uapi/linux/halo_rd.h; this file is the only attribute parser.
 */

#include <linux/module.h>
#include <net/genetlink.h>
#include <linux/halo_rd.h>

#include "netlink.h"

static struct genl_family hrd_genl_family;

static const struct nla_policy hrd_policy[HALO_RD_A_MAX + 1] = {
	[HALO_RD_A_VERSION] = { .type = NLA_U32 },
};

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

static const struct genl_small_ops hrd_genl_ops[] = {
	{
		.cmd = HALO_RD_CMD_GET_INFO,
		.doit = hrd_nl_get_info,
	},
};

static struct genl_family hrd_genl_family __ro_after_init = {
	.name = HALO_RD_GENL_NAME,
	.version = HALO_RD_GENL_VERSION,
	.maxattr = HALO_RD_A_MAX,
	.policy = hrd_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.small_ops = hrd_genl_ops,
	.n_small_ops = ARRAY_SIZE(hrd_genl_ops),
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
