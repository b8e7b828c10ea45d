//! The platform layer every domain module stands on.

pub mod auth;
pub mod chart;
// Read by build.rs, which makes the interface text into `i18n::Strings`; here for its tests.
#[cfg(test)]
mod catalogue;
pub mod config;
pub mod csv;
pub mod db;
pub mod documents;
pub mod error;
pub mod geo;
pub mod headers;
pub mod i18n;
pub mod ical;
pub mod input;
pub mod mail;
pub mod map;
pub mod money;
pub mod numbers;
pub mod oidc;
pub mod page_cache;
pub mod permissions;
pub mod prose;
pub mod rate_limit;
pub mod search;
pub mod telemetry;
pub mod time;
pub mod web;

#[cfg(test)]
mod tests {
    /// The platform stands under the features and never reaches up into one: a feature may be
    /// added or removed without touching it. (`lib.rs` is where they are put together.)
    #[test]
    fn the_platform_imports_no_feature() {
        let mut folders = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/platform"
        ))];
        let mut files = Vec::new();
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    files.push(path);
                }
            }
        }
        let mut reaching_up = Vec::new();
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                let mut rest = line;
                while let Some(at) = rest.find("crate::") {
                    rest = &rest[at + "crate::".len()..];
                    let module: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !matches!(
                        module.as_str(),
                        "" | "platform" | "labelled_enum" | "refusals" | "text"
                    ) {
                        reaching_up.push(format!("{}:{}: {line}", path.display(), n + 1));
                    }
                }
            }
        }
        assert!(reaching_up.is_empty(), "{}", reaching_up.join("\n"));
    }
}
