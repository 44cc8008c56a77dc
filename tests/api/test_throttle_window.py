"""The API/CDS throttle's sliding window (lactmed.throttles.SlidingWindowMixin): the limit holds
across a window boundary, the stored state is three integers whatever the rate, and Retry-After
says when the next request would pass. No database: a fake cache and clock."""

from types import SimpleNamespace

import pytest

from lactmed.throttles import ClientIPRateThrottle


class FakeCache(dict):
    def get(self, key, default=None):
        return super().get(key, default)

    def set(self, key, value, timeout=None):
        self[key] = value


@pytest.fixture
def make(monkeypatch):
    def build(rate: str, clock: list[float]):
        monkeypatch.setattr(ClientIPRateThrottle, "get_rate", lambda self: rate)
        throttle = ClientIPRateThrottle()
        throttle.cache = FakeCache()
        throttle.timer = lambda: clock[0]
        throttle.get_cache_key = lambda request, view: "throttle_anon_test"
        return throttle

    return build


def _passes(throttle, n: int) -> list[bool]:
    return [throttle.allow_request(SimpleNamespace(), None) for _ in range(n)]


def test_the_limit_holds_within_a_window(make):
    clock = [600.0]  # the start of a 60 s window
    throttle = make("3/minute", clock)
    assert _passes(throttle, 5) == [True, True, True, False, False]
    assert 0 < throttle.wait() <= 60


def test_the_limit_holds_across_the_window_boundary(make):
    clock = [650.0]  # 50 s into a window
    throttle = make("4/minute", clock)
    assert _passes(throttle, 4) == [True] * 4
    clock[0] = 662.0  # 2 s into the next window: 4 x 58/60 = 3.87 of them still count
    assert _passes(throttle, 1) == [True]  # 3.87 < 4
    assert _passes(throttle, 1) == [False]  # 3.87 + 1 >= 4
    wait = throttle.wait()
    clock[0] += wait
    assert _passes(throttle, 1) == [True]  # told the truth about when to retry


def test_an_idle_client_starts_again_from_zero(make):
    clock = [600.0]
    throttle = make("2/minute", clock)
    assert _passes(throttle, 3) == [True, True, False]
    clock[0] = 600.0 + 125  # two windows later
    assert _passes(throttle, 3) == [True, True, False]


def test_the_stored_state_is_small_at_any_rate(make):
    clock = [600.0]
    throttle = make("100000/minute", clock)
    for i in range(5000):
        clock[0] = 600.0 + i * 0.01
        assert throttle.allow_request(SimpleNamespace(), None)
    state = throttle.cache["throttle_anon_test"]
    assert len(state) == 3 and state[1] == 5000  # (window, count, previous count)
