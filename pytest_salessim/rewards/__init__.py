"""Training signals: the plugin's checks as rewards for RL on shopper simulators.

Single-turn rewards follow TRL's GRPO `reward_funcs` convention (see `functions.py`); the
multi-turn reward plays a whole conversation (`multiturn.py`); `scenario_rows` builds the prompts
and the `scenario` column they read from spec files (`scenarios.py`).
"""

from .chat import chat_messages, openai_tools, persona_prompt
from .completions import parse_completion
from .functions import (
    REWARDS,
    combined_reward,
    dealbreakers_reward,
    decision_alignment_reward,
    disclosure_reward,
    variety_reward,
    weighted_reward,
)
from .multiturn import ScoredConversation, conversation_reward, play_scored
from .scenarios import resolve_scenario, scenario_ref, scenario_rows
from .scores import DEFAULT_WEIGHTS, SIGNALS, combine, normalised

__all__ = [
    "DEFAULT_WEIGHTS",
    "REWARDS",
    "SIGNALS",
    "ScoredConversation",
    "chat_messages",
    "combine",
    "combined_reward",
    "conversation_reward",
    "dealbreakers_reward",
    "decision_alignment_reward",
    "disclosure_reward",
    "normalised",
    "openai_tools",
    "parse_completion",
    "persona_prompt",
    "play_scored",
    "resolve_scenario",
    "scenario_ref",
    "scenario_rows",
    "variety_reward",
    "weighted_reward",
]
