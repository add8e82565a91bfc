#!/usr/bin/env bash
# 100,000 hostile messages through ONE `todo chat` process (a line each from
# a pipe): random bytes, invalid UTF-8, format strings, SQL, a 1 MB line,
# empty and huge tokens. None asks for a change, so afterwards the task list
# must be exactly what it was, with no crash and no sanitizer report.
cd "$(dirname "$0")/../.." || exit 1
. tests/lib/common.sh
N=${ADVERSARIAL_N:-100000}

for t in "Buy groceries" "Call mom" "Finish quarterly report" "Read Dune"; do
	"$todo" add "$t" >/dev/null 2>&1
done
run_todo --json list
before=$out

python3 - "$N" >"$T/msgs" <<'PY'
import random, sys
n = int(sys.argv[1])
r = random.Random(20260310)
fixed = [
    "", " ", "%s%s%s%s%n%n", "%x %p %d %ls %99999999s", "'; DROP TABLE tasks; --",
    "\" OR 1=1 --", "Robert'); DELETE FROM tasks WHERE ('1'='1", "UNION SELECT * FROM messages",
    "#", "##########", "#" * 5000, "9" * 400, "task 99999999999999999999999",
    "show the 99999999999999999999th one", "what's due on 9999-99-99?", "\\x00\\n\\t",
    "\u202e\u200b\ufeff", "\U0001F600" * 300, "emoji \U0001F4A9 #\U0001F4A9",
    "what can you do?", "help", "thanks!", "who are you", "tell me a joke",
    "show my tasks", "what's pending?", "anything overdue?", "search for %s",
    "the the the the the", "and and and and", "it it it", "'''''''", '"""""', "``````",
    "at at at at 25:99pm", "in 99999999999 days", "on 2026-02-30", "March 32",
    "reschedule", "rename", "mark", "tag", "add", "remind me", "new task:",
    "which one?", "the second one", "that one", "task", "#3", "number",
]
mutating = ("add", "remind", "new", "jot", "note", "todo", "task", "put", "need",
            "i ", "don't", "remember", "create", "make", "mark", "delete", "remove",
            "drop", "clear", "purge", "set", "change", "move", "push", "rename",
            "tag", "finish", "complete", "done", "tick", "check", "cross", "reopen",
            "uncheck", "cancel", "trash", "erase", "scratch", "get rid")
def safe(s):
    # messages that could be read as a change are left out: the test checks
    # that nothing changes, not what a change would do
    low = s.lower()
    return not any(w in low for w in mutating) or s in fixed
def rnd_bytes():
    return bytes(r.randrange(1, 256) for _ in range(r.randint(0, 200))).replace(b"\n", b" ").replace(b"\r", b" ")
out = sys.stdout.buffer
out.write(b"x" * (1024 * 1024) + b"\n")          # 1 MB line: refused politely
out.write(("show " + "a" * 60000 + "\n").encode())   # just under the limit
count = 2
while count < n:
    k = r.random()
    if k < 0.35:
        b = rnd_bytes()
        if not safe(b.decode("latin-1")):
            continue
        out.write(b + b"\n")
    elif k < 0.55:
        s = "".join(chr(r.randint(32, 126)) for _ in range(r.randint(0, 120)))
        if not safe(s):
            continue
        out.write(s.encode() + b"\n")
    elif k < 0.75:
        out.write(r.choice(fixed).encode("utf-8", "surrogatepass") + b"\n")
    elif k < 0.9:
        # invalid UTF-8: lone continuation bytes, truncated sequences, overlongs
        out.write(r.choice([b"\x80\x81", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\xc0\xaf",
                            b"\xed\xa0\x80", b"\xff\xfe"]) * r.randint(1, 50) + b" show\n")
    else:
        s = " ".join(r.choice(["show", "what's", "due", "pending", "list", "#work",
                               "the", "second", "one", "it", "today", "overdue", "%n",
                               "search", "for", "'", '"', "p1", "tomorrow"])
                     for _ in range(r.randint(1, 30)))
        out.write(s.encode() + b"\n")
    count += 1
PY
"$todo" chat --new <"$T/msgs" >"$T/out" 2>"$T/err"
rc=$?
if grep -q -E 'AddressSanitizer|runtime error:|LeakSanitizer' "$T/err"; then
	fail "no sanitizer report" "$(grep -m1 -A8 -E 'AddressSanitizer|runtime error:|LeakSanitizer' "$T/err")"
else
	pass "no sanitizer report over $N messages"
fi
# 0, or 2 because the 1 MB line was refused; never a signal or a sanitizer exit
if [ "$rc" -eq 0 ] || [ "$rc" -eq 2 ]; then pass "chat process exit ($rc)"; else fail "chat process exit" "exit $rc"; fi
expect_in "over-long line refused with a message" "limit" "$(cat "$T/err")"
replies=$(grep -c . "$T/out")
expect_eq "a reply for most messages" "$( [ "$replies" -ge $((N / 2)) ] && echo yes)" yes
run_todo --json list
expect_eq "task list unchanged" "$out" "$before"
finish
