// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd: a replicated block device. Module init and exit.
 */

#include <linux/module.h>
#include <net/genetlink.h>
#include <linux/halo_rd.h>

#include "netlink.h"

static int __init hrd_init(void)
{
	int ret;

	/* The family is registered last: once it is visible, requests come. */
	ret = hrd_netlink_init();
	if (ret)
		return ret;

	pr_info("loaded, version %d.%d.%d\n", HALO_RD_VERSION_CODE >> 16,
		(HALO_RD_VERSION_CODE >> 8) & 0xff, HALO_RD_VERSION_CODE & 0xff);
	return 0;
}

static void __exit hrd_exit(void)
{
	hrd_netlink_exit();
}

module_init(hrd_init);
module_exit(hrd_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("halo replicated block device");
MODULE_AUTHOR("halo developers");
MODULE_ALIAS_GENL_FAMILY(HALO_RD_GENL_NAME);
