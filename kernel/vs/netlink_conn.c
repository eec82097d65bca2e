// SPDX-License-Identifier: GPL-2.0
/*
 * HALO_VS_CMD_GET_CONN: the dump of the connection table, persistence
 * templates included.
 */

#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/halo_vs.h>

#include "hvs.h"

#define HVS_CONN_F_PUBLIC (HALO_VS_CONN_F_TEMPLATE | HALO_VS_CONN_F_ONE_PACKET)

static int hvs_fill_conn_attrs(struct sk_buff *msg, struct hvs_conn *c)
{
	const struct hvs_tuple *k = &c->in.key;
	struct hvs_service *svc = c->svc;
	bool tmpl = c->flags & HALO_VS_CONN_F_TEMPLATE;
	int alen = k->af == AF_INET ? 4 : 16;
	int dlen = c->daf == AF_INET ? 4 : 16;
	long left = (long)READ_ONCE(c->timer.expires) - (long)jiffies;
	u16 proto = tmpl ? svc->proto : k->proto;
	union nf_inet_addr vaddr = k->daddr;

	if (left < 0)
		left = 0;
	/* ip_vs shows a fwmark template's mark where the address would be. */
	if (tmpl && svc->fwmark) {
		memset(&vaddr, 0, sizeof(vaddr));
		vaddr.ip = htonl(svc->fwmark);
	}
	if (nla_put_u16(msg, HALO_VS_CONN_A_AF, k->af) ||
	    nla_put_u16(msg, HALO_VS_CONN_A_PROTOCOL, proto) ||
	    nla_put(msg, HALO_VS_CONN_A_CADDR, alen, &k->saddr) ||
	    nla_put_be16(msg, HALO_VS_CONN_A_CPORT, k->sport) ||
	    nla_put(msg, HALO_VS_CONN_A_VADDR, alen, &vaddr) ||
	    nla_put_be16(msg, HALO_VS_CONN_A_VPORT, k->dport) ||
	    nla_put(msg, HALO_VS_CONN_A_DADDR, dlen, &c->daddr) ||
	    nla_put_be16(msg, HALO_VS_CONN_A_DPORT, c->dport) ||
	    nla_put_u16(msg, HALO_VS_CONN_A_DAF, c->daf) ||
	    nla_put_u8(msg, HALO_VS_CONN_A_STATE, READ_ONCE(c->state)) ||
	    nla_put_u32(msg, HALO_VS_CONN_A_EXPIRES, jiffies_to_msecs(left)) ||
	    nla_put_u32(msg, HALO_VS_CONN_A_FLAGS,
			c->flags & HVS_CONN_F_PUBLIC))
		return -EMSGSIZE;
	if (tmpl && svc->fwmark &&
	    nla_put_u32(msg, HALO_VS_CONN_A_FWMARK, svc->fwmark))
		return -EMSGSIZE;
	return 0;
}

static int hvs_fill_conn(struct sk_buff *msg, struct hvs_conn *c,
			 struct netlink_callback *cb)
{
	struct nlattr *nest;
	void *hdr;

	hdr = hvs_genl_put(msg, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			   NLM_F_MULTI, HALO_VS_CMD_GET_CONN);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(msg, HALO_VS_A_CONN);
	if (!nest || hvs_fill_conn_attrs(msg, c)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return 0;
}

/**
 * hvs_nl_dump_conns() - dump the connection entries of the namespace
 * @skb: the message being filled
 * @cb: dump state; args[0] counts the entries already sent
 *
 * Each call walks the table from its start and skips what earlier calls
 * sent; an entry that comes or goes meanwhile may be missed or repeated.
 *
 * Context: process context.
 * Return: bytes in @skb, 0 at the end.
 */
int hvs_nl_dump_conns(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct hvs_net *hn = hvs_net(sock_net(skb->sk));
	struct rhashtable_iter it;
	long idx = 0, start = cb->args[0];
	struct hvs_conn *c;

	rhashtable_walk_enter(&hn->conn_tab, &it);
	rhashtable_walk_start(&it);
	while ((c = hvs_conn_walk_next(&it))) {
		if (idx++ < start || READ_ONCE(c->dead))
			continue;
		if (hvs_fill_conn(skb, c, cb)) {
			idx--;
			break;
		}
	}
	rhashtable_walk_stop(&it);
	rhashtable_walk_exit(&it);
	cb->args[0] = idx;
	return skb->len;
}
