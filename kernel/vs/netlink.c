// SPDX-License-Identifier: GPL-2.0
/*
 * HALO_VS generic netlink family. The attribute tree is described in
 * include/uapi/linux/halo_vs.h; this file is the only attribute parser.
 * Every request acts on the namespace of the socket that sent it; changes
 * need CAP_NET_ADMIN in the user namespace owning that network namespace.
 */

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <linux/halo_vs.h>

#include "hvs.h"

static struct genl_family hvs_genl_family;

static const struct nla_policy hvs_svc_policy[HALO_VS_SVC_A_MAX + 1] = {
	[HALO_VS_SVC_A_AF] = { .type = NLA_U16 },
	[HALO_VS_SVC_A_PROTOCOL] = { .type = NLA_U16 },
	[HALO_VS_SVC_A_ADDR] = { .type = NLA_BINARY,
				 .len = sizeof(struct in6_addr) },
	[HALO_VS_SVC_A_PORT] = { .type = NLA_U16 },
	[HALO_VS_SVC_A_FWMARK] = NLA_POLICY_MIN(NLA_U32, 1),
	[HALO_VS_SVC_A_SCHED_NAME] = { .type = NLA_NUL_STRING,
				       .len = HALO_VS_SCHED_NAME_MAX - 1 },
	[HALO_VS_SVC_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, HALO_VS_SVC_F_ALL),
	[HALO_VS_SVC_A_TIMEOUT] = { .type = NLA_U32 },
	[HALO_VS_SVC_A_NETMASK] = { .type = NLA_U32 },
};

static struct netlink_range_validation hvs_weight_range = {
	.min = 0,
	.max = INT_MAX,
};

static const struct nla_policy hvs_dest_policy[HALO_VS_DEST_A_MAX + 1] = {
	[HALO_VS_DEST_A_ADDR] = { .type = NLA_BINARY,
				  .len = sizeof(struct in6_addr) },
	[HALO_VS_DEST_A_PORT] = { .type = NLA_U16 },
	[HALO_VS_DEST_A_FWD_METHOD] = NLA_POLICY_MAX(NLA_U32,
						     HALO_VS_FWD_DROUTE),
	[HALO_VS_DEST_A_WEIGHT] = NLA_POLICY_FULL_RANGE(NLA_U32,
							&hvs_weight_range),
	[HALO_VS_DEST_A_U_THRESH] = { .type = NLA_U32 },
	[HALO_VS_DEST_A_L_THRESH] = { .type = NLA_U32 },
	[HALO_VS_DEST_A_ADDR_FAMILY] = { .type = NLA_U16 },
	[HALO_VS_DEST_A_TUN_TYPE] = NLA_POLICY_MAX(NLA_U8, HALO_VS_TUNNEL_IPIP),
};

static const struct nla_policy hvs_policy[HALO_VS_A_MAX + 1] = {
	[HALO_VS_A_SERVICE] = NLA_POLICY_NESTED(hvs_svc_policy),
	[HALO_VS_A_DEST] = NLA_POLICY_NESTED(hvs_dest_policy),
	[HALO_VS_A_TIMEOUT_TCP] = { .type = NLA_U32 },
	[HALO_VS_A_TIMEOUT_TCP_FIN] = { .type = NLA_U32 },
	[HALO_VS_A_TIMEOUT_UDP] = { .type = NLA_U32 },
};

static int hvs_addr_len(u16 af)
{
	return af == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);
}

static int hvs_get_addr(struct nlattr *a, u16 af, union nf_inet_addr *addr,
			struct netlink_ext_ack *extack)
{
	if (nla_len(a) != hvs_addr_len(af)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "address length does not match family");
		return -EINVAL;
	}
	memset(addr, 0, sizeof(*addr));
	nla_memcpy(addr, a, sizeof(*addr));
	return 0;
}

/* The key of a service: AF plus FWMARK, or AF, PROTOCOL, ADDR and PORT. */
static int hvs_parse_svc_key(struct nlattr **tb, struct nlattr *nest,
			     struct hvs_svc_conf *sc,
			     struct netlink_ext_ack *extack)
{
	memset(sc, 0, sizeof(*sc));
	if (!tb[HALO_VS_SVC_A_AF]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "missing address family");
		return -EINVAL;
	}
	sc->af = nla_get_u16(tb[HALO_VS_SVC_A_AF]);
	if (sc->af != AF_INET && sc->af != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HALO_VS_SVC_A_AF],
				    "address family must be AF_INET or AF_INET6");
		return -EINVAL;
	}
	if (tb[HALO_VS_SVC_A_FWMARK]) {
		sc->fwmark = nla_get_u32(tb[HALO_VS_SVC_A_FWMARK]);
		return 0;
	}
	if (!tb[HALO_VS_SVC_A_PROTOCOL] || !tb[HALO_VS_SVC_A_ADDR] ||
	    !tb[HALO_VS_SVC_A_PORT]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "need FWMARK, or PROTOCOL, ADDR and PORT");
		return -EINVAL;
	}
	sc->proto = nla_get_u16(tb[HALO_VS_SVC_A_PROTOCOL]);
	if (sc->proto != IPPROTO_TCP && sc->proto != IPPROTO_UDP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HALO_VS_SVC_A_PROTOCOL],
				    "protocol must be TCP or UDP");
		return -EINVAL;
	}
	sc->port = nla_get_be16(tb[HALO_VS_SVC_A_PORT]);
	return hvs_get_addr(tb[HALO_VS_SVC_A_ADDR], sc->af, &sc->addr, extack);
}

/* The settings of NEW_SERVICE and SET_SERVICE. */
static int hvs_parse_svc_settings(struct nlattr **tb, struct nlattr *nest,
				  struct hvs_svc_conf *sc,
				  struct netlink_ext_ack *extack)
{
	if (!tb[HALO_VS_SVC_A_SCHED_NAME]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "missing scheduler name");
		return -EINVAL;
	}
	nla_strscpy(sc->sched_name, tb[HALO_VS_SVC_A_SCHED_NAME],
		    sizeof(sc->sched_name));
	if (tb[HALO_VS_SVC_A_FLAGS])
		sc->flags = nla_get_u32(tb[HALO_VS_SVC_A_FLAGS]);
	if (tb[HALO_VS_SVC_A_TIMEOUT])
		sc->timeout = nla_get_u32(tb[HALO_VS_SVC_A_TIMEOUT]);
	if ((sc->flags & HALO_VS_SVC_F_PERSISTENT) && !sc->timeout)
		sc->timeout = 360;
	sc->netmask = sc->af == AF_INET ? 0xffffffff : 128;
	if (tb[HALO_VS_SVC_A_NETMASK])
		sc->netmask = nla_get_u32(tb[HALO_VS_SVC_A_NETMASK]);
	if (sc->af == AF_INET6 && (sc->netmask < 1 || sc->netmask > 128)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HALO_VS_SVC_A_NETMASK],
				    "IPv6 netmask must be a prefix length 1..128");
		return -EINVAL;
	}
	if ((sc->flags & HALO_VS_SVC_F_ONEPACKET) && sc->proto != IPPROTO_UDP &&
	    !sc->fwmark) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HALO_VS_SVC_A_FLAGS],
				    "one-packet scheduling is only for UDP");
		return -EINVAL;
	}
	if (!sc->fwmark && !sc->port &&
	    !(sc->flags & HALO_VS_SVC_F_PERSISTENT)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HALO_VS_SVC_A_PORT],
				    "zero port for a non-persistent service");
		return -EINVAL;
	}
	return 0;
}

static int hvs_parse_svc(struct genl_info *info, struct hvs_svc_conf *sc,
			 bool settings)
{
	struct nlattr *tb[HALO_VS_SVC_A_MAX + 1];
	struct nlattr *nest = info->attrs[HALO_VS_A_SERVICE];
	int ret;

	if (!nest) {
		NL_SET_ERR_MSG(info->extack, "missing HALO_VS_A_SERVICE");
		return -EINVAL;
	}
	ret = nla_parse_nested(tb, HALO_VS_SVC_A_MAX, nest, hvs_svc_policy,
			       info->extack);
	if (ret)
		return ret;
	ret = hvs_parse_svc_key(tb, nest, sc, info->extack);
	if (ret || !settings)
		return ret;
	return hvs_parse_svc_settings(tb, nest, sc, info->extack);
}

static int hvs_parse_dest(struct genl_info *info, struct hvs_service *svc,
			  struct hvs_dest_conf *dc, bool settings)
{
	struct nlattr *tb[HALO_VS_DEST_A_MAX + 1];
	struct nlattr *nest = info->attrs[HALO_VS_A_DEST];
	struct netlink_ext_ack *extack = info->extack;
	int ret;

	memset(dc, 0, sizeof(*dc));
	if (!nest) {
		NL_SET_ERR_MSG(extack, "missing HALO_VS_A_DEST");
		return -EINVAL;
	}
	ret = nla_parse_nested(tb, HALO_VS_DEST_A_MAX, nest, hvs_dest_policy,
			       extack);
	if (ret)
		return ret;
	if (!tb[HALO_VS_DEST_A_ADDR] || !tb[HALO_VS_DEST_A_PORT]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "need ADDR and PORT");
		return -EINVAL;
	}
	dc->af = svc->af;
	if (tb[HALO_VS_DEST_A_ADDR_FAMILY])
		dc->af = nla_get_u16(tb[HALO_VS_DEST_A_ADDR_FAMILY]);
	if (dc->af != AF_INET && dc->af != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HALO_VS_DEST_A_ADDR_FAMILY],
				    "address family must be AF_INET or AF_INET6");
		return -EINVAL;
	}
	ret = hvs_get_addr(tb[HALO_VS_DEST_A_ADDR], dc->af, &dc->addr, extack);
	if (ret)
		return ret;
	dc->port = nla_get_be16(tb[HALO_VS_DEST_A_PORT]);
	if (!settings)
		return 0;
	dc->fwd = HALO_VS_FWD_DROUTE;
	if (tb[HALO_VS_DEST_A_FWD_METHOD])
		dc->fwd = nla_get_u32(tb[HALO_VS_DEST_A_FWD_METHOD]);
	dc->weight = 1;
	if (tb[HALO_VS_DEST_A_WEIGHT])
		dc->weight = nla_get_u32(tb[HALO_VS_DEST_A_WEIGHT]);
	if (tb[HALO_VS_DEST_A_U_THRESH])
		dc->u_thresh = nla_get_u32(tb[HALO_VS_DEST_A_U_THRESH]);
	if (tb[HALO_VS_DEST_A_L_THRESH])
		dc->l_thresh = nla_get_u32(tb[HALO_VS_DEST_A_L_THRESH]);
	if (tb[HALO_VS_DEST_A_TUN_TYPE])
		dc->tun_type = nla_get_u8(tb[HALO_VS_DEST_A_TUN_TYPE]);
	if (dc->l_thresh > dc->u_thresh) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HALO_VS_DEST_A_L_THRESH],
				    "lower threshold above upper threshold");
		return -ERANGE;
	}
	if (dc->fwd == HALO_VS_FWD_LOCALNODE) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HALO_VS_DEST_A_FWD_METHOD],
				    "local node forwarding is not supported");
		return -EOPNOTSUPP;
	}
	if (dc->af != svc->af && dc->fwd != HALO_VS_FWD_TUNNEL) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HALO_VS_DEST_A_ADDR_FAMILY],
				    "a different family needs tunnelling");
		return -EINVAL;
	}
	if (dc->fwd == HALO_VS_FWD_TUNNEL && dc->af != AF_INET) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HALO_VS_DEST_A_ADDR],
				    "tunnels to IPv6 real servers are not supported");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int hvs_put_addr(struct sk_buff *msg, int type, u16 af,
			const union nf_inet_addr *addr)
{
	return nla_put(msg, type, hvs_addr_len(af), addr);
}

/* The statistics nest: which counter goes into which attribute. */
static const struct {
	u16 attr;
	u8 idx;		/* in struct hvs_counters: conns ... outbytes */
	bool rate;	/* the 2^10-scaled estimate, not the sum */
} hvs_stats_attrs[] = {
	{ HALO_VS_STATS_A_CONNS, 0, false },
	{ HALO_VS_STATS_A_INPKTS, 1, false },
	{ HALO_VS_STATS_A_OUTPKTS, 2, false },
	{ HALO_VS_STATS_A_INBYTES, 3, false },
	{ HALO_VS_STATS_A_OUTBYTES, 4, false },
	{ HALO_VS_STATS_A_CPS, 0, true },
	{ HALO_VS_STATS_A_INPPS, 1, true },
	{ HALO_VS_STATS_A_OUTPPS, 2, true },
	{ HALO_VS_STATS_A_INBPS, 3, true },
	{ HALO_VS_STATS_A_OUTBPS, 4, true },
};

/* One nest of HALO_VS_STATS_A_* for a service's or a real server's @st. */
static int hvs_put_stats(struct sk_buff *msg, int type,
			 const struct hvs_stats *st)
{
	struct hvs_counters sum;
	struct nlattr *nest;
	unsigned int i;
	u64 v;

	hvs_stats_read(st, &sum);
	nest = nla_nest_start(msg, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(hvs_stats_attrs); i++) {
		v = hvs_stats_attrs[i].rate ?
			st->rate.v[hvs_stats_attrs[i].idx] >> 10 :
			sum.v[hvs_stats_attrs[i].idx];
		if (nla_put_u64_64bit(msg, hvs_stats_attrs[i].attr, v,
				      HALO_VS_STATS_A_PAD)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int hvs_put_svc_key(struct sk_buff *msg, struct hvs_service *svc)
{
	if (nla_put_u16(msg, HALO_VS_SVC_A_AF, svc->af))
		return -EMSGSIZE;
	if (svc->fwmark)
		return nla_put_u32(msg, HALO_VS_SVC_A_FWMARK, svc->fwmark);
	if (nla_put_u16(msg, HALO_VS_SVC_A_PROTOCOL, svc->proto) ||
	    hvs_put_addr(msg, HALO_VS_SVC_A_ADDR, svc->af, &svc->addr) ||
	    nla_put_be16(msg, HALO_VS_SVC_A_PORT, svc->port))
		return -EMSGSIZE;
	return 0;
}

static int hvs_fill_svc(struct sk_buff *msg, struct hvs_service *svc,
			u32 portid, u32 seq, int flags)
{
	struct hvs_scheduler *s;
	struct nlattr *nest;
	void *hdr;

	lockdep_assert_held(&svc->hn->lock);
	hdr = genlmsg_put(msg, portid, seq, &hvs_genl_family, flags,
			  HALO_VS_CMD_GET_SERVICE);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(msg, HALO_VS_A_SERVICE);
	if (!nest)
		goto err;
	s = rcu_dereference_protected(svc->sched,
				      lockdep_is_held(&svc->hn->lock));
	if (hvs_put_svc_key(msg, svc) ||
	    nla_put_string(msg, HALO_VS_SVC_A_SCHED_NAME, s ? s->name : "") ||
	    nla_put_u32(msg, HALO_VS_SVC_A_FLAGS, svc->flags) ||
	    nla_put_u32(msg, HALO_VS_SVC_A_TIMEOUT, svc->timeout) ||
	    nla_put_u32(msg, HALO_VS_SVC_A_NETMASK, svc->netmask) ||
	    hvs_put_stats(msg, HALO_VS_SVC_A_STATS, &svc->stats))
		goto err;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return 0;
err:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

static int hvs_fill_dest(struct sk_buff *msg, struct hvs_dest *d,
			 u32 portid, u32 seq)
{
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &hvs_genl_family, NLM_F_MULTI,
			  HALO_VS_CMD_GET_DEST);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(msg, HALO_VS_A_DEST);
	if (!nest)
		goto err;
	if (hvs_put_addr(msg, HALO_VS_DEST_A_ADDR, d->af, &d->addr) ||
	    nla_put_be16(msg, HALO_VS_DEST_A_PORT, d->port) ||
	    nla_put_u32(msg, HALO_VS_DEST_A_FWD_METHOD, d->fwd) ||
	    nla_put_u32(msg, HALO_VS_DEST_A_WEIGHT, d->weight) ||
	    nla_put_u32(msg, HALO_VS_DEST_A_U_THRESH, d->u_thresh) ||
	    nla_put_u32(msg, HALO_VS_DEST_A_L_THRESH, d->l_thresh) ||
	    nla_put_u32(msg, HALO_VS_DEST_A_ACTIVE_CONNS,
			atomic_read(&d->activeconns)) ||
	    nla_put_u32(msg, HALO_VS_DEST_A_INACT_CONNS,
			atomic_read(&d->inactconns)) ||
	    nla_put_u32(msg, HALO_VS_DEST_A_PERSIST_CONNS,
			atomic_read(&d->persistconns)) ||
	    hvs_put_stats(msg, HALO_VS_DEST_A_STATS, &d->stats) ||
	    nla_put_u16(msg, HALO_VS_DEST_A_ADDR_FAMILY, d->af) ||
	    nla_put_u8(msg, HALO_VS_DEST_A_TUN_TYPE, d->tun_type))
		goto err;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return 0;
err:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

static int hvs_nl_get_info(struct sk_buff *skb, struct genl_info *info)
{
	struct hvs_net *hn = hvs_net(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &hvs_genl_family, 0,
				HALO_VS_CMD_GET_INFO);
	if (!hdr)
		goto err_msg;
	if (nla_put_u32(msg, HALO_VS_A_VERSION, HALO_VS_VERSION_CODE) ||
	    nla_put_u32(msg, HALO_VS_A_CONN_TAB_SIZE, hvs_conn_tab_size(hn)) ||
	    nla_put_u32(msg, HALO_VS_A_CONN_COUNT,
			atomic_read(&hn->conn_count)))
		goto err_msg;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_msg:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int hvs_nl_new_service(struct sk_buff *skb, struct genl_info *info)
{
	struct hvs_net *hn = hvs_net(genl_info_net(info));
	struct hvs_svc_conf sc;
	int ret;

	ret = hvs_parse_svc(info, &sc, true);
	if (ret)
		return ret;
	mutex_lock(&hn->lock);
	ret = hvs_svc_add(hn, &sc, info->extack);
	mutex_unlock(&hn->lock);
	return ret;
}

/* Find the request's service under hn->lock, or fail with ESRCH. */
static int hvs_svc_of_req(struct hvs_net *hn, struct genl_info *info,
			  struct hvs_svc_conf *sc, struct hvs_service **svc)
{
	lockdep_assert_held(&hn->lock);
	*svc = hvs_svc_lookup_conf(hn, sc);
	if (*svc)
		return 0;
	NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[HALO_VS_A_SERVICE],
			    "no such service");
	return -ESRCH;
}

static int hvs_nl_set_service(struct sk_buff *skb, struct genl_info *info)
{
	struct hvs_net *hn = hvs_net(genl_info_net(info));
	struct hvs_service *svc;
	struct hvs_svc_conf sc;
	int ret;

	ret = hvs_parse_svc(info, &sc, true);
	if (ret)
		return ret;
	mutex_lock(&hn->lock);
	ret = hvs_svc_of_req(hn, info, &sc, &svc);
	if (!ret)
		ret = hvs_svc_edit(svc, &sc, info->extack);
	mutex_unlock(&hn->lock);
	return ret;
}

static int hvs_nl_del_service(struct sk_buff *skb, struct genl_info *info)
{
	struct hvs_net *hn = hvs_net(genl_info_net(info));
	struct hvs_service *svc;
	struct hvs_svc_conf sc;
	int ret;

	ret = hvs_parse_svc(info, &sc, false);
	if (ret)
		return ret;
	mutex_lock(&hn->lock);
	ret = hvs_svc_of_req(hn, info, &sc, &svc);
	if (!ret)
		hvs_svc_del(svc);
	mutex_unlock(&hn->lock);
	return ret;
}

static int hvs_nl_get_service(struct sk_buff *skb, struct genl_info *info)
{
	struct hvs_net *hn = hvs_net(genl_info_net(info));
	struct hvs_service *svc;
	struct hvs_svc_conf sc;
	struct sk_buff *msg;
	int ret;

	ret = hvs_parse_svc(info, &sc, false);
	if (ret)
		return ret;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&hn->lock);
	ret = hvs_svc_of_req(hn, info, &sc, &svc);
	if (!ret)
		ret = hvs_fill_svc(msg, svc, info->snd_portid, info->snd_seq, 0);
	mutex_unlock(&hn->lock);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

static int hvs_nl_dump_services(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct hvs_net *hn = hvs_net(sock_net(skb->sk));
	struct hvs_service *svc;
	long idx = 0, start = cb->args[0];

	mutex_lock(&hn->lock);
	list_for_each_entry(svc, &hn->svc_list, list) {
		if (idx++ < start)
			continue;
		if (hvs_fill_svc(skb, svc, NETLINK_CB(cb->skb).portid,
				 cb->nlh->nlmsg_seq, NLM_F_MULTI)) {
			idx--;
			break;
		}
	}
	mutex_unlock(&hn->lock);
	cb->args[0] = idx;
	return skb->len;
}

static int hvs_nl_new_dest(struct sk_buff *skb, struct genl_info *info)
{
	struct hvs_net *hn = hvs_net(genl_info_net(info));
	struct hvs_service *svc;
	struct hvs_svc_conf sc;
	struct hvs_dest_conf dc;
	int ret;

	ret = hvs_parse_svc(info, &sc, false);
	if (ret)
		return ret;
	mutex_lock(&hn->lock);
	ret = hvs_svc_of_req(hn, info, &sc, &svc);
	if (ret)
		goto out;
	ret = hvs_parse_dest(info, svc, &dc, true);
	if (ret)
		goto out;
	if (hvs_dest_find(svc, dc.af, &dc.addr, dc.port)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[HALO_VS_A_DEST],
				    "destination already exists");
		ret = -EEXIST;
		goto out;
	}
	ret = hvs_dest_add(svc, &dc);
out:
	mutex_unlock(&hn->lock);
	return ret;
}

/* SET_DEST and DEL_DEST: find the service and the destination. */
static int hvs_nl_change_dest(struct genl_info *info, bool del)
{
	struct hvs_net *hn = hvs_net(genl_info_net(info));
	struct hvs_service *svc;
	struct hvs_dest *dest;
	struct hvs_svc_conf sc;
	struct hvs_dest_conf dc;
	int ret;

	ret = hvs_parse_svc(info, &sc, false);
	if (ret)
		return ret;
	mutex_lock(&hn->lock);
	ret = hvs_svc_of_req(hn, info, &sc, &svc);
	if (ret)
		goto out;
	ret = hvs_parse_dest(info, svc, &dc, !del);
	if (ret)
		goto out;
	dest = hvs_dest_find(svc, dc.af, &dc.addr, dc.port);
	if (!dest) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[HALO_VS_A_DEST],
				    "no such destination");
		ret = -ENOENT;
		goto out;
	}
	if (del)
		hvs_dest_del(dest);
	else
		hvs_dest_edit(dest, &dc);
out:
	mutex_unlock(&hn->lock);
	return ret;
}

static int hvs_nl_set_dest(struct sk_buff *skb, struct genl_info *info)
{
	return hvs_nl_change_dest(info, false);
}

static int hvs_nl_del_dest(struct sk_buff *skb, struct genl_info *info)
{
	return hvs_nl_change_dest(info, true);
}

static int hvs_nl_dump_dests(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genl_dumpit_info *di = genl_dumpit_info(cb);
	struct hvs_net *hn = hvs_net(sock_net(skb->sk));
	struct nlattr *tb[HALO_VS_SVC_A_MAX + 1];
	struct nlattr *nest = di->attrs[HALO_VS_A_SERVICE];
	struct hvs_service *svc;
	struct hvs_svc_conf sc;
	struct hvs_dest *dest;
	long idx = 0, start = cb->args[0];
	int ret;

	if (!nest) {
		NL_SET_ERR_MSG(cb->extack, "missing HALO_VS_A_SERVICE");
		return -EINVAL;
	}
	ret = nla_parse_nested(tb, HALO_VS_SVC_A_MAX, nest, hvs_svc_policy,
			       cb->extack);
	if (!ret)
		ret = hvs_parse_svc_key(tb, nest, &sc, cb->extack);
	if (ret)
		return ret;
	mutex_lock(&hn->lock);
	svc = hvs_svc_lookup_conf(hn, &sc);
	if (!svc) {
		mutex_unlock(&hn->lock);
		NL_SET_ERR_MSG(cb->extack, "no such service");
		return -ESRCH;
	}
	list_for_each_entry(dest, &svc->dests, list) {
		if (idx++ < start)
			continue;
		if (hvs_fill_dest(skb, dest, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq)) {
			idx--;
			break;
		}
	}
	mutex_unlock(&hn->lock);
	cb->args[0] = idx;
	return skb->len;
}

static int hvs_nl_set_config(struct sk_buff *skb, struct genl_info *info)
{
	struct hvs_net *hn = hvs_net(genl_info_net(info));
	static const int attrs[] = { HALO_VS_A_TIMEOUT_TCP,
				     HALO_VS_A_TIMEOUT_TCP_FIN,
				     HALO_VS_A_TIMEOUT_UDP };
	unsigned long *vals[] = { &hn->timeout_tcp, &hn->timeout_tcpfin,
				  &hn->timeout_udp };
	int i;

	mutex_lock(&hn->lock);
	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		struct nlattr *a = info->attrs[attrs[i]];

		if (a && nla_get_u32(a))
			WRITE_ONCE(*vals[i], (unsigned long)nla_get_u32(a) * HZ);
	}
	mutex_unlock(&hn->lock);
	return 0;
}

static int hvs_nl_get_config(struct sk_buff *skb, struct genl_info *info)
{
	struct hvs_net *hn = hvs_net(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &hvs_genl_family, 0,
				HALO_VS_CMD_GET_CONFIG);
	if (!hdr)
		goto err_msg;
	if (nla_put_u32(msg, HALO_VS_A_TIMEOUT_TCP,
			READ_ONCE(hn->timeout_tcp) / HZ) ||
	    nla_put_u32(msg, HALO_VS_A_TIMEOUT_TCP_FIN,
			READ_ONCE(hn->timeout_tcpfin) / HZ) ||
	    nla_put_u32(msg, HALO_VS_A_TIMEOUT_UDP,
			READ_ONCE(hn->timeout_udp) / HZ))
		goto err_msg;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_msg:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static void hvs_zero_svc(struct hvs_service *svc)
{
	struct hvs_dest *dest;

	hvs_stats_zero(&svc->stats);
	list_for_each_entry(dest, &svc->dests, list)
		hvs_stats_zero(&dest->stats);
}

static int hvs_nl_zero(struct sk_buff *skb, struct genl_info *info)
{
	struct hvs_net *hn = hvs_net(genl_info_net(info));
	struct hvs_service *svc;
	struct hvs_svc_conf sc;
	int ret = 0;

	if (info->attrs[HALO_VS_A_SERVICE]) {
		ret = hvs_parse_svc(info, &sc, false);
		if (ret)
			return ret;
	}
	mutex_lock(&hn->lock);
	if (info->attrs[HALO_VS_A_SERVICE]) {
		ret = hvs_svc_of_req(hn, info, &sc, &svc);
		if (!ret)
			hvs_zero_svc(svc);
	} else {
		list_for_each_entry(svc, &hn->svc_list, list)
			hvs_zero_svc(svc);
	}
	mutex_unlock(&hn->lock);
	return ret;
}

static int hvs_nl_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct hvs_net *hn = hvs_net(genl_info_net(info));

	mutex_lock(&hn->lock);
	hvs_svc_flush(hn);
	mutex_unlock(&hn->lock);
	return 0;
}

int hvs_nl_dump_conns(struct sk_buff *skb, struct netlink_callback *cb);

static const struct genl_small_ops hvs_genl_ops[] = {
	{ .cmd = HALO_VS_CMD_GET_INFO, .doit = hvs_nl_get_info, },
	{
		.cmd = HALO_VS_CMD_NEW_SERVICE,
		.doit = hvs_nl_new_service,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HALO_VS_CMD_SET_SERVICE,
		.doit = hvs_nl_set_service,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HALO_VS_CMD_DEL_SERVICE,
		.doit = hvs_nl_del_service,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HALO_VS_CMD_GET_SERVICE,
		.doit = hvs_nl_get_service,
		.dumpit = hvs_nl_dump_services,
	},
	{
		.cmd = HALO_VS_CMD_NEW_DEST,
		.doit = hvs_nl_new_dest,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HALO_VS_CMD_SET_DEST,
		.doit = hvs_nl_set_dest,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HALO_VS_CMD_DEL_DEST,
		.doit = hvs_nl_del_dest,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{ .cmd = HALO_VS_CMD_GET_DEST, .dumpit = hvs_nl_dump_dests, },
	{
		.cmd = HALO_VS_CMD_SET_CONFIG,
		.doit = hvs_nl_set_config,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{ .cmd = HALO_VS_CMD_GET_CONFIG, .doit = hvs_nl_get_config, },
	{
		.cmd = HALO_VS_CMD_ZERO,
		.doit = hvs_nl_zero,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = HALO_VS_CMD_FLUSH,
		.doit = hvs_nl_flush,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{ .cmd = HALO_VS_CMD_GET_CONN, .dumpit = hvs_nl_dump_conns, },
};

static struct genl_family hvs_genl_family __ro_after_init = {
	.name = HALO_VS_GENL_NAME,
	.version = HALO_VS_GENL_VERSION,
	.maxattr = HALO_VS_A_MAX,
	.policy = hvs_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.small_ops = hvs_genl_ops,
	.n_small_ops = ARRAY_SIZE(hvs_genl_ops),
};

/**
 * hvs_genl_put() - start a message of the HALO_VS family
 * @msg: the message
 * @portid: destination port
 * @seq: sequence number
 * @flags: netlink flags
 * @cmd: HALO_VS_CMD_*
 *
 * Context: any.
 * Return: the header, or NULL if @msg is full.
 */
void *hvs_genl_put(struct sk_buff *msg, u32 portid, u32 seq, int flags,
		   u8 cmd)
{
	return genlmsg_put(msg, portid, seq, &hvs_genl_family, flags, cmd);
}

/**
 * hvs_netlink_init() - register the HALO_VS generic netlink family
 *
 * Context: module init, process context.
 * Return: 0 or a negative errno.
 */
int hvs_netlink_init(void)
{
	return genl_register_family(&hvs_genl_family);
}

/**
 * hvs_netlink_exit() - unregister the HALO_VS generic netlink family
 *
 * Context: module exit, process context.
 */
void hvs_netlink_exit(void)
{
	genl_unregister_family(&hvs_genl_family);
}
