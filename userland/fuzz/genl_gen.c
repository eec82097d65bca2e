// SPDX-License-Identifier: GPL-2.0
/* genl-fuzz: messages built from the policies, valid, invalid and random. */
#include "genl_fuzz.h"

/* ---- message building ---- */


bool is_admin(const struct op *op)
{
	return op->flags & (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM);
}

void put_hdr(struct ctx *c, struct msg *m, uint8_t cmd, uint16_t flags)
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

size_t put_attr(struct msg *m, uint16_t type, const void *data,
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
void gen_attrs(struct ctx *c, struct msg *m, int pidx, int depth)
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
uint16_t bad_type(struct ctx *c, int pidx)
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
bool gen_bad(struct ctx *c, struct msg *m, int pidx, int depth)
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
void gen_soup(struct ctx *c, struct msg *m, int depth)
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

uint16_t rand_flags(struct ctx *c)
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

bool is_dump(uint16_t flags)
{
	return (flags & NLM_F_DUMP) == NLM_F_DUMP;
}

/* The policy the kernel uses for this op and these flags, or -1. */
int op_policy(const struct op *op, uint16_t flags)
{
	return is_dump(flags) ? op->pol_dump : op->pol_do;
}

/* Flags the op can serve: doit or dump, plus random harmless bits. */
uint16_t op_flags(struct ctx *c, const struct op *op)
{
	uint16_t f = rand_flags(c) & (uint16_t)~NLM_F_DUMP;
	bool doit = op->flags & GENL_CMD_CAP_DO, dump = op->flags & GENL_CMD_CAP_DUMP;

	if (dump && (!doit || chance(c, 50)))
		f |= NLM_F_DUMP;
	return f;
}

/* Semantically valid HALO_VS requests from the uapi, for mutation. */
bool gen_template_vs(struct ctx *c, struct msg *m)
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

void mutate(struct ctx *c, struct msg *m)
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

