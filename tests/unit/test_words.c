/* SPDX-License-Identifier: MIT */
/* Unit tests: the REPL's shell-like tokenizer (cli/words.c). */
#include <stdlib.h>
#include <string.h>
#include "t.h"
/* The unit binaries link only core/, so the one cli file under test is
 * compiled in here. */
#include "../../cli/words.c"

/* The words of line joined with '|', e.g. "add|Buy milk". */
static char *joined(const char *line, bool *closed)
{
	int argc;
	char **argv;
	bool ok = words_split(line, &argc, &argv);
	if (closed)
		*closed = ok;
	struct buf b;
	buf_init(&b);
	for (int i = 0; i < argc; i++) {
		if (i)
			buf_puts(&b, "|");
		buf_puts(&b, argv[i]);
	}
	if (argv[argc] != NULL)
		buf_puts(&b, "<not NULL-terminated>");
	words_free(argv);
	return buf_take(&b);
}

static void case_(const char *name, const char *line, const char *want)
{
	char *got = joined(line, NULL);
	CHECK_STR(name, got, want);
	free(got);
}

int main(void)
{
	case_("blanks separate words", "  done   3\t4 ", "done|3|4");
	case_("empty line, no words", "   ", "");
	case_("single quotes keep blanks", "add 'Buy milk' --due fri", "add|Buy milk|--due|fri");
	case_("double quotes keep blanks", "add \"Call mom\"", "add|Call mom");
	case_("single quotes keep double quotes", "add 'say \"hi\"'", "add|say \"hi\"");
	case_("double quotes keep single quotes", "add \"Read 'Dune'\"", "add|Read 'Dune'");
	case_("escaped quote inside double quotes", "add \"a \\\"b\\\" c\"", "add|a \"b\" c");
	case_("backslash inside single quotes is literal", "add 'a\\b'", "add|a\\b");
	case_("backslash escapes a blank", "add Buy\\ milk", "add|Buy milk");
	case_("quoted pieces join the word", "add pre\"fix\"'ed'", "add|prefixed");
	case_("empty quotes make an empty word", "edit 3 --desc ''", "edit|3|--desc|");
	case_("UTF-8 passes through", "add 'Café 漢字'", "add|Café 漢字");
	bool closed = true;
	char *got = joined("add Mike's gift", &closed);
	CHECK("unterminated quote is reported", !closed);
	CHECK_STR("unterminated quote runs to the end", got, "add|Mikes gift");
	free(got);
	got = joined("done 3", &closed);
	CHECK("closed quotes are fine", closed);
	free(got);
	int argc = -1;
	char **argv = NULL;
	words_split(NULL, &argc, &argv);
	CHECK("NULL line: no words", argc == 0 && argv && argv[0] == NULL);
	words_free(argv);
	words_free(NULL);
	return T_DONE();
}
