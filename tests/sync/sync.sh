# Sync end to end: clients with their own databases against a real
# todo-server (ASan build): convergence, conflicts, faults (a proxy that cuts
# connections, a server killed mid-way, a client killed mid-sync), and the
# errors a user sees.
. "$(dirname "$0")/../lib/common.sh"
srv=${TODO_SERVER_BIN:-$(dirname "$todo")/todo-server}
db=$T/server.db
export TODO_JWT_SECRET=sync-test-secret
unset TODO_NOW   # sync clocks are real time
. "$(dirname "$0")/../lib/server.sh"
here=$(cd "$(dirname "$0")" && pwd)

start_server
tok=$("$srv" token alice)
# client NAME ARGS...: todo with the client's own database and login file.
client() { local c=$1; shift; XDG_CONFIG_HOME="$T/$c" TODO_DB="$T/$c.db" "$todo" "$@"; }
state() { client "$1" export | python3 -c '
import sys, json
print(json.dumps(sorted((t["uuid"], t["title"], t["description"], t["completed"], t["priority"], t["due"], t["tags"]) for t in json.load(sys.stdin))))'; }
titles() { client "$1" export | python3 -c 'import sys,json; print(sorted(t["title"] for t in json.load(sys.stdin)))'; }
id_of() { client "$1" --json list --search "$2" | python3 -c 'import sys,json; d=json.load(sys.stdin); print(d[0]["id"] if d else "")'; }

# Login: token kept with mode 0600, the user taken from the token.
client a add "Written before login" >/dev/null
run_todo_c() { local c=$1; shift; XDG_CONFIG_HOME="$T/$c" TODO_DB="$T/$c.db" run_todo "$@"; }
run_todo_c a login --server "$url" --token "$tok"
expect_rc "login" 0
expect_in "login names the user" "as alice" "$out"
expect_eq "login file is private" "$(stat -c %a "$T/a/todo/login.json")" "600"
run_todo_c a sync
expect_rc "first sync" 0
expect_in "summary line" "sent 1 change" "$out"
for c in b c; do client $c login --server "$url" --token "$tok" >/dev/null; done
run_todo_c b sync
expect_in "an empty client pulls everything" "received 1" "$out"
expect_eq "task made before login reached the other client" "$(titles b)" "['Written before login']"

# Edits to different fields on two machines both survive.
client a add "Call mom" >/dev/null; client a sync >/dev/null; client b sync >/dev/null
client a edit "$(id_of a 'Call mom')" --title "Call mom tonight" >/dev/null
client b edit "$(id_of b 'Call mom')" --priority high >/dev/null
client a sync >/dev/null; client b sync >/dev/null; client a sync >/dev/null
expect_eq "different fields: both kept (a)" "$(client a --json show "$(id_of a 'Call mom')" | python3 -c 'import sys,json;t=json.load(sys.stdin);print(t["title"],t["priority"])')" "Call mom tonight high"
expect_eq "clients a and b agree" "$(state a)" "$(state b)"
# Same field: the later edit wins everywhere.
client a edit "$(id_of a 'Call mom')" --desc "from a" >/dev/null
sleep 0.05
client b edit "$(id_of b 'Call mom')" --desc "from b" >/dev/null
client b sync >/dev/null; client a sync >/dev/null; client b sync >/dev/null
expect_eq "same field: the later edit wins" "$(client a --json show "$(id_of a 'Call mom')" | python3 -c 'import sys,json;print(json.load(sys.stdin)["description"])')" "from b"
# Completion on one side, a title edit on the other; then delete vs edit.
client a done "$(id_of a 'Call mom')" >/dev/null
client b edit "$(id_of b 'Call mom')" --title "Call mom and dad" >/dev/null
client a sync >/dev/null; client b sync >/dev/null; client a sync >/dev/null
expect_eq "completion and title edit both kept" "$(client b --json show "$(id_of b 'Call mom')" | python3 -c 'import sys,json;t=json.load(sys.stdin);print(t["title"],t["completed"])')" "Call mom and dad True"
client a rm "$(id_of a 'Call mom')" >/dev/null
client b edit "$(id_of b 'Call mom')" --due tomorrow >/dev/null
client b sync >/dev/null; client a sync >/dev/null; client b sync >/dev/null
expect_eq "delete wins over a later edit" "$(titles b)" "['Written before login']"
# Created and deleted before any sync: nowhere.
client a add "Never seen" >/dev/null; client a rm "$(id_of a 'Never seen')" >/dev/null
client a sync >/dev/null; client c sync >/dev/null
expect_eq "created and deleted offline: nowhere" "$(titles c)" "['Written before login']"

# The web API writes to the same server; the next pull sees it.
curl -s -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
	-d '{"title":"From the web"}' "$url/api/alice/tasks" >/dev/null
client c sync >/dev/null
expect_eq "a task added through the API reaches a client" "$(titles c)" "['From the web', 'Written before login']"

# Errors a person sees.
run_todo_c d sync
expect_rc "sync before login fails" 1
expect_in "sync before login says what to do" "todo login" "$err"
client d login --server "http://127.0.0.1:$(free_port)" --token "$tok" >/dev/null
client d add "Offline work" >/dev/null
run_todo_c d sync
expect_rc "unreachable server: failure" 1
expect_in "unreachable server: clear message" "cannot reach" "$err"
expect_in "unreachable server: nothing is lost" "nothing is lost" "$err"
# A token that expired an hour ago, signed with the right secret.
old=$(python3 -c '
import base64, hashlib, hmac, json, os, time
b = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()
m = b({"alg": "HS256", "typ": "JWT"}) + "." + b({"sub": "alice", "exp": int(time.time()) - 3600})
sig = hmac.new(os.environ["TODO_JWT_SECRET"].encode(), m.encode(), hashlib.sha256).digest()
print(m + "." + base64.urlsafe_b64encode(sig).rstrip(b"=").decode())')
client e login --server "$url" --token "$old" >/dev/null
run_todo_c e sync
expect_rc "expired token: failure" 1
expect_in "expired token says run todo login" "run todo login" "$err"
run_todo_c e login --server "ftp://x" --token "$tok"
expect_rc "login with a bad URL" 2
run_todo_c e login --server "$url" --token "not-a-jwt"
expect_rc "login with a bad token" 2
client d login --server "$url" --token "$tok" >/dev/null
run_todo_c d sync
expect_rc "offline work syncs once the server is reachable" 0
expect_in "and arrives" "Offline work" "$(titles d)"
# A server of another protocol version.
pyport=$(free_port)
python3 -c '
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        b = b"{\"protocol\": 2, \"results\": {}, \"changes\": [], \"cursor\": \"x\"}"
        self.send_response(200); self.send_header("Content-Length", str(len(b))); self.end_headers(); self.wfile.write(b)
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()' "$pyport" &
pypid=$!
sleep 0.5
client f login --server "http://127.0.0.1:$pyport" --token "$tok" >/dev/null
run_todo_c f sync
expect_in "another protocol version is named" "protocol 2" "$err"
kill $pypid 2>/dev/null; wait $pypid 2>/dev/null

# A client killed in the middle of a sync: the database is intact and the
# next sync completes without loss or duplicates.
for i in $(seq 1 400); do echo "{\"title\":\"Bulk $i\"}"; done | python3 -c 'import sys,json; print(json.dumps([json.loads(l) for l in sys.stdin]))' >"$T/bulk.json"
client g login --server "$url" --token "$tok" >/dev/null
client g import "$T/bulk.json" >/dev/null
( XDG_CONFIG_HOME="$T/g" TODO_DB="$T/g.db" "$todo" sync >/dev/null 2>&1 ) &
kpid=$!
sleep 0.3; kill -KILL $kpid 2>/dev/null; wait $kpid 2>/dev/null
expect_eq "killed client: database intact" "$(sqlite3 "$T/g.db" 'PRAGMA integrity_check')" "ok"
client g sync >/dev/null; client a sync >/dev/null
expect_eq "killed client: 400 tasks arrive exactly once" "$(client a export | python3 -c 'import sys,json;t=[x["title"] for x in json.load(sys.stdin) if x["title"].startswith("Bulk ")];print(len(t),len(set(t)))')" "400 400"

# The server killed and restarted between syncs loses nothing committed.
kill -KILL "$pid"; wait "$pid" 2>/dev/null
client a add "While the server was down" >/dev/null
run_todo_c a sync
expect_rc "sync while the server is down fails" 1
start_server
for c in a b c d g; do client $c login --server "$url" --token "$tok" >/dev/null; done
client a sync >/dev/null; client b sync >/dev/null
expect_in "after a restart the change goes through" "While the server was down" "$(titles b)"

# Random run through a proxy that cuts connections at random byte offsets:
# three clients, a few hundred actions, random syncs; then everyone syncs
# twice directly and all hold the same tasks, none lost or doubled.
for seed in 7 42; do
	ptok=$("$srv" token "rand$seed")
	pport=$(free_port)
	python3 "$here/faultproxy.py" "$pport" "${url##*:}" "$seed" 35 &
	ppid=$!
	sleep 0.3
	for c in r1 r2 r3; do rm -rf "$T/$c" "$T/$c.db"*; client $c login --server "http://127.0.0.1:$pport" --token "$ptok" >/dev/null; done
	python3 - "$seed" "$todo" "$T" >"$T/rand.log" 2>&1 <<'PY'
import json, os, random, subprocess, sys
seed, todo, T = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rng = random.Random(seed)
def run(c, *args):
    env = dict(os.environ, XDG_CONFIG_HOME=f"{T}/{c}", TODO_DB=f"{T}/{c}.db", TODO_SYNC_BACKOFF_MS="20")
    return subprocess.run([todo, *args], env=env, capture_output=True, text=True, timeout=120)
made = 0
for step in range(150):
    c = rng.choice(["r1", "r2", "r3"])
    tasks = json.loads(run(c, "--json", "list").stdout or "[]")
    act = rng.random()
    if act < 0.3 or not tasks:
        run(c, "add", f"Task {seed}-{made}"); made += 1
    elif act < 0.45:
        run(c, "edit", str(rng.choice(tasks)["id"]), "--title", f"Renamed {step}")
    elif act < 0.55:
        run(c, "done" if rng.random() < 0.5 else "undone", str(rng.choice(tasks)["id"]))
    elif act < 0.65:
        run(c, "edit", str(rng.choice(tasks)["id"]), "--priority", rng.choice(["low", "high", "none"]))
    elif act < 0.72:
        run(c, "rm", str(rng.choice(tasks)["id"]))
    else:
        r = run(c, "sync")
        if "AddressSanitizer" in r.stderr or "runtime error" in r.stderr:
            print("SANITIZER", r.stderr[:2000]); sys.exit(1)
PY
	rc=$?
	expect_eq "seed $seed: random run finished cleanly" "$rc" 0
	kill $ppid 2>/dev/null; wait $ppid 2>/dev/null
	for c in r1 r2 r3; do client $c login --server "$url" --token "$ptok" >/dev/null; done
	for round in 1 2; do for c in r1 r2 r3; do client $c sync >/dev/null 2>&1; done; done
	s1=$(state r1); s2=$(state r2); s3=$(state r3)
	expect_eq "seed $seed: r1 and r2 converge" "$s1" "$s2"
	expect_eq "seed $seed: r2 and r3 converge" "$s2" "$s3"
	expect_eq "seed $seed: no task twice" "$(printf '%s' "$s1" | python3 -c 'import sys,json;u=[t[0] for t in json.load(sys.stdin)];print(len(u)==len(set(u)))')" "True"
	server_side=$(curl -s -H "Authorization: Bearer $ptok" "$url/api/rand$seed/tasks" | python3 -c 'import sys,json;print(len(json.load(sys.stdin)))')
	expect_eq "seed $seed: the server holds the same number of tasks" "$server_side" "$(printf '%s' "$s1" | python3 -c 'import sys,json;print(len(json.load(sys.stdin)))')"
done
stop_server
finish
