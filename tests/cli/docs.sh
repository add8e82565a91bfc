# `todo --help`, each `todo CMD --help` and man/todo.1 agree: every
# command's usage line stands in the man page's synopsis.
. "$(dirname "$0")/../lib/common.sh"
man=$(dirname "$0")/../../man/todo.1
[ -f "$man" ] || { fail "man/todo.1 exists"; finish; }
# The synopsis as plain text: drop troff escapes.
synopsis=$(sed -n '/^\.SH SYNOPSIS/,/^\.SH DESCRIPTION/p' "$man" | sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/^\.B //' -e '/^\.br/d' | tr '\n' ' ' | tr -s ' ')
cmds=$("$todo" --help | sed -n '/^commands:/,/^$/p' | awk 'NR>1 && NF {print $1}' | tr -d ',')
for c in $cmds; do
	usage=$("$todo" "$c" --help | head -1 | sed 's/^usage: //')
	expect_in "man synopsis has: $usage" "$usage" "$synopsis"
	expect_in "man page describes $c" "$c" "$(sed -n '/^\.SH COMMANDS/,/^\.SH DATES/p' "$man")"
done
finish
