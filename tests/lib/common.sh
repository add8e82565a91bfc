# Shared helpers for the shell tests: a private database and environment per
# test file, and check/expect helpers that print PASS/FAIL lines.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export TODO_DB="$T/todo.db" HOME="$T" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" \
       XDG_STATE_HOME="$T/state" XDG_CACHE_HOME="$T/cache" NO_COLOR=1 TZ=UTC \
       TODO_NOW=${TODO_NOW:-2026-03-10T09:00:00} TODO_AGENT=local
unset OPENAI_API_KEY OPENAI_BASE_URL TODO_MODEL
todo=${TODO_BIN:-./todo}
t_fail=0

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; t_fail=$((t_fail + 1)); }

# check NAME COMMAND... : passes when the command exits 0.
check() { local n=$1; shift; if "$@" >/dev/null 2>&1; then pass "$n"; else fail "$n"; fi; }

# run_todo ARGS...: runs todo, leaving stdout in $out, stderr in $err, status in $rc.
run_todo() {
	"$todo" "$@" >"$T/out" 2>"$T/err"; rc=$?
	out=$(cat "$T/out"); err=$(cat "$T/err")
	if grep -q -E 'AddressSanitizer|runtime error:|LeakSanitizer' "$T/err"; then
		fail "sanitizer report from todo $*" "$(head -c 600 "$T/err")"
	fi
}

# expect_rc NAME WANT: compares $rc from the last run_todo.
expect_rc() { if [ "$rc" -eq "$2" ]; then pass "$1"; else fail "$1" "exit $rc, want $2; stderr: $err"; fi; }
# expect_in NAME NEEDLE HAYSTACK
expect_in() { case "$3" in *"$2"*) pass "$1";; *) fail "$1" "'$2' not in: $(printf '%s' "$3" | head -c 400)";; esac; }
expect_not_in() { case "$3" in *"$2"*) fail "$1" "'$2' found in: $(printf '%s' "$3" | head -c 400)";; *) pass "$1";; esac; }
expect_eq() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got '$2', want '$3'"; fi; }
# jq-like field access with python3 (standard library only): jget EXPR JSON
jget() { python3 -c "import sys,json; d=json.loads(sys.argv[2]); print(eval(sys.argv[1]))" "$1" "$2" 2>/dev/null; }
finish() { exit $((t_fail > 0)); }
# launch_server LOG COMMAND...: runs a todo-server COMMAND with --port 0
# added, stderr to LOG, and waits for its /health; sets $spid, and $sport
# (empty, and status 1, when it did not come up within 10 s).
launch_server() {
	local log=$1; shift
	: >"$log"   # exists before the wait loop reads it
	"$@" --port 0 2>"$log" &
	spid=$!
	for _ in $(seq 1 100); do
		sport=$(sed -n 's/^todo-server: listening on http:\/\/127\.0\.0\.1:\([0-9]*\)$/\1/p' "$log")
		[ -n "$sport" ] && curl -sf "http://127.0.0.1:$sport/health" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	sport=
	return 1
}
