"""Tables as CSV and XLSX downloads (openpyxl writes the XLSX)."""

import csv
import io
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe(value):
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _attachment(response, filename):
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def csv_response(filename: str, header: list, rows: list) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([[_safe(v) for v in row] for row in rows])
    # With a BOM so that Excel on Chinese Windows reads it as UTF-8.
    body = "\ufeff" + buffer.getvalue()
    return _attachment(
        HttpResponse(body, content_type="text/csv; charset=utf-8"), filename
    )


def xlsx_response(filename: str, title: str, header: list, rows: list) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return _attachment(HttpResponse(out.getvalue(), content_type=XLSX), filename)
