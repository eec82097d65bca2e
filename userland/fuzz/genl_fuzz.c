// SPDX-License-Identifier: GPL-2.0
/*
 * genl-fuzz: send malformed and random generic netlink messages to one
 * family and check that the kernel answers every one of them.
 *
 * The family is resolved by name through the controller, which also gives
 * its operations (with their GENL_ADMIN_PERM/GENL_UNS_ADMIN_PERM flags) and
 * their attribute policies (CTRL_CMD_GETPOLICY). Messages are built from
 * those policies, so the fuzzer grows with the family: a new op or a new
 * attribute is fuzzed without a change here. A few semantically valid
 * requests built from the uapi headers are mutated as well.
 *
 * Every message is classed before it is sent:
 *   must-fail  the generic netlink core or the strict policy has to refuse
 *              it: unknown command, doit/dump the op does not have, a
 *              truncated genl header, an unknown or NLA_UNSPEC attribute,
 *              a wrong length, a value outside the policy's range, a
 *              missing or unexpected NLA_F_NESTED, trailing bytes, an
 *              attribute running past the message (families leave
 *              .resv_start_op at 0, so every op validates strictly);
 *   may        random or mutated messages that the family may accept;
 *   dropped    a netlink header the core must drop without any answer.
 * A must-fail message that succeeds, a message left without an answer, or
 * an answer to a dropped one is a violation; so are objects left in the
 * family's dumps after its flush command (or after a run in which no admin
 * command was accepted). Exit status 1 on any violation.
 *
 * --perm mode instead sends every admin op (doit and dump, empty and
 * policy-valid) and wants EPERM for each; run it without the capability.
 *
 * The run is reproducible: the seed is printed and can be given back.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/halo_vs.h>
#include <linux/halo_rd.h>

#define MAX_OPS 256
#define MAX_POL 32
#define MAX_ATTR 64
#define MSG_MAX 4096
#define DEPTH_MAX 3

struct pattr {
	uint32_t type; /* NL_ATTR_TYPE_*, 0: not in the policy */
	bool has_s, has_u, has_min, has_max;
	int64_t smin, smax;
	uint64_t umin, umax;
	uint32_t minlen, maxlen;
	int sub; /* policy index of a nest, -1 if none */
	uint32_t bf_mask;
};

struct policy {
	bool used;
	uint32_t maxtype;
	struct pattr a[MAX_ATTR];
};

struct op {
	uint32_t cmd, flags;
	int pol_do, pol_dump; /* -1: no policy */
};

struct family {
	char name[GENL_NAMSIZ];
	uint16_t id;
	uint32_t version, hdrsize, maxattr;
	int nops;
	struct op ops[MAX_OPS];
	struct policy pol[MAX_POL];
	int flush_cmd; /* from the uapi header, -1 if the family has none */
};

enum class { C_MUST_FAIL, C_MAY, C_DROPPED };

struct stats {
	unsigned long sent, must_fail, must_rejected, may, may_ok, may_admin_ok;
	unsigned long dropped, violations, noreply;
	unsigned long cmd_ok[256], cmd_err[256];
};

struct ctx {
	struct mnl_socket *nl;
	struct family fam;
	uint32_t seq, portid;
	uint32_t watch_seq; /* a dropped message's: any answer to it counts */
	unsigned long watch_hits;
	uint64_t rng;
	struct stats st;
	int verbose;
	unsigned char rbuf[65536];
};

static const char *prog = "genl-fuzz";

static uint64_t rnd(struct ctx *c)
{
	c->rng ^= c->rng >> 12;
	c->rng ^= c->rng << 25;
	c->rng ^= c->rng >> 27;
	return c->rng * 0x2545F4914F6CDD1DULL;
}

static uint32_t rndn(struct ctx *c, uint32_t n)
{
	return n ? (uint32_t)(rnd(c) % n) : 0;
}

static bool chance(struct ctx *c, unsigned int pct)
{
	return rndn(c, 100) < pct;
}

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

static struct op *find_op(struct family *f, uint32_t cmd)
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

static int resolve(struct ctx *c)
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

/* ---- message building ---- */

struct msg {
	unsigned char b[MSG_MAX];
	size_t len; /* bytes built so far (and sent) */
	bool keep_len; /* nlmsg_len set on purpose, not from len */
};

static bool is_admin(const struct op *op)
{
	return op->flags & (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM);
}

static void put_hdr(struct ctx *c, struct msg *m, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->b;
	struct genlmsghdr *g;

	memset(m->b, 0, NLMSG_HDRLEN + GENL_HDRLEN + c->fam.hdrsize);
	nlh->nlmsg_type = c->fam.id;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	g = (struct genlmsghdr *)(m->b + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = (uint8_t)c->fam.version;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN + NLMSG_ALIGN(c->fam.hdrsize);
	m->keep_len = false;
}

/* Room for an attribute of len bytes at the end of m? */
static bool room(const struct msg *m, size_t len)
{
	return m->len + NLA_HDRLEN + NLA_ALIGN(len) <= MSG_MAX;
}

static size_t put_attr(struct msg *m, uint16_t type, const void *data,
		       size_t len)
{
	struct nlattr *a = (struct nlattr *)(m->b + m->len);
	size_t at = m->len;

	if (!room(m, len))
		return at;
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (len)
		memcpy(m->b + m->len + NLA_HDRLEN, data, len);
	memset(m->b + m->len + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	m->len += NLA_HDRLEN + NLA_ALIGN(len);
	return at;
}

static void fill_random(struct ctx *c, unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)rnd(c);
}

static void put_printable(struct ctx *c, unsigned char *p, size_t len)
{
	static const char cs[] = "abcdefghijklmnopqrstuvwxyz0123456789_-.:/";
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)cs[rndn(c, sizeof(cs) - 1)];
}

static size_t int_size(uint32_t type)
{
	switch (type) {
	case NL_ATTR_TYPE_U8: case NL_ATTR_TYPE_S8: return 1;
	case NL_ATTR_TYPE_U16: case NL_ATTR_TYPE_S16: return 2;
	case NL_ATTR_TYPE_U32: case NL_ATTR_TYPE_S32: return 4;
	case NL_ATTR_TYPE_U64: case NL_ATTR_TYPE_S64: return 8;
	}
	return 0;
}

/* A value inside the policy's range, often at its edges. */
static uint64_t int_value(struct ctx *c, const struct pattr *p)
{
	size_t sz = int_size(p->type);
	uint64_t v = rnd(c);

	if (p->has_u) {
		uint64_t span = p->umax - p->umin;

		switch (rndn(c, 4)) {
		case 0: return p->umin;
		case 1: return p->umax;
		default: return span == UINT64_MAX ? v : p->umin + v % (span + 1);
		}
	}
	if (p->has_s) {
		uint64_t span = (uint64_t)p->smax - (uint64_t)p->smin;

		switch (rndn(c, 4)) {
		case 0: return (uint64_t)p->smin;
		case 1: return (uint64_t)p->smax;
		default: return (uint64_t)p->smin + v % (span + 1);
		}
	}
	if (chance(c, 30))
		v = rndn(c, 3);
	if (sz < 8)
		v &= (1ULL << (8 * sz)) - 1;
	return v;
}

static void put_int(struct msg *m, uint16_t type, size_t sz, uint64_t v)
{
	uint8_t u8 = (uint8_t)v;
	uint16_t u16 = (uint16_t)v;
	uint32_t u32 = (uint32_t)v;

	if (sz == 1)
		put_attr(m, type, &u8, 1);
	else if (sz == 2)
		put_attr(m, type, &u16, 2);
	else if (sz == 4)
		put_attr(m, type, &u32, 4);
	else
		put_attr(m, type, &v, 8);
}

static void gen_attrs(struct ctx *c, struct msg *m, int pidx, int depth);

/* One attribute that the policy accepts. */
static void gen_valid(struct ctx *c, struct msg *m, int pidx, uint16_t t,
		      int depth)
{
	const struct pattr *p = &c->fam.pol[pidx].a[t];
	unsigned char tmp[512];
	size_t len, maxl, at;

	switch (p->type) {
	case NL_ATTR_TYPE_FLAG:
		put_attr(m, t, NULL, 0);
		break;
	case NL_ATTR_TYPE_BINARY:
	case NL_ATTR_TYPE_STRING:
	case NL_ATTR_TYPE_NUL_STRING:
		maxl = p->has_max ? p->maxlen : 64;
		if (maxl > 256)
			maxl = 256;
		len = p->has_min ? p->minlen : 0;
		if (maxl > len)
			len += rndn(c, (uint32_t)(maxl - len + 1));
		if (p->type == NL_ATTR_TYPE_BINARY) {
			fill_random(c, tmp, len);
		} else {
			put_printable(c, tmp, len);
			if (p->type == NL_ATTR_TYPE_NUL_STRING || chance(c, 50))
				tmp[len++] = 0;
		}
		put_attr(m, t, tmp, len);
		break;
	case NL_ATTR_TYPE_BITFIELD32: {
		uint32_t bf[2];

		bf[1] = (uint32_t)rnd(c) & p->bf_mask;
		bf[0] = (uint32_t)rnd(c) & bf[1];
		put_attr(m, t, bf, sizeof(bf));
		break;
	}
	case NL_ATTR_TYPE_NESTED:
	case NL_ATTR_TYPE_NESTED_ARRAY:
		if (!room(m, 0))
			break;
		at = put_attr(m, t | NLA_F_NESTED, NULL, 0);
		if (p->sub >= 0 && p->sub < MAX_POL && depth < DEPTH_MAX) {
			if (p->type == NL_ATTR_TYPE_NESTED) {
				gen_attrs(c, m, p->sub, depth + 1);
			} else {
				uint16_t i, n = (uint16_t)rndn(c, 3);

				for (i = 1; i <= n && room(m, 64); i++) {
					size_t in = put_attr(m, i | NLA_F_NESTED, NULL, 0);

					gen_attrs(c, m, p->sub, depth + 1);
					((struct nlattr *)(m->b + in))->nla_len =
						(uint16_t)(m->len - in);
				}
			}
		}
		((struct nlattr *)(m->b + at))->nla_len = (uint16_t)(m->len - at);
		break;
	default:
		if (int_size(p->type))
			put_int(m, t, int_size(p->type), int_value(c, p));
		break;
	}
}

/* A random subset of the policy's attributes, each valid. */
static void gen_attrs(struct ctx *c, struct msg *m, int pidx, int depth)
{
	const struct policy *pol = &c->fam.pol[pidx];
	uint32_t t;

	if (pidx < 0 || pidx >= MAX_POL || !pol->used)
		return;
	for (t = 1; t < MAX_ATTR && t <= pol->maxtype; t++)
		if (pol->a[t].type && chance(c, 60) && room(m, 300))
			gen_valid(c, m, pidx, (uint16_t)t, depth);
}

/* Attribute types the policy does not accept: 0, unlisted, > maxtype. */
static uint16_t bad_type(struct ctx *c, int pidx)
{
	const struct policy *pol = &c->fam.pol[pidx];
	uint32_t t;

	switch (rndn(c, 3)) {
	case 0:
		return 0;
	case 1:
		for (t = 1; t <= pol->maxtype && t < MAX_ATTR; t++)
			if (!pol->a[t].type && chance(c, 50))
				return (uint16_t)t;
		/* fall through */
	default:
		return (uint16_t)(pol->maxtype + 1 + rndn(c, 200));
	}
}

/* Some listed attribute of a policy with the given property, or 0. */
static uint16_t pick_attr(struct ctx *c, int pidx, bool (*want)(const struct pattr *))
{
	const struct policy *pol = &c->fam.pol[pidx];
	uint16_t cand[MAX_ATTR];
	uint32_t t, n = 0;

	for (t = 1; t < MAX_ATTR && t <= pol->maxtype; t++)
		if (pol->a[t].type && want(&pol->a[t]))
			cand[n++] = (uint16_t)t;
	return n ? cand[rndn(c, n)] : 0;
}

static bool want_int(const struct pattr *p) { return int_size(p->type) > 0; }
static bool want_any(const struct pattr *p) { return p->type != 0; }
static bool want_nest(const struct pattr *p)
{
	return p->type == NL_ATTR_TYPE_NESTED && p->sub >= 0 && p->sub < MAX_POL;
}

static bool want_range(const struct pattr *p)
{
	size_t sz = int_size(p->type);

	if (!sz)
		return false;
	if (p->has_u)
		return p->umin > 0 || (sz < 8 && p->umax < (1ULL << (8 * sz)) - 1) ||
		       (sz == 8 && p->umax < UINT64_MAX);
	return false;
}

static bool want_strmax(const struct pattr *p)
{
	return (p->type == NL_ATTR_TYPE_NUL_STRING || p->type == NL_ATTR_TYPE_STRING ||
		p->type == NL_ATTR_TYPE_BINARY) && p->has_max && p->maxlen < 1024;
}

/*
 * One attribute that a strict policy refuses, appended to m. Returns false
 * if the policy offers nothing for the chosen kind of mistake.
 */
static bool gen_bad(struct ctx *c, struct msg *m, int pidx, int depth)
{
	const struct policy *pol = &c->fam.pol[pidx];
	unsigned char tmp[1100] = { 0 };
	uint16_t t;
	size_t at;

	switch (rndn(c, 8)) {
	case 0: /* unknown or unspec attribute type */
		fill_random(c, tmp, 8);
		put_attr(m, bad_type(c, pidx), tmp, rndn(c, 9));
		return true;
	case 1: /* integer of the wrong size */
		t = pick_attr(c, pidx, want_int);
		if (!t)
			return false;
		{
			size_t sz = int_size(pol->a[t].type), bad;

			do
				bad = rndn(c, 12);
			while (bad == sz);
			fill_random(c, tmp, bad);
			put_attr(m, t, tmp, bad);
		}
		return true;
	case 2: /* integer outside the policy's range */
		t = pick_attr(c, pidx, want_range);
		if (!t)
			return false;
		{
			const struct pattr *p = &pol->a[t];
			uint64_t v = p->umin > 0 && chance(c, 50) ?
				p->umin - 1 - rndn(c, (uint32_t)(p->umin > 100 ? 100 : p->umin)) :
				p->umax + 1;

			if (v >= p->umin && v <= p->umax)
				return false;
			put_int(m, t, int_size(p->type), v);
		}
		return true;
	case 3: /* a nest without NLA_F_NESTED, or a flat one with it */
		t = pick_attr(c, pidx, want_any);
		if (!t)
			return false;
		if (pol->a[t].type == NL_ATTR_TYPE_NESTED ||
		    pol->a[t].type == NL_ATTR_TYPE_NESTED_ARRAY) {
			put_attr(m, t, NULL, 0);
		} else {
			at = m->len;
			gen_valid(c, m, pidx, t, DEPTH_MAX);
			if (m->len == at)
				return false;
			((struct nlattr *)(m->b + at))->nla_type |= NLA_F_NESTED;
		}
		return true;
	case 4: /* string or binary too long */
		t = pick_attr(c, pidx, want_strmax);
		if (!t)
			return false;
		{
			size_t len = pol->a[t].maxlen + 1 + rndn(c, 32);

			if (len > sizeof(tmp) - 1 || !room(m, len + 1))
				return false;
			put_printable(c, tmp, len);
			tmp[len] = 0;
			put_attr(m, t, tmp, len + (pol->a[t].type == NL_ATTR_TYPE_NUL_STRING));
		}
		return true;
	case 5: /* the mistake inside a nest */
		t = pick_attr(c, pidx, want_nest);
		if (!t || depth >= DEPTH_MAX)
			return false;
		at = put_attr(m, t | NLA_F_NESTED, NULL, 0);
		gen_attrs(c, m, pol->a[t].sub, depth + 1);
		if (!gen_bad(c, m, pol->a[t].sub, depth + 1))
			put_attr(m, bad_type(c, pol->a[t].sub), NULL, 0);
		((struct nlattr *)(m->b + at))->nla_len = (uint16_t)(m->len - at);
		return true;
	case 6: /* an attribute whose length runs past the message */
		if (!room(m, 8))
			return false;
		at = put_attr(m, (uint16_t)(1 + rndn(c, pol->maxtype ? pol->maxtype : 1)),
			      tmp, 4);
		((struct nlattr *)(m->b + at))->nla_len = (uint16_t)(m->len - at + 4 +
								     rndn(c, 200));
		return depth == 0; /* only the outer length bounds it */
	default: /* 1 to 3 trailing bytes or an attribute shorter than its header */
		if (depth || !room(m, 4))
			return false;
		if (chance(c, 50)) {
			size_t n = 1 + rndn(c, 3);

			memset(m->b + m->len, 0xa5, n);
			m->len += n;
		} else {
			at = put_attr(m, 1, NULL, 0);
			((struct nlattr *)(m->b + at))->nla_len = (uint16_t)rndn(c, NLA_HDRLEN);
		}
		return true;
	}
}

/* Random attributes without regard to any policy. */
static void gen_soup(struct ctx *c, struct msg *m, int depth)
{
	unsigned char tmp[300];
	int i, n = (int)rndn(c, 6);

	for (i = 0; i < n && room(m, 300); i++) {
		uint16_t t = (uint16_t)(chance(c, 80) ? rndn(c, 16) : rnd(c));
		size_t len = chance(c, 70) ? rndn(c, 17) : rndn(c, 290);

		if (chance(c, 20) && depth < DEPTH_MAX) {
			size_t at = put_attr(m, t | NLA_F_NESTED, NULL, 0);

			gen_soup(c, m, depth + 1);
			((struct nlattr *)(m->b + at))->nla_len = (uint16_t)(m->len - at);
			continue;
		}
		fill_random(c, tmp, len);
		put_attr(m, t, tmp, len);
	}
}

static uint16_t rand_flags(struct ctx *c)
{
	static const uint16_t bits[] = { NLM_F_ROOT, NLM_F_MATCH, NLM_F_ATOMIC,
					 NLM_F_ECHO, NLM_F_EXCL, NLM_F_CREATE,
					 NLM_F_APPEND, NLM_F_MULTI };
	uint16_t f = 0;
	size_t i;

	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (chance(c, 15))
			f |= bits[i];
	return f;
}

static bool is_dump(uint16_t flags)
{
	return (flags & NLM_F_DUMP) == NLM_F_DUMP;
}

/* The policy the kernel uses for this op and these flags, or -1. */
static int op_policy(const struct op *op, uint16_t flags)
{
	return is_dump(flags) ? op->pol_dump : op->pol_do;
}

/* Flags the op can serve: doit or dump, plus random harmless bits. */
static uint16_t op_flags(struct ctx *c, const struct op *op)
{
	uint16_t f = rand_flags(c) & (uint16_t)~NLM_F_DUMP;
	bool doit = op->flags & GENL_CMD_CAP_DO, dump = op->flags & GENL_CMD_CAP_DUMP;

	if (dump && (!doit || chance(c, 50)))
		f |= NLM_F_DUMP;
	return f;
}

/* Semantically valid HALO_VS requests from the uapi, for mutation. */
static bool gen_template_vs(struct ctx *c, struct msg *m)
{
	static const char *const scheds[] = { "rr", "wrr", "lc", "wlc", "nope", "" };
	static const uint8_t cmds[] = { HALO_VS_CMD_NEW_SERVICE, HALO_VS_CMD_SET_SERVICE,
		HALO_VS_CMD_DEL_SERVICE, HALO_VS_CMD_GET_SERVICE, HALO_VS_CMD_NEW_DEST,
		HALO_VS_CMD_SET_DEST, HALO_VS_CMD_DEL_DEST, HALO_VS_CMD_GET_DEST,
		HALO_VS_CMD_SET_CONFIG, HALO_VS_CMD_ZERO, HALO_VS_CMD_GET_CONN };
	uint8_t cmd = cmds[rndn(c, sizeof(cmds))];
	bool v6 = chance(c, 30);
	uint16_t af = v6 ? AF_INET6 : AF_INET, proto = chance(c, 70) ? 6 : 17;
	uint16_t port = htons((uint16_t)(80 + rndn(c, 3)));
	unsigned char addr[16] = { 10, 0, 0, (unsigned char)(1 + rndn(c, 3)) };
	uint32_t u;
	size_t at, in;

	if (!find_op(&c->fam, cmd))
		return false;
	put_hdr(c, m, cmd, cmd == HALO_VS_CMD_GET_DEST || cmd == HALO_VS_CMD_GET_CONN ?
		NLM_F_DUMP : 0);
	if (cmd == HALO_VS_CMD_SET_CONFIG) {
		u = rndn(c, 1000);
		put_attr(m, HALO_VS_A_TIMEOUT_TCP, &u, 4);
		u = rndn(c, 1000);
		put_attr(m, HALO_VS_A_TIMEOUT_UDP, &u, 4);
		return true;
	}
	if (v6) {
		memset(addr, 0, sizeof(addr));
		addr[0] = 0xfd;
		addr[15] = (unsigned char)(1 + rndn(c, 3));
	}
	at = put_attr(m, HALO_VS_A_SERVICE | NLA_F_NESTED, NULL, 0);
	put_attr(m, HALO_VS_SVC_A_AF, &af, 2);
	if (chance(c, 15)) {
		u = 1 + rndn(c, 3);
		put_attr(m, HALO_VS_SVC_A_FWMARK, &u, 4);
	} else {
		put_attr(m, HALO_VS_SVC_A_PROTOCOL, &proto, 2);
		put_attr(m, HALO_VS_SVC_A_ADDR, addr, v6 ? 16 : 4);
		put_attr(m, HALO_VS_SVC_A_PORT, &port, 2);
	}
	if (cmd == HALO_VS_CMD_NEW_SERVICE || cmd == HALO_VS_CMD_SET_SERVICE) {
		const char *s = scheds[rndn(c, sizeof(scheds) / sizeof(scheds[0]))];

		put_attr(m, HALO_VS_SVC_A_SCHED_NAME, s, strlen(s) + 1);
		u = chance(c, 30) ? HALO_VS_SVC_F_PERSISTENT : 0;
		put_attr(m, HALO_VS_SVC_A_FLAGS, &u, 4);
		u = rndn(c, 600);
		put_attr(m, HALO_VS_SVC_A_TIMEOUT, &u, 4);
	}
	((struct nlattr *)(m->b + at))->nla_len = (uint16_t)(m->len - at);
	if (cmd == HALO_VS_CMD_NEW_DEST || cmd == HALO_VS_CMD_SET_DEST ||
	    cmd == HALO_VS_CMD_DEL_DEST) {
		addr[v6 ? 15 : 3] = (unsigned char)(10 + rndn(c, 3));
		in = put_attr(m, HALO_VS_A_DEST | NLA_F_NESTED, NULL, 0);
		put_attr(m, HALO_VS_DEST_A_ADDR, addr, v6 ? 16 : 4);
		put_attr(m, HALO_VS_DEST_A_PORT, &port, 2);
		if (cmd != HALO_VS_CMD_DEL_DEST) {
			u = rndn(c, 4);
			put_attr(m, HALO_VS_DEST_A_FWD_METHOD, &u, 4);
			u = rndn(c, 10);
			put_attr(m, HALO_VS_DEST_A_WEIGHT, &u, 4);
		}
		((struct nlattr *)(m->b + in))->nla_len = (uint16_t)(m->len - in);
	}
	return true;
}

static void mutate(struct ctx *c, struct msg *m)
{
	size_t hdr = NLMSG_HDRLEN + GENL_HDRLEN, i, n = 1 + rndn(c, 4);

	for (i = 0; i < n && m->len > hdr; i++) {
		size_t pos = hdr + rndn(c, (uint32_t)(m->len - hdr));

		switch (rndn(c, 4)) {
		case 0:
			m->b[pos] ^= (unsigned char)(1u << rndn(c, 8));
			break;
		case 1:
			m->b[pos] = (unsigned char)rnd(c);
			break;
		case 2: /* cut the message short */
			m->len = pos;
			break;
		default: /* an attribute length byte */
			if (pos + 1 < m->len)
				m->b[pos & ~(size_t)3] = (unsigned char)rnd(c);
			break;
		}
	}
}

/* ---- sending and classifying ---- */

#define NOREPLY 1

/*
 * Send len bytes of m, then read until the answer to its sequence number
 * (NLMSG_ERROR or NLMSG_DONE). Returns the errno (<= 0) the kernel gave,
 * NOREPLY on a receive timeout; *objs counts the family's data messages.
 */
static int xfer(struct ctx *c, struct msg *m, unsigned long *objs)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->b;
	uint32_t seq = ++c->seq;
	int n;

	nlh->nlmsg_seq = seq;
	if (!m->keep_len)
		nlh->nlmsg_len = (uint32_t)m->len;
	*objs = 0;
	if (mnl_socket_sendto(c->nl, m->b, m->len) < 0) {
		fprintf(stderr, "%s: send: %s\n", prog, strerror(errno));
		exit(2);
	}
	for (;;) {
		struct nlmsghdr *h;

		n = (int)recv(mnl_socket_get_fd(c->nl), c->rbuf, sizeof(c->rbuf), 0);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return NOREPLY;
		if (n < 0 && errno == ENOBUFS)
			continue;
		if (n < 0) {
			fprintf(stderr, "%s: recv: %s\n", prog, strerror(errno));
			exit(2);
		}
		for (h = (struct nlmsghdr *)c->rbuf; mnl_nlmsg_ok(h, n);
		     h = mnl_nlmsg_next(h, &n)) {
			if (c->watch_seq && h->nlmsg_seq == c->watch_seq)
				c->watch_hits++;
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);

				return e->error;
			}
			if (h->nlmsg_type == NLMSG_DONE) {
				int err = 0;

				if (h->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
					memcpy(&err, mnl_nlmsg_get_payload(h), sizeof(err));
				return err > 0 ? -err : err;
			}
			if (h->nlmsg_type == c->fam.id)
				(*objs)++;
		}
	}
}

static void hexdump(const struct msg *m)
{
	size_t i;

	fprintf(stderr, "  bytes:");
	for (i = 0; i < m->len && i < 96; i++)
		fprintf(stderr, "%s%02x", i % 4 ? "" : " ", m->b[i]);
	fprintf(stderr, "%s\n", m->len > 96 ? " ..." : "");
}

static void violation(struct ctx *c, const struct msg *m, const char *what, int err)
{
	const struct genlmsghdr *g = (const void *)(m->b + NLMSG_HDRLEN);
	const struct nlmsghdr *nlh = (const void *)m->b;

	c->st.violations++;
	if (c->st.violations > 10)
		return;
	fprintf(stderr, "%s: VIOLATION #%lu (message %lu): %s: cmd %u flags 0x%x len %zu -> %d\n",
		prog, c->st.violations, c->st.sent, what, g->cmd, nlh->nlmsg_flags,
		m->len, err);
	hexdump(m);
}

static void account(struct ctx *c, struct msg *m, enum class cl)
{
	const struct genlmsghdr *g = (const void *)(m->b + NLMSG_HDRLEN);
	uint8_t cmd = m->len >= NLMSG_HDRLEN + GENL_HDRLEN ? g->cmd : 0;
	unsigned long objs;
	struct op *op;
	int err;

	c->st.sent++;
	if (cl == C_DROPPED) {
		struct msg ping;

		c->st.dropped++;
		((struct nlmsghdr *)m->b)->nlmsg_seq = c->watch_seq = ++c->seq;
		if (mnl_socket_sendto(c->nl, m->b, m->len) < 0) {
			fprintf(stderr, "%s: send: %s\n", prog, strerror(errno));
			exit(2);
		}
		/* Command 0 is no op: its error ends the wait for the other. */
		c->watch_hits = 0;
		put_hdr(c, &ping, 0, 0);
		err = xfer(c, &ping, &objs);
		c->watch_seq = 0;
		if (err >= 0 || err == NOREPLY)
			violation(c, &ping, "no error for command 0 after a dropped header", err);
		if (c->watch_hits)
			violation(c, m, "answer to a header the kernel must drop", 0);
		return;
	}
	err = xfer(c, m, &objs);
	if (err == NOREPLY) {
		c->st.noreply++;
		violation(c, m, "no answer", err);
		return;
	}
	if (err == 0)
		c->st.cmd_ok[cmd]++;
	else
		c->st.cmd_err[cmd]++;
	if (cl == C_MUST_FAIL) {
		c->st.must_fail++;
		if (err < 0)
			c->st.must_rejected++;
		else
			violation(c, m, "malformed message accepted", err);
		return;
	}
	c->st.may++;
	if (err == 0) {
		c->st.may_ok++;
		op = find_op(&c->fam, cmd);
		if (op && is_admin(op))
			c->st.may_admin_ok++;
	}
}

/* Build and send one fuzz message. */
static void fuzz_one(struct ctx *c)
{
	struct family *f = &c->fam;
	struct msg m;
	struct op *op = f->nops ? &f->ops[rndn(c, (uint32_t)f->nops)] : NULL;
	uint32_t kind = rndn(c, 100);
	uint16_t flags;
	int pidx;

	if (!op)
		kind = 40;
	if (kind < 20) { /* policy-valid */
		flags = op_flags(c, op);
		put_hdr(c, &m, (uint8_t)op->cmd, flags);
		gen_attrs(c, &m, op_policy(op, flags), 0);
		account(c, &m, C_MAY);
	} else if (kind < 50) { /* valid plus one strict-policy mistake */
		flags = op_flags(c, op);
		pidx = op_policy(op, flags);
		put_hdr(c, &m, (uint8_t)op->cmd, flags);
		if (pidx < 0 || !f->pol[pidx].used) {
			gen_soup(c, &m, 0);
			account(c, &m, C_MAY);
			return;
		}
		gen_attrs(c, &m, pidx, 0);
		if (!gen_bad(c, &m, pidx, 0))
			put_attr(&m, bad_type(c, pidx), NULL, 0);
		account(c, &m, C_MUST_FAIL);
	} else if (kind < 60) { /* no such command, or doit/dump it lacks */
		uint8_t cmd;

		flags = rand_flags(c);
		do
			cmd = (uint8_t)rnd(c);
		while (find_op(f, cmd) && !chance(c, 30));
		op = find_op(f, cmd);
		if (op && (is_dump(flags) ? op->flags & GENL_CMD_CAP_DUMP :
					    op->flags & GENL_CMD_CAP_DO))
			flags ^= is_dump(flags) ? NLM_F_ROOT : NLM_F_DUMP;
		if (op && (is_dump(flags) ? op->flags & GENL_CMD_CAP_DUMP :
					    op->flags & GENL_CMD_CAP_DO))
			return;
		put_hdr(c, &m, cmd, flags);
		gen_soup(c, &m, 0);
		account(c, &m, C_MUST_FAIL);
	} else if (kind < 64) { /* genl header cut short */
		put_hdr(c, &m, op ? (uint8_t)op->cmd : 0, op ? op_flags(c, op) : 0);
		m.len = NLMSG_HDRLEN + rndn(c, GENL_HDRLEN + f->hdrsize);
		account(c, &m, C_MUST_FAIL);
		return;
	} else if (kind < 80) { /* anything goes */
		put_hdr(c, &m, chance(c, 80) && op ? (uint8_t)op->cmd : (uint8_t)rnd(c),
			rand_flags(c));
		gen_soup(c, &m, 0);
		account(c, &m, C_MAY);
	} else if (kind < 99) { /* a valid request, mutated */
		if (strcmp(f->name, HALO_VS_GENL_NAME) || chance(c, 40) ||
		    !gen_template_vs(c, &m)) {
			flags = op_flags(c, op);
			put_hdr(c, &m, (uint8_t)op->cmd, flags);
			gen_attrs(c, &m, op_policy(op, flags), 0);
		}
		if (chance(c, 85))
			mutate(c, &m);
		account(c, &m, C_MAY);
	} else { /* a netlink header the core drops */
		put_hdr(c, &m, op ? (uint8_t)op->cmd : 0, 0);
		((struct nlmsghdr *)m.b)->nlmsg_len = chance(c, 50) ?
			(uint32_t)rndn(c, NLMSG_HDRLEN) :
			(uint32_t)(m.len + 1 + rndn(c, 1000));
		m.keep_len = true;
		account(c, &m, C_DROPPED);
	}
}

/* ---- state left behind ---- */

/* Objects in every dump that needs no attribute (errors count as none). */
static unsigned long dump_objects(struct ctx *c, bool print)
{
	unsigned long total = 0, objs;
	struct msg m;
	int i, err;

	for (i = 0; i < c->fam.nops; i++) {
		if (!(c->fam.ops[i].flags & GENL_CMD_CAP_DUMP))
			continue;
		put_hdr(c, &m, (uint8_t)c->fam.ops[i].cmd, NLM_F_DUMP);
		err = xfer(c, &m, &objs);
		if (err == NOREPLY) {
			violation(c, &m, "no answer to a dump", err);
			continue;
		}
		if (err == 0)
			total += objs;
		if (print && objs)
			printf("%s: dump of cmd %u: %lu objects\n", prog,
			       c->fam.ops[i].cmd, objs);
	}
	return total;
}

static int flush(struct ctx *c)
{
	unsigned long objs;
	struct msg m;

	if (c->fam.flush_cmd < 0)
		return 0;
	put_hdr(c, &m, (uint8_t)c->fam.flush_cmd, 0);
	return xfer(c, &m, &objs);
}

static void check_state(struct ctx *c)
{
	unsigned long before, after;
	int err;

	before = dump_objects(c, false);
	printf("%s: state after the run: %lu objects in the dumps, %lu admin requests accepted\n",
	       prog, before, c->st.may_admin_ok);
	if (!c->st.may_admin_ok && before) {
		dump_objects(c, true);
		printf("%s: VIOLATION: objects exist although no admin request succeeded\n", prog);
		c->st.violations++;
	}
	if (c->fam.flush_cmd < 0) {
		printf("%s: the family has no flush command: state check after flush skipped\n",
		       prog);
		return;
	}
	err = flush(c);
	after = dump_objects(c, false);
	printf("%s: after flush (%d): %lu objects\n", prog, err, after);
	if (err || after) {
		dump_objects(c, true);
		printf("%s: VIOLATION: flush failed or left objects\n", prog);
		c->st.violations++;
	}
}

/* ---- privilege mode ---- */

static int perm_check(struct ctx *c)
{
	unsigned long objs, nadmin = 0, bad = 0;
	int i, v, err;

	for (i = 0; i < c->fam.nops; i++) {
		struct op *op = &c->fam.ops[i];

		if (!is_admin(op)) {
			struct msg m;

			if (!(op->flags & GENL_CMD_CAP_DO))
				continue;
			put_hdr(c, &m, (uint8_t)op->cmd, 0);
			err = xfer(c, &m, &objs);
			printf("perm: cmd %u (flags 0x%x, not admin): doit -> %d%s\n", op->cmd,
			       op->flags, err, err == 0 ? "" : " (refused)");
			continue;
		}
		nadmin++;
		for (v = 0; v < 4; v++) {
			uint16_t flags = v >= 2 ? NLM_F_DUMP : 0;
			struct msg m;

			if (!(op->flags & (v >= 2 ? GENL_CMD_CAP_DUMP : GENL_CMD_CAP_DO)))
				continue;
			put_hdr(c, &m, (uint8_t)op->cmd, flags);
			if (v & 1)
				gen_attrs(c, &m, op_policy(op, flags), 0);
			err = xfer(c, &m, &objs);
			if (err != -EPERM) {
				bad++;
				printf("perm: VIOLATION: admin cmd %u %s (%s) -> %d, want %d (EPERM)\n",
				       op->cmd, v >= 2 ? "dump" : "doit",
				       v & 1 ? "attributes" : "empty", err, -EPERM);
			}
		}
	}
	printf("perm: %s: %d ops, %lu admin, %lu admin requests not refused with EPERM\n",
	       c->fam.name, c->fam.nops, nadmin, bad);
	return bad ? 1 : 0;
}

/* ---- main ---- */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s -f FAMILY [-n COUNT] [-s SEED] [-t SECONDS] [-v]\n"
		"       %s -f FAMILY --perm\n"
		"       %s -f FAMILY --info\n", prog, prog, prog);
}

static void print_info(struct ctx *c)
{
	struct family *f = &c->fam;
	int i, npol = 0, nadmin = 0;

	for (i = 0; i < MAX_POL; i++)
		npol += f->pol[i].used;
	for (i = 0; i < f->nops; i++)
		nadmin += is_admin(&f->ops[i]);
	printf("%s: family %s id %u version %u hdrsize %u maxattr %u: %d ops (%d admin), %d policies\n",
	       prog, f->name, f->id, f->version, f->hdrsize, f->maxattr, f->nops,
	       nadmin, npol);
	if (!c->verbose)
		return;
	for (i = 0; i < f->nops; i++)
		printf("  op %u flags 0x%x policy do %d dump %d\n", f->ops[i].cmd,
		       f->ops[i].flags, f->ops[i].pol_do, f->ops[i].pol_dump);
}

static void print_stats(struct ctx *c, double secs)
{
	struct stats *s = &c->st;
	int i;

	printf("%s: %lu messages in %.1f s\n", prog, s->sent, secs);
	printf("%s: must-fail %lu: rejected %lu, accepted %lu\n", prog, s->must_fail,
	       s->must_rejected, s->must_fail - s->must_rejected);
	printf("%s: may %lu: accepted %lu (admin %lu), rejected %lu\n", prog, s->may,
	       s->may_ok, s->may_admin_ok, s->may - s->may_ok);
	printf("%s: dropped headers %lu, unanswered %lu\n", prog, s->dropped, s->noreply);
	for (i = 0; i < 256; i++)
		if (find_op(&c->fam, (uint32_t)i))
			printf("%s: cmd %d: %lu accepted, %lu refused\n", prog, i,
			       s->cmd_ok[i], s->cmd_err[i]);
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "family", required_argument, NULL, 'f' },
		{ "count", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "time", required_argument, NULL, 't' },
		{ "perm", no_argument, NULL, 'p' },
		{ "info", no_argument, NULL, 'i' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static struct ctx c;
	unsigned long count = 100000, i;
	double limit = 0, secs;
	struct timespec t0, t1;
	struct timeval tv = { .tv_sec = 5 };
	int o, one = 1, mode = 0;
	uint64_t seed;

	clock_gettime(CLOCK_REALTIME, &t0);
	seed = (uint64_t)t0.tv_nsec ^ ((uint64_t)getpid() << 32);
	while ((o = getopt_long(argc, argv, "f:n:s:t:piv", lopts, NULL)) != -1) {
		switch (o) {
		case 'f':
			snprintf(c.fam.name, sizeof(c.fam.name), "%s", optarg);
			break;
		case 'n':
			count = strtoul(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 't':
			limit = strtod(optarg, NULL);
			break;
		case 'p':
			mode = 'p';
			break;
		case 'i':
			mode = 'i';
			break;
		case 'v':
			c.verbose++;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!c.fam.name[0] || optind != argc) {
		usage(stderr);
		return 2;
	}
	c.nl = mnl_socket_open(NETLINK_GENERIC);
	if (!c.nl || mnl_socket_bind(c.nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "%s: netlink socket: %s\n", prog, strerror(errno));
		return 2;
	}
	c.portid = mnl_socket_get_portid(c.nl);
	mnl_socket_setsockopt(c.nl, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(mnl_socket_get_fd(c.nl), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (resolve(&c))
		return 2;
	print_info(&c);
	if (mode == 'i')
		return 0;
	if (mode == 'p')
		return perm_check(&c);

	c.rng = seed ? seed : 1;
	printf("%s: seed %" PRIu64 " (rerun with -s %" PRIu64 " -n %lu)\n", prog, seed,
	       seed, count);
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; c.st.sent < count; i++) {
		if (c.fam.flush_cmd >= 0 && i % 2000 == 1999)
			flush(&c);
		fuzz_one(&c);
		if (limit > 0 && i % 256 == 0) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
			if (secs > limit) {
				printf("%s: time limit of %.0f s reached\n", prog, limit);
				break;
			}
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	print_stats(&c, secs);
	check_state(&c);
	printf("%s: %lu violations\n", prog, c.st.violations);
	mnl_socket_close(c.nl);
	return c.st.violations ? 1 : 0;
}
