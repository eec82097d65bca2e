// SPDX-License-Identifier: GPL-2.0
/*
 * The halo.conf scanner: turns one file's bytes into tokens with their line
 * and column (both counted from 1, columns in bytes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_scan.h"

void scan_init(struct scanner *s, const char *file, const char *buf, size_t len)
{
	memset(s, 0, sizeof(*s));
	s->file = file;
	s->buf = buf;
	s->len = len;
	s->line = 1;
	s->col = 1;
}

void scan_fini(struct scanner *s)
{
	free(s->text);
	s->text = NULL;
}

static int peek(const struct scanner *s)
{
	return s->pos < s->len ? (unsigned char)s->buf[s->pos] : -1;
}

static void advance(struct scanner *s)
{
	if (s->buf[s->pos++] == '\n') {
		s->line++;
		s->col = 1;
	} else {
		s->col++;
	}
}

static int text_add(struct scanner *s, size_t *n, char ch)
{
	if (*n + 2 > s->textcap) {
		size_t cap = s->textcap ? s->textcap * 2 : 64;
		char *p = realloc(s->text, cap);

		if (!p)
			return -1;
		s->text = p;
		s->textcap = cap;
	}
	s->text[(*n)++] = ch;
	s->text[*n] = '\0';
	return 0;
}

static int is_word_char(int ch)
{
	return ch > ' ' && ch < 0x7f && !strchr(";{}\"#", ch);
}

static void scan_error(struct scanner *s, struct token *t, const char *msg)
{
	snprintf(s->err, sizeof(s->err), "%s", msg);
	t->type = TOK_ERROR;
}

static void skip_blanks(struct scanner *s)
{
	for (;;) {
		int ch = peek(s);

		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
		    ch == '\f' || ch == '\v') {
			advance(s);
		} else if (ch == '#') {
			while (peek(s) != -1 && peek(s) != '\n')
				advance(s);
		} else {
			return;
		}
	}
}

/* A "quoted string": \" and \\ escape, no newline inside. */
static void scan_string(struct scanner *s, struct token *t)
{
	size_t n = 0;

	advance(s);
	if (text_add(s, &n, '\0') < 0)
		return scan_error(s, t, "out of memory");
	n = 0;
	for (;;) {
		int ch = peek(s);

		if (ch == -1 || ch == '\n')
			return scan_error(s, t,
					  "unterminated string: expected '\"'");
		if (ch == '"') {
			advance(s);
			t->type = TOK_STRING;
			return;
		}
		if (ch == '\\') {
			advance(s);
			ch = peek(s);
			if (ch != '"' && ch != '\\')
				return scan_error(
					s, t,
					"bad escape in string: only \\\" and \\\\ are known");
		}
		if (ch < ' ' && ch != '\t')
			return scan_error(s, t, "control character in string");
		if (text_add(s, &n, (char)ch) < 0)
			return scan_error(s, t, "out of memory");
		advance(s);
	}
}

/**
 * scan_next() - read the next token
 * @s: the scanner
 * @t: filled with the token; its text stays valid until the next call
 */
void scan_next(struct scanner *s, struct token *t)
{
	size_t n = 0;
	int ch;

	skip_blanks(s);
	t->loc.file = s->file;
	t->loc.line = s->line;
	t->loc.col = s->col;
	t->text = NULL;
	ch = peek(s);
	switch (ch) {
	case -1:
		t->type = TOK_EOF;
		return;
	case '{':
		t->type = TOK_LBRACE;
		break;
	case '}':
		t->type = TOK_RBRACE;
		break;
	case ';':
		t->type = TOK_SEMI;
		break;
	case '"':
		scan_string(s, t);
		t->text = s->text;
		return;
	default:
		if (!is_word_char(ch)) {
			char msg[64];

			snprintf(msg, sizeof(msg),
				 "unexpected character 0x%02x", ch);
			return scan_error(s, t, msg);
		}
		while (is_word_char(peek(s))) {
			if (text_add(s, &n, (char)peek(s)) < 0)
				return scan_error(s, t, "out of memory");
			advance(s);
		}
		t->type = TOK_WORD;
		t->text = s->text;
		return;
	}
	advance(s);
}

/**
 * tok_describe() - a token as quoted in error messages
 * @t: the token
 * @buf: where to write
 * @len: size of @buf
 *
 * Return: @buf, e.g. "'protocol'", "end of file", "'}'".
 */
const char *tok_describe(const struct token *t, char *buf, size_t len)
{
	switch (t->type) {
	case TOK_EOF:
		snprintf(buf, len, "end of file");
		break;
	case TOK_WORD:
		snprintf(buf, len, "'%.60s'", t->text);
		break;
	case TOK_STRING:
		snprintf(buf, len, "\"%.60s\"", t->text);
		break;
	case TOK_LBRACE:
		snprintf(buf, len, "'{'");
		break;
	case TOK_RBRACE:
		snprintf(buf, len, "'}'");
		break;
	case TOK_SEMI:
		snprintf(buf, len, "';'");
		break;
	default:
		snprintf(buf, len, "a bad token");
	}
	return buf;
}
