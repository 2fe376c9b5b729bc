//! A roster (CSV) through parsing and conversion to profiles.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prepbook::cohort::roster;
use prepbook::diagnostics::{render, SourceFile};

fuzz_target!(|text: &str| {
    let source = SourceFile::new("roster.csv", text);
    match roster::parse(&source) {
        Ok(parsed) => {
            for error in &parsed.errors {
                let _ = render(error, false);
            }
        }
        Err(error) => {
            let _ = render(&error, false);
        }
    }
});
