"""What people read: one document model rendered as Markdown, HTML, PDF (headless chromium) and
Word; the evaluation packages (annual, mid-term, final) with their workbook, charts and report;
the data dictionary (`sti catalog`).

Imports `sti.warehouse` and below."""
