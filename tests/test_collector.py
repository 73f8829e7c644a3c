"""The garbage collector is paused while a document is analysed, and only then."""
import gc
import threading

import pytest

import restore
from restore import collector, engine


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_collector_is_off_during_the_analysis_and_on_after(collector_on, monkeypatch):
    seen = []
    real_score = engine._score

    def recording_score(text, config):
        seen.append(gc.isenabled())
        return real_score(text, config)

    monkeypatch.setattr(engine, "_score", recording_score)
    result = restore.fix("The minister said on Could 19 that the battle had ended.")
    assert seen == [False]
    assert gc.isenabled()
    assert result.text  # the analysis itself ran as usual


def test_collector_comes_back_when_the_analysis_fails(collector_on):
    with pytest.raises(TypeError):
        restore.fix(b"bytes are refused")  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        with collector.paused():
            raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_program_that_turned_the_collector_off_keeps_it_off():
    was = gc.isenabled()
    gc.disable()
    try:
        restore.fix("It was the most important result of the year.")
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_pauses_nest_and_the_last_one_out_resumes(collector_on):
    with collector.paused():
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer analysis is still under way
    assert gc.isenabled()


def test_analyses_on_several_threads_leave_the_collector_on(collector_on):
    texts = [f"Paragraph {i}: officials said on Could {i + 1} that the battle was over." for i in range(40)]
    errors = []

    def work(chunk):
        try:
            for t in chunk:
                restore.fix(t)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(texts[k::4],)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert gc.isenabled()
