"""Pure domain logic: stdlib only at import time (pendulum lazily, where needed)."""
