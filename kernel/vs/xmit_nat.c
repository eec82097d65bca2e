// SPDX-License-Identifier: GPL-2.0
/*
 * NAT (masquerading): a client's packet gets the real server's address and
 * port as its destination and is routed there; the server's reply, routed
 * back through the director, gets the virtual address and port as its
 * source. Checksums are updated incrementally, which stays right for
 * packets whose transport checksum the device completes later
 * (CHECKSUM_PARTIAL, as between network namespaces).
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/route.h>

#include "hvs.h"

static __sum16 *hvs_l4_csum(struct sk_buff *skb, const struct hvs_pkt *p,
			    __be16 **sport, __be16 **dport)
{
	void *l4 = skb->data + p->l4off;

	*sport = l4;
	*dport = l4 + 2;
	if (p->proto == IPPROTO_TCP)
		return &((struct tcphdr *)l4)->check;
	return &((struct udphdr *)l4)->check;
}

/**
 * hvs_nat_rewrite() - set the destination or source address and port
 * @skb: the packet
 * @p: what hvs_parse() found in it
 * @addr: the new address (same family as the packet)
 * @port: the new port
 * @dst: true to rewrite the destination, false for the source
 *
 * Context: softirq.
 * Return: 0 or -ENOMEM.
 */
int hvs_nat_rewrite(struct sk_buff *skb, const struct hvs_pkt *p,
		    const union nf_inet_addr *addr, __be16 port, bool dst)
{
	int hlen = p->proto == IPPROTO_TCP ? sizeof(struct tcphdr) :
		   sizeof(struct udphdr);
	__be16 *sport, *dport, *pp;
	__sum16 *check;
	bool fix;

	if (skb_ensure_writable(skb, p->l4off + hlen))
		return -ENOMEM;
	check = hvs_l4_csum(skb, p, &sport, &dport);
	pp = dst ? dport : sport;
	/* An IPv4 UDP checksum of 0 means "none" and stays so. */
	fix = p->proto == IPPROTO_TCP || p->af == AF_INET6 || *check ||
	      skb->ip_summed == CHECKSUM_PARTIAL;
	if (p->af == AF_INET) {
		struct iphdr *iph = ip_hdr(skb);
		__be32 *a = dst ? &iph->daddr : &iph->saddr;

		if (fix)
			inet_proto_csum_replace4(check, skb, *a, addr->ip, true);
		csum_replace4(&iph->check, *a, addr->ip);
		*a = addr->ip;
	} else {
		struct ipv6hdr *ip6h = ipv6_hdr(skb);
		struct in6_addr *a = dst ? &ip6h->daddr : &ip6h->saddr;

		inet_proto_csum_replace16(check, skb, a->s6_addr32,
					  addr->in6.s6_addr32, true);
		*a = addr->in6;
	}
	if (fix)
		inet_proto_csum_replace2(check, skb, *pp, port, false);
	if (p->proto == IPPROTO_UDP && fix && !*check)
		*check = CSUM_MANGLED_0;
	*pp = port;
	return 0;
}

/**
 * hvs_route_out() - route a rewritten packet to its new destination and
 *	send it
 * @skb: the packet (consumed unless an error is returned)
 * @af: its family
 * @daddr: where to route it
 *
 * Context: softirq.
 * Return: NF_STOLEN once sent, NF_DROP if there is no route.
 */
int hvs_route_out(struct sk_buff *skb, u16 af, const union nf_inet_addr *daddr)
{
	struct net *net = dev_net(skb->dev);
	struct dst_entry *dst;

	if (af == AF_INET) {
		struct rtable *rt;

		rt = ip_route_output(net, daddr->ip, 0, 0, 0);
		if (IS_ERR(rt))
			return NF_DROP;
		if (rt->rt_type != RTN_UNICAST) {
			ip_rt_put(rt);
			return NF_DROP;
		}
		dst = &rt->dst;
		skb->protocol = htons(ETH_P_IP);
	} else {
		struct flowi6 fl6 = { .daddr = daddr->in6 };

		dst = ip6_route_output(net, NULL, &fl6);
		if (dst->error) {
			dst_release(dst);
			return NF_DROP;
		}
		skb->protocol = htons(ETH_P_IPV6);
	}
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	skb_forward_csum(skb);
	dst_output(net, NULL, skb);
	return NF_STOLEN;
}

/**
 * hvs_xmit_nat_in() - NAT a client's packet to its real server
 * @skb: the packet
 * @c: its connection
 * @p: what hvs_parse() found in it
 *
 * Context: softirq, RCU.
 * Return: a netfilter verdict.
 */
int hvs_xmit_nat_in(struct sk_buff *skb, struct hvs_conn *c,
		    const struct hvs_pkt *p)
{
	if (c->daf != p->af)
		return NF_DROP;
	if (hvs_nat_rewrite(skb, p, &c->daddr, c->dport, true))
		return NF_DROP;
	return hvs_route_out(skb, c->daf, &c->daddr);
}

/**
 * hvs_nat_out() - give a real server's reply the virtual source
 * @skb: the reply, which goes on through the forwarding path
 * @c: its connection
 * @p: what hvs_parse() found in it
 *
 * Context: softirq, RCU.
 * Return: 0 or -ENOMEM.
 */
int hvs_nat_out(struct sk_buff *skb, struct hvs_conn *c,
		const struct hvs_pkt *p)
{
	return hvs_nat_rewrite(skb, p, &c->in.key.daddr, c->in.key.dport,
			       false);
}
