/* SPDX-License-Identifier: GPL-2.0 */
/*
 * halo-vsadm's command line, parsed into one request, and the printers.
 * Parsing never talks to the kernel; main.c runs the request.
 */
#ifndef HALO_VSPARSE_H
#define HALO_VSPARSE_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "vsadm.h"

enum vs_cmd {
	VS_CMD_ADD, /* -A, "add-service" */
	VS_CMD_EDIT, /* -E */
	VS_CMD_DEL, /* -D */
	VS_CMD_FLUSH, /* -C */
	VS_CMD_LIST, /* -L, -l */
	VS_CMD_ADDDEST, /* -a */
	VS_CMD_DELDEST, /* -d */
	VS_CMD_EDITDEST, /* -e */
	VS_CMD_TIMEOUT, /* --set */
	VS_CMD_ZERO, /* -Z */
	VS_CMD_RESTORE, /* -R */
	VS_CMD_SAVE, /* -S */
	VS_CMD_HELP, /* -h */
	VS_CMD_VERSION, /* -v */
	VS_CMD_COUNT
};

/* Option bits, in the order ipvsadm checks them against the command. */
enum vs_opt {
	VS_OPT_NUMERIC,
	VS_OPT_CONNECTION,
	VS_OPT_SERVICE,
	VS_OPT_SCHEDULER,
	VS_OPT_PERSISTENT,
	VS_OPT_NETMASK,
	VS_OPT_SERVER,
	VS_OPT_FORWARD,
	VS_OPT_WEIGHT,
	VS_OPT_UTHRESHOLD,
	VS_OPT_LTHRESHOLD,
	VS_OPT_MCAST,
	VS_OPT_SYNCID,
	VS_OPT_TIMEOUT,
	VS_OPT_DAEMON,
	VS_OPT_STATS,
	VS_OPT_RATE,
	VS_OPT_THRESHOLDS,
	VS_OPT_PERSISTENTCONN,
	VS_OPT_NOSORT,
	VS_OPT_SORT,
	VS_OPT_EXACT,
	VS_OPT_IPV6,
	VS_OPT_ONEPACKET,
	VS_OPT_PE,
	VS_OPT_SYNC_MAXLEN,
	VS_OPT_MCAST_GROUP,
	VS_OPT_MCAST_PORT,
	VS_OPT_MCAST_TTL,
	VS_OPT_SCHED_FLAGS,
	VS_OPT_TUN_TYPE,
	VS_OPT_TUN_PORT,
	VS_OPT_TUN_NOCSUM,
	VS_OPT_TUN_CSUM,
	VS_OPT_TUN_REMCSUM,
	VS_OPT_TUN_INFO,
	VS_OPT_COUNT
};

#define VS_BIT(o) (1ULL << (o))

/* Listing format bits. */
#define VS_FMT_NUMERIC 0x01
#define VS_FMT_RULE 0x02
#define VS_FMT_STATS 0x04
#define VS_FMT_RATE 0x08
#define VS_FMT_THRESH 0x10
#define VS_FMT_PCONN 0x20
#define VS_FMT_NOSORT 0x40
#define VS_FMT_EXACT 0x80
#define VS_FMT_TUNINFO 0x100

struct vs_request {
	enum vs_cmd cmd;
	unsigned long long opts; /* VS_BIT(VS_OPT_*) given */
	unsigned int fmt; /* VS_FMT_* */
	struct vs_service svc;
	struct vs_dest dest;
	struct vs_timeouts timeouts;
	char pe[16];
	bool tun_extra; /* gue/gre, --tun-port, checksums */
};

/*
 * vs_parse() result for an unknown option or a missing value (popt's
 * errors): exit code 255, but unlike the others it does not stop -R.
 */
#define VS_PARSE_POPT 0x1ff

/*
 * vs_parse() - parse ipvsadm arguments (argv[0] is the program name).
 * @restoring: true for a line of -R input (-R inside it is refused).
 * Prints ipvsadm's message on error. Returns -1 to go on, else an exit code
 * or VS_PARSE_POPT.
 */
int vs_parse(int argc, char **argv, bool restoring, struct vs_request *req);
void vs_usage(FILE *f);

/* addr.c */
struct vs_addrport {
	uint16_t af;
	union vs_addr addr;
	uint16_t port;
	bool has_port;
};

long vs_number(const char *s, long min, long max);
int vs_parse_addrport(const char *arg, uint16_t proto, struct vs_addrport *out);
void vs_fmt_host(char *buf, size_t len, uint16_t af, const union vs_addr *a,
		 bool numeric);
void vs_fmt_port(char *buf, size_t len, uint16_t port, uint16_t proto,
		 bool numeric);
void vs_fmt_addrport(char *buf, size_t len, uint16_t af, const union vs_addr *a,
		     uint16_t port, uint16_t proto, bool numeric);

/* show.c */
void vs_sort_services(struct vs_service *s, size_t n);
void vs_sort_dests(struct vs_dest *d, size_t n);
void vs_print_banner(const struct vs_info *info);
void vs_print_header(unsigned int fmt);
void vs_print_service(const struct vs_service *s, unsigned int fmt);
void vs_print_dest(const struct vs_service *s, const struct vs_dest *d,
		   unsigned int fmt);
void vs_print_conn_header(void);
void vs_print_conn(const struct vs_conn *c, unsigned int fmt);
const char *vs_sched_flags_str(const char *sched, uint32_t flags, char *buf,
			       size_t len);

#endif
