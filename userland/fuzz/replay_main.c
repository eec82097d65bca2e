// SPDX-License-Identifier: GPL-2.0
/*
 * replay: run a fuzz target once on each file named on the command line
 * (directories: each file in them), without libFuzzer, so that the corpus
 * and the crashes found by `make fuzz` can be replayed by a normal test with
 * AddressSanitizer and UBSan. Prints how many inputs ran; a sanitizer
 * report aborts with its own exit code.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long runs;

/* open()/read(), not fopen(): a target may wrap fopen() (fuzz_conf.c). */
static int run_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	uint8_t *buf = NULL, *tmp;
	size_t n = 0, cap = 0;
	ssize_t got;

	if (fd < 0) {
		perror(path);
		return 1;
	}
	for (;;) {
		if (n == cap) {
			cap = cap ? 2 * cap : 4096;
			tmp = realloc(buf, cap);
			if (!tmp) {
				free(buf);
				close(fd);
				return 1;
			}
			buf = tmp;
		}
		got = read(fd, buf + n, cap - n);
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	runs++;
	return 0;
}

static int run_path(const char *path)
{
	struct dirent **ents;
	struct stat st;
	int i, n, bad = 0;

	if (stat(path, &st)) {
		perror(path);
		return 1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	n = scandir(path, &ents, NULL, alphasort);
	if (n < 0) {
		perror(path);
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.') {
			char p[4096];

			snprintf(p, sizeof(p), "%s/%s", path, ents[i]->d_name);
			bad |= run_file(p);
		}
		free(ents[i]);
	}
	free(ents);
	return bad;
}

int main(int argc, char **argv)
{
	int i, bad = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		bad |= run_path(argv[i]);
	fprintf(stderr, "replay: %lu inputs\n", runs);
	return bad;
}
