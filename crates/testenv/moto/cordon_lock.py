"""Cordon's tests: one request recorded at a time.

moto 5.1.22 records each request by writing its JSON and then a newline to the
recording file, from whichever server thread handles it. A large request (an evidence
upload) is written in several pieces, and another thread's record could land between
them: two records on one line, which no reader can split. The hook writes each record
and its newline as one piece under this lock. Installed beside moto's recorder by the
project's emulator tooling (`crates/testenv/src/emulator.rs`).
"""

import threading

LOCK = threading.Lock()
