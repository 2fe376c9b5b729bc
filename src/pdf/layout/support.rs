//! What the layout engine cannot set correctly: text in a script that a
//! font shows but whose lines the engine would break or stack wrongly.
//! Such text is refused rather than printed wrong.

use unicode_linebreak::{break_property, BreakClass};
use unicode_script::{Script, UnicodeScript};

use super::page::{Item, Page};

/// Text the engine cannot lay out: its script, a character of it (to find
/// where it comes from) and what laying it out would need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsupportedScript {
    pub script: String,
    pub character: char,
    pub needs: String,
}

/// The first text on `pages` in a script the engine cannot lay out.
pub fn unsupported_script(pages: &[Page]) -> Option<UnsupportedScript> {
    pages
        .iter()
        .flat_map(|page| &page.items)
        .flat_map(|item| match item {
            Item::Text(run) => std::slice::from_ref(run),
            Item::Field(field) => field.text.as_slice(),
            _ => &[],
        })
        .find_map(|run| unsupported_in(&run.text))
}

/// The first character of `text` the engine cannot lay out, looking only
/// at characters from U+0800 up (three bytes and more in UTF-8).
fn unsupported_in(text: &str) -> Option<UnsupportedScript> {
    text.bytes()
        .enumerate()
        .filter(|(_, byte)| *byte >= 0xE0)
        .find_map(|(at, _)| unsupported(text[at..].chars().next()?))
}

/// Why `c` cannot be laid out, if it cannot.
fn unsupported(c: char) -> Option<UnsupportedScript> {
    if (c as u32) < 0x0E00 {
        return None;
    }
    let script = c.script();
    let needs = if break_property(c as u32) == BreakClass::ComplexContext {
        format!(
            "{} is written without spaces between words, and breaking its lines needs a \
             dictionary of its words (Unicode line-break class SA), which prepbook does not have",
            script.full_name()
        )
    } else if matches!(script, Script::Mongolian | Script::Phags_Pa) {
        format!(
            "{} is written in vertical lines, top to bottom, and prepbook sets only \
             horizontal lines",
            script.full_name()
        )
    } else {
        return None;
    };
    Some(UnsupportedScript {
        script: script.full_name().replace('_', " "),
        character: c,
        needs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_without_spaces_or_written_vertically_are_unsupported() {
        let thai = unsupported('ส').expect("Thai");
        assert_eq!(thai.script, "Thai");
        assert!(thai.needs.contains("dictionary"), "{}", thai.needs);
        assert_eq!(unsupported('ᠮ').expect("Mongolian").script, "Mongolian");
        assert!(unsupported('က').is_some(), "Myanmar");
        for c in ['a', 'ж', 'ع', 'ש', 'क', '日', 'ア', '한'] {
            assert_eq!(unsupported(c), None, "{c}");
        }
    }
}
