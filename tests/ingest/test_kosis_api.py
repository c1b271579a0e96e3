"""The KOSIS OpenAPI client against recorded answers; nothing here touches the network."""

import json
import logging
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from sti.ingest.kosis_api import KosisApiError, KosisClient, periods_between
from tests.files import FIXTURES

RECORDED = FIXTURES / "kosis_api"
KEY = "SECRET-KEY-0123456789"


def answer(name: str, status: int = 200) -> httpx.Response:
    return httpx.Response(
        status,
        content=(RECORDED / name).read_bytes(),
        headers={"content-type": "text/html;charset=UTF-8"},
    )


def client(
    handler: Callable[[httpx.Request], httpx.Response], sleeps: list[float] | None = None
) -> KosisClient:
    return KosisClient(
        api_key=KEY,
        transport=httpx.MockTransport(handler),
        retries=3,
        sleep=(sleeps.append if sleeps is not None else lambda _s: None),
    )


def fetch(kosis: KosisClient, start: str = "2022", end: str = "2023"):  # type: ignore[no-untyped-def]
    return kosis.data("101", "DT_1C91", "T1", ["ALL", "Z10"], "Y", start, end)


def assert_no_key(*texts: object) -> None:
    for text in texts:
        assert KEY not in str(text)


def test_rows_and_the_request_it_records() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer("data_DT_1C91.json")

    result = fetch(client(handler))
    assert [r["DT"] for r in result.rows] == ["2327595674", "50666636", "2411863556", "53317422"]
    assert result.last_changed == "2025-12-19"
    params = seen[0].url.params
    assert (params["format"], params["jsonVD"], params["objL1"], params["objL2"]) == (
        "json",
        "Y",
        "ALL",
        "Z10",
    )
    assert (params["startPrdDe"], params["endPrdDe"]) == ("2022", "2023")
    assert "apiKey=%2A%2A%2A" in result.requests[0].url
    assert_no_key(result.requests)


def test_err_30_is_an_empty_result() -> None:
    assert fetch(client(lambda _r: answer("err_30.json"))).rows == []


@pytest.mark.parametrize(
    ("name", "code", "text"),
    [
        ("err_11.json", "11", "인증KEY"),
        ("err_20.json", "20", "objL"),
        ("err_21.json", "21", "잘못된 요청"),
    ],
)
def test_fatal_errors_fail_loudly_with_kosis_message(name: str, code: str, text: str) -> None:
    calls: list[int] = []

    def handler(_request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return answer(name)

    with pytest.raises(KosisApiError) as error:
        fetch(client(handler))
    assert error.value.code == code
    assert text in str(error.value)
    assert calls == [1]  # not retried
    assert_no_key(error.value, error.value.request)


def test_err_31_splits_the_period_range_until_it_fits() -> None:
    ranges: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        start, end = request.url.params["startPrdDe"], request.url.params["endPrdDe"]
        ranges.append((start, end))
        if int(end) - int(start) >= 2:
            return answer("err_31.json")
        rows = [
            r
            for r in json.loads((RECORDED / "data_DT_1C91.json").read_text("utf-8"))
            if start <= r["PRD_DE"] <= end
        ]
        return httpx.Response(200, json=rows)

    result = fetch(client(handler), "2018", "2023")
    assert ranges == [
        ("2018", "2023"),
        ("2018", "2020"),
        ("2018", "2018"),
        ("2019", "2020"),
        ("2021", "2023"),
        ("2021", "2021"),
        ("2022", "2023"),
    ]
    assert sorted({r["PRD_DE"] for r in result.rows}) == ["2022", "2023"]


def test_err_31_for_a_single_period_is_refused() -> None:
    with pytest.raises(KosisApiError, match="even for one period"):
        fetch(client(lambda _r: answer("err_31.json")), "2023", "2023")


@pytest.mark.parametrize("name", ["err_40.json", "err_50.json"])
def test_rate_limit_and_server_errors_are_retried_with_backoff(name: str) -> None:
    sleeps: list[float] = []
    answers = iter([answer(name), answer(name), answer("data_DT_1C91.json")])
    result = fetch(client(lambda _r: next(answers), sleeps))
    assert len(result.rows) == 4
    assert sleeps == [1.0, 2.0]
    assert [r.outcome for r in result.requests] == [f"err {name[4:6]}", f"err {name[4:6]}", "rows"]


def test_gives_up_after_the_retries() -> None:
    sleeps: list[float] = []
    with pytest.raises(KosisApiError, match="gave up after 4 attempts") as error:
        fetch(client(lambda _r: answer("err_50.json"), sleeps))
    assert sleeps == [1.0, 2.0, 4.0]
    assert_no_key(error.value)


def test_timeouts_and_5xx_are_retried() -> None:
    def flaky() -> Callable[[httpx.Request], httpx.Response]:
        state = {"calls": 0}

        def handler(request: httpx.Request) -> httpx.Response:
            state["calls"] += 1
            if state["calls"] == 1:
                raise httpx.ReadTimeout("timed out", request=request)
            if state["calls"] == 2:
                return httpx.Response(503, text="busy")
            return answer("data_DT_1C91.json")

        return handler

    result = fetch(client(flaky()))
    assert [r.outcome for r in result.requests] == ["timeout", "HTTP 503", "rows"]


def test_timeouts_every_time_end_in_an_error_without_the_key(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    with pytest.raises(KosisApiError, match="timeout") as error:
        fetch(client(handler))
    assert_no_key(error.value, caplog.text, error.value.request)


def test_missing_key_names_the_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KOSIS_API_KEY", raising=False)
    with pytest.raises(KosisApiError, match="KOSIS_API_KEY"):
        KosisClient()


def test_key_from_the_environment_is_sent_but_never_recorded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KOSIS_API_KEY", KEY)
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.params["apiKey"])
        return answer("data_DT_1C91.json")

    result = fetch(KosisClient(transport=httpx.MockTransport(handler)))
    assert sent == [KEY]
    assert_no_key(result.requests)


def test_meta_uses_the_meta_endpoint() -> None:
    urls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        urls.append(str(request.url.copy_with(query=None)))
        return httpx.Response(200, json=[{"OBJ_ID": "ITEM", "ITM_ID": "T1", "ITM_NM": "명목"}])

    rows = client(handler).meta("101", "DT_1C91").rows
    assert rows[0]["ITM_NM"] == "명목"
    assert urls == ["https://kosis.kr/openapi/statisticsData.do"]


def test_periods_between() -> None:
    assert periods_between("2022", "2024", "Y") == ["2022", "2023", "2024"]
    assert periods_between("202511", "202602", "M") == ["202511", "202512", "202601", "202602"]
    assert periods_between("202503", "202602", "Q") == ["202503", "202504", "202601", "202602"]


def test_one_deadline_bounds_the_whole_fetch_with_its_retries() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    def slow(_request: httpx.Request) -> httpx.Response:
        now[0] += 7.0  # every answer takes 7 s and is a retryable server error
        return httpx.Response(503)

    kosis = KosisClient(
        api_key=KEY,
        transport=httpx.MockTransport(slow),
        retries=10,
        sleep=sleep,
        deadline_seconds=20.0,
        clock=lambda: now[0],
    )
    with pytest.raises(KosisApiError, match="within its deadline of 20 s") as error:
        fetch(kosis)
    assert now[0] <= 20.0 + 7.0, "no request starts after the deadline"
    assert_no_key(error.value)


def test_an_empty_answer_is_never_archived(tmp_path: Path) -> None:
    import datetime as dt

    from sti.ingest.kosis_fetch import FetchRefused, fetch_specs, fetch_to_archive

    kosis = client(lambda _r: answer("err_30.json"))
    with pytest.raises(
        FetchRefused, match=r"no data for DT_1C91 2014-2023 \(err 30\); nothing was archived"
    ):
        fetch_to_archive(fetch_specs()["DT_1C91"], kosis, tmp_path, "2023", dt.date(2026, 11, 21))
    assert list(tmp_path.rglob("*")) == []
