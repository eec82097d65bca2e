// SPDX-License-Identifier: GPL-2.0
/*
 * halo_test_warn: hits WARN_ON once at load. The harness self-test loads it
 * and expects the runner to report that test as failed.
 */

#include <linux/module.h>

static int __init halo_test_warn_init(void)
{
	WARN_ON(1);
	return 0;
}

static void __exit halo_test_warn_exit(void)
{
}

module_init(halo_test_warn_init);
module_exit(halo_test_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("halo test-harness self-test: emits one kernel warning");
