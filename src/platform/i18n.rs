//! Danish first, English second. Every user-facing text is a Project Fluent message in the
//! `da.ftl` and `en.ftl` beside the feature that shows it; `build.rs` makes them the
//! [`Strings`] type and refuses to build when the two languages differ. Plurals follow CLDR's
//! rules for each language. Enum labels are messages too, named by [`labelled_enum!`].

use axum::extract::Request;
use axum::http::header;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::LazyLock;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
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

    fn bundle(self) -> Bundle {
        let mut bundle = FluentBundle::new_concurrent(vec![self.code().parse().unwrap()]);
        // Direction marks around arguments would reach tests, mails and CSV; both languages
        // run left to right.
        bundle.set_use_isolating(false);
        let files = match self {
            Lang::Da => DA_FTL,
            Lang::En => EN_FTL,
        };
        for text in files {
            let resource = FluentResource::try_new(text.to_string())
                .unwrap_or_else(|_| unreachable!("build.rs parsed every file"));
            bundle
                .add_resource(resource)
                .unwrap_or_else(|e| unreachable!("build.rs refused duplicates: {e:?}"));
        }
        bundle
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
/// the message that labels it.
#[macro_export]
macro_rules! labelled_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident = $code:literal => $message:ident,)+ }) => {
        /// Serialised as the snake_case of the variant, which must equal its code (tested).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        $(#[$meta])*
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
                self.label_in(lang.strings())
            }

            pub fn label_in(self, s: &$crate::platform::i18n::Strings) -> &'static str {
                match self { $($name::$variant => s.$message,)+ }
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

type Bundle = FluentBundle<FluentResource>;

static DA: LazyLock<Strings> = LazyLock::new(|| Strings::load(Lang::Da));
static EN: LazyLock<Strings> = LazyLock::new(|| Strings::load(Lang::En));

/// A message without arguments, formatted once for the life of the process.
fn fixed(bundle: &Bundle, id: &str) -> &'static str {
    let text = format(bundle, id, None);
    Box::leak(text.into_boxed_str())
}

fn format(bundle: &Bundle, id: &str, args: Option<&FluentArgs>) -> String {
    let pattern = bundle
        .get_message(id)
        .and_then(|m| m.value())
        .unwrap_or_else(|| unreachable!("build.rs made a field only for a message with a text"));
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    debug_assert!(errors.is_empty(), "{id}: {errors:?}");
    text.into_owned()
}

/// A message's argument: a text or a number, owned or borrowed (templates borrow what they
/// pass). A number chooses the plural form.
pub trait Arg<'a> {
    fn value(self) -> FluentValue<'a>;
}

impl<'a> Arg<'a> for &'a str {
    fn value(self) -> FluentValue<'a> {
        self.into()
    }
}

impl<'a> Arg<'a> for &&'a str {
    fn value(self) -> FluentValue<'a> {
        (*self).into()
    }
}

impl<'a> Arg<'a> for String {
    fn value(self) -> FluentValue<'a> {
        self.into()
    }
}

impl<'a> Arg<'a> for &'a String {
    fn value(self) -> FluentValue<'a> {
        self.as_str().into()
    }
}

macro_rules! number_args {
    ($($n:ty),+) => {$(
        impl<'a> Arg<'a> for $n {
            fn value(self) -> FluentValue<'a> {
                self.into()
            }
        }

        impl<'a> Arg<'a> for &$n {
            fn value(self) -> FluentValue<'a> {
                (*self).into()
            }
        }

        impl<'a> Arg<'a> for &&$n {
            fn value(self) -> FluentValue<'a> {
                (**self).into()
            }
        }
    )+};
}

number_args!(i32, i64, u32, u64, usize);

impl Strings {
    fn format<'a, const N: usize>(
        &self,
        id: &str,
        args: [(&'a str, FluentValue<'a>); N],
    ) -> String {
        let args: FluentArgs = args.into_iter().collect();
        format(&self.bundle, id, Some(&args))
    }
}

include!(concat!(env!("OUT_DIR"), "/strings.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_plural_of_each_language() {
        for (lang, one, two) in [
            (Lang::En, "1 person", "2 people"),
            (Lang::Da, "1 person", "2 personer"),
        ] {
            assert_eq!(lang.strings().people_count(1), one);
            assert_eq!(lang.strings().people_count(2), two);
        }
    }

    #[test]
    fn amounts_are_counted_in_their_unit() {
        let (da, en) = (Lang::Da.strings(), Lang::En.strings());
        assert_eq!(da.quantity(1, "hours"), "1 time");
        assert_eq!(da.quantity(3, "hours"), "3 timer");
        assert_eq!(en.quantity(1, "hours"), "1 hour");
        assert_eq!(en.quantity(2, "items"), "2 items");
        assert_eq!(en.days(1), "1 day");
        assert_eq!(da.days(2), "2 dage");
    }
}
