"""What a task still needs: its remaining work, not its original estimate (pure)."""

from __future__ import annotations

from microtask.domain.record import record


@record
class WorkDone:
    """What is known of the work already done on a task and its descendants."""

    focus_seconds: float = 0.0
    """Focus recorded on the task and on every step below it."""
    steps: int = 0
    """Steps below it that are not dropped (open or done)."""
    done_step_estimate_seconds: int = 0
    """The estimates of its done steps, summed."""
    open_step_remaining_seconds: int = 0
    """What its open steps still need, summed (0 for a task the planner may plan: a leaf)."""


def remaining_seconds(estimate_seconds: int | None, work: WorkDone) -> int | None:
    """Seconds of work the task still needs; ``None``: unknown (one pomodoro); 0: nothing.

    A task without steps needs its estimate minus the focus recorded on it (over its
    estimate, or with none: one pomodoro). A task with steps needs what its open steps need,
    or more when its own estimate says so: the estimate minus the work done on the whole
    (the focus recorded, or the done steps' estimates when those are more). So a parent
    whose steps are all done needs nothing unless its estimate is larger than they were.
    """
    focus = int(work.focus_seconds)
    if work.steps == 0:
        if estimate_seconds is None:
            return None
        left = estimate_seconds - focus
        return left if left > 0 else None
    if estimate_seconds is None:
        return work.open_step_remaining_seconds
    own = estimate_seconds - max(focus, work.done_step_estimate_seconds)
    return max(own, work.open_step_remaining_seconds, 0)
