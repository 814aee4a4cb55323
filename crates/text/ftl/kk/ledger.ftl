### Events beyond trades: transfers, rewards, balances.

ledger-kind-unknown-origin = Шығу тегі белгісіз
ledger-kind-unpaired-withdrawal = Жұбы жоқ шығару
ledger-kind-balance-gap = Баланс алшақтығы
ledger-kind-no-price = Баға жоқ
ledger-warn-unknown-origin = { $quantity } { $asset } { $date } күні { $venue } алаңына белгісіз сатып алумен түсті: оны енгізіңіз, шығарумен жұптаңыз немесе келген шотты жүктеңіз (әзірге құны нөл)
ledger-warn-unpaired-withdrawal = { $quantity } { $asset } { $date } күні { $venue } алаңынан жұпсыз шығарылды: әлі сіздікі деп саналады, сату емес; жұптаңыз немесе барған шотты жүктеңіз
ledger-warn-balance-gap = { $date } дейін { $venue } алаңында { $quantity } { $asset } тарихы жоқ: баланс нөлден төмен түседі; ертерек тарихты жүктеңіз немесе бастапқы қалдықты енгізіңіз
ledger-pair = Жұптау…
ledger-pair-title = Аударымды жұптау
ledger-pair-with = Жұптау
ledger-unpair = Ажырату
ledger-transfers = Шоттарыңыз арасындағы аударымдар
ledger-enter-purchase = Сатып алуды енгізу…
ledger-opening-position = Бастапқы қалдық…
ledger-venue = Алаң
ledger-moved-to = { $from } → { $to } { $date } көшірілді
ledger-bought-on = { $venue } алаңында алынған
ledger-transfer-line = { $quantity } { $asset } { $from } → { $to } ({ $withdrawal } → { $deposit }), желі комиссиясы { $fee }
ledger-import-events = оқиғалар (аударымдар, сыйақылар…): { $list }
ledger-unconfirmed = [U: расталмаған — бұл баптау]
ledger-settings-heading = Аударымдар мен сыйақылар
ledger-network-fee-label = Аударым кезіндегі желі комиссиясы (барлық жылдар):
ledger-reward-cost-label = Сыйақылардың құны (барлық жылдар):
ledger-rewards-row = Алынған сыйақылар (табысқа кірмейді) [U]
ledger-rewards-unpriced = (+{ $n } бағасыз)
