"""The use cases against real databases (each test runs on SQLite and on PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
import time_machine

from electoral.petitions.db import COMMENTS, COUNTS, MILESTONES, OUTBOX, PETITIONS, SIGNATURES
from electoral.petitions.domain import CommentStatus, PetitionStatus, SignatureStatus
from electoral.petitions.errors import (
    CommentNotFoundError,
    ExpiredTokenError,
    InvalidInputError,
    InvalidTokenError,
    NotPermittedError,
    PetitionClosedError,
    PetitionNotFoundError,
    TransitionError,
    UsedTokenError,
)
from electoral.petitions.ratelimit import AbusePolicy, Limit, Scope
from electoral.petitions.service import Channel, Client, PetitionService
from electoral.states import State
from tests.petitions.conftest import BASE_URL, SECRET
from tests.petitions.helpers import (
    FUTURE,
    draft,
    form,
    last_token,
    mails,
    open_petition,
    sign_and_confirm,
    token_of,
)


def _rows(engine, table, *where):
    with engine.connect() as connection:
        return connection.execute(sa.select(table).where(*where)).all()


# --- petitions and moderation -------------------------------------------------------------------


def test_new_petition_is_pending_and_mails_its_creator(service, engine):
    made = service.create_petition(draft())
    assert made.status is PetitionStatus.PENDING
    assert not made.is_creator_verified
    (mail,) = mails(engine, "creator:")
    assert mail.recipient == "creator@example.org"
    assert f"{BASE_URL}/petitions/creator/confirm/" in mail.body
    with pytest.raises(PetitionNotFoundError):
        service.get_petition(made.id)  # not public before moderation


def test_publishing_needs_a_confirmed_creator(service, engine):
    made = service.create_petition(draft())
    with pytest.raises(NotPermittedError):
        service.publish(made.id)
    petition, manage = service.confirm_creator(token_of(mails(engine, "creator:")[0].body))
    assert petition.is_creator_verified
    assert service.petition_for_manage_token(manage).id == made.id
    assert service.publish(made.id).status is PetitionStatus.OPEN


def test_full_lifecycle_pending_open_closed_delivered(service):
    made = service.create_petition(draft(), creator_verified=True)
    opened = service.publish(made.id)
    assert opened.status is PetitionStatus.OPEN
    assert opened.published_at is not None
    closed = service.close(made.id)
    assert closed.status is PetitionStatus.CLOSED
    assert closed.closed_at is not None
    delivered = service.deliver(made.id)
    assert delivered.status is PetitionStatus.DELIVERED
    assert delivered.delivered_at is not None
    for forbidden in (service.publish, service.close, service.deliver):
        with pytest.raises(TransitionError):
            forbidden(made.id)


def test_rejection_keeps_the_reason_and_is_final(service):
    made = service.create_petition(draft(), creator_verified=True)
    rejected = service.reject(made.id, "Off topic")
    assert rejected.status is PetitionStatus.REJECTED
    assert rejected.rejection_reason == "Off topic"
    with pytest.raises(TransitionError):
        service.publish(made.id)
    with pytest.raises(PetitionNotFoundError):
        service.get_petition(made.id)


def test_deliver_needs_a_closed_petition(service):
    pid = open_petition(service)
    with pytest.raises(TransitionError, match="'open' to 'delivered'"):
        service.deliver(pid)


def test_bad_draft_names_the_field_and_writes_nothing(service, engine):
    with pytest.raises(InvalidInputError) as error:
        service.create_petition(draft(title="x" * 151))
    assert error.value.field == "title"
    with pytest.raises(InvalidInputError, match="deadline"):
        service.create_petition(draft(deadline=dt.date(2020, 1, 1)))
    with pytest.raises(InvalidInputError, match="target"):
        service.create_petition(draft(target="slate:2016:Nobody"))
    assert _rows(engine, PETITIONS) == []
    assert mails(engine) == []


def test_slate_target_and_default_deadline_come_from_the_record(service):
    with time_machine.travel(dt.datetime(2016, 11, 20, tzinfo=dt.UTC), tick=False):
        made = service.create_petition(
            draft(target="slate:2016:Trump", deadline=None), creator_verified=True
        )
    assert made.deadline == dt.date(2016, 12, 19)
    electors = service.electors(made)
    assert sum(electors.values()) == 304
    assert electors[State.PA] == 20
    assert State.CA not in electors


def test_a_past_elections_slate_needs_a_deadline_of_its_own(service, engine):
    """The default deadline of a slate is the day its electors met (2016-12-19, the record):
    after it, the refusal says so and what to do, and nothing is written."""
    with pytest.raises(InvalidInputError) as error:
        service.create_petition(draft(target="slate:2016:Trump", deadline=None))
    assert error.value.field == "deadline"
    assert "the day 2016's electors met (2016-12-19)" in str(error.value)
    assert "give a deadline" in str(error.value)
    assert _rows(engine, PETITIONS) == []
    later = dt.date.today() + dt.timedelta(days=30)
    made = service.create_petition(draft(target="slate:2016:Trump", deadline=later))
    assert made.deadline == later


def test_close_expired_closes_only_petitions_past_their_deadline(service):
    soon = open_petition(service, deadline=dt.date.today())
    later = open_petition(service)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=2)):
        assert service.close_expired() == [soon]
    assert service.get_petition(later).petition.status is PetitionStatus.OPEN


def test_updates_by_the_creator_are_listed(service):
    pid = open_petition(service)
    service.post_update(pid, "We passed 1,000!")
    view = service.get_petition(pid)
    assert [u.body for u in view.updates] == ["We passed 1,000!"]


# --- signing ------------------------------------------------------------------------------------


def test_signature_is_pending_until_confirmed_then_counted(service, engine):
    pid = open_petition(service)
    service.sign(pid, form(1))
    (signature,) = _rows(engine, SIGNATURES)
    assert signature.status == "pending"
    assert signature.state == "PA"
    assert service.counts(pid).total == 0
    (mail,) = mails(engine, "confirm:")
    assert mail.key == f"confirm:{signature.id}"
    done = service.confirm_signature(token_of(mail.body))
    assert done.state is State.PA
    assert done.petition_id == pid
    counts = service.counts(pid)
    assert counts.total == 1
    assert counts.by_state == {State.PA: 1}


def test_confirmation_link_is_the_first_url_and_points_at_the_pages(service, engine):
    pid = open_petition(service)
    service.sign(pid, form(1))
    (mail,) = mails(engine)
    assert mail.body.split("http", 1)[1].startswith("://petitions.test/petitions/confirm/")


def test_the_signer_may_correct_the_state(service, engine):
    pid = open_petition(service)
    sign_and_confirm(service, engine, pid, 1, zip="19104", state="nj")
    assert service.counts(pid).by_state == {State.NJ: 1}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"zip": "1910"}, "zip"),
        ({"zip": "00601"}, "zip"),  # Puerto Rico: no electors, and no state given
        ({"email": "not-an-address"}, "email"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 10_000_000}, "name"),
        ({"state": "ZZ"}, "state"),
        ({"comment": "y" * 1001}, "comment"),
        ({"ref": "bad ref!"}, "ref"),
    ],
)
def test_bad_signature_names_the_field_and_writes_nothing(service, engine, changes, field):
    pid = open_petition(service)
    with pytest.raises(InvalidInputError) as error:
        service.sign(pid, form(1, **changes))
    assert error.value.field == field
    assert _rows(engine, SIGNATURES) == []
    assert mails(engine) == []


def test_unknown_unpublished_and_closed_petitions_refuse_signatures(service, engine):
    with pytest.raises(PetitionNotFoundError):
        service.sign(999, form(1))
    pending = service.create_petition(draft(), creator_verified=True)
    with pytest.raises(PetitionNotFoundError):
        service.sign(pending.id, form(1))
    pid = open_petition(service)
    service.close(pid)
    with pytest.raises(PetitionClosedError):
        service.sign(pid, form(1))
    assert _rows(engine, SIGNATURES) == []


def test_past_deadline_refuses_signatures_before_the_worker_closes_it(service):
    pid = open_petition(service, deadline=dt.date.today())
    with (
        time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=2)),
        pytest.raises(PetitionClosedError, match="deadline"),
    ):
        service.sign(pid, form(1))


def test_signing_again_resends_the_link_and_never_duplicates(service, engine):
    pid = open_petition(service)
    service.sign(pid, form(1))
    service.sign(pid, form(1, email="SIGNER1+again@Example.org", name="Other name"))
    assert len(_rows(engine, SIGNATURES)) == 1
    keys = [m.key for m in mails(engine)]
    assert keys[0].startswith("confirm:")
    assert keys[1].startswith("resend:")
    first, second = (token_of(m.body) for m in mails(engine))
    service.confirm_signature(second)
    with pytest.raises(UsedTokenError):
        service.confirm_signature(first)  # single use: the signature is validated already
    service.sign(pid, form(1))  # after validation: a note, still no second signature
    assert mails(engine)[-1].key.startswith("already:")
    assert service.counts(pid).total == 1


def test_gmail_dots_and_case_are_one_person(service, engine):
    pid = open_petition(service)
    service.sign(pid, form(1, email="jane.doe@gmail.com"))
    service.sign(pid, form(1, email="JaneDoe@googlemail.com"))
    assert len(_rows(engine, SIGNATURES)) == 1


def test_tampered_and_foreign_tokens_are_refused(service, engine):
    pid = open_petition(service)
    service.sign(pid, form(1))
    token = last_token(engine, "signer1@example.org")
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "x", token + "x"):
        with pytest.raises(InvalidTokenError):
            service.confirm_signature(bad)
    other = PetitionService(engine, base_url=BASE_URL, secret_key="another-key")
    with pytest.raises(InvalidTokenError):
        other.confirm_signature(token)
    manage = service.manage_token(pid)
    with pytest.raises(InvalidTokenError):
        service.confirm_signature(manage)  # a token for another purpose
    assert service.counts(pid).total == 0


def test_expired_tokens_are_refused(service, engine):
    pid = open_petition(service)
    service.sign(pid, form(1))
    token = last_token(engine, "signer1@example.org")
    with (
        time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=8)),
        pytest.raises(ExpiredTokenError),
    ):
        service.confirm_signature(token)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=6)):
        service.confirm_signature(token)
    assert service.counts(pid).total == 1


def test_signatures_made_before_closing_may_still_be_confirmed(service, engine):
    pid = open_petition(service)
    service.sign(pid, form(1))
    service.close(pid)
    service.confirm_signature(last_token(engine, "signer1@example.org"))
    assert service.counts(pid).total == 1


def test_milestones_are_recorded_once_with_their_date(service, engine):
    pid = open_petition(service, milestones=(2, 3, 100))
    moment = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=1)
    with time_machine.travel(moment, tick=False):
        for i in range(3):
            sign_and_confirm(service, engine, pid, i)
    view = service.get_petition(pid)
    assert [m.threshold for m in view.milestones] == [2, 3]
    assert view.milestones[0].reached_at == moment
    assert view.as_json()["next_milestone"] == 100
    assert len(_rows(engine, MILESTONES)) == 2


def test_a_confirmation_returns_the_counts_it_committed(service, engine):
    pid = open_petition(service, title="Count me")
    zips = ("19104", "48201", "19104")
    done = [sign_and_confirm(service, engine, pid, i, zip=z) for i, z in enumerate(zips)]
    assert [(d.title, d.state, d.total, d.state_total) for d in done] == [
        ("Count me", State.PA, 1, 1),
        ("Count me", State.MI, 2, 1),
        ("Count me", State.PA, 3, 2),
    ]


def test_a_missing_milestone_is_recorded_by_the_next_confirmation(service, engine):
    """A milestone a confirmation missed (two at once on PostgreSQL, neither seeing the other's
    count) is recorded by the next one; one already recorded keeps its date."""
    pid = open_petition(service, milestones=(1, 2, 100))
    first = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=1)
    with time_machine.travel(first, tick=False):
        sign_and_confirm(service, engine, pid, 0)
        sign_and_confirm(service, engine, pid, 1)
    with engine.begin() as connection:
        connection.execute(sa.delete(MILESTONES).where(MILESTONES.c.threshold == 1))
    later = first + dt.timedelta(days=1)
    with time_machine.travel(later, tick=False):
        sign_and_confirm(service, engine, pid, 2)
    reached = {m.threshold: m.reached_at for m in service.get_petition(pid).milestones}
    assert reached == {1: later, 2: first}


# --- abuse ---------------------------------------------------------------------------------------


def test_disposable_and_blocked_domains_are_kept_as_fraudulent(service, engine):
    pid = open_petition(service)
    service.add_abuse_rule("domain", "spam.example", "block")
    service.sign(pid, form(1, email="x@mailinator.com"))
    service.sign(pid, form(2, email="y@sub.spam.example"))
    rows = _rows(engine, SIGNATURES)
    assert {r.status for r in rows} == {"fraudulent"}
    assert {r.fraud_reason for r in rows} == {"disposable:domain", "blocked:domain"}
    assert mails(engine) == []  # no mail for fraudulent signatures


def test_blocked_ip_is_fraudulent_allowed_ip_skips_limits(engine):
    policy = AbusePolicy(limits=(Limit(scope=Scope.IP, window=60, max=2),))
    service = PetitionService(engine, base_url=BASE_URL, secret_key=SECRET, policy=policy)
    pid = open_petition(service)
    service.add_abuse_rule("ip", "203.0.113.0/24", "block")
    service.add_abuse_rule("ip", "198.51.100.7", "allow")
    service.sign(pid, form(1), Client(ip="203.0.113.9"))
    for i in range(2, 6):
        service.sign(pid, form(i), Client(ip="198.51.100.7"))
    statuses = [r.status for r in _rows(engine, SIGNATURES)]
    assert statuses == ["fraudulent", "pending", "pending", "pending", "pending"]


def test_over_the_ip_limit_is_fraudulent_and_not_counted(engine):
    policy = AbusePolicy(
        limits=(
            Limit(scope=Scope.IP, window=60, max=3),
            Limit(scope=Scope.IP, window=3600, max=4),
        )
    )
    service = PetitionService(engine, base_url=BASE_URL, secret_key=SECRET, policy=policy)
    pid = open_petition(service)
    start = dt.datetime.now(dt.UTC).replace(minute=0, second=5) - dt.timedelta(hours=2)
    with time_machine.travel(start, tick=False):
        for i in range(5):
            service.sign(pid, form(i), Client(ip="192.0.2.1"))
        service.sign(pid, form(9), Client(ip="192.0.2.2"))  # another address: unaffected
    with time_machine.travel(start + dt.timedelta(minutes=2), tick=False):
        service.sign(pid, form(10), Client(ip="192.0.2.1"))  # burst over, sustained not
    rows = {r.email: r for r in _rows(engine, SIGNATURES)}
    assert [rows[f"signer{i}@example.org"].status for i in range(5)] == [
        "pending", "pending", "pending", "fraudulent", "fraudulent",
    ]  # fmt: skip
    assert rows["signer3@example.org"].fraud_reason == "rate:ip:60s"
    assert rows["signer9@example.org"].status == "pending"
    assert rows["signer10@example.org"].fraud_reason == "rate:ip:3600s"
    assert len(mails(engine)) == 4  # only the pending ones are mailed
    for m in mails(engine):
        service.confirm_signature(token_of(m.body))
    assert service.counts(pid).total == 4


def test_domain_limit_spares_the_large_providers(engine):
    policy = AbusePolicy(limits=(Limit(scope=Scope.DOMAIN, window=60, max=1),))
    service = PetitionService(engine, base_url=BASE_URL, secret_key=SECRET, policy=policy)
    pid = open_petition(service)
    for i in range(3):
        service.sign(pid, form(i, email=f"p{i}@gmail.com"))
        service.sign(pid, form(10 + i, email=f"p{i}@small-isp.example"))
    by_domain = [(r.email_domain, r.status) for r in _rows(engine, SIGNATURES)]
    assert by_domain.count(("gmail.com", "pending")) == 3
    assert by_domain.count(("small-isp.example", "pending")) == 1


def test_an_over_limit_attempt_does_not_lock_out_the_real_signer(engine):
    policy = AbusePolicy(limits=(Limit(scope=Scope.EMAIL, window=3600, max=1),))
    service = PetitionService(engine, base_url=BASE_URL, secret_key=SECRET, policy=policy)
    pid = open_petition(service)
    service.sign(pid, form(1))
    service.sign(pid, form(1))  # a second attempt within the hour: kept as fraudulent
    rows = _rows(engine, SIGNATURES)
    assert sorted(r.status for r in rows) == ["fraudulent", "pending"]
    service.confirm_signature(token_of(mails(engine)[0].body))
    assert service.counts(pid).total == 1


# --- moderation of signatures, recount ------------------------------------------------------------


def test_every_signature_transition_keeps_the_counts_right(service, engine):
    pid = open_petition(service)
    done = sign_and_confirm(service, engine, pid, 1)
    sid = done.signature_id
    service.set_signature_status(sid, SignatureStatus.INVALIDATED)
    assert service.counts(pid).total == 0
    service.set_signature_status(sid, SignatureStatus.VALIDATED)
    assert service.counts(pid).total == 1
    service.set_signature_status(sid, SignatureStatus.FRAUDULENT, "duplicate person")
    assert service.counts(pid).total == 0
    with pytest.raises(TransitionError):
        service.set_signature_status(sid, SignatureStatus.VALIDATED)
    service.sign(pid, form(2))
    pending = next(r.id for r in _rows(engine, SIGNATURES) if r.status == "pending")
    service.set_signature_status(pending, SignatureStatus.INVALIDATED)
    with pytest.raises(InvalidTokenError, match="invalidated"):
        service.confirm_signature(last_token(engine, "signer2@example.org"))
    assert service.recount(pid).drift == {}


def test_recount_finds_and_repairs_drift(service, engine):
    pid = open_petition(service)
    for i in range(3):
        sign_and_confirm(service, engine, pid, i, zip="48201")  # Detroit, MI
    sign_and_confirm(service, engine, pid, 9)  # PA
    with engine.begin() as connection:  # corrupt the counters
        connection.execute(sa.update(COUNTS).where(COUNTS.c.state == "MI").values(n=0))
        connection.execute(sa.insert(COUNTS).values(petition_id=pid, state="OH", shard=99, n=5))
    result = service.recount(pid)
    assert result.total == 4
    assert result.by_state == {State.MI: 3, State.PA: 1}
    assert result.drift == {State.MI: -3, State.OH: 5}
    assert service.counts(pid).by_state == {State.MI: 3, State.PA: 1}
    assert service.recount(pid).drift == {}


# --- comments -----------------------------------------------------------------------------------


def test_reason_given_when_signing_is_published_on_confirmation(service, engine):
    pid = open_petition(service)
    service.sign(pid, form(1, comment="Because <b>democracy</b>"))
    assert service.list_comments(pid) == []
    sign = service.confirm_signature(last_token(engine, "signer1@example.org"))
    (comment,) = service.list_comments(pid)
    assert comment.body == "Because <b>democracy</b>"  # plain text, escaped by the pages
    assert comment.author == "Signer 1"
    assert comment.state is State.PA
    reply = service.post_comment(sign.comment_token, "And I agree", parent_id=comment.id)
    assert service.list_comments(pid)[0].replies == (reply,)
    with pytest.raises(InvalidInputError, match="parent"):
        service.post_comment(sign.comment_token, "Too deep", parent_id=reply.id)


def test_only_validated_signers_comment(service, engine):
    pid = open_petition(service)
    done = sign_and_confirm(service, engine, pid, 1)
    service.set_signature_status(done.signature_id, SignatureStatus.INVALIDATED)
    with pytest.raises(NotPermittedError):
        service.post_comment(done.comment_token, "Hello")
    with pytest.raises(InvalidTokenError):
        service.post_comment("forged", "Hello")
    other = open_petition(service)
    service.set_signature_status(done.signature_id, SignatureStatus.VALIDATED)
    with pytest.raises(NotPermittedError):
        service.post_comment(done.comment_token, "Hello", petition_id=other)
    assert _rows(engine, COMMENTS) == []


def test_flag_hide_restore(service, engine):
    pid = open_petition(service)
    done = sign_and_confirm(service, engine, pid, 1)
    made = service.post_comment(done.comment_token, "A reason")
    flagged = service.flag_comment(made.id)
    assert flagged.status is CommentStatus.FLAGGED
    assert flagged.flags == 1
    assert service.flag_comment(made.id).flags == 2
    assert service.hide_comment(made.id).status is CommentStatus.HIDDEN
    assert service.list_comments(pid) == []
    assert len(service.list_comments(pid, include_hidden=True)) == 1
    with pytest.raises(CommentNotFoundError):
        service.flag_comment(made.id)
    with pytest.raises(TransitionError):
        service.hide_comment(made.id)
    assert service.restore_comment(made.id).status is CommentStatus.VISIBLE
    assert len(service.list_comments(pid)) == 1
    with pytest.raises(CommentNotFoundError):
        service.flag_comment(made.id, petition_id=pid + 1)


# --- sharing ------------------------------------------------------------------------------------


def test_share_links_carry_referral_codes_counted_for_the_creator(service, engine):
    pid = open_petition(service)
    links = service.share_links(pid, referrer="abc")
    assert set(links) == set(Channel)
    assert links[Channel.LINK] == f"{BASE_URL}/petitions/{pid}?ref=link.abc"
    assert "facebook.com" in links[Channel.FACEBOOK]
    assert "ref%3Dfacebook.abc" in links[Channel.FACEBOOK]
    sign_and_confirm(service, engine, pid, 1, ref="facebook.abc")
    sign_and_confirm(service, engine, pid, 2, ref="facebook.abc")
    sign_and_confirm(service, engine, pid, 3)
    service.sign(pid, form(4, ref="x"))  # pending: not counted
    assert service.referral_counts(pid) == {"facebook.abc": 2, "direct": 1}


# --- delivery and privacy -----------------------------------------------------------------------


def test_export_rows_have_names_and_zips_of_validated_signers_only(service, engine):
    pid = open_petition(service)
    sign_and_confirm(service, engine, pid, 2, zip="48201")
    sign_and_confirm(service, engine, pid, 1)
    service.sign(pid, form(3))
    rows = service.export_rows(pid)
    assert [(r.name, r.zip, r.state) for r in rows] == [
        ("Signer 2", "48201", State.MI),
        ("Signer 1", "19104", State.PA),
    ]
    assert [r.name for r in service.export_rows(pid, State.PA)] == ["Signer 1"]


def test_removal_of_personal_data_keeps_the_signature_counted(service, engine):
    pid = open_petition(service)
    done = sign_and_confirm(service, engine, pid, 1, comment="My reason")
    other = open_petition(service)
    service.sign(other, form(1, email="Signer1+x@example.org"))  # pending, mail queued
    assert service.remove_personal_data("SIGNER1@example.org") == 2
    rows = _rows(engine, SIGNATURES)
    assert all(r.name is None and r.email is None and r.zip is None for r in rows)
    assert all(r.ip is None and r.comment is None and r.removed_at for r in rows)
    assert service.counts(pid).total == 1
    assert service.export_rows(pid) == []
    (comment,) = service.list_comments(pid)
    assert comment.body is None
    assert comment.author == "(removed)"
    assert all(m.recipient is None for m in mails(engine))
    assert {m.status for m in _rows(engine, OUTBOX)} == {"cancelled"}  # none was sent yet
    with pytest.raises(NotPermittedError):
        service.post_comment(done.comment_token, "back again")
    service.sign(pid, form(1))  # the digest still stops a second signature
    assert len(_rows(engine, SIGNATURES, SIGNATURES.c.petition_id == pid)) == 1


def test_no_email_in_public_views(service, engine):
    pid = open_petition(service)
    sign_and_confirm(service, engine, pid, 1, comment="hi")
    text = repr(service.get_petition(pid).as_json()) + repr(
        [c.as_json() for c in service.list_comments(pid)]
    )
    text += repr([v.as_json() for v in service.list_petitions()])
    assert "@" not in text


def test_listing_shows_published_petitions_with_counts(service, engine):
    a = open_petition(service)
    service.create_petition(draft(title="Pending one"), creator_verified=True)
    sign_and_confirm(service, engine, a, 1)
    (view,) = service.list_petitions()
    assert view.petition.id == a
    assert view.counts.total == 1
    assert len(service.list_petitions(list(PetitionStatus))) == 2
    assert view.petition.deadline == FUTURE
