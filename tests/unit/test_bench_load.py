"""The load generator against a tiny fake REST channel on loopback."""
import asyncio
from collections import defaultdict

import pytest
from aiohttp import web

from rehearse.bench.load import LoadPlan, check_loopback, run_load
from rehearse.bench.script import Conversation

END = "How are you feeling now, from 0 (very low) to 10?"


def conversation(turns_per_session: int = 4) -> Conversation:
    return Conversation(
        setup=lambda index: ["hi", "/start"],
        turns=lambda index: [f"line {index}.{n}" for n in range(turns_per_session)],
        expected=lambda texts: any(text.startswith("Sam: ") for text in texts),
        ended=lambda texts: END in texts,
    )


class FakeBot:
    """Answers like Rehearse: set-up messages get a prompt, role-play lines a counterpart line; the
    session ends after `session_turns` lines. Special lines fail in the ways the generator must count."""

    def __init__(self, session_turns: int = 100, delay_s: float = 0.0) -> None:
        self.session_turns = session_turns
        self.delay_s = delay_s
        self.lines = defaultdict(list)
        self.in_flight = 0
        self.max_in_flight = 0

    async def handle(self, request: web.Request) -> web.Response:
        payload = await request.json()
        sender, message = payload["sender"], payload["message"]
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay_s)
        finally:
            self.in_flight -= 1
        if message in ("hi", "/start"):
            return web.json_response([{"recipient_id": sender, "text": "ok"}])
        self.lines[sender].append(message)
        if message.endswith(".1") and "fail" in sender:
            return web.json_response({"error": "boom"}, status=500)
        if len(self.lines[sender]) >= self.session_turns:
            return web.json_response([{"text": "Debrief"}, {"text": END}])
        return web.json_response([{"recipient_id": sender, "text": f"Sam: “reply {len(self.lines[sender])}”"}])


@pytest.fixture
async def fake_bot():
    async def serve(bot: FakeBot):
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", bot.handle)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        port = runner.addresses[0][1]
        return f"http://127.0.0.1:{port}"

    runners = []
    yield serve
    for runner in runners:
        await runner.cleanup()


async def test_a_turn_budget_is_spent_exactly_and_only_turns_are_measured(fake_bot):
    bot = FakeBot()
    url = await fake_bot(bot)
    result = await run_load(url, conversation(), LoadPlan(concurrency=3, max_turns=10, duration_s=30), "t")
    assert result.turns_sent == result.turns_answered == 10
    assert len(result.latencies_ms) == 10 and all(latency > 0 for latency in result.latencies_ms)
    assert sum(len(lines) for lines in bot.lines.values()) == 10  # set-up messages are not turns
    assert result.sent_lines == result.answered_lines == bot.lines
    assert result.error_count == 0 and result.unexpected_replies == 0


async def test_workers_run_concurrently_up_to_the_plan(fake_bot):
    bot = FakeBot(delay_s=0.05)
    url = await fake_bot(bot)
    await run_load(url, conversation(), LoadPlan(concurrency=5, max_turns=25, duration_s=30), "c")
    assert bot.max_in_flight == 5


async def test_a_session_that_ends_is_followed_by_a_new_sender(fake_bot):
    bot = FakeBot(session_turns=2)
    url = await fake_bot(bot)
    result = await run_load(url, conversation(turns_per_session=4), LoadPlan(1, max_turns=6, duration_s=30), "s")
    assert result.sessions_ended == 3
    assert sorted(bot.lines) == ["s-0-0", "s-0-1", "s-0-2"]
    assert all(len(lines) == 2 for lines in bot.lines.values())


async def test_the_duration_stops_a_run_with_a_large_turn_budget(fake_bot):
    url = await fake_bot(FakeBot(delay_s=0.01))
    result = await run_load(url, conversation(), LoadPlan(2, max_turns=1_000_000, duration_s=0.5), "d")
    assert 0.4 < result.elapsed_s < 2.0
    assert 0 < result.turns_sent < 1_000_000


async def test_errors_and_unexpected_replies_are_counted(fake_bot):
    bot = FakeBot()
    url = await fake_bot(bot)
    failing = await run_load(url, conversation(), LoadPlan(1, max_turns=4, duration_s=30), "fail")
    assert failing.errors["non_200"] == 2  # line .1 of each session fails; the worker moves on
    assert failing.turns_sent == 4 and failing.turns_answered == 2

    odd = Conversation(setup=lambda i: [], turns=lambda i: ["hi"], expected=lambda t: False, ended=lambda t: False)
    unexpected = await run_load(url, odd, LoadPlan(1, max_turns=3, duration_s=30), "u")
    assert unexpected.unexpected_replies == 3 and unexpected.error_count == 0
    assert unexpected.unexpected_examples[0] == {"line": "hi", "replies": ["ok"]}
    assert unexpected.answered_lines == {} and sum(map(len, unexpected.sent_lines.values())) == 3


async def test_empty_replies_timeouts_and_refused_connections_are_counted(fake_bot):
    async def empty(request):
        return web.json_response([])

    async def slow(request):
        await asyncio.sleep(1)
        return web.json_response([{"text": "late"}])

    app = web.Application()
    app.router.add_post("/empty/webhooks/rest/webhook", empty)
    app.router.add_post("/slow/webhooks/rest/webhook", slow)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    plain = Conversation(setup=lambda i: [], turns=lambda i: ["x"], expected=lambda t: True, ended=lambda t: False)
    try:
        empty_result = await run_load(base + "/empty", plain, LoadPlan(1, 2, 30), "e")
        slow_result = await run_load(base + "/slow", plain, LoadPlan(1, 1, 30, timeout_s=0.2), "w")
    finally:
        await runner.cleanup()
    refused = await run_load(base, plain, LoadPlan(3, 1000, 30), "r")
    assert empty_result.errors["empty"] == 2
    assert slow_result.errors["timeout"] == 1
    # A refused connection means the server has gone: the run stops at once instead of hammering it.
    assert refused.server_down and refused.elapsed_s < 5
    assert 1 <= refused.errors["connection"] <= 3
    assert refused.error_breakdown()["connection"] == refused.error_count


def test_only_loopback_targets_are_accepted():
    check_loopback("http://127.0.0.1:5005")
    check_loopback("http://localhost:5005")
    for url in ("http://10.0.0.5:5005", "http://example.com", "http://192.168.1.2:80"):
        with pytest.raises(ValueError):
            check_loopback(url)
