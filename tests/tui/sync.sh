# The board syncs in the background when `todo login` set a server: a task
# added on another machine appears, an edit on the board reaches the server,
# and the header shows the sync state.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/tmux.sh"
srv=${TODO_SERVER_BIN:-$(dirname "$todo")/todo-server}
db=$T/server.db
export TODO_JWT_SECRET=tui-sync-secret
unset TODO_NOW
. "$(dirname "$0")/../lib/server.sh"
start_server
tok=$("$srv" token alice)
other() { XDG_CONFIG_HOME="$T/other" TODO_DB="$T/other.db" "$todo" "$@"; }
seed 2
"$todo" login --server "$url" --token "$tok" >/dev/null
other login --server "$url" --token "$tok" >/dev/null
board_start TODO_SYNC_INTERVAL=1
expect_screen "the header shows the sync state" '│ synced [0-9][0-9]:[0-9][0-9]' 100
other sync >/dev/null
expect_eq "the other machine got the board's tasks" "$(other --json list | python3 -c 'import sys,json;print(sorted(t["title"] for t in json.load(sys.stdin)))')" "['Task 1', 'Task 2']"
other add "Added on the other machine" >/dev/null
other sync >/dev/null
expect_screen "a task from the other machine appears on the board" 'Added on the other machine' 100
keys a
lit "Added on the board"
keys Enter
expect_screen "the board's add shows" 'Added on the board' 50
for _ in $(seq 1 50); do
	other sync >/dev/null
	other --json list | grep -q "Added on the board" && break
	sleep 0.2
done
expect_in "the board's add reached the other machine" "Added on the board" "$(other --json list)"
board_quit
stop_server
# Without a login the header says nothing about sync.
rm -f "$T/config/todo/login.json"
board_start
expect_no_screen "no sync state without a login" 'synced|sync failed' 5
board_quit "no login"
finish
