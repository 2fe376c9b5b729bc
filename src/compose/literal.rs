//! Profile values as opaque text on their way through Markdown.
//!
//! A value inserted by a template must come out as the same characters in
//! every output, whatever Markdown would make of them (`*`, `#` at a line
//! start, `<script>`, `|` in a table, a blank line, four leading spaces).
//! Backslash escapes do not cover every context (code spans, TOML strings in
//! worksheet blocks, link targets), so instead every ASCII character that is
//! not a letter or digit is moved into a private-use range before parsing,
//! where Markdown sees only word characters, and moved back when the parsed
//! text enters the document IR.

use std::borrow::Cow;

/// Start of the private-use range that shadows ASCII (plane 15).
const SHADOW_BASE: u32 = 0xF_0000;

/// The first byte of every shadow character in UTF-8.
const SHADOW_LEAD: u8 = 0xF3;

/// Hides every Markdown-significant character of `value`.
pub fn protect(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_alphanumeric() {
                char::from_u32(SHADOW_BASE + c as u32).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// Brings back the characters [`protect`] hid.
pub fn restore(text: &str) -> Cow<'_, str> {
    // Every shadow character starts with the byte that starts the planes
    // 12 to 15 in UTF-8: text without it (most text) has none.
    if !text.as_bytes().contains(&SHADOW_LEAD) || !text.chars().any(is_shadow) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if is_shadow(c) {
                    char::from_u32(c as u32 - SHADOW_BASE).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect(),
    )
}

fn is_shadow(c: char) -> bool {
    (SHADOW_BASE..SHADOW_BASE + 0x80).contains(&(c as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_hides_markup() {
        let hostile = "# <script>*_{{x}}_*</script>\n\\ | \"q\"";
        let hidden = protect(hostile);
        assert!(!hidden.contains(['#', '<', '*', '_', '{', '\n', '\\', '|', '"', ' ']));
        assert_eq!(restore(&hidden), hostile);
        for shadow in (SHADOW_BASE..SHADOW_BASE + 0x80).filter_map(char::from_u32) {
            assert_eq!(shadow.to_string().as_bytes()[0], SHADOW_LEAD);
        }
    }

    #[test]
    fn leaves_letters_and_other_scripts_alone() {
        assert_eq!(
            protect("Zoë Ωμέγα Жанна 42"),
            "Zoë\u{F0020}Ωμέγα\u{F0020}Жанна\u{F0020}42"
        );
        assert!(matches!(restore("plain"), Cow::Borrowed(_)));
    }
}
