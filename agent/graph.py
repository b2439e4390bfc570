"""The agent's graph: ingest → plan → execute → verify → (retry | next) → report."""

from __future__ import annotations

from typing import Literal

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import RetryPolicy

from agent import nodes
from agent.context import RunContext
from agent.state import RunState
from model_server.errors import BackendError

BACKEND_RETRY = RetryPolicy(max_attempts=3, initial_interval=1.0, retry_on=BackendError)


def route_after_plan(state: RunState) -> Literal["execute", "report"]:
    return "execute" if state["plan"].steps else "report"


def route_after_verify(state: RunState) -> Literal["retry", "next", "report"]:
    if state.get("retrying"):
        return "retry"
    if state["cursor"] < len(state["plan"].steps):
        return "next"
    return "report"


def build_graph(checkpointer: BaseCheckpointSaver | None = None) -> CompiledStateGraph:
    graph = StateGraph(RunState, context_schema=RunContext)
    graph.add_node("ingest", nodes.ingest)
    graph.add_node("plan", nodes.plan)
    graph.add_node("execute", nodes.execute, retry_policy=BACKEND_RETRY)
    graph.add_node("verify", nodes.verify)
    graph.add_node("report", nodes.report)
    graph.add_edge(START, "ingest")
    graph.add_edge("ingest", "plan")
    graph.add_conditional_edges("plan", route_after_plan)
    graph.add_edge("execute", "verify")
    graph.add_conditional_edges(
        "verify", route_after_verify, {"retry": "execute", "next": "execute", "report": "report"}
    )
    graph.add_edge("report", END)
    return graph.compile(checkpointer=checkpointer)
