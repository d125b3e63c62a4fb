"""Write the input-file test corpus into ``tests/corpus/files/`` and its manifest.

Every file is built byte by byte here, so the expectation recorded for it in
``manifest.json`` comes from how the file was made, not from reading it back.
The output is deterministic: running this again rewrites identical bytes
(fixed random seeds, gzip ``mtime=0``, fixed zip timestamps, fixed workbook
properties).

Run it from anywhere::

    python tests/corpus/make_corpus.py

Manifest entries look like::

    {"id": "...", "filename": "...", "exercises": "...",
     "kwargs": {...},            # optional extra keyword arguments for read_table
     "expect": {"rows": R, "columns": [...], "cells": {"col": [...]},
                "format": "csv", "delimiter": ",", "encoding": "utf-8",
                "decimal": ".", "skipped_lines": 0, "sheet": "...",
                "warning_contains": "..."}}
    # or
     "expect": {"error": "lower-case substring of the InputError message",
                "error_line": 4}  # optional: the line number the message names

``cells`` lists the first few values of a column; ``null`` means a missing cell.
``encoding`` is a codec family: the reported encoding, normalised with
``codecs.lookup``, must start with it (so ``"utf-16"`` accepts ``utf-16-le``).
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import random
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
MANIFEST = HERE / "manifest.json"

ZIP_TIME = (2024, 1, 1, 0, 0, 0)
FIXED_PROPS_TIME = "2024-01-01T00:00:00Z"

Entry = dict[str, Any]


def lines(rows: Iterable[str], end: str = "\n") -> str:
    """Join rows with ``end`` after every row (a final newline included)."""
    return "".join(row + end for row in rows)


def deterministic_zip(members: list[tuple[str, bytes]]) -> bytes:
    """Pack members into a zip with fixed timestamps."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def workbook_bytes(sheets: list[tuple[str, list[list[Any]]]]) -> bytes:
    """Write an .xlsx with openpyxl, then re-pack it so the bytes are stable.

    ``None`` cells are left empty.
    """
    from openpyxl import Workbook

    wb = Workbook()
    first = True
    for title, rows in sheets:
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = title
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
    raw = io.BytesIO()
    wb.save(raw)
    members: list[tuple[str, bytes]] = []
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as zf:
        for name in zf.namelist():
            data = zf.read(name)
            if name == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    rf"\g<1>{FIXED_PROPS_TIME}\g<3>",
                    text,
                )
                data = text.encode("utf-8")
            members.append((name, data))
    return deterministic_zip(members)


def parquet_bytes() -> bytes:
    """A small parquet table with ints, nullable ints, floats, text, timestamps."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "customer_id": pa.array([58138, 7, 123456789012, 42], pa.int64()),
            "visits": pa.array([3, None, 10, 0], pa.int64()),
            "spend": pa.array([12.5, 3.0, None, 1200.0], pa.float64()),
            "name": pa.array(["Ana", None, " Bo ", "Zoë"], pa.string()),
            "signup": pa.array(
                [
                    dt.datetime(2024, 1, 5),
                    dt.datetime(2023, 12, 31),
                    None,
                    dt.datetime(2020, 2, 29),
                ],
                pa.timestamp("us"),
            ),
            "last_seen": pa.array(
                [
                    dt.datetime(2024, 2, 29, 13, 45, 0),
                    dt.datetime(2024, 3, 1, 8, 5, 9),
                    dt.datetime(2024, 3, 2, 23, 59, 59),
                    None,
                ],
                pa.timestamp("us"),
            ),
        }
    )
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="snappy")
    return buf.getvalue()


def build() -> tuple[dict[str, bytes], list[Entry]]:
    """Return ``{filename: bytes}`` and the manifest entries."""
    files: dict[str, bytes] = {}
    entries: list[Entry] = []

    def add(
        filename: str,
        data: bytes,
        exercises: str,
        expect: dict[str, Any],
        *,
        entry_id: str | None = None,
        kwargs: dict[str, Any] | None = None,
    ) -> None:
        if filename in files:
            assert files[filename] == data, filename
        files[filename] = data
        entry: Entry = {
            "id": entry_id or filename,
            "filename": filename,
            "exercises": exercises,
        }
        if kwargs:
            entry["kwargs"] = kwargs
        entry["expect"] = expect
        entries.append(entry)

    # ---- delimiters -------------------------------------------------------
    basic = lines(
        [
            "customer_id,name,city,spend",
            "1,Ana,Lisboa,10.50",
            "2,Zoë,Kraków,7",
            "3,Bo,Paris,120.25",
            "4,Cy,Oslo,0",
        ]
    ).encode("utf-8")
    add(
        "basic_comma.csv",
        basic,
        "plain comma-separated UTF-8 with a non-ASCII name",
        {
            "rows": 4,
            "columns": ["customer_id", "name", "city", "spend"],
            "cells": {
                "customer_id": ["1", "2", "3", "4"],
                "name": ["Ana", "Zoë", "Bo", "Cy"],
                "spend": ["10.50", "7", "120.25", "0"],
            },
            "format": "csv",
            "delimiter": ",",
            "encoding": "utf-8",
            "decimal": ".",
            "skipped_lines": 0,
        },
    )
    assert len(basic) > 50
    add(
        "basic_comma.csv",
        basic,
        "max_bytes smaller than the file",
        {"error": "larger than"},
        entry_id="basic_comma.csv[max_bytes=50]",
        kwargs={"max_bytes": 50},
    )

    add(
        "semicolon_dot_decimal.csv",
        lines(
            [
                "id;segment;spend;visits",
                "1;gold;12.50;3",
                "2;silver;7.25;11",
                "3;gold;100.00;0",
            ]
        ).encode("utf-8"),
        "semicolon-separated with dot decimals",
        {
            "rows": 3,
            "columns": ["id", "segment", "spend", "visits"],
            "cells": {"spend": ["12.50", "7.25", "100.00"]},
            "format": "csv",
            "delimiter": ";",
            "decimal": ".",
        },
    )

    add(
        "segments.tsv",
        lines(
            [
                "id\tsegment name\tspend",
                "1\tHigh value, loyal\t250.5",
                "2\tNew; promo\t12",
                "3\tLapsed | old\t0.99",
            ]
        ).encode("utf-8"),
        "tab-separated .tsv whose values contain commas, semicolons, pipes, spaces",
        {
            "rows": 3,
            "columns": ["id", "segment name", "spend"],
            "cells": {
                "segment name": ["High value, loyal", "New; promo", "Lapsed | old"]
            },
            "format": "csv",
            "delimiter": "\t",
        },
    )

    add(
        "pipe_delimited.txt",
        lines(
            [
                "id|email|country|spend",
                "1|ana@example.com|PT|10",
                "2|bo@example.com|SE|20.5",
                "3|cy@example.com||31",
            ]
        ).encode("utf-8"),
        "pipe-separated .txt with an empty cell",
        {
            "rows": 3,
            "columns": ["id", "email", "country", "spend"],
            "cells": {"country": ["PT", "SE", None], "spend": ["10", "20.5", "31"]},
            "format": "csv",
            "delimiter": "|",
        },
    )

    add(
        "aligned_report.txt",
        lines(
            [
                "id    name       city        spend",
                "1     Alice      Paris       10.5",
                "2     Bob        Lyon        7",
                "10    Charlotte  Marseille   120.25",
                "11    Dmitri     Nice        0.5",
            ]
        ).encode("utf-8"),
        "columns aligned with runs of spaces (no other delimiter)",
        {
            "rows": 4,
            "columns": ["id", "name", "city", "spend"],
            "cells": {
                "id": ["1", "2", "10", "11"],
                "name": ["Alice", "Bob", "Charlotte", "Dmitri"],
                "spend": ["10.5", "7", "120.25", "0.5"],
            },
            "format": "csv",
        },
    )

    add(
        "comma_with_semicolons.csv",
        lines(
            [
                "id,tags,spend",
                "1,a;b;c,10",
                "2,solo,20",
                "3,x;y,30",
                "4,none,40",
            ]
        ).encode("utf-8"),
        "comma-separated; some values contain semicolons (sniffing must pick comma)",
        {
            "rows": 4,
            "columns": ["id", "tags", "spend"],
            "cells": {"tags": ["a;b;c", "solo", "x;y", "none"]},
            "delimiter": ",",
        },
    )

    # ---- encodings ---------------------------------------------------------
    add(
        "utf8_bom.csv",
        b"\xef\xbb\xbf"
        + lines(
            [
                "customer_id,name,city",
                "1,Zoë,Kraków",
                "2,Søren,Århus",
                "3,Łukasz,東京",
            ]
        ).encode("utf-8"),
        "UTF-8 with BOM: the BOM must not end up in the first column name",
        {
            "rows": 3,
            "columns": ["customer_id", "name", "city"],
            "cells": {
                "customer_id": ["1", "2", "3"],
                "name": ["Zoë", "Søren", "Łukasz"],
                "city": ["Kraków", "Århus", "東京"],
            },
            "encoding": "utf-8",
            "delimiter": ",",
        },
    )

    add(
        "excel_unicode_text.txt",
        b"\xff\xfe"
        + lines(
            [
                "Kundennummer\tName\tUmsatz",
                "00017\tJürgen\t3,5",
                "00018\tÄnne\t1.234,56",
                "00019\tStraße\t12,00",
            ],
            end="\r\n",
        ).encode("utf-16-le"),
        "UTF-16 LE with BOM, tab-separated, CRLF, decimal comma (Excel 'Unicode text')",
        {
            "rows": 3,
            "columns": ["Kundennummer", "Name", "Umsatz"],
            "cells": {
                "Kundennummer": ["00017", "00018", "00019"],
                "Name": ["Jürgen", "Änne", "Straße"],
                "Umsatz": ["3,5", "1.234,56", "12,00"],
            },
            "encoding": "utf-16",
            "delimiter": "\t",
            "decimal": ",",
        },
    )

    add(
        "utf16be_bom.csv",
        b"\xfe\xff"
        + lines(
            [
                "id,word,score",
                "1,Ωmega,9",
                "2,naïve,8",
                "3,€uro,7",
            ]
        ).encode("utf-16-be"),
        "UTF-16 BE with BOM, comma-separated",
        {
            "rows": 3,
            "columns": ["id", "word", "score"],
            "cells": {"word": ["Ωmega", "naïve", "€uro"]},
            "encoding": "utf-16",
            "delimiter": ",",
        },
    )

    add(
        "cp1252_euro.csv",
        lines(
            [
                "Nom;Ville;Montant;Devise;Remarque",
                "Élodie;Besançon;12,50;€;Café “Le Nord”",
                "François;Orléans;1.250,00;€;à régler",
                "Noël;Nîmes;3,75;€;–",
            ],
            end="\r\n",
        ).encode("cp1252"),
        "Windows-1252 (French Excel export): €, curly quotes, en dash, accents",
        {
            "rows": 3,
            "columns": ["Nom", "Ville", "Montant", "Devise", "Remarque"],
            "cells": {
                "Nom": ["Élodie", "François", "Noël"],
                "Montant": ["12,50", "1.250,00", "3,75"],
                "Devise": ["€", "€", "€"],
                "Remarque": ["Café “Le Nord”", "à régler", "–"],
            },
            "encoding": "cp1252",
            "delimiter": ";",
            "decimal": ",",
        },
    )

    add(
        "latin1_accents.csv",
        lines(
            [
                "id,name,city,note",
                "1,José,Señorío,¡olé!",
                "2,Ørjan,Zürich,«quoted»",
                "3,Maël,Saint-Étienne,½ price",
            ]
        ).encode("latin-1"),
        "ISO-8859-1 accents (decodes the same as cp1252)",
        {
            "rows": 3,
            "columns": ["id", "name", "city", "note"],
            "cells": {
                "name": ["José", "Ørjan", "Maël"],
                "city": ["Señorío", "Zürich", "Saint-Étienne"],
                "note": ["¡olé!", "«quoted»", "½ price"],
            },
            "delimiter": ",",
        },
    )

    add(
        "latin1_stray_control.csv",
        lines(
            [
                "id,name,code",
                "1,Renée,A\x8dB",
                "2,Søs,C\x81D",
                "3,Ðan,plain",
            ]
        ).encode("latin-1"),
        "latin-1 with bytes 0x81/0x8D that cp1252 cannot decode (last fallback)",
        {
            "rows": 3,
            "columns": ["id", "name", "code"],
            "cells": {
                "name": ["Renée", "Søs", "Ðan"],
                "code": ["A\x8dB", "C\x81D", "plain"],
            },
            "encoding": "latin-1",
            "delimiter": ",",
        },
    )

    add(
        "european_decimal.csv",
        lines(
            [
                "Kunde;Umsatz;Rabatt;Anzahl",
                "A-1;1.234,56;3,5;2",
                "A-2;12,00;0,0;14",
                "A-3;987.654,32;10,25;1",
            ]
        ).encode("utf-8"),
        "semicolon-separated with decimal comma and dot thousands",
        {
            "rows": 3,
            "columns": ["Kunde", "Umsatz", "Rabatt", "Anzahl"],
            "cells": {
                "Umsatz": ["1.234,56", "12,00", "987.654,32"],
                "Rabatt": ["3,5", "0,0", "10,25"],
            },
            "delimiter": ";",
            "decimal": ",",
        },
    )

    # ---- compression -------------------------------------------------------
    orders = lines(
        [
            "order_id,customer_id,amount,date",
            "A001,00042,19.99,2024-01-05",
            "A002,00043,5.00,2024-01-06",
            "A003,00042,120.00,2024-01-07",
        ]
    ).encode("utf-8")
    orders_expect = {
        "rows": 3,
        "columns": ["order_id", "customer_id", "amount", "date"],
        "cells": {
            "customer_id": ["00042", "00043", "00042"],
            "amount": ["19.99", "5.00", "120.00"],
        },
        "format": "csv",
        "delimiter": ",",
    }
    add(
        "orders.csv.gz",
        gzip.compress(orders, mtime=0),
        "gzip-compressed CSV named .csv.gz",
        orders_expect,
    )
    add(
        "orders_compressed.csv",
        gzip.compress(orders, mtime=0),
        "gzip-compressed CSV named plain .csv (detected by magic bytes)",
        orders_expect,
    )
    bomb = b"id,note\n" + b"7,the same line again and again\n" * 80_000
    add(
        "huge_when_unpacked.csv.gz",
        gzip.compress(bomb, mtime=0, compresslevel=9),
        f"small gzip that unpacks to {len(bomb)} bytes, over max_bytes=1000000",
        {"error": "larger than"},
        kwargs={"max_bytes": 1_000_000},
    )

    # ---- quoting and line endings -----------------------------------------
    add(
        "quoted_fields.csv",
        (
            b"id,name,address,comment\n"
            b'1,"Smith, John","12 Main St\nApt 4","He said ""hi"""\n'
            b'2,Plain,"Single line",no quotes needed\n'
            b'3,"O\'Brien, Pat","Line A\nLine B\nLine C",""""\n'
        ),
        "quoted fields with embedded commas, newlines and doubled quotes",
        {
            "rows": 3,
            "columns": ["id", "name", "address", "comment"],
            "cells": {
                "id": ["1", "2", "3"],
                "name": ["Smith, John", "Plain", "O'Brien, Pat"],
                "address": [
                    "12 Main St\nApt 4",
                    "Single line",
                    "Line A\nLine B\nLine C",
                ],
                "comment": ['He said "hi"', "no quotes needed", '"'],
            },
            "delimiter": ",",
        },
    )

    add(
        "windows_crlf.csv",
        lines(["id,name,spend", "1,Ana,10", "2,Bo,20", "3,Cy,30"], end="\r\n").encode(
            "utf-8"
        ),
        "CRLF line endings: no stray carriage return in the last column",
        {
            "rows": 3,
            "columns": ["id", "name", "spend"],
            "cells": {"spend": ["10", "20", "30"]},
            "delimiter": ",",
        },
    )

    add(
        "old_mac_cr.csv",
        lines(
            ["id,name,spend", "1,Ana,10", "2,Bo,20", "3,Cy,30", "4,Di,40"], end="\r"
        ).encode("utf-8"),
        "CR-only line endings (classic Mac)",
        {
            "rows": 4,
            "columns": ["id", "name", "spend"],
            "cells": {
                "name": ["Ana", "Bo", "Cy", "Di"],
                "spend": ["10", "20", "30", "40"],
            },
            "delimiter": ",",
        },
    )

    # ---- structure -----------------------------------------------------------
    add(
        "preamble.csv",
        lines(
            [
                "Customer export",
                "Generated: 2024-01-05, by CRM",
                "id,name,city,spend",
                "1,Ana,Lisboa,10",
                "2,Bo,Oslo,20",
                "3,Cy,Rome,30",
            ]
        ).encode("utf-8"),
        "two report-title lines (fewer fields) before the header",
        {
            "rows": 3,
            "columns": ["id", "name", "city", "spend"],
            "cells": {"id": ["1", "2", "3"], "city": ["Lisboa", "Oslo", "Rome"]},
            "delimiter": ",",
            "skipped_lines": 2,
            "warning_contains": "skip",
        },
    )

    add(
        "trailing_blanks.csv",
        (
            lines(["id,name,spend", "1,Ana,10", "2,Bo,20"])
            + "\n"
            + lines(["3,Cy,30"])
            + "\n\n\n"
        ).encode("utf-8"),
        "a blank line inside the data and blank lines at the end are not rows",
        {
            "rows": 3,
            "columns": ["id", "name", "spend"],
            "cells": {"id": ["1", "2", "3"]},
        },
    )

    add(
        "trailing_delimiter.csv",
        lines(["id,name,spend,", "1,Ana,10,", "2,Bo,20,", "3,Cy,30,"]).encode("utf-8"),
        "every line ends with a delimiter: a blank, empty 4th column",
        {
            "rows": 3,
            "columns": ["id", "name", "spend", "column_4"],
            "cells": {"spend": ["10", "20", "30"], "column_4": [None, None, None]},
            "delimiter": ",",
            "warning_contains": "4",
        },
    )

    add(
        "emails_only.csv",
        lines(
            ["email", "ana@example.com", "bo@example.org", "cy@example.net", "di@x.io"]
        ).encode("utf-8"),
        "a single column (no delimiter anywhere)",
        {
            "rows": 4,
            "columns": ["email"],
            "cells": {"email": ["ana@example.com", "bo@example.org", "cy@example.net"]},
        },
    )

    add(
        "one_customer.csv",
        lines(["id,name,spend,city", "1,Ana,10,Lisboa"]).encode("utf-8"),
        "a single data row",
        {
            "rows": 1,
            "columns": ["id", "name", "spend", "city"],
            "cells": {
                "id": ["1"],
                "name": ["Ana"],
                "spend": ["10"],
                "city": ["Lisboa"],
            },
        },
    )

    add(
        "no_final_newline.csv",
        b"id,name\n1,Ana\n2,Bo",
        "last line without a newline",
        {"rows": 2, "columns": ["id", "name"], "cells": {"name": ["Ana", "Bo"]}},
    )

    add(
        "zero_padded_ids.csv",
        lines(
            [
                "customer_id,zip,phone,joined,score",
                "00001,02134,+44 20 7946 0958,05/01/2024,1.50",
                "00002,00501,0612345678,2024-01-31,0.10",
                "58138,10001,,31.12.2023,7",
                "00004,90210,555-0100,Jan 5 2024,1e3",
            ]
        ).encode("utf-8"),
        "ids and zip codes with leading zeros, mixed date formats, 1.50 and 1e3",
        {
            "rows": 4,
            "columns": ["customer_id", "zip", "phone", "joined", "score"],
            "cells": {
                "customer_id": ["00001", "00002", "58138", "00004"],
                "zip": ["02134", "00501", "10001", "90210"],
                "phone": ["+44 20 7946 0958", "0612345678", None, "555-0100"],
                "joined": ["05/01/2024", "2024-01-31", "31.12.2023", "Jan 5 2024"],
                "score": ["1.50", "0.10", "7", "1e3"],
            },
            "delimiter": ",",
        },
    )

    add(
        "mixed_amounts.csv",
        lines(
            [
                "id,amount,note",
                "1,12.5,ok",
                "2,N/A,missing",
                "3,,blank",
                '4,"1,234",thousands',
                "5,abc,junk",
                "6,-,dash",
                "7,  42 ,spaces",
                "8,NULL,null word",
                "9,3e2,sci",
                "10,$15.00,currency",
                "11,NaN,nan word",
            ]
        ).encode("utf-8"),
        "junk and mixed values in a numeric column; only empty cells are missing",
        {
            "rows": 11,
            "columns": ["id", "amount", "note"],
            "cells": {
                "amount": [
                    "12.5",
                    "N/A",
                    None,
                    "1,234",
                    "abc",
                    "-",
                    "  42 ",
                    "NULL",
                    "3e2",
                    "$15.00",
                    "NaN",
                ],
                "note": ["ok", "missing", "blank", "thousands", "junk", "dash"],
            },
            "delimiter": ",",
        },
    )

    wide_cols = [f"c{i:03d}" for i in range(1, 201)]
    wide_rows = [",".join(wide_cols)] + [
        ",".join(f"r{r}v{i}" for i in range(1, 201)) for r in range(1, 6)
    ]
    add(
        "wide_200_columns.csv",
        lines(wide_rows).encode("utf-8"),
        "200 columns, 5 rows",
        {
            "rows": 5,
            "columns": wide_cols,
            "cells": {
                "c001": ["r1v1", "r2v1", "r3v1"],
                "c200": ["r1v200", "r2v200", "r3v200"],
            },
            "delimiter": ",",
        },
    )

    add(
        "duplicate_headers.csv",
        lines(["id,name,name,spend", "1,Ana,Anita,10", "2,Bo,Bobby,20"]).encode(
            "utf-8"
        ),
        "two columns with the same header",
        {
            "rows": 2,
            "columns": ["id", "name", "name_2", "spend"],
            "cells": {"name": ["Ana", "Bo"], "name_2": ["Anita", "Bobby"]},
            "warning_contains": "name",
        },
    )

    add(
        "blank_header.csv",
        lines(["id,name,,spend", "1,Ana,x,10", "2,Bo,,20", "3,Cy,z,30"]).encode(
            "utf-8"
        ),
        "a blank header in the third position",
        {
            "rows": 3,
            "columns": ["id", "name", "column_3", "spend"],
            "cells": {"column_3": ["x", None, "z"], "spend": ["10", "20", "30"]},
            "warning_contains": "3",
        },
    )

    # ---- Excel ---------------------------------------------------------------
    two_sheets = workbook_bytes(
        [
            ("Notes", [["Exported from CRM"], ["Owner: marketing"], [None]]),
            (
                "Customers",
                [
                    ["customer_id", "name", "segment", "spend"],
                    [1, "Ana", "gold", 10.5],
                    [2, "Bo", "silver", 20],
                    [3, "Cy", None, 30.25],
                    [4, "Di", "gold", 40],
                    [5, "Ed", "bronze", 50],
                ],
            ),
        ]
    )
    add(
        "two_sheets.xlsx",
        two_sheets,
        "workbook with a small notes sheet first and the table on the second sheet",
        {
            "rows": 5,
            "columns": ["customer_id", "name", "segment", "spend"],
            "cells": {
                "customer_id": ["1", "2", "3", "4", "5"],
                "segment": ["gold", "silver", None, "gold"],
                "spend": ["10.5", "20", "30.25", "40"],
            },
            "format": "excel",
            "sheet": "Customers",
        },
    )
    add(
        "two_sheets.xlsx",
        two_sheets,
        "sheet chosen by name: the notes sheet (one column, the rest are rows)",
        {
            "rows": 1,
            "columns": ["Exported from CRM"],
            "cells": {"Exported from CRM": ["Owner: marketing"]},
            "format": "excel",
            "sheet": "Notes",
        },
        entry_id="two_sheets.xlsx[sheet=Notes]",
        kwargs={"sheet": "Notes"},
    )

    quarters = workbook_bytes(
        [
            (
                "Q1",
                [["region", "month", "revenue"]]
                + [[f"R{i}", "2024-0" + str(1 + i % 3), 100 + i] for i in range(10)],
            ),
            (
                "Q2",
                [["region", "month", "revenue"]]
                + [[f"S{i}", "2024-0" + str(4 + i % 3), 200 + i] for i in range(4)],
            ),
        ]
    )
    add(
        "quarters.xlsx",
        quarters,
        "two table sheets, default picks the bigger one (Q1)",
        {
            "rows": 10,
            "columns": ["region", "month", "revenue"],
            "cells": {"region": ["R0", "R1"], "revenue": ["100", "101"]},
            "format": "excel",
            "sheet": "Q1",
        },
    )
    add(
        "quarters.xlsx",
        quarters,
        "sheet=Q2 picks the smaller sheet by name",
        {
            "rows": 4,
            "columns": ["region", "month", "revenue"],
            "cells": {
                "region": ["S0", "S1", "S2", "S3"],
                "month": ["2024-04", "2024-05", "2024-06", "2024-04"],
                "revenue": ["200", "201", "202", "203"],
            },
            "format": "excel",
            "sheet": "Q2",
        },
        entry_id="quarters.xlsx[sheet=Q2]",
        kwargs={"sheet": "Q2"},
    )

    add(
        "dates_and_ints.xlsx",
        workbook_bytes(
            [
                (
                    "Sheet1",
                    [
                        [
                            "customer_id",
                            "code",
                            "joined",
                            "last_order",
                            "spend",
                            "units",
                        ],
                        [
                            58138,
                            "00042",
                            dt.datetime(2024, 1, 5),
                            dt.datetime(2024, 2, 29, 13, 45, 0),
                            12.5,
                            3,
                        ],
                        [
                            7,
                            "00007",
                            dt.datetime(2023, 12, 31),
                            dt.datetime(2024, 3, 1, 8, 5, 9),
                            1200.0,
                            None,
                        ],
                        [
                            123456789,
                            "10000",
                            dt.datetime(2020, 2, 29),
                            dt.datetime(2021, 7, 4, 0, 0, 1),
                            0.25,
                            0,
                        ],
                    ],
                )
            ]
        ),
        "Excel integers, text ids with zeros, midnight dates, datetimes, floats",
        {
            "rows": 3,
            "columns": [
                "customer_id",
                "code",
                "joined",
                "last_order",
                "spend",
                "units",
            ],
            "cells": {
                "customer_id": ["58138", "7", "123456789"],
                "code": ["00042", "00007", "10000"],
                "joined": ["2024-01-05", "2023-12-31", "2020-02-29"],
                "last_order": [
                    "2024-02-29 13:45:00",
                    "2024-03-01 08:05:09",
                    "2021-07-04 00:00:01",
                ],
                "spend": ["12.5", "1200", "0.25"],
                "units": ["3", None, "0"],
            },
            "format": "excel",
            "sheet": "Sheet1",
        },
    )

    add(
        "cut_off.xlsx",
        two_sheets[: len(two_sheets) // 2],
        "xlsx truncated to half its size",
        {"error": "excel"},
    )

    # ---- Parquet -------------------------------------------------------------
    pq_bytes = parquet_bytes()
    add(
        "customers.parquet",
        pq_bytes,
        "parquet with int64, nullable int, float, text and timestamp columns",
        {
            "rows": 4,
            "columns": [
                "customer_id",
                "visits",
                "spend",
                "name",
                "signup",
                "last_seen",
            ],
            "cells": {
                "customer_id": ["58138", "7", "123456789012", "42"],
                "visits": ["3", None, "10", "0"],
                "spend": ["12.5", "3", None, "1200"],
                "name": ["Ana", None, " Bo ", "Zoë"],
                "signup": ["2024-01-05", "2023-12-31", None, "2020-02-29"],
                "last_seen": [
                    "2024-02-29 13:45:00",
                    "2024-03-01 08:05:09",
                    "2024-03-02 23:59:59",
                    None,
                ],
            },
            "format": "parquet",
        },
    )
    add(
        "cut_off.parquet",
        pq_bytes[: len(pq_bytes) // 2],
        "parquet truncated to half its size",
        {"error": "parquet"},
    )

    # ---- broken / not a table ----------------------------------------------
    add("zero_bytes.csv", b"", "a 0-byte file", {"error": "empty"})
    add(
        "only_spaces.csv",
        b"   \n\t\n  \r\n\n",
        "spaces, tabs and newlines only",
        {"error": "empty"},
    )
    add(
        "header_only.csv",
        b"id,name,spend\n",
        "a header and no data rows",
        {"error": "no data rows"},
    )
    add(
        "ragged.csv",
        lines(
            ["id,name,spend", "1,Ana,10", "2,Bo,20", "3,Cy,30,extra", "4,Di,40"]
        ).encode("utf-8"),
        "line 4 has more fields than the header",
        {"error": "fields", "error_line": 4},
    )

    rng = random.Random(20240105)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + b"\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
        + rng.randbytes(600)
        + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    add("export_png.csv", png, "PNG image bytes named .csv", {"error": "binary"})
    noise = bytearray(rng.randbytes(4096))
    for pos in range(0, len(noise), 97):
        noise[pos] = 0
    add("noise.csv", bytes(noise), "random bytes with NULs", {"error": "binary"})
    elf = (
        b"\x7fELF\x02\x01\x01\x00"
        + b"\x00" * 8
        + b"\x02\x00\x3e\x00\x01\x00\x00\x00"
        + rng.randbytes(1000)
    )
    add("program.csv", elf, "ELF executable header named .csv", {"error": "binary"})

    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + rng.randbytes(1000)
    add(
        "legacy_workbook.xls",
        ole2,
        "legacy .xls (OLE2 compound file magic)",
        {"error": "xls"},
    )
    add(
        "protected.xlsx",
        ole2,
        "password-protected Office file: OLE2 container named .xlsx",
        {"error": "xls"},
    )
    add(
        "exports.zip",
        deterministic_zip(
            [
                ("customers.csv", b"id,name\n1,Ana\n"),
                ("orders.csv", b"order_id,amount\nA1,10\n"),
            ]
        ),
        "a zip of two CSVs (not an xlsx)",
        {"error": "zip"},
    )
    add(
        "download.csv",
        lines(
            [
                "<!DOCTYPE html>",
                '<html lang="en">',
                "<head><title>Sign in</title></head>",
                "<body><form action=/login><input name=user, type=text></form>",
                "<p>Your session expired, please sign in again.</p></body>",
                "</html>",
            ]
        ).encode("utf-8"),
        "an HTML page saved as .csv",
        {"error": "html"},
    )
    add(
        "records.csv",
        (
            json.dumps(
                [
                    {"id": 1, "name": "Ana", "spend": 10.5},
                    {"id": 2, "name": "Bo", "spend": 20},
                ],
                indent=2,
            )
            + "\n"
        ).encode("utf-8"),
        "a JSON array saved as .csv",
        {"error": "json"},
    )
    add(
        "events_export.csv",
        lines(
            json.dumps({"id": i, "event": e, "value": v})
            for i, e, v in [(1, "open", 1), (2, "click", 3), (3, "buy", 5)]
        ).encode("utf-8"),
        "JSON lines saved as .csv",
        {"error": "json"},
    )

    return files, entries


def main() -> None:
    """Write the corpus files and the manifest."""
    files, entries = build()
    FILES.mkdir(parents=True, exist_ok=True)
    for stale in FILES.iterdir():
        if stale.is_file() and stale.name not in files:
            stale.unlink()
    for name, data in sorted(files.items()):
        (FILES / name).write_bytes(data)
    manifest = {
        "description": (
            "Awkward and broken input files for segmentation.read_table; "
            "made by make_corpus.py"
        ),
        "entries": entries,
    }
    MANIFEST.write_text(
        json.dumps(manifest, indent=2, ensure_ascii=True) + "\n", encoding="utf-8"
    )
    total = sum(len(d) for d in files.values())
    print(f"wrote {len(files)} files ({total} bytes), {len(entries)} manifest entries")


if __name__ == "__main__":
    main()
