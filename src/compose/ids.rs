//! Ids and names that must be unique: heading anchors, HTML element ids and
//! imported profiles' file names all come from here.

use std::collections::HashSet;

/// Ids already given out, so that each new one is unique.
#[derive(Debug, Default)]
pub struct UniqueIds {
    used: HashSet<String>,
}

impl UniqueIds {
    /// `base` if it is free, else `base-2`, `base-3`... ; taken from now on.
    pub fn claim(&mut self, base: &str) -> String {
        let mut id = base.to_string();
        let mut n = 2;
        while !self.used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    /// Takes `id` exactly, so that [`claim`](Self::claim) never gives it out;
    /// `false` when it was taken already.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }
}

/// A URL- and TOML-friendly id: lowercase words joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_get_numbered_suffixes_and_reserved_ids_are_skipped() {
        let mut ids = UniqueIds::default();
        assert!(ids.reserve("a-2"));
        assert!(!ids.reserve("a-2"));
        assert_eq!(ids.claim("a"), "a");
        assert_eq!(ids.claim("a"), "a-3");
        assert_eq!(ids.claim("b"), "b");
    }
}
