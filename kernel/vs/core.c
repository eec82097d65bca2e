// SPDX-License-Identifier: GPL-2.0
/*
 * The packet path: netfilter hooks for IPv4 and IPv6.
 *
 * LOCAL_IN (just before NAT's source hook): packets for a virtual address.
 * The routing decision already made the virtual address local, so the
 * director owns it. A packet of a known connection is forwarded to its real
 * server; the first packet of a new one (a TCP SYN, or any UDP datagram)
 * is scheduled: persistence template or scheduler picks a real server, a
 * connection entry is created, and the packet is forwarded.
 *
 * FORWARD: NAT replies. Real servers of a NAT service route their replies
 * through the director, so those come by as forwarded packets; their source
 * is rewritten back to the virtual address. ICMP errors from a real server
 * about a NAT connection are translated the same way.
 *
 * Everything runs in softirq under RCU and takes no mutex.
 */

#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/tcp.h>
#include <net/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "hvs.h"

/**
 * hvs_parse() - read the addresses, ports and TCP flags of a packet
 * @skb: the packet, skb->data at its network header
 * @af: AF_INET or AF_INET6
 * @nhoff: offset of the IP header from skb->data
 * @p: result
 *
 * Context: softirq.
 * Return: 0 for an unfragmented TCP or UDP packet, -EINVAL otherwise.
 */
int hvs_parse(struct sk_buff *skb, u16 af, int nhoff, struct hvs_pkt *p)
{
	__be16 _ports[2];
	const __be16 *ports;
	u8 _flags;
	const u8 *flags;

	memset(p, 0, sizeof(*p));
	p->af = af;
	if (af == AF_INET) {
		struct iphdr _iph;
		const struct iphdr *iph;

		iph = skb_header_pointer(skb, nhoff, sizeof(_iph), &_iph);
		if (!iph || iph->ihl < 5 || ip_is_fragment(iph))
			return -EINVAL;
		p->proto = iph->protocol;
		p->l4off = nhoff + iph->ihl * 4;
		p->saddr.ip = iph->saddr;
		p->daddr.ip = iph->daddr;
	} else {
		struct ipv6hdr _ip6h;
		const struct ipv6hdr *ip6h;
		unsigned int off = nhoff;
		unsigned short fragoff = 0;
		int proto;

		ip6h = skb_header_pointer(skb, nhoff, sizeof(_ip6h), &_ip6h);
		if (!ip6h)
			return -EINVAL;
		proto = ipv6_find_hdr(skb, &off, -1, &fragoff, NULL);
		if (proto < 0 || fragoff)
			return -EINVAL;
		p->proto = proto;
		p->l4off = off;
		p->saddr.in6 = ip6h->saddr;
		p->daddr.in6 = ip6h->daddr;
	}
	if (p->proto != IPPROTO_TCP && p->proto != IPPROTO_UDP)
		return -EINVAL;
	ports = skb_header_pointer(skb, p->l4off, sizeof(_ports), _ports);
	if (!ports)
		return -EINVAL;
	p->sport = ports[0];
	p->dport = ports[1];
	if (p->proto == IPPROTO_TCP) {
		flags = skb_header_pointer(skb, p->l4off + 13, 1, &_flags);
		if (!flags)
			return -EINVAL;
		p->tcpflags = *flags;
	}
	return 0;
}

/* Account a client's packet and send it on to the connection's server. */
static unsigned int hvs_forward(struct sk_buff *skb, struct hvs_conn *c,
				const struct hvs_pkt *p)
{
	int dir = c->fwd == HALO_VS_FWD_MASQ ? HVS_DIR_IN : HVS_DIR_INONLY;

	hvs_conn_update(c, dir, p->tcpflags);
	hvs_stats_in(c, skb->len);
	switch (c->fwd) {
	case HALO_VS_FWD_MASQ:
		return hvs_xmit_nat_in(skb, c, p);
	case HALO_VS_FWD_TUNNEL:
		return hvs_xmit_tun(skb, c, p);
	case HALO_VS_FWD_DROUTE:
		return hvs_xmit_dr(skb, c, p);
	default:
		return NF_DROP;
	}
}

static struct hvs_service *hvs_svc_of_pkt(struct hvs_net *hn,
					  struct sk_buff *skb,
					  const struct hvs_pkt *p)
{
	struct hvs_service *svc;

	svc = hvs_svc_find(hn, p->af, p->proto, &p->daddr, p->dport);
	if (!svc && skb->mark)
		svc = hvs_svc_find_fwmark(hn, p->af, skb->mark);
	return svc;
}

/* Pick the real server: the client's template, else the scheduler. */
static struct hvs_dest *hvs_pick(struct hvs_service *svc, u32 flags,
				 const struct hvs_pkt *p,
				 struct hvs_conn **ctl)
{
	struct hvs_scheduler *s;
	struct hvs_dest *dest;

	*ctl = NULL;
	if (flags & HALO_VS_SVC_F_PERSISTENT) {
		*ctl = hvs_tmpl_get(svc, p);
		if (*ctl && READ_ONCE((*ctl)->dest->available))
			return (*ctl)->dest;
		*ctl = NULL;
	}
	s = rcu_dereference(svc->sched);
	if (!s)
		return NULL;
	dest = s->schedule(svc, p);
	if (dest && (flags & HALO_VS_SVC_F_PERSISTENT))
		*ctl = hvs_tmpl_new(svc, dest, p);
	return dest;
}

/* The first packet of a connection to a virtual service. */
static unsigned int hvs_schedule_new(struct hvs_net *hn, struct sk_buff *skb,
				     const struct hvs_pkt *p)
{
	struct hvs_service *svc;
	struct hvs_dest *dest;
	struct hvs_conn *c, *ctl;
	unsigned int verdict;
	bool hashed;
	u32 flags;

	svc = hvs_svc_of_pkt(hn, skb, p);
	if (!svc)
		return NF_ACCEPT;
	/* Only a SYN opens a TCP connection; the rest meets the local stack. */
	if (p->proto == IPPROTO_TCP &&
	    (p->tcpflags & (TCPHDR_SYN | TCPHDR_ACK | TCPHDR_RST |
			    TCPHDR_FIN)) != TCPHDR_SYN)
		return NF_ACCEPT;
	flags = READ_ONCE(svc->flags);
	dest = hvs_pick(svc, flags, p, &ctl);
	if (!dest)
		return NF_DROP;
	hashed = !(p->proto == IPPROTO_UDP && (flags & HALO_VS_SVC_F_ONEPACKET));
	c = hvs_conn_new(svc, dest, p, ctl, hashed);
	if (!c)
		return NF_DROP;
	verdict = hvs_forward(skb, c, p);
	if (!hashed)
		hvs_conn_drop_unhashed(c);
	return verdict;
}

static unsigned int hvs_in_hook(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	struct hvs_net *hn = hvs_net(state->net);
	u16 af = state->pf == NFPROTO_IPV4 ? AF_INET : AF_INET6;
	struct hvs_conn *c;
	struct hvs_pkt p;

	if (!atomic_read(&hn->svc_count))
		return NF_ACCEPT;
	if (hvs_parse(skb, af, skb_network_offset(skb), &p))
		return NF_ACCEPT;
	c = hvs_conn_in_get(hn, &p);
	if (!c || hvs_conn_reuse_closed(c, &p))
		return hvs_schedule_new(hn, skb, &p);
	return hvs_forward(skb, c, &p);
}

/*
 * An ICMPv4 error from a real server about a NAT connection: the quoted
 * packet went director -> real server, so look it up reversed, then put the
 * virtual address and port back into both the quote and the outer source.
 */
static unsigned int hvs_icmp4_reply(struct hvs_net *hn, struct sk_buff *skb)
{
	struct hvs_pkt inner, rev;
	const struct iphdr *iph = ip_hdr(skb);
	struct icmphdr _ih, *ih;
	struct hvs_conn *c;
	int ioff = iph->ihl * 4, qoff = ioff + sizeof(struct icmphdr);
	unsigned int len;

	ih = skb_header_pointer(skb, ioff, sizeof(_ih), &_ih);
	if (!ih || (ih->type != ICMP_DEST_UNREACH &&
		    ih->type != ICMP_TIME_EXCEEDED &&
		    ih->type != ICMP_PARAMETERPROB))
		return NF_ACCEPT;
	if (hvs_parse(skb, AF_INET, qoff, &inner))
		return NF_ACCEPT;
	memset(&rev, 0, sizeof(rev));
	rev.af = AF_INET;
	rev.proto = inner.proto;
	rev.saddr = inner.daddr;
	rev.sport = inner.dport;
	rev.daddr = inner.saddr;
	rev.dport = inner.sport;
	c = hvs_conn_out_get(hn, &rev);
	if (!c)
		return NF_ACCEPT;
	len = inner.l4off + 4;
	if (skb_ensure_writable(skb, len))
		return NF_DROP;
	iph = ip_hdr(skb);
	/* The quote: destination back to virtual address and port. */
	csum_replace4(&((struct iphdr *)(skb->data + qoff))->check,
		      inner.daddr.ip, c->in.key.daddr.ip);
	((struct iphdr *)(skb->data + qoff))->daddr = c->in.key.daddr.ip;
	*(__be16 *)(skb->data + inner.l4off + 2) = c->in.key.dport;
	/* The outer header: from the virtual address. */
	csum_replace4(&ip_hdr(skb)->check, ip_hdr(skb)->saddr,
		      c->in.key.daddr.ip);
	ip_hdr(skb)->saddr = c->in.key.daddr.ip;
	/* The ICMP checksum covers the whole message: compute it again. */
	ih = (struct icmphdr *)(skb->data + ioff);
	ih->checksum = 0;
	ih->checksum = csum_fold(skb_checksum(skb, ioff, skb->len - ioff, 0));
	skb->ip_summed = CHECKSUM_NONE;
	hvs_stats_out(c, skb->len);
	return NF_ACCEPT;
}

static unsigned int hvs_reply_hook(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	struct hvs_net *hn = hvs_net(state->net);
	u16 af = state->pf == NFPROTO_IPV4 ? AF_INET : AF_INET6;
	struct hvs_conn *c;
	struct hvs_pkt p;

	if (!atomic_read(&hn->svc_count))
		return NF_ACCEPT;
	if (af == AF_INET && ip_hdr(skb)->protocol == IPPROTO_ICMP &&
	    !ip_is_fragment(ip_hdr(skb)))
		return hvs_icmp4_reply(hn, skb);
	if (hvs_parse(skb, af, skb_network_offset(skb), &p))
		return NF_ACCEPT;
	c = hvs_conn_out_get(hn, &p);
	if (!c)
		return NF_ACCEPT;
	hvs_conn_update(c, HVS_DIR_OUT, p.tcpflags);
	if (hvs_nat_out(skb, c, &p))
		return NF_DROP;
	hvs_stats_out(c, skb->len);
	return NF_ACCEPT;
}

static const struct nf_hook_ops hvs_hook_ops[] = {
	{
		.hook = hvs_in_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_IN,
		.priority = NF_IP_PRI_NAT_SRC - 1,
	},
	{
		.hook = hvs_reply_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_FORWARD,
		.priority = NF_IP_PRI_NAT_SRC,
	},
	{
		.hook = hvs_in_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_IN,
		.priority = NF_IP6_PRI_NAT_SRC - 1,
	},
	{
		.hook = hvs_reply_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_FORWARD,
		.priority = NF_IP6_PRI_NAT_SRC,
	},
};

/**
 * hvs_hooks_register() - attach the packet path to a namespace
 * @net: the namespace
 *
 * Context: process context (namespace setup).
 * Return: 0 or a negative errno.
 */
int hvs_hooks_register(struct net *net)
{
	return nf_register_net_hooks(net, hvs_hook_ops,
				     ARRAY_SIZE(hvs_hook_ops));
}

/**
 * hvs_hooks_unregister() - detach the packet path from a namespace
 * @net: the namespace
 *
 * Context: process context (namespace teardown).
 */
void hvs_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, hvs_hook_ops, ARRAY_SIZE(hvs_hook_ops));
}
