//! The Summary's income table: foreign dividends and interest per tax year in tenge with the
//! tax withheld abroad (the figures of 270.01 B_1_4 and B_1_5 and the credit I), read from the
//! broker reports. Shown only when the inputs hold such payments.

use crate::fmt;
use crate::i18n::Lang;
use rust_decimal::Decimal;
use salyq_core::income::YearIncome;

/// The words of this table: English, Russian, Kazakh.
#[derive(Clone, Copy)]
enum Word {
    Title,
    Year,
    Dividends,
    DividendsTax,
    Interest,
    InterestTax,
    Domestic,
    Payments,
    Rate,
    PreviousDay,
    Average,
    Note,
}

fn word(lang: Lang, w: Word) -> &'static str {
    let (en, ru, kk) = match w {
        Word::Title => (
            "Dividends and interest (from the broker reports)",
            "Дивиденды и вознаграждения (из отчётов брокеров)",
            "Дивидендтер мен сыйақылар (брокер есептерінен)",
        ),
        Word::Year => ("Tax year", "Налоговый год", "Салық жылы"),
        Word::Dividends => (
            "Foreign dividends (B_1_4)",
            "Дивиденды из-за рубежа (B_1_4)",
            "Шетелден алынған дивидендтер (B_1_4)",
        ),
        Word::DividendsTax => (
            "  tax withheld abroad",
            "  налог, удержанный за рубежом",
            "  шетелде ұсталған салық",
        ),
        Word::Interest => (
            "Foreign interest and coupons (B_1_5)",
            "Вознаграждения и купоны из-за рубежа (B_1_5)",
            "Шетелден алынған сыйақылар мен купондар (B_1_5)",
        ),
        Word::InterestTax => (
            "  tax withheld abroad",
            "  налог, удержанный за рубежом",
            "  шетелде ұсталған салық",
        ),
        Word::Domestic => (
            "From Kazakhstan issuers (not declared here)",
            "От эмитентов Казахстана (здесь не декларируются)",
            "Қазақстан эмитенттерінен (мұнда декларацияланбайды)",
        ),
        Word::Payments => ("Payments", "Выплат", "Төлемдер"),
        Word::Rate => ("Rate", "Курс", "Бағам"),
        Word::PreviousDay => (
            "business day before each payment",
            "рабочего дня перед выплатой",
            "әр төлем алдындағы жұмыс күні",
        ),
        Word::Average => ("the year's average", "среднегодовой", "жылдық орташа"),
        Word::Note => (
            "The tax above is on the gains; the declaration (Forms) adds this income to it and credits the tax withheld (line I) up to the Kazakh tax on that income (NC Art. 413), with the foreign tax office's certificate.",
            "Налог выше — с прироста; декларация (вкладка «Декларация») добавляет этот доход и зачитывает удержанный налог (строка I) не более казахстанского налога с этого дохода (ст. 413 НК) при наличии документа иностранного налогового органа.",
            "Жоғарыдағы салық — өсімнен; декларация бұл табысты қосып, ұсталған салықты (I жолы) осы табыстан алынатын қазақстандық салықтан аспайтын мөлшерде есепке алады (СК 413-бабы), шетелдік салық органының құжаты болған жағдайда.",
        ),
    };
    match lang {
        Lang::En => en,
        Lang::Ru => ru,
        Lang::Kk => kk,
    }
}

/// Draws the table for the year shown (`None`: every year); nothing without payments.
pub fn ui(ui: &mut egui::Ui, income: &[YearIncome], year: Option<i32>, lang: Lang) {
    let years: Vec<&YearIncome> = income
        .iter()
        .filter(|y| year.is_none_or(|want| y.year == want))
        .collect();
    if years.is_empty() {
        return;
    }
    let money = |x: Decimal| fmt::money(lang, x);
    ui.strong(word(lang, Word::Title));
    egui::Grid::new("income")
        .striped(true)
        .num_columns(years.len() + 1)
        .min_col_width(super::summary::YEAR_COLUMN)
        .spacing([24.0, 6.0])
        .show(ui, |ui| {
            ui.label(word(lang, Word::Year));
            for y in &years {
                super::summary::right(ui, egui::RichText::new(y.year.to_string()).strong());
            }
            ui.end_row();
            type Cell<'a> = &'a dyn Fn(&YearIncome) -> String;
            let rows: [(Word, Cell<'_>); 7] = [
                (Word::Dividends, &|y| money(y.dividends)),
                (Word::DividendsTax, &|y| money(y.dividends_tax)),
                (Word::Interest, &|y| money(y.interest)),
                (Word::InterestTax, &|y| money(y.interest_tax)),
                (Word::Domestic, &|y| money(y.domestic)),
                (Word::Payments, &|y| y.payments.to_string()),
                (Word::Rate, &|y| {
                    word(
                        lang,
                        if y.rate_rule == "annual_average" {
                            Word::Average
                        } else {
                            Word::PreviousDay
                        },
                    )
                    .to_string()
                }),
            ];
            for (w, value) in rows {
                ui.label(word(lang, w));
                for y in &years {
                    super::summary::right(ui, value(y));
                }
                ui.end_row();
            }
        });
    ui.weak(word(lang, Word::Note));
}
