// SPDX-License-Identifier: GPL-2.0
/*
 * halo-vsadm: administer halo_vs virtual servers with ipvsadm's command line.
 */
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <linux/halo_vs.h>

#include "kernel.h"
#include "util.h"

#define HALO_VSADM_VERSION "0.1.0"

static int show_version(void)
{
	uint32_t v;

	printf("%s v%s\n", PROG_NAME, HALO_VSADM_VERSION);
	if (kernel_open() < 0) {
		halo_err("cannot talk to the halo_vs module");
		return 1;
	}
	if (kernel_get_version(&v) < 0) {
		halo_err("the halo_vs module did not report its version");
		kernel_close();
		return 1;
	}
	printf("halo_vs module v%u.%u.%u\n", v >> 16, (v >> 8) & 0xff, v & 0xff);
	kernel_close();
	return 0;
}

int main(int argc, char **argv)
{
	PROG_NAME = basename(argv[0]);
	if (argc == 2 && (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--version")))
		return show_version();
	fprintf(stderr, "Usage: %s -v|--version\n", PROG_NAME);
	return 2;
}
