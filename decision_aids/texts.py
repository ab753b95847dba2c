"""Fixed texts that every part shows word for word: the lint, the patient pages and the apps."""

from __future__ import annotations

#: The heading of an aid's body under which it lists the questions a person might ask.
QUESTIONS_SECTION = "Questions to ask"

#: The NHS "Ask 3 Questions", word for word (AQuA; adapted from Shepherd et al. 2011).
ASK_3_QUESTIONS = (
    "What are my options?",
    "What are the pros and cons of each option for me?",
    "How do I get support to help me make a decision that is right for me?",
)
