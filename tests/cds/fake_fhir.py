"""A local fake FHIR server (http.server on 127.0.0.1 in a thread) for the CDS tests."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class FakeFhir:
    """Answers GET {base}/Observation?... and {base}/Patient/{id} from ``routes``:
    path ('Observation' / 'Patient/pat-ana') -> (status, body dict, delay seconds)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict, float]] = {}
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                path = parts.path.removeprefix("/fhir/")
                fake.requests.append(
                    {
                        "path": path,
                        "query": parts.query,
                        "authorization": self.headers.get("Authorization"),
                    }
                )
                status, body, delay = fake.routes.get(path, (404, {"resourceType": "x"}, 0))
                if delay:
                    time.sleep(delay)
                payload = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/fhir+json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/fhir"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeFhir":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
