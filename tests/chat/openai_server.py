"""The local OpenAI-protocol server the tests use: the benchmark's replay server (eval/replay_server.py)."""

from eval.replay_server import ReplayServer as FakeOpenAI

__all__ = ["FakeOpenAI"]
