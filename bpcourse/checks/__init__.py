"""Auto-checks for the coding exercises: one function per exercise, named after its chapter.

Each prints a short confirmation for a right answer, and for a wrong one raises an
``AssertionError`` whose message says what differs and hints at the usual mistake.
"""
from ._core import CheckFailed, NotAnswered, check_array, check_scalar, check_true
from .ch01 import *  # noqa: F401,F403
from .ch02 import *  # noqa: F401,F403
from .ch03 import *  # noqa: F401,F403
from .ch04 import *  # noqa: F401,F403
from .ch05 import *  # noqa: F401,F403
from .ch06 import *  # noqa: F401,F403
from .ch07 import *  # noqa: F401,F403
from .ch08 import *  # noqa: F401,F403
from .ch09 import *  # noqa: F401,F403
from .ch10 import *  # noqa: F401,F403
from .ch11 import *  # noqa: F401,F403
from .ch12 import *  # noqa: F401,F403
from .ch13 import *  # noqa: F401,F403
from .ch14 import *  # noqa: F401,F403
from .ch15 import *  # noqa: F401,F403
