"""Web app speed: the server time of every kind of page (from the app's ``Server-Timing``
header, best and median of 5 after a warm-up), against the budget of 200 ms per page with the
full record, and against the JSON API answering the same question (the reference: the page's
cost over the bare data)."""

from __future__ import annotations

import re
import statistics
import warnings

BUDGET_MS = 200.0
PAGES = [
    ("/", None),
    ("/elections/2016", "/api/elections/2016"),
    ("/elections/1824", "/api/elections/1824"),
    ("/build?from=2020", None),
    ("/could-it-work/2016", "/api/could-it-work/2016"),
    ("/odds?year=2024", "/api/odds?year=2024"),
    ("/petitions", "/api/petitions"),
]


def _server_ms(response: object) -> float:
    header = response.headers["server-timing"]  # type: ignore[attr-defined]
    match = re.search(r"dur=([\d.]+)", header)
    return float(match.group(1)) if match else float("nan")


def _times(client: object, url: str, repeat: int = 5) -> list[float]:
    client.get(url)  # type: ignore[attr-defined]
    return [_server_ms(client.get(url)) for _ in range(repeat)]  # type: ignore[attr-defined]


def main() -> None:
    import tempfile

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from electoral.settings import Settings
    from electoral.web.app import create_app

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/bench.sqlite3")
        with TestClient(create_app(settings)) as client:
            print(f"web: server time per page, best / median of 5 (budget {BUDGET_MS:.0f} ms)")
            for page, api in PAGES:
                times = _times(client, page)
                line = f"  {page:24} {min(times):7.1f} / {statistics.median(times):7.1f} ms"
                if api:
                    ref = _times(client, api)
                    line += f"   JSON {min(ref):6.1f} ms (page / JSON {min(times) / min(ref):.1f}x)"
                flag = "" if statistics.median(times) < BUDGET_MS else "  OVER BUDGET"
                print(line + flag)


if __name__ == "__main__":
    main()
