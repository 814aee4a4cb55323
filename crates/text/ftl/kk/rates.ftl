### The official-rates dialog.

rates-get-rates = Ресми бағамдарды алу…
rates-title = Ұлттық банктің ресми бағамдары
rates-missing-currencies = Бағамдар жетіспейді: { $currencies }
rates-missing-dates = Алдыңғы күннің бағамы қажет мәміле күндері: { $dates }
rates-missing-years = Жылдық орташа бағамдар: { $years }
rates-more = … және тағы { $n }
rates-will-ask = Salyq { $url } мекенжайынан { $from } және { $to } аралығындағы { $n } күннің әрқайсысын сұрайды: күніне бір сұрау, арасында қысқа үзіліс; бұрын алынған күндер кэштен алынады, қайта сұралмайды.
rates-only-dates = Компьютерден тек күндер жіберіледі: мәмілелеріңіз, файлдарыңыз немесе ісіңіз туралы ештеңе жіберілмейді.
rates-cache = Кэш: { $dir }
rates-no-cache = Деректер қалтасы жоқ: алынған күндер сақталмайды.
rates-fetch = Алу
rates-cancel = Бас тарту
rates-close = Жабу
rates-progress = { $total } күннің { $done }-і: { $date }
rates-done = { $n } күндік бағам алынды. Олар іске { $file } ретінде қосылды, көрсеткіштер қайта есептеледі.
rates-failed = Бағамдарды алу мүмкін болмады: { $error }
rates-try-again = Қайталау
rates-cancelled = Тоқтатылды: ештеңе қосылмады.
rates-price-hint = { $assets } үшін бағалар жоқ: әр активтің күндік тарихын CoinMarketCap (Historical Data → Download CSV, аты …_coinmarketcap_КОД.csv) немесе CoinGecko (Historical Data → CSV экспорты) сайтынан жүктеп, Файл → Бағаларды импорттау… арқылы импорттаңыз
rates-same-command = Командалық жолдан да солай:
