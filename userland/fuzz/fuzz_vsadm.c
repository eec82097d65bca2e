// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: halo-vsadm's ipvsadm command line parser (vs_parse()), as
 * given on the command line and as lines of `-R` input.
 *
 * Input: lines of words separated by blanks. The first line is a command
 * line (argv[1..]); every further line is one line of -R input, split and
 * handed over the way halo-vsadm's restore loop does (a first word that is
 * not an option names the program). Nothing is sent to the kernel.
 *
 * Host and service names must not reach the network: the parser's
 * getaddrinfo() and getnameinfo() are wrapped (-Wl,--wrap) to numeric-only.
 * Built only when userland/vsadm/vsparse.h exists (see Makefile).
 */
#include <netdb.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vsparse.h"

#define MAX_WORDS 256

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int __real_getaddrinfo(const char *node, const char *svc,
		       const struct addrinfo *hints, struct addrinfo **res);
int __wrap_getaddrinfo(const char *node, const char *svc,
		       const struct addrinfo *hints, struct addrinfo **res);
int __real_getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
		       socklen_t hostlen, char *serv, socklen_t servlen, int flags);
int __wrap_getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
		       socklen_t hostlen, char *serv, socklen_t servlen, int flags);

int __wrap_getaddrinfo(const char *node, const char *svc,
		       const struct addrinfo *hints, struct addrinfo **res)
{
	struct addrinfo h = { 0 };

	if (hints)
		h = *hints;
	h.ai_flags |= AI_NUMERICHOST | AI_NUMERICSERV;
	return __real_getaddrinfo(node, svc, &h, res);
}

int __wrap_getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
		       socklen_t hostlen, char *serv, socklen_t servlen, int flags)
{
	return __real_getnameinfo(sa, salen, host, hostlen, serv, servlen,
				  flags | NI_NUMERICHOST | NI_NUMERICSERV);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static int parse_line(char *line, bool restoring)
{
	char *argv[MAX_WORDS + 1], *w, *save;
	struct vs_request req;
	int argc = 1, first;

	argv[0] = (char *)"halo-vsadm";
	for (w = strtok_r(line, " \t\r\v\f", &save); w && argc < MAX_WORDS;
	     w = strtok_r(NULL, " \t\r\v\f", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	first = restoring && argc > 1 && argv[1][0] != '-';
	argc -= first;
	if (argc < 2 && restoring)
		return -1;
	return vs_parse(argc, argv + first, restoring, &req);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *line, *save;
	bool restoring = false;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = 0;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		parse_line(line, restoring);
		restoring = true;
	}
	free(buf);
	return 0;
}
