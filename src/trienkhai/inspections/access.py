"""Who does each step of an inspection (see ``trienkhai.core.access``).

- the conducting unit's inspector (``inspect``, held on the conducting unit or above) prepares
  the annual program and the decision, records findings, drafts the conclusion and its
  recommendations, verifies what was done and closes or sends back a recommendation;
- the conducting unit's head (``approve`` held on that unit itself: ``holds``) signs the
  decision, grants the one extension and approves the conclusion;
- the target unit's clerk or head (``change`` on the target) uploads the self-report, accepts
  the recommendations addressed to it and reports what was done;
- everyone who may view the conducting unit, or a target unit once the decision is signed,
  reads the inspection; the conclusion's text is shown to the targets once approved.
"""

from trienkhai.core.access import Action

#: Preparing and conducting: the inspection commission's work.
CONDUCT = Action.INSPECT
#: Signing the decision, extending, approving the conclusion: the head of the conducting unit.
SIGN = Action.APPROVE
#: What a target or addressee unit does on its own rows.
RESPOND = Action.CHANGE
