// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "util.h"

const char *PROG_NAME = "halo";

void halo_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", PROG_NAME);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
