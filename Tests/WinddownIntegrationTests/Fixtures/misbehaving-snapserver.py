#!/usr/bin/python3
"""A Snapcast server that misbehaves on purpose, for winddown's tests.

Its JSON-RPC port first sends a line that is not JSON, refuses the
first Client.SetVolume with the error snapserver itself gives for an
unknown client, and otherwise answers like snapserver 0.26. Its stream
source accepts winddown's connection and never reads from it.

usage: misbehaving-snapserver.py CONTROL_PORT STREAM_PORT
"""
import json
import socket
import sys
import threading

control_port, stream_port = int(sys.argv[1]), int(sys.argv[2])

status = {
    "server": {
        "groups": [
            {"id": "g-a", "stream_id": "winddown", "clients": [
                {"id": "roomA", "connected": True, "host": {"name": "a"},
                 "config": {"name": "", "volume": {"muted": False, "percent": 60}}}]},
            {"id": "g-b", "stream_id": "winddown", "clients": [
                {"id": "roomB", "connected": True, "host": {"name": "b"},
                 "config": {"name": "", "volume": {"muted": False, "percent": 60}}}]},
        ],
        "streams": [{"id": "winddown", "status": "idle", "uri": {
            "scheme": "tcp", "host": "127.0.0.1:%d" % stream_port,
            "raw": "tcp://127.0.0.1:%d/?mode=server&name=winddown" % stream_port,
            "query": {"mode": "server", "name": "winddown"}}}],
    }
}
refused = False


def serve_control(connection):
    global refused
    connection.sendall(b"<html>not json-rpc\n")
    reader = connection.makefile("rb")
    for line in reader:
        request = json.loads(line)
        if request["method"] == "Server.GetStatus":
            reply = {"id": request["id"], "jsonrpc": "2.0", "result": status}
        elif request["method"] == "Client.SetVolume" and not refused:
            refused = True
            reply = {"id": request["id"], "jsonrpc": "2.0",
                     "error": {"code": -32603, "message": "Internal error", "data": "Client not found"}}
        else:
            reply = {"id": request["id"], "jsonrpc": "2.0", "result": {}}
        connection.sendall((json.dumps(reply) + "\n").encode())


def listen(port, small_buffer):
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if small_buffer:
        # Inherited by what it accepts: a reader that never reads fills up soon.
        server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    server.bind(("127.0.0.1", port))
    server.listen(4)
    return server


control = listen(control_port, False)
stream = listen(stream_port, True)
held = []


def accept_streams():
    while True:
        connection, _ = stream.accept()
        held.append(connection)  # never read


threading.Thread(target=accept_streams, daemon=True).start()
print("listening", flush=True)
while True:
    connection, _ = control.accept()
    threading.Thread(target=serve_control, args=(connection,), daemon=True).start()
