//! Worksheets: prompts with ruled writing lines that carry fillable form
//! fields, and the sorting exercise's boxes to tick.

use super::Chunk;
use crate::compose::doc::Prompt;
use crate::compose::doc::SortExercise;
use crate::compose::doc::Worksheet;
use crate::load::locale::strings::fill;
use crate::load::theme::FontRole;
use crate::load::theme::Rgb;
use crate::pdf::fonts::FaceId;
use crate::pdf::layout::page::FieldLine;
use crate::pdf::layout::page::Item;
use crate::pdf::layout::tags::{Role, Tag};
use crate::pdf::layout::text;
use crate::pdf::layout::text::Align;
use crate::pdf::layout::text::StyledText;
use crate::pdf::layout::text::TextStyle;
use std::sync::Arc;

use super::Builder;

impl Builder<'_> {
    /// A worksheet, running the way its text does.
    pub(super) fn worksheet(&mut self, worksheet: &Worksheet, x: f32, width: f32) {
        let direction = super::worksheet_direction(worksheet).unwrap_or(self.direction);
        self.directed(direction, |builder| {
            builder.worksheet_in(worksheet, x, width)
        });
    }

    fn worksheet_in(&mut self, worksheet: &Worksheet, x: f32, width: f32) {
        let style = self.style;
        let opening = self.flow.chunks.len();
        let section = self.node(Role::Sect);
        let outer = std::mem::replace(&mut self.parent, section);
        let level = self.heading_level;
        // A heavy rule and the title open the worksheet.
        self.push(Chunk {
            height: 6.0,
            space_before: style.body * 1.6,
            items: vec![Item::Line {
                x1: x,
                y1: 0.0,
                x2: x + width,
                y2: 0.0,
                width: 1.6,
                colour: style.accent,
            }],
            keep_with_next: true,
            keep_firmly: true,
            ..Chunk::default()
        });
        self.label_line(
            &worksheet.title,
            Role::Heading(level + 1),
            (style.h3, style.accent),
            x,
            width,
        );
        if !worksheet.intro.is_empty() {
            let spans = [StyledText {
                text: worksheet.intro.clone(),
                style: TextStyle {
                    face: FaceId::Theme(FontRole::Italic),
                    tag: Tag::Node(self.node(Role::P)),
                    ..self.body_style()
                },
            }];
            let lines = self.set(&spans, width, Align::Start, style.leading);
            self.glue_next_lines = true;
            self.push_lines(lines, x, 2.0);
        }
        // The worksheet's title and introduction stay with its first prompt.
        for chunk in &mut self.flow.chunks[opening..] {
            chunk.keep_with_next = true;
        }
        for prompt in &worksheet.prompts {
            self.prompt(prompt, x, width);
        }
        if let Some(sort) = &worksheet.sort {
            self.sort(sort, x, width);
        }
        self.parent = outer;
        self.heading_level = level;
    }

    /// A prompt: its question, any hint, and ruled writing lines that carry
    /// a fillable form field named after the prompt.
    pub(super) fn prompt(&mut self, prompt: &Prompt, x: f32, width: f32) {
        let (question, hint, answer) = (&prompt.question, &prompt.hint, &prompt.answer);
        let style = self.style;
        let question_spans = [StyledText {
            text: question.to_string(),
            style: TextStyle {
                face: FaceId::Theme(FontRole::Bold),
                tag: Tag::Node(self.node(Role::P)),
                ..self.body_style()
            },
        }];
        let mut chunks_start = self.flow.chunks.len();
        let question_lines = self.set(&question_spans, width, Align::Start, style.leading);
        self.push_lines(question_lines, x, style.body * 1.1);
        if !hint.is_empty() {
            let hint_spans = [StyledText {
                text: hint.to_string(),
                style: self.aside_style(),
            }];
            let hint_lines = self.set(&hint_spans, width, Align::Start, 1.3);
            self.push_lines(hint_lines, x, 1.0);
        }
        // Pre-filled text sits on the writing lines, in a hand-like sans.
        let answer_spans = [StyledText {
            text: answer.to_string(),
            style: TextStyle {
                face: FaceId::Theme(FontRole::Label),
                size: style.body,
                colour: style.accent,
                ..self.body_style()
            },
        }];
        let answer_lines = if answer.trim().is_empty() {
            Vec::new()
        } else {
            self.set(&answer_spans, width - 4.0, Align::Start, 1.0)
        };
        // `lines` is the room for an empty answer; a pre-filled one gets
        // its own lines and the theme's free lines under it.
        let slots = if answer_lines.is_empty() {
            prompt.lines as usize
        } else {
            answer_lines.len() + style.free_lines
        };
        let mut answer_lines = answer_lines.into_iter();
        // Every line of the field refers to one copy of its name, value
        // and question.
        let (name, value, label): (Arc<str>, Arc<str>, Arc<str>) = (
            prompt.id.as_str().into(),
            answer.as_str().into(),
            question.as_str().into(),
        );
        let form = self.node(Role::Form);
        for slot in 0..slots {
            let height = style.writing_line;
            // The pre-filled text is the field's appearance, not page content,
            // so that typing into the field replaces it.
            let mut text = Vec::new();
            if let Some(line) = answer_lines.next() {
                for mut item in line.items {
                    item.translate(x + 2.0, height - 4.0 - line.baseline);
                    if let Item::Text(run) = item {
                        text.push(run);
                    }
                }
            }
            let mut items = vec![Item::Field(FieldLine {
                name: name.clone(),
                value: value.clone(),
                x,
                y: 0.0,
                width,
                height,
                text,
                label: label.clone(),
                form,
            })];
            items.push(Item::Line {
                x1: x,
                y1: height,
                x2: x + width,
                y2: height,
                width: 0.5,
                colour: style.rule,
            });
            self.push(Chunk {
                height,
                space_before: if slot == 0 { 2.0 } else { 0.0 },
                items,
                keep_with_next: true,
                ..Chunk::default()
            });
        }
        // The question and all its lines form one unit; the question
        // stays with its first line even when the unit must break.
        let first_slot = self.flow.chunks.len() - slots;
        while chunks_start < self.flow.chunks.len() - 1 {
            let chunk = &mut self.flow.chunks[chunks_start];
            chunk.keep_with_next = true;
            chunk.keep_firmly = chunks_start < first_slot;
            chunks_start += 1;
        }
        if let Some(last) = self.flow.chunks.last_mut() {
            last.keep_with_next = false;
        }
    }

    pub(super) fn sort(&mut self, sort: &SortExercise, x: f32, width: f32) {
        let style = self.style;
        let column = 64.0f32.max(
            sort.choices
                .iter()
                .map(|c| {
                    text::natural_width(
                        self.fonts,
                        &[StyledText {
                            text: c.clone(),
                            style: TextStyle {
                                face: FaceId::Theme(FontRole::Heading),
                                size: style.small,
                                ..self.body_style()
                            },
                        }],
                    ) + 12.0
                })
                .fold(0.0, f32::max),
        );
        let text_width = width - column * sort.choices.len() as f32 - 24.0;
        // Statements on the side the text starts, boxes on the other.
        let rtl = self.direction.is_rtl();
        let place = |left: f32, box_width: f32| {
            if rtl {
                2.0 * x + width - left - box_width
            } else {
                left
            }
        };
        // For readers, a table: a statement and a cell per choice, the
        // ticked one described as such.
        let table = self.node(Role::Table);
        let header_row = self.tree.add(table, Role::TR);
        self.tree.add(header_row, Role::TH);
        // Header: the choices over their columns.
        let mut items = Vec::new();
        for (index, choice) in sort.choices.iter().enumerate() {
            let spans = [StyledText {
                text: choice.clone(),
                style: TextStyle {
                    face: FaceId::Theme(FontRole::Heading),
                    size: style.small,
                    colour: style.accent,
                    tag: Tag::Node(self.tree.add(header_row, Role::TH)),
                    ..self.body_style()
                },
            }];
            if let Some(line) = self
                .set(&spans, column, Align::Center, 1.3)
                .into_iter()
                .next()
            {
                let cx = place(x + 24.0 + text_width + column * index as f32, column);
                for mut item in line.items {
                    item.translate(cx, 0.0);
                    items.push(item);
                }
            }
        }
        self.push(Chunk {
            height: style.small * 1.6,
            space_before: style.body,
            items,
            keep_with_next: true,
            keep_firmly: true,
            ..Chunk::default()
        });
        let count = sort.statements.len();
        for (index, statement) in sort.statements.iter().enumerate() {
            let row = self.tree.add(table, Role::TR);
            let cell = Tag::Node(self.tree.add(row, Role::TD));
            let spans = [
                StyledText {
                    text: format!("{}.  ", index + 1),
                    style: TextStyle {
                        face: FaceId::Theme(FontRole::Bold),
                        tag: cell,
                        ..self.body_style()
                    },
                },
                StyledText {
                    text: statement.text.clone(),
                    style: TextStyle {
                        tag: cell,
                        ..self.body_style()
                    },
                },
            ];
            let lines = self.set(&spans, text_width + 20.0, Align::Start, style.leading);
            let mut items = Vec::new();
            let mut y = 4.0;
            let first_baseline = lines.first().map_or(10.0, |l| l.baseline) + y;
            let text_x = place(x, text_width + 20.0);
            for line in lines {
                for mut item in line.items {
                    item.translate(text_x, y);
                    items.push(item);
                }
                y += line.height;
            }
            let box_size = 9.0;
            for (choice_index, choice) in sort.choices.iter().enumerate() {
                let cx = place(
                    x + 24.0 + text_width + column * (choice_index as f32 + 0.5) - box_size / 2.0,
                    box_size,
                );
                let top = first_baseline - box_size + 1.0;
                items.push(square(cx, top, box_size, style.text));
                // The box is drawn; its cell says to readers whether it is ticked.
                let choice_cell = self.tree.add(row, Role::TD);
                let ticked = statement.choice.as_deref() == Some(choice.as_str());
                if ticked {
                    items.extend(cross(cx, top, box_size, style.accent));
                }
                let reader = &self.style.labels.reader;
                let state = if ticked {
                    &reader.ticked
                } else {
                    &reader.not_ticked
                };
                let alt = fill(state, &[("choice", choice)]);
                self.tree.set_alt(choice_cell, &alt);
            }
            let height = y + 4.0;
            items.push(Item::Line {
                x1: x,
                y1: height,
                x2: x + width,
                y2: height,
                width: 0.4,
                colour: style.rule,
            });
            self.push(Chunk {
                height,
                items,
                keep_with_next: index + 2 == count || index == 0,
                ..Chunk::default()
            });
        }
    }
}

fn square(x: f32, y: f32, size: f32, colour: Rgb) -> Item {
    Item::Frame {
        x,
        y,
        size,
        width: 0.7,
        colour,
    }
}

fn cross(x: f32, y: f32, size: f32, colour: Rgb) -> Vec<Item> {
    let inset = size * 0.2;
    vec![
        Item::Line {
            x1: x + inset,
            y1: y + inset,
            x2: x + size - inset,
            y2: y + size - inset,
            width: 1.2,
            colour,
        },
        Item::Line {
            x1: x + size - inset,
            y1: y + inset,
            x2: x + inset,
            y2: y + size - inset,
            width: 1.2,
            colour,
        },
    ]
}
