"""Readers: one per form in which statistics arrive (KOSIS web download, KOSIS OpenAPI, transcription).

Every reader returns the same long frame of *cells*, each with the exact text it had in the file,
so the raw layer keeps what was received and staging does the interpretation.
"""
