// SPDX-License-Identifier: GPL-2.0
/*
 * HALO_VS generic netlink family. The attribute tree is described in
 * include/uapi/linux/halo_vs.h; this file is the only attribute parser.
 */

#include <linux/module.h>
#include <net/genetlink.h>
#include <linux/halo_vs.h>

#include "netlink.h"

static struct genl_family hvs_genl_family;

static const struct nla_policy hvs_policy[HALO_VS_A_MAX + 1] = {
	[HALO_VS_A_VERSION] = { .type = NLA_U32 },
};

static int hvs_nl_get_info(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &hvs_genl_family, 0,
				HALO_VS_CMD_GET_INFO);
	if (!hdr)
		goto err_msg;
	if (nla_put_u32(msg, HALO_VS_A_VERSION, HALO_VS_VERSION_CODE))
		goto err_msg;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_msg:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static const struct genl_small_ops hvs_genl_ops[] = {
	{
		.cmd = HALO_VS_CMD_GET_INFO,
		.doit = hvs_nl_get_info,
	},
};

static struct genl_family hvs_genl_family __ro_after_init = {
	.name = HALO_VS_GENL_NAME,
	.version = HALO_VS_GENL_VERSION,
	.maxattr = HALO_VS_A_MAX,
	.policy = hvs_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.small_ops = hvs_genl_ops,
	.n_small_ops = ARRAY_SIZE(hvs_genl_ops),
};

/**
 * hvs_netlink_init() - register the HALO_VS generic netlink family
 *
 * Context: module init, process context.
 * Return: 0 or a negative errno.
 */
int hvs_netlink_init(void)
{
	return genl_register_family(&hvs_genl_family);
}

/**
 * hvs_netlink_exit() - unregister the HALO_VS generic netlink family
 *
 * Context: module exit, process context.
 */
void hvs_netlink_exit(void)
{
	genl_unregister_family(&hvs_genl_family);
}
