"""No secrets in the repository: the files git tracks (or would add) hold no private keys, AWS keys,
passwords in URLs, or .env files. Secrets come from the environment (see docs/security.md)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_SCANNED_BYTES = 2_000_000

PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")
AWS_ACCESS_KEY_ID = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])")
AWS_SECRET_KEY = re.compile(r"aws_secret_access_key\s*[=:]\s*['\"]?[A-Za-z0-9/+=]{40}", re.IGNORECASE)
URL_PASSWORD = re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@'\"<>]*:([^/\s@'\"<>]+)@", re.IGNORECASE)
PLACEHOLDER = re.compile(
    r"^(?:\$\{?\w+\}?|\{[^}]*\}|%[sr]|\*+|x+|\.\.\.|password|pass|passwd|changeme|change-me|example)$", re.IGNORECASE
)
ENV_FILE = re.compile(r"(?:^|/)\.env(?:\.[\w.-]+)?$")
ENV_FILE_ALLOWED = re.compile(r"\.(?:example|sample|template)$")


def findings(path: str, text: str) -> Iterator[Tuple[str, str]]:
    for kind, pattern in (("private key", PRIVATE_KEY), ("AWS access key id", AWS_ACCESS_KEY_ID), ("AWS secret key", AWS_SECRET_KEY)):
        for match in pattern.finditer(text):
            yield kind, f"{path}:{text.count(chr(10), 0, match.start()) + 1}"
    for match in URL_PASSWORD.finditer(text):
        if not PLACEHOLDER.match(match.group(1)):
            yield "password in a URL", f"{path}:{text.count(chr(10), 0, match.start()) + 1}"


def repository_files() -> List[str]:
    """Tracked files plus untracked ones that are not ignored: everything a commit could contain."""
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    return [name for name in listing.split("\0") if name and (ROOT / name).is_file()]


def test_the_repository_holds_no_secrets():
    files = repository_files()
    assert len(files) > 100, files  # the listing really covers the project
    problems = [f"{name}: .env file" for name in files if ENV_FILE.search(name) and not ENV_FILE_ALLOWED.search(name)]
    for name in files:
        raw = (ROOT / name).read_bytes()[:MAX_SCANNED_BYTES]
        if b"\0" in raw[:8192]:
            continue  # binary
        problems += [f"{where}: {kind}" for kind, where in findings(name, raw.decode("utf-8", "replace"))]
    assert not problems, "secrets in the repository:\n" + "\n".join(problems)


# The samples are assembled at run time so that this file itself holds none of them.
BEGIN = "-----BEGIN "
SAMPLES = [
    (BEGIN + "RSA PRIVATE KEY-----\nMIIEow...", "private key"),
    (BEGIN + "OPENSSH PRIVATE KEY-----", "private key"),
    (BEGIN + "PRIVATE KEY-----", "private key"),
    ("key = " + "AKIA" + "ABCDEFGHIJKLMNOP", "AWS access key id"),
    ("aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS secret key"),
    ("DATABASE_URL=postgresql://rehearse:" + "s3cr3t-Pa55" + "@db.internal/rehearse", "password in a URL"),
    ("redis://:" + "hunter2" + "@cache:6379/0", "password in a URL"),
]


@pytest.mark.parametrize("text,kind", SAMPLES, ids=[kind + str(index) for index, (_, kind) in enumerate(SAMPLES)])
def test_the_scanner_finds_each_kind_of_secret(text, kind):
    assert [found for found, _ in findings("sample", text)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://rehearse@localhost/rehearse",
        "postgresql://user:${DB_PASSWORD}@db/rehearse",
        "postgresql://user:{password}@db/rehearse",
        "postgresql://user:****@db/rehearse",
        "https://example.org/path?x=1",
        "AKIA is how AWS key ids start",
        "-----BEGIN PUBLIC KEY-----",
    ],
)
def test_placeholders_and_harmless_text_are_not_findings(text):
    assert list(findings("sample", text)) == []


@pytest.mark.parametrize("name,flagged", [(".env", True), ("deploy/.env.production", True), (".env.example", False), ("docs/env.md", False)])
def test_env_files_are_recognised(name, flagged):
    assert bool(ENV_FILE.search(name) and not ENV_FILE_ALLOWED.search(name)) == flagged


def test_the_rasa_api_token_comes_from_the_environment():
    from rehearse.run import Ports, service_commands

    with_token = service_commands(Ports(), environ={"REHEARSE_RASA_TOKEN": " from-the-environment "})["rasa"]
    assert with_token[with_token.index("--auth-token") + 1] == "from-the-environment"
    for environ in ({}, {"REHEARSE_RASA_TOKEN": "  "}):
        assert "--auth-token" not in service_commands(Ports(), environ=environ)["rasa"]
