"""The load generator: concurrent scripted sessions over Rasa's REST channel (asyncio + aiohttp).

Each of `concurrency` workers plays sessions one after another under fresh sender ids: the session's
set-up messages (not measured), then its turns (measured), until the session ends, its turns run out,
or the run's budget is spent. The budget is a number of measured turns and a duration, whichever comes
first, so every run stops by itself. Only loopback addresses are accepted.
"""
from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple
from urllib.parse import urlsplit

import aiohttp

from rehearse.bench.script import Conversation
from rehearse.bench.services import REST_PATH

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
ERROR_KINDS = ("non_200", "timeout", "empty", "connection")
EXAMPLES_KEPT = 5


@dataclass(frozen=True)
class LoadPlan:
    concurrency: int
    max_turns: int
    duration_s: float
    timeout_s: float = 30.0


@dataclass
class LoadResult:
    latencies_ms: List[float] = field(default_factory=list)
    turns_sent: int = 0
    turns_answered: int = 0
    unexpected_replies: int = 0
    unexpected_examples: List[Dict[str, object]] = field(default_factory=list)
    """The first few scripted lines whose reply was not the expected kind, with that reply."""
    sessions_started: int = 0
    sessions_ended: int = 0
    sent_lines: Dict[str, List[str]] = field(default_factory=dict)
    """The measured lines sent, per sender (to check them against the stored transcripts)."""
    answered_lines: Dict[str, List[str]] = field(default_factory=dict)
    """The sent lines answered as the conversation expects (a counterpart line, or the session's end)."""
    errors: Counter = field(default_factory=Counter)
    setup_errors: Counter = field(default_factory=Counter)
    elapsed_s: float = 0.0
    server_down: bool = False
    """A connection was refused: the run stopped early, as the server had gone."""
    generator_cpu_s: float = 0.0
    """CPU time of the benchmark process during the run: the load generator's own cost."""

    @property
    def error_count(self) -> int:
        return sum(self.errors.values()) + sum(self.setup_errors.values())

    @property
    def turns_per_s(self) -> float:
        return self.turns_answered / self.elapsed_s if self.elapsed_s else 0.0

    def error_breakdown(self) -> Dict[str, int]:
        return {kind: self.errors[kind] + self.setup_errors[kind] for kind in ERROR_KINDS}


class _Budget:
    """Shared by the workers of one run: a turn is started only while turns and time remain and the
    server has not gone away."""

    def __init__(self, plan: LoadPlan) -> None:
        self.turns_left = plan.max_turns
        self.deadline = time.monotonic() + plan.duration_s
        self.stopped = False

    @property
    def spent(self) -> bool:
        return self.stopped or self.turns_left <= 0 or time.monotonic() >= self.deadline

    def take(self) -> bool:
        if self.spent:
            return False
        self.turns_left -= 1
        return True


def check_loopback(url: str) -> None:
    host = urlsplit(url).hostname
    if host not in LOOPBACK_HOSTS:
        raise ValueError(f"the benchmark only sends traffic to loopback addresses, not {host!r}")


async def send(http: aiohttp.ClientSession, url: str, sender: str, message: str) -> Tuple[Optional[str], List[str], float]:
    """One REST message. Returns (error kind or None, reply texts, latency in ms)."""
    started = time.perf_counter()
    try:
        async with http.post(url, json={"sender": sender, "message": message}) as response:
            body = await response.json(content_type=None) if response.status == 200 else None
            status = response.status
    except asyncio.TimeoutError:
        return "timeout", [], (time.perf_counter() - started) * 1000
    except (aiohttp.ClientError, ValueError, OSError):
        return "connection", [], (time.perf_counter() - started) * 1000
    latency_ms = (time.perf_counter() - started) * 1000
    if status != 200:
        return "non_200", [], latency_ms
    texts = [reply.get("text") or "" for reply in body or [] if isinstance(reply, dict)]
    if not body:
        return "empty", [], latency_ms
    return None, texts, latency_ms


def _stop_if_down(error: str, budget: _Budget, result: LoadResult) -> None:
    if error == "connection":
        budget.stopped = result.server_down = True


async def _worker(
    worker: int, http: aiohttp.ClientSession, url: str, conversation: Conversation, prefix: str,
    budget: _Budget, result: LoadResult, session_counter: List[int],
) -> None:
    while not budget.spent:
        index = session_counter[0]
        session_counter[0] += 1
        sender = f"{prefix}-{worker}-{index}"
        result.sessions_started += 1
        setup_failed = False
        for message in conversation.setup(index):
            error, _, _ = await send(http, url, sender, message)
            if error:
                result.setup_errors[error] += 1
                setup_failed = True
                _stop_if_down(error, budget, result)
                break
        if setup_failed:
            await asyncio.sleep(0.2)  # a failing server is not hammered in a tight loop
            continue
        for line in conversation.turns(index):
            if not budget.take():
                return
            result.turns_sent += 1
            result.sent_lines.setdefault(sender, []).append(line)
            error, texts, latency_ms = await send(http, url, sender, line)
            if error:
                result.errors[error] += 1
                _stop_if_down(error, budget, result)
                break
            result.turns_answered += 1
            result.latencies_ms.append(latency_ms)
            if conversation.ended(texts):
                result.answered_lines.setdefault(sender, []).append(line)
                result.sessions_ended += 1
                break
            if conversation.expected(texts):
                result.answered_lines.setdefault(sender, []).append(line)
            else:
                result.unexpected_replies += 1
                if len(result.unexpected_examples) < EXAMPLES_KEPT:
                    result.unexpected_examples.append({"line": line, "replies": texts})
                break


async def run_load(base_url: str, conversation: Conversation, plan: LoadPlan, sender_prefix: str) -> LoadResult:
    """Run `plan` against the REST channel at `base_url`; senders are named `{sender_prefix}-{worker}-{n}`."""
    check_loopback(base_url)
    result = LoadResult()
    budget = _Budget(plan)
    session_counter = [0]
    connector = aiohttp.TCPConnector(limit=plan.concurrency)
    timeout = aiohttp.ClientTimeout(total=plan.timeout_s)
    started, cpu_started = time.monotonic(), time.process_time()
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
        await asyncio.gather(
            *(
                _worker(worker, http, base_url + REST_PATH, conversation, sender_prefix, budget, result, session_counter)
                for worker in range(plan.concurrency)
            )
        )
    result.elapsed_s = time.monotonic() - started
    result.generator_cpu_s = time.process_time() - cpu_started
    return result


def run_load_sync(base_url: str, conversation: Conversation, plan: LoadPlan, sender_prefix: str) -> LoadResult:
    return asyncio.run(run_load(base_url, conversation, plan, sender_prefix))
