"""Conversations played elsewhere, graded as pytest items (SPEC section 13).

A file of recorded conversations (this project's transcripts.jsonl, the SalesSim authors' rollouts,
or a chat-format log) becomes items, one per conversation, each matched to its scenario under
`--salessim-specs` and graded by the same checks, judged dimensions and figures as a played one:
source.py reads the records, heads.py tells their format, scenarios.py finds their scenarios,
plan.py names the items, transcripts.py / rollouts.py / chat.py read a record as a Transcript
(products.py matches products named in words), grade.py grades it, item.py makes the pytest nodes,
tally.py counts what could not be graded. Nothing is imported here: a run without recorded files
loads none of it.
"""
