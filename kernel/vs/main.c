// SPDX-License-Identifier: GPL-2.0
/*
 * halo_vs: a layer-4 virtual server. Module init and exit, and the state of
 * each network namespace.
 */

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <linux/halo_vs.h>

#include "hvs.h"

unsigned int hvs_net_id __read_mostly;

static int __net_init hvs_net_init(struct net *net)
{
	struct hvs_net *hn = hvs_net(net);
	int i, ret;

	hn->net = net;
	mutex_init(&hn->lock);
	for (i = 0; i < HVS_SVC_TAB_SIZE; i++)
		INIT_HLIST_HEAD(&hn->svc_tab[i]);
	INIT_LIST_HEAD(&hn->svc_list);
	atomic_set(&hn->svc_count, 0);
	hvs_set_defaults(hn);
	ret = hvs_conn_net_init(hn);
	if (ret)
		return ret;
	ret = hvs_sysctl_net_init(hn);
	if (ret)
		goto err_conn;
	ret = hvs_hooks_register(net);
	if (ret)
		goto err_sysctl;
	hvs_est_start(hn);
	return 0;

err_sysctl:
	hvs_sysctl_net_exit(hn);
err_conn:
	hvs_conn_net_exit(hn);
	return ret;
}

static void __net_exit hvs_net_exit(struct net *net)
{
	struct hvs_net *hn = hvs_net(net);

	hvs_est_stop(hn);
	hvs_hooks_unregister(net);
	mutex_lock(&hn->lock);
	hvs_svc_flush(hn);
	mutex_unlock(&hn->lock);
	hvs_sysctl_net_exit(hn);
	hvs_conn_net_exit(hn);
}

static struct pernet_operations hvs_net_ops = {
	.init = hvs_net_init,
	.exit = hvs_net_exit,
	.id = &hvs_net_id,
	.size = sizeof(struct hvs_net),
};

static int __init hvs_init(void)
{
	int ret;

	ret = hvs_conn_cache_init();
	if (ret)
		return ret;
	ret = register_pernet_subsys(&hvs_net_ops);
	if (ret)
		goto err_cache;
	/* The family is registered last: once it is visible, requests come. */
	ret = hvs_netlink_init();
	if (ret)
		goto err_pernet;

	pr_info("loaded, version %d.%d.%d\n", HALO_VS_VERSION_CODE >> 16,
		(HALO_VS_VERSION_CODE >> 8) & 0xff, HALO_VS_VERSION_CODE & 0xff);
	return 0;

err_pernet:
	unregister_pernet_subsys(&hvs_net_ops);
err_cache:
	hvs_conn_cache_exit();
	return ret;
}

static void __exit hvs_exit(void)
{
	hvs_netlink_exit();
	unregister_pernet_subsys(&hvs_net_ops);
	hvs_conn_cache_exit();
}

module_init(hvs_init);
module_exit(hvs_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("halo layer-4 virtual server");
MODULE_AUTHOR("halo developers");
MODULE_ALIAS_GENL_FAMILY(HALO_VS_GENL_NAME);
