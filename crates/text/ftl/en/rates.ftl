### The official-rates dialog.

rates-get-rates = Get official rates…
rates-title = Official rates of the National Bank
rates-missing-currencies = Rates missing for: { $currencies }
rates-missing-dates = Trade dates that need the rate of a day before them: { $dates }
rates-missing-years = Annual average rates of: { $years }
rates-more = … and { $n } more
rates-will-ask = Salyq will ask { $url } for each of { $n } days between { $from } and { $to }: one request a day, a short pause between them; days fetched before come from the cache and are not asked again.
rates-only-dates = Only the dates leave this computer: nothing about your trades, files or case is sent.
rates-cache = Cache: { $dir }
rates-no-cache = No data folder: fetched days are not kept.
rates-fetch = Fetch
rates-cancel = Cancel
rates-close = Close
rates-progress = Day { $done } of { $total }: { $date }
rates-done = Fetched { $n } daily rates. They are added to the case as { $file }, and the figures are computed again.
rates-failed = The rates could not be fetched: { $error }
rates-try-again = Try again
rates-cancelled = Cancelled: nothing was added.
rates-price-hint = Prices missing for { $assets }: download each asset's daily history from CoinMarketCap (Historical Data → Download CSV, named …_coinmarketcap_CODE.csv) or CoinGecko (Historical Data → export CSV) and import it with File → Import prices…
rates-same-command = The same from the command line:
