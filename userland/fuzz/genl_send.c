// SPDX-License-Identifier: GPL-2.0
/* genl-fuzz: sending, classing the answers, state left behind, privileges. */
#include "genl_fuzz.h"

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

void violation(struct ctx *c, const struct msg *m, const char *what, int err)
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
void fuzz_one(struct ctx *c)
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

int flush(struct ctx *c)
{
	unsigned long objs;
	struct msg m;

	if (c->fam.flush_cmd < 0)
		return 0;
	put_hdr(c, &m, (uint8_t)c->fam.flush_cmd, 0);
	return xfer(c, &m, &objs);
}

void check_state(struct ctx *c)
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

int perm_check(struct ctx *c)
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

