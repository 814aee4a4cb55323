### The rules of 2025 on: gains in the trade's currency, netting pools, fees, the basic deduction.

law-sale-fees = Сату кезіндегі комиссиялар (бағалы қағаздар)
law-crypto-fees = Криптоактивтер бойынша комиссиялар
law-basic-deduction = Базалық шегерім
law-basic-deduction-months = { $year } жылы жұмыс беруші базалық шегерімді қолданбаған айлар
law-taxable-income = Салық салынатын табыс
