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

    #[test]
    fn deep_nesting_is_refused() {
        let body = "{{#if a}}".repeat(MAX_BLOCK_NESTING + 1);
        let (_, message, _) = check(&body).expect_err("deep");
        assert!(message.contains("nest"), "{message}");
    }
}
