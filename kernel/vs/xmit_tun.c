// SPDX-License-Identifier: GPL-2.0
/*
 * IP-in-IP tunnelling: the client's packet is wrapped in an outer IPv4
 * header from the director to the real server (protocol IPIP for an IPv4
 * packet, IPv6 (41) for an IPv6 one). The real server unwraps it on an ipip
 * or sit device, holds the virtual address, and replies to the client
 * directly. Segmentation offload is kept by marking the packet as
 * encapsulated (SKB_GSO_IPXIP4/6).
 */

#include <linux/icmp.h>
#include <linux/ip.h>
#include <net/icmp.h>
#include <net/ip.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/route.h>

#include "hvs.h"

static void hvs_tun_too_big(struct sk_buff *skb, u16 af, unsigned int mtu)
{
	if (af == AF_INET)
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(mtu));
	else
		icmpv6_send(skb, ICMPV6_PKT_TOOBIG, 0, mtu);
}

/**
 * hvs_xmit_tun() - encapsulate a client's packet to its real server
 * @skb: the packet
 * @c: its connection
 * @p: what hvs_parse() found in it
 *
 * Context: softirq, RCU.
 * Return: a netfilter verdict.
 */
int hvs_xmit_tun(struct sk_buff *skb, struct hvs_conn *c,
		 const struct hvs_pkt *p)
{
	struct net *net = dev_net(skb->dev);
	struct flowi4 fl4 = { .daddr = c->daddr.ip };
	struct rtable *rt;
	struct iphdr *iph;
	unsigned int mtu;
	__be16 df;
	u8 tos, ipproto;

	if (c->daf != AF_INET)
		return NF_DROP;
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return NF_DROP;
	if (rt->rt_type != RTN_UNICAST)
		goto err_rt;
	if (p->af == AF_INET) {
		df = ip_hdr(skb)->frag_off & htons(IP_DF);
		tos = ip_hdr(skb)->tos;
		ipproto = IPPROTO_IPIP;
	} else {
		df = htons(IP_DF);
		tos = ipv6_get_dsfield(ipv6_hdr(skb));
		ipproto = IPPROTO_IPV6;
	}
	mtu = dst_mtu(&rt->dst) - sizeof(struct iphdr);
	if (df && !skb_is_gso(skb) && skb->len > mtu) {
		hvs_tun_too_big(skb, p->af, mtu);
		goto err_rt;
	}
	if (skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) +
			 sizeof(struct iphdr)))
		goto err_rt;
	if (iptunnel_handle_offloads(skb, p->af == AF_INET ? SKB_GSO_IPXIP4 :
				     SKB_GSO_IPXIP6))
		goto err_rt;
	skb_set_inner_ipproto(skb, ipproto);
	skb_dst_drop(skb);
	skb_dst_set(skb, &rt->dst);

	skb_push(skb, sizeof(struct iphdr));
	skb_reset_network_header(skb);
	memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
	iph = ip_hdr(skb);
	iph->version = 4;
	iph->ihl = sizeof(struct iphdr) >> 2;
	iph->frag_off = df;
	iph->protocol = ipproto;
	iph->tos = tos;
	iph->daddr = c->daddr.ip;
	iph->saddr = fl4.saddr;
	iph->ttl = ip4_dst_hoplimit(&rt->dst);
	skb->protocol = htons(ETH_P_IP);
	ip_select_ident(net, skb, NULL);
	ip_local_out(net, NULL, skb);
	return NF_STOLEN;

err_rt:
	ip_rt_put(rt);
	return NF_DROP;
}
