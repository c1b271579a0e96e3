"""Readers: one per form in which statistics arrive (KOSIS web download, KOSIS OpenAPI,
transcription, establishment microdata).

Every reader returns the same long frame of *cells*, each with the exact text it had in the file,
so the raw layer keeps what was received and staging does the interpretation. Microdata is the
exception by necessity: its cells are the counts of its rows (sti/ingest/readers/microdata.py), the file
itself being the record of what was received.
"""
