//! What `check` notes about a chapter as written (before templating): the
//! MDX lines, raw HTML and HTML tags the build leaves out, images without a
//! description or inside a line of text, each with its file and line. Front-matter notes come from loading.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

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
    let mut paragraph: Option<Paragraph> = None;
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
            Event::Start(Tag::Paragraph) => paragraph = Some(Paragraph::default()),
            Event::End(TagEnd::Paragraph) => {
                if let Some(paragraph) = paragraph.take() {
                    notes.extend(paragraph.notes(&at));
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some(paragraph) = &mut paragraph {
                    paragraph
                        .images
                        .push((line, dest_url.to_string(), String::new()));
                    paragraph.in_image = true;
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some(paragraph) = &mut paragraph {
                    paragraph.in_image = false;
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(paragraph) = &mut paragraph {
                    match paragraph.images.last_mut() {
                        Some((_, _, alt)) if paragraph.in_image => alt.push_str(&text),
                        _ => paragraph.has_text |= !text.trim().is_empty(),
                    }
                }
            }
            _ => {}
        }
    }
    notes.sort_by_key(|(line, _)| *line);
    notes.into_iter().map(|(_, note)| note).collect()
}

/// A paragraph's images (line, path, description) and whether it has
/// words of its own.
#[derive(Default)]
struct Paragraph {
    images: Vec<(usize, String, String)>,
    has_text: bool,
    in_image: bool,
}

impl Paragraph {
    /// An image in a line of text is printed as its description; an image
    /// of its own without a description is decoration that says nothing.
    fn notes(self, at: &impl Fn(usize, String) -> Error) -> Vec<(usize, Error)> {
        self.images
            .into_iter()
            .filter_map(|(line, path, alt)| {
                let path = shorten(&path);
                let note = if self.has_text {
                    at(
                        line,
                        format!(
                            "the image `{path}` is inside a line of text, so only its \
                             description is printed"
                        ),
                    )
                    .with_help("give the image a paragraph of its own to show it")
                } else if alt.trim().is_empty() {
                    at(
                        line,
                        format!(
                            "the image `{path}` has no description: readers who cannot see \
                             it are told nothing"
                        ),
                    )
                    .with_help(format!(
                        "write what it shows between the brackets: ![what it shows]({path})"
                    ))
                } else {
                    return None;
                };
                Some((line, note))
            })
            .collect()
    }
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

    /// The notes on a chapter of `text`, and the line of each.
    fn notes_of(text: &str) -> (Vec<Error>, Vec<usize>) {
        let chapter =
            Chapter::parse("t.md".to_string(), SourceFile::new("t.md", text)).expect("valid");
        let notes = notes(&chapter);
        let lines = notes
            .iter()
            .map(|n| n.location().expect("located").line)
            .collect();
        (notes, lines)
    }

    #[test]
    fn notes_name_each_line_left_out() {
        let (notes, lines) = notes_of("+++\ntitle = \"T\"\n+++\nimport Tabs from '@theme/Tabs';\n\n<Tabs>\n<TabItem value=\"a\">\n\nText with <kbd>Ctrl</kbd> and a<br>break.\n\n<!-- a comment -->\n");
        assert_eq!(lines, [4, 6, 9, 9], "{notes:?}");
        assert!(notes.iter().all(Error::is_note));
        assert!(notes[1].message().contains("<Tabs>"));
        assert!(notes[2].message().contains("<kbd>"));
    }

    #[test]
    fn images_without_a_description_or_inside_text_are_noted() {
        let (notes, lines) = notes_of(
            "# T\n\n![](chart.png)\n\n![A chart](chart.png \"Caption\")\n\nSee ![a star](star.png) here.\n",
        );
        assert_eq!(lines, [3, 7], "{notes:?}");
        assert!(notes[0].message().contains("no description"));
        assert!(notes[1].message().contains("inside a line of text"));
    }
}
