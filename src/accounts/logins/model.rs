//! What a login through an OpenID provider tells Medspil about a person, reduced to the facts
//! it needs; and the roles their groups give them.

use super::super::model::{normalise_email, valid_email};
use crate::platform::auth::{Assurance, MembershipRole};
use crate::platform::oidc::{Audience, Claims, ProviderConfig};
use crate::refusals;
use jiff::civil::Date;

/// The age from which a person may use Medspil on their own (the digital consent age Denmark
/// set under the GDPR's article 8).
pub const CONSENT_AGE: i16 = 15;

refusals! {
    /// Why a login through a provider is refused.
    pub enum LoginRefusal {
        /// The provider's token shows someone younger than the consent age.
        TooYoung = "login_too_young" => |s| s.err_login_too_young,
        /// The login belongs to another account here.
        LinkedElsewhere = "login_linked_elsewhere" => |s| s.err_login_linked_elsewhere,
        /// The last way to log in to an account is not taken away.
        LastLogin = "login_last" => |s| s.err_login_last,
        /// The provider named nobody (no subject, or for employees no address of the
        /// municipality's).
        Unidentified = "login_unidentified" => |s| s.err_login_unidentified,
        /// A citizens' provider did not say how old the person is.
        AgeUnknown = "login_age_unknown" => |s| s.err_login_age_unknown,
        /// The account has a login through this provider already.
        ProviderLinked = "login_provider_linked" => |s| s.err_login_provider_linked,
    }
}

/// Who a provider vouched for, as Medspil keeps it: never the whole token (which can carry a
/// CPR number or a birth date), only the subject and the facts needed.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Identity {
    pub provider: String,
    /// The provider's (pseudonymous) identifier of the person.
    pub subject: String,
    /// The name the token gives, for a new account.
    pub name: Option<String>,
    /// The name a citizens' provider (MitID) vouches for; an employee login's name is only
    /// what their employer calls them.
    pub verified_name: Option<String>,
    /// Whether the provider showed the person is at least [`CONSENT_AGE`]; `None` when it did
    /// not say.
    pub at_least_15: Option<bool>,
    pub assurance: Assurance,
    /// For an employee login, the work address the provider vouches for.
    pub email: Option<String>,
    /// For an employee login, the groups that give roles (only those configured).
    pub groups: Vec<String>,
}

fn text<'a>(claims: &'a Claims, name: &str) -> Option<&'a str> {
    claims
        .get(name)
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// Whole years from `born` to `today`.
pub fn age(born: Date, today: Date) -> i16 {
    let mut years = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

/// The identity a provider's checked claims describe, or why it cannot log in.
pub fn identity(
    p: &ProviderConfig,
    claims: &Claims,
    today: Date,
) -> Result<Identity, LoginRefusal> {
    let subject = text(claims, "sub").ok_or(LoginRefusal::Unidentified)?;
    let at_least_15 = match text(claims, "birthdate").and_then(|b| b.parse::<Date>().ok()) {
        Some(born) if age(born, today) < CONSENT_AGE => return Err(LoginRefusal::TooYoung),
        Some(_) => Some(true),
        None if p.audience == Audience::Citizens => return Err(LoginRefusal::AgeUnknown),
        None => None,
    };
    let name = text(claims, "name").map(|n| n.chars().take(200).collect::<String>());
    let (verified_name, email, groups) = match p.audience {
        Audience::Citizens => (name.clone(), None, Vec::new()),
        Audience::Employees => {
            let unverified = claims.get("email_verified") == Some(&serde_json::Value::Bool(false));
            let email = ["email", "preferred_username", "upn"]
                .iter()
                .filter_map(|c| text(claims, c))
                .map(normalise_email)
                .filter(|e| !unverified && valid_email(e))
                .find(|e| p.vouches_for(e))
                .ok_or(LoginRefusal::Unidentified)?;
            let groups = claims
                .get(&p.groups_claim)
                .and_then(|g| g.as_array())
                .into_iter()
                .flatten()
                .filter_map(|g| g.as_str())
                .filter(|g| p.group_roles.iter().any(|r| r.group == *g))
                .map(String::from)
                .collect();
            (None, Some(email), groups)
        }
    };
    Ok(Identity {
        provider: p.name.clone(),
        subject: subject.chars().take(255).collect(),
        name,
        verified_name,
        at_least_15,
        assurance: p.assurance_of(text(claims, "acr")),
        email,
        groups,
    })
}

/// The roles in units the identity's groups give, by unit name: the strongest where two
/// groups name the same unit.
pub fn unit_roles(p: &ProviderConfig, groups: &[String]) -> Vec<(String, MembershipRole)> {
    let rank = |r: MembershipRole| MembershipRole::ALL.iter().position(|x| *x == r);
    let mut roles: Vec<(String, MembershipRole)> = Vec::new();
    for grant in p.group_roles.iter().filter(|g| groups.contains(&g.group)) {
        match roles.iter_mut().find(|(unit, _)| *unit == grant.unit) {
            Some((_, role)) if rank(grant.role) > rank(*role) => *role = grant.role,
            Some(_) => {}
            None => roles.push((grant.unit.clone(), grant.role)),
        }
    }
    roles
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::oidc::settings::{Setting, providers};
    use serde_json::json;

    fn provider(lines: &[&str]) -> ProviderConfig {
        let settings: Vec<Setting> = lines.iter().map(|l| Setting::parse(l).unwrap()).collect();
        providers(&settings).unwrap().remove(0)
    }

    fn mitid() -> ProviderConfig {
        provider(&[
            "mitid.issuer=https://broker.example",
            "mitid.client_id=c",
            "mitid.client_secret=s",
            "mitid.acr_levels=urn:substantial=substantial",
        ])
    }

    fn sso() -> ProviderConfig {
        provider(&[
            "aarhus.issuer=https://sso.example",
            "aarhus.client_id=c",
            "aarhus.client_secret=s",
            "aarhus.audience=employees",
            "aarhus.email_domains=aarhus.dk",
            "aarhus.assurance=substantial",
            "aarhus.group_roles=nv=Natur og Vej:employee;nv-lead=Natur og Vej:leader;bu=Børn og Unge:member",
        ])
    }

    fn claims(v: serde_json::Value) -> Claims {
        v.as_object().unwrap().clone()
    }

    const TODAY: Date = jiff::civil::date(2026, 12, 7);

    #[test]
    fn a_citizen_is_kept_as_subject_name_age_and_assurance_only() {
        let c = claims(json!({
            "sub": "abc", "name": "Jeppe Holm", "birthdate": "1988-04-02",
            "acr": "urn:substantial", "dk:cpr": "0204881234", "email": "j@example.org",
        }));
        let id = identity(&mitid(), &c, TODAY).unwrap();
        assert_eq!(
            id,
            Identity {
                provider: "mitid".into(),
                subject: "abc".into(),
                name: Some("Jeppe Holm".into()),
                verified_name: Some("Jeppe Holm".into()),
                at_least_15: Some(true),
                assurance: Assurance::Substantial,
                email: None,
                groups: vec![],
            }
        );
        let unknown_acr =
            claims(json!({"sub": "abc", "birthdate": "1988-04-02", "acr": "urn:other"}));
        assert_eq!(
            identity(&mitid(), &unknown_acr, TODAY).unwrap().assurance,
            Assurance::Low
        );
    }

    #[test]
    fn nobody_under_15_logs_in() {
        let turning_15_tomorrow = claims(json!({"sub": "k", "birthdate": "2011-12-08"}));
        assert_eq!(
            identity(&mitid(), &turning_15_tomorrow, TODAY),
            Err(LoginRefusal::TooYoung)
        );
        let fifteen_today = claims(json!({"sub": "k", "birthdate": "2011-12-07"}));
        assert!(identity(&mitid(), &fifteen_today, TODAY).is_ok());
        assert_eq!(
            identity(&mitid(), &claims(json!({"name": "x"})), TODAY),
            Err(LoginRefusal::Unidentified)
        );
        assert_eq!(
            identity(&mitid(), &claims(json!({"sub": "k"})), TODAY),
            Err(LoginRefusal::AgeUnknown),
            "a citizen whose age the broker does not give is not let in"
        );
    }

    #[test]
    fn an_employee_brings_their_address_and_the_configured_groups() {
        let c = claims(json!({
            "sub": "e1", "name": "Birgitte", "email": "Birgitte@Aarhus.dk",
            "groups": ["nv", "everyone", "nv-lead", "bu"],
        }));
        let id = identity(&sso(), &c, TODAY).unwrap();
        assert_eq!(id.email.as_deref(), Some("birgitte@aarhus.dk"));
        assert_eq!(id.name.as_deref(), Some("Birgitte"));
        assert_eq!(id.verified_name, None, "an employer vouches for no name");
        assert_eq!(id.groups, vec!["nv", "nv-lead", "bu"]);
        assert_eq!(id.assurance, Assurance::Substantial);
        assert_eq!(
            unit_roles(&sso(), &id.groups),
            vec![
                ("Natur og Vej".to_string(), MembershipRole::Leader),
                ("Børn og Unge".to_string(), MembershipRole::Member),
            ]
        );
        let no_address = claims(json!({"sub": "e2", "name": "x"}));
        assert_eq!(
            identity(&sso(), &no_address, TODAY),
            Err(LoginRefusal::Unidentified)
        );
        let guest = claims(json!({"sub": "e3", "email": "alice@gmail.com"}));
        assert_eq!(
            identity(&sso(), &guest, TODAY),
            Err(LoginRefusal::Unidentified),
            "a guest in the tenant is nobody's employee here"
        );
        let unverified =
            claims(json!({"sub": "e4", "email": "b@aarhus.dk", "email_verified": false}));
        assert_eq!(
            identity(&sso(), &unverified, TODAY),
            Err(LoginRefusal::Unidentified)
        );
    }
}
