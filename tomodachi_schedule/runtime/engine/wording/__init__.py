"""The runtime's English: `describe` says when a schedule fires, in words the language reads.

`sentences` builds the sentence from `days` (which days) and `times` (which times of day).
"""

from tomodachi_schedule.runtime.engine.wording.sentences import describe

__all__ = ["describe"]
