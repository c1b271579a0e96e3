"""The departments' yearly report (부서 실적보고) for the implementation check (이행점검): its
sheets and rules (`yearly_report.py`), the template a department fills (`template.py`) and the
door a returned file passes (`receipt.py`).

Imports `sti.plan` and below."""
