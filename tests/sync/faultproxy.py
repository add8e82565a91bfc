#!/usr/bin/env python3
"""A TCP proxy for sync tests that cuts connections at random byte offsets.

Usage: faultproxy.py LISTEN_PORT TARGET_PORT SEED CUT_PERCENT
Each accepted connection is forwarded to 127.0.0.1:TARGET_PORT. With
probability CUT_PERCENT it is cut after a random number of bytes in one
direction (request or reply), so the server may or may not have committed.
Loopback only; stops when killed.
"""
import random
import socket
import sys
import threading

listen_port, target_port, seed, cut = (int(a) for a in sys.argv[1:5])
rng = random.Random(seed)
lock = threading.Lock()


def pipe(src, dst, limit, done):
    sent = 0
    try:
        while True:
            data = src.recv(4096)
            if not data:
                break
            if limit is not None and sent + len(data) > limit:
                dst.sendall(data[: max(0, limit - sent)])
                break
            dst.sendall(data)
            sent += len(data)
    except OSError:
        pass
    finally:
        done.set()


def handle(client):
    with lock:
        cut_here = rng.randrange(100) < cut
        where = rng.choice(["up", "down"])
        offset = rng.randrange(0, 600)
    try:
        server = socket.create_connection(("127.0.0.1", target_port))
    except OSError:
        client.close()
        return
    done = threading.Event()
    up = threading.Thread(target=pipe, args=(client, server, offset if cut_here and where == "up" else None, done))
    down = threading.Thread(target=pipe, args=(server, client, offset if cut_here and where == "down" else None, done))
    up.start()
    down.start()
    if cut_here:
        done.wait()
    else:
        down.join()
    for s in (client, server):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()


sock = socket.socket()
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("127.0.0.1", listen_port))
sock.listen(64)
while True:
    c, _ = sock.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
