"""Great Expectations on the marts: the suites (what each mart must satisfy), running a list of
expectations on a frame, and the process of its own the suites run in beside the night's run.
(The staging tables' pandera models live beside the code that builds them, in `ingest`,
`plan` and `departments`.)

Imports `sti.departments` and below."""
