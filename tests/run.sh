#!/usr/bin/env bash
# Runs every test: the C unit tests, then each tests/<group>/*.sh against the
# ASan+UBSan build. Each test prints PASS/FAIL lines; this counts them, keeps
# the logs of failing files in tests/out/, and ends with `N passed, M failed`.
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
out=$top/tests/out
rm -rf "$out"; mkdir -p "$out"
export TODO_BIN=${TODO_BIN:-$top/build/asan/todo}
export TODO_REL=$top/todo
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=99}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=98}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/tests/lsan.supp:exitcode=97}
only=${1:-}
pass=0 fail=0

run_one() { # name, command...
	local name=$1; shift
	local log=$out/$(echo "$name" | tr '/' '_').log
	"$@" >"$log" 2>&1
	local rc=$?
	local p f
	p=$(grep -c '^PASS ' "$log"); f=$(grep -c '^FAIL ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $name (exit $rc)" >>"$log"; f=1
	fi
	pass=$((pass + p)); fail=$((fail + f))
	if [ "$f" -gt 0 ]; then
		echo "FAIL $name: $f failed, $p passed (log: tests/out/$(basename "$log"))"
		grep '^FAIL ' "$log" | head -20 | sed 's/^/    /'
	else
		echo "ok   $name: $p passed"
		rm -f "$log"
	fi
}

for t in build/asan/unit/*; do
	[ -x "$t" ] || continue
	case "$t" in *"$only"*) ;; *) continue;; esac
	run_one "unit/$(basename "$t")" "$t"
done
# The same tests of threaded code under ThreadSanitizer (a race fails them).
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:exitcode=96}
for t in build/tsan/unit/*; do
	[ -x "$t" ] || continue
	case "$t" in *"$only"*) ;; *) continue;; esac
	run_one "tsan/$(basename "$t")" "$t"
done
for t in tests/*/*.sh; do
	case "$t" in tests/bench/*|tests/lib/*) continue;; esac
	case "$t" in *"$only"*) ;; *) continue;; esac
	run_one "${t#tests/}" bash "$t"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
