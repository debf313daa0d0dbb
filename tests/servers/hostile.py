"""Endpoints that are not well-behaved Lambda servers, for the safety tests.

usage: hostile.py MODE PORT
  hang      accepts connections and never answers
  trickle   answers one byte a second, forever
  html      answers 200 text/html to every request
  redirect  answers 307 to an AWS host to every request
  json200   answers 200 {} to every request
Prints "ready" once listening.
"""
import socket
import sys
import threading
import time

MODE, PORT = sys.argv[1], int(sys.argv[2])


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return False
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        rest += chunk
    return True


def answer(conn, status, ctype, body, extra=""):
    conn.sendall(
        (
            f"HTTP/1.1 {status}\r\ncontent-type: {ctype}\r\n"
            f"content-length: {len(body)}\r\n{extra}\r\n"
        ).encode()
        + body
    )


def serve(conn):
    try:
        while read_request(conn):
            if MODE == "hang":
                time.sleep(3600)
            elif MODE == "trickle":
                conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n")
                while True:
                    conn.sendall(b" ")
                    time.sleep(1)
            elif MODE == "html":
                answer(conn, "200 OK", "text/html", b"<html><body>It works!</body></html>")
            elif MODE == "redirect":
                answer(
                    conn,
                    "307 Temporary Redirect",
                    "text/plain",
                    b"",
                    "location: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/\r\n",
                )
            elif MODE == "json200":
                answer(conn, "200 OK", "application/json", b"{}")
    except OSError:
        pass
    finally:
        conn.close()


sock = socket.socket()
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("127.0.0.1", PORT))
sock.listen(64)
print("ready", flush=True)
while True:
    c, _ = sock.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
