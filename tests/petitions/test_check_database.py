"""``check_database``: the database URL checked before a server or command starts (the
refusals are in tests/cli/test_errors.py, through the command line)."""

from __future__ import annotations

import sqlite3

import pytest

from electoral.petitions.db import check_database
from electoral.petitions.errors import ConfigurationError
from tests.petitions.conftest import PG_URL


def test_the_local_postgresql_is_accepted():
    check_database(PG_URL)


def test_a_wrong_password_is_refused_without_showing_it():
    url = PG_URL.replace("postgres@", "nobody:s3cret@")
    with pytest.raises(ConfigurationError) as info:
        check_database(url, timeout=2)
    assert "s3cret" not in str(info.value)
    assert "cannot connect" in str(info.value)


def test_an_existing_sqlite_database_and_a_new_file_in_an_existing_folder_are_accepted(tmp_path):
    sqlite3.connect(tmp_path / "old.sqlite3").execute("create table t (x)").connection.close()
    check_database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    check_database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    check_database("sqlite://")
    assert not (tmp_path / "new.sqlite3").exists()  # nothing is created


def test_only_the_default_folder_may_be_missing_and_it_is_not_created_by_the_check(tmp_path):
    url = f"sqlite:///{tmp_path / 'var' / 'electoral.sqlite3'}"
    check_database(url, may_create_folder=True)
    assert not (tmp_path / "var").exists()
    with pytest.raises(ConfigurationError, match="does not exist"):
        check_database(url)


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("not a url", "is not a database URL"),
        ("postgresql://h:notaport/d", "is not a database URL"),
        ("postgresql+asyncpg://127.0.0.1/test", "asyncpg"),
        ("sqlite:////etc/passwd/x.sqlite3", "/etc/passwd is not a folder"),
    ],
)
def test_malformed_urls_are_one_line(url, fragment):
    with pytest.raises(ConfigurationError, match=fragment) as info:
        check_database(url)
    assert "\n" not in str(info.value)


def test_a_folder_in_place_of_the_file_is_refused(tmp_path):
    with pytest.raises(ConfigurationError, match="is a folder; expected a database file"):
        check_database(f"sqlite:///{tmp_path}")
