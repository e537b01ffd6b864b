"""handout's test suite, grouped by the package each test file tests (see README, Architecture).

A regular package, so that worker processes can import a test module by its name
(``tests.base.test_executor_local``): textstat installs a top-level ``tests`` package of
its own, which would otherwise win.
"""
