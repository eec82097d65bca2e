// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: halo-rdadm's halo.conf parser and checker (conf_load()).
 *
 * conf_load() reads a file, so each input is written to a private
 * directory first. `include` must not reach the rest of the system (a
 * fuzzer soon finds "/dev/zero" or "/proc/kmsg"): the parser's fopen() and
 * glob() are wrapped (-Wl,--wrap) to refuse any path outside that directory
 * or with a "..". The parser's dump printers run on the result too.
 */
#include <errno.h>
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
FILE *__real_fopen(const char *path, const char *mode);
FILE *__wrap_fopen(const char *path, const char *mode);
int __real_glob(const char *pat, int flags, int (*errfn)(const char *, int),
		glob_t *g);
int __wrap_glob(const char *pat, int flags, int (*errfn)(const char *, int),
		glob_t *g);

static char dir[64], file[96];

static int inside(const char *path)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && path[n] == '/' && !strstr(path, "..");
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
	if (!inside(path)) {
		errno = EACCES;
		return NULL;
	}
	return __real_fopen(path, mode);
}

int __wrap_glob(const char *pat, int flags, int (*errfn)(const char *, int),
		glob_t *g)
{
	if (!inside(pat)) {
		memset(g, 0, sizeof(*g));
		return GLOB_NOMATCH;
	}
	return __real_glob(pat, flags, errfn, g);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(dir, sizeof(dir), "/tmp/halo-fuzz-conf.XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(file, sizeof(file), "%s/halo.conf", dir);
	setenv("HALO_HOSTNAME", "alpha", 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct conf *c;
	int status = 0;
	FILE *f, *null;

	f = __real_fopen(file, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
	c = conf_load(file, err, sizeof(err), &status);
	if (!c)
		return 0;
	null = __real_fopen("/dev/null", "w");
	if (null) {
		struct resource *r;

		conf_dump_global(null, c);
		for (r = c->res; r; r = r->next) {
			conf_dump_res(null, c, r, false);
			conf_dump_res(null, c, r, true);
		}
		fclose(null);
	}
	conf_free(c);
	return 0;
}
