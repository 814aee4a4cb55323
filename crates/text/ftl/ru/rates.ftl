### The official-rates dialog.

rates-get-rates = Получить официальные курсы…
rates-title = Официальные курсы Национального банка
rates-missing-currencies = Не хватает курсов: { $currencies }
rates-missing-dates = Даты сделок, которым нужен курс предшествующего дня: { $dates }
rates-missing-years = Среднегодовые курсы за: { $years }
rates-more = … и ещё { $n }
rates-will-ask = Salyq запросит { $url } за каждый из { $n } дней в промежутке с { $from } по { $to }: один запрос на день, с короткой паузой; уже полученные дни берутся из кэша и повторно не запрашиваются.
rates-only-dates = С компьютера уходят только даты: ничего о ваших сделках, файлах или деле не отправляется.
rates-cache = Кэш: { $dir }
rates-no-cache = Нет папки данных: полученные дни не сохраняются.
rates-fetch = Получить
rates-cancel = Отмена
rates-close = Закрыть
rates-progress = День { $done } из { $total }: { $date }
rates-done = Получено дневных курсов: { $n }. Они добавлены в дело как { $file }, показатели пересчитываются.
rates-failed = Не удалось получить курсы: { $error }
rates-try-again = Повторить
rates-cancelled = Отменено: ничего не добавлено.
rates-price-hint = Нет цен для { $assets }: скачайте дневную историю каждого актива с CoinMarketCap (Historical Data → Download CSV, имя …_coinmarketcap_КОД.csv) или CoinGecko (Historical Data → экспорт CSV) и импортируйте её через Файл → Импорт цен…
rates-same-command = То же из командной строки:
