"""A small fake KOSIS OpenAPI on 127.0.0.1 for the refresh tests.

It answers `statisticsParameterData` the way KOSIS does (sources.md A.4): HTTP 200 with a JSON
array of rows, or a JSON object {"err": "NN", "errMsg": ...}. Each table gets a script: a list of
answers served in turn (the last one repeats), each optionally after a delay, so a test can
replay a slow answer followed by a good one, or err 31 for a wide request and rows for a
narrow one. Every request's query is kept so a test can check what was asked.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

KOSIS_ERRORS = {
    "20": "필수요청변수값이 누락되었습니다.",
    "21": "잘못된 요청 변수를 사용하였습니다.",
    "30": "데이터가 존재하지 않습니다.",
    "31": "조회 결과 데이터가 40,000셀을 초과하였습니다.",
}
Answer = Callable[[dict[str, str]], Any]


def error(code: str) -> Answer:
    return lambda query: {"err": code, "errMsg": KOSIS_ERRORS[code]}


def slow(seconds: float, then: Answer) -> Answer:
    def answer(query: dict[str, str]) -> Any:
        time.sleep(seconds)
        return then(query)

    return answer


@dataclass
class FakeKosis:
    scripts: dict[str, list[Answer]]
    requests: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
                fake.requests.append(query)
                script = fake.scripts.get(query.get("tblId", ""), [error("21")])
                answer = script.pop(0) if len(script) > 1 else script[0]
                try:
                    body = json.dumps(answer(query), ensure_ascii=False).encode()
                except BrokenPipeError:
                    return
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html;charset=UTF-8")
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the slow answer)

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/openapi"

    def __enter__(self) -> FakeKosis:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
