#!/usr/bin/env bash
# Scores the local agent on the shared public corpus, on our own cases
# (tests/nl/own.jsonl) and on paraphrases of the public families
# (tests/nl/paraphrase.jsonl, to catch overfitting); each corpus must reach
# 97%. One PASS/FAIL per corpus.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/common.sh
rel=${TODO_REL:-./todo}
score=../shared/nl/score
[ -x "$score" ] || score=$(dirname "$0")/../../../shared/nl/score
if [ ! -f "$score" ]; then
	echo "note: ../shared/nl/score not found; corpus scoring skipped"
	finish
fi
run_corpus() { # name bin file [jobs]
	local name=$1 bin=$2 file=$3 jobs=${4:-2} log
	log=$(python3 "$score" --todo "$bin" --jobs "$jobs" --min 97 "$file" 2>&1)
	if [ $? -eq 0 ]; then
		pass "$name: $(echo "$log" | grep '^accuracy')"
	else
		fail "$name" "$(echo "$log" | tail -25)"
	fi
}
if [ -f ../shared/nl/public.jsonl ]; then
	run_corpus "public corpus (release)" "$rel" ../shared/nl/public.jsonl
else
	echo "note: ../shared/nl/public.jsonl not found; public corpus skipped"
fi
run_corpus "own corpus (release)" "$rel" tests/nl/own.jsonl
run_corpus "paraphrase corpus (release)" "$rel" tests/nl/paraphrase.jsonl
# The ASan build too, when there is one: catches memory errors on every case.
if [ -n "${TODO_BIN:-}" ] && [ "$TODO_BIN" != "$rel" ] && [ -x "$TODO_BIN" ]; then
	run_corpus "own corpus (sanitizers)" "$TODO_BIN" tests/nl/own.jsonl 2
	run_corpus "paraphrase corpus (sanitizers)" "$TODO_BIN" tests/nl/paraphrase.jsonl 2
	[ -f ../shared/nl/public.jsonl ] &&
		run_corpus "public corpus (sanitizers)" "$TODO_BIN" ../shared/nl/public.jsonl 2
fi
finish
