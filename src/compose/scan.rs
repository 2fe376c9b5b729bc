//! What `check` notes about a chapter as written (before templating): the
//! MDX lines, raw HTML and HTML tags the build leaves out, each with its
//! file and line. Front-matter notes come from loading.

use pulldown_cmark::{Event, Parser, Tag};

use crate::compose::{dialect, markdown};
use crate::diagnostics::Error;
use crate::load::content::Chapter;

/// The notes on one chapter, in line order.
pub fn notes(chapter: &Chapter) -> Vec<Error> {
    let normalised = dialect::normalise(&chapter.body);
    let text = &normalised.text;
    let at = |line: usize, message: String| {
        Error::at_line(&chapter.source, chapter.body_line + line, 1, message).into_note()
    };
    let mut notes: Vec<(usize, Error)> = normalised
        .dropped
        .iter()
        .map(|&line| {
            let note = at(
                line,
                "an MDX `import`/`export` line means nothing in a workbook; it is left out"
                    .to_string(),
            );
            (line, note)
        })
        .collect();
    // The first line of each raw HTML block, until it is noted.
    let mut block_start = false;
    for (event, range) in Parser::new_ext(text, markdown::options()).into_offset_iter() {
        let line = text[..range.start].matches('\n').count();
        match event {
            Event::Start(Tag::HtmlBlock) => block_start = true,
            Event::Html(html)
                if std::mem::take(&mut block_start) && !markdown::is_comment(&html) =>
            {
                let first = html.lines().next().unwrap_or_default().trim().to_string();
                let note = at(
                    line,
                    format!(
                        "raw HTML is not supported in a workbook; `{}` is left out",
                        shorten(&first)
                    ),
                )
                .with_help("write it in Markdown, or as a callout (`:::tip`)");
                notes.push((line, note));
            }
            Event::InlineHtml(html) if !markdown::is_comment(&html) => {
                let tag = html.trim();
                let name = tag
                    .trim_start_matches(['<', '/'])
                    .split([' ', '>', '/'])
                    .next();
                if name.is_some_and(|n| !n.eq_ignore_ascii_case("br")) {
                    notes.push((
                        line,
                        at(
                            line,
                            format!(
                                "the HTML tag `{}` is left out (the text around it is kept)",
                                shorten(tag)
                            ),
                        ),
                    ));
                }
            }
            _ => {}
        }
    }
    notes.sort_by_key(|(line, _)| *line);
    notes.into_iter().map(|(_, note)| note).collect()
}

fn shorten(text: &str) -> String {
    let mut chars = text.chars();
    let short: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;

    #[test]
    fn notes_name_each_line_left_out() {
        let text = "+++\ntitle = \"T\"\n+++\nimport Tabs from '@theme/Tabs';\n\n<Tabs>\n<TabItem value=\"a\">\n\nText with <kbd>Ctrl</kbd> and a<br>break.\n\n<!-- a comment -->\n";
        let chapter =
            Chapter::parse("t.md".to_string(), SourceFile::new("t.md", text)).expect("valid");
        let notes = notes(&chapter);
        let lines: Vec<usize> = notes
            .iter()
            .map(|n| n.location().expect("located").line)
            .collect();
        assert_eq!(lines, [4, 6, 9, 9], "{notes:?}");
        assert!(notes.iter().all(Error::is_note));
        assert!(notes[1].message().contains("<Tabs>"));
        assert!(notes[2].message().contains("<kbd>"));
    }
}
