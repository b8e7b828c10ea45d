//! The seed's examples as data (`aarhus.toml`) and how they are loaded: people and
//! organisations as records, everything they then do through the features' actions, in the
//! name of the one who does it.

use super::*;
use crate::actors::actions as actor_actions;
use crate::initiatives::actions::{self as initiative_actions, Adopts, Edit, Start};
use crate::mobilisation::actions::{self as mobilisation_actions, PledgeRequest};
use crate::platform::auth::{Viewer, viewer_of_user};
use crate::platform::error::FieldErrors;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

static SCENARIO: LazyLock<Scenario> = LazyLock::new(|| {
    basic_toml::from_str(include_str!("aarhus.toml")).expect("aarhus.toml reads (tested)")
});

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    people: Vec<Person>,
    organisations: Vec<Organisation>,
    initiatives: Vec<InitiativePlan>,
    needs: Vec<NeedPlan>,
    offers: Vec<OfferPlan>,
    pledges: Vec<PledgePlan>,
    calls: Vec<CallPlan>,
    events: Vec<EventPlan>,
    spaces: Vec<SpacePlan>,
    bookings: Vec<BookingPlan>,
    pools: Vec<PoolPlan>,
    proposals: Vec<ProposalPlan>,
    requests: Vec<RequestPlan>,
    agreements: Vec<AgreementPlan>,
    indicators: Vec<IndicatorPlan>,
    measurements: Vec<MeasurementPlan>,
    surveys: Vec<SurveyPlan>,
    learning: Vec<LearningPlan>,
    tip_categories: Vec<CategoryPlan>,
    tips: Vec<TipPlan>,
    workshops: Vec<WorkshopPlan>,
    debates: Vec<DebatePlan>,
    registers: Vec<RegisterPlan>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Person {
    key: String,
    name: String,
    email: String,
    #[serde(default)]
    neighbourhood: String,
    role: Option<PlatformRole>,
    /// Who they are, for the list of demo logins; people without one are not listed.
    login: Option<String>,
    /// What their profile says of them.
    #[serde(default)]
    about: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Organisation {
    key: String,
    kind: ActorKind,
    name: String,
    about: String,
    #[serde(default)]
    neighbourhood: String,
    /// The department a municipal unit belongs to.
    parent: Option<String>,
    #[serde(default)]
    members: Vec<Member>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Member {
    person: String,
    role: MembershipRole,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct InitiativePlan {
    key: Option<String>,
    by: String,
    /// The actor that starts it: `by` themself when not given.
    #[serde(rename = "for")]
    starter: Option<String>,
    title: String,
    purpose: String,
    #[serde(default)]
    description: String,
    theme: Theme,
    #[serde(default)]
    address: String,
    #[serde(default)]
    neighbourhood: String,
    coordinates: Option<(f64, f64)>,
    stage: Stage,
    commitment: Commitment,
    value_goals: Vec<ValueGoal>,
    leadership_mode: LeadershipMode,
    department: Option<String>,
    /// Who accepts, for the department, that it is anchored there, when its starter does not
    /// speak for the department; without one, the anchoring waits.
    anchored_by: Option<String>,
    #[serde(default)]
    expectations: String,
    /// The steps of its life it has taken since it was an idea.
    #[serde(default)]
    status: Vec<Status>,
    #[serde(default)]
    participants: Vec<Participation>,
    /// Its starter later gave it to another participant.
    transfer: Option<Transfer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Participation {
    actor: String,
    /// Who joins for the actor: the actor themself when it is a person.
    by: Option<String>,
    role: ParticipantRole,
    #[serde(default)]
    expectations: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Transfer {
    to: String,
    reason: String,
}

#[derive(Deserialize)]
struct NeedPlan {
    key: Option<String>,
    initiative: String,
    by: String,
    #[serde(flatten)]
    draft: NeedDraft,
}

#[derive(Deserialize)]
struct OfferPlan {
    key: Option<String>,
    actor: String,
    by: Option<String>,
    #[serde(flatten)]
    draft: OfferDraft,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PledgePlan {
    need: String,
    actor: String,
    by: Option<String>,
    offer: Option<String>,
    amount: Option<i64>,
    #[serde(default)]
    message: String,
    /// Who of the initiative accepted it, and what they recorded as given.
    accepted: Option<AcceptedPlan>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AcceptedPlan {
    by: String,
    given: i64,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CallPlan {
    initiative: String,
    by: String,
    title: String,
    message: String,
}

/// The demo's logins: e-mail and who they are.
pub fn logins() -> impl Iterator<Item = (&'static str, &'static str)> {
    SCENARIO
        .people
        .iter()
        .filter_map(|p| Some((p.email.as_str(), p.login.as_deref()?)))
}

/// Who and what the demo data has made so far, by the keys the data names them with.
#[derive(Default)]
pub(super) struct Cast {
    /// A person's user and actor.
    people: HashMap<String, (i64, i64)>,
    actors: HashMap<String, i64>,
    initiatives: HashMap<String, i64>,
    needs: HashMap<String, i64>,
    offers: HashMap<String, i64>,
    /// An event's start and end.
    pub(super) events: HashMap<String, (i64, i64)>,
    pub(super) items: HashMap<String, i64>,
    pub(super) spaces: HashMap<String, i64>,
}

fn named(map: &HashMap<String, i64>, key: &str, what: &str) -> AppResult<i64> {
    map.get(key)
        .copied()
        .ok_or_else(|| AppError::Internal(format!("demo data: no {what} called {key:?}")))
}

impl Cast {
    fn person_ids(&self, person: &str) -> AppResult<(i64, i64)> {
        self.people
            .get(person)
            .copied()
            .ok_or_else(|| AppError::Internal(format!("demo data: no person called {person:?}")))
    }

    pub(super) fn user(&self, person: &str) -> AppResult<i64> {
        Ok(self.person_ids(person)?.0)
    }

    pub(super) fn person(&self, person: &str) -> AppResult<i64> {
        Ok(self.person_ids(person)?.1)
    }

    /// A person or an organisation.
    pub(super) fn actor(&self, key: &str) -> AppResult<i64> {
        named(&self.actors, key, "actor")
    }

    pub(super) fn initiative(&self, key: &str) -> AppResult<i64> {
        named(&self.initiatives, key, "initiative")
    }

    pub(super) fn item(&self, key: &str) -> AppResult<i64> {
        named(&self.items, key, "item")
    }

    pub(super) fn space(&self, key: &str) -> AppResult<i64> {
        named(&self.spaces, key, "space")
    }

    pub(super) fn event(&self, key: &str) -> AppResult<(i64, i64)> {
        self.events
            .get(key)
            .copied()
            .ok_or_else(|| AppError::Internal(format!("demo data: no event called {key:?}")))
    }

    /// The person as the viewer of an action done in their name.
    pub(super) async fn viewer(&self, db: &Db, person: &str) -> AppResult<Viewer> {
        viewer_of_user(db, self.user(person)?).await
    }
}

/// Who acts for an actor when the data names no one: the actor, when it is a person.
fn acting<'a>(by: &'a Option<String>, actor: &'a str) -> &'a str {
    by.as_deref().unwrap_or(actor)
}

/// A step the rules refused: the load stops and says which.
pub(super) fn refused(step: &str) -> impl FnOnce(AppError) -> AppError + '_ {
    move |e| AppError::Internal(format!("demo data: {step}: {e}"))
}

/// Whether the demo accounts exist in this database.
pub async fn is_loaded(db: &Db) -> AppResult<bool> {
    let first = &SCENARIO.people[0].email;
    Ok(accounts::person_by_email(db, first).await?.is_some())
}

/// Loads the seed's examples into an empty database.
pub async fn load(db: &Db) -> AppResult<()> {
    let mut cast = Cast::default();
    let s = &*SCENARIO;
    let password_hash = crate::platform::auth::hash_password(PASSWORD.into()).await?;
    for p in &s.people {
        register(db, &mut cast, p, &password_hash).await?;
    }
    for o in &s.organisations {
        organisation(db, &mut cast, o).await?;
    }
    for i in &s.initiatives {
        initiative(db, &mut cast, i, None).await?;
    }
    for n in &s.needs {
        let viewer = cast.viewer(db, &n.by).await?;
        let id = cast.initiative(&n.initiative)?;
        let need = mobilisation_actions::add_need(db, &viewer, id, Ok(n.draft.clone()))
            .await
            .map_err(refused(&n.draft.title))?;
        if let Some(key) = &n.key {
            cast.needs.insert(key.clone(), need);
        }
    }
    for o in &s.offers {
        let viewer = cast.viewer(db, acting(&o.by, &o.actor)).await?;
        let actor = cast.actor(&o.actor)?;
        let draft = o.draft.clone();
        let offer = mobilisation_actions::add_offer(db, &viewer, actor, draft, OfferStatus::Active)
            .await
            .map_err(refused(&o.draft.title))?;
        if let Some(key) = &o.key {
            cast.offers.insert(key.clone(), offer);
        }
    }
    for p in &s.pledges {
        let viewer = cast.viewer(db, acting(&p.by, &p.actor)).await?;
        let request = PledgeRequest {
            actor_id: Some(cast.actor(&p.actor)?),
            offer_id: p
                .offer
                .as_deref()
                .map(|o| named(&cast.offers, o, "offer"))
                .transpose()?,
            amount: p.amount,
            message: p.message.clone(),
        };
        let need = named(&cast.needs, &p.need, "need")?;
        let pledge = mobilisation_actions::pledge(db, &viewer, need, request, FieldErrors::new())
            .await
            .map_err(refused(&p.message))?;
        if let Some(a) = &p.accepted {
            let editor = cast.viewer(db, &a.by).await?;
            mobilisation_actions::record_decision(db, &editor, pledge, true, "")
                .await
                .map_err(refused(&p.message))?;
            let given = mobilisation_actions::Contribution {
                amount: Some(a.given),
                given_on: Ok(None),
                note: &a.note,
                beyond_confirmed: false,
            };
            mobilisation_actions::contribute(db, &editor, pledge, given)
                .await
                .map_err(refused(&a.note))?;
        }
    }
    for c in &s.calls {
        let viewer = cast.viewer(db, &c.by).await?;
        let draft = CallDraft {
            title: c.title.clone(),
            message: c.message.clone(),
        };
        let id = cast.initiative(&c.initiative)?;
        mobilisation_actions::publish_call(db, &viewer, id, draft)
            .await
            .map_err(refused(&c.title))?;
    }
    address_register(db).await?;
    for e in &s.events {
        event(db, &mut cast, e).await?;
    }
    for p in &s.spaces {
        space(db, &mut cast, p).await?;
    }
    for b in &s.bookings {
        booking(db, &cast, b).await?;
    }
    for p in &s.pools {
        pool(db, &cast, p).await?;
    }
    for p in &s.proposals {
        proposal(db, &cast, p).await?;
    }
    for r in &s.requests {
        request(db, &cast, r).await?;
    }
    for a in &s.agreements {
        agreement(db, &cast, a).await?;
    }
    for i in &s.indicators {
        indicator(db, &cast, i).await?;
    }
    for m in &s.measurements {
        measurement(db, &cast, m).await?;
    }
    for v in &s.surveys {
        survey(db, &cast, v).await?;
    }
    for l in &s.learning {
        learning(db, &cast, l).await?;
    }
    for c in &s.tip_categories {
        tip_category(db, &cast, c).await?;
    }
    for t in &s.tips {
        tip(db, &cast, t).await?;
    }
    for w in &s.workshops {
        workshop(db, &mut cast, w).await?;
    }
    for d in &s.debates {
        debate(db, &cast, d).await?;
    }
    for r in &s.registers {
        association_register(db, &cast, r).await?;
    }
    // What its people were told is part of the data the demo leaves, in their inboxes; their
    // addresses are invented, so no mail waits for them.
    crate::following::fanout::settle(db).await
}

/// A person of the demo, with their account; every account has the one demo password.
async fn register(db: &Db, cast: &mut Cast, p: &Person, password_hash: &str) -> AppResult<()> {
    let r = Registration {
        name: p.name.clone(),
        email: p.email.clone(),
        password: PASSWORD.into(),
        neighbourhood: p.neighbourhood.clone(),
    };
    let role = p.role.unwrap_or(PlatformRole::Citizen);
    let (user, person) = accounts::register_hashed(db, &r, password_hash, role, true)
        .await?
        .ok_or_else(|| AppError::Internal(format!("{} exists", p.email)))?;
    cast.people.insert(p.key.clone(), (user, person));
    cast.actors.insert(p.key.clone(), person);
    if !p.about.is_empty() {
        let draft = OrganisationDraft {
            name: p.name.clone(),
            about: p.about.clone(),
            neighbourhood: p.neighbourhood.clone(),
            website: String::new(),
        };
        let viewer = cast.viewer(db, &p.key).await?;
        actor_actions::edit(db, &viewer, person, draft)
            .await
            .map_err(refused(&p.name))?;
    }
    Ok(())
}

async fn organisation(db: &Db, cast: &mut Cast, o: &Organisation) -> AppResult<()> {
    let draft = OrganisationDraft {
        name: o.name.clone(),
        about: o.about.clone(),
        neighbourhood: o.neighbourhood.clone(),
        website: String::new(),
    };
    let parent = o.parent.as_deref().map(|p| cast.actor(p)).transpose()?;
    let mut tx = db.begin().await?;
    let id = actors::create_organisation(&mut tx, o.kind, &draft, parent).await?;
    for m in &o.members {
        actors::add_membership(&mut tx, id, cast.person(&m.person)?, m.role).await?;
    }
    tx.commit().await?;
    cast.actors.insert(o.key.clone(), id);
    Ok(())
}

/// Starts the initiative `p` plans, taking up a tip or an idea when it `adopts` one.
pub(super) async fn initiative(
    db: &Db,
    cast: &mut Cast,
    p: &InitiativePlan,
    adopts: Option<Adopts>,
) -> AppResult<()> {
    let viewer = cast.viewer(db, &p.by).await?;
    let mut draft = InitiativeDraft {
        title: p.title.clone(),
        purpose: p.purpose.clone(),
        description: p.description.clone(),
        theme: p.theme,
        address: p.address.clone(),
        neighbourhood: p.neighbourhood.clone(),
        coordinates: p.coordinates,
        stage: p.stage,
        commitment: p.commitment,
        value_goals: p.value_goals.clone(),
        leadership_mode: p.leadership_mode,
        department_id: p.department.as_deref().map(|d| cast.actor(d)).transpose()?,
    };
    // Asked of the department in silence, as the demo's people are invented.
    let asked = initiative_actions::unanchored(db, &viewer, &mut draft, None).await?;
    let start = Start {
        draft: Ok(draft),
        starter_id: cast.actor(p.starter.as_deref().unwrap_or(&p.by))?,
        expectations: p.expectations.clone(),
        adopts,
    };
    let step = refused(&p.title);
    let id = initiative_actions::start(db, &viewer, start)
        .await
        .map_err(step)?;
    if let Some(department) = asked {
        anchoring(db, cast, &viewer, id, department, p.anchored_by.as_deref())
            .await
            .map_err(refused(&p.title))?;
    }
    for &to in &p.status {
        let edit = Edit {
            status: Some(to),
            ..Edit::default()
        };
        initiative_actions::edit(db, &viewer, id, edit)
            .await
            .map_err(refused(&p.title))?;
    }
    for j in &p.participants {
        let by = cast.viewer(db, acting(&j.by, &j.actor)).await?;
        let actor = cast.actor(&j.actor)?;
        initiative_actions::join(db, &by, id, actor, j.role, &j.expectations)
            .await
            .map_err(refused(&p.title))?;
    }
    if let Some(t) = &p.transfer {
        initiative_actions::transfer(db, &viewer, id, cast.actor(&t.to)?, &t.reason)
            .await
            .map_err(refused(&p.title))?;
    }
    if let Some(key) = &p.key {
        cast.initiatives.insert(key.clone(), id);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The data reads, and every key it names is one it defines.
    #[test]
    fn the_scenario_reads_and_names_only_what_it_defines() {
        let s = &*SCENARIO;
        let people: Vec<&str> = s.people.iter().map(|p| p.key.as_str()).collect();
        let mut actors = people.clone();
        actors.extend(s.organisations.iter().map(|o| o.key.as_str()));
        let initiatives: Vec<&str> = s
            .initiatives
            .iter()
            .filter_map(|i| i.key.as_deref())
            .collect();
        for i in &s.initiatives {
            assert!(people.contains(&i.by.as_str()), "{}", i.by);
            for j in &i.participants {
                assert!(actors.contains(&j.actor.as_str()), "{}", j.actor);
            }
        }
        for n in &s.needs {
            assert!(
                initiatives.contains(&n.initiative.as_str()),
                "{}",
                n.initiative
            );
        }
        for o in &s.offers {
            assert!(actors.contains(&o.actor.as_str()), "{}", o.actor);
        }
        assert_eq!(
            logins().next(),
            Some(("admin@medspil.dk", "platform admin"))
        );
    }
}
