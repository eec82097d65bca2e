/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tokens of halo.conf: words, quoted strings, braces and semicolons.
 * '#' starts a comment that runs to the end of the line. A word is a run of
 * characters other than white space and ; { } " #, so addresses such as
 * [fd00::1]:7789 and meta-disk indexes such as /dev/vdd[0] are single words.
 */
#ifndef HALO_RDADM_CONF_SCAN_H
#define HALO_RDADM_CONF_SCAN_H

#include "conf.h"

enum tok_type {
	TOK_EOF,
	TOK_WORD,
	TOK_STRING,
	TOK_LBRACE,
	TOK_RBRACE,
	TOK_SEMI,
	TOK_ERROR
};

struct token {
	enum tok_type type;
	char *text; /* WORD/STRING text, unescaped; owned by the scanner */
	struct loc loc;
};

struct scanner {
	const char *buf;
	size_t len, pos;
	int line, col;
	const char *file;
	char *text; /* the current token's text */
	size_t textcap;
	char err[160]; /* set with TOK_ERROR */
};

void scan_init(struct scanner *s, const char *file, const char *buf,
	       size_t len);
void scan_fini(struct scanner *s);
void scan_next(struct scanner *s, struct token *t);
const char *tok_describe(const struct token *t, char *buf, size_t len);

#endif
