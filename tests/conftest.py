"""Shared fixtures: the document, its parse, and one built database per test session."""

import pathlib

import pytest

from cqbudget_db.build import DEFAULT_SOURCE, build
from cqbudget_db.parse import parse_document

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def source_path():
    return DEFAULT_SOURCE


@pytest.fixture(scope="session")
def source_text(source_path):
    return source_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def parsed(source_text):
    return parse_document(source_text)


@pytest.fixture(scope="session")
def db_path(tmp_path_factory):
    """A database built from data/ once per session; tests must not write to it."""
    path = tmp_path_factory.mktemp("db") / "cqbudget.db"
    build(DEFAULT_SOURCE, path)
    return path
