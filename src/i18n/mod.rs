//! Interface text in zh-CN (default) and en. Each set of words is one struct and two
//! constants, so the compiler checks that every string exists in both languages; `{}` marks a
//! value filled in by [`fill`].
//!
//! Where words live: [`common`] holds the shell's words (tabs, states, errors, buttons used
//! everywhere), the shared components' and those of the screens without a folder of their own
//! (login, home, settings, not found); a feature folder (`pages/schedule`, `pages/loyalty`, …)
//! keeps its screens' words in its own `strings.rs`, read through its `use_…_strings()` hook.
//! A label per enum variant is an [`enum_text!`] struct, read by `match`, never by position.
mod common;

pub use common::{Strings, EN, ZH};

/// A supported interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    Zh,
    En,
}

impl Locale {
    /// BCP 47 tag, used for `<html lang>` and the API's `lang` parameter.
    pub const fn tag(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }

    /// The language a stored choice or a browser tag names (boot.js reads it the same way).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        match api::boot::locale_tag(tag)? {
            "en" => Some(Locale::En),
            _ => Some(Locale::Zh),
        }
    }

    pub const fn strings(self) -> &'static Strings {
        match self {
            Locale::Zh => &ZH,
            Locale::En => &EN,
        }
    }
}

/// Declares a struct with one `&'static str` field per variant of an enum, and `of`, which
/// reads it by `match`: a new variant is a compile error, never a wrong label read by position.
macro_rules! enum_text {
    // An optional choice: `None` (not given) has its own label.
    ($(#[$doc:meta])* $name:ident for Option<$enum:ty> { None => $none:ident, $($variant:ident => $field:ident),+ $(,)? }) => {
        $(#[$doc])*
        pub struct $name {
            pub $none: &'static str,
            $(pub $field: &'static str,)+
        }

        impl $name {
            /// The label of `value`.
            pub fn of(&self, value: Option<$enum>) -> &'static str {
                type E = $enum;
                match value {
                    None => self.$none,
                    $(Some(E::$variant) => self.$field,)+
                }
            }
        }
    };
    ($(#[$doc:meta])* $name:ident for $enum:ty { $($variant:ident => $field:ident),+ $(,)? }) => {
        $(#[$doc])*
        pub struct $name {
            $(pub $field: &'static str,)+
        }

        impl $name {
            /// The label of `value`.
            pub fn of(&self, value: $enum) -> &'static str {
                type E = $enum;
                match value {
                    $(E::$variant => self.$field,)+
                }
            }
        }
    };
}
pub(crate) use enum_text;

/// Replaces each `{}` in `template` with the next value.
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        out.push_str(values.next().copied().unwrap_or(""));
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

enum_text! {
    /// A prescription's state as members read it.
    RxStatusText for api::prescriptions::PrescriptionStatus {
        Uploaded => uploaded,
        Recognising => recognising,
        Recognised => recognised,
        OcrFailed => ocr_failed,
        InReview => in_review,
        Approved => approved,
        Rejected => rejected,
    }
}

enum_text! {
    /// A rejection reason's wording (members' and pharmacists' wordings differ, the shape does not).
    RejectionText for api::prescriptions::RejectionCode {
        Unreadable => unreadable,
        Expired => expired,
        MissingPatient => missing_patient,
        MissingDirections => missing_directions,
        UnknownDrug => unknown_drug,
        Other => other,
    }
}

enum_text! {
    /// A feedback category (members' and staff's wordings differ, the shape does not).
    FeedbackCategoryText for api::feedback::Category {
        Product => product,
        Service => service,
        Suggestion => suggestion,
        Complaint => complaint,
    }
}
