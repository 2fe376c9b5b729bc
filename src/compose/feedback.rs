//! The "Feedback on your answer" section: a review of the drafted answer
//! as ordinary IR blocks (a heading, a paragraph, a list), so that every
//! renderer draws it as it draws any chapter.

use crate::compose::doc::{Block, Inline, List, Style};
use crate::compose::ids::UniqueIds;
use crate::review::rules::FeedbackText;
use crate::review::Review;

/// The heading's anchor, the same in every language: the HTML workbook's
/// live feedback takes the place of what follows it.
pub const ANCHOR: &str = "feedback-on-your-answer";

/// The section for one review, in the words of the rules' `[feedback]`.
pub fn section(review: &Review, text: &FeedbackText, ids: &mut UniqueIds) -> Vec<Block> {
    let intro = text
        .intro
        .replace("{words}", &review.words.to_string())
        .replace("{seconds}", &review.seconds.to_string());
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
                    text: text.quote.replace("{sentence}", sentence),
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
            id: ids.claim(ANCHOR),
            content: vec![plain(&text.title)],
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
