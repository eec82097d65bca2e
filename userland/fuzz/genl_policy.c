// SPDX-License-Identifier: GPL-2.0
/* genl-fuzz: the family, its ops and their policies, from the controller. */
#include "genl_fuzz.h"

/* ---- controller: family, ops and policies ---- */

static void parse_policy_attr(struct pattr *p, const struct nlattr *nest)
{
	const struct nlattr *a;

	memset(p, 0, sizeof(*p));
	p->sub = -1;
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case NL_POLICY_TYPE_ATTR_TYPE:
			p->type = mnl_attr_get_u32(a);
			break;
		case NL_POLICY_TYPE_ATTR_MIN_VALUE_S:
			p->has_s = true;
			p->smin = (int64_t)mnl_attr_get_u64(a);
			break;
		case NL_POLICY_TYPE_ATTR_MAX_VALUE_S:
			p->has_s = true;
			p->smax = (int64_t)mnl_attr_get_u64(a);
			break;
		case NL_POLICY_TYPE_ATTR_MIN_VALUE_U:
			p->has_u = true;
			p->umin = mnl_attr_get_u64(a);
			break;
		case NL_POLICY_TYPE_ATTR_MAX_VALUE_U:
			p->has_u = true;
			p->umax = mnl_attr_get_u64(a);
			break;
		case NL_POLICY_TYPE_ATTR_MIN_LENGTH:
			p->has_min = true;
			p->minlen = mnl_attr_get_u32(a);
			break;
		case NL_POLICY_TYPE_ATTR_MAX_LENGTH:
			p->has_max = true;
			p->maxlen = mnl_attr_get_u32(a);
			break;
		case NL_POLICY_TYPE_ATTR_POLICY_IDX:
			p->sub = (int)mnl_attr_get_u32(a);
			break;
		case NL_POLICY_TYPE_ATTR_BITFIELD32_MASK:
			p->bf_mask = mnl_attr_get_u32(a);
			break;
		}
	}
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct family *f = data;
	const struct nlattr *a, *o, *x;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case CTRL_ATTR_FAMILY_ID:
			f->id = mnl_attr_get_u16(a);
			break;
		case CTRL_ATTR_VERSION:
			f->version = mnl_attr_get_u32(a);
			break;
		case CTRL_ATTR_HDRSIZE:
			f->hdrsize = mnl_attr_get_u32(a);
			break;
		case CTRL_ATTR_MAXATTR:
			f->maxattr = mnl_attr_get_u32(a);
			break;
		case CTRL_ATTR_OPS:
			mnl_attr_for_each_nested(o, a) {
				struct op *op;

				if (f->nops >= MAX_OPS)
					break;
				op = &f->ops[f->nops++];
				op->pol_do = op->pol_dump = -1;
				mnl_attr_for_each_nested(x, o) {
					if (mnl_attr_get_type(x) == CTRL_ATTR_OP_ID)
						op->cmd = mnl_attr_get_u32(x);
					else if (mnl_attr_get_type(x) == CTRL_ATTR_OP_FLAGS)
						op->flags = mnl_attr_get_u32(x);
				}
			}
			break;
		}
	}
	return MNL_CB_OK;
}

struct op *find_op(struct family *f, uint32_t cmd)
{
	int i;

	for (i = 0; i < f->nops; i++)
		if (f->ops[i].cmd == cmd)
			return &f->ops[i];
	return NULL;
}

static int policy_cb(const struct nlmsghdr *nlh, void *data)
{
	struct family *f = data;
	const struct nlattr *a, *n1, *n2, *x;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_OP_POLICY) {
			mnl_attr_for_each_nested(n1, a) {
				struct op *op = find_op(f, mnl_attr_get_type(n1));

				if (!op)
					continue;
				mnl_attr_for_each_nested(x, n1) {
					if (mnl_attr_get_type(x) == CTRL_ATTR_POLICY_DO)
						op->pol_do = (int)mnl_attr_get_u32(x);
					else if (mnl_attr_get_type(x) == CTRL_ATTR_POLICY_DUMP)
						op->pol_dump = (int)mnl_attr_get_u32(x);
				}
			}
		} else if (mnl_attr_get_type(a) == CTRL_ATTR_POLICY) {
			mnl_attr_for_each_nested(n1, a) {
				unsigned int idx = mnl_attr_get_type(n1);

				if (idx >= MAX_POL)
					continue;
				f->pol[idx].used = true;
				mnl_attr_for_each_nested(n2, n1) {
					unsigned int t = mnl_attr_get_type(n2);

					if (t < MAX_ATTR)
						parse_policy_attr(&f->pol[idx].a[t], n2);
				}
			}
		}
	}
	return MNL_CB_OK;
}

/* One control request (dump or not), every answer through cb. */
static int ctrl_request(struct ctx *c, uint8_t cmd, uint16_t flags,
			mnl_cb_t cb, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;
	int n, ret;

	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++c->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, c->fam.name);
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = (int)mnl_socket_recvfrom(c->nl, c->rbuf, sizeof(c->rbuf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run(c->rbuf, (size_t)n, c->seq, c->portid, cb, data);
	} while (ret > 0);
	return ret < 0 ? -errno : 0;
}

static void compute_maxtypes(struct family *f)
{
	int i, t;

	for (i = 0; i < f->nops; i++) {
		if (f->ops[i].pol_do >= 0 && f->ops[i].pol_do < MAX_POL)
			f->pol[f->ops[i].pol_do].maxtype = f->maxattr;
		if (f->ops[i].pol_dump >= 0 && f->ops[i].pol_dump < MAX_POL)
			f->pol[f->ops[i].pol_dump].maxtype = f->maxattr;
	}
	/* A nest's maxtype: its highest listed attribute (a lower bound). */
	for (i = 0; i < MAX_POL; i++) {
		if (!f->pol[i].used || f->pol[i].maxtype)
			continue;
		for (t = MAX_ATTR - 1; t > 0; t--)
			if (f->pol[i].a[t].type)
				break;
		f->pol[i].maxtype = (uint32_t)t;
	}
}

int resolve(struct ctx *c)
{
	struct family *f = &c->fam;
	int err;

	err = ctrl_request(c, CTRL_CMD_GETFAMILY, 0, family_cb, f);
	if (err) {
		fprintf(stderr, "%s: family '%s' not found: %s\n", prog, f->name,
			strerror(-err));
		return -1;
	}
	err = ctrl_request(c, CTRL_CMD_GETPOLICY, NLM_F_DUMP, policy_cb, f);
	if (err && err != -ENODATA && err != -EOPNOTSUPP) {
		fprintf(stderr, "%s: policy of '%s': %s\n", prog, f->name,
			strerror(-err));
		return -1;
	}
	compute_maxtypes(f);
	f->flush_cmd = -1;
	if (!strcmp(f->name, HALO_VS_GENL_NAME) && find_op(f, HALO_VS_CMD_FLUSH))
		f->flush_cmd = HALO_VS_CMD_FLUSH;
	return 0;
}

