### The rules of 2025 on: gains in the trade's currency, netting pools, fees, the basic deduction.

law-net-pool = one pool
law-net-foreign-issuers = foreign issuers
law-per-leg = each leg at its own rate
law-sale-year-average = gain in the currency × sale-year average
law-fx-gain = Foreign-currency gain
law-purchase-fees = Purchase fees (securities, other property)
law-sale-fees = Sale-side fees (securities)
law-crypto-fees = Crypto fees
law-basic-deduction = Basic deduction
law-basic-deduction-months = Months of { $year } no employer applied the basic deduction
law-basic-deduction-hint = 0 to 12; 30 MCI a month, at most 360 MCI a year (line F_1 of 270.01); claim only months no employer applied it
law-basic-deduction-none = no basic deduction in the rule book for { $year }
law-taxable-income = Taxable income
law-assume-fx-gain = Gain in foreign currency: { $rule } — { $reference }
law-fx-in-currency = { $n } disposal(s) valued in their currency at the sale year's average rate
law-fx-other-currency = { $n } sale(s) of lots bought in another currency (or in tenge) valued per leg [U]
law-fx-priced = { $n } disposal(s) without a fiat side (stablecoins, price table) valued per leg [U]
law-fx-average = the weighted-average method values every disposal per leg (its costs are not traced to single lots)
law-assume-fee-setting = { $what }: { $rule } — { $reference }
law-fee-effect = taxable income { $income }, tax { $tax } ({ $other }: { $other_income }, tax { $other_tax })
law-without-them = without them
law-with-them = with them
law-assume-pool-split = { $kind } of every venue and country netted in one pool: Kazakhstan { $kz }, abroad { $abroad }; the pooled income split over the declaration's lines pro rata of the positive results: A_1_1 { $a11 }, A_1_2 { $a12 } [U: unconfirmed]
law-assume-foreign-issuers = Securities of foreign issuers netted, others per sale: the issuer is taken from the ISIN (foreign unless it starts with KZ); a security without an ISIN counts as a foreign issuer's [U: unconfirmed]; { $foreign } disposal(s) of foreign issuers, { $resident } of resident issuers
law-assume-basic-deduction = Basic deduction: { $months } month(s) entered, { $amount } taken off (30 MCI a month, at most 360 MCI) — { $reference }
law-basic-deduction-saving = claiming it for the months no employer applied it would save up to { $saving } of tax
law-assume-no-basic-deduction = { $months } month(s) of basic deduction entered, but Salyq has no basic-deduction rule for { $year }: none was taken off
law-note-deduction-saving = No basic deduction is claimed (F_1 = 0). For the months no employer applied it you may claim 30 MCI a month, at most 360 MCI (NC Arts. 401(2)(2), 403): for 12 months it would save { $saving } KZT of tax (Settings: months of basic deduction)
law-note-deduction-claimed = Basic deduction claimed for { $months } { $count ->
        [one] month
       *[other] months
    } no employer applied it: F_1 = { $amount } KZT (30 MCI a month, at most 360 MCI, at most the income; NC Arts. 401(2)(2), 403) — claim only months no employer applied it
law-valued-in-currency = Valued in { $currency } (NC Art. 382(7)): proceeds { $proceeds } − cost { $cost } { $currency }, both × { $rate } (the sale year's average rate)
law-pool-securities = Securities
law-pool-crypto = Digital assets
law-pool-other = Other property
