#!/usr/bin/env python3
"""Writes binance_spot_2023.xls, the .xls fixture of tests/import_xls.rs (`pip install xlwt`).

The layout is Binance's spot trade history since 2023 as docs/formats.md §1b documents it,
`Time,Pair,Side,Price,Executed,Amount,Fee`, in an Excel 97-2003 workbook (BIFF8):

- sheet "Notes": a line of text and no header (the reader takes the first sheet with a known
  header, so this one is passed over);
- sheet "Trade History": a title row, the header on row 2, then three fills. Times are Excel
  date cells (a number of days with a date format), prices plain numbers, the amounts text with
  their asset glued on, as the site writes them.

Run from this folder: python3 make_xls.py
"""
import datetime
import xlwt

book = xlwt.Workbook(encoding="utf-8")
notes = book.add_sheet("Notes")
notes.write(0, 0, "Exported from the Binance website")

sheet = book.add_sheet("Trade History")
date = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm:ss")
sheet.write(0, 0, "Spot trade history")
for col, name in enumerate(["Time", "Pair", "Side", "Price", "Executed", "Amount", "Fee"]):
    sheet.write(1, col, name)
rows = [
    (datetime.datetime(2024, 3, 1, 15, 0, 0), "BTCUSDT", "BUY", 60000, "0.01000000BTC", "600.00000000USDT", "0.00001000BTC"),
    (datetime.datetime(2024, 6, 3, 17, 0, 0), "BTCUSDT", "SELL", 70000, "0.00500000BTC", "350.00000000USDT", "0.35000000USDT"),
    (datetime.datetime(2024, 6, 3, 17, 0, 30), "ETHUSDT", "BUY", 3500.5, "0.10000000ETH", "350.05000000USDT", "0.0001ETH"),
]
for r, row in enumerate(rows, start=2):
    sheet.write(r, 0, row[0], date)
    for col, value in enumerate(row[1:], start=1):
        sheet.write(r, col, value)
book.save("binance_spot_2023.xls")
