"""The progress site (`sti site`): static pages for the committee and the public.

content (what is shown, read from the warehouse as of a date) -> svg_chart, html_parts, text
(how it is drawn and said) -> pages (every page, both languages) -> build (written, compared,
served).
"""
