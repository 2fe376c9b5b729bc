//! Checks a chapter's Handlebars blocks (`{{#if}}` … `{{/if}}`) before
//! compiling: an unclosed or mismatched block gets a plain message at the
//! line that opens it (the parser's own is a grammar dump at the end of the
//! file), and nesting is capped so that compiling never recurses too deep.

/// How deeply blocks may nest; real chapters use two or three.
pub const MAX_BLOCK_NESTING: usize = 32;

/// A problem with the blocks: byte offset in the body, message and hint.
pub type BlockProblem = (usize, String, String);

/// Checks that every block opened in `body` is closed, in order, and that
/// none nests deeper than [`MAX_BLOCK_NESTING`].
pub fn check(body: &str) -> Result<(), BlockProblem> {
    let mut open: Vec<(usize, &str)> = Vec::new();
    let mut rest = 0;
    while let Some(found) = body[rest..].find("{{") {
        let start = rest + found;
        if body[..start].ends_with('\\') {
            rest = start + 2; // `\{{` is literal braces
            continue;
        }
        if let Some(raw) = body[start..].strip_prefix("{{{{") {
            // A raw block: nothing up to `{{{{/name}}}}` is a template.
            let name = name_of(raw);
            let close = format!("{{{{{{{{/{name}}}}}}}}}");
            match raw.find(&close) {
                Some(at) => rest = start + 4 + at + close.len(),
                None => {
                    return Err((
                        start,
                        format!("the raw block `{{{{{{{{{name}}}}}}}}}` is never closed"),
                        format!("end it with `{close}`"),
                    ))
                }
            }
            continue;
        }
        let inner = body[start + 2..].trim_start_matches(['~', ' ', '\t', '\n', '\r']);
        let inner_start = body.len() - inner.len();
        if let Some(comment) = inner.strip_prefix('!') {
            let end = if comment.starts_with("--") {
                "--}}"
            } else {
                "}}"
            };
            match comment.find(end) {
                Some(at) => rest = inner_start + 1 + at + end.len(),
                None => return Err(unclosed_comment(start)),
            }
            continue;
        }
        rest = inner_start;
        let (sigil, tail) = inner.split_at(inner.chars().next().map_or(0, char::len_utf8));
        match sigil {
            "#" | "^" => {
                let name = name_of(tail.trim_start_matches(['>', '*', ' ']));
                if sigil == "^" && name.is_empty() {
                    continue; // `{{^}}` is `{{else}}`
                }
                open.push((start, name));
                if open.len() > MAX_BLOCK_NESTING {
                    return Err((
                        start,
                        format!(
                            "template blocks nest more than {MAX_BLOCK_NESTING} levels deep here"
                        ),
                        "close some `{{#…}}` blocks before opening more".to_string(),
                    ));
                }
            }
            "/" => {
                let name = name_of(tail);
                match open.pop() {
                    Some((_, opened)) if opened == name => {}
                    Some((at, opened)) => {
                        return Err((
                            start,
                            format!(
                                "`{{{{/{name}}}}}` closes `{{{{#{opened}` (opened at byte {at})"
                            ),
                            format!("close `{{{{#{opened}` with `{{{{/{opened}}}}}` first"),
                        ));
                    }
                    None => {
                        return Err((
                            start,
                            format!("`{{{{/{name}}}}}` closes a block that was never opened"),
                            format!("remove it, or open the block with `{{{{#{name} …}}}}`"),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    match open.pop() {
        Some((at, name)) => Err((
            at,
            format!("`{{{{#{name}` is never closed"),
            format!("add `{{{{/{name}}}}}` where the block should end"),
        )),
        None => Ok(()),
    }
}

/// Cuts a body that passed [`check`] into pieces that each compile and
/// render on their own with the same result: after each line end outside
/// every block and comment, where no `~` asks to trim the whitespace
/// around it.
/// Compiling pieces keeps the template parser's work linear: it finds each
/// token's line by counting from the start of its template.
pub fn pieces(body: &str) -> Vec<std::ops::Range<usize>> {
    let mut cuts = Vec::new();
    let mut depth = 0usize;
    // The text between two tags: from the end of one to the start of the
    // next, and whether the tag before it trims whitespace after itself.
    let mut gap_start = 0;
    let mut trims_after = false;
    let mut rest = 0;
    loop {
        let next = body[rest..].find("{{").map(|found| rest + found);
        let gap_end = next.unwrap_or(body.len());
        if depth == 0 {
            let gap = &body[gap_start..gap_end];
            // Whitespace that a `~` beside the gap trims stays whole.
            let trimmed_lead = if trims_after {
                gap.len() - gap.trim_start().len()
            } else {
                0
            };
            let kept_end = if body[gap_end..].starts_with("{{~") {
                gap.trim_end().len()
            } else {
                gap.len()
            };
            for (at, _) in gap.match_indices('\n') {
                let cut = gap_start + at + 1;
                if at >= trimmed_lead && at < kept_end && cut < body.len() {
                    cuts.push(cut);
                }
            }
        }
        let Some(start) = next else { break };
        let inner = body[start + 2..].trim_start_matches(['~', ' ', '\t', '\n', '\r']);
        let (closing, opens, closes) = match inner.chars().next() {
            Some('!') if inner[1..].starts_with("--") => ("--}}", false, false),
            Some('!') => ("}}", false, false),
            Some('#') => ("}}", true, false),
            Some('^') => ("}}", !inner[1..].trim_start().starts_with('}'), false),
            Some('/') => ("}}", false, true),
            _ => ("}}", false, false),
        };
        let Some(end) = body[start..]
            .find(closing)
            .map(|at| start + at + closing.len())
        else {
            break;
        };
        if opens {
            depth += 1;
        }
        if closes {
            depth = depth.saturating_sub(1);
        }
        trims_after = body[..end].ends_with("~}}");
        gap_start = end;
        rest = end;
    }
    let mut pieces = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts {
        pieces.push(start..cut);
        start = cut;
    }
    pieces.push(start..body.len());
    pieces
}

fn unclosed_comment(at: usize) -> BlockProblem {
    (
        at,
        "this `{{!` comment is never closed".to_string(),
        "end it with `}}` (or `--}}` after `{{!--`)".to_string(),
    )
}

/// The helper name at the start of `text`.
fn name_of(text: &str) -> &str {
    let end = text
        .find(|c: char| c.is_whitespace() || c == '}' || c == '~')
        .unwrap_or(text.len());
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unclosed_block_is_found_where_it_opens() {
        let body = "a\n{{#if x}}\n{{#each y}}{{/each}}\n";
        let (at, message, _) = check(body).expect_err("unclosed");
        assert_eq!(at, 2);
        assert_eq!(message, "`{{#if` is never closed");
    }

    #[test]
    fn mismatched_and_stray_closers_are_named() {
        assert!(check("{{#if a}}{{/each}}").is_err());
        assert!(check("{{/if}}").is_err());
        assert!(check("{{#if a}}{{else}}{{^}}{{/if}} {{! {{#if }} {{!-- {{#x --}}").is_ok());
    }

    fn cut(body: &str) -> Vec<&str> {
        pieces(body).into_iter().map(|range| &body[range]).collect()
    }

    #[test]
    fn pieces_end_at_line_ends_outside_blocks_and_comments() {
        let body = "a\nb {{x}}\n{{#if y}}\nc\n{{/if}}\n{{!-- e\nf --}}g\nh";
        assert_eq!(
            cut(body),
            [
                "a\n",
                "b {{x}}\n",
                "{{#if y}}\nc\n{{/if}}\n",
                "{{!-- e\nf --}}g\n",
                "h"
            ]
        );
        assert_eq!(cut("").concat(), "");
    }

    #[test]
    fn whitespace_control_keeps_its_line_ends_in_one_piece() {
        assert_eq!(cut("a\n\n{{~x}}\nb"), ["a\n\n{{~x}}\n", "b"]);
        assert_eq!(cut("{{x~}}\n\nb\nc"), ["{{x~}}\n\nb\n", "c"]);
        assert_eq!(
            cut("{{#each a}}\n{{^}}\n{{/each}}\nz"),
            ["{{#each a}}\n{{^}}\n{{/each}}\n", "z"]
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let body = "{{#if a}}".repeat(MAX_BLOCK_NESTING + 1);
        let (_, message, _) = check(&body).expect_err("deep");
        assert!(message.contains("nest"), "{message}");
    }
}
