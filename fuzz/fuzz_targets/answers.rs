//! An exported answers file through parsing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prepbook::diagnostics::{render, SourceFile};
use prepbook::load::answers::Answers;

fuzz_target!(|text: &str| {
    let source = SourceFile::new("answers.toml", text);
    match Answers::parse(&source) {
        Ok(answers) => {
            for (id, _) in answers.iter() {
                let _ = render(&answers.error_at(id, "x"), false);
            }
        }
        Err(error) => {
            let _ = render(&error, false);
        }
    }
});
