// SPDX-License-Identifier: GPL-2.0
/*
 * halo-vsadm's only door to the kernel: requests and replies of the HALO_VS
 * generic netlink family (include/uapi/linux/halo_vs.h) over libnl-genl-3.
 * Every function returns 0 or the kernel's negative errno.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <linux/halo_vs.h>

#include "kernel.h"
#include "kmod.h"

struct vs_kernel {
	struct nl_sock *sock;
	int family;
};

/* What one request's reply handlers fill in. */
struct reply {
	int err; /* kernel errno, negative */
	bool done;
	int (*parse)(struct nlattr **tb, void *arg);
	void *arg;
};

int kernel_open(struct vs_kernel **kp, const char **why)
{
	struct vs_kernel *k;
	int ret;

	*why = "";
	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	k->sock = nl_socket_alloc();
	if (!k->sock) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = genl_connect(k->sock);
	if (ret < 0) {
		ret = -ENOPROTOOPT;
		goto err_sock;
	}
	k->family = genl_ctrl_resolve(k->sock, HALO_VS_GENL_NAME);
	if (k->family < 0) {
		if (halo_load_module("halo_vs", why) < 0) {
			ret = -ENOPROTOOPT;
			goto err_sock;
		}
		k->family = genl_ctrl_resolve(k->sock, HALO_VS_GENL_NAME);
	}
	if (k->family < 0) {
		ret = -ENOPROTOOPT;
		goto err_sock;
	}
	*kp = k;
	return 0;

err_sock:
	nl_socket_free(k->sock);
err_free:
	free(k);
	return ret;
}

void kernel_close(struct vs_kernel *k)
{
	if (!k)
		return;
	nl_socket_free(k->sock);
	free(k);
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[HALO_VS_A_MAX + 1];
	struct reply *r = arg;

	if (!r->parse)
		return NL_OK;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, HALO_VS_A_MAX, NULL) < 0) {
		r->err = -EBADMSG;
		return NL_STOP;
	}
	if (r->parse(tb, r->arg) < 0) {
		r->err = -ENOMEM;
		return NL_STOP;
	}
	return NL_OK;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct reply *r = arg;

	(void)nla;
	r->err = e->error < 0 ? e->error : -EIO;
	r->done = true;
	return NL_STOP;
}

static int on_done(struct nl_msg *msg, void *arg)
{
	struct reply *r = arg;

	(void)msg;
	r->done = true;
	return NL_STOP;
}

static struct nl_msg *new_msg(struct vs_kernel *k, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, k->family, 0, flags,
			 cmd, HALO_VS_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Send @msg (consumed), run @parse on every reply, wait for ack or done. */
static int talk(struct vs_kernel *k, struct nl_msg *msg,
		int (*parse)(struct nlattr **tb, void *arg), void *arg)
{
	struct reply r = { .parse = parse, .arg = arg };
	struct nl_cb *cb;
	int ret;

	if (!msg)
		return -ENOMEM;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_done, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, &r);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &r);
	ret = nl_send_auto(k->sock, msg);
	nlmsg_free(msg);
	while (ret >= 0 && !r.done && !r.err)
		ret = nl_recvmsgs(k->sock, cb);
	nl_cb_put(cb);
	if (r.err)
		return r.err;
	return ret < 0 ? -EIO : 0;
}

static int addr_len(uint16_t af)
{
	return af == AF_INET6 ? 16 : 4;
}

static int put_service_key(struct nl_msg *msg, const struct vs_service *s,
			   bool full)
{
	struct nlattr *nest = nla_nest_start(msg, HALO_VS_A_SERVICE);

	if (!nest)
		return -ENOMEM;
	NLA_PUT_U16(msg, HALO_VS_SVC_A_AF, s->af);
	if (s->fwmark) {
		NLA_PUT_U32(msg, HALO_VS_SVC_A_FWMARK, s->fwmark);
	} else {
		NLA_PUT_U16(msg, HALO_VS_SVC_A_PROTOCOL, s->protocol);
		NLA_PUT(msg, HALO_VS_SVC_A_ADDR, addr_len(s->af), s->addr.b);
		NLA_PUT_U16(msg, HALO_VS_SVC_A_PORT, htons(s->port));
	}
	if (full) {
		NLA_PUT_STRING(msg, HALO_VS_SVC_A_SCHED_NAME, s->sched);
		NLA_PUT_U32(msg, HALO_VS_SVC_A_FLAGS, s->flags);
		NLA_PUT_U32(msg, HALO_VS_SVC_A_TIMEOUT, s->timeout);
		NLA_PUT_U32(msg, HALO_VS_SVC_A_NETMASK, s->netmask);
	}
	nla_nest_end(msg, nest);
	return 0;

nla_put_failure:
	return -ENOMEM;
}

static int service_cmd(struct vs_kernel *k, uint8_t cmd,
		       const struct vs_service *s, bool full)
{
	struct nl_msg *msg = new_msg(k, cmd, 0);

	if (msg && put_service_key(msg, s, full) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return talk(k, msg, NULL, NULL);
}

int kernel_add_service(struct vs_kernel *k, const struct vs_service *svc)
{
	return service_cmd(k, HALO_VS_CMD_NEW_SERVICE, svc, true);
}

int kernel_edit_service(struct vs_kernel *k, const struct vs_service *svc)
{
	return service_cmd(k, HALO_VS_CMD_SET_SERVICE, svc, true);
}

int kernel_del_service(struct vs_kernel *k, const struct vs_service *svc)
{
	return service_cmd(k, HALO_VS_CMD_DEL_SERVICE, svc, false);
}

static uint64_t get_u64(struct nlattr *a)
{
	return a ? nla_get_u64(a) : 0;
}

static uint32_t get_u32(struct nlattr *a)
{
	return a ? nla_get_u32(a) : 0;
}

static uint16_t get_u16(struct nlattr *a)
{
	return a ? nla_get_u16(a) : 0;
}

static void get_addr(union vs_addr *to, struct nlattr *a)
{
	memset(to, 0, sizeof(*to));
	if (a)
		memcpy(to->b, nla_data(a),
		       nla_len(a) < 16 ? (size_t)nla_len(a) : 16);
}

static void parse_stats(struct vs_stats *st, struct nlattr *nest)
{
	struct nlattr *tb[HALO_VS_STATS_A_MAX + 1];

	memset(st, 0, sizeof(*st));
	if (!nest || nla_parse_nested(tb, HALO_VS_STATS_A_MAX, nest, NULL) < 0)
		return;
	st->conns = get_u64(tb[HALO_VS_STATS_A_CONNS]);
	st->inpkts = get_u64(tb[HALO_VS_STATS_A_INPKTS]);
	st->outpkts = get_u64(tb[HALO_VS_STATS_A_OUTPKTS]);
	st->inbytes = get_u64(tb[HALO_VS_STATS_A_INBYTES]);
	st->outbytes = get_u64(tb[HALO_VS_STATS_A_OUTBYTES]);
	st->cps = get_u64(tb[HALO_VS_STATS_A_CPS]);
	st->inpps = get_u64(tb[HALO_VS_STATS_A_INPPS]);
	st->outpps = get_u64(tb[HALO_VS_STATS_A_OUTPPS]);
	st->inbps = get_u64(tb[HALO_VS_STATS_A_INBPS]);
	st->outbps = get_u64(tb[HALO_VS_STATS_A_OUTBPS]);
}

static int parse_service(struct vs_service *s, struct nlattr *nest)
{
	struct nlattr *tb[HALO_VS_SVC_A_MAX + 1];

	memset(s, 0, sizeof(*s));
	if (!nest || nla_parse_nested(tb, HALO_VS_SVC_A_MAX, nest, NULL) < 0)
		return -EBADMSG;
	s->af = get_u16(tb[HALO_VS_SVC_A_AF]);
	s->protocol = get_u16(tb[HALO_VS_SVC_A_PROTOCOL]);
	get_addr(&s->addr, tb[HALO_VS_SVC_A_ADDR]);
	s->port = ntohs(get_u16(tb[HALO_VS_SVC_A_PORT]));
	s->fwmark = get_u32(tb[HALO_VS_SVC_A_FWMARK]);
	if (tb[HALO_VS_SVC_A_SCHED_NAME])
		nla_strlcpy(s->sched, tb[HALO_VS_SVC_A_SCHED_NAME],
			    sizeof(s->sched));
	s->flags = get_u32(tb[HALO_VS_SVC_A_FLAGS]);
	s->timeout = get_u32(tb[HALO_VS_SVC_A_TIMEOUT]);
	s->netmask = get_u32(tb[HALO_VS_SVC_A_NETMASK]);
	parse_stats(&s->stats, tb[HALO_VS_SVC_A_STATS]);
	return 0;
}

/* A growing array of replies. */
struct vec {
	void *items;
	size_t n, size;
};

static void *vec_add(struct vec *v)
{
	void *p;

	p = realloc(v->items, (v->n + 1) * v->size);
	if (!p)
		return NULL;
	v->items = p;
	p = (char *)v->items + v->n++ * v->size;
	memset(p, 0, v->size);
	return p;
}

static int on_service(struct nlattr **tb, void *arg)
{
	struct vs_service *s = vec_add(arg);

	if (!s)
		return -ENOMEM;
	parse_service(s, tb[HALO_VS_A_SERVICE]);
	return 0;
}

int kernel_get_services(struct vs_kernel *k, struct vs_service **list,
			size_t *n)
{
	struct vec v = { .size = sizeof(struct vs_service) };
	int ret;

	ret = talk(k, new_msg(k, HALO_VS_CMD_GET_SERVICE, NLM_F_DUMP),
		   on_service, &v);
	if (ret < 0) {
		free(v.items);
		return ret;
	}
	*list = v.items;
	*n = v.n;
	return 0;
}

int kernel_get_service(struct vs_kernel *k, struct vs_service *svc)
{
	struct vec v = { .size = sizeof(struct vs_service) };
	struct nl_msg *msg = new_msg(k, HALO_VS_CMD_GET_SERVICE, 0);
	int ret;

	if (msg && put_service_key(msg, svc, false) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	ret = talk(k, msg, on_service, &v);
	if (!ret && v.n != 1)
		ret = -ESRCH;
	if (!ret)
		*svc = *(struct vs_service *)v.items;
	free(v.items);
	return ret;
}

static int put_dest(struct nl_msg *msg, const struct vs_dest *d, bool full)
{
	struct nlattr *nest = nla_nest_start(msg, HALO_VS_A_DEST);

	if (!nest)
		return -ENOMEM;
	NLA_PUT(msg, HALO_VS_DEST_A_ADDR, addr_len(d->af), d->addr.b);
	NLA_PUT_U16(msg, HALO_VS_DEST_A_PORT, htons(d->port));
	NLA_PUT_U16(msg, HALO_VS_DEST_A_ADDR_FAMILY, d->af);
	if (full) {
		NLA_PUT_U32(msg, HALO_VS_DEST_A_FWD_METHOD, d->fwd);
		NLA_PUT_U32(msg, HALO_VS_DEST_A_WEIGHT, d->weight);
		NLA_PUT_U32(msg, HALO_VS_DEST_A_U_THRESH, d->u_thresh);
		NLA_PUT_U32(msg, HALO_VS_DEST_A_L_THRESH, d->l_thresh);
		if (d->fwd == HALO_VS_FWD_TUNNEL && d->tun_type >= 0)
			NLA_PUT_U8(msg, HALO_VS_DEST_A_TUN_TYPE, d->tun_type);
	}
	nla_nest_end(msg, nest);
	return 0;

nla_put_failure:
	return -ENOMEM;
}

static int dest_cmd(struct vs_kernel *k, uint8_t cmd,
		    const struct vs_service *s, const struct vs_dest *d,
		    bool full)
{
	struct nl_msg *msg = new_msg(k, cmd, 0);

	if (msg && (put_service_key(msg, s, false) < 0 ||
		    put_dest(msg, d, full) < 0)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return talk(k, msg, NULL, NULL);
}

int kernel_add_dest(struct vs_kernel *k, const struct vs_service *svc,
		    const struct vs_dest *d)
{
	return dest_cmd(k, HALO_VS_CMD_NEW_DEST, svc, d, true);
}

int kernel_edit_dest(struct vs_kernel *k, const struct vs_service *svc,
		     const struct vs_dest *d)
{
	return dest_cmd(k, HALO_VS_CMD_SET_DEST, svc, d, true);
}

int kernel_del_dest(struct vs_kernel *k, const struct vs_service *svc,
		    const struct vs_dest *d)
{
	return dest_cmd(k, HALO_VS_CMD_DEL_DEST, svc, d, false);
}

static int on_dest(struct nlattr **tb, void *arg)
{
	struct nlattr *a[HALO_VS_DEST_A_MAX + 1];
	struct vs_dest *d;

	if (!tb[HALO_VS_A_DEST] ||
	    nla_parse_nested(a, HALO_VS_DEST_A_MAX, tb[HALO_VS_A_DEST], NULL))
		return 0;
	d = vec_add(arg);
	if (!d)
		return -ENOMEM;
	d->af = get_u16(a[HALO_VS_DEST_A_ADDR_FAMILY]);
	get_addr(&d->addr, a[HALO_VS_DEST_A_ADDR]);
	if (!d->af)
		d->af = a[HALO_VS_DEST_A_ADDR] &&
					nla_len(a[HALO_VS_DEST_A_ADDR]) == 16 ?
				AF_INET6 :
				AF_INET;
	d->port = ntohs(get_u16(a[HALO_VS_DEST_A_PORT]));
	d->fwd = get_u32(a[HALO_VS_DEST_A_FWD_METHOD]);
	d->weight = get_u32(a[HALO_VS_DEST_A_WEIGHT]);
	d->u_thresh = get_u32(a[HALO_VS_DEST_A_U_THRESH]);
	d->l_thresh = get_u32(a[HALO_VS_DEST_A_L_THRESH]);
	d->active = get_u32(a[HALO_VS_DEST_A_ACTIVE_CONNS]);
	d->inactive = get_u32(a[HALO_VS_DEST_A_INACT_CONNS]);
	d->persist = get_u32(a[HALO_VS_DEST_A_PERSIST_CONNS]);
	d->tun_type = a[HALO_VS_DEST_A_TUN_TYPE] ?
			      nla_get_u8(a[HALO_VS_DEST_A_TUN_TYPE]) :
			      -1;
	parse_stats(&d->stats, a[HALO_VS_DEST_A_STATS]);
	return 0;
}

int kernel_get_dests(struct vs_kernel *k, const struct vs_service *svc,
		     struct vs_dest **list, size_t *n)
{
	struct vec v = { .size = sizeof(struct vs_dest) };
	struct nl_msg *msg = new_msg(k, HALO_VS_CMD_GET_DEST, NLM_F_DUMP);
	int ret;

	if (msg && put_service_key(msg, svc, false) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	ret = talk(k, msg, on_dest, &v);
	if (ret < 0) {
		free(v.items);
		return ret;
	}
	*list = v.items;
	*n = v.n;
	return 0;
}

int kernel_set_timeouts(struct vs_kernel *k, const struct vs_timeouts *t)
{
	struct nl_msg *msg = new_msg(k, HALO_VS_CMD_SET_CONFIG, 0);

	if (msg &&
	    (nla_put_u32(msg, HALO_VS_A_TIMEOUT_TCP, t->tcp) < 0 ||
	     nla_put_u32(msg, HALO_VS_A_TIMEOUT_TCP_FIN, t->tcp_fin) < 0 ||
	     nla_put_u32(msg, HALO_VS_A_TIMEOUT_UDP, t->udp) < 0)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return talk(k, msg, NULL, NULL);
}

static int on_timeouts(struct nlattr **tb, void *arg)
{
	struct vs_timeouts *t = arg;

	t->tcp = get_u32(tb[HALO_VS_A_TIMEOUT_TCP]);
	t->tcp_fin = get_u32(tb[HALO_VS_A_TIMEOUT_TCP_FIN]);
	t->udp = get_u32(tb[HALO_VS_A_TIMEOUT_UDP]);
	return 0;
}

int kernel_get_timeouts(struct vs_kernel *k, struct vs_timeouts *t)
{
	memset(t, 0, sizeof(*t));
	return talk(k, new_msg(k, HALO_VS_CMD_GET_CONFIG, 0), on_timeouts, t);
}

int kernel_zero(struct vs_kernel *k, const struct vs_service *svc)
{
	struct nl_msg *msg = new_msg(k, HALO_VS_CMD_ZERO, 0);

	if (msg && svc && put_service_key(msg, svc, false) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return talk(k, msg, NULL, NULL);
}

int kernel_flush(struct vs_kernel *k)
{
	return talk(k, new_msg(k, HALO_VS_CMD_FLUSH, 0), NULL, NULL);
}

static int on_info(struct nlattr **tb, void *arg)
{
	struct vs_info *info = arg;

	info->version = get_u32(tb[HALO_VS_A_VERSION]);
	info->tab_size = get_u32(tb[HALO_VS_A_CONN_TAB_SIZE]);
	info->conn_count = get_u32(tb[HALO_VS_A_CONN_COUNT]);
	return 0;
}

int kernel_get_info(struct vs_kernel *k, struct vs_info *info)
{
	memset(info, 0, sizeof(*info));
	return talk(k, new_msg(k, HALO_VS_CMD_GET_INFO, 0), on_info, info);
}

int kernel_get_version(struct vs_kernel *k, uint32_t *version)
{
	struct vs_info info;
	int ret = kernel_get_info(k, &info);

	*version = info.version;
	return ret;
}

static int on_conn(struct nlattr **tb, void *arg)
{
	struct nlattr *a[HALO_VS_CONN_A_MAX + 1];
	struct vs_conn *c;

	if (!tb[HALO_VS_A_CONN] ||
	    nla_parse_nested(a, HALO_VS_CONN_A_MAX, tb[HALO_VS_A_CONN], NULL))
		return 0;
	c = vec_add(arg);
	if (!c)
		return -ENOMEM;
	c->af = get_u16(a[HALO_VS_CONN_A_AF]);
	c->daf = get_u16(a[HALO_VS_CONN_A_DAF]);
	if (!c->daf)
		c->daf = c->af;
	c->protocol = get_u16(a[HALO_VS_CONN_A_PROTOCOL]);
	get_addr(&c->caddr, a[HALO_VS_CONN_A_CADDR]);
	get_addr(&c->vaddr, a[HALO_VS_CONN_A_VADDR]);
	get_addr(&c->daddr, a[HALO_VS_CONN_A_DADDR]);
	c->cport = ntohs(get_u16(a[HALO_VS_CONN_A_CPORT]));
	c->vport = ntohs(get_u16(a[HALO_VS_CONN_A_VPORT]));
	c->dport = ntohs(get_u16(a[HALO_VS_CONN_A_DPORT]));
	c->state = a[HALO_VS_CONN_A_STATE] ?
			   nla_get_u8(a[HALO_VS_CONN_A_STATE]) :
			   0;
	c->expires_ms = get_u32(a[HALO_VS_CONN_A_EXPIRES]);
	c->flags = get_u32(a[HALO_VS_CONN_A_FLAGS]);
	c->fwmark = get_u32(a[HALO_VS_CONN_A_FWMARK]);
	return 0;
}

int kernel_get_conns(struct vs_kernel *k, struct vs_conn **list, size_t *n)
{
	struct vec v = { .size = sizeof(struct vs_conn) };
	int ret;

	ret = talk(k, new_msg(k, HALO_VS_CMD_GET_CONN, NLM_F_DUMP), on_conn,
		   &v);
	if (ret < 0) {
		free(v.items);
		return ret;
	}
	*list = v.items;
	*n = v.n;
	return 0;
}
