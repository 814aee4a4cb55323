//! The `salyq` command line: a thin shell over the library.

#![allow(clippy::result_large_err)] // see crates/core/src/lib.rs

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
