//! IR blocks and inlines to HTML fragments; every text is escaped here.

use std::fmt::Write;

use crate::compose::doc::{Alignment, Block, DocChapter, Inline, Table};
use crate::compose::ids::UniqueIds;
use crate::diagnostics::Error;
use crate::load::image::Image;

use super::HtmlRenderer;

/// What writing a document's chapters shares: the renderer and the element
/// ids already given out, so that every `id` in the page is unique.
pub struct Ctx<'a> {
    pub renderer: &'a HtmlRenderer,
    pub dom_ids: UniqueIds,
}

impl Ctx<'_> {
    /// A unique element id for a prompt id: `ws-`, the id with dots as dashes,
    /// and `-2`, `-3`... when it was given out before.
    pub fn dom_id(&mut self, prompt_id: &str) -> String {
        self.dom_ids
            .claim(&format!("ws-{}", prompt_id.replace('.', "-")))
    }
}

/// The HTML of one chapter, starting with its `h1`.
pub fn chapter_html(ctx: &mut Ctx<'_>, chapter: &DocChapter) -> Result<String, Error> {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<h1 id=\"{}-title\">{}</h1>",
        escape(&chapter.id),
        escape(&chapter.title)
    );
    if let Some(subtitle) = &chapter.subtitle {
        let _ = writeln!(
            out,
            "<p class=\"chapter-subtitle\">{}</p>",
            escape(subtitle)
        );
    }
    write_blocks(ctx, &chapter.blocks, &mut out)?;
    Ok(out)
}

/// An `<img>` holding the image's file as a data URL, so the page stays
/// one self-contained file; its size in pixels lets the page lay out
/// before it is decoded.
pub(crate) fn write_image(image: &Image, alt: &str, out: &mut String) {
    let _ = write!(
        out,
        "<img src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\">",
        image.data_url(),
        escape(alt),
        image.width,
        image.height
    );
}

fn write_blocks(ctx: &mut Ctx<'_>, blocks: &[Block], out: &mut String) -> Result<(), Error> {
    for block in blocks {
        write_block(ctx, block, out)?;
    }
    Ok(())
}

fn write_block(ctx: &mut Ctx<'_>, block: &Block, out: &mut String) -> Result<(), Error> {
    match block {
        Block::Heading { level, id, content } => {
            let _ = write!(out, "<h{level} id=\"{}\">", escape(id));
            write_inlines(content, out);
            let _ = writeln!(out, "</h{level}>");
        }
        Block::Paragraph(inlines) => {
            out.push_str("<p>");
            write_inlines(inlines, out);
            out.push_str("</p>\n");
        }
        Block::List(list) => {
            match list.start {
                Some(1) => out.push_str("<ol>\n"),
                Some(start) => {
                    let _ = writeln!(out, "<ol start=\"{start}\">");
                }
                None => out.push_str("<ul>\n"),
            }
            for item in &list.items {
                out.push_str("<li>");
                match item.as_slice() {
                    [Block::Paragraph(inlines)] => write_inlines(inlines, out),
                    blocks => write_blocks(ctx, blocks, out)?,
                }
                out.push_str("</li>\n");
            }
            out.push_str(if list.start.is_some() {
                "</ol>\n"
            } else {
                "</ul>\n"
            });
        }
        Block::Quote(blocks) => {
            out.push_str("<blockquote>\n");
            write_blocks(ctx, blocks, out)?;
            out.push_str("</blockquote>\n");
        }
        Block::Callout {
            kind,
            title,
            blocks,
        } => {
            let label = kind.label(&ctx.renderer.strings.blocks);
            let _ = writeln!(
                out,
                "<div class=\"callout callout-{}\" role=\"note\"><p class=\"callout-title\">{}</p>",
                kind.key(),
                escape(title.as_deref().unwrap_or(label))
            );
            write_blocks(ctx, blocks, out)?;
            out.push_str("</div>\n");
        }
        Block::Answer { title, blocks } => {
            let _ = writeln!(
                out,
                "<div class=\"answer\" role=\"note\"><p class=\"answer-title\"><span class=\"answer-kicker\">{}</span> {}</p>",
                escape(&ctx.renderer.strings.blocks.example_answer),
                escape(title)
            );
            write_blocks(ctx, blocks, out)?;
            out.push_str("</div>\n");
        }
        Block::Table(table) => write_table(table, out),
        Block::Code(code) => {
            let _ = writeln!(out, "<pre><code>{}</code></pre>", escape(code));
        }
        Block::Rule => out.push_str("<hr>\n"),
        Block::Figure(figure) => {
            out.push_str("<figure>");
            write_image(&figure.image, &figure.alt, out);
            if let Some(caption) = &figure.caption {
                let _ = write!(out, "<figcaption>{}</figcaption>", escape(caption));
            }
            out.push_str("</figure>\n");
        }
        Block::Worksheet(worksheet) => {
            let html = ctx.renderer.worksheet_html(worksheet, ctx)?;
            out.push_str(&html)
        }
    }
    Ok(())
}

fn write_table(table: &Table, out: &mut String) {
    out.push_str("<div class=\"table-wrap\"><table>\n<thead><tr>");
    for (index, cell) in table.header.iter().enumerate() {
        // An empty corner cell is not a header of anything.
        let tag = if cell.is_empty() { "td" } else { "th" };
        let _ = write!(out, "<{tag}{}>", align_attr(table, index));
        write_inlines(cell, out);
        let _ = write!(out, "</{tag}>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for (index, cell) in row.iter().enumerate() {
            let _ = write!(out, "<td{}>", align_attr(table, index));
            write_inlines(cell, out);
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
}

fn align_attr(table: &Table, column: usize) -> &'static str {
    match table.alignments.get(column) {
        Some(Alignment::Center) => " class=\"align-center\"",
        Some(Alignment::Right) => " class=\"align-right\"",
        _ => "",
    }
}

fn write_inlines(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text, style } => {
                let tags: Vec<&str> = [
                    (style.bold, "strong"),
                    (style.italic, "em"),
                    (style.strikethrough, "del"),
                ]
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, tag)| *tag)
                .collect();
                for tag in &tags {
                    let _ = write!(out, "<{tag}>");
                }
                out.push_str(&escape(text));
                for tag in tags.iter().rev() {
                    let _ = write!(out, "</{tag}>");
                }
            }
            Inline::Code(code) => {
                let _ = write!(out, "<code>{}</code>", escape(code));
            }
            Inline::Link { url, content } => {
                let _ = write!(out, "<a href=\"{}\">", escape(&safe_url(url)));
                write_inlines(content, out);
                out.push_str("</a>");
            }
            Inline::Break => out.push_str("<br>"),
        }
    }
}

/// Only web, mail and in-page links are kept; anything else (a
/// `javascript:` URL, say) becomes an inert fragment.
fn safe_url(url: &str) -> String {
    let lower = url.trim().to_ascii_lowercase();
    let allowed = ["http://", "https://", "mailto:", "#"];
    if allowed.iter().any(|prefix| lower.starts_with(prefix)) {
        url.trim().to_string()
    } else {
        "#".to_string()
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    escape_with(text, |byte| match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    })
}

/// `text` with each ASCII byte that `entity` names replaced by the entity,
/// the runs between them copied whole rather than a character at a time.
pub fn escape_with(text: &str, entity: impl Fn(u8) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut copied = 0;
    // Only ASCII is escaped, so each byte escaped is a character boundary.
    for (at, byte) in text.bytes().enumerate() {
        if let Some(entity) = entity(byte).filter(|_| byte.is_ascii()) {
            out.push_str(&text[copied..at]);
            out.push_str(entity);
            copied = at + 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_neutralises_scripts_in_links() {
        assert_eq!(
            escape("<img src=x onerror=\"a\">"),
            "&lt;img src=x onerror=&quot;a&quot;&gt;"
        );
        assert_eq!(
            escape("«Café» & 'ñ' — <b>"),
            "«Café» &amp; &#39;ñ&#39; — &lt;b&gt;"
        );
        assert_eq!(escape("&"), "&amp;");
        assert_eq!(escape("<<a>>"), "&lt;&lt;a&gt;&gt;");
        assert_eq!(escape(""), "");
        assert_eq!(safe_url("javascript:alert(1)"), "#");
        assert_eq!(safe_url("https://example.org"), "https://example.org");
    }
}
