// SPDX-License-Identifier: GPL-2.0
/*
 * genl-fuzz's shared pieces: the family as read from the controller, the
 * message under construction, the run's state, and the random source.
 * genl_fuzz.c holds main and the overview; genl_policy.c reads the family,
 * genl_gen.c builds messages, genl_send.c sends and classes them.
 */
#ifndef GENL_FUZZ_H
#define GENL_FUZZ_H

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

struct msg {
	unsigned char b[MSG_MAX];
	size_t len; /* bytes built so far (and sent) */
	bool keep_len; /* nlmsg_len set on purpose, not from len */
};

extern const char *prog;

/* xorshift64*: fast, and the same sequence for the same seed */
static inline uint64_t rnd(struct ctx *c)
{
	c->rng ^= c->rng >> 12;
	c->rng ^= c->rng << 25;
	c->rng ^= c->rng >> 27;
	return c->rng * 0x2545F4914F6CDD1DULL;
}

static inline uint32_t rndn(struct ctx *c, uint32_t n)
{
	return n ? (uint32_t)(rnd(c) % n) : 0;
}

static inline bool chance(struct ctx *c, unsigned int pct)
{
	return rndn(c, 100) < pct;
}

/* genl_policy.c */
struct op *find_op(struct family *f, uint32_t cmd);
int resolve(struct ctx *c);

/* genl_gen.c */
bool is_admin(const struct op *op);
void put_hdr(struct ctx *c, struct msg *m, uint8_t cmd, uint16_t flags);
size_t put_attr(struct msg *m, uint16_t type, const void *data, size_t len);
void gen_attrs(struct ctx *c, struct msg *m, int pidx, int depth);
uint16_t bad_type(struct ctx *c, int pidx);
bool gen_bad(struct ctx *c, struct msg *m, int pidx, int depth);
void gen_soup(struct ctx *c, struct msg *m, int depth);
uint16_t rand_flags(struct ctx *c);
bool is_dump(uint16_t flags);
int op_policy(const struct op *op, uint16_t flags);
uint16_t op_flags(struct ctx *c, const struct op *op);
bool gen_template_vs(struct ctx *c, struct msg *m);
void mutate(struct ctx *c, struct msg *m);

/* genl_send.c */
void violation(struct ctx *c, const struct msg *m, const char *what, int err);
void fuzz_one(struct ctx *c);
int flush(struct ctx *c);
void check_state(struct ctx *c);
int perm_check(struct ctx *c);

#endif /* GENL_FUZZ_H */
