//! The words of Salyq's user interfaces, in English, Russian and Kazakh.
//!
//! Every message lives in a Fluent file per domain and language (`ftl/en/window.ftl`,
//! `ftl/ru/window.ftl`, `ftl/kk/window.ftl`, …), compiled into the binary. The ids are the
//! generated enum [`Text`] (from the English files), so a message the code asks for always exists
//! in English; the tests check that Russian and Kazakh have every message with the same
//! arguments. A message missing from a language falls back kk → ru → en.
//!
//! Arguments are Fluent placeables (`{ $name }`): a value is put in once, as it is, never read
//! again for placeholders. Plurals are Fluent selectors on a number with the language's CLDR
//! rules: pass the number as `count` through [`Lang::n`] (`{ $count -> [one] … *[other] … }`).
//!
//! The library's own English outputs (command line, JSON) do not come from here.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/msg.rs"));

/// A language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Russian.
    Ru,
    /// Kazakh.
    Kk,
}

impl Lang {
    /// Every language, in menu order.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ru, Lang::Kk];

    /// The language's own name (`Русский`).
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
            Lang::Kk => "Қазақша",
        }
    }

    /// The language's code (`en`, `ru`, `kk`), as the Fluent folders are named.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Kk => "kk",
        }
    }

    /// The language of a code such as `ru` or `kk` (for `SALYQ_LANG`).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ru" => Some(Lang::Ru),
            "kk" | "kz" => Some(Lang::Kk),
            _ => None,
        }
    }

    /// The languages whose files are asked for `self`'s messages, in order: Kazakh, then Russian,
    /// then English.
    pub fn fallback(self) -> &'static [Lang] {
        match self {
            Lang::En => &[Lang::En],
            Lang::Ru => &[Lang::Ru, Lang::En],
            Lang::Kk => &[Lang::Kk, Lang::Ru, Lang::En],
        }
    }

    /// The text of a message without arguments.
    pub fn t(self, msg: Text) -> &'static str {
        &texts().plain[self as usize][msg as usize]
    }

    /// The text of a message with its arguments (`("name", value)` for each `{ $name }`).
    pub fn f(self, msg: Text, args: &[(&str, &str)]) -> String {
        self.format(msg, None, args)
    }

    /// The text of a message whose words follow a number: `count` picks the plural form
    /// (`{ $count -> [one] … [few] … *[many] … }`), the other arguments as for [`Lang::f`].
    /// `count` is only selected on; the shown number is an argument of its own (grouped as the
    /// language writes it).
    pub fn n(self, msg: Text, count: u64, args: &[(&str, &str)]) -> String {
        self.format(msg, Some(count), args)
    }

    /// The text of a message keyed by the data of a bundled table (a rule's `text_id`), in this
    /// language or the next of its fallback; `None` when no language has it (the table's own
    /// English then stands).
    pub fn data(self, id: &str) -> Option<&'static str> {
        let texts = texts();
        self.fallback()
            .iter()
            .find_map(|&l| texts.data[l as usize].get(id).map(|s| &**s))
    }

    fn format(self, msg: Text, count: Option<u64>, args: &[(&str, &str)]) -> String {
        let texts = texts();
        let Some((lang, pattern)) = self.fallback().iter().find_map(|&l| {
            let bundle = &texts.bundles[l as usize];
            let m = bundle.get_message(msg.id())?;
            Some((l, m.value()?))
        }) else {
            return msg.id().to_string();
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len() + 1);
        for &(name, value) in args {
            fluent_args.set(name, FluentValue::from(value));
        }
        if let Some(c) = count {
            fluent_args.set("count", FluentValue::from(c));
        }
        let mut errors = Vec::new();
        texts.bundles[lang as usize]
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }
}

struct Texts {
    bundles: &'static [FluentBundle<FluentResource>; 3],
    /// Each message without arguments, per language (after the fallback).
    plain: [Vec<Cow<'static, str>>; 3],
    /// The data messages of each language's own files (no fallback).
    data: [HashMap<&'static str, Cow<'static, str>>; 3],
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.code().parse().expect("a language code");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // The window draws the text itself: no Unicode isolation marks around arguments.
    bundle.set_use_isolating(false);
    for (code, name, text) in FILES {
        if code != lang.code() {
            continue;
        }
        let resource = FluentResource::try_new(text.to_string())
            .unwrap_or_else(|(_, e)| panic!("ftl/{code}/{name} does not parse: {e:?}"));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|e| panic!("ftl/{code}/{name}: a message twice: {e:?}"));
    }
    bundle
}

fn texts() -> &'static Texts {
    static TEXTS: OnceLock<Texts> = OnceLock::new();
    static BUNDLES: OnceLock<[FluentBundle<FluentResource>; 3]> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let bundles: &'static [FluentBundle<FluentResource>; 3] =
            BUNDLES.get_or_init(|| Lang::ALL.map(bundle));
        let plain = Lang::ALL.map(|lang| {
            Text::ALL
                .iter()
                .map(|&msg| {
                    lang.fallback()
                        .iter()
                        .find_map(|&l| {
                            let b = &bundles[l as usize];
                            let pattern = b.get_message(msg.id())?.value()?;
                            let mut errors = Vec::new();
                            Some(b.format_pattern(pattern, None, &mut errors))
                        })
                        .unwrap_or(Cow::Borrowed(msg.id()))
                })
                .collect()
        });
        let data = Lang::ALL.map(|lang| {
            let b = &bundles[lang as usize];
            DATA_IDS
                .iter()
                .filter(|(code, _)| *code == lang.code())
                .filter_map(|&(_, id)| {
                    let pattern = b.get_message(id)?.value()?;
                    let mut errors = Vec::new();
                    Some((id, b.format_pattern(pattern, None, &mut errors)))
                })
                .collect()
        });
        Texts { bundles, plain, data }
    })
}

/// Whether `lang`'s own files have the message (no fallback): for the completeness tests.
pub fn has_own(lang: Lang, msg: Text) -> bool {
    texts().bundles[lang as usize].has_message(msg.id())
}

/// Whether `lang`'s own files have the data message `id` (no fallback): for the tests.
pub fn has_data(lang: Lang, id: &str) -> bool {
    texts().data[lang as usize].contains_key(id)
}

/// Every data message id of `lang`'s own files.
pub fn data_ids(lang: Lang) -> impl Iterator<Item = &'static str> {
    DATA_IDS
        .iter()
        .filter(move |(code, _)| *code == lang.code())
        .map(|&(_, id)| id)
}

/// The embedded Fluent files: language code, file name, text (for the tests that compare them).
pub fn files() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    FILES.into_iter()
}
