### The window: menus, tabs, columns, settings, warnings, assumptions, input problems.

app-title = Salyq — мүліктік табыс салығы
file = Файл
import-trades = Мәмілелерді импорттау…
import-rates = Ресми бағамдарды импорттау…
import-prices = Бағаларды импорттау…
recent-files = Соңғы файлдар
load-sample = Үлгіні жүктеу
clear-all = Барлығын тазарту
quit = Шығу
edit = Түзету
undo = Болдырмау
redo = Қайталау
language = Тіл
help = Анықтама
about = Salyq туралы
tab-trades = Мәмілелер
tab-disposals = Шығулар
tab-summary = Қорытынды
tab-warnings = Ескертулер
tab-settings = Баптаулар
tab-forms = Декларация
welcome-title = Salyq-қа қош келдіңіз
welcome-text = Salyq Қазақстандағы декларация үшін сіздің мәмілелеріңіз бойынша мүліктік табысты және салықты есептейді. Қарап шығу үшін ойдан құрастырылған үлгі жүктелді: «Қорытынды» қойындысында оның жылдық салығы көрсетілген. Өз файлдарыңызды Файл → Мәмілелерді импорттау… арқылы импорттаңыз немесе CSV файлдарын осы терезеге сүйреп әкеліңіз; олар үлгіні ауыстырады.
close = Жабу
cancel = Болдырмау
tax-year = Салық жылы
all-years = Барлық жылдар
property-income = Мүліктік табыс
tax = Салық
tax-haven-zero-cost = НӨЛДІК ҚҰН (жеңілдікті мемлекет)
what-if-tax = { $method } бойынша салық (декларацияланбайды)
status-declared = Декларацияланады: ФИФО
status-what-if = салыстыру: { $method }
tax-havens = Жеңілдікті салық салынатын мемлекеттердегі көздер: нөлдік құн
tax-haven-venue = жеңілдікті мемлекет: нөлдік құн
tax-haven-on = НӨЛДІК ҚҰН ҚОСУЛЫ: { $list } — ондағы әрбір сатып алу 0 тұрады
tax-haven-assets = Белгіленген активтер:
tax-haven-add-asset = Активті белгілеу
tax-haven-remove = { $name } алып тастау
version = Нұсқа
build-date = Жинақталған күні
file-dialog-no-system = Жүйенің файл таңдау терезесі мұнда жоқ (жұмыс үстелі порталы жоқ), сондықтан Salyq өз терезесін көрсетеді.
file-dialog-folder = Қалта
file-dialog-up = Жоғары
file-dialog-home = Үй қалтасы
file-dialog-file-name = Файл аты
file-dialog-filter = Көрсету
file-dialog-all-files = Барлық файлдар
file-dialog-open = Ашу
file-dialog-save = Сақтау
file-dialog-choose = Осы қалтаны таңдау
file-dialog-cancel = Бас тарту
file-dialog-exists = { $name } бұрыннан бар. Ауыстыру керек пе?
file-dialog-replace = Ауыстыру
file-dialog-empty = (мұнда файл жоқ)
file-dialog-cannot-read = Қалтаны оқу мүмкін болмады: { $error }
file-dialog-not-a-file = { $name } — мұнда ондай файл жоқ; тізімнен таңдаңыз немесе атын жазыңыз.
file-dialog-selected = Таңдалды: { $n }
file-dialog-title-open = Файлды ашу
file-dialog-title-save = Басқаша сақтау
file-dialog-title-folder = Қалтаны таңдау
income-title = Дивидендтер мен сыйақылар (брокер есептерінен)
income-year = Салық жылы
income-dividends = Шетелден алынған дивидендтер (B_1_4)
income-dividends-tax = {"  "}шетелде ұсталған салық
income-interest = Шетелден алынған сыйақылар мен купондар (B_1_5)
income-interest-tax = {"  "}шетелде ұсталған салық
income-domestic = Қазақстан эмитенттерінен (мұнда декларацияланбайды)
income-payments = Төлемдер
income-rate = Бағам
income-previous-day = әр төлем алдындағы жұмыс күні
income-average = жылдық орташа
income-note = Жоғарыдағы салық — өсімнен; декларация бұл табысты қосып, ұсталған салықты (I жолы) осы табыстан алынатын қазақстандық салықтан аспайтын мөлшерде есепке алады (СК 413-бабы), шетелдік салық органының құжаты болған жағдайда.
banner-open-warnings = { $count ->
        [one] { $n } ашық ескерту
       *[other] { $n } ашық ескерту
    }
banner-warnings = { $count ->
        [one] { $n } ескерту
       *[other] { $n } ескерту
    }
banner-lead = Сандар толық емес:
banner-rest = олар олқылықтарға сүйенеді, мысалы сатып алуы жүктелмеген монеталарды сату (құны нөл деп алынды). Декларацияны тапсырмас бұрын оларды қараңыз.
banner-link = Бірінші ескертуді көрсету
