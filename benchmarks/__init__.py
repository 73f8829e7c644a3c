"""restore's benchmark (``python -m benchmarks``), clean-prose corpora and the emulated spinner.

Not part of the installed package: run from a checkout (it imports the installed or the
checkout's ``restore``, and reads the gold seeds from the checkout's ``seeds/``).
"""
