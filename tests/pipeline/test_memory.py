import gc

import pytest

from pipeline.memory import paused_gc


def test_paused_gc_restores_the_collector_even_after_an_error():
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with paused_gc():
            assert not gc.isenabled()
            raise ValueError("boom")
    assert gc.isenabled()


def test_paused_gc_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_paused_gc_decorates_a_function():
    @paused_gc()
    def collecting() -> bool:
        return gc.isenabled()

    assert collecting() is False and gc.isenabled()
