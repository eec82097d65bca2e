/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers shared by the halo tools. */
#ifndef HALO_UTIL_H
#define HALO_UTIL_H

#include <stdarg.h>

/* The name the tool was invoked by, for messages (set once in main). */
extern const char *PROG_NAME;

/* Print "PROG_NAME: message" to stderr. */
void halo_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
