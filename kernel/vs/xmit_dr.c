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

/*
 * The route to @c's real server, which must be on-link. FLOWI_FLAG_KNOWN_NH
 * makes it an uncached route whose next hop is the real server itself, so
 * that a packet queued while its neighbour resolves is sent to the real
 * server's address, not to the virtual address in its header. Such a route
 * is allocated afresh by every lookup, so the real server keeps the one it
 * got in its per-CPU dst_cache until the routing tables change (which
 * makes dst_cache_get() fail) and every packet after the first reuses it.
 * Each returns a reference for the caller.
 */
static struct dst_entry *hvs_dr_route4(struct net *net, struct hvs_conn *c)
{
	struct hvs_dest *d = c->dest;
	struct flowi4 fl4 = {
		.daddr = c->daddr.ip,
		.flowi4_flags = FLOWI_FLAG_KNOWN_NH,
	};
	struct rtable *rt;
	__be32 saddr;

	rt = dst_cache_get_ip4(&d->dst_cache, &saddr);
	if (rt)
		return &rt->dst;
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return NULL;
	if (rt->rt_type != RTN_UNICAST || rt->rt_uses_gateway) {
		ip_rt_put(rt);
		return NULL;
	}
	dst_cache_set_ip4(&d->dst_cache, &rt->dst, fl4.saddr);
	return &rt->dst;
}

static struct dst_entry *hvs_dr_route6(struct net *net, struct hvs_conn *c)
{
	struct hvs_dest *d = c->dest;
	struct flowi6 fl6 = {
		.daddr = c->daddr.in6,
		.flowi6_flags = FLOWI_FLAG_KNOWN_NH,
	};
	struct dst_entry *dst;
	struct in6_addr saddr;

	dst = dst_cache_get_ip6(&d->dst_cache, &saddr);
	if (dst)
		return dst;
	dst = ip6_route_output(net, NULL, &fl6);
	if (dst->error || (((struct rt6_info *)dst)->rt6i_flags & RTF_GATEWAY)) {
		dst_release(dst);
		return NULL;
	}
	dst_cache_set_ip6(&d->dst_cache, dst, &fl6.saddr);
	return dst;
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
	dst = c->daf == AF_INET ? hvs_dr_route4(net, c) : hvs_dr_route6(net, c);
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
