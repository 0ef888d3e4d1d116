"""A stand-in child for the llama.cpp server supervisor's failure tests: it
takes the server's command line, answers ``GET /v1/models`` once "loaded",
and can be told to crash, to never become ready or to exit at once.

    python -m tests.support.llama_stand_in --behaviour ok|crash|crash-once|exit|hang --state DIR [server args]
"""

from __future__ import annotations

import argparse
import http.server
import os
import sys
import threading
import time
from pathlib import Path


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/v1/models":
            body = b'{"object": "list", "data": [{"id": "local"}]}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--behaviour", required=True)
    parser.add_argument("--state", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    args, _ = parser.parse_known_args()
    starts = args.state / "starts"
    count = int(starts.read_text()) + 1 if starts.exists() else 1
    starts.write_text(str(count))
    print(f"stand-in start {count} pid {os.getpid()}", flush=True)
    if args.behaviour == "exit":
        return 7
    if args.behaviour == "hang":
        time.sleep(3600)
        return 0
    server = http.server.ThreadingHTTPServer((args.host, args.port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    crash = args.behaviour == "crash" or (args.behaviour == "crash-once" and count == 1)
    if crash:
        time.sleep(1.0)
        print("stand-in crashing", flush=True)
        os._exit(3)
    time.sleep(3600)
    return 0


if __name__ == "__main__":
    sys.exit(main())
