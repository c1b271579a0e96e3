"""A thin client for the KOSIS OpenAPI (`statisticsParameterData`, `getMeta`).

KOSIS answers errors as HTTP 200 with a JSON object `{"err": "NN", "errMsg": ...}` instead of a
JSON array of rows (shared/notes/sources.md A.4). This client:
- always sends `format=json` and `jsonVD=Y` (without it the answer is not valid JSON);
- treats err 30 (no data) as an empty result;
- splits the period range and retries when err 31 says the request exceeds 40,000 cells;
- fails loudly, with KOSIS's message, on err 10/11 (key), 20/21 (request), 41/42 (limits);
- retries err 40/50, HTTP 5xx and timeouts with exponential backoff;
- never writes the API key anywhere: recorded requests, errors and logs carry `apiKey=***`.
The key comes from the `KOSIS_API_KEY` environment variable unless given explicitly.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx

API_KEY_ENV = "KOSIS_API_KEY"
BASE_URL = "https://kosis.kr/openapi"
DATA_PATH = "/Param/statisticsParameterData.do"
META_PATH = "/statisticsData.do"
REDACTED = "***"
EMPTY_RESULT = "30"
TOO_MANY_CELLS = "31"
RETRYABLE = frozenset({"40", "50"})
FATAL = frozenset({"10", "11", "20", "21", "41", "42"})
DEFAULT_RETRIES = 4  # 1 + 4 attempts; backoff 1, 2, 4, 8 s
DEFAULT_BACKOFF_SECONDS = 1.0
DEFAULT_TIMEOUT_SECONDS = 60.0  # big answers are slow (37,380 rows took about 21 s: sources.md A.4)
# One fetch (all its requests, retries and waits) never takes longer than this: a nightly run
# must not hang on a slow server. Ten of the slowest measured answers fit in it.
DEFAULT_DEADLINE_SECONDS = 600.0


_KEY_IN_TEXT = re.compile(r"(apiKey=)[^&\s\"'>]+")
# httpx logs every request's full URL at INFO ("HTTP Request: GET ...?apiKey=..."): found by the
# refresh test, which scans the captured logs for the key.
_HTTP_LOGGERS = ("httpx", "httpcore.http11", "httpcore.connection", "httpcore.proxy")


class _RedactKey(logging.Filter):
    """Rewrites any `apiKey=<value>` in a log record of the HTTP libraries to `apiKey=***`."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        if "apiKey=" in text:
            record.msg, record.args = _KEY_IN_TEXT.sub(r"\g<1>" + REDACTED, text), ()
        return True


for _name in _HTTP_LOGGERS:
    logging.getLogger(_name).addFilter(_RedactKey())


class KosisApiError(RuntimeError):
    """KOSIS refused a request, or it kept failing after retries. The message never holds the key."""

    def __init__(self, code: str, message: str, request: str):
        self.code, self.kosis_message, self.request = code, message, request
        super().__init__(f"KOSIS error {code}: {message} (request {request})")


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP call, as it may be stored: the key is redacted."""

    url: str
    attempt: int
    outcome: str
    requested_at: str


@dataclass
class KosisResult:
    rows: list[dict[str, Any]]
    requests: list[RecordedRequest] = field(default_factory=list)

    @property
    def last_changed(self) -> str | None:
        """The newest `LST_CHN_DE` among the rows (the table's last-change date)."""
        dates = [str(r["LST_CHN_DE"]) for r in self.rows if r.get("LST_CHN_DE")]
        return max(dates) if dates else None


def periods_between(start: str, end: str, prd_se: str) -> list[str]:
    """Every period from start to end: years (Y: 2020), months (M: 202001), quarters (Q: 202001)."""
    if prd_se == "Y":
        return [str(y) for y in range(int(start), int(end) + 1)]
    per_year = {"M": 12, "Q": 4, "H": 2}.get(prd_se)
    if per_year is None:
        raise ValueError(f"cannot split periods of prdSe={prd_se!r}")
    first = int(start[:4]) * per_year + int(start[4:]) - 1
    last = int(end[:4]) * per_year + int(end[4:]) - 1
    return [f"{n // per_year}{n % per_year + 1:02d}" for n in range(first, last + 1)]


class KosisClient:
    def __init__(
        self,
        api_key: str | None = None,
        transport: httpx.BaseTransport | None = None,
        retries: int = DEFAULT_RETRIES,
        backoff_seconds: float = DEFAULT_BACKOFF_SECONDS,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
        deadline_seconds: float = DEFAULT_DEADLINE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        base_url: str = BASE_URL,
    ):
        key = api_key if api_key is not None else os.environ.get(API_KEY_ENV, "")
        if not key:
            raise KosisApiError(
                "10", f"no API key: set the {API_KEY_ENV} environment variable", "(not sent)"
            )
        self._key = key
        # another base URL: a mirror, or the tests' local fake server
        self.data_url = base_url.rstrip("/") + DATA_PATH
        self.meta_url = base_url.rstrip("/") + META_PATH
        self._client = httpx.Client(transport=transport, timeout=timeout_seconds)
        self.retries, self.backoff_seconds, self._sleep = retries, backoff_seconds, sleep
        self._clock = clock
        self._deadline = clock() + deadline_seconds
        self.deadline_seconds = deadline_seconds

    def _check_deadline(self, shown: str) -> None:
        if self._clock() >= self._deadline:
            raise KosisApiError(
                "deadline",
                f"the fetch did not finish within its deadline of {self.deadline_seconds:.0f} s",
                shown,
            )

    def close(self) -> None:
        self._client.close()

    def _redact(self, url: str, params: dict[str, str]) -> str:
        shown = {k: (REDACTED if k == "apiKey" else v) for k, v in params.items()}
        return f"{url}?{urlencode(shown)}"

    def _call(self, url: str, params: dict[str, str], log: list[RecordedRequest]) -> Any:
        """One request with retries; returns the parsed JSON (array or error object)."""
        full = {"apiKey": self._key, **params, "format": "json", "jsonVD": "Y"}
        shown = self._redact(url, full)
        for attempt in range(1, self.retries + 2):
            self._check_deadline(shown)
            stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            try:
                response = self._client.get(url, params=full)
            except httpx.TimeoutException:
                outcome = "timeout"
            except httpx.TransportError as exc:
                outcome = f"transport error {type(exc).__name__}"
            else:
                if response.status_code >= 500:
                    outcome = f"HTTP {response.status_code}"
                elif response.status_code != 200:
                    log.append(
                        RecordedRequest(shown, attempt, f"HTTP {response.status_code}", stamp)
                    )
                    raise KosisApiError(
                        f"HTTP {response.status_code}", "unexpected HTTP status", shown
                    )
                else:
                    payload = self._parse(response, shown)
                    code = str(payload.get("err")) if isinstance(payload, dict) else None
                    if code in RETRYABLE:
                        outcome = f"err {code}"
                    else:
                        log.append(
                            RecordedRequest(
                                shown, attempt, f"err {code}" if code else "rows", stamp
                            )
                        )
                        return payload
            log.append(RecordedRequest(shown, attempt, outcome, stamp))
            if attempt <= self.retries:
                wait = self.backoff_seconds * 2 ** (attempt - 1)
                self._sleep(max(0.0, min(wait, self._deadline - self._clock())))
        raise KosisApiError(
            "retries", f"gave up after {self.retries + 1} attempts ({outcome})", shown
        )

    @staticmethod
    def _parse(response: httpx.Response, shown: str) -> Any:
        if not response.content.strip():
            raise KosisApiError(
                "empty", "empty answer (a missing `method` parameter gives this)", shown
            )
        try:
            return response.json()
        except ValueError:
            raise KosisApiError(
                "json", "answer is not JSON (was jsonVD=Y honoured?)", shown
            ) from None

    def _rows(
        self, url: str, params: dict[str, str], log: list[RecordedRequest]
    ) -> list[dict[str, Any]] | None:
        """Rows, [] for err 30, None for err 31 (the caller splits); raises on other errors."""
        payload = self._call(url, params, log)
        if isinstance(payload, list):
            return payload
        code, message = str(payload.get("err")), str(payload.get("errMsg", ""))
        if code == EMPTY_RESULT:
            return []
        if code == TOO_MANY_CELLS:
            return None
        raise KosisApiError(code, message or "error without message", log[-1].url)

    def data(
        self,
        org_id: str,
        tbl_id: str,
        itm_id: str,
        obj_levels: list[str],
        prd_se: str,
        start: str,
        end: str,
    ) -> KosisResult:
        """`statisticsParameterData` for one table and period range, split as KOSIS requires."""
        base = {
            "method": "getList",
            "orgId": org_id,
            "tblId": tbl_id,
            "itmId": itm_id,
            "prdSe": prd_se,
        }
        base |= {f"objL{i}": code for i, code in enumerate(obj_levels, start=1)}
        result = KosisResult(rows=[])
        pending = [periods_between(start, end, prd_se)]
        while pending:
            periods = pending.pop(0)
            rows = self._rows(
                self.data_url,
                {**base, "startPrdDe": periods[0], "endPrdDe": periods[-1]},
                result.requests,
            )
            if rows is not None:
                result.rows.extend(rows)
            elif len(periods) == 1:
                raise KosisApiError(
                    TOO_MANY_CELLS,
                    "over 40,000 cells even for one period: split by region or item",
                    result.requests[-1].url,
                )
            else:
                middle = len(periods) // 2
                pending[:0] = [periods[:middle], periods[middle:]]
        return result

    def meta(self, org_id: str, tbl_id: str, meta_type: str = "ITM") -> KosisResult:
        """`getMeta` of a table (type ITM lists items and classification codes)."""
        result = KosisResult(rows=[])
        params = {"method": "getMeta", "type": meta_type, "orgId": org_id, "tblId": tbl_id}
        rows = self._rows(self.meta_url, params, result.requests)
        result.rows.extend(rows or [])
        return result
