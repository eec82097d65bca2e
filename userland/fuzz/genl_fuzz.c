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
#include "genl_fuzz.h"

const char *prog = "genl-fuzz";

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

