//! The `compliance` command: year-end holdings, filing thresholds, the declarations to file,
//! the AIFC retail limits and venue statuses of one tax year, as text or JSON.

use super::{Common, parse_amount, with_computation};
use clap::Args;
use rust_decimal::Decimal;
use salyq_core::compliance::{self, PersonalFinances};
use salyq_core::venues::LicenceStatus;
use std::io::Write;
use std::process::ExitCode;

/// The options of `salyq compliance` besides the common ones.
#[derive(Args)]
pub(super) struct ComplianceArgs {
    /// Print one JSON document instead of text (decimal numbers as strings).
    #[arg(long)]
    json: bool,
    /// Annual income in tenge, for the AIFC personal limit (10% of it).
    #[arg(long, value_name = "KZT", value_parser = parse_amount)]
    income: Option<Decimal>,
    /// Net worth in tenge, for the AIFC personal limit (5% of it).
    #[arg(long, value_name = "KZT", value_parser = parse_amount)]
    net_worth: Option<Decimal>,
    /// Money in foreign bank accounts on 31 December, in tenge, for the 1,000 MCI test
    /// (2025 on: a reason to file 270.00).
    #[arg(long, value_name = "KZT", value_parser = parse_amount)]
    foreign_bank_balance: Option<Decimal>,
    /// A venue's licence status: NAME=aifc, NAME=foreign or NAME=unknown (may be repeated);
    /// venues not given keep the bundled list's status.
    #[arg(long, value_name = "NAME=STATUS", value_parser = parse_status)]
    venue_status: Vec<(String, LicenceStatus)>,
}

fn parse_status(s: &str) -> Result<(String, LicenceStatus), String> {
    let (name, status) = s
        .rsplit_once('=')
        .ok_or_else(|| format!("\"{s}\" is not NAME=STATUS: expected e.g. Kraken=foreign"))?;
    let status = match status.trim().to_ascii_lowercase().as_str() {
        "aifc" | "aifc_licensed" | "aifc-licensed" => LicenceStatus::AifcLicensed,
        "foreign" => LicenceStatus::Foreign,
        "unknown" => LicenceStatus::Unknown,
        other => {
            return Err(format!(
                "\"{other}\" is not a status: expected aifc, foreign or unknown"
            ));
        }
    };
    if name.trim().is_empty() {
        return Err(format!("\"{s}\" has no venue name: expected e.g. Kraken=foreign"));
    }
    Ok((name.trim().to_string(), status))
}

/// Runs `salyq compliance`.
pub(super) fn run(common: &Common, args: &ComplianceArgs) -> ExitCode {
    let Some(year) = common.year else {
        eprintln!("error: `salyq compliance` needs --year YYYY (the tax year to check)");
        return ExitCode::from(2);
    };
    let personal = PersonalFinances {
        annual_income: args.income,
        net_worth: args.net_worth,
        foreign_bank_balance: args.foreign_bank_balance,
    };
    let statuses = &args.venue_status;
    with_computation(common, |inputs, settings, c| {
        let mut settings = settings.clone();
        for (name, status) in statuses {
            settings.venues.set_status(name, *status);
        }
        let report = compliance::check(inputs, c, &settings, year, &personal)
            .map_err(|e| e.0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))?;
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        let result = if args.json {
            compliance::json::write(&mut out, &report, inputs)
        } else {
            out.write_all(compliance::text::render(&report, inputs).as_bytes())
        };
        result
            .and_then(|_| out.flush())
            .map_err(|e| format!("cannot write the report: {e}"))
    })
}
