//! Danish first, English second. Every user-facing string lives in [`Strings`], whose two
//! instances the compiler requires to be complete; enum labels come from [`labelled_enum!`].

use axum::extract::Request;
use axum::http::header;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Da,
    En,
}

pub const LANG_COOKIE: &str = "medspil_lang";

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "da" => Some(Lang::Da),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Da => Lang::En,
            Lang::En => Lang::Da,
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Da => &DA,
            Lang::En => &EN,
        }
    }

    /// The language chosen with the switch (a cookie), else the browser's preference among
    /// Danish and English, else Danish.
    pub fn of_request(request: &Request) -> Lang {
        Lang::of_headers(request.headers())
    }

    pub fn of_headers(headers: &axum::http::HeaderMap) -> Lang {
        if let Some(lang) = crate::platform::web::cookie(headers, LANG_COOKIE).and_then(Lang::parse)
        {
            return lang;
        }
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Lang::from_accept_language)
            .unwrap_or_default()
    }

    pub fn from_accept_language(value: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in value.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let lang = match primary {
                "da" | "nb" | "no" | "nn" | "sv" => Lang::Da,
                "en" => Lang::En,
                _ => continue,
            };
            if best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

/// Declares an enum of domain values, each with a stable code (stored and used in the API) and
/// a Danish and an English label.
#[macro_export]
macro_rules! labelled_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident = $code:literal => ($da:literal, $en:literal),)+ }) => {
        $(#[$meta])*
        /// Serialised as the snake_case of the variant, which must equal its code (tested).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            pub fn parse(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            pub fn label(self, lang: $crate::platform::i18n::Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$variant, $crate::platform::i18n::Lang::Da) => $da,
                      ($name::$variant, $crate::platform::i18n::Lang::En) => $en,)+
                }
            }

            /// Code and label of every value, for select boxes.
            pub fn options(lang: $crate::platform::i18n::Lang) -> Vec<(&'static str, &'static str)> {
                Self::ALL.iter().map(|v| (v.code(), v.label(lang))).collect()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

macro_rules! strings {
    ($($key:ident: $da:literal, $en:literal;)+) => {
        /// Every user-facing string of the interface.
        pub struct Strings { $(pub $key: &'static str,)+ }
        pub static DA: Strings = Strings { $($key: $da,)+ };
        pub static EN: Strings = Strings { $($key: $en,)+ };
    };
}

include!("strings.rs");
