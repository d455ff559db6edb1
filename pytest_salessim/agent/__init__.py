"""The sales agent the shopper talks to: scripted by the spec, or an LLM."""

from .scripted import AgentMessage, ScriptedAgent, triggered

__all__ = ["AgentMessage", "ScriptedAgent", "triggered"]
