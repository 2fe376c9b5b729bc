//! The default workbook built into the binary (by `build.rs`): its
//! `prepbook.toml`, `content/`, `themes/default/` and example profile. It
//! serves `prepbook build` outside any project, a project that leaves out
//! `content/` or the default theme, and `prepbook init`.

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// How built-in files are named in messages: `built-in:content/01.md`.
pub const PREFIX: &str = "built-in:";

/// The bytes of a built-in file, by its `/`-separated path.
pub fn file(path: &str) -> Option<&'static [u8]> {
    FILES
        .binary_search_by(|(name, _)| name.cmp(&path))
        .ok()
        .map(|index| FILES[index].1)
}

/// Every built-in file under `folder` (no trailing `/`), with its path
/// relative to the folder, in path order.
pub fn files_under(folder: &str) -> impl Iterator<Item = (&'static str, &'static [u8])> + '_ {
    FILES.iter().filter_map(move |(path, bytes)| {
        path.strip_prefix(folder)
            .and_then(|rest| rest.strip_prefix('/'))
            .map(|rest| (rest, *bytes))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_workbook_is_built_in() {
        assert!(file("prepbook.toml").is_some());
        assert!(file("themes/default/theme.toml").is_some());
        let chapters: Vec<&str> = files_under("content")
            .map(|(name, _)| name)
            .filter(|name| name.ends_with(".md") && !name.contains('/'))
            .collect();
        let on_disk = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/content"))
            .expect("content/")
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "md"))
            })
            .count();
        assert_eq!(chapters.len(), on_disk);
        assert_eq!(
            file("content/review.toml"),
            Some(
                &std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/content/review.toml"))
                    .expect("review.toml")[..]
            )
        );
    }
}
