//! A profile's text through parsing, validation and template data.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prepbook::diagnostics::{render, SourceFile};
use prepbook::load::profile::Profile;

fuzz_target!(|text: &str| {
    let source = SourceFile::new("fuzz.toml", text);
    match Profile::parse(&source) {
        Ok(profile) => {
            let _ = profile.to_template_data();
        }
        Err(error) => {
            let _ = render(&error, false);
        }
    }
});
