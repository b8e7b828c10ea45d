//! The OpenID providers people may log in through, as configured: each setting is
//! `NAME.KEY=VALUE`, from a `--oidc` flag or a `MEDSPIL_OIDC_<NAME>_<KEY>` environment variable.

use crate::platform::auth::{Assurance, MembershipRole};

/// One `NAME.KEY=VALUE` setting.
#[derive(Clone, Debug, PartialEq)]
pub struct Setting {
    pub provider: String,
    pub key: String,
    pub value: String,
}

impl Setting {
    /// Reads `NAME.KEY=VALUE`; names are lowercase letters and digits (they appear in addresses
    /// and in environment variable names).
    pub fn parse(s: &str) -> Result<Setting, String> {
        let (name_key, value) = s
            .split_once('=')
            .ok_or_else(|| format!("`{s}`: expected NAME.KEY=VALUE"))?;
        let (provider, key) = name_key
            .split_once('.')
            .ok_or_else(|| format!("`{s}`: expected NAME.KEY=VALUE"))?;
        if provider.is_empty()
            || !provider
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            return Err(format!(
                "`{provider}`: a provider's name is lowercase letters and digits"
            ));
        }
        Ok(Setting {
            provider: provider.into(),
            key: key.into(),
            value: value.into(),
        })
    }
}

/// The settings that environment variables `MEDSPIL_OIDC_<NAME>_<KEY>` give.
pub fn from_env(vars: impl IntoIterator<Item = (String, String)>) -> Vec<Setting> {
    let mut settings: Vec<Setting> = vars
        .into_iter()
        .filter_map(|(name, value)| {
            let rest = name.strip_prefix("MEDSPIL_OIDC_")?;
            let (provider, key) = rest.split_once('_')?;
            Some(Setting {
                provider: provider.to_ascii_lowercase(),
                key: key.to_ascii_lowercase(),
                value,
            })
        })
        .collect();
    settings.sort_by(|a, b| (&a.provider, &a.key).cmp(&(&b.provider, &b.key)));
    settings
}

/// Who logs in through a provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Citizens, through a MitID broker: an identity that is verified, but no e-mail address
    /// the provider vouches for.
    Citizens,
    /// The municipality's employees, through its single sign-on: the address is theirs, and
    /// their groups give them roles in units.
    Employees,
}

/// What membership of a group in the provider's tokens gives: a role in a municipal unit.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupRole {
    pub group: String,
    /// The unit, by name.
    pub unit: String,
    pub role: MembershipRole,
}

/// One configured provider.
#[derive(Clone, Debug)]
pub struct ProviderConfig {
    pub name: String,
    /// The button's words ("MitID", "Aarhus Kommune").
    pub label: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub audience: Audience,
    pub scopes: String,
    /// How strong a login through it is, when its token does not say (`acr`).
    pub assurance: Assurance,
    /// What its `acr` values mean.
    pub acr_levels: Vec<(String, Assurance)>,
    /// The `acr_values` to ask for (a MitID broker is told the level so), space-separated.
    pub acr_values: Option<String>,
    pub groups_claim: String,
    pub group_roles: Vec<GroupRole>,
    /// For employees: the domains whose addresses the provider vouches for (the municipality's
    /// own); an address outside them (a guest's) finds no account here.
    pub email_domains: Vec<String>,
}

impl ProviderConfig {
    /// The assurance of a login whose token names `acr`. Where the levels are configured, a
    /// value not among them counts as the lowest.
    pub fn assurance_of(&self, acr: Option<&str>) -> Assurance {
        if self.acr_levels.is_empty() {
            return self.assurance;
        }
        acr.and_then(|acr| self.acr_levels.iter().find(|(v, _)| v == acr))
            .map_or(Assurance::Low, |(_, level)| *level)
    }

    /// Whether the provider vouches for this address (an employee's, in one of its domains).
    pub fn vouches_for(&self, email: &str) -> bool {
        email
            .rsplit_once('@')
            .is_some_and(|(_, domain)| self.email_domains.iter().any(|d| d == domain))
    }
}

fn level(provider: &str, value: &str) -> Result<Assurance, String> {
    Assurance::parse(value).ok_or_else(|| {
        format!("{provider}: `{value}` is not an assurance level (low, substantial, high)")
    })
}

/// The providers the settings describe, in the order first named; later settings of the same
/// key win (flags are read after the environment).
pub fn providers(settings: &[Setting]) -> Result<Vec<ProviderConfig>, String> {
    let mut names: Vec<&str> = Vec::new();
    for s in settings {
        if !names.contains(&s.provider.as_str()) {
            names.push(&s.provider);
        }
    }
    names
        .into_iter()
        .map(|name| provider(name, settings))
        .collect()
}

fn provider(name: &str, settings: &[Setting]) -> Result<ProviderConfig, String> {
    let get = |key: &str| {
        settings
            .iter()
            .rev()
            .find(|s| s.provider == name && s.key == key)
            .map(|s| s.value.trim().to_string())
    };
    const KEYS: [&str; 12] = [
        "issuer",
        "client_id",
        "client_secret",
        "label",
        "audience",
        "scopes",
        "assurance",
        "acr_levels",
        "acr_values",
        "groups_claim",
        "group_roles",
        "email_domains",
    ];
    if let Some(s) = settings
        .iter()
        .find(|s| s.provider == name && !KEYS.contains(&s.key.as_str()))
    {
        return Err(format!("{name}: unknown setting `{}`", s.key));
    }
    let required = |key: &str| get(key).ok_or_else(|| format!("{name}: `{key}` is not set"));
    let audience = match get("audience").as_deref() {
        None | Some("citizens") => Audience::Citizens,
        Some("employees") => Audience::Employees,
        Some(other) => return Err(format!("{name}: audience `{other}` (citizens, employees)")),
    };
    let issuer = required("issuer")?;
    let loopback = issuer == "http://127.0.0.1" || issuer.starts_with("http://127.0.0.1:");
    if !(issuer.starts_with("https://") || loopback) {
        return Err(format!(
            "{name}: the issuer must be an https:// URL (or on loopback)"
        ));
    }
    let acr_levels = get("acr_levels")
        .unwrap_or_default()
        .split(';')
        .filter(|p| !p.trim().is_empty())
        .map(|pair| {
            let (acr, l) = pair
                .rsplit_once('=')
                .ok_or_else(|| format!("{name}: acr_levels is ACR=LEVEL;ACR=LEVEL"))?;
            Ok((acr.trim().to_string(), level(name, l.trim())?))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let group_roles = get("group_roles")
        .unwrap_or_default()
        .split(';')
        .filter(|p| !p.trim().is_empty())
        .map(|entry| group_role(name, entry))
        .collect::<Result<Vec<_>, String>>()?;
    let email_domains: Vec<String> = get("email_domains")
        .unwrap_or_default()
        .split([',', ';', ' '])
        .map(|d| d.trim().trim_start_matches('@').to_ascii_lowercase())
        .filter(|d| !d.is_empty())
        .collect();
    if audience == Audience::Employees && email_domains.is_empty() {
        return Err(format!(
            "{name}: `email_domains` is not set (the domains of the employees' addresses)"
        ));
    }
    Ok(ProviderConfig {
        name: name.into(),
        label: get("label").unwrap_or_else(|| name.into()),
        issuer: issuer.trim_end_matches('/').into(),
        client_id: required("client_id")?,
        client_secret: required("client_secret")?,
        audience,
        scopes: get("scopes").unwrap_or_else(|| match audience {
            Audience::Citizens => "openid profile".into(),
            Audience::Employees => "openid profile email".into(),
        }),
        assurance: match get("assurance") {
            Some(l) => level(name, &l)?,
            None => Assurance::Low,
        },
        acr_levels,
        acr_values: get("acr_values").filter(|v| !v.is_empty()),
        groups_claim: get("groups_claim").unwrap_or_else(|| "groups".into()),
        group_roles,
        email_domains,
    })
}

/// `GROUP=UNIT:ROLE`.
fn group_role(name: &str, entry: &str) -> Result<GroupRole, String> {
    let wrong = || format!("{name}: group_roles is GROUP=UNIT:ROLE;… (`{entry}`)");
    let (group, grant) = entry.split_once('=').ok_or_else(wrong)?;
    let (unit, role) = grant.rsplit_once(':').ok_or_else(wrong)?;
    let role = MembershipRole::parse(role.trim()).ok_or_else(wrong)?;
    Ok(GroupRole {
        group: group.trim().into(),
        unit: unit.trim().into(),
        role,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(lines: &[&str]) -> Vec<Setting> {
        lines.iter().map(|l| Setting::parse(l).unwrap()).collect()
    }

    #[test]
    fn a_provider_is_read_from_its_settings() {
        let p = providers(&settings(&[
            "mitid.issuer=https://broker.example/",
            "mitid.client_id=medspil",
            "mitid.client_secret=s",
            "mitid.acr_levels=urn:mitid:substantial=substantial;urn:mitid:high=high",
            "aarhus.issuer=https://login.example/tenant/v2.0",
            "aarhus.client_id=c",
            "aarhus.client_secret=s",
            "aarhus.audience=employees",
            "aarhus.email_domains=aarhus.dk",
            "aarhus.group_roles=g-nv=Natur og Vej:employee;g-bu=Børn og Unge:leader",
        ]))
        .unwrap();
        assert_eq!(p[0].name, "mitid");
        assert_eq!(p[0].issuer, "https://broker.example");
        assert_eq!(
            p[0].assurance_of(Some("urn:mitid:substantial")),
            Assurance::Substantial
        );
        assert_eq!(p[0].assurance_of(None), Assurance::Low);
        assert_eq!(p[0].assurance_of(Some("urn:other")), Assurance::Low);
        assert!(p[1].vouches_for("birgitte@aarhus.dk"));
        assert!(!p[1].vouches_for("alice@gmail.com"));
        assert!(!p[1].vouches_for("x@evil-aarhus.dk"));
        assert_eq!(p[1].audience, Audience::Employees);
        assert_eq!(
            p[1].group_roles[1],
            GroupRole {
                group: "g-bu".into(),
                unit: "Børn og Unge".into(),
                role: MembershipRole::Leader
            }
        );
    }

    #[test]
    fn mistakes_are_named_at_start() {
        let missing = providers(&settings(&["x.issuer=https://a.example"])).unwrap_err();
        assert!(missing.contains("client_id"), "{missing}");
        let unknown = providers(&settings(&["x.isuer=https://a.example"])).unwrap_err();
        assert!(unknown.contains("isuer"), "{unknown}");
        let plain = providers(&settings(&[
            "x.issuer=http://idp.example",
            "x.client_id=c",
            "x.client_secret=s",
        ]))
        .unwrap_err();
        assert!(plain.contains("https"), "{plain}");
        let lookalike = providers(&settings(&[
            "x.issuer=http://127.0.0.1.evil.example",
            "x.client_id=c",
            "x.client_secret=s",
        ]))
        .unwrap_err();
        assert!(lookalike.contains("https"), "{lookalike}");
        let no_domains = providers(&settings(&[
            "x.issuer=https://a.example",
            "x.client_id=c",
            "x.client_secret=s",
            "x.audience=employees",
        ]))
        .unwrap_err();
        assert!(no_domains.contains("email_domains"), "{no_domains}");
        assert!(Setting::parse("MitID.issuer=x").is_err());
        assert!(Setting::parse("mitid.issuer").is_err());
    }

    #[test]
    fn environment_variables_name_provider_and_key() {
        let s = from_env([
            (
                "MEDSPIL_OIDC_MITID_CLIENT_SECRET".to_string(),
                "s".to_string(),
            ),
            ("HOME".to_string(), "/root".to_string()),
        ]);
        assert_eq!(s, vec![Setting::parse("mitid.client_secret=s").unwrap()]);
    }
}
