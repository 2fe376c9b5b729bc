//! Markdown as other documentation tools write it, turned into the forms
//! the parser knows before it runs: admonitions (`:::tip Title` ... `:::`
//! from Docusaurus and VitePress, `!!! note "Title"` with an indented body
//! from MkDocs) become internal fenced `callout` blocks, and MDX lines
//! (`import ...`, `export ...`) are left out. Lines keep their numbers (one
//! line in, one line out), except that an MkDocs body not followed by a
//! blank line gets a closing line of its own.

use crate::compose::doc::CalloutKind;

/// Marks the info string of a fenced block made here, so that no fence an
/// author writes is taken for one.
pub const CALLOUT_FENCE: &str = "\u{E000}callout";

/// The Markdown ready for the parser, and the 0-based lines left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalised {
    pub text: String,
    /// Lines left out (MDX imports and exports), by 0-based line index.
    pub dropped: Vec<usize>,
}

/// Rewrites admonitions and drops MDX lines; code blocks are left alone.
pub fn normalise(markdown: &str) -> Normalised {
    let lines: Vec<&str> = markdown.split('\n').collect();
    let mut dropped = Vec::new();
    let (out, _) = rewrite(&lines, 0, &mut dropped);
    Normalised {
        text: out.join("\n"),
        dropped,
    }
}

/// The callout kind an admonition's name means (`danger` is a caution,
/// `info` a note, `success` a tip, ...).
pub fn callout_kind(name: &str) -> CalloutKind {
    match name.to_ascii_lowercase().as_str() {
        "tip" | "hint" | "success" | "check" | "done" => CalloutKind::Tip,
        "important" => CalloutKind::Important,
        "warning" | "attention" => CalloutKind::Warning,
        "caution" | "danger" | "error" | "failure" | "fail" | "bug" => CalloutKind::Caution,
        _ => CalloutKind::Note,
    }
}

/// Rewrites `lines` (the first at 0-based index `first` of the chapter);
/// returns the new lines and how deeply callouts nest in them.
fn rewrite(lines: &[&str], first: usize, dropped: &mut Vec<usize>) -> (Vec<String>, usize) {
    let mut out = Vec::with_capacity(lines.len());
    let mut height = 0;
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        if let Some(fence) = code_fence(line) {
            // Copy a code block whole: nothing in it is rewritten.
            out.push(line.to_string());
            index += 1;
            while index < lines.len() {
                out.push(lines[index].to_string());
                index += 1;
                if closes(lines[index - 1], &fence) {
                    break;
                }
            }
            continue;
        }
        if let Some((name, title)) = colon_opening(line) {
            if let Some(end) = colon_closing(lines, index + 1) {
                let (body, inner) = rewrite(&lines[index + 1..end], first + index + 1, dropped);
                let tildes = "~".repeat(4 + inner);
                out.push(format!("{tildes}{CALLOUT_FENCE} {name} {title}"));
                out.extend(body);
                out.push(tildes);
                height = height.max(inner + 1);
                index = end + 1;
                continue;
            }
        }
        if let Some((name, title)) = bang_opening(line) {
            let mut end = index + 1;
            while end < lines.len() && (lines[end].trim().is_empty() || indented(lines[end])) {
                end += 1;
            }
            // Trailing blank lines belong after the callout.
            let mut body_end = end;
            while body_end > index + 1 && lines[body_end - 1].trim().is_empty() {
                body_end -= 1;
            }
            let body: Vec<&str> = lines[index + 1..body_end]
                .iter()
                .map(|l| dedent(l))
                .collect();
            let (body, inner) = rewrite(&body, first + index + 1, dropped);
            let tildes = "~".repeat(4 + inner);
            out.push(format!("{tildes}{CALLOUT_FENCE} {name} {title}"));
            out.extend(body);
            out.push(tildes.clone());
            // The closing line takes the place of a blank line after the
            // body when there is one, so later lines keep their numbers.
            let blanks = end - body_end;
            out.extend((0..blanks.saturating_sub(1)).map(|_| String::new()));
            height = height.max(inner + 1);
            index = end;
            continue;
        }
        if is_mdx_line(line) {
            dropped.push(first + index);
            out.push(String::new());
        } else {
            out.push(line.to_string());
        }
        index += 1;
    }
    (out, height)
}

/// A code fence opening: its character and length.
fn code_fence(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let count = trimmed.chars().take_while(|x| *x == c).count();
    (count >= 3).then_some((c, count))
}

fn closes(line: &str, (c, count): &(char, usize)) -> bool {
    let trimmed = line.trim();
    trimmed.len() >= *count && trimmed.chars().all(|x| x == *c)
}

/// `:::tip Title` (or `:::tip[Title]`): the name and the title.
fn colon_opening(line: &str) -> Option<(String, String)> {
    let rest = line
        .strip_prefix(":::")?
        .trim_start_matches(':')
        .trim_start();
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if name.is_empty() {
        return None;
    }
    let title = rest[name.len()..].trim();
    let title = title
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(title);
    // A title in braces is Docusaurus's attribute syntax (`{#id}`): no title.
    let title = if title.starts_with('{') { "" } else { title };
    Some((name, title.to_string()))
}

/// The index of the bare `:::` that closes the admonition whose body starts
/// at `start`, skipping nested ones and code blocks.
fn colon_closing(lines: &[&str], start: usize) -> Option<usize> {
    let mut depth = 0;
    let mut fence: Option<(char, usize)> = None;
    for (index, line) in lines.iter().enumerate().skip(start) {
        if let Some(open) = &fence {
            if closes(line, open) {
                fence = None;
            }
            continue;
        }
        if let Some(open) = code_fence(line) {
            fence = Some(open);
        } else if colon_opening(line).is_some() {
            depth += 1;
        } else if line.trim().starts_with(":::") && line.trim().trim_start_matches(':').is_empty() {
            if depth == 0 {
                return Some(index);
            }
            depth -= 1;
        }
    }
    None
}

/// `!!! note "Title"` (and the collapsible `???` and `???+`): name and title.
fn bang_opening(line: &str) -> Option<(String, String)> {
    let rest = line
        .strip_prefix("!!!")
        .or_else(|| line.strip_prefix("???+"))
        .or_else(|| line.strip_prefix("???"))?;
    let rest = rest.trim();
    let (name, title) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let title = title.trim();
    let title = title
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(title);
    Some((name.to_string(), title.to_string()))
}

fn indented(line: &str) -> bool {
    line.starts_with("    ") || line.starts_with('\t')
}

fn dedent(line: &str) -> &str {
    line.strip_prefix("    ")
        .or_else(|| line.strip_prefix('\t'))
        .unwrap_or(line.trim_start())
}

/// An MDX `import` or `export` statement, which only means something to a
/// JavaScript build.
fn is_mdx_line(line: &str) -> bool {
    let statement = |keyword: &str| {
        line.strip_prefix(keyword)
            .is_some_and(|rest| rest.starts_with(' ') || rest.starts_with('{'))
    };
    (statement("import")
        && (line.contains(" from ")
            || line.ends_with(';')
            || line.contains("import '")
            || line.contains("import \"")))
        || (statement("export")
            && ["const", "default", "function", "let", "{"]
                .iter()
                .any(|word| line["export".len()..].trim_start().starts_with(word)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colon_admonitions_become_callout_fences_line_for_line() {
        let text = ":::tip Keep it short\nSay it in **one** breath.\n:::\nAfter.\n";
        let out = normalise(text);
        assert_eq!(
            out.text,
            format!(
                "~~~~{CALLOUT_FENCE} tip Keep it short\nSay it in **one** breath.\n~~~~\nAfter.\n"
            )
        );
        assert_eq!(out.text.lines().count(), text.lines().count());
    }

    #[test]
    fn nested_admonitions_get_longer_outer_fences() {
        let out = normalise(":::note\nOuter\n:::danger\nInner\n:::\n:::\n");
        let lines: Vec<&str> = out.text.lines().collect();
        assert!(lines[0].starts_with("~~~~~") && !lines[0].starts_with("~~~~~~"));
        assert!(lines[2].starts_with("~~~~") && !lines[2].starts_with("~~~~~"));
        assert_eq!(lines[5], "~~~~~");
    }

    #[test]
    fn mkdocs_admonitions_take_their_indented_body() {
        let text = "!!! warning \"Mind the clock\"\n    First line.\n\n    Second.\n\nAfter.\n";
        let out = normalise(text);
        assert_eq!(
            out.text,
            format!("~~~~{CALLOUT_FENCE} warning Mind the clock\nFirst line.\n\nSecond.\n~~~~\nAfter.\n")
        );
        assert_eq!(out.text.lines().count(), text.lines().count());
    }

    #[test]
    fn code_blocks_and_mdx_lines() {
        let text = "import Tabs from '@theme/Tabs';\n```\n:::tip\nimport x from 'y';\n```\nexport const x = 1;\nimport is a word.\n";
        let out = normalise(text);
        assert_eq!(out.dropped, [0, 5]);
        assert!(out.text.contains(":::tip\nimport x from 'y';"));
        assert!(out.text.contains("import is a word."));
    }

    #[test]
    fn kinds_map_onto_the_five_callouts() {
        assert_eq!(callout_kind("danger"), CalloutKind::Caution);
        assert_eq!(callout_kind("INFO"), CalloutKind::Note);
        assert_eq!(callout_kind("tip"), CalloutKind::Tip);
    }
}
