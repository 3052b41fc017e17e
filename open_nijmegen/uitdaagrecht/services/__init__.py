"""Writes of the uitdaagrecht: concept steps, filing, every workflow step, the assessment.

Each function validates, changes the objects, records the history row (``StatusChange``), the
audit entry and queues the mail to the challenger, all in the caller's transaction: the request
commits once. The rules come from ``workflow.py`` (which step is allowed) and ``termijnen.py``
(the deadlines); this module only connects them to the database.
"""

from open_nijmegen.uitdaagrecht.services.concept import (
    add_bijlage,
    bijlagen,
    delete_concept,
    next_referentie,
    ontbrekend,
    remove_bijlage,
    save_step,
    step_data,
    submit,
)
from open_nijmegen.uitdaagrecht.services.historie import history
from open_nijmegen.uitdaagrecht.services.klok import (
    BEZWAAR_PREFIX,
    OBJECT_TYPE,
    TIJDZONE,
    UPLOAD_KINDS,
    StapFout,
    Termijnstand,
    bezwaar_clock,
    bezwaar_feiten,
    bezwaar_open,
    clock_voor,
    feiten_voor,
    lopend_bezwaar,
    termijnen_voor,
    termijnstand,
    vandaag,
)
from open_nijmegen.uitdaagrecht.services.stappen import (
    criteria,
    save_beoordeling,
    save_publiek,
    start_bezwaar,
    take_bezwaar_step,
    take_step,
)

__all__ = [
    "BEZWAAR_PREFIX",
    "OBJECT_TYPE",
    "TIJDZONE",
    "UPLOAD_KINDS",
    "StapFout",
    "Termijnstand",
    "add_bijlage",
    "bezwaar_clock",
    "bezwaar_feiten",
    "bezwaar_open",
    "bijlagen",
    "clock_voor",
    "criteria",
    "delete_concept",
    "feiten_voor",
    "history",
    "lopend_bezwaar",
    "next_referentie",
    "ontbrekend",
    "remove_bijlage",
    "save_beoordeling",
    "save_publiek",
    "save_step",
    "start_bezwaar",
    "step_data",
    "submit",
    "take_bezwaar_step",
    "take_step",
    "termijnen_voor",
    "termijnstand",
    "vandaag",
]
