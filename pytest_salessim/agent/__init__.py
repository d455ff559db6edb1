"""The sales agent the shopper talks to."""

from .scripted import AgentMessage, ScriptedAgent, triggered

__all__ = ["AgentMessage", "ScriptedAgent", "triggered"]
