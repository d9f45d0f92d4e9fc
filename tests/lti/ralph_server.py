"""Ralph's LRS for the tests, run by Ralph's own virtualenv's Python (not Retain's):
``python ralph_server.py PORT``, configured by the environment (RALPH_* variables).

Two differences from ``ralph runserver -b fs``: uvicorn runs without the development reloader
(which watches the working directory and doubles the start-up time), and the file-system LRS
backend appends each POST to its statements file — Ralph 5.1.0 writes it with operation "create",
which refuses to write once the file exists, so only the first POST to a fresh LRS would be
stored. Everything else — the xAPI API, authentication, validation, duplicate-id handling,
storage and queries — is Ralph's.
"""

import sys

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

import uvicorn  # noqa: E402

uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="info")
