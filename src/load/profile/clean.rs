//! Tidying a profile's text at load, so every later stage sees clean values:
//! NFC throughout, control characters gone, blank values treated as absent.

use unicode_normalization::UnicodeNormalization;

use super::Profile;
use crate::diagnostics::{Error, SourceFile};

/// The text in NFC: "é" typed as "e" and a combining accent becomes one
/// character, which is what search, copy and screen readers expect.
pub fn nfc(source: SourceFile) -> SourceFile {
    if unicode_normalization::is_nfc(&source.text) {
        return source;
    }
    let text: String = source.text.nfc().collect();
    SourceFile::new(source.name, text)
}

/// True when `text` shows nothing: only spaces and invisible characters
/// (zero-width spaces and joiners, soft hyphens, byte-order marks).
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '\u{00AD}' | '\u{034F}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
            )
    })
}

/// Removes control characters (NUL, escape, ...) but keeps line breaks and tabs.
fn strip_controls(text: &mut String) {
    if text.chars().any(is_unwanted_control) {
        text.retain(|c| !is_unwanted_control(c));
    }
}

fn is_unwanted_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

fn optional(value: &mut Option<String>) {
    if let Some(text) = value {
        strip_controls(text);
        if is_blank(text) {
            *value = None;
        }
    }
}

fn list(values: &mut Vec<String>) {
    values.iter_mut().for_each(strip_controls);
    values.retain(|text| !is_blank(text));
}

/// A required text: cleaned, and an error naming `field` if it is blank.
fn required(text: &mut String, field: &str, source: &SourceFile) -> Result<(), Error> {
    strip_controls(text);
    if is_blank(text) {
        let message = format!("an entry's `{field}` is blank");
        let error = match blank_value(source, field) {
            Some(span) => Error::at_span(source, span, message),
            None => Error::in_file(source.name.clone(), message),
        };
        return Err(error.with_help(format!("fill in `{field}`, or remove the entry")));
    }
    Ok(())
}

/// Where `field = "…"` first has a blank quoted value in the profile's text.
fn blank_value(source: &SourceFile, field: &str) -> Option<std::ops::Range<usize>> {
    let key = format!("{field} = \"");
    source.text.match_indices(&key).find_map(|(at, _)| {
        let value_start = at + key.len();
        let value_end = value_start + source.text[value_start..].find('"')?;
        is_blank(&source.text[value_start..value_end]).then_some(at..value_end + 1)
    })
}

impl Profile {
    /// Strips control characters and drops blank values, so `" "` is as
    /// absent as `""`: no worksheet or sentence shows a hole.
    pub(super) fn clean(&mut self, source: &SourceFile) -> Result<(), Error> {
        let person = &mut self.person;
        strip_controls(person.name.get_mut());
        for value in [
            &mut person.current_role,
            &mut person.target_role,
            &mut person.industry,
            &mut self.company.name,
            &mut self.company.mission,
            &mut self.company.vision,
            &mut self.aspiration.statement,
            &mut self.aspiration.environment,
            &mut self.aspiration.draft_answer,
        ] {
            optional(value);
        }
        let introspection = &mut self.introspection;
        for values in [
            &mut self.company.values,
            &mut self.company.goals,
            &mut introspection.what_matters,
            &mut introspection.likes,
            &mut introspection.good_at,
            &mut introspection.strengths,
            &mut self.resume.accomplishments,
            &mut self.resume.to_improve,
            &mut self.resume.to_develop,
            &mut self.growth_plan.my_impact_on_company,
            &mut self.growth_plan.company_impact_on_me,
            &mut self.aspiration.areas_to_explore,
        ] {
            list(values);
        }
        for weakness in &mut introspection.weaknesses {
            required(&mut weakness.weakness, "weakness", source)?;
            optional(&mut weakness.reframe);
        }
        for position in &mut self.resume.history {
            required(&mut position.role, "role", source)?;
            optional(&mut position.organization);
            optional(&mut position.period);
        }
        for goal in &mut self.growth_plan.goals {
            required(&mut goal.goal, "goal", source)?;
            list(&mut goal.steps);
            if let Some(super::DateText::Text(text)) = &mut goal.by {
                strip_controls(text);
                if is_blank(text) {
                    goal.by = None;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_blank() {
        assert!(is_blank(" \u{200B}\u{200D}\u{FEFF}"));
        assert!(!is_blank(" a "));
    }

    #[test]
    fn decomposed_accents_are_composed() {
        let source = nfc(SourceFile::new("p.toml", "Jose\u{301}"));
        assert_eq!(source.text, "Jos\u{e9}");
    }
}
