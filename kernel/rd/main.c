// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd: a replicated block device. Module init and exit, and the
 * per-network-namespace list of resources.
 */

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <linux/halo_rd.h>

#include "hrd.h"
#include "netlink.h"

/**
 * struct hrd_net - halo_rd state of one network namespace
 * @lock: protects: resources
 * @resources: list of struct hrd_resource
 */
struct hrd_net {
	struct mutex lock; /* protects: resources */
	struct list_head resources;
};

static unsigned int hrd_net_id __read_mostly;

/**
 * hrd_net() - the halo_rd state of a namespace
 * @net: the namespace
 *
 * Context: any.
 * Return: the state.
 */
struct hrd_net *hrd_net(struct net *net)
{
	return net_generic(net, hrd_net_id);
}

/**
 * hrd_net_lock() - the lock of a namespace's resource list
 * @net: the namespace
 *
 * Context: any.
 * Return: the mutex.
 */
struct mutex *hrd_net_lock(struct net *net)
{
	return &hrd_net(net)->lock;
}

/**
 * hrd_net_resources() - the resource list of a namespace
 * @net: the namespace
 *
 * Context: caller holds hrd_net_lock(@net).
 * Return: the list head.
 */
struct list_head *hrd_net_resources(struct net *net)
{
	return &hrd_net(net)->resources;
}

static int __net_init hrd_net_init(struct net *net)
{
	struct hrd_net *hn = hrd_net(net);

	mutex_init(&hn->lock);
	INIT_LIST_HEAD(&hn->resources);
	return 0;
}

static void __net_exit hrd_net_exit(struct net *net)
{
	struct hrd_net *hn = hrd_net(net);
	struct hrd_resource *res, *tmp;

	mutex_lock(&hn->lock);
	list_for_each_entry_safe(res, tmp, &hn->resources, node) {
		if (hrd_res_down(res))
			pr_err("%s: still open at namespace exit, leaked\n",
			       res->name);
	}
	mutex_unlock(&hn->lock);
}

static struct pernet_operations hrd_net_ops = {
	.init = hrd_net_init,
	.exit = hrd_net_exit,
	.id = &hrd_net_id,
	.size = sizeof(struct hrd_net),
};

static int __init hrd_init(void)
{
	int ret;

	ret = hrd_req_init();
	if (ret)
		return ret;
	ret = hrd_dev_init();
	if (ret)
		goto err_req;
	ret = register_pernet_subsys(&hrd_net_ops);
	if (ret)
		goto err_dev;
	ret = hrd_proc_init();
	if (ret)
		goto err_pernet;
	/* The family is registered last: once it is visible, requests come. */
	ret = hrd_netlink_init();
	if (ret)
		goto err_proc;

	pr_info("loaded, version %d.%d.%d\n", HALO_RD_VERSION_CODE >> 16,
		(HALO_RD_VERSION_CODE >> 8) & 0xff, HALO_RD_VERSION_CODE & 0xff);
	return 0;

err_proc:
	hrd_proc_exit();
err_pernet:
	unregister_pernet_subsys(&hrd_net_ops);
err_dev:
	hrd_dev_exit();
err_req:
	hrd_req_exit();
	return ret;
}

static void __exit hrd_exit(void)
{
	hrd_netlink_exit();
	hrd_proc_exit();
	unregister_pernet_subsys(&hrd_net_ops);
	hrd_dev_exit();
	hrd_req_exit();
}

module_init(hrd_init);
module_exit(hrd_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("halo replicated block device");
MODULE_AUTHOR("halo developers");
MODULE_ALIAS_GENL_FAMILY(HALO_RD_GENL_NAME);
