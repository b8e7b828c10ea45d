//! The rules of an account's life: what a registration and a password must be, how long a
//! link sent by mail works, how failed logins slow the next attempt down, and the mails an
//! account is sent.

use crate::platform::error::{FieldErrors, Text};
use crate::platform::input::check_line;
use crate::platform::mail::{Mail, in_both};
use crate::{refusals, text};

refusals! {
    pub enum AccountRefusal {
        /// Another account took the address before this one confirmed it.
        EmailTaken = "email_taken" => |s| s.err_email_taken,
        /// The platform keeps at least one administrator.
        LastAdmin = "last_admin" => |s| s.err_last_admin,
    }
}

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 1024;

/// E-mail addresses are compared trimmed and lower-cased.
pub fn normalise_email(email: &str) -> String {
    crate::platform::input::printable(email).to_lowercase()
}

pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
        && !domain.contains('@')
}

/// Normalises an address in place; its problem, if any.
pub fn check_email(email: &mut String) -> Option<Text> {
    *email = normalise_email(email);
    (!valid_email(email)).then(|| text!(err_email))
}

/// A new password's problem, if any.
pub fn check_password(password: &str) -> Option<Text> {
    let n = password.chars().count();
    if n < PASSWORD_MIN {
        Some(text!(err_password_short(PASSWORD_MIN)))
    } else if n > PASSWORD_MAX {
        Some(text!(err_too_long(PASSWORD_MAX)))
    } else {
        None
    }
}

pub struct Registration {
    pub name: String,
    pub email: String,
    pub password: String,
    pub neighbourhood: String,
}

impl Registration {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_line(&mut errors, "name", &mut self.name, true, 120);
        check_line(
            &mut errors,
            "neighbourhood",
            &mut self.neighbourhood,
            false,
            120,
        );
        if let Some(problem) = check_email(&mut self.email) {
            errors.insert("email", problem);
        }
        if let Some(problem) = check_password(&self.password) {
            errors.insert("password", problem);
        }
        errors
    }
}

/// What a link sent by mail does when it is followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkPurpose {
    Confirm,
    Reset,
}

impl LinkPurpose {
    pub fn code(self) -> &'static str {
        match self {
            LinkPurpose::Confirm => "confirm",
            LinkPurpose::Reset => "reset",
        }
    }

    /// How long a link works: a reset link briefly, since it gives the account to whoever has
    /// it; a confirmation for as long as someone may take to open their mail.
    pub fn lifetime(self) -> i64 {
        match self {
            LinkPurpose::Confirm => 7 * 24 * 3600,
            LinkPurpose::Reset => 3600,
        }
    }

    pub fn path(self, token: &str) -> String {
        match self {
            LinkPurpose::Confirm => format!("/account/confirm/{token}"),
            LinkPurpose::Reset => format!("/password/reset/{token}"),
        }
    }
}

/// Failed logins are remembered this long.
pub const LOGIN_WINDOW: i64 = 3600;
/// Failed logins from one client that cost nothing; after them, each attempt waits.
pub const FREE_FAILURES_PER_CLIENT: i64 = 10;
/// Failed logins to one account from browsers it has not logged in from that cost nothing.
pub const FREE_FAILURES_PER_ACCOUNT: i64 = 5;
/// A browser an account has logged in from loses that standing after this many failures.
pub const FAILURES_PER_KNOWN_BROWSER: i64 = 10;
/// The longest wait between two attempts.
pub const LONGEST_WAIT: i64 = 15 * 60;

/// How many seconds must pass before the next login attempt after `failures` failed ones, the
/// last `since_last` seconds ago, when `free` of them cost nothing: the wait doubles with each
/// failure beyond those, up to [`LONGEST_WAIT`]. Never a lock: someone who waits may try again.
pub fn login_wait(failures: i64, since_last: i64, free: i64) -> i64 {
    if failures < free {
        return 0;
    }
    let wait = 1_i64 << (failures - free + 1).min(20);
    (wait.min(LONGEST_WAIT) - since_last).max(0)
}

/// Registrations from one client within an hour; more are refused until the hour has passed.
pub const REGISTRATIONS_PER_CLIENT: i64 = 10;
/// Reset links asked for from one client, and sent to one address, within an hour.
pub const RESETS_PER_CLIENT: i64 = 10;
pub const RESETS_PER_ADDRESS: i64 = 3;
/// Confirmation links sent again for one account within an hour.
pub const CONFIRMATIONS_PER_ACCOUNT: i64 = 3;

/// Why an account is sent a mail, each with its own words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountMail {
    Confirm,
    ConfirmNewAddress,
    AddressChanging,
    AlreadyRegistered,
    Reset,
    PasswordChanged,
    LoginsSlowed,
    Inactive,
}

impl AccountMail {
    pub fn code(self) -> &'static str {
        match self {
            AccountMail::Confirm => "confirm",
            AccountMail::ConfirmNewAddress => "confirm_new_address",
            AccountMail::AddressChanging => "address_changing",
            AccountMail::AlreadyRegistered => "already_registered",
            AccountMail::Reset => "reset",
            AccountMail::PasswordChanged => "password_changed",
            AccountMail::LoginsSlowed => "logins_slowed",
            AccountMail::Inactive => "inactive",
        }
    }

    /// The mail, in Danish with English below; `path` is the link it carries.
    pub fn compose(self, path: &str) -> Mail {
        let (subject_da, subject_en) = in_both(|s| s.account_mail_subject(self.code()));
        let (da, en) = in_both(|s| s.account_mail_body(self.code()));
        let (sign_da, sign_en) = in_both(|s| s.account_mail_signature.into());
        Mail {
            subject: format!("Medspil: {subject_da} / {subject_en}"),
            body: format!(
                "{da}\n{{base}}{path}\n\n{en}\n{{base}}{path}\n\n--\n{sign_da}\n{sign_en}\n"
            ),
        }
    }
}

/// A short name for what a session was started from, for the list of one's sessions:
/// "Firefox on Linux", from the browser's own description of itself.
pub fn describe_user_agent(agent: &str) -> Option<(&'static str, &'static str)> {
    const BROWSERS: &[(&str, &str)] = &[
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
        ("python", "Python"),
        ("reqwest", "reqwest"),
    ];
    const SYSTEMS: &[(&str, &str)] = &[
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ];
    let browser = BROWSERS.iter().find(|(mark, _)| agent.contains(mark))?.1;
    let system = SYSTEMS
        .iter()
        .find(|(mark, _)| agent.contains(mark))
        .map_or("", |s| s.1);
    Some((browser, system))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_logins_cost_nothing_at_first_then_ever_longer_waits_that_end() {
        assert_eq!(login_wait(4, 0, 5), 0);
        assert_eq!(login_wait(5, 0, 5), 2);
        assert_eq!(login_wait(6, 0, 5), 4);
        assert_eq!(login_wait(6, 3, 5), 1);
        assert_eq!(login_wait(6, 10, 5), 0, "whoever waits may try again");
        assert_eq!(login_wait(60, 0, 5), LONGEST_WAIT);
        assert_eq!(login_wait(60, LONGEST_WAIT, 5), 0, "never a lock");
    }

    #[test]
    fn a_registration_explains_each_problem() {
        let mut r = Registration {
            name: "  ".into(),
            email: " Jeppe@Example.DK ".into(),
            password: "kort".into(),
            neighbourhood: String::new(),
        };
        let errors = r.check();
        assert!(errors.contains_key("name") && errors.contains_key("password"));
        assert!(!errors.contains_key("email"));
        assert_eq!(r.email, "jeppe@example.dk");
    }

    #[test]
    fn a_session_is_named_by_its_browser_and_system() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(describe_user_agent(firefox), Some(("Firefox", "Linux")));
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
        assert_eq!(describe_user_agent(iphone), Some(("Safari", "iOS")));
        assert_eq!(describe_user_agent(""), None);
    }
}
