//! A CSV read with a saved column mapping. The input is the mapping's JSON, a NUL byte, then
//! the CSV; without a NUL, the whole input is the CSV, read with the bundled test mapping.
#![no_main]
use libfuzzer_sys::fuzz_target;
use salyq_core::import::mapping::{self, Mapping};

const MAPPING: &str = include_str!("../../tests/data/mapped_broker.json");

fuzz_target!(|data: &[u8]| {
    let (mapping, csv) = match data.iter().position(|&b| b == 0) {
        Some(i) => {
            let Ok(text) = std::str::from_utf8(&data[..i]) else {
                return;
            };
            match Mapping::from_json(text, salyq_fuzz::NAME) {
                Ok(m) => (m, &data[i + 1..]),
                Err(e) => return salyq_fuzz::check_errors(&[e]),
            }
        }
        None => (
            Mapping::from_json(MAPPING, "mapping.json").expect("the test mapping loads"),
            data,
        ),
    };
    let _ = mapping.to_json();
    salyq_fuzz::trades(csv, &|names| mapping.matches(names), |t, i, r| {
        mapping::read(t, &mapping, i, r)
    });
});
