#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A scripted stand-in for an OpenAI-compatible Chat Completions server, for
# tests/llm/llm.sh. Standard library only.
#
#   fake_openai.py --script S.json --log L.jsonl --port-file P
#
# S.json is a list of responses, used one per POST in order:
#   {"json": {...}}                      200 with that body (application/json)
#   {"status": 429, "headers": {...}, "json": {...}}
#   {"sse": [chunk, ...], "done": true, "chunk_delay": 0.01, "split": 7}
#       chunk: an object (sent as "data: <json>\n\n") or a string sent as is;
#       done (default true) ends with "data: [DONE]"; split N writes the
#       stream in N-byte pieces so the client sees events cut anywhere
#   {"raw": "text", "content_type": "application/json"}
#   {"delay": 1.5, ...}                  waits before answering
#   {"hang": 30}                         says nothing for that long
# Past the end of the script every request gets a 500.
#
# Every request is appended to L.jsonl as {"method", "path", "headers"
# (lower-case names), "body"} before it is answered. Like OpenAI, requests
# whose messages break the tool-call pairing rules get a 400, so a client
# bug fails the test even when the script did not expect it.
import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
state = {"next": 0}
args = None


def check_messages(body):
    """The checks OpenAI makes on messages, as 400 error texts (or None)."""
    msgs = body.get("messages")
    if not isinstance(msgs, list) or not msgs:
        return "'messages' must be a non-empty array", "messages"
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "you must provide a model parameter", "model"
    pending = None  # ids of the last assistant tool_calls not yet answered
    for i, m in enumerate(msgs):
        role = m.get("role") if isinstance(m, dict) else None
        if role not in ("system", "user", "assistant", "tool"):
            return "invalid role", "messages.[%d].role" % i
        if role == "tool":
            if pending is None:
                return ("Invalid parameter: messages with role 'tool' must be a response "
                        "to a preceeding message with 'tool_calls'.", "messages.[%d].role" % i)
            tid = m.get("tool_call_id")
            if tid not in pending:
                return "tool_call_id %r does not match a pending tool call" % (tid,), \
                    "messages.[%d].tool_call_id" % i
            if not isinstance(m.get("content"), str):
                return "tool content must be a string", "messages.[%d].content" % i
            pending.discard(tid)
            continue
        if pending:
            return ("An assistant message with 'tool_calls' must be followed by tool messages "
                    "responding to each 'tool_call_id'. The following tool_call_ids did not "
                    "have response messages: %s" % ", ".join(sorted(pending)),
                    "messages.[%d].role" % i)
        pending = None
        if role == "assistant" and m.get("tool_calls"):
            pending = set()
            for c in m["tool_calls"]:
                fn = c.get("function") or {}
                if c.get("type") != "function" or not isinstance(c.get("id"), str) \
                        or not isinstance(fn.get("name"), str) \
                        or not isinstance(fn.get("arguments"), str):
                    return "malformed tool call %r" % (c,), "messages.[%d].tool_calls" % i
                try:
                    json.loads(fn["arguments"])  # must be JSON text
                except ValueError:
                    return "tool call arguments are not JSON", "messages.[%d].tool_calls" % i
                pending.add(c["id"])
        elif not isinstance(m.get("content"), str):
            return "content must be a string", "messages.[%d].content" % i
    if pending:
        return "tool calls without results at the end", "messages"
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # the body ends when the connection closes

    def log_message(self, fmt, *a):  # keep test logs quiet
        pass

    def send_json(self, status, obj, headers=None, ctype="application/json"):
        data = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, str(v))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.send_json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n)
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode("utf-8", "replace")
        with lock:
            entry = {"method": "POST", "path": self.path,
                     "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
            with open(args.log, "a") as f:
                f.write(json.dumps(entry) + "\n")
            with open(args.script) as f:
                script = json.load(f)
            i = state["next"]
            state["next"] += 1
        if self.path.rstrip("/") != "/v1/chat/completions":
            return self.send_json(404, {"error": {"message": "Unknown path " + self.path,
                                                  "type": "invalid_request_error"}})
        if not isinstance(body, dict):
            return self.send_json(400, {"error": {"message": "We could not parse the JSON body",
                                                  "type": "invalid_request_error"}})
        bad = check_messages(body)
        if bad:
            return self.send_json(400, {"error": {"message": bad[0], "type": "invalid_request_error",
                                                  "param": bad[1], "code": None}})
        if i >= len(script):
            return self.send_json(500, {"error": {"message": "fake_openai: script exhausted",
                                                  "type": "server_error"}})
        self.answer(script[i])

    def answer(self, r):
        if "hang" in r:
            time.sleep(r["hang"])
            return
        if "delay" in r:
            time.sleep(r["delay"])
        status = r.get("status", 200)
        headers = r.get("headers", {})
        if "raw" in r:
            return self.send_json(status, r["raw"].encode(), headers,
                                  r.get("content_type", "application/json"))
        if "json" in r:
            return self.send_json(status, r["json"], headers)
        if "sse" in r:
            self.send_response(status)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-cache")
            for k, v in headers.items():
                self.send_header(k, str(v))
            self.end_headers()
            events = []
            for c in r["sse"]:
                events.append(c if isinstance(c, str) else "data: " + json.dumps(c) + "\n\n")
            if r.get("done", True):
                events.append("data: [DONE]\n\n")
            split = r.get("split")
            for ev in events:
                data = ev.encode()
                pieces = [data[k:k + split] for k in range(0, len(data), split)] if split else [data]
                for p in pieces:
                    self.wfile.write(p)
                    self.wfile.flush()
                    if r.get("chunk_delay"):
                        time.sleep(r["chunk_delay"])
            return
        self.send_json(status, {})


def main():
    global args
    ap = argparse.ArgumentParser()
    ap.add_argument("--script", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--port-file", required=True)
    args = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
