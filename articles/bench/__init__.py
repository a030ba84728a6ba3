"""The benchmark (`make bench`, articles/management/commands/bench.py): its
corpus of newsroom text, the fast fill, and the measurements."""
