//! What the server adds to the workbook it serves, never to a built file:
//! a bar naming the profile with a link to its PDF, the last build's
//! errors, and the script that reloads the page after each build. The
//! page's Content-Security-Policy is widened just enough to let them in.

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::html::escape;

/// What the added parts say.
pub struct View<'a> {
    /// The page's version; the script reloads when the server's differs.
    pub version: &'a str,
    /// The profile, as messages name it.
    pub name: &'a str,
    /// Where the PDF is served.
    pub pdf_href: &'a str,
    /// How long the last good build took, in milliseconds (`None`: none yet).
    pub took_ms: Option<u128>,
    /// The last build's problems, as the terminal shows them without colour.
    pub errors: Option<&'a str>,
}

/// Reloads the page when the event stream names another version than the
/// page's own (so a build that finished while the page loaded counts too).
const SCRIPT: &str = "(function(){var served=document.getElementById('prepbook-serve').getAttribute('data-version');var events=new EventSource('/events');events.onmessage=function(e){if(e.data!==served){events.close();location.reload();}};})();";

const STYLE: &str = "#prepbook-serve,#prepbook-serve-error{font:15px/1.45 system-ui,sans-serif;margin:0;padding:.5em 1em}#prepbook-serve{background:#1f2933;color:#f5f7fa}#prepbook-serve a{color:#a8d8ff}#prepbook-serve b{color:inherit;font-weight:600}#prepbook-serve-error{background:#fff1f0;color:#5c0011;border-bottom:3px solid #c5221f}#prepbook-serve-error pre{margin:.5em 0 0;white-space:pre-wrap;overflow-x:auto;font:13px/1.4 ui-monospace,monospace}@media print{#prepbook-serve,#prepbook-serve-error{display:none}}";

/// The page to serve: the workbook `html` (or, before the first good
/// build, an empty page) with the bar, the errors and the script added.
pub fn page(html: Option<&[u8]>, view: &View) -> String {
    let added = added(view, html.is_some());
    let html = match html {
        Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        None => EMPTY.to_string(),
    };
    let html = widen_policies(&html);
    match body_start(&html) {
        Some(at) => format!("{}{added}{}", &html[..at], &html[at..]),
        None => format!("{html}{added}"),
    }
}

/// The page shown before the first good build.
const EMPTY: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>prepbook serve</title>\n</head>\n<body>\n</body>\n</html>\n";

/// The bar, the errors and the script, as HTML.
fn added(view: &View, workbook: bool) -> String {
    let name = escape(view.name);
    let status = match view.took_ms {
        Some(ms) => format!(
            " · <a href=\"{}\">PDF</a> · built in {ms} ms",
            escape(view.pdf_href)
        ),
        None if view.errors.is_some() => String::new(),
        None => " · building…".to_string(),
    };
    let mut out = format!(
        "<style>{STYLE}</style>\n<p id=\"prepbook-serve\" data-version=\"{}\">Live preview of <b>{name}</b>{status}</p>\n",
        escape(view.version)
    );
    if let Some(errors) = view.errors {
        let shown = if workbook {
            "The last build failed. The workbook below is the last good one; it updates when the problem is fixed."
        } else {
            "The build failed; the workbook appears when the problem is fixed."
        };
        out.push_str(&format!(
            "<section id=\"prepbook-serve-error\" role=\"alert\"><p><strong>{shown}</strong></p><pre>{}</pre></section>\n",
            escape(errors)
        ));
    }
    out.push_str(&format!("<script>{SCRIPT}</script>\n"));
    out
}

/// The byte offset just after the `<body …>` tag.
fn body_start(html: &str) -> Option<usize> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("<body") {
        let at = from + found + "<body".len();
        if lower[at..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace()) {
            return lower[at..].find('>').map(|end| at + end + 1);
        }
        from = at;
    }
    None
}

/// `html` with each `<meta http-equiv="Content-Security-Policy">` allowing
/// the added script and style and the event stream.
fn widen_policies(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() + 200);
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = lower[from..].find("<meta") {
        let start = from + found;
        let Some(end) = lower[start..].find('>').map(|end| start + end) else {
            break;
        };
        from = end;
        let tag = &lower[start..end];
        if !tag.contains("content-security-policy") {
            continue;
        }
        let Some((value_start, value_end, quote)) = attribute(tag, "content") else {
            continue;
        };
        let (value_start, value_end) = (start + value_start, start + value_end);
        let policy = unescape(&html[value_start..value_end]);
        let policy = allow(&policy, "script-src", &hash(SCRIPT));
        let policy = allow(&policy, "style-src", &hash(STYLE));
        let policy = allow(&policy, "connect-src", "'self'");
        out.push_str(&html[copied..value_start]);
        out.push_str(&quote_attribute(&policy, quote));
        copied = value_end;
    }
    out.push_str(&html[copied..]);
    out
}

/// Where the value of attribute `name` lies in a lowercased tag (start,
/// end, quote character).
fn attribute(tag: &str, name: &str) -> Option<(usize, usize, char)> {
    let mut from = 0;
    while let Some(found) = tag[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before = tag[..at].chars().next_back();
        if !before.is_some_and(|c| c.is_ascii_whitespace()) {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let start = tag.len() - rest.len() + 1;
        let end = start + tag[start..].find(quote)?;
        return Some((start, end, quote));
    }
    None
}

/// The CSP source that allows exactly `text` as an inline script or style.
fn hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// `policy` with `source` allowed for `directive`. A missing directive
/// falls back to `default-src` (when that is missing too, everything is
/// allowed already). A hash is not added where `'unsafe-inline'` already
/// allows inline code, as a hash would turn that off.
fn allow(policy: &str, directive: &str, source: &str) -> String {
    let mut directives: Vec<Vec<String>> = policy
        .split(';')
        .map(|d| d.split_ascii_whitespace().map(str::to_string).collect())
        .filter(|d: &Vec<String>| !d.is_empty())
        .collect();
    let named = |d: &Vec<String>, name: &str| d[0].eq_ignore_ascii_case(name);
    let index = match directives.iter().position(|d| named(d, directive)) {
        Some(index) => index,
        None => {
            let Some(default) = directives.iter().find(|d| named(d, "default-src")) else {
                return policy.to_string();
            };
            let mut copy = default.clone();
            copy[0] = directive.to_string();
            directives.push(copy);
            directives.len() - 1
        }
    };
    let sources = &mut directives[index];
    let has = |word: &str| sources[1..].iter().any(|s| s.eq_ignore_ascii_case(word));
    let hashed = sources[1..].iter().any(|s| {
        let s = s.to_ascii_lowercase();
        s.starts_with("'sha") || s.starts_with("'nonce-")
    });
    let needless = has(source) || (source.starts_with("'sha") && has("'unsafe-inline'") && !hashed);
    if has("'none'") {
        sources.truncate(1);
        sources.push(source.to_string());
    } else if !needless {
        sources.push(source.to_string());
    }
    directives
        .iter()
        .map(|d| d.join(" "))
        .collect::<Vec<_>>()
        .join("; ")
}

/// An attribute's text with its character references decoded.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|n| n.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `value` written inside an attribute quoted with `quote`.
fn quote_attribute(value: &str, quote: char) -> String {
    let value = value.replace('&', "&amp;");
    match quote {
        '"' => value.replace('"', "&quot;"),
        _ => value.replace('\'', "&#39;"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const THEME_POLICY: &str =
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-AAAA'; img-src data:";

    #[test]
    fn the_policy_lets_in_the_script_and_the_event_stream_only() {
        let widened = allow(THEME_POLICY, "script-src", "'sha256-BBBB'");
        let widened = allow(&widened, "style-src", "'sha256-CCCC'");
        let widened = allow(&widened, "connect-src", "'self'");
        assert_eq!(
            widened,
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-AAAA' 'sha256-BBBB'; img-src data:; connect-src 'self'"
        );
    }

    #[test]
    fn a_missing_directive_falls_back_to_default_src() {
        assert_eq!(
            allow("default-src 'self' data:", "script-src", "'sha256-B'"),
            "default-src 'self' data:; script-src 'self' data: 'sha256-B'"
        );
        assert_eq!(
            allow("img-src data:", "connect-src", "'self'"),
            "img-src data:"
        );
        assert_eq!(
            allow(
                "script-src 'unsafe-inline' 'sha256-A'",
                "script-src",
                "'sha256-B'"
            ),
            "script-src 'unsafe-inline' 'sha256-A' 'sha256-B'"
        );
    }

    #[test]
    fn the_served_page_has_the_bar_after_body_and_a_widened_policy() {
        let html = "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src &#x27;sha256-A&#x3D;&#x27;\"></head><body data-x=\"1\"><h1>Hi</h1></body></html>";
        let view = View {
            version: "v-2",
            name: "profiles/<ana>.toml",
            pdf_href: "/ana.pdf",
            took_ms: Some(40),
            errors: Some("× content/01.md:6:7: unknown name `persn.name`\n 6 │ {{persn.name}} <b>"),
        };
        let served = page(Some(html.as_bytes()), &view);
        let document = scraper::Html::parse_document(&served);
        let select = |css: &str| scraper::Selector::parse(css).expect("selector");
        let bar = document
            .select(&select("body > p#prepbook-serve"))
            .next()
            .expect("the bar opens the body");
        assert_eq!(bar.value().attr("data-version"), Some("v-2"));
        assert!(bar
            .text()
            .collect::<String>()
            .contains("profiles/<ana>.toml"));
        let pdf = document
            .select(&select("#prepbook-serve a"))
            .next()
            .expect("link");
        assert_eq!(pdf.value().attr("href"), Some("/ana.pdf"));
        let error: String = document
            .select(&select("#prepbook-serve-error pre"))
            .next()
            .expect("errors")
            .text()
            .collect();
        assert!(error.ends_with("{{persn.name}} <b>"), "{error}");
        assert!(document.select(&select("pre b")).next().is_none());
        let policy = document
            .select(&select("meta[http-equiv]"))
            .next()
            .and_then(|meta| meta.value().attr("content"))
            .expect("policy");
        assert_eq!(
            policy,
            format!(
                "default-src 'none'; script-src 'sha256-A=' {}; style-src {}; connect-src 'self'",
                hash(SCRIPT),
                hash(STYLE)
            )
        );
        assert_eq!(document.select(&select("h1")).count(), 1);
    }

    #[test]
    fn before_a_good_build_the_page_is_the_bar_and_the_errors() {
        let view = View {
            version: "v-1",
            name: "ana.toml",
            pdf_href: "/ana.pdf",
            took_ms: None,
            errors: None,
        };
        let served = page(None, &view);
        assert!(served.contains("building…"), "{served}");
        assert!(!served.contains("/ana.pdf"), "no PDF to link yet");
        assert!(served.starts_with("<!DOCTYPE html>"));
    }
}
