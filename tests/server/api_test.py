#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# HTTP client tests for todo-server (standard library only): every route and
# status, user isolation, token attacks, concurrency, slow clients, CORS.
# Prints one PASS/FAIL line per check. Usage:
#   api_test.py main URL STATE      the main suite; writes STATE for later
#   api_test.py restart URL STATE   after a server restart: history intact,
#                                   ChatKit session against a fake upstream
import base64
import hashlib
import hmac
import http.client
import http.server
import json
import os
import socket
import sys
import threading
import time
import urllib.parse

SECRET = os.environ["TODO_JWT_SECRET"].encode()
failed = 0


def check(name, cond, info=""):
    global failed
    if cond:
        print(f"PASS {name}")
    else:
        failed += 1
        print(f"FAIL {name}{': ' + str(info)[:400] if info != '' else ''}")
    sys.stdout.flush()
    return cond


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(sub="alice", exp_in=3600, alg="HS256", secret=SECRET, claims=None, header=None):
    now = int(time.time())
    h = header if header is not None else {"alg": alg, "typ": "JWT"}
    p = {"sub": sub, "iat": now}
    if exp_in is not None:
        p["exp"] = now + exp_in
    if claims:
        p.update(claims)
    signing = b64(json.dumps(h).encode()) + "." + b64(json.dumps(p).encode())
    if alg == "none":
        return signing + "."
    digest = {"HS256": hashlib.sha256, "HS512": hashlib.sha512}.get(alg, hashlib.sha256)
    sig = hmac.new(secret, signing.encode(), digest).digest()
    return signing + "." + b64(sig)


class Resp:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.raw = status, headers, body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    def __repr__(self):
        return f"{self.status} {self.raw[:300]!r}"


def request(method, path, body=None, tok=None, headers=None, raw=None):
    u = urllib.parse.urlparse(BASE)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=15)
    h = dict(headers or {})
    if tok is not None:
        h["Authorization"] = "Bearer " + tok
    data = raw
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    c.request(method, path, body=data, headers=h)
    r = c.getresponse()
    resp = Resp(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    c.close()
    return resp


TASK_KEYS = {"id", "uuid", "user_id", "title", "description", "completed", "priority", "due",
             "tags", "created_at", "updated_at", "completed_at"}
MSG_KEYS = {"id", "conversation_id", "user_id", "role", "content", "created_at"}


def detail_ok(r):
    return isinstance(r.json, dict) and isinstance(r.json.get("detail"), str)


def suite_basics():
    r = request("GET", "/health")
    check("health 200", r.status == 200 and r.json == {"status": "ok"}, r)
    r = request("GET", "/nope")
    check("unknown route 404", r.status == 404 and detail_ok(r), r)
    r = request("GET", "/api/alice/tasks/1/nope", tok=A)
    check("unknown nested route 404", r.status == 404, r)
    r = request("DELETE", "/api/alice/tasks", tok=A)
    check("wrong method 405", r.status == 405 and detail_ok(r), r)
    check("405 has Allow", "POST" in r.headers.get("allow", "") and "GET" in r.headers.get("allow", ""), r.headers)
    r = request("POST", "/health")
    check("POST /health 405", r.status == 405, r)
    r = request("GET", "/api/alice/tasks/", tok=A)
    check("trailing slash tolerated", r.status == 200, r)
    r = request("HEAD", "/health")
    check("HEAD /health 200 without body", r.status == 200 and r.raw == b"", r)
    r = request("GET", "/api//tasks", tok=A)
    check("empty user segment 404", r.status == 404, r)
    r = request("GET", "/api/" + "u" * 200 + "/tasks", tok=A)
    check("overlong user segment 404", r.status == 404, r)
    # Keep-alive: several requests on one connection.
    u = urllib.parse.urlparse(BASE)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=15)
    statuses = []
    for _ in range(5):
        c.request("GET", "/api/alice/tasks", headers={"Authorization": "Bearer " + A})
        rr = c.getresponse()
        rr.read()
        statuses.append(rr.status)
    c.close()
    check("keep-alive connection serves 5 requests", statuses == [200] * 5, statuses)


def suite_tokens():
    p = "/api/alice/tasks"
    cases = [
        ("no header", None, None),
        ("wrong secret", "Bearer " + token(secret=b"not-the-secret"), None),
        ("alg none", "Bearer " + token(alg="none"), None),
        ("alg none unsigned header", "Bearer " + token(header={"alg": "none"}) , None),
        ("alg HS512", "Bearer " + token(alg="HS512"), None),
        ("alg RS256 header", "Bearer " + token(header={"alg": "RS256", "typ": "JWT"}), None),
        ("expired", "Bearer " + token(exp_in=-3600), None),
        ("missing exp", "Bearer " + token(exp_in=None), None),
        ("exp not a number", "Bearer " + token(exp_in=None, claims={"exp": "never"}), None),
        ("nbf in the future", "Bearer " + token(claims={"nbf": int(time.time()) + 3600}), None),
        ("garbage", "Bearer abc", None),
        ("garbage dots", "Bearer a.b.c", None),
        ("four parts", "Bearer " + A + ".x", None),
        ("empty bearer", "Bearer ", None),
        ("basic scheme", "Basic " + base64.b64encode(b"alice:pw").decode(), None),
        ("token without scheme", A, None),
        ("missing sub", "Bearer " + token(sub=None), None),
        ("empty sub", "Bearer " + token(sub=""), None),
        ("tampered payload", "Bearer " + A.split(".")[0] + "." + b64(json.dumps(
            {"sub": "alice", "exp": int(time.time()) + 99999999}).encode()) + "." + A.split(".")[2], None),
    ]
    for name, hdr, _ in cases:
        h = {"Authorization": hdr} if hdr is not None else {}
        r = request("GET", p, headers=h)
        check(f"token {name} -> 401", r.status == 401 and detail_ok(r), r)
        if name == "no header":
            check("401 has WWW-Authenticate", "bearer" in r.headers.get("www-authenticate", "").lower(), r.headers)
    for scheme in ("bearer", "BEARER", "Bearer", "bEaReR"):
        r = request("GET", p, headers={"Authorization": f"{scheme} {A}"})
        check(f"scheme '{scheme}' accepted", r.status == 200, r)
    r = request("GET", p, tok=token(claims={"nbf": int(time.time()) - 10}))
    check("nbf in the past accepted", r.status == 200, r)
    r = request("GET", p, tok=token(alg="HS256", header={"alg": "HS256"}))
    check("header without typ accepted", r.status == 200, r)
    # A token for bob on alice's path is a 403, not a 401.
    r = request("GET", p, tok=B)
    check("other user's path -> 403", r.status == 403 and detail_ok(r), r)
    # /health needs no token.
    check("health without token", request("GET", "/health").status == 200)


def suite_crud():
    r = request("POST", "/api/alice/tasks", {"title": "  Call mom  ", "description": "about sunday",
                                              "due": "2026-03-11", "priority": "high",
                                              "tags": ["Family", "#phone"], "extra": {"x": 1}}, A)
    check("create 201", r.status == 201, r)
    t = r.json or {}
    check("create task shape", set(t) == TASK_KEYS, sorted(t))
    check("create trims title", t.get("title") == "Call mom", t)
    check("create fields", t.get("description") == "about sunday" and t.get("due") == "2026-03-11"
          and t.get("priority") == "high" and t.get("tags") == ["family", "phone"]
          and t.get("completed") is False and t.get("completed_at") is None
          and t.get("user_id") == "alice", t)
    check("create has uuid and timestamps", len(t.get("uuid", "")) == 36
          and str(t.get("created_at", "")).endswith("Z"), t)
    tid = t.get("id")
    r = request("GET", f"/api/alice/tasks/{tid}", tok=A)
    check("get 200", r.status == 200 and r.json == t, r)

    r = request("POST", "/api/alice/tasks", {"title": "Minimal"}, A)
    check("create minimal", r.status == 201 and r.json["description"] == "" and r.json["due"] is None
          and r.json["priority"] == "none" and r.json["tags"] == [], r)
    r = request("POST", "/api/alice/tasks", {"title": "Phrase due", "due": "tomorrow"}, A)
    check("create with due phrase", r.status == 201 and r.json["due"] == "2026-03-11", r)
    r = request("POST", "/api/alice/tasks", {"title": "Null fields", "due": None, "description": None,
                                              "tags": None, "priority": None}, A)
    check("create with nulls", r.status == 201 and r.json["due"] is None, r)

    r = request("PUT", f"/api/alice/tasks/{tid}", {"title": "Call mom tonight"}, A)
    check("put 200", r.status == 200, r)
    u = r.json or {}
    check("put changes only title", u.get("title") == "Call mom tonight" and u.get("description") == "about sunday"
          and u.get("due") == "2026-03-11" and u.get("priority") == "high"
          and u.get("tags") == ["family", "phone"], u)
    r = request("PUT", f"/api/alice/tasks/{tid}", {"due": None, "priority": "low", "tags": [], "completed": True}, A)
    u = r.json or {}
    check("put clears and completes", r.status == 200 and u.get("due") is None and u.get("priority") == "low"
          and u.get("tags") == [] and u.get("completed") is True and u.get("completed_at"), r)
    r = request("PUT", f"/api/alice/tasks/{tid}", {}, A)
    check("put empty object keeps task", r.status == 200 and r.json.get("title") == "Call mom tonight", r)

    r = request("PATCH", f"/api/alice/tasks/{tid}/complete", tok=A)
    check("patch toggles to pending", r.status == 200 and r.json["completed"] is False
          and r.json["completed_at"] is None, r)
    r = request("PATCH", f"/api/alice/tasks/{tid}/complete", tok=A)
    check("patch toggles to completed", r.status == 200 and r.json["completed"] is True, r)

    r = request("POST", "/api/alice/tasks", {"title": "To delete"}, A)
    did = r.json["id"]
    r = request("DELETE", f"/api/alice/tasks/{did}", tok=A)
    check("delete 204 empty", r.status == 204 and r.raw == b"", r)
    check("get deleted 404", request("GET", f"/api/alice/tasks/{did}", tok=A).status == 404)
    check("delete again 404", request("DELETE", f"/api/alice/tasks/{did}", tok=A).status == 404)
    check("put deleted 404", request("PUT", f"/api/alice/tasks/{did}", {"title": "x"}, A).status == 404)
    check("patch deleted 404", request("PATCH", f"/api/alice/tasks/{did}/complete", tok=A).status == 404)
    return tid


def suite_list():
    r = request("GET", "/api/alice/tasks", tok=A)
    check("list 200 array", r.status == 200 and isinstance(r.json, list), r)
    ids = [t["id"] for t in r.json]
    check("list newest first", ids == sorted(ids, reverse=True) and len(ids) >= 4, ids)
    check("list items shape", all(set(t) == TASK_KEYS for t in r.json))
    pend = request("GET", "/api/alice/tasks?status=pending", tok=A).json
    done = request("GET", "/api/alice/tasks?status=completed", tok=A).json
    allt = request("GET", "/api/alice/tasks?status=all", tok=A).json
    check("status pending", pend and all(not t["completed"] for t in pend), pend)
    check("status completed", done and all(t["completed"] for t in done), done)
    check("status all = pending + completed", len(allt) == len(pend) + len(done) == len(ids))
    r = request("GET", "/api/alice/tasks?status=bogus", tok=A)
    check("bad status 422", r.status == 422 and detail_ok(r), r)
    request("POST", "/api/alice/tasks", {"title": "Tagged work", "tags": ["work"], "priority": "medium",
                                         "due": "2026-03-10"}, A)
    r = request("GET", "/api/alice/tasks?tag=work", tok=A)
    check("tag filter", r.status == 200 and [t["title"] for t in r.json] == ["Tagged work"], r)
    r = request("GET", "/api/alice/tasks?priority=medium", tok=A)
    check("priority filter", r.status == 200 and [t["title"] for t in r.json] == ["Tagged work"], r)
    r = request("GET", "/api/alice/tasks?q=TAGGED", tok=A)
    check("q filter", r.status == 200 and [t["title"] for t in r.json] == ["Tagged work"], r)
    r = request("GET", "/api/alice/tasks?due=today", tok=A)
    check("due filter", r.status == 200 and "Tagged work" in [t["title"] for t in r.json], r)
    check("bad due filter 422", request("GET", "/api/alice/tasks?due=never", tok=A).status == 422)
    check("bad priority filter 422", request("GET", "/api/alice/tasks?priority=urgentest", tok=A).status == 422)
    r = request("GET", "/api/alice/tasks?limit=2", tok=A)
    check("limit", r.status == 200 and len(r.json) == 2, r)
    check("bad limit 422", request("GET", "/api/alice/tasks?limit=x", tok=A).status == 422)


def suite_validation(tid):
    p = "/api/alice/tasks"
    bad = [
        ("bad json", dict(raw=b"{\"title\": ", headers={"Content-Type": "application/json"}), (400,)),
        ("trailing garbage", dict(raw=b"{\"title\": \"x\"} x"), (400,)),
        ("empty body", dict(raw=b""), (400, 422)),
        ("array body", dict(body=[{"title": "x"}]), (422,)),
        ("string body", dict(body="x"), (422,)),
        ("missing title", dict(body={"description": "x"}), (422,)),
        ("empty title", dict(body={"title": "   "}), (422,)),
        ("long title", dict(body={"title": "x" * 501}), (422,)),
        ("title number", dict(body={"title": 5}), (422,)),
        ("title null", dict(body={"title": None}), (422,)),
        ("title NUL", dict(raw=b'{"title": "a\\u0000b"}'), (422,)),
        ("raw NUL byte", dict(raw=b'{"title": "a\x00b"}'), (400, 422)),
        ("title control char", dict(body={"title": "a\u0001b"}), (422,)),
        ("description number", dict(body={"title": "x", "description": 3}), (422,)),
        ("priority unknown", dict(body={"title": "x", "priority": "urgentest"}), (422,)),
        ("priority number", dict(body={"title": "x", "priority": 1}), (422,)),
        ("tags string", dict(body={"title": "x", "tags": "work"}), (422,)),
        ("tags numbers", dict(body={"title": "x", "tags": [1]}), (422,)),
        ("tag with space", dict(body={"title": "x", "tags": ["a b"]}), (422,)),
        ("completed string", dict(body={"title": "x", "completed": "yes"}), (422,)),
        ("due garbage", dict(body={"title": "x", "due": "whenever I like"}), (422,)),
        ("due number", dict(body={"title": "x", "due": 20260311}), (422,)),
        ("invalid utf-8", dict(raw=b'{"title": "\xff\xfe"}'), (400, 422)),
    ]
    before = len(request("GET", p, tok=A).json)
    for name, kw, want in bad:
        r = request("POST", p, tok=A, **kw)
        check(f"create {name} -> {'/'.join(map(str, want))}", r.status in want and detail_ok(r), r)
    after = len(request("GET", p, tok=A).json)
    check("bad creates stored nothing", before == after, (before, after))
    r = request("POST", p, {"title": "y" * 500}, A)
    check("500-char title ok", r.status == 201, r)
    evil = "x'); DROP TABLE tasks; -- \" $1 ? %s"
    r = request("POST", p, {"title": evil, "description": "'; DELETE FROM tasks; --"}, A)
    check("SQL-looking title stored verbatim", r.status == 201 and r.json["title"] == evil
          and request("GET", f"{p}/{r.json['id']}", tok=A).json["title"] == evil, r)
    r = request("GET", p + "?q=" + urllib.parse.quote("'; DROP"), tok=A)
    check("SQL-looking search is just text", r.status == 200 and r.json == [], r)
    r = request("POST", p, {"title": "Ünïcödé ✓ 日本"}, A)
    check("unicode title round trip", r.status == 201 and r.json["title"] == "Ünïcödé ✓ 日本", r)
    orig = request("GET", f"{p}/{tid}", tok=A).json
    for name, body in [("null title", {"title": None}), ("empty title", {"title": ""}),
                       ("bad priority", {"priority": "x"}), ("completed 1", {"completed": 1}),
                       ("NUL title", None)]:
        kw = dict(body=body) if body is not None else dict(raw=b'{"title": "x\\u0000"}')
        r = request("PUT", f"{p}/{tid}", tok=A, **kw)
        check(f"put {name} -> 422", r.status == 422 and detail_ok(r), r)
    check("bad puts changed nothing", request("GET", f"{p}/{tid}", tok=A).json == orig)
    r = request("PUT", f"{p}/{tid}", tok=A, raw=b"not json")
    check("put bad json 400", r.status == 400, r)
    # Ids that no task can have.
    for bad_id in ["99999999999999999999", "9223372036854775808", "-1", "abc", "0", "1.5", "1e3", "%20"]:
        for m, suffix, body in [("GET", "", None), ("PUT", "", {"title": "x"}), ("DELETE", "", None),
                                ("PATCH", "/complete", None)]:
            r = request(m, f"{p}/{bad_id}{suffix}", body, A)
            check(f"{m} id {bad_id} -> 404/422", r.status in (404, 422) and detail_ok(r), r)
        r = request("GET", f"/api/alice/conversations/{bad_id}/messages", tok=A)
        check(f"messages id {bad_id} -> 404/422", r.status in (404, 422), r)
    check("bad ids changed nothing", request("GET", f"{p}/{tid}", tok=A).json == orig)


def suite_big_body():
    body = b'{"title": "' + b"x" * (1024 * 1024) + b'"}'
    r = request("POST", "/api/alice/tasks", tok=A, raw=body)
    check("body over 1 MiB -> 413", r.status == 413 and detail_ok(r), r)
    r = request("POST", "/api/alice/tasks", tok=A, raw=b"x" * (1024 * 1024 + 1))
    check("1 MiB + 1 junk -> 413", r.status == 413, r)
    # Just under the cap is read (and refused for its title, not its size).
    body = b'{"title": "ok", "description": "' + b"d" * (1024 * 1024 - 64) + b'"}'
    r = request("POST", "/api/alice/tasks", tok=A, raw=body)
    check("body under 1 MiB is read", r.status == 422 and "description" in r.json["detail"], r)
    # A chunked body (no Content-Length) is capped as it arrives.
    u = urllib.parse.urlparse(BASE)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=15)
    chunks = (b"x" * 65536 for _ in range(20))
    c.request("POST", "/api/alice/tasks", body=chunks, encode_chunked=True,
              headers={"Authorization": "Bearer " + A, "Transfer-Encoding": "chunked"})
    r = c.getresponse()
    check("chunked body over 1 MiB -> 413", r.status == 413, r.status)
    r.read()
    c.close()
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=15)
    c.request("POST", "/api/alice/tasks", body=iter([b'{"title": ', b'"chunked"}']), encode_chunked=True,
              headers={"Authorization": "Bearer " + A, "Transfer-Encoding": "chunked"})
    r = c.getresponse()
    check("small chunked body accepted", r.status == 201 and json.loads(r.read())["title"] == "chunked", r.status)
    c.close()
    # A huge declared length is refused without reading it.
    u = urllib.parse.urlparse(BASE)
    s = socket.create_connection((u.hostname, u.port), timeout=10)
    s.sendall(b"POST /api/alice/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + A.encode()
              + b"\r\nContent-Length: 1073741824\r\n\r\n")
    data = s.recv(4096)
    s.close()
    check("declared 1 GiB -> 413 at once", data.startswith(b"HTTP/1.1 413"), data[:100])


def suite_isolation(tid):
    # Alice's task and conversation; bob tries everything.
    r = request("POST", "/api/alice/chat", {"message": "hello"}, A)
    cid = r.json["conversation_id"]
    snap_task = request("GET", f"/api/alice/tasks/{tid}", tok=A).json
    snap_list = request("GET", "/api/alice/tasks", tok=A).json
    snap_msgs = request("GET", f"/api/alice/conversations/{cid}/messages", tok=A).json
    # Bob's token on alice's path: 403 everywhere.
    for m, path, body in [("GET", "/api/alice/tasks", None), ("POST", "/api/alice/tasks", {"title": "evil"}),
                          ("GET", f"/api/alice/tasks/{tid}", None),
                          ("PUT", f"/api/alice/tasks/{tid}", {"title": "evil"}),
                          ("DELETE", f"/api/alice/tasks/{tid}", None),
                          ("PATCH", f"/api/alice/tasks/{tid}/complete", None),
                          ("POST", "/api/alice/chat", {"message": "delete task 1", "conversation_id": cid}),
                          ("POST", "/api/alice/chat/session", None),
                          ("GET", "/api/alice/conversations", None),
                          ("GET", f"/api/alice/conversations/{cid}/messages", None)]:
        r = request(m, path, body, B)
        check(f"bob {m} {path.replace(str(tid), 'ID')} on alice's path -> 403", r.status == 403, r)
    # Bob's path with alice's ids: 404, nothing changes.
    for m, path, body in [("GET", f"/api/bob/tasks/{tid}", None),
                          ("PUT", f"/api/bob/tasks/{tid}", {"title": "evil"}),
                          ("DELETE", f"/api/bob/tasks/{tid}", None),
                          ("PATCH", f"/api/bob/tasks/{tid}/complete", None),
                          ("GET", f"/api/bob/conversations/{cid}/messages", None)]:
        r = request(m, path, body, B)
        check(f"bob {m} alice's id under bob -> 404", r.status == 404 and detail_ok(r), r)
    r = request("POST", "/api/bob/chat", {"message": "show my tasks", "conversation_id": cid}, B)
    check("bob chat in alice's conversation -> 404", r.status == 404, r)
    check("bob sees no tasks", request("GET", "/api/bob/tasks", tok=B).json == [])
    check("bob sees no conversations", request("GET", "/api/bob/conversations", tok=B).json == [])
    check("alice's task unchanged", request("GET", f"/api/alice/tasks/{tid}", tok=A).json == snap_task)
    check("alice's list unchanged", request("GET", "/api/alice/tasks", tok=A).json == snap_list)
    check("alice's messages unchanged",
          request("GET", f"/api/alice/conversations/{cid}/messages", tok=A).json == snap_msgs)
    # Bob's own task is invisible to alice under her path.
    bt = request("POST", "/api/bob/tasks", {"title": "Bob's"}, B).json["id"]
    check("alice gets bob's id -> 404", request("GET", f"/api/alice/tasks/{bt}", tok=A).status == 404)
    check("alice deletes bob's id -> 404", request("DELETE", f"/api/alice/tasks/{bt}", tok=A).status == 404)
    check("bob's task survives", request("GET", f"/api/bob/tasks/{bt}", tok=B).status == 200)


def suite_chat():
    r = request("POST", "/api/alice/chat", {"message": "add a task to buy milk"}, A)
    check("chat 200", r.status == 200, r)
    j = r.json or {}
    check("chat shape", set(j) == {"conversation_id", "response", "tool_calls"}
          and isinstance(j.get("conversation_id"), int) and isinstance(j.get("response"), str)
          and isinstance(j.get("tool_calls"), list), j)
    cid = j.get("conversation_id")
    r = request("POST", "/api/alice/chat", {"message": "show my tasks", "conversation_id": cid,
                                             "unknown": True}, A)
    check("chat continues conversation", r.status == 200 and r.json["conversation_id"] == cid, r)
    r = request("POST", "/api/alice/chat", {"message": "new one", "conversation_id": None}, A)
    check("chat null conversation starts new", r.status == 200 and r.json["conversation_id"] != cid, r)
    newest = r.json["conversation_id"]
    for name, body, want in [("missing message", {}, 422), ("message number", {"message": 5}, 422),
                             ("conversation_id string", {"message": "x", "conversation_id": "abc"}, 422),
                             ("conversation_id float", {"message": "x", "conversation_id": 1.5}, 422),
                             ("unknown conversation", {"message": "x", "conversation_id": 999999}, 404),
                             ("negative conversation", {"message": "x", "conversation_id": -1}, 404),
                             ("huge conversation", {"message": "x", "conversation_id": 1e30}, 404)]:
        r = request("POST", "/api/alice/chat", body, A)
        check(f"chat {name} -> {want}", r.status == want and detail_ok(r), r)
    r = request("POST", "/api/alice/chat", tok=A, raw=b"{bad")
    check("chat bad json 400", r.status == 400, r)
    r = request("GET", "/api/alice/conversations", tok=A)
    check("conversations 200", r.status == 200 and isinstance(r.json, list) and r.json, r)
    check("conversations latest first", [c["id"] for c in r.json][:2] == [newest, cid], r.json[:2])
    check("conversations shape", all(set(c) == {"id", "user_id", "created_at", "updated_at"}
                                     and c["user_id"] == "alice" for c in r.json), r)
    r = request("GET", f"/api/alice/conversations/{cid}/messages", tok=A)
    msgs = r.json or []
    check("messages 200", r.status == 200 and len(msgs) == 4, r)
    check("messages shape", all(set(m) == MSG_KEYS for m in msgs), msgs[:1])
    check("messages oldest first", [m["id"] for m in msgs] == sorted(m["id"] for m in msgs)
          and [m["role"] for m in msgs] == ["user", "assistant", "user", "assistant"]
          and msgs[0]["content"] == "add a task to buy milk", msgs)
    check("unknown conversation messages 404",
          request("GET", "/api/alice/conversations/999999/messages", tok=A).status == 404)
    r = request("POST", "/api/alice/chat/session", tok=A)
    check("chat/session unconfigured 503", r.status == 503 and detail_ok(r), r)
    return cid


def suite_concurrency():
    before = len(request("GET", "/api/alice/tasks", tok=A).json)
    results = [None] * 50

    def worker(i):
        try:
            results[i] = request("POST", "/api/alice/tasks", {"title": f"concurrent {i}"}, A)
        except Exception as e:  # noqa: BLE001 - reported as a failure below
            results[i] = e
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ok = [r for r in results if isinstance(r, Resp) and r.status == 201]
    check("50 concurrent creates all 201", len(ok) == 50, [r for r in results if not (isinstance(r, Resp) and r.status == 201)][:3])
    ids = {r.json["id"] for r in ok}
    check("50 distinct ids", len(ids) == 50, len(ids))
    after = request("GET", "/api/alice/tasks", tok=A).json
    check("list grew by 50", len(after) == before + 50, (before, len(after)))
    # Concurrent toggles of one task: each PATCH is one transaction.
    tid = ok[0].json["id"]
    ths = [threading.Thread(target=request, args=("PATCH", f"/api/alice/tasks/{tid}/complete", None, A))
           for _ in range(10)]
    for t in ths:
        t.start()
    for t in ths:
        t.join()
    # Concurrent chats: new conversations, and turns of one conversation.
    first = request("POST", "/api/alice/chat", {"message": "hello"}, A).json["conversation_id"]
    out = [None] * 16

    def chat(i):
        body = {"message": f"add a task to buy thing {i}"}
        if i % 2:
            body["conversation_id"] = first
        try:
            out[i] = request("POST", "/api/alice/chat", body, A)
        except Exception as e:  # noqa: BLE001
            out[i] = e
    ths = [threading.Thread(target=chat, args=(i,)) for i in range(16)]
    for t in ths:
        t.start()
    for t in ths:
        t.join()
    check("16 concurrent chats all 200", all(isinstance(r, Resp) and r.status == 200 for r in out),
          [r for r in out if not (isinstance(r, Resp) and r.status == 200)][:2])
    news = {r.json["conversation_id"] for i, r in enumerate(out) if i % 2 == 0 and isinstance(r, Resp) and r.status == 200}
    check("8 new conversations", len(news) == 8 and first not in news, news)
    msgs = request("GET", f"/api/alice/conversations/{first}/messages", tok=A).json
    check("shared conversation: 9 turns in user/assistant pairs",
          [m["role"] for m in msgs] == ["user", "assistant"] * 9, [m["role"] for m in msgs])
    check("10 concurrent toggles cancel out", request("GET", f"/api/alice/tasks/{tid}", tok=A).json["completed"] is False)


def suite_slow():
    u = urllib.parse.urlparse(BASE)
    socks = []
    # Half-sent headers, half-sent body, and a silent connection.
    for data in [b"GET /api/alice/tasks HTTP/1.1\r\nHost: x\r\n",
                 b"POST /api/alice/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + A.encode()
                 + b"\r\nContent-Length: 100\r\n\r\n{\"tit",
                 b""]:
        for _ in range(4):
            s = socket.create_connection((u.hostname, u.port), timeout=10)
            if data:
                s.sendall(data)
            socks.append(s)
    t0 = time.time()
    r1 = request("GET", "/health")
    r2 = request("GET", "/api/alice/tasks?limit=1", tok=A)
    r3 = request("POST", "/api/alice/tasks", {"title": "while others are slow"}, A)
    dt = time.time() - t0
    check("slow clients do not block others", r1.status == 200 and r2.status == 200 and r3.status == 201
          and dt < 3, (r1, r2, r3, dt))
    for s in socks:
        s.close()


def suite_cors():
    ok_origin = "http://localhost:3000"
    r = request("GET", "/api/alice/tasks", tok=A, headers={"Origin": ok_origin})
    check("cors allowed origin echoed", r.headers.get("access-control-allow-origin") == ok_origin, r.headers)
    r = request("GET", "/api/alice/tasks", tok=A, headers={"Origin": "http://evil.example"})
    check("cors other origin not allowed", "access-control-allow-origin" not in r.headers, r.headers)
    r = request("OPTIONS", "/api/alice/tasks", headers={"Origin": ok_origin,
                                                       "Access-Control-Request-Method": "POST",
                                                       "Access-Control-Request-Headers": "authorization, content-type"})
    check("preflight 204", r.status in (200, 204), r)
    check("preflight allow origin", r.headers.get("access-control-allow-origin") == ok_origin, r.headers)
    check("preflight methods", "POST" in r.headers.get("access-control-allow-methods", ""), r.headers)
    check("preflight headers", "authorization" in r.headers.get("access-control-allow-headers", "").lower(), r.headers)
    r = request("OPTIONS", "/api/alice/tasks/5/complete", headers={"Origin": ok_origin,
                                                                  "Access-Control-Request-Method": "PATCH"})
    check("preflight PATCH route", "PATCH" in r.headers.get("access-control-allow-methods", ""), r.headers)
    r = request("OPTIONS", "/api/alice/tasks", headers={"Origin": "http://evil.example",
                                                       "Access-Control-Request-Method": "POST"})
    check("preflight other origin refused", "access-control-allow-origin" not in r.headers, r.headers)
    r = request("GET", "/api/alice/tasks", headers={"Origin": ok_origin})
    check("cors header on 401 too", r.status == 401 and r.headers.get("access-control-allow-origin") == ok_origin, r)


def suite_fuzz():
    # Seeded random requests: mutated bodies, odd paths and headers. Whatever
    # comes in, the answer is never a 5xx and the server stays up.
    import random
    rnd = random.Random(20260310)
    good = [b'{"title": "fuzz", "due": "2026-03-12", "priority": "high", "tags": ["a"]}',
            b'{"message": "add a task to fuzz", "conversation_id": null}',
            b'{"title": "x", "completed": true, "description": "d"}']
    pieces = [b"{", b"}", b"[", b"]", b'"', b"\\", b"\\u0000", b"\\ud800", b"null", b"1e999", b"-0",
              b"\xff", b"\x00", b",", b":", b"true", b'"title"', b"9" * 30, b"\xe2\x82", b" "]
    paths = ["/api/alice/tasks", "/api/alice/tasks/{n}", "/api/alice/tasks/{n}/complete",
             "/api/alice/chat", "/api/alice/conversations", "/api/alice/conversations/{n}/messages",
             "/api/alice/chat/session", "/health", "/api/{u}/tasks", "/{u}"]
    nums = ["1", "0", "-5", "abc", "1e5", "18446744073709551616", "%00", "%ff", "1%2F2", "%20", "0x10"]
    users = ["alice", "bob", "%00", "a%2Fb", "..", "ALICE", "alice%20"]
    bad5xx = []
    for i in range(300):
        m = rnd.choice(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
        path = rnd.choice(paths).replace("{n}", rnd.choice(nums)).replace("{u}", rnd.choice(users))
        if rnd.random() < 0.3:
            path += rnd.choice(["?status=", "?status=%00", "?limit=-1", "?limit=99999999999999999999",
                                "?q=%ff%fe", "?due=week&tag=%23a", "?priority=p1&offset=3"])
        body = bytearray(rnd.choice(good))
        for _ in range(rnd.randint(0, 4)):
            op = rnd.random()
            pos = rnd.randint(0, len(body))
            if op < 0.4:
                body[pos:pos] = rnd.choice(pieces)
            elif op < 0.7 and body:
                del body[pos:pos + rnd.randint(1, 5)]
            else:
                body[pos:pos] = bytes(rnd.randint(0, 255) for _ in range(rnd.randint(1, 4)))
        hdr = {"Authorization": rnd.choice(["Bearer " + A, "Bearer " + A, "bearer " + A, "Bearer " + A[:-3],
                                            "Bearer " + B, "Bearer", "Token x"])}
        if rnd.random() < 0.2:
            hdr["Origin"] = rnd.choice(["http://localhost:3000", "null", "x" * 300])
        try:
            r = request(m, path, tok=None, headers=hdr, raw=bytes(body) if m in ("POST", "PUT", "PATCH") else None)
        except Exception as e:  # noqa: BLE001 - a broken connection is a failure too
            bad5xx.append((m, path, repr(e)))
            continue
        if r.status >= 500 and not (path.endswith("/chat/session") and r.status == 503):
            bad5xx.append((m, path, bytes(body)[:80], r.status, r.raw[:120]))
    check("300 fuzzed requests: no 5xx, no dropped connection", not bad5xx, bad5xx[:3])
    check("server alive after fuzzing", request("GET", "/health").status == 200)


def phase_main(state):
    suite_basics()
    suite_tokens()
    tid = suite_crud()
    suite_list()
    suite_validation(tid)
    suite_big_body()
    suite_isolation(tid)
    cid = suite_chat()
    suite_concurrency()
    suite_slow()
    suite_cors()
    suite_fuzz()
    with open(state, "w") as f:
        json.dump({"conversation_id": cid, "task_id": tid,
                   "messages": request("GET", f"/api/alice/conversations/{cid}/messages", tok=A).json,
                   "task": request("GET", f"/api/alice/tasks/{tid}", tok=A).json}, f)


class FakeChatKit(http.server.BaseHTTPRequestHandler):
    seen = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        FakeChatKit.seen.append((self.path, dict(self.headers), json.loads(body)))
        out = json.dumps({"id": "cksess_1", "object": "chatkit.session", "client_secret": "ek_test_secret",
                          "expires_at": 0}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *a):
        pass


def phase_restart(state):
    with open(state) as f:
        st = json.load(f)
    cid = st["conversation_id"]
    r = request("GET", f"/api/alice/conversations/{cid}/messages", tok=A)
    check("history survives restart", r.status == 200 and r.json == st["messages"], r)
    check("task survives restart", request("GET", f"/api/alice/tasks/{st['task_id']}", tok=A).json == st["task"])
    r = request("POST", "/api/alice/chat", {"message": "what's pending?", "conversation_id": cid}, A)
    check("chat continues after restart", r.status == 200 and r.json["conversation_id"] == cid, r)
    msgs = request("GET", f"/api/alice/conversations/{cid}/messages", tok=A).json
    check("history grew by two", len(msgs) == len(st["messages"]) + 2 and msgs[:len(st["messages"])] == st["messages"]
          and msgs[-2]["content"] == "what's pending?", len(msgs))
    # ChatKit session against a fake upstream on FAKE_PORT.
    port = int(os.environ["FAKE_PORT"])
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), FakeChatKit)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    r = request("POST", "/api/alice/chat/session", tok=A)
    check("chat/session 200 with client_secret", r.status == 200 and r.json == {"client_secret": "ek_test_secret"}, r)
    if FakeChatKit.seen:
        path, hdrs, body = FakeChatKit.seen[0]
        hl = {k.lower(): v for k, v in hdrs.items()}
        check("chatkit upstream path", path == "/v1/chatkit/sessions", path)
        check("chatkit upstream headers", hl.get("authorization") == "Bearer sk-test"
              and hl.get("openai-beta") == "chatkit_beta=v1", hl)
        check("chatkit upstream body", body == {"workflow": {"id": "wf_test"}, "user": "alice"}, body)
    else:
        check("chatkit upstream called", False)
    srv.shutdown()
    srv.server_close()
    r = request("POST", "/api/alice/chat/session", tok=A)
    check("chat/session upstream down -> 502", r.status == 502 and detail_ok(r), r)


if __name__ == "__main__":
    phase, BASE, state_file = sys.argv[1], sys.argv[2].rstrip("/"), sys.argv[3]
    A = token("alice")
    B = token("bob")
    {"main": phase_main, "restart": phase_restart}[phase](state_file)
    sys.exit(1 if failed else 0)
