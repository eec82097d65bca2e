// SPDX-License-Identifier: GPL-2.0
/*
 * halo_vs: a layer-4 virtual server. Module init and exit.
 */

#include <linux/module.h>
#include <net/genetlink.h>
#include <linux/halo_vs.h>

#include "netlink.h"

static int __init hvs_init(void)
{
	int ret;

	/* The family is registered last: once it is visible, requests come. */
	ret = hvs_netlink_init();
	if (ret)
		return ret;

	pr_info("loaded, version %d.%d.%d\n", HALO_VS_VERSION_CODE >> 16,
		(HALO_VS_VERSION_CODE >> 8) & 0xff, HALO_VS_VERSION_CODE & 0xff);
	return 0;
}

static void __exit hvs_exit(void)
{
	hvs_netlink_exit();
}

module_init(hvs_init);
module_exit(hvs_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("halo layer-4 virtual server");
MODULE_AUTHOR("halo developers");
MODULE_ALIAS_GENL_FAMILY(HALO_VS_GENL_NAME);
