"""Learning for clinicians: each aid's brief and self-check, and the general module.

:func:`clinician_brief` words an aid's brief with its example people's figures worked out;
:func:`self_check` gives its questions, figure questions answered from the aid's own figures;
:func:`score` marks a learner's answers. :func:`load_module` reads the general module
(``content/learning/general-module.md``), whose examples are worked out from real aids.
:func:`brief_html` is a brief as one printable page.
"""

from decision_aids.learning._brief import (
    BriefView,
    KeyNumbers,
    PersonNumbers,
    aids_with_briefs,
    clinician_brief,
)
from decision_aids.learning._module import (
    LearningModule,
    ModuleError,
    Section,
    WorkedExample,
    load_module,
    module_path,
)
from decision_aids.learning._print import brief_html
from decision_aids.learning._questions import (
    PASS_MARK,
    Marked,
    Question,
    Score,
    score,
    self_check,
    worded,
)

__all__ = [
    "PASS_MARK",
    "BriefView",
    "KeyNumbers",
    "LearningModule",
    "Marked",
    "ModuleError",
    "PersonNumbers",
    "Question",
    "Score",
    "Section",
    "WorkedExample",
    "aids_with_briefs",
    "brief_html",
    "clinician_brief",
    "load_module",
    "module_path",
    "score",
    "self_check",
    "worded",
]
