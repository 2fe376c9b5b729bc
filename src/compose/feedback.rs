//! The "Feedback on your answer" section: a review of the drafted answer
//! as ordinary IR blocks (a heading, a paragraph, a list), so that every
//! renderer draws it as it draws any chapter.

use crate::compose::doc::{Block, Inline, List, Style};
use crate::compose::ids::UniqueIds;
use crate::review::Review;

/// The heading's text; its anchor is derived from it.
pub const TITLE: &str = "Feedback on your answer";

/// The section for one review.
pub fn section(review: &Review, ids: &mut UniqueIds) -> Vec<Block> {
    let intro = format!(
        "Your draft answer has {} words: about {} seconds when spoken at an easy pace. \
         Here is how it fares against the guidance in this workbook, with one next step \
         for each point. Change the draft, rebuild, and read this page again.",
        review.words, review.seconds
    );
    let items = review
        .findings
        .iter()
        .map(|finding| {
            let mut inlines = vec![
                bold(&format!("{}: {}.", finding.label, finding.title)),
                plain(&format!(" {}", finding.message)),
            ];
            if let Some(sentence) = &finding.sentence {
                inlines.push(Inline::Break);
                inlines.push(Inline::Text {
                    text: format!("“{sentence}”"),
                    style: Style {
                        italic: true,
                        ..Style::default()
                    },
                });
            }
            vec![Block::Paragraph(inlines)]
        })
        .collect();
    vec![
        Block::Heading {
            level: 2,
            id: ids.claim("feedback-on-your-answer"),
            content: vec![plain(TITLE)],
        },
        Block::Paragraph(vec![plain(&intro)]),
        Block::List(List { start: None, items }),
    ]
}

fn plain(text: &str) -> Inline {
    Inline::Text {
        text: text.to_string(),
        style: Style::default(),
    }
}

fn bold(text: &str) -> Inline {
    Inline::Text {
        text: text.to_string(),
        style: Style {
            bold: true,
            ..Style::default()
        },
    }
}
