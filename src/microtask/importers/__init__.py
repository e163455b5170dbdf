"""Readers of other tools' files: text in, :class:`~microtask.domain.transfer.Reading` out.
Pure: nothing here touches the store (the service does, in one transaction)."""
