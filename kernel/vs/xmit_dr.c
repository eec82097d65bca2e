// SPDX-License-Identifier: GPL-2.0
/*
 * Direct routing (gatewaying): the packet is left as the client sent it and
 * handed to the real server's link-layer address on a directly attached
 * network. The real server holds the virtual address on a device that does
 * not answer ARP/ND for it and replies to the client straight.
 */

#include <linux/icmp.h>
#include <linux/ip.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ndisc.h>
#include <net/route.h>

#include "hvs.h"

/* The device towards @c's real server, which must be on-link. */
static struct dst_entry *hvs_dr_route(struct net *net, struct hvs_conn *c)
{
	if (c->daf == AF_INET) {
		struct rtable *rt;

		rt = ip_route_output(net, c->daddr.ip, 0, 0, 0);
		if (IS_ERR(rt))
			return NULL;
		if (rt->rt_type != RTN_UNICAST || rt->rt_uses_gateway) {
			ip_rt_put(rt);
			return NULL;
		}
		return &rt->dst;
	} else {
		struct flowi6 fl6 = { .daddr = c->daddr.in6 };
		struct dst_entry *dst;

		dst = ip6_route_output(net, NULL, &fl6);
		if (dst->error ||
		    (((struct rt6_info *)dst)->rt6i_flags & RTF_GATEWAY)) {
			dst_release(dst);
			return NULL;
		}
		return dst;
	}
}

/**
 * hvs_xmit_dr() - send a client's packet unchanged to its real server's MAC
 * @skb: the packet
 * @c: its connection
 * @p: what hvs_parse() found in it
 *
 * Context: softirq, RCU.
 * Return: a netfilter verdict.
 */
int hvs_xmit_dr(struct sk_buff *skb, struct hvs_conn *c,
		const struct hvs_pkt *p)
{
	struct net *net = dev_net(skb->dev);
	struct net_device *dev;
	struct dst_entry *dst;
	struct neighbour *neigh;
	unsigned int mtu;

	if (c->daf != p->af)
		return NF_DROP;
	dst = hvs_dr_route(net, c);
	if (!dst)
		return NF_DROP;
	dev = dst->dev;
	mtu = dst_mtu(dst);
	if (!skb_is_gso(skb) && skb->len > mtu) {
		if (p->af == AF_INET)
			icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
				  htonl(mtu));
		else
			icmpv6_send(skb, ICMPV6_PKT_TOOBIG, 0, mtu);
		dst_release(dst);
		return NF_DROP;
	}
	if (skb_cow_head(skb, LL_RESERVED_SPACE(dev))) {
		dst_release(dst);
		return NF_DROP;
	}
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	skb_forward_csum(skb);
	skb->dev = dev;
	skb->protocol = p->af == AF_INET ? htons(ETH_P_IP) : htons(ETH_P_IPV6);

	rcu_read_lock_bh();
	if (p->af == AF_INET)
		neigh = ip_neigh_gw4(dev, c->daddr.ip);
	else
		neigh = ip_neigh_gw6(dev, &c->daddr.in6);
	if (IS_ERR_OR_NULL(neigh)) {
		rcu_read_unlock_bh();
		kfree_skb(skb);
		return NF_STOLEN;
	}
	neigh_output(neigh, skb, false);
	rcu_read_unlock_bh();
	return NF_STOLEN;
}
