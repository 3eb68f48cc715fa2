"""The petitions' pages: signing and confirming, comments, the creator's dashboard, moderation,
and the guards of every form (CSRF, escaping, privacy, bad input).

One app on a throwaway SQLite database for the module; each test makes its own petitions, and
each "browser" is its own test client (its own cookies).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid
import warnings

import pytest
import sqlalchemy as sa
import time_machine

from electoral.petitions.db import Base
from electoral.petitions.domain import PetitionStatus
from electoral.petitions.ratelimit import AbusePolicy
from electoral.settings import Settings
from electoral.states import State
from electoral.web.app import create_app
from electoral.web.routes.petition_common import scale_fill
from electoral.web.routes.petitions import install_pages
from tests.petitions.helpers import draft, last_token, open_petition

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class PageSettings(Settings):
    """The settings with the moderator's password (until settings.py has the field)."""

    moderator_password: str = PASSWORD


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    db = tmp_path_factory.mktemp("pages") / "pages.sqlite3"
    settings = PageSettings(database_url=f"sqlite:///{db}", base_url="http://testserver")
    app = create_app(settings)
    if not any(getattr(r, "path", None) == "/petitions" for r in app.router.routes):
        install_pages(app, settings)
    return app


@pytest.fixture(scope="module")
def service(app):
    """The app's service; the rate limits are off (every test signs from one address, and the
    limits have their own tests in tests/petitions)."""
    service = app.state.petitions
    service.policy = AbusePolicy(limits=())
    return service


@pytest.fixture(scope="module")
def engine(service):
    return service.engine


def browser(app) -> TestClient:
    """A fresh client: its own cookies, as a separate person's browser."""
    return TestClient(app, follow_redirects=False)


@pytest.fixture
def client(app):
    return browser(app)


def token_of(page: str) -> str:
    found = CSRF.search(page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def submit(client, page_url: str, action: str, data: dict[str, str]):
    """Open ``page_url`` (for the CSRF token and cookie), then post ``data`` to ``action``."""
    page = client.get(page_url, follow_redirects=True)
    assert page.status_code < 400, page.text
    return client.post(action, data={"csrf_token": token_of(page.text), **data})


def rows(engine) -> dict[str, int]:
    """How many rows each table holds (to show that a refused request wrote nothing)."""
    with engine.connect() as connection:
        return {
            t.name: connection.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
        }


def sign(client, pid: int, email: str, **fields: str):
    data = {"name": "Pat Signer", "email": email, "zip": "19104", **fields}
    return submit(client, f"/petitions/{pid}", f"/petitions/{pid}/sign", data)


def sign_and_confirm(app, engine, pid: int, email: str, **fields: str) -> TestClient:
    """A browser that signed and opened its confirmation link (so it may comment)."""
    signer = browser(app)
    assert sign(signer, pid, email, **fields).status_code == 303
    assert signer.get(f"/petitions/confirm/{last_token(engine, email)}").status_code == 200
    return signer


def moderator(app) -> TestClient:
    mod = browser(app)
    response = submit(mod, "/petitions/moderate/login", "/petitions/moderate/login",
                      {"password": PASSWORD})  # fmt: skip
    assert response.status_code == 303
    return mod


def comment(signer, pid: int, body: str, parent: int | None = None) -> int:
    data = {"body": body} | ({"parent": str(parent)} if parent else {})
    response = submit(signer, f"/petitions/{pid}", f"/petitions/{pid}/comments", data)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("-", 1)[1])


# --- the list and a petition -------------------------------------------------------------------


def test_the_list_shows_published_petitions_with_their_counts(app, service, engine, client):
    pid = open_petition(service, title="Listed petition")
    hidden = service.create_petition(draft(title="Still pending"), creator_verified=True).id
    sign_and_confirm(app, engine, pid, "listed@example.org")
    page = client.get("/petitions").text
    assert "Listed petition" in page
    assert re.search(rf'data-testid="count-{pid}">1 signature<', page)
    assert "Still pending" not in page
    assert client.get(f"/petitions/{hidden}").status_code == 404


def test_the_petition_page_has_share_cards_with_the_live_count(app, service, engine, client):
    pid = open_petition(service, title="Card petition")
    sign_and_confirm(app, engine, pid, "card@example.org")
    page = client.get(f"/petitions/{pid}").text
    assert '<meta property="og:title" content="Card petition">' in page
    assert re.search(r'<meta property="og:description" content="1 signature\. ', page)
    assert f'<meta property="og:url" content="http://testserver/petitions/{pid}">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    assert f'data-api="/api/petitions/{pid}"' in page
    assert "js/petition.js" in page


def test_the_table_and_the_map_show_every_state(app, service, engine, client):
    pid = open_petition(service, target="PA,MI")
    sign_and_confirm(app, engine, pid, "table1@example.org")
    sign_and_confirm(app, engine, pid, "table2@example.org", zip="48104")  # Ann Arbor, MI
    page = client.get(f"/petitions/{pid}").text
    for state in State:
        assert f'data-count-state="{state.value}"' in page
        assert f'data-state="{state.value}"' in page
    assert re.search(r'<th scope="row">Pennsylvania</th><td [^>]*>1</td><td [^>]*>19</td>', page)
    assert re.search(r'<th scope="row">Michigan</th><td [^>]*>1</td><td [^>]*>15</td>', page)
    assert re.search(r'<th scope="row">Ohio</th><td [^>]*>0</td><td [^>]*>–</td>', page)
    assert 'aria-label="Pennsylvania: 1 signature"' in page


def test_the_map_scale_goes_from_blank_to_dark():
    """Zero is blank, the most is the darkest, and more signatures never get a lighter fill."""
    fills = [scale_fill(n, 10_000) for n in range(0, 10_001, 7)]
    assert fills[0] == "#e4e4e4"
    assert scale_fill(10_000, 10_000) == "#08306b"
    order = ["#e4e4e4", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
    assert [order.index(f) for f in fills] == sorted(order.index(f) for f in fills)


def test_a_page_that_does_not_exist_is_a_404_page(client):
    response = client.get("/petitions/999999")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


# --- signing and confirming ----------------------------------------------------------------------


def test_signing_then_confirming_counts_the_signature(app, service, engine, client):
    pid = open_petition(service)
    page = client.get(f"/petitions/{pid}?ref=x.friend").text
    assert '<input type="hidden" name="ref" value="x.friend">' in page
    response = client.post(
        f"/petitions/{pid}/sign",
        data={
            "csrf_token": token_of(page),
            "name": "Ann",
            "email": "ann@example.org",
            "zip": "19104",
            "ref": "x.friend",
        },  # fmt: skip
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/petitions/{pid}/signed"
    assert "Check your e-mail" in client.get(response.headers["location"]).text
    assert service.counts(pid).total == 0  # not before the link is opened
    confirmed = client.get(f"/petitions/confirm/{last_token(engine, 'ann@example.org')}")
    assert confirmed.status_code == 200
    assert '<strong id="signature-count">1</strong>' in confirmed.text
    assert '<strong id="state-count">1</strong> of them from Pennsylvania' in confirmed.text
    assert confirmed.headers["cache-control"] == "no-store"
    assert service.counts(pid).by_state == {State.PA: 1}
    assert service.referral_counts(pid) == {"x.friend": 1}


def test_the_confirmation_page_takes_one_transaction_and_shows_the_live_count(
    app, service, engine, client
):
    pid = open_petition(service, title="One transaction", milestones=(1, 100))
    for i in range(2):
        assert sign(client, pid, f"live{i}@example.org", zip="53703").status_code == 303
    first = last_token(engine, "live0@example.org")
    second = last_token(engine, "live1@example.org")
    assert client.get(f"/petitions/confirm/{first}").status_code == 200
    events: list[str] = []

    def checkout(*_args: object) -> None:
        events.append("checkout")

    def statement(_conn, _cursor, sql: str, *_args: object) -> None:
        events.append(sql.split()[0].upper())

    sa.event.listen(engine, "checkout", checkout)
    sa.event.listen(engine, "before_cursor_execute", statement)
    try:
        confirmed = client.get(f"/petitions/confirm/{second}")
    finally:
        sa.event.remove(engine, "checkout", checkout)
        sa.event.remove(engine, "before_cursor_execute", statement)
    assert confirmed.status_code == 200
    # validate, count, read the counts (milestone 1 is recorded already: no write for it)
    assert events == ["checkout", "UPDATE", "INSERT", "WITH"]
    assert '<strong id="signature-count">2</strong>' in confirmed.text
    assert '<strong id="state-count">2</strong> of them from Wisconsin' in confirmed.text
    assert f'<a href="/petitions/{pid}">One transaction</a>' in confirmed.text
    assert f'value="http://testserver/petitions/{pid}?ref=link"' in confirmed.text
    assert "One%20transaction" in confirmed.text  # in the share links (the e-mail's subject)
    assert f'action="/petitions/{pid}/comments"' in confirmed.text


def test_a_link_used_twice_forged_or_expired_gets_a_clear_page(app, service, engine, client):
    pid = open_petition(service)
    assert sign(client, pid, "twice@example.org").status_code == 303
    token = last_token(engine, "twice@example.org")
    assert client.get(f"/petitions/confirm/{token}").status_code == 200
    again = client.get(f"/petitions/confirm/{token}")
    assert again.status_code == 409
    assert "used already" in again.text
    forged = client.get(f"/petitions/confirm/{token[:-3]}abc")
    assert forged.status_code == 400
    assert "not valid" in forged.text
    assert sign(client, pid, "late@example.org").status_code == 303
    late = last_token(engine, "late@example.org")
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=8)):
        expired = client.get(f"/petitions/confirm/{late}")
    assert expired.status_code == 410
    assert "expired" in expired.text
    assert service.counts(pid).total == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"zip": "1910"}, "zip", "expected five digits"),
        ({"zip": "00901"}, "zip", "not a ZIP code of a state"),  # San Juan, Puerto Rico
        ({"name": "N" * 10_000}, "name", "longer than 100 characters"),
        ({"name": "  "}, "name", "must not be empty"),
        ({"email": "not-an-address"}, "email", "@-sign"),
        ({"state": "ZZ"}, "state", "choose a state"),
    ],
)
def test_bad_input_shows_the_form_again_and_writes_nothing(
    service, engine, client, fields, field, message
):
    pid = open_petition(service)
    before = rows(engine)
    fields = dict(fields)
    email = fields.pop("email", "bad@example.org")
    response = sign(client, pid, email, **fields)
    assert response.status_code == 422
    assert rows(engine) == before
    page = response.text
    error = re.search(rf'<p class="field-error" id="field-{field}-error">(.*?)</p>', page, re.S)
    assert error
    assert message in html.unescape(error.group(1))
    assert re.search(rf'id="field-{field}"[^>]*aria-invalid="true"', page)
    assert email not in page  # no address in any page, not even the signer's own input
    assert response.headers["cache-control"] == "no-store"
    assert len(page) < 200_000  # a huge value is not echoed in full


def test_a_closed_petition_refuses_signatures_with_a_409_page(service, engine, client):
    pid = open_petition(service)
    page = client.get(f"/petitions/{pid}").text
    service.close(pid)
    before = rows(engine)
    response = client.post(
        f"/petitions/{pid}/sign",
        data={
            "csrf_token": token_of(page),
            "name": "Lou",
            "email": "lou@example.org",
            "zip": "19104",
        },  # fmt: skip
    )
    assert response.status_code == 409
    assert "not open for signing" in response.text
    assert 'value="Lou"' in response.text
    assert rows(engine) == before


def test_an_oversized_form_is_refused(service, engine, client):
    pid = open_petition(service)
    before = rows(engine)
    response = sign(client, pid, "big@example.org", comment="x" * 300_000)
    assert response.status_code == 413
    assert rows(engine) == before


# --- CSRF ---------------------------------------------------------------------------------------

FORMS = [
    "/petitions/{pid}/sign",
    "/petitions/{pid}/comments",
    "/petitions/{pid}/comments/{cid}/flag",
    "/petitions/new",
    "/petitions/manage/{manage}/updates",
    "/petitions/moderate/login",
    "/petitions/moderate/logout",
    "/petitions/moderate/petitions/{pending}/publish",
    "/petitions/moderate/petitions/{pending}/reject",
    "/petitions/moderate/comments/{cid}/hide",
    "/petitions/moderate/comments/{cid}/restore",
]
GOOD_DATA = {
    "name": "Eve",
    "email": "eve@example.org",
    "zip": "19104",
    "body": "A forged comment",
    "title": "Forged",
    "text": "Forged",
    "creator_name": "Eve",
    "creator_email": "eve@example.org",
    "password": PASSWORD,
    "reason": "forged",
}


@pytest.fixture(scope="module")
def targets(app, service, engine):
    pid = open_petition(service)
    signer = sign_and_confirm(app, engine, pid, "csrf-signer@example.org")
    cid = comment(signer, pid, "A real comment")
    pending = service.create_petition(draft(), creator_verified=True).id
    return {"pid": pid, "cid": cid, "pending": pending, "manage": service.manage_token(pid)}


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("attack", ["no token", "forged token", "other browser", "other site"])
def test_every_form_refuses_a_forged_post_and_writes_nothing(app, engine, targets, form, attack):
    url = form.format(**targets)
    victim = sign_and_confirm(
        app, engine, targets["pid"], f"victim-{uuid.uuid4().hex[:8]}@example.org"
    )
    mod = moderator(app)
    for cookie in mod.cookies.jar:  # the victim is a logged-in moderator too
        if cookie.name == "electoral_moderator":
            victim.cookies.set(cookie.name, cookie.value, path=cookie.path)
    own = token_of(victim.get(f"/petitions/{targets['pid']}").text)
    other = token_of(browser(app).get("/petitions/new").text)
    data = dict(GOOD_DATA)
    headers = {}
    if attack == "forged token":
        data["csrf_token"] = own[:-4] + ("AAAA" if not own.endswith("AAAA") else "BBBB")
    elif attack == "other browser":
        data["csrf_token"] = other
    elif attack == "other site":
        data["csrf_token"] = own
        headers["origin"] = "https://evil.example"
    before = rows(engine)
    response = victim.post(url, data=data, headers=headers)
    assert response.status_code == 403, (url, attack, response.status_code)
    assert "text/html" in response.headers["content-type"]
    assert rows(engine) == before


def test_a_form_with_its_own_token_passes(app, service, engine, client):
    """The check the forged posts fail is the only thing in their way."""
    pid = open_petition(service)
    assert sign(client, pid, "honest@example.org").status_code == 303


# --- comments -----------------------------------------------------------------------------------


def test_only_confirmed_signers_comment_and_replies_nest_one_level(app, service, engine, client):
    pid = open_petition(service)
    stranger = submit(client, f"/petitions/{pid}", f"/petitions/{pid}/comments", {"body": "Hi"})
    assert stranger.status_code == 403
    assert "Only signers" in stranger.text
    assert "Only signers who confirmed" in client.get(f"/petitions/{pid}").text
    first = sign_and_confirm(app, engine, pid, "first@example.org")
    second = sign_and_confirm(app, engine, pid, "second@example.org", name="Sam Second")
    top = comment(first, pid, "Because the popular vote matters.")
    reply = comment(second, pid, "Agreed.", parent=top)
    page = client.get(f"/petitions/{pid}").text
    thread = page[page.index(f'id="comment-{top}"') :]
    replies = thread[thread.index('<ol class="replies">') :]
    assert f'id="comment-{reply}"' in replies[: replies.index("</ol>")]
    assert "Sam Second</strong>, PA" in replies
    deeper = submit(first, f"/petitions/{pid}", f"/petitions/{pid}/comments",
                    {"body": "Too deep", "parent": str(reply)})  # fmt: skip
    assert deeper.status_code == 422
    assert "not a top-level comment" in deeper.text
    empty = submit(first, f"/petitions/{pid}", f"/petitions/{pid}/comments", {"body": " "})
    assert empty.status_code == 422
    assert re.search(r'id="field-body-error">.*must not be empty', empty.text)


def test_a_comment_made_when_signing_shows_after_confirming(app, service, engine, client):
    pid = open_petition(service)
    sign_and_confirm(app, engine, pid, "why@example.org", comment="My reason to sign")
    assert "My reason to sign" in client.get(f"/petitions/{pid}").text


def test_anyone_may_report_a_comment_for_the_moderators(app, service, engine, client):
    pid = open_petition(service)
    signer = sign_and_confirm(app, engine, pid, "reported@example.org")
    cid = comment(signer, pid, "Something rude")
    response = submit(client, f"/petitions/{pid}", f"/petitions/{pid}/comments/{cid}/flag", {})
    assert response.status_code == 303
    assert "the moderators will look" in client.get(response.headers["location"]).text
    assert "Something rude" in moderator(app).get("/petitions/moderate").text


# --- escaping and privacy -------------------------------------------------------------------

SCRIPT = "<script>alert('x')</script>"
IMAGE = '<img src=x onerror="alert(1)">'


def test_user_text_is_escaped_and_links_are_nofollow(app, service, engine, client):
    pid = open_petition(service, title=f"Title {SCRIPT}", text=f"Text {IMAGE}")
    signer = sign_and_confirm(app, engine, pid, "xss@example.org", name=f"Mal {SCRIPT}")
    comment(signer, pid, f"{IMAGE} see https://example.org/proof?a=1&b=2")
    mod = moderator(app)
    service.flag_comment(service.list_comments(pid)[0].id)
    pages = [client.get(f"/petitions/{pid}").text, client.get("/petitions").text,
             mod.get("/petitions/moderate").text]  # fmt: skip
    for page in pages:
        assert "<script>alert" not in page
        assert "<img src=x" not in page
    page = pages[0]
    assert "Mal &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page or "&lt;img src=x" in page
    assert (
        '<a href="https://example.org/proof?a=1&amp;b=2" rel="nofollow ugc noopener" '
        'target="_blank">' in page
    )


def test_no_page_shows_an_email_address(app, service, engine, client):
    address = "private.person@example.org"
    creator = "creator.secret@example.org"
    made = browser(app)
    response = submit(made, "/petitions/new", "/petitions/new",
                      {"title": "Privacy", "text": "Text", "creator_name": "Cat",
                       "creator_email": creator, "target": "all"})  # fmt: skip
    assert response.status_code == 303
    pid = max(v.petition.id for v in service.list_petitions([PetitionStatus.PENDING]))
    manage = made.get(f"/petitions/creator/confirm/{last_token(engine, creator)}")
    assert manage.status_code == 303
    service.publish(pid)
    signer = browser(app)
    assert sign(signer, pid, address, comment="I care").status_code == 303
    confirmed = signer.get(f"/petitions/confirm/{last_token(engine, address)}")
    cid = comment(signer, pid, "And a second thought")
    service.flag_comment(cid)
    pages = [
        confirmed,
        made.get(manage.headers["location"]),
        signer.get("/petitions"),
        signer.get(f"/petitions/{pid}"),
        signer.get(f"/petitions/{pid}/signed"),
        signer.get("/petitions/new"),
        moderator(app).get("/petitions/moderate"),
    ]
    for response in pages:
        assert response.status_code == 200, response.url
        text = html.unescape(response.text).lower()
        for secret in (address, creator, "private.person", "creator.secret"):
            assert secret not in text, (response.url, secret)


# --- starting a petition, the dashboard, moderation -----------------------------------------


def test_a_petition_from_the_web_goes_through_moderation(app, service, engine, client):
    creator = "maker@example.org"
    bad = submit(client, "/petitions/new", "/petitions/new",
                 {"title": "", "text": "x", "creator_name": "Mo", "creator_email": "nope",
                  "target": "ZZ"})  # fmt: skip
    assert bad.status_code == 422
    for field in ("title", "creator_email", "target"):
        assert f'id="field-{field}-error"' in bad.text
    response = submit(client, "/petitions/new", "/petitions/new",
                      {"title": "From the web", "text": "Please, electors.",
                       "creator_name": "Mo Maker", "creator_email": creator,
                       "target": "PA,WI", "milestones": "1,10"})  # fmt: skip
    assert response.status_code == 303
    assert "Check your e-mail" in client.get(response.headers["location"]).text
    (pending,) = [
        v.petition
        for v in service.list_petitions([PetitionStatus.PENDING])
        if v.petition.title == "From the web"
    ]
    mod = moderator(app)
    queue = mod.get("/petitions/moderate").text
    assert "From the web" in queue
    assert "creator's e-mail not confirmed yet" in queue
    refused = submit(mod, "/petitions/moderate",
                     f"/petitions/moderate/petitions/{pending.id}/publish", {})  # fmt: skip
    assert refused.status_code == 403
    assert "has not confirmed" in refused.text
    dashboard = client.get(f"/petitions/creator/confirm/{last_token(engine, creator)}")
    assert dashboard.status_code == 303
    assert "confirmed=1" in dashboard.headers["location"]
    assert "a moderator will read it" in client.get(dashboard.headers["location"]).text
    published = submit(mod, "/petitions/moderate",
                       f"/petitions/moderate/petitions/{pending.id}/publish", {})  # fmt: skip
    assert published.status_code == 303
    assert "From the web" in client.get("/petitions").text


def test_a_moderator_rejects_with_a_reason_the_creator_sees(app, service, engine, client):
    pid = service.create_petition(draft(title="To reject"), creator_verified=True).id
    mod = moderator(app)
    url = f"/petitions/moderate/petitions/{pid}/reject"
    no_reason = submit(mod, "/petitions/moderate", url, {"reason": "  "})
    assert no_reason.status_code == 422
    assert service.get_petition(pid, public=False).petition.status == "pending"
    assert submit(mod, "/petitions/moderate", url, {"reason": "Duplicate of #1"}).status_code == 303
    page = client.get(f"/petitions/manage/{service.manage_token(pid)}").text
    assert "rejected" in page
    assert "Duplicate of #1" in page
    assert client.get(f"/petitions/{pid}").status_code == 404


def test_moderators_hide_and_restore_comments(app, service, engine, client):
    pid = open_petition(service)
    signer = sign_and_confirm(app, engine, pid, "hidden@example.org")
    cid = comment(signer, pid, "Offensive words")
    service.flag_comment(cid)
    mod = moderator(app)
    hide = submit(mod, "/petitions/moderate", f"/petitions/moderate/comments/{cid}/hide", {})
    assert hide.status_code == 303
    assert "Offensive words" not in client.get(f"/petitions/{pid}").text
    assert "Offensive words" in mod.get("/petitions/moderate").text
    restore = submit(mod, "/petitions/moderate", f"/petitions/moderate/comments/{cid}/restore", {})
    assert restore.status_code == 303
    assert "Offensive words" in client.get(f"/petitions/{pid}").text


def test_the_queue_is_behind_the_login(app, client):
    assert client.get("/petitions/moderate").headers["location"] == "/petitions/moderate/login"
    wrong = submit(client, "/petitions/moderate/login", "/petitions/moderate/login",
                   {"password": "guess"})  # fmt: skip
    assert wrong.status_code == 401
    assert "not right" in wrong.text
    assert client.get("/petitions/moderate").status_code == 303
    client.cookies.set("electoral_moderator", "moderator.forged.cookie")
    assert client.get("/petitions/moderate").status_code == 303
    mod = moderator(app)
    assert mod.get("/petitions/moderate").status_code == 200
    assert submit(mod, "/petitions/moderate", "/petitions/moderate/logout", {}).status_code == 303
    assert mod.get("/petitions/moderate").status_code == 303


def test_moderation_is_off_without_a_password(app, client):
    app.state.moderator_password = ""
    try:
        assert client.get("/petitions/moderate/login").status_code == 503
        assert client.get("/petitions/moderate").status_code == 503
    finally:
        app.state.moderator_password = PASSWORD


def test_the_dashboard_counts_by_state_and_source_and_posts_updates(app, service, engine, client):
    pid = open_petition(service, milestones=(2, 50))
    sign_and_confirm(app, engine, pid, "d1@example.org", ref="facebook")
    sign_and_confirm(app, engine, pid, "d2@example.org", zip="53703")  # Madison, WI
    url = f"/petitions/manage/{service.manage_token(pid)}"
    page = client.get(url)
    assert page.headers["referrer-policy"] == "no-referrer"
    assert re.search(r'data-count-state="WI">1<', page.text)
    assert re.search(r'data-ref="facebook">facebook</th><td class="num">1<', page.text)
    assert re.search(r'data-ref="direct">direct</th><td class="num">1<', page.text)
    assert re.search(r'<li class="reached">2:\s+reached', page.text)
    empty = submit(client, url, f"{url}/updates", {"body": ""})
    assert empty.status_code == 422
    assert 'id="field-body-error"' in empty.text
    posted = submit(client, url, f"{url}/updates", {"body": "We passed 2! https://example.org"})
    assert posted.status_code == 303
    public = client.get(f"/petitions/{pid}").text
    assert "We passed 2!" in public
    assert 'rel="nofollow ugc noopener"' in public
    forged = client.get("/petitions/manage/forged.token.value")
    assert forged.status_code == 400
    assert rows(engine)  # the database is still there


# --- accessibility ------------------------------------------------------------------------------


def test_every_field_has_a_label(app, service, engine):
    pid = open_petition(service)
    signer = sign_and_confirm(app, engine, pid, "labels@example.org")
    comment(signer, pid, "A comment to reply to")
    pages = [
        signer.get(f"/petitions/{pid}").text,
        signer.get("/petitions/new").text,
        signer.get(f"/petitions/manage/{service.manage_token(pid)}").text,
        signer.get("/petitions/moderate/login").text,
        moderator(app).get("/petitions/moderate").text,
    ]
    for page in pages:
        ids = re.findall(
            r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\sid="([^"]+)"', page
        )
        unlabelled = re.findall(
            r'<(?:input|select|textarea)(?![^>]*type="hidden")(?![^>]*\sid=)', page
        )
        assert ids
        assert not unlabelled
        for field_id in ids:
            assert f'<label for="{field_id}"' in page, field_id
