"""What the use cases hand to the render and export layers: the view models, one module an
area (``tasks``, ``plan``, ``runs``, ``today``, ``outsourcing``), so that a command loads
only the ones it shows. ``FocusStatus`` (what runs now) lives beside ``Activity`` in
``domain/sessions.py``: ``status``, run by shell prompts, builds nothing else.
"""
