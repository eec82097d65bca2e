// SPDX-License-Identifier: GPL-2.0
/*
 * vs-load: the load tools of the load-balancer benchmark (scripts/bench/suite-vs).
 *
 *   vs-load serve PORT [NAME]
 *	TCP server on the wildcard address: reads a request, writes a short
 *	reply and closes (HTTP/1.0 style, the server closes first). One
 *	listener answers for every address of its namespace. The reply's body
 *	is NAME (default "ok").
 *   vs-load conn ADDR PORT SECONDS CONCURRENCY SRC_BASE NSRC
 *	connect/send/recv/close loop over CONCURRENCY non-blocking sockets
 *	for SECONDS; sockets bind to NSRC consecutive source addresses from
 *	SRC_BASE (0.0.0.0: no bind), spreading the client ports. Prints
 *	"ok N fail M", then "slow S" (answered exchanges that took over 1 s,
 *	TCP's first retransmission timeout: a lost segment or a starved
 *	CPU), then "answer BODY COUNT" for each reply body seen;
 *	SIGTERM or SIGINT ends the run early (the summary is printed).
 *	Exchanges still open at the end are reset.
 *   vs-load sink PORT
 *	UDP socket bound to the wildcard address that never reads: datagrams
 *	are dropped silently once its small buffer is full (no ICMP errors).
 *   vs-load udp ADDR PORT SRC_BASE FLOWS [SECONDS]
 *	raw IPv4/UDP sender with forged sources: flow i comes from address
 *	SRC_BASE + i / 50000, port 1024 + i % 50000. Without SECONDS each flow
 *	is sent once (one new connection entry per flow); with SECONDS the
 *	FLOWS flows are sent round-robin until time is up. Prints "sent N".
 *   vs-load syn ADDR PORT SRC_BASE NSRC SECONDS [PPS]
 *	raw IPv4 TCP SYN flood with forged sources: each SYN comes from a
 *	random one of NSRC addresses from SRC_BASE and a random port, for
 *	SECONDS, at most PPS per second (default: as fast as it can).
 *	Prints "sent N".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PORTS_PER_ADDR 50000
#define CONN_TIMEOUT_NS (5 * 1000000000LL)
#define SLOW_NS (1000000000LL)

static const char request[] = "GET / HTTP/1.0\r\n\r\n";
static char reply[160];
static int reply_len;

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "vs-load: %s '%s': %s\n", what, arg,
		errno ? strerror(errno) : "invalid");
	exit(1);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long num(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < min || v > max) {
		errno = 0;
		die("bad number", s);
	}
	return v;
}

static struct in_addr addr4(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		errno = 0;
		die("bad IPv4 address", s);
	}
	return a;
}

static int listener(int type, int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	int fd = socket(AF_INET, type | SOCK_NONBLOCK, 0), one = 1;

	if (fd < 0)
		die("socket", "listener");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("bind to port", type == SOCK_STREAM ? "tcp" : "udp");
	if (type == SOCK_STREAM && listen(fd, 4096) < 0)
		die("listen", "tcp");
	return fd;
}

static _Noreturn void serve(int port, const char *name)
{
	int lfd = listener(SOCK_STREAM, port), ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = lfd }, evs[64];
	char buf[512];

	if (strlen(name) > 64 || strpbrk(name, " \r\n")) {
		errno = 0;
		die("bad name (up to 64 characters, no spaces)", name);
	}
	reply_len = snprintf(reply, sizeof(reply),
			     "HTTP/1.0 200 OK\r\nContent-Length: %zu\r\n\r\n%s\n",
			     strlen(name) + 1, name);
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0)
		die("epoll", "serve");
	for (;;) {
		int n = epoll_wait(ep, evs, 64, -1);

		for (int i = 0; i < n; i++) {
			int fd = evs[i].data.fd;

			if (fd == lfd) {
				int c;

				while ((c = accept4(lfd, NULL, NULL,
						    SOCK_NONBLOCK)) >= 0) {
					ev.events = EPOLLIN;
					ev.data.fd = c;
					if (epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev))
						close(c);
				}
				continue;
			}
			ssize_t r = read(fd, buf, sizeof(buf));

			if (r < 0 && errno == EAGAIN)
				continue;
			if (r > 0 && write(fd, reply, reply_len) < 0)
				r = -1;
			close(fd);
		}
	}
}

struct slot {
	int fd;
	int sent;
	long long start;
	size_t len;
	char buf[160];
};

#define MAX_ANSWERS 32

/* The reply bodies seen and how often, in order of first appearance. */
static struct {
	char body[66];
	long count;
} answers[MAX_ANSWERS];
static int nanswers;
static long ok_count, fail_count, slow_count;
static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

/* Count a complete reply by its body (the text after the blank line). */
static void count_answer(struct slot *s)
{
	char *body, *nl;
	int i;

	s->buf[s->len] = 0;
	body = strstr(s->buf, "\r\n\r\n");
	body = body ? body + 4 : s->buf;
	nl = strchr(body, '\n');
	if (nl)
		*nl = 0;
	if (strlen(body) >= sizeof(answers[0].body))
		body[sizeof(answers[0].body) - 1] = 0;
	for (i = 0; i < nanswers; i++)
		if (!strcmp(answers[i].body, body))
			break;
	if (i == nanswers) {
		if (nanswers == MAX_ANSWERS)
			return;
		strcpy(answers[nanswers++].body, body);
	}
	answers[i].count++;
}

static void slot_open(int ep, struct slot *s, const struct sockaddr_in *dst,
		      struct in_addr src)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr = src };
	struct epoll_event ev = { .events = EPOLLOUT | EPOLLIN };
	int one = 1;

	s->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (s->fd < 0)
		die("socket", "conn");
	s->sent = 0;
	s->len = 0;
	s->start = now_ns();
	setsockopt(s->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
	if (src.s_addr && bind(s->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("bind to source", inet_ntoa(src));
	if (connect(s->fd, (const struct sockaddr *)dst, sizeof(*dst)) < 0 &&
	    errno != EINPROGRESS) {
		fail_count++;
		close(s->fd);
		s->fd = -1;
		return;
	}
	ev.data.ptr = s;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, s->fd, &ev) < 0)
		die("epoll", "conn");
}

/* Returns 1 when the exchange is over (done or failed), 0 to wait on. */
static int slot_event(struct slot *s, uint32_t events)
{
	ssize_t r;

	if (events & (EPOLLERR | EPOLLHUP) && !(events & EPOLLIN)) {
		fail_count++;
		return 1;
	}
	if (!s->sent && events & EPOLLOUT) {
		if (write(s->fd, request, sizeof(request) - 1) < 0) {
			fail_count++;
			return 1;
		}
		s->sent = 1;
	}
	if (!(events & EPOLLIN))
		return 0;
	while ((r = read(s->fd, s->buf + s->len,
			 sizeof(s->buf) - 1 - s->len)) > 0) {
		s->len += r;
		s->sent = 2;
		if (s->len == sizeof(s->buf) - 1)
			s->len = 0; /* longer than any reply: keep the tail */
	}
	if (r == 0) {
		if (s->sent == 2) {
			ok_count++;
			if (now_ns() - s->start > SLOW_NS)
				slow_count++;
			count_answer(s);
		} else
			fail_count++;
		return 1;
	}
	if (errno == EAGAIN)
		return 0;
	fail_count++;
	return 1;
}

static int conn(int argc, char **argv)
{
	struct sockaddr_in dst = { .sin_family = AF_INET };
	long secs, conc, nsrc, next = 0;
	struct in_addr base;
	struct slot *slots;
	long long end;
	int ep;

	if (argc != 8) {
		errno = 0;
		die("usage: conn ADDR PORT SECONDS CONCURRENCY SRC_BASE NSRC", "");
	}
	dst.sin_addr = addr4(argv[2]);
	dst.sin_port = htons(num(argv[3], 1, 65535));
	secs = num(argv[4], 1, 3600);
	conc = num(argv[5], 1, 10000);
	base = addr4(argv[6]);
	nsrc = num(argv[7], 1, 65536);
	slots = calloc(conc, sizeof(*slots));
	ep = epoll_create1(0);
	if (!slots || ep < 0)
		die("memory", "conn");
	end = now_ns() + secs * 1000000000LL;
	for (long i = 0; i < conc; i++) {
		struct in_addr src = { htonl(ntohl(base.s_addr) + next++ % nsrc) };

		slot_open(ep, &slots[i], &dst, src);
	}
	signal(SIGTERM, on_stop);
	signal(SIGINT, on_stop);
	while (now_ns() < end && !stop) {
		struct epoll_event evs[64];
		int n = epoll_wait(ep, evs, 64, 100);
		long long t = now_ns();

		for (int i = 0; i < n; i++) {
			struct slot *s = evs[i].data.ptr;

			if (!slot_event(s, evs[i].events))
				continue;
			close(s->fd);
			s->fd = -1;
		}
		for (long i = 0; i < conc && t < end; i++) {
			struct slot *s = &slots[i];
			struct in_addr src;

			if (s->fd >= 0 && t - s->start > CONN_TIMEOUT_NS) {
				fail_count++;
				close(s->fd);
				s->fd = -1;
			}
			if (s->fd >= 0)
				continue;
			src.s_addr = htonl(ntohl(base.s_addr) + next++ % nsrc);
			slot_open(ep, s, &dst, src);
		}
	}
	/*
	 * Exchanges still open are aborted (RST), counted as neither: a
	 * director then holds their entries for CLOSE's 10 s, not for the
	 * 2 minutes of TIME_WAIT that a FIN before the server's could cost.
	 */
	for (long i = 0; i < conc; i++) {
		struct linger lg = { .l_onoff = 1, .l_linger = 0 };

		if (slots[i].fd < 0)
			continue;
		setsockopt(slots[i].fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(slots[i].fd);
	}
	printf("ok %ld fail %ld\nslow %ld\n", ok_count, fail_count, slow_count);
	for (int i = 0; i < nanswers; i++)
		printf("answer %s %ld\n", answers[i].body, answers[i].count);
	return 0;
}

static _Noreturn void sink(int port)
{
	int fd = listener(SOCK_DGRAM, port), size = 1;

	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	for (;;)
		pause();
}

struct pkt {
	struct iphdr ip;
	struct udphdr udp;
	char data[18];
} __attribute__((packed));

static int udp(int argc, char **argv)
{
	struct sockaddr_in dst = { .sin_family = AF_INET };
	struct pkt p = { 0 };
	long flows, secs = 0, sent = 0;
	uint32_t base;
	long long end = 0;
	int fd, one = 1;

	if (argc != 6 && argc != 7) {
		errno = 0;
		die("usage: udp ADDR PORT SRC_BASE FLOWS [SECONDS]", "");
	}
	dst.sin_addr = addr4(argv[2]);
	p.udp.dest = htons(num(argv[3], 1, 65535));
	base = ntohl(addr4(argv[4]).s_addr);
	flows = num(argv[5], 1, 100000000);
	if (argc == 7) {
		secs = num(argv[6], 1, 3600);
		end = now_ns() + secs * 1000000000LL;
	}
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)))
		die("raw socket (needs CAP_NET_RAW)", "udp");
	p.ip.version = 4;
	p.ip.ihl = 5;
	p.ip.ttl = 64;
	p.ip.protocol = IPPROTO_UDP;
	p.ip.tot_len = htons(sizeof(p));
	p.ip.daddr = dst.sin_addr.s_addr;
	p.udp.len = htons(sizeof(p) - sizeof(p.ip));
	memcpy(p.data, "halo bench flow  ", 18);
	for (long i = 0;; i++) {
		long f = i % flows;

		if (secs ? (i % 256 == 0 && now_ns() >= end) : i == flows)
			break;
		p.ip.saddr = htonl(base + f / PORTS_PER_ADDR);
		p.udp.source = htons(1024 + f % PORTS_PER_ADDR);
		if (sendto(fd, &p, sizeof(p), 0, (struct sockaddr *)&dst,
			   sizeof(dst)) == sizeof(p))
			sent++;
		else if (errno != ENOBUFS && errno != EAGAIN)
			die("sendto", argv[2]);
	}
	printf("sent %ld\n", sent);
	return 0;
}

/* Both headers are 20 bytes and 4-byte aligned: no padding between. */
struct synpkt {
	struct iphdr ip;
	struct tcphdr tcp;
};

_Static_assert(sizeof(struct synpkt) == 40, "IPv4 + TCP header");

/* The TCP checksum over the IPv4 pseudo-header and a 20-byte header. */
static uint16_t tcp_csum(const struct synpkt *p)
{
	const uint16_t *w = (const uint16_t *)&p->tcp;
	uint32_t sum = 0;

	sum += (p->ip.saddr >> 16) + (p->ip.saddr & 0xffff);
	sum += (p->ip.daddr >> 16) + (p->ip.daddr & 0xffff);
	sum += htons(IPPROTO_TCP) + htons(sizeof(p->tcp));
	for (size_t i = 0; i < sizeof(p->tcp) / 2; i++)
		sum += w[i];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

static int syn(int argc, char **argv)
{
	struct sockaddr_in dst = { .sin_family = AF_INET };
	struct synpkt p = { 0 };
	long nsrc, secs, pps = 0, sent = 0;
	long long start, end;
	uint32_t base, x = 2463534242u;
	int fd, one = 1;

	if (argc != 7 && argc != 8) {
		errno = 0;
		die("usage: syn ADDR PORT SRC_BASE NSRC SECONDS [PPS]", "");
	}
	dst.sin_addr = addr4(argv[2]);
	p.tcp.dest = htons(num(argv[3], 1, 65535));
	base = ntohl(addr4(argv[4]).s_addr);
	nsrc = num(argv[5], 1, 16777216);
	secs = num(argv[6], 1, 3600);
	if (argc == 8)
		pps = num(argv[7], 1, 10000000);
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)))
		die("raw socket (needs CAP_NET_RAW)", "syn");
	p.ip.version = 4;
	p.ip.ihl = 5;
	p.ip.ttl = 64;
	p.ip.protocol = IPPROTO_TCP;
	p.ip.tot_len = htons(sizeof(p));
	p.ip.daddr = dst.sin_addr.s_addr;
	p.tcp.doff = sizeof(p.tcp) / 4;
	p.tcp.syn = 1;
	p.tcp.window = htons(64240);
	start = now_ns();
	end = start + secs * 1000000000LL;
	for (long i = 0;; i++) {
		if (i % 64 == 0) {
			long long t = now_ns();

			if (t >= end)
				break;
			/* Paced: wait until this SYN is due. */
			while (pps && sent * 1000000000LL / pps > t - start) {
				usleep(1000);
				t = now_ns();
			}
		}
		/* xorshift32: cheap randomness for sources and sequence numbers */
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p.ip.saddr = htonl(base + x % nsrc);
		p.tcp.source = htons(1024 + (x >> 8) % 64512);
		p.tcp.seq = x * 2654435761u;
		p.tcp.check = 0;
		p.tcp.check = tcp_csum(&p);
		if (sendto(fd, &p, sizeof(p), 0, (struct sockaddr *)&dst,
			   sizeof(dst)) == sizeof(p))
			sent++;
		else if (errno != ENOBUFS && errno != EAGAIN)
			die("sendto", argv[2]);
	}
	printf("sent %ld\n", sent);
	return 0;
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc >= 3 && !strcmp(argv[1], "serve"))
		serve(num(argv[2], 1, 65535), argc > 3 ? argv[3] : "ok");
	if (argc >= 2 && !strcmp(argv[1], "conn"))
		return conn(argc, argv);
	if (argc >= 3 && !strcmp(argv[1], "sink"))
		sink(num(argv[2], 1, 65535));
	if (argc >= 2 && !strcmp(argv[1], "udp"))
		return udp(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "syn"))
		return syn(argc, argv);
	errno = 0;
	die("unknown mode (serve, conn, sink, udp, syn)", argc > 1 ? argv[1] : "");
	return 1;
}
